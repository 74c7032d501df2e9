// Binding a rename or retype: the backfill phase is a fix of a new column, in the catalog as the
// expand phase leaves it; changes the plan cannot carry out are refused before any SQL is written.
#include "planner/analysis/expand_contract.h"

#include <doctest/doctest.h>

#include "planner/analysis/advisor_test_support.h"
#include "planner/analysis/subject.h"

namespace backfill {
namespace {

using namespace backfill::testing;

constexpr const char* kShop = R"sql(
CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL DEFAULT 'anonymous', code int UNIQUE);
CREATE TABLE products (id bigint PRIMARY KEY, price numeric(12,2));
CREATE TABLE orders (id bigint PRIMARY KEY, customer_code int REFERENCES customers (code));
CREATE TABLE m (id int NOT NULL, at date NOT NULL, v text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
)sql";

std::string ErrorOf(const std::string& requirement) {
  try {
    Bind(kShop, requirement);
  } catch (const InputError& e) {
    return e.message();
  }
  return "";
}

TEST_CASE("expand-contract: a rename is a fix of the new column, copied from the old one") {
  auto b = Bind(kShop, R"({"target": "customers.name", "kind": "rename", "to": "full_name"})");
  const BackfillSubject& s = b->subject;
  REQUIRE(s.expand);
  CHECK(s.column->name == "full_name");
  CHECK(s.column->type.sql == "text");
  CHECK_FALSE(s.column->not_null);  // added nullable: no table rewrite
  CHECK(s.requirement.kind == BackfillKind::kFix);
  CHECK(s.set.sql == "name");
  CHECK(s.requirement.not_null_after);  // the old column is NOT NULL: so is the copy, through 05
  CHECK(AppWrites(s.requirement) == AppWritePolicy::kKeep);
  CHECK(s.expand->reverse_sql == std::optional<std::string>("full_name"));
  // The table the advisors and the plan see has the new column; the schema's own does not.
  CHECK(s.table->FindColumn("full_name"));
  CHECK_FALSE(b->catalog.FindTable({"public", "customers"})->FindColumn("full_name"));
}

TEST_CASE("expand-contract: a retype casts by default, or copies `using`, and keeps `reverse`") {
  auto cast = Bind(kShop, R"({"target": "products.price", "kind": "retype", "to": "price_text", "type": "text"})");
  CHECK(cast->subject.set.sql == "CAST(price AS text)");
  CHECK_FALSE(cast->subject.expand->reverse_sql);
  auto cents = Bind(kShop, R"({"target": "products.price", "kind": "retype", "to": "price_cents", "type": "bigint",
                               "using": "round(price * 100)::bigint", "reverse": "price_cents / 100.0"})");
  CHECK(cents->subject.column->type.sql == "bigint");
  CHECK(cents->subject.set.sql == "round(price * 100)::bigint");
  CHECK(cents->subject.expand->reverse_sql == std::optional<std::string>("price_cents / 100.0"));
}

TEST_CASE("expand-contract: what the plan cannot carry out is refused, saying why") {
  CHECK(ErrorOf(R"({"target": "customers.name", "kind": "rename", "to": "code"})") ==
        "public.customers already has a column code");
  CHECK(ErrorOf(R"({"target": "customers.name", "kind": "rename", "to": "name"})") == "\"to\" names the column itself");
  CHECK(ErrorOf(R"({"target": "customers.id", "kind": "rename", "to": "customer_id"})") ==
        "a rename of a primary key column is not planned yet");
  // A key keeps its name: the copy is swapped in for it.
  CHECK(ErrorOf(R"({"target": "customers.code", "kind": "retype", "to": "code_big", "type": "bigint"})") ==
        "column code is part of key public.customers_code_key: its retype keeps the column's name, and the copy is swapped in for it");
  CHECK(ErrorOf(R"({"target": "customers.code", "kind": "rename", "to": "code_2"})") == "a rename of a referenced key column is not planned yet");
  CHECK(ErrorOf(R"({"target": "m.v", "kind": "rename", "to": "w"})") ==
        "a rename of a partitioned table's column is not planned yet");
  CHECK(ErrorOf(R"({"target": "products.id", "kind": "retype", "type": "numeric"})").empty());
  CHECK(ErrorOf(R"({"target": "m.v", "kind": "retype", "type": "bigint"})") == "a retype of a partitioned table's column is not planned yet");
  CHECK(ErrorOf(R"({"target": "products.price", "kind": "retype", "to": "c", "type": "bigint", "reverse": "cents / 100"})") ==
        "`reverse` names column cents, which public.products does not have");
}

TEST_CASE("expand-contract: a retype without \"to\" keeps the name, through a copy swapped in at the switch") {
  auto b = Bind(kShop, R"j({"target": "products.price", "kind": "retype", "type": "numeric(14,4)"})j");
  const ExpandContract& c = *b->subject.expand;
  CHECK(c.keeps_name);
  CHECK(c.new_column == "price_new");
  CHECK(c.swapped_column == "price_old");
  CHECK(b->subject.column->name == "price_new");
  CHECK_FALSE(c.reverse_sql);  // no way back is made up for a type that is not an integer widened
  CHECK_FALSE(c.key);
  // The names the copy and the original take must be free.
  CHECK(ErrorOf(R"j({"target": "customers.name", "kind": "retype", "type": "varchar(200)"})j").empty());
  auto taken = R"sql(CREATE TABLE t (id bigint PRIMARY KEY, v int, v_old int);)sql";
  try {
    Bind(taken, R"({"target": "t.v", "kind": "retype", "type": "bigint"})");
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(Contains(e.message(), "public.t already has a column v_old"));
  }
}

TEST_CASE("expand-contract: an identity column moves to the copy at the switch, so only a retype that keeps the name takes one") {
  constexpr const char* kItems = "CREATE TABLE items (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text);";
  auto b = Bind(kItems, R"({"target": "items.id", "kind": "retype", "type": "bigint"})");
  CHECK(b->subject.expand->keeps_name);
  CHECK(b->subject.expand->key);
  try {
    Bind(kItems, R"({"target": "items.name", "kind": "rename", "to": "title"})");
  } catch (const InputError&) {
    FAIL("a plain column of the same table is renamed");
  }
  try {
    Bind("CREATE TABLE items (id bigint PRIMARY KEY, n int GENERATED BY DEFAULT AS IDENTITY);",
         R"({"target": "items.n", "kind": "retype", "to": "n_big", "type": "bigint"})");
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.message() == "column n is an identity column: its values are PostgreSQL's to write, not a copy's");
    CHECK(Contains(e.suggestion(), "leave \"to\" out"));
  }
}

TEST_CASE("expand-contract: an integer primary key widened finds the key and every reference to it") {
  auto b = Bind(R"sql(
CREATE TABLE accounts (id serial PRIMARY KEY, parent_id int REFERENCES accounts (id), email text);
CREATE TABLE invoices (id bigint PRIMARY KEY, account_id int NOT NULL REFERENCES accounts);
CREATE TABLE notes (id bigint PRIMARY KEY, account_email text);
)sql", R"({"target": "accounts.id", "kind": "retype", "type": "bigint"})");
  const ExpandContract& c = *b->subject.expand;
  CHECK(c.keeps_name);
  REQUIRE(c.key);
  CHECK(c.key->index.primary);
  REQUIRE(c.key->referencing.size() == 2);  // the table's own parent_id, and invoices (through the primary key, unnamed)
  CHECK(c.forward_sql == "CAST(id AS bigint)");
  // The way back keeps the values that still fit, and leaves NULL where one does not.
  CHECK(c.reverse_sql == std::optional<std::string>("CASE WHEN id BETWEEN -2147483648 AND 2147483647 THEN CAST(id AS integer) END"));
  CHECK(b->subject.requirement.not_null_after);
}

}  // namespace
}  // namespace backfill
