#include "planner/sql/parse_tree.h"

#include <algorithm>
#include <stdexcept>

#include <pg_query.h>

namespace backfill {

namespace {

const Json& FieldOr(const Json& node, const char* key, const Json& fallback) {
  if (!node.is_object()) return fallback;
  auto it = node.find(key);
  return it == node.end() ? fallback : *it;
}

}  // namespace

const Json& ArrayField(const Json& node, const char* key) {
  static const Json empty = Json::array();
  return FieldOr(node, key, empty);
}

const Json& ObjectField(const Json& node, const char* key) {
  static const Json empty = Json::object();
  return FieldOr(node, key, empty);
}

std::vector<std::string> StringList(const Json& list) {
  std::vector<std::string> out;
  if (!list.is_array()) return out;
  for (const Json& item : list) {
    if (item.contains("String")) out.push_back(item["String"].value("sval", ""));
    else if (item.contains("A_Star")) out.push_back("*");
  }
  return out;
}

namespace {

bool IsNodeTypeName(const std::string& key) {
  // libpg_query names node objects by their type, which always starts upper case.
  return !key.empty() && key[0] >= 'A' && key[0] <= 'Z';
}

void Visit(const Json& value, const std::function<bool(const std::string&, const Json&)>& visit) {
  if (value.is_array()) {
    for (const Json& item : value) Visit(item, visit);
    return;
  }
  if (!value.is_object()) return;
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (IsNodeTypeName(it.key()) && it.value().is_object()) {
      if (visit(it.key(), it.value())) Visit(it.value(), visit);
    } else {
      Visit(it.value(), visit);
    }
  }
}

}  // namespace

void VisitNodes(const Json& root, const std::function<bool(const std::string&, const Json&)>& visit) {
  Visit(root, visit);
}

std::vector<std::string> ColumnRefFields(const Json& column_ref) {
  return StringList(ArrayField(column_ref, "fields"));
}

std::vector<std::string> ReferencedColumns(const Json& root, bool skip_subqueries) {
  std::vector<std::string> out;
  VisitNodes(root, [&](const std::string& type, const Json& node) {
    if (skip_subqueries && type == "SubLink") return false;
    if (type == "ColumnRef") {
      auto fields = ColumnRefFields(node);
      if (!fields.empty() && fields.back() != "*" &&
          std::find(out.begin(), out.end(), fields.back()) == out.end())
        out.push_back(fields.back());
    }
    return true;
  });
  return out;
}

std::string ConstantText(const Json& a_const) {
  if (a_const.contains("ival")) return std::to_string(a_const["ival"].value("ival", 0));
  if (a_const.contains("sval")) return a_const["sval"].value("sval", "");
  if (a_const.contains("fval")) return a_const["fval"].value("fval", "");
  if (a_const.contains("boolval")) return a_const["boolval"].value("boolval", false) ? "true" : "false";
  return {};
}

int CursorToByteOffset(const std::string& text, int cursorpos) {
  if (cursorpos <= 0) return -1;
  int chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    // Count only the first byte of each UTF-8 sequence.
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (++chars == cursorpos) return static_cast<int>(i);
    }
  }
  return static_cast<int>(text.size());
}

Json ParseSql(const std::string& sql, int* error_offset) {
  PgQueryParseResult result = pg_query_parse(sql.c_str());
  if (result.error) {
    std::string message = result.error->message;
    if (error_offset) *error_offset = CursorToByteOffset(sql, result.error->cursorpos);
    pg_query_free_parse_result(result);
    throw std::runtime_error(message);
  }
  // The parser's JSON is well-formed for valid UTF-8 input; anything else is reported, not thrown
  // past the callers as a JSON error.
  Json tree = Json::parse(result.parse_tree, nullptr, false);
  pg_query_free_parse_result(result);
  if (tree.is_discarded()) throw std::runtime_error("the statement is not valid UTF-8");
  return tree;
}

}  // namespace backfill
