// User-supplied SQL (`set`, `where`): parsed with PostgreSQL's parser, accepted only as exactly
// one expression with no data-modifying statement anywhere inside, and compacted to one line
// so that it can be embedded in the plan's statements.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "planner/diagnostic.h"

namespace backfill {

// The longest `set` or `where` accepted (schemas/requirement.schema.json says the same).
constexpr size_t kMaxExpressionBytes = 20000;

struct ColumnReference {
  std::vector<std::string> qualifiers;  // e.g. {"public", "orders"} for public.orders.id
  std::string column;
  int offset = 0;  // byte offset into the expression text as given
};

// A function called in the expression, as written.
struct FunctionCall {
  std::vector<std::string> name;  // {"pg_catalog", "nextval"}, {"audit", "touch"} or {"lower"}
  // Arguments that are string constants, by position (nullopt for the others): the SQL text a
  // function such as query_to_xml runs can then be judged too.
  std::vector<std::optional<std::string>> text_arguments;
  std::string Display() const;  // audit.touch
};

struct UserExpression {
  std::string sql;       // comments removed, one line
  std::vector<ColumnReference> columns;  // outside sub-queries
  std::vector<std::string> functions;    // every function called, by last name part
  std::vector<std::string> casts;        // every cast's target type: last name part, "(n)" if it has modifiers
  // The casts of something other than a constant, by target type's last name part: a constant's
  // cast is folded into the constant when PostgreSQL reads the expression, a value's is a call.
  std::vector<std::string> value_casts;
  std::vector<std::string> operators;    // every operator written (+, ~~, =), sub-queries included
  bool has_coalesce = false;             // COALESCE(...) anywhere
  std::vector<FunctionCall> calls;       // every call, sub-queries included, in the order written
  bool has_subquery = false;
  bool is_null_constant = false;
  bool is_constant = false;  // no column and no function: a literal or a cast of one
  bool reads_clock = false;  // CURRENT_DATE, CURRENT_TIMESTAMP, LOCALTIME ...
  // Reads the clock or calls something that may give a different value each time (now(),
  // random(), nextval(), or a function the built-in table does not know: VOLATILE is
  // PostgreSQL's default): the value cannot be recomputed to check a row, so progress is
  // judged from the backup instead. Judged without the schema; ExpressionValueMayChange
  // (planner/analysis/function_calls.h) judges it again with the schema's declarations.
  bool is_volatile = false;
};

// One FuncCall node of libpg_query's parse tree.
FunctionCall ReadFunctionCall(const nlohmann::json& func_call);

// what: "set" or "where" (for messages); place: where the text came from (file and key).
// Throws InputError.
UserExpression ParseUserExpression(const std::string& text, const std::string& what, const SourcePlace& place);

}  // namespace backfill
