#include <doctest/doctest.h>

#include "planner/analysis/advisor_test_support.h"

namespace backfill {
namespace {

using namespace backfill::testing;

const char* kSchema = "CREATE TABLE users (id bigint PRIMARY KEY, email text, score numeric, nick text);";

TEST_CASE("reversibility: a fix overwrites, and retention becomes a checklist item") {
  auto findings = Run(AdviseReversibility, kSchema,
                      R"({"target": "users.nick", "kind": "fix", "set": "'anon'", "backup_retention_days": 30})");
  const Finding* overwrite = FindingById(findings, "reversibility.overwrite");
  REQUIRE(overwrite);
  CHECK(overwrite->severity == Severity::kWarn);
  CHECK(overwrite->objects == std::vector<std::string>{"public.users.nick"});
  const Finding* retention = FindingById(findings, "reversibility.backup_retention");
  REQUIRE(retention);
  CHECK(retention->section == PlanSection::kChecklist);
  CHECK(Contains(retention->advice, "30 days"));
  CHECK_FALSE(FindingById(findings, "reversibility.lossy"));  // a constant does not transform the old value
}

TEST_CASE("reversibility: lossy transforms of the old value are flagged, walking the whole expression") {
  auto lower = Run(AdviseReversibility, kSchema, R"json({"target": "users.email", "kind": "fix", "set": "lower(btrim(email))"})json");
  const Finding* f = FindingById(lower, "reversibility.lossy");
  REQUIRE(f);
  CHECK(f->severity == Severity::kWarn);
  CHECK(f->objects == std::vector<std::string>{"lower()", "btrim()"});

  auto cast = Run(AdviseReversibility, kSchema, R"json({"target": "users.score", "kind": "fix", "set": "score::integer"})json");
  REQUIRE(FindingById(cast, "reversibility.lossy"));
  CHECK(FindingById(cast, "reversibility.lossy")->objects == std::vector<std::string>{"::int4"});

  auto coalesce = Run(AdviseReversibility, kSchema, R"json({"target": "users.nick", "kind": "fix", "set": "COALESCE(nick, 'none')"})json");
  REQUIRE(FindingById(coalesce, "reversibility.lossy"));
  CHECK(FindingById(coalesce, "reversibility.lossy")->objects == std::vector<std::string>{"COALESCE"});

  auto rounded = Run(AdviseReversibility, kSchema, R"json({"target": "users.score", "kind": "fix", "set": "round(score, 1)::numeric(5,1)"})json");
  REQUIRE(FindingById(rounded, "reversibility.lossy"));
  CHECK(FindingById(rounded, "reversibility.lossy")->objects == std::vector<std::string>{"round()", "::numeric(n)"});
}

TEST_CASE("reversibility: a fill loses nothing, and a lossless fix is not lossy") {
  CHECK(Run(AdviseReversibility, kSchema, R"json({"target": "users.nick", "set": "lower(email)"})json").empty());
  auto fix = Run(AdviseReversibility, kSchema, R"json({"target": "users.nick", "kind": "fix", "set": "nick || '!'"})json");
  CHECK_FALSE(FindingById(fix, "reversibility.lossy"));
}

TEST_CASE("reversibility: in Japanese, the same findings on the same objects, worded in Japanese") {
  const char* requirement =
      R"json({"target": "users.email", "kind": "fix", "set": "lower(btrim(email))", "backup_retention_days": 30})json";
  auto ja = RunInJapanese(AdviseReversibility, kSchema, requirement);
  const Finding* overwrite = FindingById(ja, "reversibility.overwrite");
  REQUIRE(overwrite);
  CHECK(Contains(overwrite->title, "public.users.email の既存の値を上書きする"));
  const Finding* lossy = FindingById(ja, "reversibility.lossy");
  REQUIRE(lossy);
  CHECK(Contains(lossy->title, "情報が失われる変換 (lower(), btrim()) で計算される"));
  const Finding* retention = FindingById(ja, "reversibility.backup_retention");
  REQUIRE(retention);
  CHECK(Contains(retention->advice, "30 日間 (backup_retention_days)"));
}

}  // namespace
}  // namespace backfill
