// User-supplied SQL (`set`, `where`): parsed with PostgreSQL's parser, accepted only as exactly
// one expression with no data-modifying statement anywhere inside, and compacted to one line
// so that it can be embedded in the plan's statements.
#pragma once

#include <string>
#include <vector>

#include "planner/diagnostic.h"

namespace backfill {

// The longest `set` or `where` accepted (schemas/requirement.schema.json says the same).
constexpr size_t kMaxExpressionBytes = 20000;

struct ColumnReference {
  std::vector<std::string> qualifiers;  // e.g. {"public", "orders"} for public.orders.id
  std::string column;
  int offset = 0;  // byte offset into the expression text as given
};

struct UserExpression {
  std::string sql;       // comments removed, one line
  std::vector<ColumnReference> columns;  // outside sub-queries
  std::vector<std::string> functions;    // every function called, by last name part
  std::vector<std::string> casts;        // every cast's target type: last name part, "(n)" if it has modifiers
  bool has_coalesce = false;             // COALESCE(...) anywhere
  std::vector<std::string> side_effect_calls;  // functions with side effects on every row (pg_sleep, nextval...)
  bool has_subquery = false;
  bool is_null_constant = false;
  bool is_constant = false;  // no column and no function: a literal or a cast of one
  // Calls something that gives a different value each time (now(), random(), ...): the
  // value cannot be recomputed to check a row, so progress is judged from the backup instead.
  bool is_volatile = false;
};

// what: "set" or "where" (for messages); place: where the text came from (file and key).
// Throws InputError.
UserExpression ParseUserExpression(const std::string& text, const std::string& what, const SourcePlace& place);

}  // namespace backfill
