#include "planner/sql/throttle_query.h"

#include <doctest/doctest.h>

namespace backfill {
namespace {

const SourcePlace kPlace{"req.json", 7, 3};

std::string ErrorFor(const std::string& text) {
  try {
    ParseThrottleQuery(text, kPlace);
  } catch (const InputError& e) {
    CHECK(e.place().line == 7);
    return e.what();
  }
  FAIL("no error for: " << text);
  return {};
}

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("a throttle query becomes one scalar sub-query on one line") {
  UserExpression e = ParseThrottleQuery("SELECT count(*) > 20\n  FROM pg_catalog.pg_stat_activity -- busy\n", kPlace);
  CHECK(e.sql.find('\n') == std::string::npos);
  CHECK(e.sql.front() == '(');
  CHECK(e.sql.back() == ')');
  CHECK(Contains(e.sql, "pg_catalog.pg_stat_activity"));
  CHECK_FALSE(Contains(e.sql, "busy"));
  CHECK(e.has_subquery);
}

TEST_CASE("a throttle query that could write, lock or run twice is refused") {
  CHECK(Contains(ErrorFor("SELECT true; SELECT false"), "2 statements"));
  CHECK(Contains(ErrorFor("UPDATE t SET a = 1 RETURNING true"), "not a SELECT"));
  CHECK(Contains(ErrorFor("VALUES (true)"), "VALUES"));
  CHECK(Contains(ErrorFor("SELECT true, false"), "exactly one column"));
  CHECK(Contains(ErrorFor("SELECT true FROM public.flags FOR UPDATE"), "row locks"));
  CHECK(Contains(ErrorFor("WITH d AS (DELETE FROM public.flags RETURNING 1) SELECT count(*) > 0 FROM d"), "data-modifying"));
  CHECK(Contains(ErrorFor("SELECT $1::boolean"), "parameter"));
  CHECK(Contains(ErrorFor("SELECT 1 INTO x"), "SELECT INTO"));
  CHECK(Contains(ErrorFor("SELEC true"), "syntax error"));
  CHECK(Contains(ErrorFor("   "), "empty"));
}

}  // namespace backfill
