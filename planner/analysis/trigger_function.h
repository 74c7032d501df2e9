// What a PL/pgSQL trigger function does to the row and to other tables, read from its body
// with libpg_query's PL/pgSQL parser (pg_query_parse_plpgsql).
#pragma once

#include <string>
#include <vector>

#include "planner/catalog/catalog.h"

namespace backfill {

struct TableWrite {
  std::string table;      // as written in the function: audit.log, or log
  std::string operation;  // INSERT, UPDATE, DELETE, MERGE
};

struct TriggerFunctionEffects {
  enum class Unread { kNone, kLanguage, kParseError, kUnreadable };
  bool analyzed = false;  // a PL/pgSQL body that parsed
  Unread unread = Unread::kNone;  // otherwise, why not
  std::string unread_detail;      // the language (empty if none is given) or the parser's message
  std::vector<std::string> assigned_columns;  // NEW.x := ... (in first-seen order)
  bool assigns_whole_row = false;              // NEW := ...
  std::vector<TableWrite> writes;              // INSERT/UPDATE/DELETE/MERGE inside
  bool dynamic_sql = false;                    // EXECUTE '...': cannot tell what it writes
};

// The catalog keeps only the body; a CREATE FUNCTION ... RETURNS trigger statement is rebuilt
// around it for the parser (NEW and OLD exist only in trigger functions).
TriggerFunctionEffects AnalyzeTriggerFunction(const Function& function);

}  // namespace backfill
