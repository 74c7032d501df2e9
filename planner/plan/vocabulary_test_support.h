// For the plan's tests: the vocabulary of one schema text and requirement, with the objects
// named for a fixed date.
#pragma once

#include <string>

#include "planner/analysis/advisor_test_support.h"
#include "planner/plan/object_names.h"
#include "planner/plan/sql_vocabulary.h"

namespace backfill::testing {

inline SqlVocabulary VocabularyFor(const std::string& ddl, const std::string& requirement) {
  auto b = Bind(ddl, requirement);
  return MakeVocabulary(b->subject, NameObjects(b->subject.table->name, b->subject.column->name, "20260101"));
}

}  // namespace backfill::testing
