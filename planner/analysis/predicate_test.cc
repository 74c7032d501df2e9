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

// PostgreSQL refuses CREATE and DROP INDEX CONCURRENTLY on a partitioned table: the proposal is one
// index per leaf partition, made with psql's \gexec, and a `where` holding % goes in as a literal.
TEST_CASE("predicate: on a partitioned table the partial index is proposed partition by partition") {
  const char* schema = R"sql(
CREATE TABLE t (id bigint, at date, c text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE t_1 PARTITION OF t FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
)sql";
  auto findings = Run(AdvisePredicate, schema, R"({"target": "t.c", "set": "'x'", "where": "c IS NULL OR c LIKE '%old'"})");
  REQUIRE(findings.size() == 1);
  INFO(findings[0].advice);
  CHECK(Contains(findings[0].advice, "one on each partition"));
  CHECK(Contains(findings[0].advice,
                 "SELECT format('CREATE INDEX CONCURRENTLY IF NOT EXISTS %I ON %s ', left(p.relname, 49) || '_backfill_todo', "
                 "p.oid::regclass) || '(id, at) WHERE c IS NULL OR c LIKE ''%old''' FROM pg_partition_tree('public.t'::regclass)"));
  CHECK(Contains(findings[0].advice, "WHERE t.isleaf \\gexec`"));
  CHECK_FALSE(Contains(findings[0].advice, "ON public.t ("));
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
