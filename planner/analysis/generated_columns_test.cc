#include <doctest/doctest.h>

#include "planner/analysis/advisor_test_support.h"

namespace backfill {
namespace {

using namespace backfill::testing;

const char* kSchema = R"sql(
CREATE TABLE people (id bigint PRIMARY KEY, first text, last text,
  full_name text GENERATED ALWAYS AS (first || ' ' || last) STORED,
  initials text GENERATED ALWAYS AS (left(first, 1)) STORED,
  last_upper text GENERATED ALWAYS AS (upper(last)) STORED);
)sql";

TEST_CASE("generated columns computed from the target are named") {
  auto findings = Run(AdviseGeneratedColumns, kSchema, R"({"target": "people.first", "set": "'A'"})");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].id == "generated.recomputed");
  CHECK(findings[0].severity == Severity::kInfo);
  CHECK(findings[0].objects == std::vector<std::string>{"full_name", "initials"});
}

TEST_CASE("generated columns: none computed from the target, no finding") {
  const char* schema = "CREATE TABLE t (id int PRIMARY KEY, a int, b int GENERATED ALWAYS AS (a * 2) STORED, c text);";
  CHECK(Run(AdviseGeneratedColumns, schema, R"({"target": "t.c", "set": "'x'"})").empty());
}

TEST_CASE("generated columns: in Japanese, the same finding on the same columns, worded in Japanese") {
  auto ja = RunInJapanese(AdviseGeneratedColumns, kSchema, R"({"target": "people.first", "set": "'A'"})");
  REQUIRE(ja.size() == 1);
  CHECK(Contains(ja[0].title, "対象列から計算される生成列が、更新する行ごとに再計算される"));
  CHECK(Contains(ja[0].advice, "ロールバックでも再計算される"));
}

}  // namespace
}  // namespace backfill
