// What a PL/pgSQL trigger function does to the row and to other tables, read from its body
// with libpg_query's PL/pgSQL parser (pg_query_parse_plpgsql).
#pragma once

#include <string>
#include <vector>

#include "planner/catalog/catalog.h"

namespace backfill {

// One column a write sets, and how: UPDATE ... SET c = now() bumps a timestamp, c = c + 1 a counter.
struct WrittenColumn {
  enum class Value { kOther, kTimestamp, kIncrement };
  std::string name;
  Value value = Value::kOther;
  bool operator==(const WrittenColumn&) const = default;
};

// `column = NEW.x` (or OLD.x) in a write's WHERE: the write reaches the row the trigger's row points to.
struct RowLink {
  std::string column;     // of the written table
  std::string reference;  // NEW.x or OLD.x
  bool operator==(const RowLink&) const = default;
};

struct TableWrite {
  std::string table;      // as written in the function: audit.log, or log
  std::string schema;     // as written; empty when unqualified
  std::string name;
  std::string operation;  // INSERT, UPDATE, DELETE, MERGE, or SELECT ... FOR UPDATE (FOR SHARE ...)
  std::vector<WrittenColumn> columns;  // UPDATE ... SET, INSERT (...) column list; empty: not listed
  std::vector<RowLink> links;          // equalities to NEW.x / OLD.x in the WHERE (UPDATE, DELETE, SELECT)
  bool reads_row = false;              // the WHERE reads NEW or OLD at all
  // The row lock it takes on the rows it matches, held to the end of the transaction: FOR NO KEY
  // UPDATE (an UPDATE), FOR UPDATE (DELETE, MERGE, SELECT ... FOR UPDATE), FOR SHARE ...; empty for INSERT.
  std::string row_lock;
  bool Writes() const { return operation.rfind("SELECT", 0) != 0; }
};

// IF current_setting('app.skip_audit', true) = 'on' THEN RETURN NEW; END IF; or the writes
// inside IF current_setting(...) IS DISTINCT FROM 'on' THEN ... END IF.
struct SettingGuard {
  std::string setting;     // app.skip_audit
  bool returns_early = false;  // the IF's branch returns: the rest of the body is skipped
  // The value that makes the trigger skip its work: the constant of `= 'on'` when the branch
  // returns, of `<> 'on'` / IS DISTINCT FROM when the branch holds the work, "on" for a
  // ::boolean test that returns; empty when the condition says otherwise.
  std::string skip_value;
  bool operator==(const SettingGuard&) const = default;
};

struct TriggerFunctionEffects {
  enum class Unread { kNone, kLanguage, kParseError, kUnreadable };
  bool analyzed = false;  // a PL/pgSQL body that parsed
  Unread unread = Unread::kNone;  // otherwise, why not
  std::string unread_detail;      // the language (empty if none is given) or the parser's message
  std::vector<std::string> assigned_columns;  // NEW.x := ... (in first-seen order)
  bool assigns_whole_row = false;              // NEW := ...
  std::vector<TableWrite> writes;              // INSERT/UPDATE/DELETE/MERGE and SELECT ... FOR UPDATE/SHARE inside
  std::vector<SettingGuard> guards;            // session settings the body checks in an IF
  bool dynamic_sql = false;                    // EXECUTE '...': cannot tell what it writes
};

// The catalog keeps only the body; a CREATE FUNCTION ... RETURNS trigger statement is rebuilt
// around it for the parser (NEW and OLD exist only in trigger functions).
TriggerFunctionEffects AnalyzeTriggerFunction(const Function& function);

// The written table as the catalog holds it (an unqualified name: public), or nullptr.
const Table* WrittenTable(const Catalog& catalog, const TableWrite& write);

// The foreign key from `table` (the trigger's) to the written table that the write's WHERE
// follows (id = NEW.parent_id, with parent_id referencing id): the write reaches the parent row.
const ForeignKey* ParentKey(const Catalog& catalog, const QualifiedName& table, const TableWrite& write);

// Whether an index of the written table leads with the column its WHERE ties to the row, so each
// write finds its rows without reading the table; false when nothing ties it or it is unknown.
bool IndexedLink(const Catalog& catalog, const TableWrite& write);

}  // namespace backfill
