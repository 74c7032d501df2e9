#include "planner/sql/embed.h"

#include <doctest/doctest.h>

#include <pg_query.h>

#include <string>
#include <vector>

#include "planner/sql/parse_tree.h"
#include "planner/sql/quote.h"

// libpg_query's copy of the server setting (thread-local, like the server's GUC variable): the
// test flips it to read emitted text as a server with standard_conforming_strings off would.
extern "C" __thread bool standard_conforming_strings;

namespace backfill {
namespace {

void DropLocations(Json& node) {
  if (node.is_object()) {
    node.erase("location");
    for (auto& [key, child] : node.items()) DropLocations(child);
  } else if (node.is_array()) {
    for (Json& child : node) DropLocations(child);
  }
}

// `SELECT text` parsed with standard_conforming_strings as given, locations removed; null when
// it does not parse.
Json TreeWith(bool conforming, const std::string& text) {
  bool saved = standard_conforming_strings;
  standard_conforming_strings = conforming;
  Json tree;
  try {
    tree = ParseSql("SELECT " + text);
    DropLocations(tree);
  } catch (const std::runtime_error&) {
    tree = Json();
  }
  standard_conforming_strings = saved;
  return tree;
}

bool HasControlByte(const std::string& text) {
  for (char c : text)
    if (IsControlByte(c)) return true;
  return false;
}

// Expressions whose emitted form once differed, or could, from what the checks read.
const std::vector<std::string> kTricky = {
    "'plain'",
    "'it''s'",
    "'a\\b'",                                      // a backslash: E'' in the emitted text
    "E'tab\\there\\\\ and \\'quote'",
    "E'\\x41\\101\\u0041'",
    "U&'d\\0061t\\+000061'",
    "U&'d!0061t!+000061' UESCAPE '!'",
    "U&\"d\\0061ta\" IS NULL",
    "U&\"d!0061ta\" UESCAPE '!' IS NULL",
    "$$dollar 'quoted' \\ text$$",
    "$tag$ $$ nested $$ $tag$",
    "$body$ '' -- not a comment; $body$ || 'x'",
    "'first'\n  'second'",                   // continued across a line break: one constant
    "'line one\nline two'",                      // a line break inside the constant
    "'\n\\! touch /tmp/x\n'",                    // a psql command hiding in a literal
    "\"we\"\"ird\nname\" IS NULL",               // a line break inside an identifier
    "a /* c1 /* nested */ c2 */ + b -- end",
    "lower(email) || '@' || \"Domain\"",
    "x::text || int4'1' || date '2024-01-01'",
    "int4'1'",
    "text 'a\\b'",
    "-1 + - 2 * +3",
    "a <= b AND c <> d OR e !~~ 'x%'",
    "(ARRAY['urgent', 'high'])[priority]",
    "CASE WHEN \"St'atus\" THEN 'a' ELSE E'b\\nc' END",
    "B'1010' || X'1F'::bit(8)",
    "N'national'",
    "'x' COLLATE \"C\"",
    "coalesce(a, 'dflt')::varchar(20)",
    "interval '1 day' * 3",
    "\"select\" IS NOT NULL",
};

}  // namespace

TEST_CASE("the emitted expression parses to the input's tree, on one line, in both string settings") {
  for (const std::string& text : kTricky) {
    CAPTURE(text);
    std::string emitted = EmbeddableExpression(text);
    CAPTURE(emitted);
    CHECK(SameExpressionTree(text, emitted));
    CHECK_FALSE(HasControlByte(emitted));
    // The input is read as PostgreSQL reads it by default (standard_conforming_strings on); the
    // emitted text must mean the same to a server that has the setting off.
    Json wanted = TreeWith(true, text);
    REQUIRE_FALSE(wanted.is_null());
    CHECK(TreeWith(false, emitted) == wanted);
  }
}

TEST_CASE("the test's own string setting switch works: the input would differ with it off") {
  CHECK(TreeWith(false, "'a\\b'") != TreeWith(true, "'a\\b'"));
}

TEST_CASE("comments go and white space folds to one space; adjacency is kept") {
  CHECK(EmbeddableExpression("a  +\n\tb -- c") == "a + b");
  CHECK(EmbeddableExpression("a/*c*/+b") == "a +b");
  CHECK(EmbeddableExpression("x::text") == "x::text");
  CHECK(EmbeddableExpression("int4'1'") == "int4'1'");
  CHECK(EmbeddableExpression("int4'a\\b'") == "int4 E'a\\\\b'");
  // A quoted name followed by a word (an alias): without its quotes it would join the word.
  CHECK(EmbeddableExpression("\"t\"x") == "t x");
  CHECK(SameExpressionTree("\"t\"x", "t x"));
  // A re-quoted string after & or a word must not become U&'' or E'' (found by fuzz_embed).
  CHECK(EmbeddableExpression("U&U&'U&'d") == "U& 'U&'d");
  CHECK(SameExpressionTree("U&U&'U&'d", "U& 'U&'d"));
  CHECK(EmbeddableExpression("\"e\"'x'") == "e 'x'");
  // N'...' is NCHAR followed by the string: spelled out, it survives re-quoting (found by fuzz_embed).
  CHECK(EmbeddableExpression("N'a\\b'") == "NCHAR E'a\\\\b'");
  CHECK(SameExpressionTree("N'a\\b'", "NCHAR E'a\\\\b'"));
  CHECK(SameExpressionTree("x/n'y'", EmbeddableExpression("x/n'y'")));
}

TEST_CASE("string constants and quoted identifiers are re-quoted by the quoting functions") {
  CHECK(EmbeddableExpression("'a\\b'") == "E'a\\\\b'");
  CHECK(EmbeddableExpression("$$it's$$") == "'it''s'");
  CHECK(EmbeddableExpression("U&'\\0041'") == "'A'");
  CHECK(EmbeddableExpression("U&'!0041' UESCAPE '!'") == "'A'");
  CHECK(EmbeddableExpression("U&\"\\0061\"") == "a");
  CHECK(EmbeddableExpression("\"Mixed\"") == "\"Mixed\"");
  CHECK(EmbeddableExpression("'x\ny'") == "E'x\\ny'");
  CHECK(EmbeddableExpression("'a'\n'b'") == "'ab'");
}

// B'' and X'' have no escapes: one holding a control character (a line break a psql command
// could follow) cannot be written on one line, and is refused (found by fuzz_embed).
TEST_CASE("a bit-string constant with a control character is refused; a plain one is kept") {
  CHECK_THROWS_AS(EmbeddableExpression("B'01\n\\! id\n'"), EmbedRefused);
  CHECK_THROWS_AS(EmbeddableExpression("x & X'1\x1a'"), EmbedRefused);
  CHECK(EmbeddableExpression("B'0101' | X'0F'::bit(8)") == "B'0101' | X'0F'::bit(8)");
}

TEST_CASE("SameExpressionTree tells different trees apart") {
  CHECK(SameExpressionTree("a + b", "a  +  b"));
  CHECK_FALSE(SameExpressionTree("a + b", "a - b"));
  CHECK_FALSE(SameExpressionTree("'a\\b'", "'a\\\\b'"));
  CHECK_FALSE(SameExpressionTree("a +", "a"));
}

}  // namespace backfill
