// The user's throttle check (`throttle_query`): one SELECT of one value, read before every batch;
// the run waits while it returns true. It is held to the rules of `set` (read only, no parameter,
// one statement) and embedded as a scalar sub-query.
#pragma once

#include <string>

#include "planner/diagnostic.h"
#include "planner/sql/expression.h"

namespace backfill {

// The query as a parenthesised scalar sub-query on one line (UserExpression::sql), with the
// functions it calls. Throws InputError at place.
UserExpression ParseThrottleQuery(const std::string& text, const SourcePlace& place);

}  // namespace backfill
