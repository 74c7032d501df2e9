// What the tool proposes for a table without a key: a new column numbering the rows, never an
// existing column (tests/e2e/check_no_key.sh runs the statements on PostgreSQL 15).
#include "planner/analysis/key_proposal.h"

#include <doctest/doctest.h>

#include "planner/catalog/ddl_reader.h"

namespace backfill {
namespace {

Catalog Load(const std::string& sql) {
  std::vector<DdlNote> notes;
  return ReadSchemaText("s.sql", sql, notes);
}

KeyProposal For(const Catalog& catalog, const std::string& table) { return ProposeKey(catalog, *catalog.FindTable({"public", table})); }

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("key proposal: an identity column, indexed concurrently, made the primary key; the rewrite's lock said") {
  Catalog c = Load("CREATE TABLE logs (admin smallint DEFAULT 0 NOT NULL, at timestamptz NOT NULL, line text);");
  KeyProposal p = For(c, "logs");
  CHECK(p.statements == std::vector<std::string>{
                            "ALTER TABLE public.logs ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY;",
                            "CREATE UNIQUE INDEX CONCURRENTLY logs_pkey ON public.logs (id);",
                            "ALTER TABLE public.logs ADD PRIMARY KEY USING INDEX logs_pkey;"});
  CHECK(Contains(p.what, "rewrites the whole table under an ACCESS EXCLUSIVE lock"));
  CHECK(NoKeyAdvice(c, *c.FindTable({"public", "logs"})) ==
        p.what + "; with psql, one statement at a time: " + p.statements[0] + " " + p.statements[1] + " " + p.statements[2]);
}

TEST_CASE("key proposal: names clear of the table's columns and the schema's relations, quoted") {
  Catalog c = Load(
      "CREATE SCHEMA app;\n"
      "CREATE TABLE \"Audit Log\" (id int, row_id int, line text);\n"
      "CREATE TABLE \"Audit Log_pkey\" (x int);\n"
      "CREATE INDEX \"Audit Log_pkey_2\" ON \"Audit Log\" (line);\n");
  KeyProposal p = For(c, "Audit Log");
  REQUIRE(p.statements.size() == 3);
  CHECK(p.statements[0] == "ALTER TABLE public.\"Audit Log\" ADD COLUMN row_id_2 bigint GENERATED ALWAYS AS IDENTITY;");
  CHECK(p.statements[1] == "CREATE UNIQUE INDEX CONCURRENTLY \"Audit Log_pkey_3\" ON public.\"Audit Log\" (row_id_2);");
  // within PostgreSQL's 63 bytes, a UTF-8 character kept whole
  std::string long_name(58, 'x');
  Catalog wide = Load("CREATE TABLE " + long_name + "é (v text);");
  KeyProposal w = ProposeKey(wide, *wide.FindTable({"public", long_name + "é"}));
  CHECK(Contains(w.statements[1], "CONCURRENTLY " + long_name + "_pkey ON"));
}

TEST_CASE("key proposal: a partitioned table takes bigserial and a key holding every partition key column") {
  Catalog c = Load(
      "CREATE TABLE e (at date NOT NULL, region text NOT NULL, v text) PARTITION BY RANGE (at);\n"
      "CREATE TABLE e1 PARTITION OF e FOR VALUES FROM ('2024-01-01') TO ('2025-01-01') PARTITION BY LIST (region);\n"
      "CREATE TABLE e1_eu PARTITION OF e1 FOR VALUES IN ('eu');\n");
  KeyProposal p = For(c, "e");
  CHECK(p.statements == std::vector<std::string>{"ALTER TABLE public.e ADD COLUMN id bigserial;",
                                                 "ALTER TABLE public.e ADD PRIMARY KEY (id, at, region);"});
  CHECK(Contains(p.what, "PostgreSQL 15 cannot add an identity column to a partitioned table"));
  Catalog expression = Load("CREATE TABLE x (at timestamptz NOT NULL, v text) PARTITION BY RANGE (date_trunc('day', at));");
  KeyProposal none = For(expression, "x");
  CHECK(none.statements.empty());
  CHECK(Contains(none.what, "partitioned by an expression"));
  CHECK(Contains(NoKeyAdvice(expression, *expression.FindTable({"public", "x"})), "partitioned by an expression"));
  CHECK_FALSE(Contains(NoKeyAdvice(expression, *expression.FindTable({"public", "x"})), "one statement at a time"));
}

TEST_CASE("key proposal: NOT NULL for a nullable unique key, through a validated CHECK with a free name") {
  Catalog c = Load(
      "CREATE TABLE users (name text, v text, CONSTRAINT users_name_not_null CHECK (v <> ''));\n"
      "ALTER TABLE ONLY users ADD CONSTRAINT users_name_key UNIQUE (name);");
  KeyProposal p = ProposeNotNull(c, *c.FindTable({"public", "users"}), {"name"});
  CHECK(p.statements ==
        std::vector<std::string>{
            "BEGIN; ALTER TABLE public.users ADD CONSTRAINT users_name_not_null_2 CHECK (name IS NOT NULL) NOT VALID; COMMIT;",
            "BEGIN; ALTER TABLE public.users VALIDATE CONSTRAINT users_name_not_null_2; COMMIT;",
            "BEGIN; ALTER TABLE public.users ALTER COLUMN name SET NOT NULL; COMMIT;",
            "ALTER TABLE public.users DROP CONSTRAINT IF EXISTS users_name_not_null_2;"});
  KeyProposal two = ProposeNotNull(c, *c.FindTable({"public", "users"}), {"name", "v"});
  CHECK(two.statements[0] ==
        "BEGIN; ALTER TABLE public.users ADD CONSTRAINT users_key_not_null CHECK (name IS NOT NULL AND v IS NOT NULL) NOT VALID; COMMIT;");
  CHECK(two.statements[2] == "BEGIN; ALTER TABLE public.users ALTER COLUMN name SET NOT NULL, ALTER COLUMN v SET NOT NULL; COMMIT;");
}

}  // namespace backfill
