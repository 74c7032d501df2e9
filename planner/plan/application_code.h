// The application's code that refers to the column, as a part of the plan: the places found in
// the repository (planner/code_refs), and for each kind of place what it must do in each phase
// of the transition, in the plan's language and for its kind of change (a backfill in place, or
// a rename or retype through a copy).
#pragma once

#include <string>
#include <vector>

#include "planner/plan/plan.h"

namespace backfill {

// Adds plan.application_code and a checklist item to review the places. Call after BuildPlan.
void AddApplicationCode(Plan& plan, const std::string& app_dir, size_t files_listed, const std::string& column,
                        std::vector<CodeReference> places);

}  // namespace backfill
