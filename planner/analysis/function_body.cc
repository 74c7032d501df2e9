#include "planner/analysis/function_body.h"

#include <algorithm>
#include <map>
#include <set>

#include <pg_query.h>

#include "planner/sql/parse_tree.h"
#include "planner/sql/quote.h"

namespace backfill {
namespace {

std::string RangeVarName(const Json& range_var) {
  std::string schema = range_var.value("schemaname", "");
  std::string name = range_var.value("relname", "");
  return schema.empty() ? QuoteIdentifier(name) : QuoteIdentifier(schema) + "." + QuoteIdentifier(name);
}

void Add(FunctionBody& body, BodyEffect effect) {
  if (std::find(body.effects.begin(), body.effects.end(), effect) == body.effects.end()) body.effects.push_back(effect);
}

void AddCall(FunctionBody& body, const Json& func_call) {
  FunctionCall call = ReadFunctionCall(func_call);
  if (call.name.empty()) return;
  bool seen = std::any_of(body.calls.begin(), body.calls.end(), [&](const FunctionCall& c) { return c.name == call.name; });
  if (!seen) body.calls.push_back(call);
}

// Statements that only read, or whose effects show in the nodes below them (a CALL's FuncCall,
// an EXPLAIN's statement).
bool OnlyReads(const std::string& type) {
  static const std::set<std::string> reads = {"SelectStmt",    "ReturnStmt",      "CallStmt",          "ExplainStmt",
                                              "DeclareCursorStmt", "FetchStmt",   "ClosePortalStmt",   "VariableShowStmt",
                                              "PrepareStmt",   "DeallocateStmt"};
  return reads.count(type) > 0;
}

// Commands with an effect that do not change the schema, as SQL names them.
const char* CommandName(const std::string& type) {
  static const std::map<std::string, const char*> names = {
      {"NotifyStmt", "NOTIFY"},       {"ListenStmt", "LISTEN"},   {"UnlistenStmt", "UNLISTEN"},
      {"VariableSetStmt", "SET"},     {"LockStmt", "LOCK"},       {"VacuumStmt", "VACUUM"},
      {"ClusterStmt", "CLUSTER"},     {"ReindexStmt", "REINDEX"}, {"RefreshMatViewStmt", "REFRESH MATERIALIZED VIEW"},
      {"TransactionStmt", "COMMIT/ROLLBACK"},  {"DiscardStmt", "DISCARD"}, {"CheckPointStmt", "CHECKPOINT"},
      {"LoadStmt", "LOAD"},           {"ExecuteStmt", "EXECUTE"}, {"ConstraintsSetStmt", "SET CONSTRAINTS"}};
  auto it = names.find(type);
  return it == names.end() ? nullptr : it->second;
}

// DDL as SQL names it; the parse node's name for the rarer ones.
std::string SchemaChangeName(const std::string& type) {
  static const std::map<std::string, std::string> names = {
      {"CreateStmt", "CREATE TABLE"},          {"AlterTableStmt", "ALTER TABLE"},
      {"DropStmt", "DROP"},                    {"IndexStmt", "CREATE INDEX"},
      {"RenameStmt", "ALTER ... RENAME"},      {"CreateTableAsStmt", "CREATE TABLE AS"},
      {"ViewStmt", "CREATE VIEW"},             {"CreateSeqStmt", "CREATE SEQUENCE"},
      {"AlterSeqStmt", "ALTER SEQUENCE"},      {"CreateFunctionStmt", "CREATE FUNCTION"},
      {"CreateTrigStmt", "CREATE TRIGGER"},    {"CreateSchemaStmt", "CREATE SCHEMA"},
      {"CreateExtensionStmt", "CREATE EXTENSION"}, {"GrantStmt", "GRANT"},
      {"GrantRoleStmt", "GRANT"},              {"CreateRoleStmt", "CREATE ROLE"},
      {"AlterRoleStmt", "ALTER ROLE"},         {"DropRoleStmt", "DROP ROLE"},
      {"CommentStmt", "COMMENT"},              {"AlterOwnerStmt", "ALTER ... OWNER"},
      {"CreatedbStmt", "CREATE DATABASE"},     {"DropdbStmt", "DROP DATABASE"},
      {"AlterSystemStmt", "ALTER SYSTEM"},     {"RuleStmt", "CREATE RULE"}};
  auto it = names.find(type);
  return it == names.end() ? type.substr(0, type.size() - 4) : it->second;
}

void ReadCopy(const Json& copy, FunctionBody& body) {
  bool from = copy.value("is_from", false);
  std::string target = copy.value("filename", "");
  if (copy.value("is_program", false))
    Add(body, {BodyEffect::Kind::kCopyProgram, from ? "COPY ... FROM PROGRAM" : "COPY ... TO PROGRAM", target});
  else if (!target.empty())
    Add(body, {BodyEffect::Kind::kCopyFile, from ? "COPY ... FROM" : "COPY ... TO", target});
  if (from && copy.contains("relation")) Add(body, {BodyEffect::Kind::kWrite, "COPY", RangeVarName(copy["relation"])});
}

// Every effect and call in a parse tree: statements anywhere (data-modifying CTEs included).
void ReadTree(const Json& tree, FunctionBody& body) {
  VisitNodes(tree, [&](const std::string& type, const Json& node) {
    static const std::map<std::string, std::string> writes = {
        {"InsertStmt", "INSERT"}, {"UpdateStmt", "UPDATE"}, {"DeleteStmt", "DELETE"}, {"MergeStmt", "MERGE"}};
    if (type == "FuncCall") {
      AddCall(body, node);
    } else if (auto w = writes.find(type); w != writes.end()) {
      if (node.contains("relation")) Add(body, {BodyEffect::Kind::kWrite, w->second, RangeVarName(node["relation"])});
    } else if (type == "TruncateStmt") {
      for (const Json& r : node.value("relations", Json::array()))
        if (r.contains("RangeVar")) Add(body, {BodyEffect::Kind::kWrite, "TRUNCATE", RangeVarName(r["RangeVar"])});
    } else if (type == "CopyStmt") {
      ReadCopy(node, body);
    } else if (type == "DoStmt") {
      Add(body, {BodyEffect::Kind::kDynamicSql, "DO", ""});
      return false;
    } else if (type == "CreateFunctionStmt") {  // its body runs when it is called, not now
      Add(body, {BodyEffect::Kind::kSchemaChange, "CREATE FUNCTION", ""});
      return false;
    } else if (type.size() > 4 && type.ends_with("Stmt") && !OnlyReads(type)) {
      if (const char* command = CommandName(type))
        Add(body, {BodyEffect::Kind::kStatement, command, ""});
      else
        Add(body, {BodyEffect::Kind::kSchemaChange, SchemaChangeName(type), ""});
    }
    return true;
  });
}

// A PL/pgSQL expression or statement: SQL as it stands ("INSERT ...", "SELECT pg_sleep(1)"), a
// bare expression ("x > 0"), or an assignment ("x := f(1)").
bool ReadEmbeddedSql(const std::string& query, FunctionBody& body) {
  std::vector<std::string> candidates = {query, "SELECT " + query};
  if (size_t at = query.find(":="); at != std::string::npos) candidates.push_back("SELECT " + query.substr(at + 2));
  for (const std::string& candidate : candidates) {
    try {
      ReadTree(ParseSql(candidate), body);
      return true;
    } catch (const std::runtime_error&) {
    }
  }
  return false;
}

// The catalog keeps the body, the parameters and how the function returns; the parser needs a
// whole CREATE FUNCTION around them (parameter names are variables; NEW and OLD exist only in
// trigger functions; RETURN NEXT and RETURN QUERY only in set-returning ones).
std::string PlpgsqlStatement(const Function& function) {
  std::string parameters;
  for (const FunctionParameter& p : function.parameters) {
    std::string mode = p.mode == "TABLE" ? "OUT" : p.mode;  // RETURNS TABLE columns are OUT variables
    parameters += (parameters.empty() ? "" : ", ") + (mode.empty() ? "" : mode + " ") +
                  (p.name.empty() ? "" : QuoteIdentifier(p.name) + " ") + p.type_sql;
  }
  std::string returns = function.is_procedure ? ""
                        : function.returns_trigger ? " RETURNS trigger"
                        : function.returns_set ? " RETURNS SETOF record"
                                               : " RETURNS record";
  std::string tag = DollarQuoteTag(function.body, "body");
  return std::string(function.is_procedure ? "CREATE PROCEDURE " : "CREATE FUNCTION ") + function.name.Display() + "(" +
         parameters + ")" + returns + " LANGUAGE plpgsql AS " + tag + function.body + tag;
}

void ReadPlpgsql(const Function& function, FunctionBody& body) {
  PgQueryPlpgsqlParseResult result = pg_query_parse_plpgsql(PlpgsqlStatement(function).c_str());
  if (result.error) {
    body.unread = FunctionBody::Unread::kParseError;
    body.unread_detail = result.error->message;
    pg_query_free_plpgsql_parse_result(result);
    return;
  }
  Json parsed = Json::parse(result.plpgsql_funcs ? result.plpgsql_funcs : "[]", nullptr, false);
  pg_query_free_plpgsql_parse_result(result);
  if (!parsed.is_array() || parsed.empty()) {
    body.unread = FunctionBody::Unread::kParseError;
    return;
  }
  VisitNodes(parsed, [&](const std::string& type, const Json& node) {
    if (type == "PLpgSQL_stmt_dynexecute" || type == "PLpgSQL_stmt_dynfors" || node.contains("dynquery"))
      Add(body, {BodyEffect::Kind::kDynamicSql, "EXECUTE", ""});
    if (type != "PLpgSQL_expr") return true;
    if (!ReadEmbeddedSql(node.value("query", ""), body)) ++body.unparsed_expressions;
    return false;
  });
}

void ReadSql(const std::string& sql, FunctionBody& body) {
  try {
    ReadTree(ParseSql(sql), body);
  } catch (const std::runtime_error& e) {
    body.unread = FunctionBody::Unread::kParseError;
    body.unread_detail = e.what();
  }
}

}  // namespace

FunctionBody ReadFunctionBody(const Function& function) {
  FunctionBody body;
  std::string language = function.language;
  std::transform(language.begin(), language.end(), language.begin(), ::tolower);
  if (!function.standard_body_json.empty()) {
    ReadTree(Json::parse(function.standard_body_json, nullptr, false), body);
  } else if (language == "sql") {
    ReadSql(function.body, body);
  } else if (language == "plpgsql") {
    ReadPlpgsql(function, body);
  } else {
    body.unread = FunctionBody::Unread::kLanguage;
    body.unread_detail = language;
  }
  return body;
}

FunctionBody ReadSqlText(const std::string& sql) {
  FunctionBody body;
  ReadSql(sql, body);
  return body;
}

}  // namespace backfill
