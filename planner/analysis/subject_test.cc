// Binding the requirement to the schema: target resolution and its errors, the key to page by,
// and the value to set.
#include "planner/analysis/subject.h"

#include <doctest/doctest.h>

#include "planner/analysis/advisors.h"
#include "planner/analysis/key_choice.h"
#include "planner/catalog/ddl_reader.h"

namespace backfill {
namespace {

const char* const kSchema = R"sql(
CREATE SCHEMA app;
CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL);
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  customer_id bigint REFERENCES customers,
  status text DEFAULT 'pending',
  note text,
  amount numeric(10,2),
  total numeric GENERATED ALWAYS AS (amount * 2) STORED,
  seq int GENERATED ALWAYS AS IDENTITY
);
CREATE VIEW open_orders AS SELECT id, status FROM orders;
CREATE MATERIALIZED VIEW order_counts AS SELECT status, count(*) FROM orders GROUP BY status;
CREATE FOREIGN TABLE remote_orders (id int, status text) SERVER elsewhere;
CREATE TABLE app.events (id int PRIMARY KEY, kind text);
CREATE TABLE logs (at timestamptz, line text);
CREATE TABLE m (id int NOT NULL, at date NOT NULL, v text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE m_1 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
)sql";

const Catalog& TestCatalog() {
  static const Catalog catalog = [] {
    std::vector<DdlNote> notes;
    return ReadSchemaText("schema.sql", kSchema, notes);
  }();
  return catalog;
}

Requirement Want(const std::string& target, std::optional<std::string> set = std::nullopt) {
  Requirement r;
  r.source = "req.json";
  r.target = ParseTargetName(target, {"req.json", 2, 3});
  r.target_place = {"req.json", 2, 3};
  r.set_sql = set;
  if (set) r.set_place = {"req.json", 3, 3};
  return r;
}

InputError BindError(const Catalog& catalog, const Requirement& r) {
  try {
    BindSubject(catalog, r);
  } catch (const InputError& e) {
    return e;
  }
  FAIL("no error binding " << r.target->Display());
  return InputError({}, "unreachable");
}

InputError BindError(const std::string& target, std::optional<std::string> set = std::string("'x'")) {
  return BindError(TestCatalog(), Want(target, set));
}

Catalog Load(const std::string& sql) {
  std::vector<DdlNote> notes;
  return ReadSchemaText("s.sql", sql, notes);
}

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("a target binds to its table, column and primary key") {
  BackfillSubject s = BindSubject(TestCatalog(), Want("orders.note", "'n/a'"));
  CHECK(s.table->name == QualifiedName{"public", "orders"});
  CHECK(s.column->name == "note");
  REQUIRE(s.key.columns.size() == 1);
  CHECK(s.key.columns[0].name == "id");
  CHECK(s.key.columns[0].type.sql == "bigint");
  CHECK(DescribeKey(s.key, Wording(Language::kEnglish)) == "primary key public.orders_pkey");
  CHECK(s.set.sql == "'n/a'");
  CHECK_FALSE(s.set_from_default);
  CHECK(s.where_defaulted);
  CHECK(s.where.sql == "note IS NULL");
}

TEST_CASE("a table outside public is found by its own name or schema-qualified") {
  CHECK(BindSubject(TestCatalog(), Want("app.events.kind", "'x'")).table->name == QualifiedName{"app", "events"});
  CHECK(BindSubject(TestCatalog(), Want("events.kind", "'x'")).table->name == QualifiedName{"app", "events"});
}

TEST_CASE("a table name in several schemas other than public must be qualified") {
  Catalog c = Load("CREATE TABLE a.t (id int PRIMARY KEY, v text);\nCREATE TABLE b.t (id int PRIMARY KEY, v text);");
  InputError e = BindError(c, Want("t.v", "'x'"));
  CHECK(std::string(e.what()) == "table t is in several schemas: a.t, b.t");
  CHECK(e.suggestion() == "qualify the target, e.g. a.t.v");
  CHECK(BindSubject(c, Want("b.t.v", "'x'")).table->name == QualifiedName{"b", "t"});
  Catalog with_public = Load("CREATE TABLE a.t (id int PRIMARY KEY, v text);\nCREATE TABLE t (id int PRIMARY KEY, v text);");
  CHECK(BindSubject(with_public, Want("t.v", "'x'")).table->name == QualifiedName{"public", "t"});
}

TEST_CASE("without `set`, the column DEFAULT is the value") {
  BackfillSubject s = BindSubject(TestCatalog(), Want("orders.status"));
  CHECK(s.set_from_default);
  CHECK(s.set.sql == "'pending'");
  InputError e = BindError("orders.note", std::nullopt);
  CHECK(Contains(e.what(), "no value to set"));
  CHECK(Contains(e.what(), "has no DEFAULT"));
  CHECK(e.place().line == 2);  // no `set` place: the target's
}

TEST_CASE("fix without `where` changes rows whose value differs") {
  Requirement r = Want("orders.note", "'x'");
  r.kind = BackfillKind::kFix;
  CHECK(BindSubject(TestCatalog(), r).where.sql == "note IS DISTINCT FROM ('x')");
}

TEST_CASE("unknown schema, table and column: errors with did-you-mean") {
  InputError schema = BindError("ap.events.kind");
  CHECK(std::string(schema.what()) == "schema ap is not in the schema file");
  CHECK(schema.suggestion() == "did you mean app?");
  CHECK(schema.place().line == 2);
  CHECK(schema.place().column == 3);
  InputError table = BindError("order.status");
  CHECK(std::string(table.what()) == "table \"order\" is not in the schema file");
  CHECK(table.suggestion() == "did you mean orders?");
  InputError column = BindError("orders.stauts");
  CHECK(std::string(column.what()) == "column stauts is not in table public.orders");
  CHECK(column.suggestion() == "did you mean status?");
  CHECK(BindError("orders.zzzzzzzzzzzz").suggestion().empty());
}

TEST_CASE("views, materialized views and foreign tables cannot be targets") {
  InputError view = BindError("open_orders.status");
  CHECK(std::string(view.what()) == "public.open_orders is a view; a backfill changes a table");
  CHECK(view.suggestion() == "target the table the view reads from");
  InputError mv = BindError("order_counts.status");
  CHECK(Contains(mv.what(), "is a materialized view"));
  CHECK(Contains(mv.suggestion(), "REFRESH MATERIALIZED VIEW"));
  InputError foreign = BindError("remote_orders.status");
  CHECK(Contains(foreign.what(), "is a foreign table"));
}

TEST_CASE("generated, identity and key columns cannot be targets") {
  InputError generated = BindError("orders.total");
  CHECK(Contains(generated.what(), "is generated"));
  CHECK(generated.suggestion() == "backfill the columns it is computed from instead");
  CHECK(Contains(BindError("orders.seq").what(), "is an identity column"));
  InputError key = BindError("orders.id");
  CHECK(Contains(key.what(), "is part of the key the backfill pages by (primary key public.orders_pkey)"));
}

TEST_CASE("a partition cannot be a target; its partitioned table can") {
  InputError partition = BindError("m_1.v");
  CHECK(std::string(partition.what()) == "public.m_1 is a partition of public.m");
  CHECK(Contains(partition.suggestion(), "target the partitioned table"));
  BackfillSubject s = BindSubject(TestCatalog(), Want("m.v", "'x'"));
  REQUIRE(s.key.columns.size() == 2);
  CHECK(s.key.columns[0].name == "id");
  CHECK(s.key.columns[1].name == "at");
}

TEST_CASE("a partitioned table's key made ON ONLY without every partition's index is refused, saying why") {
  Catalog c = Load(R"sql(
CREATE TABLE public.e (id bigint NOT NULL, v text) PARTITION BY RANGE (id);
CREATE TABLE public.e1 PARTITION OF public.e FOR VALUES FROM (0) TO (10);
ALTER TABLE ONLY public.e ADD CONSTRAINT e_pkey PRIMARY KEY (id);
)sql");
  InputError e = BindError(c, Want("e.v", "'x'"));
  CHECK(std::string(e.what()) ==
        "the unique index public.e_pkey of partitioned table public.e was made ON ONLY the table and not every partition's "
        "index is attached to it: PostgreSQL enforces it only once they all are");
  CHECK(Contains(e.suggestion(), "ALTER INDEX public.e_pkey ATTACH PARTITION"));
}

TEST_CASE("no usable key: refused as NoBatchKeyError, proposing a new key column and never an existing one") {
  InputError e = BindError("logs.line");
  CHECK(std::string(e.what()) ==
        "table public.logs has no primary key, and no unique index without WHERE or expression items, to page by");
  CHECK(Contains(e.suggestion(), "ALTER TABLE public.logs ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY;"));
  CHECK_THROWS_AS(BindSubject(TestCatalog(), Want("logs.line", "'x'")), NoBatchKeyError);
  // A NOT NULL flag is no key: many rows share its value (Matrix Synapse's users.admin, say).
  Catalog c = Load("CREATE TABLE t (admin smallint DEFAULT 0 NOT NULL, v text);");
  InputError flag = BindError(c, Want("t.v", "'x'"));
  CHECK_FALSE(Contains(flag.suggestion(), "(admin)"));
  CHECK(Contains(flag.suggestion(), "ADD PRIMARY KEY USING INDEX t_pkey;"));
}

TEST_CASE("expressions may name only the target table's columns") {
  CHECK(BindSubject(TestCatalog(), Want("orders.note", "status || amount::text")).set.columns.size() == 2);
  CHECK(BindSubject(TestCatalog(), Want("orders.note", "orders.status")).set.columns.size() == 1);
  CHECK(BindSubject(TestCatalog(), Want("orders.note", "public.orders.status")).set.columns.size() == 1);
  InputError unknown = BindError("orders.note", "stauts");
  CHECK(std::string(unknown.what()) == "`set` names column stauts, which public.orders does not have");
  CHECK(unknown.suggestion() == "did you mean status?");
  CHECK(unknown.place().line == 3);
  CHECK(Contains(BindError("orders.note", "customers.email").what(), "is not a column of public.orders"));
  CHECK(Contains(BindError("orders.note", "app.orders.status").what(), "is not a column of public.orders"));
  Requirement r = Want("orders.note", "'x'");
  r.where_sql = "nope IS NULL";
  r.where_place = {"req.json", 4, 3};
  InputError where = BindError(TestCatalog(), r);
  CHECK(Contains(where.what(), "`where` names column nope"));
  CHECK(where.place().line == 4);
}

TEST_CASE("NULL into a column that must end NOT NULL is refused") {
  Catalog c = Load("CREATE TABLE t (id int PRIMARY KEY, v text NOT NULL, w text);");
  CHECK(Contains(BindError(c, Want("t.v", "NULL")).what(), "`set` is NULL"));
  Requirement r = Want("t.w", "NULL");
  r.not_null_after = true;
  CHECK(Contains(BindError(c, r).what(), "`set` is NULL"));
  CHECK_NOTHROW(BindSubject(c, Want("t.w", "NULL")));
}

TEST_CASE("expression warnings: one sentence per call with side effects, naming the clause") {
  BackfillSubject s = BindSubject(TestCatalog(), Want("orders.note", "CASE WHEN pg_sleep(0) IS NULL THEN 'a' END"));
  auto sentences = SideEffectSentences(s, Wording(Language::kEnglish));
  REQUIRE(sentences.size() == 1);
  CHECK(sentences[0] == "`set` calls pg_sleep() on every row, which waits, holding the batch's row locks meanwhile");
}

}  // namespace backfill

namespace backfill {

// The bundle pins search_path = pg_catalog, pg_temp: the schema's own functions, types and tables
// must be written with their schema, or the first batch would fail to find them.
TEST_CASE("functions, types and tables of the user's schemas must be written schema-qualified") {
  Catalog catalog = Load(R"sql(
CREATE TYPE mood AS ENUM ('ok', 'sad');
CREATE FUNCTION normalize_email(text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower($1) $$;
CREATE TABLE customers (id bigint PRIMARY KEY, email text);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, email text, label text);
)sql");
  auto error = [&](const std::string& set) { return std::string(BindError(catalog, Want("orders.label", set)).what()); };
  auto suggestion = [&](const std::string& set) { return BindError(catalog, Want("orders.label", set)).suggestion(); };
  CHECK(Contains(error("normalize_email(email)"), "`set` names function normalize_email without its schema"));
  CHECK(suggestion("normalize_email(email)") == "write public.normalize_email");
  CHECK(Contains(error("('ok'::mood)::text"), "names type mood without its schema"));
  CHECK(Contains(error("email::citext::text"), "names type citext, which pg_catalog does not have"));
  CHECK(Contains(error("(SELECT c.email FROM customers AS c WHERE c.id = customer_id)"), "names table customers"));
  CHECK(suggestion("(SELECT c.email FROM customers AS c WHERE c.id = customer_id)") == "write public.customers");
  // Written with their schema, or built in: accepted.
  CHECK_NOTHROW(BindSubject(catalog, Want("orders.label", "public.normalize_email(email)")));
  CHECK_NOTHROW(BindSubject(catalog, Want("orders.label", "('ok'::public.mood)::text || lower(email)::text || 1::int")));
  CHECK_NOTHROW(BindSubject(catalog, Want("orders.label", "(SELECT c.email FROM public.customers AS c WHERE c.id = customer_id)")));
}

}  // namespace backfill
