#include <doctest/doctest.h>

#include "planner/analysis/advisor_test_support.h"

namespace backfill {
namespace {

using namespace backfill::testing;

const char* kSchema = "CREATE TABLE t (id bigint PRIMARY KEY, c text);";

TEST_CASE("scale: more than 10 million rows is a draft; write_heavy adds checks") {
  auto findings = Run(AdviseScale, kSchema, R"({"target": "t.c", "set": "'x'", "estimated_rows": 25000000, "write_heavy": true})");
  const Finding* large = FindingById(findings, "scale.large_table");
  REQUIRE(large);
  CHECK(large->severity == Severity::kWarn);
  CHECK(large->objects == std::vector<std::string>{"public.t"});
  CHECK(Contains(large->advice, "DBA"));
  const Finding* heavy = FindingById(findings, "scale.write_heavy");
  REQUIRE(heavy);
  CHECK(heavy->severity == Severity::kWarn);
}

TEST_CASE("scale: a known, modest row count has no finding; an unknown one is noted") {
  CHECK(Run(AdviseScale, kSchema, R"({"target": "t.c", "set": "'x'", "estimated_rows": 10000000})").empty());
  auto unknown = Run(AdviseScale, kSchema, R"({"target": "t.c", "set": "'x'"})");
  REQUIRE(unknown.size() == 1);
  CHECK(unknown[0].id == "scale.unknown_rows");
  CHECK(unknown[0].severity == Severity::kInfo);
}

TEST_CASE("scale: in Japanese, the same findings on the same table, worded in Japanese") {
  const char* requirement = R"({"target": "t.c", "set": "'x'", "estimated_rows": 25000000, "write_heavy": true})";
  auto ja = RunInJapanese(AdviseScale, kSchema, requirement);
  const Finding* large = FindingById(ja, "scale.large_table");
  REQUIRE(large);
  CHECK(Contains(large->title, "約 25000000 行"));
  CHECK(Contains(large->advice, "DBA と一緒に本番のコピーで負荷テストを行い"));
  const Finding* heavy = FindingById(ja, "scale.write_heavy");
  REQUIRE(heavy);
  CHECK(Contains(heavy->advice, "レプリカ遅延を監視し"));
}

}  // namespace
}  // namespace backfill
