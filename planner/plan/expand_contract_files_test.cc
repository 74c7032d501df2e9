// The files of a rename or retype: the sync trigger's directions, the indexes written again from
// the parse tree, and what is left to a person.
#include "planner/plan/expand_contract_files.h"

#include <doctest/doctest.h>

#include "planner/analysis/advisor_test_support.h"
#include "planner/plan/object_names.h"
#include "planner/sql/script_check.h"

namespace backfill {
namespace {

using namespace backfill::testing;

ExpandContractFiles FilesFor(const std::string& ddl, const std::string& requirement) {
  auto b = Bind(ddl, requirement);
  SqlVocabulary v = MakeVocabulary(b->subject, NameObjects(b->subject.table->name, b->subject.column->name, "20260101"));
  ExpandContractFiles files = BuildExpandContractFiles(b->subject, v, "20260101", English());
  for (const BundleFile& f : files.files) CheckScriptParses(f.name, f.content);
  return files;
}

const std::string& Content(const ExpandContractFiles& files, const std::string& name) {
  for (const BundleFile& f : files.files)
    if (f.name == name) return f.content;
  FAIL("no file " << name);
  static const std::string none;
  return none;
}

constexpr const char* kCustomers = R"sql(
CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, created_at timestamptz);
CREATE INDEX customers_name_idx ON customers (name text_pattern_ops);
CREATE INDEX customers_name_created_idx ON customers (name COLLATE "C" DESC NULLS LAST, created_at);
CREATE INDEX customers_lower_idx ON customers (lower(name));
CREATE INDEX customers_name_inc_idx ON customers (name) INCLUDE (created_at);
CREATE UNIQUE INDEX customers_name_key ON customers (name) WHERE created_at IS NOT NULL;
CREATE VIEW named AS SELECT id, name FROM customers;
)sql";

TEST_CASE("expand-contract files: indexes of the old column are written again for the new one") {
  ExpandContractFiles files = FilesFor(kCustomers, R"({"target": "customers.name", "kind": "rename", "to": "full_name"})");
  const std::string& copy = Content(files, "06_copy_indexes.sql");
  CHECK(Contains(copy, "CREATE INDEX CONCURRENTLY IF NOT EXISTS customers_name_idx_copy_20260101 ON public.customers USING btree "
                       "(full_name text_pattern_ops);"));
  CHECK(Contains(copy, "(full_name COLLATE \"C\" DESC NULLS LAST, created_at);"));
  CHECK(Contains(copy, "(full_name) INCLUDE (created_at);"));
  CHECK(Contains(copy, "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS customers_name_key_copy_20260101 ON public.customers USING "
                       "btree (full_name) WHERE created_at IS NOT NULL;"));
  // An expression of the old column is not rewritten: it is a person's to build, before 08 drops it.
  CHECK_FALSE(Contains(copy, "lower"));
  REQUIRE(files.by_hand.size() == 2);
  CHECK(Contains(files.by_hand[0], "index public.customers_lower_idx reads name"));
  CHECK(Contains(files.by_hand[1], "view public.named reads name"));
  // The contract gives the copies the old names back.
  const std::string& contract = Content(files, "08_contract.sql");
  CHECK(Contains(contract, "ALTER INDEX public.customers_name_idx_copy_20260101 RENAME TO customers_name_idx;"));
  CHECK(Contains(contract, "ALTER TABLE public.customers DROP COLUMN IF EXISTS name;"));
  // What is left to a person is counted before the drop: as many indexes and CHECKs must read the copy.
  CHECK(Contains(contract, "fewer indexes read the new column than the original one"));
  // Undoing the expand takes the copy's backup with it: its 'applied' entries would tell a later
  // copy that every row is done, and the contract would drop the column with its values uncopied.
  CHECK(Contains(Content(files, "80_undo_expand.sql"), "DROP TABLE IF EXISTS public.customers_full_name_backup_20260101;"));
}

// A foreign key from the old column is added again from the new one, with its actions; the
// contract gives it the old name once the old one went with the column.
TEST_CASE("expand-contract files: foreign keys of the old column are added for the new one") {
  ExpandContractFiles files = FilesFor(R"sql(
CREATE TABLE customers (id bigint PRIMARY KEY, code int UNIQUE);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_code int,
  CONSTRAINT orders_customer_fk FOREIGN KEY (customer_code) REFERENCES customers (code) MATCH FULL ON DELETE CASCADE DEFERRABLE);
)sql", R"({"target": "orders.customer_code", "kind": "retype", "to": "customer_ref", "type": "bigint"})");
  const std::string& copy = Content(files, "06_copy_indexes.sql");
  CHECK(Contains(copy, "ALTER TABLE public.orders ADD CONSTRAINT orders_customer_fk_copy_20260101 FOREIGN KEY (customer_ref) "
                       "REFERENCES public.customers (code) MATCH FULL ON DELETE CASCADE DEFERRABLE NOT VALID;"));
  CHECK(Contains(copy, "ALTER TABLE public.orders VALIDATE CONSTRAINT orders_customer_fk_copy_20260101;"));
  CHECK(Contains(Content(files, "86_undo_copy_indexes.sql"), "DROP CONSTRAINT IF EXISTS orders_customer_fk_copy_20260101;"));
  CHECK(Contains(Content(files, "08_contract.sql"),
                 "ALTER TABLE public.orders RENAME CONSTRAINT orders_customer_fk_copy_20260101 TO orders_customer_fk;"));
  CHECK(files.by_hand.empty());
}

// A unique constraint's index, copied as a plain unique index, becomes the constraint again.
TEST_CASE("expand-contract files: a unique constraint comes back as the constraint") {
  ExpandContractFiles files = FilesFor("CREATE TABLE users (id bigint PRIMARY KEY, handle text, CONSTRAINT users_handle_key UNIQUE (handle));",
                                       R"({"target": "users.handle", "kind": "rename", "to": "login"})");
  CHECK(Contains(Content(files, "06_copy_indexes.sql"), "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_handle_key_copy_20260101"));
  CHECK(Contains(Content(files, "08_contract.sql"),
                 "ALTER TABLE public.users ADD CONSTRAINT users_handle_key UNIQUE USING INDEX users_handle_key_copy_20260101;"));
}

// Without `reverse` nothing writes the old column: old versions must be gone before new ones write.
TEST_CASE("expand-contract files: the trigger copies back only when there is a way back") {
  constexpr const char* kProducts = "CREATE TABLE products (id bigint PRIMARY KEY, price numeric(12,2));";
  std::string both = Content(FilesFor(kProducts, R"({"target": "products.price", "kind": "retype", "to": "cents", "type": "bigint",
                                                     "using": "round(price * 100)::bigint", "reverse": "cents / 100.0"})"),
                             "00_expand.sql");
  CHECK(Contains(both, "NEW.cents := (SELECT round(price * 100)::bigint FROM (SELECT NEW.*) AS products);"));
  CHECK(Contains(both, "NEW.price := (SELECT cents / 100.0 FROM (SELECT NEW.*) AS products);"));
  std::string one = Content(FilesFor(kProducts, R"({"target": "products.price", "kind": "retype", "to": "cents", "type": "bigint",
                                                    "using": "round(price * 100)::bigint"})"),
                            "00_expand.sql");
  CHECK(Contains(one, "NEW.cents := (SELECT round(price * 100)::bigint"));
  CHECK_FALSE(Contains(one, "NEW.price :="));
  CHECK(Contains(one, "old versions must be gone before new ones write it"));
}

// A copy computed from other columns too is computed again when any of them changes.
TEST_CASE("expand-contract files: the copy follows every column `using` reads") {
  std::string expand = Content(FilesFor("CREATE TABLE lines (id bigint PRIMARY KEY, price numeric, qty int);",
                                        R"({"target": "lines.price", "kind": "retype", "to": "total_cents", "type": "bigint",
                                            "using": "round(price * qty * 100)::bigint"})"),
                               "00_expand.sql");
  CHECK(Contains(expand, "ELSIF (NEW.price IS DISTINCT FROM OLD.price OR NEW.qty IS DISTINCT FROM OLD.qty) AND "
                         "NEW.total_cents IS NOT DISTINCT FROM OLD.total_cents THEN"));
}

// Every name reaches the SQL quoted for where it stands, the function's search_path pinned.
TEST_CASE("expand-contract files: hostile names are quoted") {
  ExpandContractFiles files = FilesFor(R"sql(CREATE TABLE "T; --" (id int PRIMARY KEY, "a""b" text);)sql",
                                       R"({"target": "\"T; --\".\"a\"\"b\"", "kind": "rename", "to": "c'); DROP TABLE x; --"})");
  const std::string& expand = Content(files, "00_expand.sql");
  CHECK(Contains(expand, "ALTER TABLE public.\"T; --\" ADD COLUMN IF NOT EXISTS \"c'); DROP TABLE x; --\" text;"));
  CHECK(Contains(expand, "NEW.\"c'); DROP TABLE x; --\" := NEW.\"a\"\"b\";"));
  CHECK(Contains(expand, "SET search_path = pg_catalog, pg_temp"));
}

}  // namespace
}  // namespace backfill
