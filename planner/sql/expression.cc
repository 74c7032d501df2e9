#include "planner/sql/expression.h"

#include <algorithm>
#include <set>

#include "planner/sql/builtin_functions.h"
#include "planner/sql/embed.h"
#include "planner/sql/parse_tree.h"
#include "planner/sql/quote.h"
#include "planner/sql/tokens.h"

namespace backfill {
namespace {

constexpr int kMaxNesting = 64;

// Whether calling it again may give another value, judged from the built-in table alone. A
// name the table does not know is the schema's own or an extension's: VOLATILE is PostgreSQL's
// default, so it may. So may a built-in's name qualified with a schema of the user's.
bool MayGiveNewValue(const std::vector<std::string>& name) {
  auto builtin = FindBuiltinFunction(name.back());
  if (!builtin) return true;
  if (name.size() > 1 && name[0] != "pg_catalog" && builtin->extension.empty()) return true;
  return builtin->new_value_each_call;
}

bool IsAggregate(const std::string& function) {
  static const std::set<std::string> names = {"count", "sum", "avg", "min", "max", "array_agg", "string_agg",
                                              "bool_and", "bool_or", "every", "json_agg", "jsonb_agg",
                                              "json_object_agg", "jsonb_object_agg", "xmlagg", "bit_and",
                                              "bit_or", "stddev", "variance", "percentile_cont", "mode"};
  return names.count(function) > 0;
}

int MaxParenthesisNesting(const std::string& text) {
  int depth = 0, deepest = 0;
  for (char c : text) {
    if (c == '(') deepest = std::max(deepest, ++depth);
    if (c == ')') --depth;
  }
  return deepest;
}

}  // namespace

FunctionCall ReadFunctionCall(const Json& func_call) {
  FunctionCall call{StringList(func_call.value("funcname", Json::array())), {}};
  for (const Json& arg : func_call.value("args", Json::array())) {
    bool text = arg.contains("A_Const") && arg["A_Const"].contains("sval");
    call.text_arguments.push_back(text ? std::optional<std::string>(arg["A_Const"]["sval"].value("sval", "")) : std::nullopt);
  }
  return call;
}

std::string FunctionCall::Display() const {
  std::string out;
  for (const std::string& part : name) out += (out.empty() ? "" : ".") + QuoteIdentifier(part);
  return out;
}

UserExpression ParseUserExpression(const std::string& text, const std::string& what, const SourcePlace& place) {
  auto fail = [&](const std::string& message, const std::string& suggestion = {}) -> void {
    throw InputError(place, "`" + what + "`: " + message, suggestion);
  };
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) fail("is empty", "give one SQL expression");
  if (text.size() > kMaxExpressionBytes) fail("is longer than 20000 bytes");
  if (MaxParenthesisNesting(text) > kMaxNesting) fail("nests parentheses deeper than 64 levels");
  if (text.find('\0') != std::string::npos) fail("contains a NUL byte");

  const std::string prefix = "SELECT ";
  Json tree;
  int error_offset = -1;
  try {
    tree = ParseSql(prefix + text, &error_offset);
  } catch (const std::runtime_error& e) {
    int at = error_offset - static_cast<int>(prefix.size());
    fail(std::string(e.what()) + (at >= 0 ? " at character " + std::to_string(at + 1) : ""),
         "write one SQL expression, e.g. 'pending' or lower(email)");
  }
  const Json& stmts = tree["stmts"];
  if (stmts.size() != 1) fail("holds " + std::to_string(stmts.size()) + " statements", "give exactly one expression, without `;`");
  const Json& stmt = stmts[0]["stmt"];
  if (!stmt.contains("SelectStmt")) fail("is not an expression");
  const Json& select = stmt["SelectStmt"];
  for (auto it = select.begin(); it != select.end(); ++it) {
    if (it.key() != "targetList" && it.key() != "limitOption" && it.key() != "op")
      fail("is not a single expression (found a `" + it.key() + "` clause)", "give exactly one expression");
  }
  const Json& targets = select.value("targetList", Json::array());
  if (targets.size() != 1)
    fail("holds " + std::to_string(targets.size()) + " expressions", "give exactly one expression, without commas at the top level");
  const Json& target = targets[0]["ResTarget"];
  if (target.contains("name")) fail("has an alias (AS " + target["name"].get<std::string>() + ")", "remove the alias");
  if (text.find(';') != std::string::npos) {
    std::vector<Token> tokens;
    ScanTokens(text, tokens);
    for (const Token& t : tokens)
      if (t.kind == ';') fail("contains a semicolon", "give one expression, without `;`");
  }

  UserExpression out;
  try {
    out.sql = EmbeddableExpression(text);
  } catch (const EmbedError& e) {
    fail(e.what(), "write the expression more plainly (without comments or Unicode escapes) and report this");
  } catch (const EmbedRefused& e) {
    fail(e.what(), "a bit string holds only 0 and 1, a hex string only hex digits");
  }
  const Json& value = target["val"];
  VisitNodes(value, [&](const std::string& type, const Json& node) {
    if (type == "InsertStmt" || type == "UpdateStmt" || type == "DeleteStmt" || type == "MergeStmt")
      fail("contains a data-modifying statement (" + type.substr(0, type.size() - 4) + ")",
           "the expression may only read data; the plan does the writing");
    if (type == "SelectStmt" && node.contains("lockingClause")) fail("takes row locks (FOR UPDATE/SHARE)");
    if (type == "SelectStmt" && node.contains("intoClause")) fail("contains SELECT INTO");
    if (type == "FuncCall") {
      auto name = StringList(node["funcname"]);
      if (!name.empty()) {
        out.functions.push_back(name.back());
        out.calls.push_back(ReadFunctionCall(node));
      }
      if (node.contains("over")) fail("uses a window function", "a backfill value is computed per row");
      if (!name.empty() && MayGiveNewValue(name)) out.is_volatile = true;
    }
    if (type == "SQLValueFunction") {
      std::string op = node.value("op", "");
      if (op.find("CURRENT_DATE") != std::string::npos || op.find("TIME") != std::string::npos)
        out.reads_clock = out.is_volatile = true;
    }
    if (type == "SubLink") out.has_subquery = true;
    // Inside the plan's procedures $1 would be one of their own parameters.
    if (type == "ParamRef") fail("uses a parameter ($" + std::to_string(node.value("number", 0)) + ")", "write the value itself");
    if (type == "CoalesceExpr") out.has_coalesce = true;
    if (type == "TypeCast" && node.contains("typeName")) {
      auto name = StringList(node["typeName"].value("names", Json::array()));
      if (!name.empty()) {
        out.casts.push_back(name.back() + (node["typeName"].contains("typmods") ? "(n)" : "") +
                            (node["typeName"].contains("arrayBounds") ? "[]" : ""));
        if (!node.contains("arg") || !node["arg"].contains("A_Const")) out.value_casts.push_back(name.back());
      }
    }
    if (type == "A_Expr") {
      auto op = StringList(node.value("name", Json::array()));  // OPERATOR(pg_catalog.+): {"pg_catalog", "+"}
      if (!op.empty()) out.operators.push_back(op.back());
    }
    return true;
  });
  VisitNodes(value, [&](const std::string& type, const Json& node) {
    if (type == "SubLink") return false;
    if (type == "FuncCall") {
      auto name = StringList(node["funcname"]);
      if (node.value("agg_star", false) || (!name.empty() && IsAggregate(name.back())))
        fail("uses an aggregate (" + (name.empty() ? std::string("*") : name.back()) + ")",
             "a backfill value is computed per row; use a sub-query to aggregate other rows");
    }
    if (type == "ColumnRef") {
      auto fields = ColumnRefFields(node);
      ColumnReference ref;
      ref.column = fields.back();
      ref.qualifiers.assign(fields.begin(), fields.end() - 1);
      ref.offset = node.value("location", 0) - static_cast<int>(prefix.size());
      out.columns.push_back(ref);
    }
    return true;
  });
  out.is_null_constant = value.contains("A_Const") && value["A_Const"].value("isnull", false);
  out.is_constant = out.columns.empty() && out.functions.empty() && !out.has_subquery;
  return out;
}

}  // namespace backfill
