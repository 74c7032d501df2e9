#include <doctest/doctest.h>

#include "planner/analysis/advisor_test_support.h"

namespace backfill {
namespace {

using namespace backfill::testing;

const char* kSchema = R"sql(
CREATE TABLE events (id bigint NOT NULL, region text NOT NULL, kind text, PRIMARY KEY (id, region)) PARTITION BY LIST (region);
CREATE TABLE events_eu PARTITION OF events FOR VALUES IN ('eu');
CREATE TABLE events_us PARTITION OF events FOR VALUES IN ('us');
CREATE TABLE events_other (id bigint NOT NULL, region text NOT NULL, kind text);
ALTER TABLE events ATTACH PARTITION events_other DEFAULT;
)sql";

TEST_CASE("partitions: a partitioned table gets a note naming its partitions") {
  auto findings = Run(AdvisePartitions, kSchema, R"({"target": "events.kind", "set": "'a'"})");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].id == "partitions.partitioned");
  CHECK(findings[0].severity == Severity::kInfo);
  CHECK(findings[0].objects == std::vector<std::string>{"public.events_eu", "public.events_us", "public.events_other"});
}

TEST_CASE("partitions: the partition key column blocks the plan") {
  // region is in the key the plan pages by only if chosen; here the primary key (id, region) is,
  // so use a table whose key does not hold the partition column.
  const char* schema = R"sql(
CREATE TABLE m (id bigint NOT NULL, day date NOT NULL, v text) PARTITION BY RANGE (v);
CREATE UNIQUE INDEX m_id ON m (id);
CREATE TABLE m_a PARTITION OF m FOR VALUES FROM ('a') TO ('m');
)sql";
  auto findings = Run(AdvisePartitions, schema, R"({"target": "m.v", "set": "'b'"})");
  const Finding* block = FindingById(findings, "partitions.key_column");
  REQUIRE(block);
  CHECK(block->severity == Severity::kBlock);
  CHECK(block->objects == std::vector<std::string>{"public.m"});
}

TEST_CASE("partitions: an ordinary table has no finding") {
  CHECK(Run(AdvisePartitions, "CREATE TABLE t (id int PRIMARY KEY, c text);", R"({"target": "t.c", "set": "'x'"})").empty());
}

TEST_CASE("partitions: in Japanese, the same findings on the same objects, worded in Japanese") {
  const char* schema = R"sql(
CREATE TABLE m (id bigint NOT NULL, v text) PARTITION BY RANGE (v);
CREATE UNIQUE INDEX m_id ON m (id);
CREATE TABLE m_a PARTITION OF m FOR VALUES FROM ('a') TO ('m');
)sql";
  auto ja = RunInJapanese(AdvisePartitions, schema, R"({"target": "m.v", "set": "'b'"})");
  const Finding* block = FindingById(ja, "partitions.key_column");
  REQUIRE(block);
  CHECK(Contains(block->title, "対象列はパーティションキーに含まれる"));
  CHECK(Contains(block->advice, "データ移行として計画する"));
  const Finding* partitioned = FindingById(ja, "partitions.partitioned");
  REQUIRE(partitioned);
  CHECK(Contains(partitioned->title, "パーティション数 1 のパーティションテーブル"));
}

}  // namespace
}  // namespace backfill
