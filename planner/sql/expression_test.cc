#include "planner/sql/expression.h"

#include <doctest/doctest.h>

namespace backfill {
namespace {

const SourcePlace kPlace{"req.json", 4, 3};

UserExpression Parse(const std::string& text) { return ParseUserExpression(text, "set", kPlace); }

// The message of the error the text gives; fails the test when it gives none.
std::string ErrorFor(const std::string& text) {
  try {
    Parse(text);
  } catch (const InputError& e) {
    CHECK(e.place().file == "req.json");
    CHECK(e.place().line == 4);
    return e.what();
  }
  FAIL("no error for: " << text);
  return {};
}

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("one expression is accepted and described") {
  UserExpression e = Parse("lower(email) || '-' || t.id::text");
  CHECK(e.sql == "lower(email) || '-' || t.id::text");
  REQUIRE(e.columns.size() == 2);
  CHECK(e.columns[0].column == "email");
  CHECK(e.columns[0].qualifiers.empty());
  CHECK(e.columns[0].offset == 6);
  CHECK(e.columns[1].column == "id");
  CHECK(e.columns[1].qualifiers == std::vector<std::string>{"t"});
  CHECK(e.functions == std::vector<std::string>{"lower"});
  CHECK_FALSE(e.is_constant);
  CHECK_FALSE(e.is_volatile);
  CHECK_FALSE(e.has_subquery);
  REQUIRE(e.calls.size() == 1);
  CHECK(e.calls[0].name == std::vector<std::string>{"lower"});
}

TEST_CASE("constants, NULL and volatile calls are recognised") {
  CHECK(Parse("'pending'").is_constant);
  CHECK(Parse("'2024-01-01'::date").is_constant);
  CHECK(Parse("NULL").is_null_constant);
  CHECK_FALSE(Parse("'x'").is_null_constant);
  CHECK(Parse("now()").is_volatile);
  CHECK(Parse("gen_random_uuid()").is_volatile);
  CHECK(Parse("CURRENT_TIMESTAMP").is_volatile);
  CHECK(Parse("current_date").is_volatile);
  CHECK_FALSE(Parse("upper('a')").is_volatile);
}

TEST_CASE("comments are stripped and white space folded to one line") {
  CHECK(Parse("'a' -- the new value\n").sql == "'a'");
  CHECK(Parse("/* why */ coalesce(a,\n\n   b) /* done */").sql == "coalesce(a, b)");
  CHECK(Parse("'a -- not a comment'").sql == "'a -- not a comment'");
  CHECK(Parse("'x;y'").sql == "'x;y'");  // a semicolon inside a string is text
}

TEST_CASE("more than one expression is rejected") {
  CHECK(ErrorFor("1, 2") == "`set`: holds 2 expressions");
  CHECK(ErrorFor("'a' AS status") == "`set`: has an alias (AS status)");
  CHECK(Contains(ErrorFor("1 FROM orders"), "is not a single expression (found a `fromClause` clause)"));
  CHECK(Contains(ErrorFor("1 WHERE true"), "whereClause"));
  CHECK(Contains(ErrorFor("1 UNION SELECT 2"), "is not a single expression"));
  CHECK(Contains(ErrorFor("1 INTO t"), "is not a single expression"));
  CHECK(Contains(ErrorFor("1 FOR UPDATE"), "is not a single expression"));
}

TEST_CASE("semicolons and second statements are rejected") {
  CHECK(ErrorFor("'a';") == "`set`: contains a semicolon");
  CHECK(ErrorFor("'a'; DROP TABLE orders") == "`set`: holds 2 statements");
  CHECK(ErrorFor("1; SELECT 2") == "`set`: holds 2 statements");
  CHECK(Contains(ErrorFor("1) ; DROP TABLE orders; SELECT (1"), "syntax error"));
}

TEST_CASE("data-modifying statements are rejected wherever they hide") {
  CHECK(ErrorFor("(WITH d AS (DELETE FROM orders RETURNING id) SELECT max(id) FROM d)") ==
        "`set`: contains a data-modifying statement (Delete)");
  CHECK(ErrorFor("(WITH u AS (UPDATE orders SET x = 1 RETURNING x) SELECT 1)") ==
        "`set`: contains a data-modifying statement (Update)");
  CHECK(ErrorFor("(WITH i AS (INSERT INTO log VALUES (1) RETURNING 1) SELECT 1)") ==
        "`set`: contains a data-modifying statement (Insert)");
  CHECK(ErrorFor("(SELECT id FROM orders FOR UPDATE)") == "`set`: takes row locks (FOR UPDATE/SHARE)");
  CHECK(Contains(ErrorFor("DELETE FROM orders"), "is not a single expression"));
}

TEST_CASE("aggregates and window functions are rejected; sub-queries may aggregate") {
  CHECK(Contains(ErrorFor("count(*)"), "uses an aggregate (count)"));
  CHECK(Contains(ErrorFor("sum(amount) + 1"), "uses an aggregate (sum)"));
  CHECK(Contains(ErrorFor("row_number() OVER ()"), "uses a window function"));
  UserExpression sub = Parse("(SELECT max(l.amount) FROM lines l WHERE l.order_id = id)");
  CHECK(sub.has_subquery);
  CHECK(sub.columns.empty());  // references inside the sub-query are not the table's
  CHECK_FALSE(sub.is_constant);
}

TEST_CASE("parameters are rejected: in the plan's procedures they would be the procedure's") {
  CHECK(ErrorFor("$1") == "`set`: uses a parameter ($1)");
  CHECK(ErrorFor("coalesce(note, $2)") == "`set`: uses a parameter ($2)");
}

TEST_CASE("calls are recorded as written, with their text arguments, for the analysis to judge") {
  UserExpression sleepy = Parse("CASE WHEN pg_sleep(1) IS NULL THEN 'a' END");
  REQUIRE(sleepy.calls.size() == 1);
  CHECK(sleepy.calls[0].name == std::vector<std::string>{"pg_sleep"});
  CHECK(sleepy.calls[0].text_arguments == std::vector<std::optional<std::string>>{std::nullopt});
  UserExpression remote = Parse("(SELECT v FROM dblink('host=x', 'select 1') AS r(v text))");
  REQUIRE(remote.calls.size() == 1);
  CHECK(remote.calls[0].text_arguments == std::vector<std::optional<std::string>>{"host=x", "select 1"});
  UserExpression locked = Parse("pg_catalog.pg_advisory_lock(1)::text");
  REQUIRE(locked.calls.size() == 1);
  CHECK(locked.calls[0].name == std::vector<std::string>{"pg_catalog", "pg_advisory_lock"});
  CHECK(Parse("\"Audit\".touch(id)").calls[0].Display() == "\"Audit\".touch");
}

TEST_CASE("without the schema, a function the built-in table does not know may give a new value each call") {
  CHECK(Parse("slugify(c)").is_volatile);  // VOLATILE is PostgreSQL's default
  CHECK(Parse("audit.touch(id)").is_volatile);
  CHECK(Parse("public.lower(c)").is_volatile);  // not pg_catalog's lower
  CHECK_FALSE(Parse("pg_catalog.lower(c)").is_volatile);
  CHECK_FALSE(Parse("left(regexp_replace(lower(split_part(c, '@', 1)), 'x', '', 'g'), 20)").is_volatile);
  CHECK_FALSE(Parse("CASE WHEN pg_sleep(0) IS NULL THEN 'a' END").is_volatile);  // an effect, the same value
  CHECK(Parse("nextval('s')").is_volatile);
  CHECK(Parse("public.uuid_generate_v4()").is_volatile);  // an extension's, in the user's schema
  CHECK(Parse("current_date").reads_clock);
  CHECK_FALSE(Parse("now()").reads_clock);
}

TEST_CASE("empty, oversized, deeply nested and NUL-holding text is rejected") {
  CHECK(ErrorFor("") == "`set`: is empty");
  CHECK(ErrorFor(" \n\t") == "`set`: is empty");
  CHECK(ErrorFor("/* nothing */") != "");
  CHECK(ErrorFor("'" + std::string(20001, 'x') + "'") == "`set`: is longer than 20000 bytes");
  CHECK(ErrorFor(std::string(65, '(') + "1" + std::string(65, ')')) == "`set`: nests parentheses deeper than 64 levels");
  CHECK(Parse(std::string(64, '(') + "1" + std::string(64, ')')).is_constant);
  CHECK(ErrorFor(std::string("'a'\0", 4)) == "`set`: contains a NUL byte");
}

TEST_CASE("syntax errors say where in the expression") {
  std::string message = ErrorFor("lower(email");
  CHECK(Contains(message, "syntax error"));
  CHECK(ErrorFor("lower(email,, 1)") == "`set`: syntax error at or near \",\" at character 13");
}

TEST_CASE("the kind of text names itself in messages") {
  try {
    ParseUserExpression("1, 2", "where", {"--where"});
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.OneLine() == "--where: `where`: holds 2 expressions (give exactly one expression, without commas at the top level)");
  }
}

}  // namespace backfill
