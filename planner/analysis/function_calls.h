// How each function a user's expression calls is judged: a built-in by the curated table
// (planner/sql/builtin_functions.h), a function of the schema by its definition (volatility,
// SECURITY DEFINER, and its body, following the functions it calls), anything else as unknown.
#pragma once

#include <string>
#include <vector>

#include "planner/catalog/catalog.h"
#include "planner/sql/expression.h"
#include "planner/wording.h"

namespace backfill {

struct CallJudgement {
  std::string function;  // as written: nextval, audit.touch
  std::vector<std::string> effects;   // what it does besides computing a value, worded
  std::vector<std::string> unknowns;  // why (part of) what it does cannot be judged, worded
  bool not_defined = false;   // neither a known built-in nor defined in the schema
  bool runs_program = false;  // COPY ... PROGRAM in it or below it
  // The value may differ on each call; volatility_reason says why when it is not a built-in's
  // own nature (a VOLATILE function of the schema, an unknown one).
  bool new_value_each_call = false;
  std::string volatility_reason;
  std::vector<std::string> definers;           // SECURITY DEFINER functions in it or below it
  std::vector<std::string> unpinned_definers;  // those of them that do not pin search_path
  int definitions = 0;  // the schema's definitions of the name; more than one: judged by the worst
};

// One judgement per function name called in the expression, in first-called order.
std::vector<CallJudgement> JudgeCalls(const Catalog& catalog, const UserExpression& expression, const Wording& say);

// UserExpression::is_volatile judged again with the schema: a function the schema declares
// IMMUTABLE or STABLE gives the same value again; one it declares VOLATILE (or leaves at that
// default) may not, nor may a function nobody defines.
bool ExpressionValueMayChange(const Catalog& catalog, const UserExpression& expression);

}  // namespace backfill
