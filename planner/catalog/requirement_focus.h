// What of the schema a plan of one requirement can look at: its table and what that reaches,
// and the names its own SQL mentions (relevant_statements.h).
#pragma once

#include <optional>

#include "planner/catalog/relevant_statements.h"
#include "planner/requirement/requirement.h"

namespace backfill {

// None for a requirement without a target (nothing to focus on: the reader reads everything).
std::optional<SchemaFocus> FocusOf(const Requirement& r);

}  // namespace backfill
