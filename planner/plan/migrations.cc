#include "planner/plan/migrations.h"

#include <algorithm>

#include "planner/plan/sql_template.h"
#include "planner/sql/parse_tree.h"
#include "planner/sql/quote.h"
#include "planner/sql/script_check.h"

namespace backfill {
namespace {

struct Statement {
  std::string sql;
  std::string type;         // parse tree node type
  bool concurrent = false;  // CREATE/DROP INDEX CONCURRENTLY: cannot run inside a transaction
  std::string alter;        // ALTER TABLE: its one command's subtype (AT_SetNotNull ...)
};

std::vector<Statement> StatementsOf(const std::string& script) {
  std::vector<Statement> out;
  for (const ScriptStatement& s : ScriptStatements(script)) {
    Json tree = ParseSql(s.sql);
    auto node = tree["stmts"][0]["stmt"].begin();
    Statement statement{s.sql + ";", node.key(), node.value().value("concurrent", false), {}};
    const Json& commands = node.value().value("cmds", Json::array());
    if (node.key() == "AlterTableStmt" && commands.size() == 1)
      statement.alter = commands[0]["AlterTableCmd"].value("subtype", "");
    out.push_back(statement);
  }
  return out;
}

// 99_cleanup.sql's retention check is a DO block behind psql's \if force: a migration carries
// the gate itself (Plan::retention_gate) and no way around it.
std::vector<Statement> Without(std::vector<Statement> statements, const std::string& type) {
  statements.erase(std::remove_if(statements.begin(), statements.end(), [&](const Statement& s) { return s.type == type; }),
                   statements.end());
  return statements;
}

std::vector<Statement> WithoutDo(std::vector<Statement> statements) { return Without(std::move(statements), "DoStmt"); }

// Runner transactions replace the script's own BEGIN/COMMIT; session SETs become SET LOCAL so
// they end with the migration's transaction. A CONCURRENTLY statement cannot run inside one: it
// stays a note (the only one is dropping the optional index a finding proposes, made by hand).
std::string AsMigration(const std::vector<Statement>& statements) {
  std::string out;
  for (const Statement& s : statements) {
    if (s.type == "TransactionStmt" || s.type == "SelectStmt") continue;
    if (s.concurrent) {
      out += "-- not in a migration (CONCURRENTLY cannot run in its transaction); run it with psql if needed:\n-- " +
             CommentText(s.sql) + "\n";
      continue;
    }
    if (s.type == "VariableSetStmt" && s.sql.rfind("SET ", 0) == 0) {
      out += "SET LOCAL " + s.sql.substr(4) + "\n";
      continue;
    }
    out += s.sql + "\n";
  }
  return out;
}

// The ALTER TABLE statement with the given command, told by the parse tree: a search of the
// text would also find a table or constraint whose name holds the words.
std::string Altering(const std::vector<Statement>& statements, const std::string& subtype) {
  for (const Statement& s : statements)
    if (s.alter == subtype) return s.sql + "\n";
  return {};
}

// NOT NULL in three migrations, one lock each.
void AddNotNullSteps(const Plan& plan, bool column_was_nullable, const BundleFile& finalize, const std::string& base,
                     std::vector<Migration>& out) {
  std::vector<Statement> steps = StatementsOf(finalize.content);
  std::string lock = "SET LOCAL lock_timeout = '" + std::to_string(plan.strategy.lock_timeout_ms) + "ms';\n";
  std::string drop_check = lock + "ALTER TABLE " + plan.table + " DROP CONSTRAINT IF EXISTS " + QuoteIdentifier(plan.objects.not_null_check) + ";\n";
  // Runners apply every pending migration in order: each step that needs the finished backfill
  // checks it first and fails before changing anything.
  const std::string& gate = plan.completion_gate;
  out.push_back({base + "_not_null_check", gate + lock + Altering(steps, "AT_AddConstraint"), drop_check,
                 "after 04_verify.sql passes"});
  out.push_back({base + "_not_null_validate", gate + "SET LOCAL statement_timeout = 0;\n" + Altering(steps, "AT_ValidateConstraint"),
                 "-- nothing to undo: validating changes no data\nSELECT 1;\n", "right after the previous one"});
  std::string down = column_was_nullable
                         ? lock + "-- squawk-ignore ban-drop-not-null\nALTER TABLE " + plan.table + " ALTER COLUMN " +
                               plan.column + " DROP NOT NULL;\n"
                         : "-- the column was NOT NULL before the backfill\nSELECT 1;\n";
  out.push_back({base + "_not_null_set", gate + lock + Altering(steps, "AT_SetNotNull") + Altering(steps, "AT_DropConstraint"),
                 down, "right after the previous one"});
}

}  // namespace

std::vector<Migration> BuildMigrations(const Plan& plan, bool column_was_nullable) {
  std::string base = "backfill_" + plan.objects.backup.substr(0, plan.objects.backup.rfind("_backup_"));
  std::vector<Migration> out;
  // A rename or retype: its expand phase comes first; 80's down keeps its refusal after the
  // contract, not its stop of a running backfill (the progress table may not exist yet).
  if (!plan.change_kind.empty())
    out.push_back({base + "_expand", AsMigration(StatementsOf(plan.File("00_expand.sql")->content)),
                   AsMigration(Without(StatementsOf(plan.File("80_undo_expand.sql")->content), "UpdateStmt")),
                   "first, before any version of the application changes"});
  out.push_back({base + "_prepare", AsMigration(StatementsOf(plan.File("02_prepare.sql")->content)),
                 plan.retention_gate + AsMigration(WithoutDo(StatementsOf(plan.File("99_cleanup.sql")->content))),
                 "before running 01_preflight.sql and 03_backfill.sql with psql"});
  const BundleFile* finalize = plan.File("05_finalize.sql");
  if (finalize) AddNotNullSteps(plan, column_was_nullable, *finalize, base, out);
  if (const BundleFile* switched = plan.File("07_switch.sql")) {
    SqlData refusal;
    refusal.SetQuoteTag("tag", "switch");
    out.push_back({base + "_switch", AsMigration(StatementsOf(switched->content)), RenderSqlTemplate("switch_down", refusal),
                   "after 06_copy_indexes.sql (with psql), once every version of the application reads and writes the column as "
                   "its new type"});
  }
  if (!plan.change_kind.empty()) {
    SqlData refusal;
    refusal.SetQuoteTag("tag", "contract");
    out.push_back({base + "_contract", AsMigration(StatementsOf(plan.File("08_contract.sql")->content)),
                   RenderSqlTemplate("contract_down", refusal),
                   "once no version of the application uses the old column (06_copy_indexes.sql, with psql, before it)"});
  }
  return out;
}

}  // namespace backfill
