// The --all index page (index.md): one row per requirement file, linking its plan or saying why
// it failed. An index the tool wrote also tells which files in an output folder are its own, so
// a second run replaces its plans and never a file it did not write.
#pragma once

#include <optional>
#include <set>
#include <string>

#include "planner/plan/plan.h"
#include "planner/wording.h"

namespace backfill {

class PlanIndex {
 public:
  explicit PlanIndex(Language language) : say_(language) {}

  void AddPlan(const std::string& file_name, const Plan& plan);
  void AddFailure(const std::string& requirement_file, const std::string& message);
  // A requirement no plan may carry out as the schema stands (a table with no key to page by).
  void AddBlocked(const std::string& requirement_file, const std::string& message);
  std::string Text() const;

 private:
  Wording say_;
  std::string rows_;
};

// The plan file names an index page lists, or nothing when `text` is not an index page
// backfill-plan wrote (in either language).
std::optional<std::set<std::string>> ListedPlans(const std::string& text);

}  // namespace backfill
