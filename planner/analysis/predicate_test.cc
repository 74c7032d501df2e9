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
  CHECK(findings[0].proposed_sql ==
        std::vector<std::string>{"CREATE INDEX CONCURRENTLY IF NOT EXISTS t_c_backfill_todo ON public.t (id) WHERE c IS NULL;",
                                 "DROP INDEX CONCURRENTLY IF EXISTS public.t_c_backfill_todo;"});
  CHECK(Contains(findings[0].advice, "the first statement below"));
}

// CREATE INDEX refuses a predicate with a function that is not IMMUTABLE: the proposal is then an
// index on the column `where` compares, and the advice says why no partial index can be written.
TEST_CASE("predicate: a `where` that reads the clock gets an index on its column, not a partial index") {
  const char* schema = "CREATE TABLE t (id bigint PRIMARY KEY, c text, created_at timestamptz);";
  auto findings = Run(AdvisePredicate, schema,
                      R"({"target": "t.c", "set": "'x'", "where": "created_at < now() - interval '1 year'"})");
  REQUIRE(findings.size() == 1);
  INFO(findings[0].advice);
  CHECK(findings[0].proposed_sql ==
        std::vector<std::string>{"CREATE INDEX CONCURRENTLY IF NOT EXISTS t_c_backfill_todo ON public.t (created_at);",
                                 "DROP INDEX CONCURRENTLY IF EXISTS public.t_c_backfill_todo;"});
  CHECK(Contains(findings[0].advice, "it calls now(), which is not known to be IMMUTABLE"));
  CHECK(Contains(findings[0].advice, "an index on the column `where` reads"));
}

TEST_CASE("predicate: a `where` with a sub-query and no column of its own proposes no index, and says why") {
  const char* schema = "CREATE TABLE t (id bigint PRIMARY KEY, c text); CREATE TABLE u (id bigint);";
  auto findings = Run(AdvisePredicate, schema,
                      R"json({"target": "t.c", "set": "'x'", "where": "EXISTS (SELECT 1 FROM public.u WHERE u.id = 1)"})json");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].proposed_sql.empty());
  CHECK(Contains(findings[0].advice, "it has a sub-query"));
  CHECK(Contains(findings[0].advice, "no index can serve it"));
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
  REQUIRE(findings[0].proposed_sql.size() == 2);
  CHECK(Contains(findings[0].proposed_sql[0],
                 "SELECT format('CREATE INDEX CONCURRENTLY IF NOT EXISTS %I ON %s ', left(p.relname, 49) || '_backfill_todo', "
                 "p.oid::regclass) || '(id, at) WHERE c IS NULL OR c LIKE ''%old''' FROM pg_partition_tree('public.t'::regclass)"));
  CHECK(Contains(findings[0].proposed_sql[0], "WHERE t.isleaf \\gexec"));
  CHECK(Contains(findings[0].proposed_sql[1], "DROP INDEX CONCURRENTLY IF EXISTS %s"));
  CHECK_FALSE(Contains(findings[0].proposed_sql[0], "ON public.t ("));
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
  CHECK(Contains(ja[0].advice, "下の 1 つ目の文で作成し、2 つ目の文で削除する"));
  CHECK(ja[0].proposed_sql[0] == "CREATE INDEX CONCURRENTLY IF NOT EXISTS t_c_backfill_todo ON public.t (id) WHERE c IS NULL;");
}

}  // namespace
}  // namespace backfill
