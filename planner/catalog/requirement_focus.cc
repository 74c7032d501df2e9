#include "planner/catalog/requirement_focus.h"

namespace backfill {

std::optional<SchemaFocus> FocusOf(const Requirement& r) {
  if (!r.target) return std::nullopt;
  SchemaFocus focus{r.target->schema.value_or(""), r.target->table, {}};
  for (const auto* sql : {&r.set_sql, &r.where_sql, &r.type_sql, &r.using_sql, &r.reverse_sql, &r.throttle_query})
    if (*sql) focus.sql.push_back(**sql);
  return focus;
}

}  // namespace backfill
