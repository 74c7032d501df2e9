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

TableWrite WriteTo(const Json& range_var, const std::string& operation) {
  TableWrite write;
  write.table = RangeVarName(range_var);
  write.schema = range_var.value("schemaname", "");
  write.name = range_var.value("relname", "");
  write.operation = operation;
  return write;
}

// NEW.x or OLD.x, as the trigger's row: "NEW.x"; empty for any other reference.
std::string RowReference(const Json& node) {
  if (!node.contains("ColumnRef")) return {};
  std::vector<std::string> fields = ColumnRefFields(node["ColumnRef"]);
  if (fields.size() != 2 || (fields[0] != "new" && fields[0] != "old")) return {};
  return (fields[0] == "new" ? "NEW." : "OLD.") + QuoteIdentifier(fields[1]);
}

std::string OperatorName(const Json& a_expr) {
  std::vector<std::string> name = StringList(a_expr.value("name", Json::array()));
  return name.empty() ? "" : name.back();
}

// What a WHERE ties the write to: column = NEW.x pairs, and whether it reads NEW or OLD at all.
void ReadWhere(const Json& where, TableWrite& write) {
  VisitNodes(where, [&](const std::string& type, const Json& node) {
    if (type == "SubLink") return false;
    if (type == "ColumnRef") {
      if (!RowReference(Json{{"ColumnRef", node}}).empty()) write.reads_row = true;
    } else if (type == "A_Expr" && OperatorName(node) == "=" && node.value("kind", "AEXPR_OP") == "AEXPR_OP" &&
               node.contains("lexpr") && node.contains("rexpr")) {
      for (int side = 0; side < 2; ++side) {
        const Json& mine = node[side == 0 ? "lexpr" : "rexpr"];
        const Json& theirs = node[side == 0 ? "rexpr" : "lexpr"];
        std::string reference = RowReference(theirs);
        if (reference.empty() || !mine.contains("ColumnRef") || !RowReference(mine).empty()) continue;
        std::vector<std::string> fields = ColumnRefFields(mine["ColumnRef"]);
        if (fields.empty() || fields.back() == "*") continue;
        RowLink link{fields.back(), reference};
        if (std::find(write.links.begin(), write.links.end(), link) == write.links.end()) write.links.push_back(link);
      }
    }
    return true;
  });
}

WrittenColumn::Value ValueKind(const std::string& column, const Json& value) {
  if (value.contains("SQLValueFunction")) {
    std::string op = value["SQLValueFunction"].value("op", "");
    if (op.find("TIME") != std::string::npos) return WrittenColumn::Value::kTimestamp;
  }
  if (value.contains("FuncCall")) {
    std::vector<std::string> name = StringList(value["FuncCall"].value("funcname", Json::array()));
    static const std::vector<std::string> clocks = {"now", "clock_timestamp", "statement_timestamp", "transaction_timestamp"};
    if (!name.empty() && std::find(clocks.begin(), clocks.end(), name.back()) != clocks.end())
      return WrittenColumn::Value::kTimestamp;
  }
  if (value.contains("TypeCast") && value["TypeCast"].contains("arg")) return ValueKind(column, value["TypeCast"]["arg"]);
  if (value.contains("A_Expr")) {
    const Json& e = value["A_Expr"];
    std::string op = OperatorName(e);
    if ((op == "+" || op == "-") && e.contains("lexpr") && e["lexpr"].contains("ColumnRef")) {
      std::vector<std::string> fields = ColumnRefFields(e["lexpr"]["ColumnRef"]);
      if (!fields.empty() && fields.back() == column && RowReference(e["lexpr"]).empty()) return WrittenColumn::Value::kIncrement;
    }
  }
  return WrittenColumn::Value::kOther;
}

void AddWrite(std::vector<TableWrite>& writes, TableWrite write) {
  for (TableWrite& w : writes)
    if (w.table == write.table && w.operation == write.operation) {
      for (const WrittenColumn& c : write.columns)
        if (std::find(w.columns.begin(), w.columns.end(), c) == w.columns.end()) w.columns.push_back(c);
      for (const RowLink& l : write.links)
        if (std::find(w.links.begin(), w.links.end(), l) == w.links.end()) w.links.push_back(l);
      w.reads_row = w.reads_row || write.reads_row;
      return;
    }
  writes.push_back(std::move(write));
}

const char* LockStrengthName(const std::string& strength) {
  if (strength == "LCS_FORKEYSHARE") return "FOR KEY SHARE";
  if (strength == "LCS_FORSHARE") return "FOR SHARE";
  if (strength == "LCS_FORNOKEYUPDATE") return "FOR NO KEY UPDATE";
  return "FOR UPDATE";
}

// INSERT/UPDATE/DELETE/MERGE targets of one embedded SQL statement (CTEs included), with the
// columns they set and how their WHERE reaches the trigger's row; SELECT ... FOR UPDATE/SHARE
// locks too.
void CollectWrites(const std::string& sql, std::vector<TableWrite>& writes) {
  Json tree;
  try {
    tree = ParseSql(sql);
  } catch (const std::runtime_error&) {
    return;  // PL/pgSQL variables in odd places: nothing reliable to say
  }
  VisitNodes(tree, [&](const std::string& type, const Json& node) {
    if (type == "InsertStmt" && node.contains("relation")) {
      TableWrite write = WriteTo(node["relation"], "INSERT");
      for (const Json& target : node.value("cols", Json::array()))
        if (target.contains("ResTarget")) write.columns.push_back({target["ResTarget"].value("name", ""), WrittenColumn::Value::kOther});
      AddWrite(writes, std::move(write));
    } else if (type == "UpdateStmt" && node.contains("relation")) {
      TableWrite write = WriteTo(node["relation"], "UPDATE");
      write.row_lock = "FOR NO KEY UPDATE";
      for (const Json& target : node.value("targetList", Json::array())) {
        if (!target.contains("ResTarget")) continue;
        std::string name = target["ResTarget"].value("name", "");
        write.columns.push_back({name, ValueKind(name, target["ResTarget"].value("val", Json::object()))});
      }
      if (node.contains("whereClause")) ReadWhere(node["whereClause"], write);
      AddWrite(writes, std::move(write));
    } else if (type == "DeleteStmt" && node.contains("relation")) {
      TableWrite write = WriteTo(node["relation"], "DELETE");
      write.row_lock = "FOR UPDATE";
      if (node.contains("whereClause")) ReadWhere(node["whereClause"], write);
      AddWrite(writes, std::move(write));
    } else if (type == "MergeStmt" && node.contains("relation")) {
      TableWrite write = WriteTo(node["relation"], "MERGE");
      write.row_lock = "FOR UPDATE";
      AddWrite(writes, std::move(write));
    } else if (type == "SelectStmt" && node.contains("lockingClause")) {
      for (const Json& clause : node["lockingClause"]) {
        if (!clause.contains("LockingClause")) continue;
        const Json& locking = clause["LockingClause"];
        std::string strength = LockStrengthName(locking.value("strength", ""));
        std::vector<Json> relations;
        for (const Json& r : locking.value("lockedRels", Json::array()))
          if (r.contains("RangeVar")) relations.push_back(r["RangeVar"]);
        if (relations.empty())
          VisitNodes(node.value("fromClause", Json::array()), [&](const std::string& t, const Json& n) {
            if (t == "RangeSubselect" || t == "RangeFunction") return false;
            if (t == "RangeVar") relations.push_back(n);
            return true;
          });
        for (const Json& relation : relations) {
          TableWrite lock = WriteTo(relation, std::string("SELECT ... ") + strength);
          lock.row_lock = strength;
          if (node.contains("whereClause")) ReadWhere(node["whereClause"], lock);
          AddWrite(writes, std::move(lock));
        }
      }
    }
    return true;
  });
}

// The session settings an IF condition reads with current_setting('name' ...), and the constant
// each is compared with.
void CollectGuards(const Json& if_stmt, std::vector<SettingGuard>& guards) {
  if (!if_stmt.contains("cond") || !if_stmt["cond"].contains("PLpgSQL_expr")) return;
  Json tree;
  try {
    tree = ParseSql("SELECT " + if_stmt["cond"]["PLpgSQL_expr"].value("query", ""));
  } catch (const std::runtime_error&) {
    return;
  }
  auto setting_in = [](const Json& root) {
    std::string found;
    VisitNodes(root, [&](const std::string& type, const Json& node) {
      if (type != "FuncCall" || !found.empty()) return found.empty();
      std::vector<std::string> name = StringList(node.value("funcname", Json::array()));
      const Json& args = node.value("args", Json::array());
      if (!name.empty() && name.back() == "current_setting" && !args.empty() && args[0].contains("A_Const"))
        found = ConstantText(args[0]["A_Const"]);
      return found.empty();
    });
    return found;
  };
  bool returns = false;
  for (const Json& s : if_stmt.value("then_body", Json::array()))
    if (s.contains("PLpgSQL_stmt_return")) returns = true;
  std::vector<SettingGuard> found;
  VisitNodes(tree, [&](const std::string& type, const Json& node) {
    if (type == "A_Expr" && node.contains("lexpr") && node.contains("rexpr")) {
      for (int side = 0; side < 2; ++side) {
        const Json& mine = node[side == 0 ? "lexpr" : "rexpr"];
        const Json& theirs = node[side == 0 ? "rexpr" : "lexpr"];
        std::string setting = setting_in(mine);
        if (setting.empty() || !theirs.contains("A_Const")) continue;
        std::string kind = node.value("kind", "AEXPR_OP"), op = OperatorName(node);
        bool equal = (kind == "AEXPR_OP" && op == "=") || kind == "AEXPR_NOT_DISTINCT";
        bool differ = (kind == "AEXPR_OP" && (op == "<>" || op == "!=")) || kind == "AEXPR_DISTINCT";
        std::string value = ConstantText(theirs["A_Const"]);
        found.push_back({setting, returns, (equal && returns) || (differ && !returns) ? value : ""});
      }
    }
    return true;
  });
  // current_setting(...)::boolean, or a comparison with no constant: the setting without a value.
  std::string any = setting_in(tree);
  if (!any.empty() && std::none_of(found.begin(), found.end(), [&](const SettingGuard& g) { return g.setting == any; })) {
    std::string text = if_stmt["cond"]["PLpgSQL_expr"].value("query", "");
    std::transform(text.begin(), text.end(), text.begin(), ::tolower);
    bool boolean = text.find("::bool") != std::string::npos || text.find("as bool") != std::string::npos;
    bool negated = text.find("not ") != std::string::npos;
    found.push_back({any, returns, boolean && returns && !negated ? "on" : ""});
  }
  for (const SettingGuard& g : found)
    if (std::find(guards.begin(), guards.end(), g) == guards.end()) guards.push_back(g);
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
    } else if (type == "PLpgSQL_stmt_perform") {  // PERFORM 1 FROM t WHERE ... FOR UPDATE
      if (node.contains("expr") && node["expr"].contains("PLpgSQL_expr"))
        CollectWrites(node["expr"]["PLpgSQL_expr"].value("query", ""), effects.writes);
    } else if (type == "PLpgSQL_stmt_if") {
      CollectGuards(node, effects.guards);
    } else if (type == "PLpgSQL_stmt_dynexecute" || type == "PLpgSQL_stmt_dynfors") {
      effects.dynamic_sql = true;
    }
    return true;
  });
  effects.analyzed = true;
  return effects;
}

const Table* WrittenTable(const Catalog& catalog, const TableWrite& write) {
  return catalog.FindTable({write.schema.empty() ? "public" : write.schema, write.name});
}

const ForeignKey* ParentKey(const Catalog& catalog, const QualifiedName& table, const TableWrite& write) {
  const Table* written = WrittenTable(catalog, write);
  if (!written) return nullptr;
  for (const ForeignKey* fk : catalog.ForeignKeysFrom(table)) {
    if (fk->referenced_table != written->name || fk->columns.size() != 1) continue;
    std::string referenced = fk->referenced_columns.empty() ? "" : fk->referenced_columns[0];
    if (referenced.empty())
      for (const Index* i : catalog.IndexesOn(written->name))
        if (i->primary && i->columns.size() == 1) referenced = i->columns[0];
    for (const RowLink& link : write.links)
      if (link.column == referenced && link.reference == "NEW." + QuoteIdentifier(fk->columns[0])) return fk;
  }
  return nullptr;
}

bool IndexedLink(const Catalog& catalog, const TableWrite& write) {
  const Table* written = WrittenTable(catalog, write);
  if (!written) return false;
  for (const RowLink& link : write.links)
    for (const Index* i : catalog.IndexesOn(written->name))
      if (i->method == "btree" && !i->predicate_sql && !i->columns.empty() && i->columns[0] == link.column) return true;
  return false;
}

}  // namespace backfill
