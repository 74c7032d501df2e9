#include "planner/analysis/trigger_function.h"

#include <algorithm>

#include <pg_query.h>

#include "planner/sql/parse_tree.h"
#include "planner/sql/quote.h"

namespace backfill {
namespace {

void AddUnique(std::vector<std::string>& list, const std::string& item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

std::string RangeVarName(const Json& range_var) {
  std::string schema = range_var.value("schemaname", "");
  std::string name = range_var.value("relname", "");
  return schema.empty() ? QuoteIdentifier(name) : QuoteIdentifier(schema) + "." + QuoteIdentifier(name);
}

// INSERT/UPDATE/DELETE/MERGE targets of one embedded SQL statement (CTEs included).
void CollectWrites(const std::string& sql, std::vector<TableWrite>& writes) {
  Json tree;
  try {
    tree = ParseSql(sql);
  } catch (const std::runtime_error&) {
    return;  // PL/pgSQL variables in odd places: nothing reliable to say
  }
  VisitNodes(tree, [&](const std::string& type, const Json& node) {
    static const std::vector<std::pair<std::string, std::string>> kinds = {
        {"InsertStmt", "INSERT"}, {"UpdateStmt", "UPDATE"}, {"DeleteStmt", "DELETE"}, {"MergeStmt", "MERGE"}};
    for (const auto& [node_type, operation] : kinds) {
      if (type != node_type || !node.contains("relation")) continue;
      TableWrite write{RangeVarName(node["relation"]), operation};
      bool seen = std::any_of(writes.begin(), writes.end(), [&](const TableWrite& w) {
        return w.table == write.table && w.operation == write.operation;
      });
      if (!seen) writes.push_back(write);
    }
    return true;
  });
}

}  // namespace

TriggerFunctionEffects AnalyzeTriggerFunction(const Function& function) {
  TriggerFunctionEffects effects;
  std::string language = function.language;
  std::transform(language.begin(), language.end(), language.begin(), ::tolower);
  if (language != "plpgsql") {
    effects.unread = TriggerFunctionEffects::Unread::kLanguage;
    effects.unread_detail = language;
    return effects;
  }
  std::string tag = DollarQuoteTag(function.body, "body");
  std::string statement = "CREATE FUNCTION " + function.name.Display() + "() RETURNS trigger LANGUAGE plpgsql AS " + tag +
                          function.body + tag;
  PgQueryPlpgsqlParseResult result = pg_query_parse_plpgsql(statement.c_str());
  if (result.error) {
    effects.unread = TriggerFunctionEffects::Unread::kParseError;
    effects.unread_detail = result.error->message;
    pg_query_free_plpgsql_parse_result(result);
    return effects;
  }
  Json parsed = Json::parse(result.plpgsql_funcs ? result.plpgsql_funcs : "[]", nullptr, false);
  pg_query_free_plpgsql_parse_result(result);
  if (!parsed.is_array() || parsed.empty() || !parsed[0].contains("PLpgSQL_function")) {
    effects.unread = TriggerFunctionEffects::Unread::kUnreadable;
    return effects;
  }
  const Json& fn = parsed[0]["PLpgSQL_function"];
  const Json& datums = fn.value("datums", Json::array());
  int new_varno = fn.value("new_varno", -1);
  VisitNodes(fn.value("action", Json::object()), [&](const std::string& type, const Json& node) {
    if (type == "PLpgSQL_stmt_assign") {
      int varno = node.value("varno", 0);
      if (varno == new_varno) effects.assigns_whole_row = true;
      if (varno >= 0 && varno < static_cast<int>(datums.size()) && datums[varno].contains("PLpgSQL_recfield")) {
        const Json& field = datums[varno]["PLpgSQL_recfield"];
        if (field.value("recparentno", -1) == new_varno) AddUnique(effects.assigned_columns, field.value("fieldname", ""));
      }
    } else if (type == "PLpgSQL_stmt_execsql") {
      if (node.contains("sqlstmt") && node["sqlstmt"].contains("PLpgSQL_expr"))
        CollectWrites(node["sqlstmt"]["PLpgSQL_expr"].value("query", ""), effects.writes);
    } else if (type == "PLpgSQL_stmt_dynexecute" || type == "PLpgSQL_stmt_dynfors") {
      effects.dynamic_sql = true;
    }
    return true;
  });
  effects.analyzed = true;
  return effects;
}

}  // namespace backfill
