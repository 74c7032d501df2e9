#include "planner/catalog/relevant_statements.h"

#include <doctest/doctest.h>

namespace backfill {
namespace {

// Which of `statements` are read for a plan of `table`, as a string of 1s and 0s.
std::string Kept(const std::vector<std::string>& statements, const std::string& schema, const std::string& table) {
  RelevantStatements relevant;
  for (const std::string& s : statements) relevant.Add(s);
  std::string kept;
  for (bool k : relevant.Decide({schema, table, {}})) kept += k ? '1' : '0';
  return kept;
}

TEST_CASE("the table, its trigger, the trigger's function defined before them, and what that writes") {
  CHECK(Kept({"CREATE FUNCTION audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO log VALUES (1); RETURN NEW; END $$",
              "CREATE TABLE log (x int)", "CREATE TABLE unrelated (x int)", "CREATE TABLE orders (id int)",
              "CREATE TRIGGER t AFTER UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION audit()"},
             "", "orders") == "11011");
}

TEST_CASE("foreign keys both ways, views, partitions and types are reached; an unrelated schema is not") {
  CHECK(Kept({"CREATE TYPE app.mood AS ENUM ('a')", "CREATE TABLE app.customers (id int PRIMARY KEY)",
              "CREATE TABLE app.orders (id int, c int REFERENCES app.customers, m app.mood) PARTITION BY RANGE (id)",
              "CREATE TABLE app.lines (o int REFERENCES app.orders)", "CREATE VIEW app.v AS SELECT * FROM app.orders",
              "CREATE TABLE app.orders_1 PARTITION OF app.orders FOR VALUES FROM (1) TO (2)",
              "CREATE TABLE other.orders (id int)", "CREATE TABLE other.lines (o int REFERENCES other.orders)"},
             "app", "orders") == "11111100");
}

TEST_CASE("an unqualified name is taken in the search_path in force") {
  RelevantStatements relevant;
  relevant.Add("CREATE TABLE a.t (id int)");
  relevant.Add("CREATE TABLE b.t (id int)");
  relevant.Add("SET search_path = b");
  relevant.SetSearchPath({"b"});
  relevant.Add("CREATE INDEX i ON t (id)");
  std::vector<bool> keep = relevant.Decide({"a", "t", {}});
  CHECK(keep == std::vector<bool>{true, false, true, false});
}

TEST_CASE("a function whose body names the table is read, but not what else its body names") {
  CHECK(Kept({"CREATE TABLE orders (id int)", "CREATE TABLE other (id int)",
              "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT count(*) FROM orders, other $$",
              "COMMENT ON FUNCTION f() IS 'counts'"},
             "", "orders") == "1011");
}

TEST_CASE("a RENAME chain is followed back to the table's first name") {
  CHECK(Kept({"CREATE TABLE old_orders (id int)", "CREATE INDEX i ON old_orders (id)",
              "ALTER TABLE old_orders RENAME TO orders", "CREATE TABLE unrelated (id int)"},
             "", "orders") == "1110");
}

TEST_CASE("kept when unsure: the search_path, unfamiliar statements, a table created twice, a name like the table's") {
  CHECK(Kept({"SET search_path = app", "SET SCHEMA 'app'", "RESET search_path", "DROP TABLE x", "CREATE TABLE orders (id int)",
              "CREATE TABLE t (id int)", "CREATE TABLE t (id int)", "CREATE TABLE u (id int, CONSTRAINT orders_id_key CHECK (true))",
              "CREATE TABLE v AS SELECT 1", "CREATE TABLE w (id int)", "LISTEN x"},
             "", "orders") == "11111111101");
}

TEST_CASE("statements the catalog does not read are not kept for their own sake") {
  CHECK(Kept({"SET statement_timeout = 0", "SET client_encoding = 'UTF8'", "RESET ALL", "CREATE EXTENSION citext",
              "CREATE SCHEMA app", "ALTER SCHEMA app OWNER TO admin", "CREATE OPERATOR === (leftarg = int, rightarg = int, function = int4eq)",
              "CREATE TABLE orders (id int)"},
             "", "orders") == "00000001");
}

TEST_CASE("SET SCHEMA sets the search_path that unqualified names are taken in") {
  RelevantStatements relevant;
  relevant.Add("CREATE TABLE a.t (id int)");
  relevant.Add("CREATE TABLE b.t (id int)");
  relevant.Add("SET SCHEMA 'b'");
  CHECK(relevant.SetsSearchPath());
  relevant.SetSearchPath({"b"});
  relevant.Add("SET statement_timeout = 0");
  CHECK_FALSE(relevant.SetsSearchPath());
  relevant.Add("CREATE INDEX i ON t (id)");
  std::vector<bool> keep = relevant.Decide({"b", "t", {}});
  CHECK(keep == std::vector<bool>{false, true, true, false, true});
}

TEST_CASE("an ALTER TABLE of a table not created before is read (the reader notes it), and so is its CREATE") {
  CHECK(Kept({"ALTER TABLE later ADD COLUMN x int", "CREATE TABLE later (id int)", "CREATE TABLE orders (id int)",
              "ALTER TABLE later ADD COLUMN y int"},
             "", "orders") == "1010");
}

}  // namespace
}  // namespace backfill
