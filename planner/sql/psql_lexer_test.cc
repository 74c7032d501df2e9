// psql's reading of a script: each case was checked against psql 15 (`psql -f`) where psql's
// behaviour is not obvious from psqlscan.l.
#include "planner/sql/psql_lexer.h"

#include <doctest/doctest.h>

namespace backfill {
namespace {

const char* KindName(PsqlPiece::Kind kind) {
  switch (kind) {
    case PsqlPiece::Kind::kQuoted: return "quoted";
    case PsqlPiece::Kind::kComment: return "comment";
    case PsqlPiece::Kind::kVariable: return "variable";
    case PsqlPiece::Kind::kStatementEnd: return "end";
    case PsqlPiece::Kind::kEscaped: return "escaped";
    case PsqlPiece::Kind::kCommand: return "command";
    case PsqlPiece::Kind::kCopyData: return "copy";
  }
  return "?";
}

// "kind text" per piece, in order.
std::vector<std::string> Pieces(const std::string& script, StringSetting setting = StringSetting::kStandard) {
  std::vector<std::string> out;
  for (const PsqlPiece& p : LexPsqlScript(script, setting))
    out.push_back(std::string(KindName(p.kind)) + " " + script.substr(p.start, p.end - p.start));
  return out;
}

std::vector<std::string> Commands(const std::string& script, StringSetting setting = StringSetting::kStandard) {
  std::vector<std::string> out;
  for (const PsqlPiece& p : LexPsqlScript(script, setting))
    if (p.kind == PsqlPiece::Kind::kCommand) out.push_back(script.substr(p.start, p.end - p.start));
  return out;
}

using Lines = std::vector<std::string>;

}  // namespace

TEST_CASE("psql lexer: quoted regions of every kind hide backslashes and semicolons") {
  CHECK(Pieces("SELECT 'a;\\! x';") == Lines{"quoted 'a;\\! x'", "end ;"});
  CHECK(Pieces("SELECT 'it''s \\x';") == Lines{"quoted 'it''s \\x'", "end ;"});
  CHECK(Pieces("SELECT E'a\\' \\! x';") == Lines{"quoted E'a\\' \\! x'", "end ;"});
  CHECK(Pieces("SELECT U&'a\\' \\! x';") == Lines{"quoted U&'a\\'", "command \\! x';"});
  CHECK(Pieces("SELECT \"a\\\" \\gset") == Lines{"quoted \"a\\\"", "command \\gset"});
  CHECK(Pieces("SELECT \"a\"\";\\\" \\gset") == Lines{"quoted \"a\"\";\\\"", "command \\gset"});
  CHECK(Pieces("SELECT U&\"a\\\" \\gset") == Lines{"quoted U&\"a\\\"", "command \\gset"});
  CHECK(Pieces("SELECT $$a\n\\i x\n$$;") == Lines{"quoted $$a\n\\i x\n$$", "end ;"});
  CHECK(Pieces("SELECT $f$ $$ \\o x $g$ $f$;") == Lines{"quoted $f$ $$ \\o x $g$ $f$", "end ;"});
  CHECK(Pieces("SELECT 1 -- \\! x ;\n;") == Lines{"comment -- \\! x ;", "end ;"});
  CHECK(Pieces("/* a /* \\! */ b */;") == Lines{"comment /* a /* \\! */ b */", "end ;"});
  CHECK(Pieces("SELECT B'1''\\'") == Lines{"quoted B'1'", "quoted '\\'"});  // no '' inside B''
}

TEST_CASE("psql lexer: standard_conforming_strings decides where '...' ends") {
  const std::string script = "SELECT 'a\\' \\! id --';\n";
  CHECK(Pieces(script) == Lines{"quoted 'a\\'", "command \\! id --';"});
  CHECK(Pieces(script, StringSetting::kBackslashEscapes) == Lines{"quoted 'a\\' \\! id --'", "end ;"});
  const std::string other = "SELECT 'a\\'' \\! id --';\n";
  CHECK(Pieces(other) == Lines{"quoted 'a\\'' \\! id --'", "end ;"});
  CHECK(Pieces(other, StringSetting::kBackslashEscapes) == Lines{"quoted 'a\\''", "command \\! id --';"});
  // E'' escapes either way; N'' follows the setting.
  CHECK(Commands("SELECT E'a\\' \\! id --';", StringSetting::kStandard).empty());
  CHECK(Commands("SELECT n'a\\' \\! id --';", StringSetting::kStandard) == Lines{"\\! id --';"});
}

TEST_CASE("psql lexer: prefixes count only at the start of a word") {
  CHECK(Commands("SELECT xe'a\\' \\! id --';") == Lines{"\\! id --';"});
  // psql 15 reads 1e as a number with trailing junk, then a plain string.
  CHECK(Commands("SELECT 1e'a\\' \\! id --';") == Lines{"\\! id --';"});
  CHECK(Commands("SELECT 1 AS a$b$ \\! id\n;") == Lines{"\\! id"});  // $ inside a word
  CHECK(Pieces("SELECT $1$x$;") == Lines{"quoted $x$;"});           // $1 then an open $x$ body
}

TEST_CASE("psql lexer: psql does not join literals across lines, only the server does") {
  // psql reads a line at a time without its \n: the second line's '...' is a new literal.
  CHECK(Commands("SELECT E'x'\n'\\' \\! id --';\n") == Lines{"\\! id --';"});
  // A \r inside one line does join them, for psql too.
  CHECK(Commands("SELECT E'x'\r'\\' \\! id --';\n").empty());
}

TEST_CASE("psql lexer: a backslash command anywhere outside quotes, with psql's extent") {
  CHECK(Commands("SELECT 1 \\! id\n") == Lines{"\\! id"});
  CHECK(Commands("  \\set a 1\n") == Lines{"\\set a 1"});
  CHECK(Commands("\\set a 1 \\set b 2\n") == Lines{"\\set a 1 ", "\\set b 2"});
  CHECK(Commands("\\echo 'x \\' y' \\! id\n") == Lines{"\\echo 'x \\' y' ", "\\! id"});
  CHECK(Commands("\\! a \\\\ b\n") == Lines{"\\! a \\\\ b"});  // whole line
  CHECK(Commands("\\o |cat \\\\ x\n") == Lines{"\\o |cat \\\\ x"});
  CHECK(Commands("SELECT 1 \\gexec\n") == Lines{"\\gexec"});
  CHECK(Pieces("\\set a 1 \\\\ SELECT 2;") == Lines{"command \\set a 1 \\\\", "end ;"});
  CHECK(Pieces("SELECT 1 \\; SELECT 2;") == Lines{"escaped \\;", "end ;"});
}

TEST_CASE("psql lexer: statements end at a `;` outside parentheses and BEGIN ATOMIC bodies") {
  CHECK(Pieces("SELECT (1;2);") == Lines{"end ;"});
  CHECK(Pieces("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;") == Lines{"end ;"});
  CHECK(Pieces("CREATE TABLE begin (id int); SELECT 1;") == Lines{"end ;", "end ;"});
}

TEST_CASE("psql lexer: variables outside quotes, and whether a query is pending") {
  CHECK(Pieces("SELECT :a, :'b', :\"c\", x::int, ':d' \\gset") ==
        Lines{"variable :a", "variable :'b'", "variable :\"c\"", "quoted ':d'", "command \\gset"});
  auto pieces = LexPsqlScript("-- note\n\\set a 1\nSELECT 1\n\\gexec\n\\else\n", StringSetting::kStandard);
  std::vector<bool> pending;
  for (const PsqlPiece& p : pieces)
    if (p.kind == PsqlPiece::Kind::kCommand) pending.push_back(p.query_pending);
  CHECK(pending == std::vector<bool>{false, true, false});
}

TEST_CASE("psql lexer: COPY data runs from the next line through `\\.`, wherever the scan was") {
  std::string script = "COPY a FROM stdin; SELECT 'x\n1\t'';\\\n\\.\ny';\n";
  PsqlLexer lexer(script, StringSetting::kStandard);
  Lines seen;
  PsqlPiece p;
  while (lexer.Next(p)) {
    seen.push_back(std::string(KindName(p.kind)) + " " + script.substr(p.start, p.end - p.start));
    if (seen.size() == 1) lexer.ExpectCopyData();
  }
  // The string that opens after the COPY goes on after the data, as psql reads it.
  CHECK(seen == Lines{"end ;", "copy 1\t'';\\\n\\.\n", "quoted 'x\n1\t'';\\\n\\.\ny'", "end ;"});
  CHECK(QueryEffectOf("gexec") == QueryEffect::kSends);
  CHECK(QueryEffectOf("getenv") == QueryEffect::kNone);
  CHECK(QueryEffectOf("r") == QueryEffect::kDiscards);
}

}  // namespace backfill
