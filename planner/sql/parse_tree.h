// Small readers over libpg_query's JSON parse tree (nlohmann::json), shared by the catalog and
// by the validation of user expressions.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace backfill {

using Json = nlohmann::json;

// node[key] when node is an object that has it, else an empty array (ArrayField) or object
// (ObjectField), by reference: json::value(key, Json::array()) copies the whole subtree, which
// cost a quarter of reading a large schema.
const Json& ArrayField(const Json& node, const char* key);
const Json& ObjectField(const Json& node, const char* key);

// ["String": {"sval": "a"}, ...] -> {"a", ...}
std::vector<std::string> StringList(const Json& list);

// Calls visit(node_type, node_body) for every node below (and including) root, depth first.
// Return false from visit to skip the node's children.
void VisitNodes(const Json& root, const std::function<bool(const std::string&, const Json&)>& visit);

// A ColumnRef's name parts; "*" for A_Star.
std::vector<std::string> ColumnRefFields(const Json& column_ref);

// The last name part of every ColumnRef below root (duplicates removed, in first-seen order),
// ignoring references inside sub-queries when skip_subqueries is set.
std::vector<std::string> ReferencedColumns(const Json& root, bool skip_subqueries = false);

// Integer and string values of A_Const nodes, as text ("20", "abc"); empty for others.
std::string ConstantText(const Json& a_const);

// Parses sql and returns the tree; throws std::runtime_error with the parser's message and
// sets error_offset (0-based byte offset into sql, or -1) on failure.
Json ParseSql(const std::string& sql, int* error_offset = nullptr);

// Converts PostgreSQL's 1-based character cursor position into a 0-based byte offset in text.
int CursorToByteOffset(const std::string& text, int cursorpos);

}  // namespace backfill
