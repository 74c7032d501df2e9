#include "planner/sql/script_check.h"

#include <doctest/doctest.h>

namespace backfill {

TEST_CASE("script statements: psql meta-commands and variables become plain SQL") {
  std::string script =
      "\\set ON_ERROR_STOP on\n"
      "\\if :{?max_rows}\n\\else\n  \\set max_rows 0\n\\endif\n"
      "SELECT format('CALL p(%s)', :'batch_size'::integer)\n"
      "FROM generate_series(1, :max_rows) \\gexec\n"
      "SELECT 1::regclass;\n";
  auto statements = ScriptStatements(script);
  REQUIRE(statements.size() == 2);
  CHECK(statements[0].line == 6);
  CHECK(statements[0].sql.find("'0'::integer") != std::string::npos);
  CHECK(statements[0].sql.find("generate_series(1, 0)") != std::string::npos);
  CHECK(statements[1].sql == "SELECT 1::regclass");
  CHECK_NOTHROW(CheckScriptParses("ok.sql", script));
}

TEST_CASE("script check: a broken statement is reported with file and line") {
  try {
    CheckScriptParses("bad.sql", "SELECT 1;\nUPDATE t SET x = 1 LIMIT 10;\n");
    FAIL("expected a self-check error");
  } catch (const SelfCheckError& e) {
    CHECK(std::string(e.what()).find("bad.sql") != std::string::npos);
    CHECK(std::string(e.what()).find("line 2") != std::string::npos);
  }
}

TEST_CASE("script check: PL/pgSQL bodies and the SQL inside them are parsed") {
  std::string good = "CREATE PROCEDURE p() LANGUAGE plpgsql AS $b$\nBEGIN\n  PERFORM 1;\nEND\n$b$;\n";
  CHECK_NOTHROW(CheckScriptParses("p.sql", good));
  std::string bad_sql_inside = "CREATE PROCEDURE p() LANGUAGE plpgsql AS $b$\nBEGIN\n  SELEC 1;\nEND\n$b$;\n";
  CHECK_THROWS_AS(CheckScriptParses("p.sql", bad_sql_inside), SelfCheckError);
  std::string bad_do = "DO $d$ BEGIN IF true THEN PERFORM 1; END; END $d$;\n";
  CHECK_THROWS_AS(CheckScriptParses("do.sql", bad_do), SelfCheckError);
}

}  // namespace backfill
