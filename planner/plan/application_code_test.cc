#include "planner/plan/application_code.h"

#include <doctest/doctest.h>

namespace backfill {
namespace {

Plan InPlace(bool not_null) {
  Plan plan;
  plan.column = "status";
  plan.not_null_after = not_null;
  plan.transition_phases = {{"before", "", {}}, {"during", "", {}}, {"after", "", {}}};
  if (not_null) plan.transition_phases.push_back({"after NOT NULL", "", {}});
  return plan;
}

CodeReference Place(const std::string& path, int line, ReferenceKind kind) { return {path, line, kind, "SQL string", "x"}; }

TEST_CASE("one row of actions per kind found, in kind order, one action per transition phase") {
  Plan plan = InPlace(true);
  AddApplicationCode(plan, "app", 40, "status",
                     {Place("a.rb", 1, ReferenceKind::kWrite), Place("a.rb", 2, ReferenceKind::kModel), Place("b.py", 3, ReferenceKind::kWrite)});
  REQUIRE(plan.application_code);
  const ApplicationCode& code = *plan.application_code;
  REQUIRE(code.actions.size() == 2);
  CHECK(code.actions[0].kind == "model");
  CHECK(code.actions[1].kind == "write");
  for (const auto& a : code.actions) CHECK(a.actions.size() == 4);
  CHECK(code.actions[1].actions[3].find("never writes NULL") != std::string::npos);
  CHECK(code.files_listed == 40);
  CHECK(plan.checklist_before.back().find("the 3 places in 2 files of app that refer to status") != std::string::npos);
}

TEST_CASE("without NOT NULL there is no fourth phase; no place found still asks for a search") {
  Plan plan = InPlace(false);
  AddApplicationCode(plan, "app", 3, "status", {Place("a.rb", 1, ReferenceKind::kRead)});
  CHECK(plan.application_code->actions[0].actions.size() == 3);
  Plan none = InPlace(false);
  AddApplicationCode(none, "app", 3, "status", {});
  CHECK(none.application_code->actions.empty());
  CHECK(none.checklist_before.back().find("no place in app refers to status") != std::string::npos);
}

TEST_CASE("a rename: the old column's places move to the new column as the Phases table says") {
  Plan plan = InPlace(false);
  plan.change_kind = "rename";
  plan.old_column = "name";
  plan.column = "full_name";
  AddApplicationCode(plan, "app", 1, "name", {Place("a.py", 1, ReferenceKind::kRead)});
  CHECK(plan.application_code->actions[0].actions[2] == "moves to full_name as the Phases table says");
}

TEST_CASE("Japanese plans word the actions in Japanese") {
  Plan plan = InPlace(true);
  plan.language = Language::kJapanese;
  AddApplicationCode(plan, "app", 1, "status", {Place("a.py", 1, ReferenceKind::kTest)});
  CHECK(plan.application_code->actions[0].actions[0] == "フィクスチャとファクトリは新しい値を書く");
}

}  // namespace
}  // namespace backfill
