#include <doctest/doctest.h>

#include "planner/analysis/advisor_test_support.h"

namespace backfill {
namespace {

using namespace backfill::testing;

TEST_CASE("predicate: a partial index matching `where` serves it") {
  const char* schema = "CREATE TABLE t (id bigint PRIMARY KEY, c text); CREATE INDEX t_todo ON t (id) WHERE (c IS NULL);";
  auto findings = Run(AdvisePredicate, schema, R"({"target": "t.c", "set": "'x'"})");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].id == "predicate.indexed");
  CHECK(findings[0].severity == Severity::kInfo);
  CHECK(findings[0].objects == std::vector<std::string>{"public.t_todo"});
}

TEST_CASE("predicate: an index leading with a column `where` reads serves it") {
  const char* schema = "CREATE TABLE t (id bigint PRIMARY KEY, c text, kind int); CREATE INDEX t_kind ON t (kind, c);";
  auto findings = Run(AdvisePredicate, schema, R"({"target": "t.c", "set": "'x'", "where": "kind = 3"})");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].id == "predicate.indexed");
  CHECK(findings[0].objects == std::vector<std::string>{"public.t_kind"});
}

TEST_CASE("predicate: no index serves `where`: a partial index is proposed with its SQL") {
  const char* schema = "CREATE TABLE t (id bigint PRIMARY KEY, c text, kind int);";
  auto findings = Run(AdvisePredicate, schema, R"({"target": "t.c", "set": "'x'"})");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].id == "predicate.unindexed");
  CHECK(findings[0].severity == Severity::kInfo);
  CHECK(findings[0].objects == std::vector<std::string>{"public.t"});
  CHECK(Contains(findings[0].advice, "CREATE INDEX CONCURRENTLY IF NOT EXISTS t_c_backfill_todo ON public.t (id) WHERE c IS NULL;"));
  CHECK(Contains(findings[0].advice, "DROP INDEX CONCURRENTLY IF EXISTS public.t_c_backfill_todo;"));
}

TEST_CASE("predicate: a fix with the default predicate walks the whole table") {
  const char* schema = "CREATE TABLE t (id bigint PRIMARY KEY, c text); CREATE INDEX t_c ON t (c);";
  auto findings = Run(AdvisePredicate, schema, R"json({"target": "t.c", "kind": "fix", "set": "lower(c)"})json");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].id == "predicate.full_walk");
}

TEST_CASE("predicate: in Japanese, the same finding, worded in Japanese around the same SQL") {
  const char* schema = "CREATE TABLE t (id bigint PRIMARY KEY, c text, kind int);";
  auto ja = RunInJapanese(AdvisePredicate, schema, R"({"target": "t.c", "set": "'x'"})");
  REQUIRE(ja.size() == 1);
  CHECK(Contains(ja[0].title, "`where` (c IS NULL) に使えるインデックスがない"));
  CHECK(Contains(ja[0].advice, "作成: `CREATE INDEX CONCURRENTLY IF NOT EXISTS t_c_backfill_todo ON public.t (id) WHERE c IS NULL;`"));
  CHECK(Contains(ja[0].advice, "削除: `DROP INDEX CONCURRENTLY IF EXISTS public.t_c_backfill_todo;`"));
}

}  // namespace
}  // namespace backfill
