#include "planner/analysis/index_predicate.h"

#include <doctest/doctest.h>

#include "planner/analysis/advisor_test_support.h"

namespace backfill {
namespace {

using namespace backfill::testing;

const char* kSchema = R"sql(
CREATE TYPE public.mood AS ENUM ('sad', 'ok');
CREATE DOMAIN public.moment AS timestamptz;
CREATE FUNCTION public.norm(text) RETURNS text IMMUTABLE LANGUAGE sql AS 'SELECT lower($1)';
CREATE FUNCTION public.guess(text) RETURNS text STABLE LANGUAGE sql AS 'SELECT lower($1)';
CREATE TABLE t (id bigint PRIMARY KEY, c text, n int, at timestamptz, seen public.moment, m public.mood,
                doc json, spot point, tags text[]);
)sql";

// The reason `where` cannot be an index predicate, or "" when it can.
std::string Obstacle(const std::string& where) {
  auto bound = Bind(kSchema, R"({"target": "t.c", "set": "'x'", "where": )" + nlohmann::json(where).dump() + "}");
  auto why = IndexPredicateObstacle(bound->catalog, *bound->subject.table, bound->subject.where, Wording(Language::kEnglish));
  return why.value_or("");
}

TEST_CASE("index predicate: comparisons of columns with constants and IMMUTABLE functions can be one") {
  for (const char* where : {"c IS NULL", "n > 3 AND c <> 'x'", "lower(c) = 'a' OR c LIKE 'x%'", "at < '2025-01-01'",
                            "m = 'sad'", "n IN (1, 2, 3)", "c = ANY (ARRAY['a', 'b'])", "n::numeric > 2.5",
                            "public.norm(c) = 'x'", "seen IS NULL", "at < '2025-01-01'::timestamptz", "char_length(c) > 3"}) {
    INFO(where);
    CHECK(Obstacle(where) == "");
  }
}

// Each of these CREATE INDEX rejects: "functions in index predicate must be marked IMMUTABLE",
// "cannot use subquery in index predicate" or "set-returning functions are not allowed".
TEST_CASE("index predicate: what PostgreSQL would reject is refused, with the reason") {
  CHECK(Obstacle("at < now() - interval '1 year'").find("it calls now()") == 0);
  CHECK(Obstacle("at < CURRENT_DATE").find("it reads the clock") == 0);
  CHECK(Obstacle("n IN (SELECT 1)").find("it has a sub-query") == 0);
  CHECK(Obstacle("to_char(at, 'YYYY') = '2024'").find("it calls to_char()") == 0);
  CHECK(Obstacle("public.guess(c) = 'x'").find("it calls public.guess(), which the schema file does not declare IMMUTABLE") == 0);
  CHECK(Obstacle("at::date = '2024-01-01'").find("it casts a value to date") == 0);
  CHECK(Obstacle("m::text = 'sad'").find("it casts a value to text") == 0);
  CHECK(Obstacle("at + interval '1 day' < '2025-01-01'").find("it computes with or casts dates and times") == 0);
  CHECK(Obstacle("seen - '2025-01-01' > interval '1 day'").find("it computes with or casts dates and times") == 0);
  CHECK(Obstacle("at < '2025-01-01'::date").find("it computes with or casts dates and times") == 0);
  CHECK(Obstacle("c || n = 'x1'").find("it concatenates with ||") == 0);
  CHECK(Obstacle("'x' || c = 'xy'").find("it concatenates with ||") == 0);
  CHECK(Obstacle("unnest(tags) = 'a'").find("it calls unnest()") == 0);
  CHECK(Obstacle("date_trunc('day', at) = '2025-01-01'").find("it calls date_trunc()") == 0);
}

TEST_CASE("index predicate: the column for a plain index is one of a type btree indexes") {
  auto column = [](const std::string& where) -> std::string {
    auto bound = Bind(kSchema, R"({"target": "t.c", "set": "'x'", "where": )" + nlohmann::json(where).dump() + "}");
    const Column* c = IndexableWhereColumn(bound->catalog, *bound->subject.table, bound->subject.where);
    return c ? c->name : "";
  };
  CHECK(column("at < now()") == "at");
  CHECK(column("seen < now()") == "seen");  // a domain over timestamptz
  CHECK(column("m::text = 'ok'") == "m");
  CHECK(column("doc->>'k' = to_char(now(), 'YYYY')") == "");  // json has no btree operator class
  CHECK(column("spot <-> point(0, 0) < now()::text::float8") == "");
  CHECK(column("doc IS NULL OR n < extract(year FROM now())") == "n");
}

}  // namespace
}  // namespace backfill
