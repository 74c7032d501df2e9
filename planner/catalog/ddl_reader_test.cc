// The reader's own duties: psql-only lines, statement splitting, and errors that point at the
// file, line and column with an excerpt.
#include "planner/catalog/ddl_reader.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

namespace backfill {
namespace {

// The table, trigger function and trigger that hidden text must not hide.
const char* const kTrigger =
    "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.v := 'x'; RETURN NEW; END $$;\n"
    "CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();\n";

// Reads `CREATE TABLE t`, then `before`, then the trigger and its function; checks the catalog
// holds all of them.
Catalog ReadWithTriggerAfter(const std::string& before, std::vector<DdlNote>& notes) {
  Catalog c = ReadSchemaText("s.sql", "CREATE TABLE t (id int PRIMARY KEY, v text);\n" + before + "\n" + kTrigger, notes);
  CHECK(c.FindTable({"public", "t"}));
  CHECK(c.FindFunction({"public", "touch"}));
  CHECK(c.TriggersOn({"public", "t"}).size() == 1);
  return c;
}

// Runs the reader and returns the error it threw; fails the test when it throws none.
InputError ErrorFrom(const std::string& sql) {
  std::vector<DdlNote> notes;
  try {
    ReadSchemaText("schema.sql", sql, notes);
  } catch (const InputError& e) {
    return e;
  }
  FAIL("no error for: " << sql);
  return InputError({}, "unreachable");
}

}  // namespace

TEST_CASE("psql meta-commands are skipped with a note naming the line") {
  std::vector<DdlNote> notes;
  Catalog c = ReadSchemaText("s.sql",
                             "\\set ON_ERROR_STOP on\n"
                             "CREATE TABLE a (id int);\n"
                             "  \\c other\n"
                             "CREATE TABLE b (id int);\n",
                             notes);
  CHECK(c.tables.size() == 2);
  REQUIRE(notes.size() == 2);
  CHECK(notes[0].place.file == "s.sql");
  CHECK(notes[0].place.line == 1);
  CHECK(notes[0].text == "skipped psql meta-command \\set ON_ERROR_STOP on");
  CHECK(notes[1].place.line == 3);
  CHECK(notes[1].text.find("\\c other") != std::string::npos);
}

TEST_CASE("\\gexec stands for the `;` that ends the query before it") {
  std::vector<DdlNote> notes;
  Catalog c = ReadSchemaText("s.sql",
                             "SELECT 'CREATE TABLE x (id int)'\n"
                             "\\gexec\n"
                             "CREATE TABLE a (id int);\n",
                             notes);
  CHECK(c.FindTable({"public", "a"}));
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].place.line == 2);
}

TEST_CASE("a UTF-8 byte order mark and CRLF line ends are read as plain text") {
  std::vector<DdlNote> notes;
  Catalog c = ReadSchemaText("s.sql", "\xEF\xBB\xBF" "CREATE TABLE a (id int,\r\n  v text DEFAULT 'x');\r\n", notes);
  REQUIRE(c.FindTable({"public", "a"}));
  CHECK(c.FindTable({"public", "a"})->FindColumn("v")->default_sql == "'x'");
  InputError e = ErrorFrom("\xEF\xBB\xBF" "CREATE TABLE b (id int,, x int);\r\n");
  CHECK(e.place().line == 1);
  CHECK(e.place().column == 24);
  CHECK(e.excerpt() == "CREATE TABLE b (id int,, x int);\n                       ^");
}

TEST_CASE("COPY ... FROM stdin data is not SQL") {
  std::vector<DdlNote> notes;
  Catalog c = ReadSchemaText("s.sql",
                             "CREATE TABLE a (id int, v text);\n"
                             "COPY public.a (id, v) FROM stdin;\n"
                             "1\tdrop table a; (not sql)\n"
                             "2\t\\N\n"
                             "\\.\n"
                             "CREATE TABLE b (id int);\n",
                             notes);
  CHECK(c.FindTable({"public", "a"}));
  CHECK(c.FindTable({"public", "b"}));
  CHECK(notes.empty());
}

TEST_CASE("psql-looking lines inside literals, bodies and comments hide nothing") {
  // Each payload is a line psql would act on outside quotes: the end of COPY data, the start of
  // COPY data, commands that read a file, send a query or connect elsewhere.
  for (const char* payload : {"\n\\.\n", "\nCOPY x FROM stdin;\n", "\n\\i /etc/passwd\n", "\n\\gexec\n",
                              "\n\\connect other\n"}) {
    std::string p = payload;
    CAPTURE(p);
    for (const std::string& hiding : {
             "CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $body$ SELECT 'a" + p + "' $body$;",
             "CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$ SELECT $x$" + p + "$x$ $$;",
             "CREATE FUNCTION f() RETURNS text LANGUAGE sql AS 'SELECT ''a" + p + "''';",
             "COMMENT ON TABLE t IS 'a" + p + "';",
             "COMMENT ON TABLE t IS E'it\\'s" + p + "';",
             "COMMENT ON TABLE t IS U&'a!0041" + p + "' UESCAPE '!';",  // the backslash is no escape here
             "CREATE TABLE \"odd" + p + "name\" (id int);",
             "/* a /* nested */" + p + "*/"}) {
      CAPTURE(hiding);
      std::vector<DdlNote> notes;
      ReadWithTriggerAfter(hiding, notes);
      CHECK(notes.empty());  // nothing was taken for a psql command
    }
  }
}

TEST_CASE("a function body keeps lines that start with a backslash") {
  std::vector<DdlNote> notes;
  Catalog c = ReadWithTriggerAfter(
      "CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN '\n\\connect other\n';\nEND\n$$;", notes);
  REQUIRE(c.FindFunction({"public", "f"}));
  CHECK(c.FindFunction({"public", "f"})->body.find("\n\\connect other\n") != std::string::npos);
  CHECK(notes.empty());
}

TEST_CASE("a real psql command outside quotes is skipped with a note, wherever it stands") {
  std::vector<DdlNote> notes;
  Catalog c = ReadWithTriggerAfter(
      "SELECT 'x'; \\connect other\nCREATE TABLE u (id int); \\set a 1 \\\\ CREATE TABLE w (id int);", notes);
  REQUIRE(notes.size() == 2);
  CHECK(notes[0].text == "skipped psql meta-command \\connect other");
  CHECK(notes[0].place.line == 2);
  CHECK(notes[0].place.column == 13);
  CHECK(notes[1].text == "skipped psql meta-command \\set a 1");
  CHECK(c.FindTable({"public", "u"}));
  CHECK(c.FindTable({"public", "w"}));  // psql runs SQL after \\ on the command's line
}

TEST_CASE("COPY data as psql reads it: from the line after the statement to a line `\\.`") {
  std::vector<DdlNote> notes;
  // A COPY over two lines, and \copy from the file itself; data lines that look like SQL.
  ReadWithTriggerAfter(
      "copy t (id,\n  v) FROM stdin WITH (FORMAT csv);\n1,\"CREATE TABLE x (\"\n\\.\n"
      "\\copy t from stdin\n2\t\\.x\n3\t);\n\\.",
      notes);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].text == "skipped psql meta-command \\copy t from stdin");
  // COPY to or from a file reads no lines of the schema.
  notes.clear();
  Catalog c = ReadSchemaText("s.sql", "CREATE TABLE t (id int);\nCOPY t FROM '/tmp/x';\nCREATE TABLE u (id int);\n", notes);
  CHECK(c.FindTable({"public", "u"}));
}

TEST_CASE("statements end where psql ends them: a literal psql reads otherwise is an error, not a hiding place") {
  // psql does not join literals across lines: it sends the COMMENT up to the first `;` (which
  // the server cannot parse), then the CREATE TABLE.
  InputError e = ErrorFrom("COMMENT ON TABLE t IS E'x'\n'\\' ; CREATE TABLE hidden (id int); --';\n");
  CHECK(std::string(e.what()).find("unterminated") != std::string::npos);
  CHECK(e.place().line == 1);
  // \; joins statements into one query; both are read.
  std::vector<DdlNote> notes;
  Catalog c = ReadSchemaText("s.sql", "CREATE TABLE a (id int) \\; CREATE TABLE b (id int);\n", notes);
  CHECK(c.FindTable({"public", "a"}));
  CHECK(c.FindTable({"public", "b"}));
}

TEST_CASE("a syntax error gives file:line:col and the line with a caret under the column") {
  InputError e = ErrorFrom("CREATE TABLE a (id int);\n\nCREATE TABLE b (id int,, x int);\n");
  CHECK(e.place().file == "schema.sql");
  CHECK(e.place().line == 3);
  CHECK(e.place().column == 24);
  CHECK(std::string(e.what()) == "syntax error at or near \",\"");
  CHECK(e.excerpt() == "CREATE TABLE b (id int,, x int);\n                       ^");
  CHECK(e.OneLine() == "schema.sql:3:24: syntax error at or near \",\"");
  CHECK(e.code() == kExitBadInput);
}

TEST_CASE("columns count characters, not bytes, on lines with multi-byte text") {
  InputError e = ErrorFrom("COMMENT ON TABLE x IS 'héllo wörld'; CREATE TABLE (");
  CHECK(e.place().line == 1);
  CHECK(e.place().column == 51);
}

TEST_CASE("an error in a later statement is placed in the file, not in the statement") {
  InputError e = ErrorFrom("-- header\nCREATE TABLE a (id int);\nCREATE TABLE b (id int) WITH OIDS;\n");
  CHECK(e.place().line == 3);
  CHECK(e.place().column == 30);
}

TEST_CASE("an unfinished last statement is an error, not silently dropped") {
  InputError e = ErrorFrom("CREATE TABLE a (id int);\nCREATE TABLE b (id int,\n  v text");
  CHECK(e.place().line == 3);
  CHECK(std::string(e.what()) == "syntax error at end of input");
  std::vector<DdlNote> notes;
  CHECK(ReadSchemaText("s.sql", "CREATE TABLE a (id int);\nCREATE TABLE b (id int)", notes).tables.size() == 2);
  CHECK(ReadSchemaText("s.sql", "CREATE TABLE a (id int);\n-- the end\n/* really */\n", notes).tables.size() == 1);
}

TEST_CASE("an unterminated string is a syntax error with a place") {
  InputError e = ErrorFrom("CREATE TABLE a (id int DEFAULT 'x);\n");
  CHECK(e.place().line == 1);
  CHECK(e.place().column > 0);
  CHECK(std::string(e.what()).find("unterminated") != std::string::npos);
}

TEST_CASE("empty, comment-only, binary and non-UTF-8 files are refused with advice") {
  CHECK(std::string(ErrorFrom("").what()) == "the schema file is empty");
  CHECK(std::string(ErrorFrom(" \n\t\n").what()) == "the schema file is empty");
  CHECK(std::string(ErrorFrom("-- only a comment\n").what()) == "the schema file holds no SQL statements");
  InputError binary = ErrorFrom(std::string("CREATE TABLE a (id int);\n\0\x01", 27));
  CHECK(std::string(binary.what()) == "the schema file is binary, not SQL text");
  CHECK(binary.place().line == 2);
  InputError latin1 = ErrorFrom("CREATE TABLE a (id int);\nCOMMENT ON TABLE a IS 'caf\xe9';\n");
  CHECK(std::string(latin1.what()) == "the schema file is not valid UTF-8");
  CHECK(latin1.place().line == 2);
  CHECK(latin1.place().column == 27);
  CHECK_FALSE(latin1.suggestion().empty());
}

TEST_CASE("the same table created twice is an error naming both lines") {
  InputError e = ErrorFrom("CREATE TABLE a (id int);\nCREATE TABLE a (id int);\n");
  CHECK(e.place().line == 2);
  CHECK(std::string(e.what()).find("already defined at line 1") != std::string::npos);
  std::vector<DdlNote> notes;
  CHECK_NOTHROW(ReadSchemaText("s.sql", "CREATE TABLE a (id int);\nCREATE TABLE IF NOT EXISTS a (id int);\n", notes));
}

TEST_CASE("ALTER TABLE of a table the file never creates is a note, not an error") {
  std::vector<DdlNote> notes;
  ReadSchemaText("s.sql", "CREATE TABLE a (id int);\nALTER TABLE missing ADD COLUMN x int;\n", notes);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].place.line == 2);
  CHECK(notes[0].text.find("missing") != std::string::npos);
}

TEST_CASE("CREATE TABLE AS is skipped with a note: only a server knows its columns") {
  std::vector<DdlNote> notes;
  Catalog c = ReadSchemaText("s.sql", "CREATE TABLE a (id int);\n\nCREATE TABLE b AS SELECT id FROM a;\n", notes);
  CHECK_FALSE(c.FindTable({"public", "b"}));
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].place.line == 3);
  CHECK(notes[0].text == "CREATE TABLE public.b AS ... is skipped: its columns come from a query");
}

TEST_CASE("statements that describe no structure are read and ignored") {
  std::vector<DdlNote> notes;
  Catalog c = ReadSchemaText("s.sql",
                             "SET statement_timeout = 0;\n"
                             "CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;\n"
                             "CREATE SEQUENCE s START 1;\n"
                             "CREATE TABLE a (id int);\n"
                             "COMMENT ON TABLE a IS 'x';\n"
                             "GRANT SELECT ON a TO PUBLIC;\n"
                             "ALTER TABLE a OWNER TO someone;\n"
                             "INSERT INTO a VALUES (1);\n"
                             "SELECT pg_catalog.setval('s', 1, true);\n",
                             notes);
  CHECK(c.tables.size() == 1);
  CHECK(notes.empty());
}

TEST_CASE("ReadSchemaFile: missing file and directory are input errors naming the path") {
  std::vector<DdlNote> notes;
  std::string missing = "/nonexistent/dir/schema.sql";
  try {
    ReadSchemaFile(missing, notes);
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.place().file == missing);
    CHECK(std::string(e.what()) == "schema file not found");
  }
  std::string dir = std::filesystem::temp_directory_path().string();
  try {
    ReadSchemaFile(dir, notes);
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) == "schema file is a directory, not a file");
  }
  // A device never ends: refused by its kind before anything is read.
  try {
    ReadSchemaFile("/dev/zero", notes);
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("not a regular file") != std::string::npos);
  }
  auto path = std::filesystem::temp_directory_path() / "ddl_reader_test_schema.sql";
  std::ofstream(path) << "CREATE TABLE a (id int);\n";
  CHECK(ReadSchemaFile(path.string(), notes).tables.size() == 1);
  std::filesystem::remove(path);
}

}  // namespace backfill
