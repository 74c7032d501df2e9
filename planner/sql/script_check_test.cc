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

namespace backfill {

TEST_CASE("script check: psql commands outside the plan's own set are refused wherever psql finds them") {
  const char* hostile[] = {
      "\\! id\n",
      "SELECT 1 \\! id\n",                                   // psql runs a command mid-line too
      "SELECT 1;\n\\o /tmp/x\nSELECT 2;\n",
      "\\copy (SELECT 1) to '/tmp/x'\n",
      "\\i /etc/passwd\n",
      "\\setenv PAGER id\n",
      "\\set QUIET on \\! id\n",
      "SELECT 1 \\gexec \\! id\n",
      "SELECT 1 \\gexec DROP TABLE t\n",
      "SELECT x\n\\gexec\n",                                // \gexec alone on a line, mid-query
      "SELECT x\\gexec\n",                                  // glued to the identifier
      "SELECT 1\n\\set on_error skip\n;\n",                 // inside a query
      "SELECT 'a\\' \\! id --';\n",                         // the literal ends at the backslash (on)
      "SELECT 'a\\'' \\! id --';\n",                        // ... or at the second quote (off)
      "SELECT E'a\\\\' \\! id --';\n",                      // E'\\' is one backslash either way
      "SELECT E'x'\n'\\' \\! id --';\n",                    // psql does not join lines' literals
      "SELECT 1 AS a$b$ \\! id\n;\n",                       // $ inside a word opens no body
      "SELECT 1e'\\' \\! id --';\n",                        // 1e is a number, '...' a plain literal
      "SELECT 1 \\; SELECT 2;\n",
      "\\echo `id`\n",
      "COPY t FROM stdin;\n1\n\\.\n",
      "COPY t TO PROGRAM 'id';\n",
  };
  for (const char* script : hostile) {
    CAPTURE(script);
    CHECK_THROWS_AS(CheckScriptParses("hostile.sql", script), SelfCheckError);
  }
}

TEST_CASE("script check: backslashes inside quotes, comments and bodies are no commands") {
  const char* valid[] = {
      "SELECT '\\! id';\n",
      "SELECT E'a\\' \\! id --';\n",                        // E'' under either setting
      "SELECT \"a\n\\gexec b\";\n",                         // a quoted identifier with a line break
      "SELECT 1; -- \\! id\n",
      "/* \\! id /* nested */ \\o x */ SELECT 1;\n",
      "DO $d$\nBEGIN\nRAISE NOTICE '\n\\i /etc/passwd\n';\nEND\n$d$;\n",
      "SELECT $x$ \\! id $x$;\n",
      "SELECT U&'\\0041';\n",
  };
  for (const char* script : valid) {
    CAPTURE(script);
    CHECK_NOTHROW(CheckScriptParses("valid.sql", script));
  }
}

TEST_CASE("script check: a refused command names the file, the line and the setting") {
  try {
    CheckScriptParses("x.sql", "SELECT 1;\nSELECT 'a\\'' \\! id --';\n");
    FAIL("expected a self-check error");
  } catch (const SelfCheckError& e) {
    std::string what = e.what();
    CHECK(what.find("x.sql:2:") == 0);
    CHECK(what.find("\\! id") != std::string::npos);
    CHECK(what.find("standard_conforming_strings off") != std::string::npos);
  }
}

TEST_CASE("script statements: psql variables and commands only outside quotes") {
  auto statements = ScriptStatements("SELECT ':x', $$ :y \\gexec $$, :z \\gset\nSELECT 1;\n");
  REQUIRE(statements.size() == 2);
  CHECK(statements[0].sql == "SELECT ':x', $$ :y \\gexec $$, 0 ");
  CHECK(statements[1].line == 2);
}

TEST_CASE("script check: the DO-block wrapper's tag never occurs in the body") {
  std::string body_with_tag = "DO $d$ BEGIN RAISE NOTICE '$do_block_check$'; END $d$;\n";
  CHECK_NOTHROW(CheckScriptParses("do.sql", body_with_tag));
}

}  // namespace backfill

namespace backfill {

// The two scripts whose purpose is a COPY of the backup table through psql may hold exactly that
// COPY; every other COPY, and every other form in them, is still refused.
TEST_CASE("script check: COPY only in 95 (table TO STDOUT) and 96 (table FROM STDIN, last)") {
  CHECK_NOTHROW(CheckScriptParses("95_backup_to_file.sql", "SET x = 1;\nCOPY public.t_backup TO STDOUT;\n"));
  CHECK_NOTHROW(CheckScriptParses("96_restore_backup_file.sql", "SELECT 1;\nCOPY public.t_backup FROM STDIN;\n"));
  const std::pair<const char*, const char*> refused[] = {
      {"95_backup_to_file.sql", "COPY public.t_backup FROM STDIN;\n"},
      {"95_backup_to_file.sql", "COPY (SELECT 1) TO STDOUT;\n"},
      {"95_backup_to_file.sql", "COPY public.t_backup TO '/tmp/x';\n"},
      {"95_backup_to_file.sql", "COPY public.t_backup TO PROGRAM 'id';\n"},
      {"95_backup_to_file.sql", "COPY public.t_backup TO STDOUT (FORMAT binary);\n"},
      {"96_restore_backup_file.sql", "COPY public.t_backup FROM STDIN;\nSELECT 1;\n"},  // not last: the rest would be data
      {"96_restore_backup_file.sql", "COPY public.t_backup FROM PROGRAM 'id';\n"},
      {"96_restore_backup_file.sql", "COPY public.t_backup TO STDOUT;\n"},
      {"04_verify.sql", "COPY public.t_backup TO STDOUT;\n"},
  };
  for (const auto& [name, script] : refused) {
    CAPTURE(name);
    CAPTURE(script);
    CHECK_THROWS_AS(CheckScriptParses(name, script), SelfCheckError);
  }
}

}  // namespace backfill
