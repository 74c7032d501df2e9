#include "planner/sql/throttle_query.h"

#include "planner/sql/parse_tree.h"

namespace backfill {

UserExpression ParseThrottleQuery(const std::string& text, const SourcePlace& place) {
  auto fail = [&](const std::string& message, const std::string& suggestion) -> void {
    throw InputError(place, "`throttle_query`: " + message, suggestion);
  };
  const std::string example = "write one SELECT of one boolean, e.g. SELECT count(*) > 20 FROM pg_catalog.pg_stat_activity";
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) fail("is empty", example);
  if (text.find('\0') != std::string::npos) fail("contains a NUL byte", example);
  Json tree;
  int error_offset = -1;
  try {
    tree = ParseSql(text, &error_offset);
  } catch (const std::runtime_error& e) {
    fail(std::string(e.what()) + (error_offset >= 0 ? " at character " + std::to_string(error_offset + 1) : ""), example);
  }
  const Json& stmts = tree["stmts"];
  if (stmts.size() != 1) fail("holds " + std::to_string(stmts.size()) + " statements", "give exactly one SELECT, without `;`");
  const Json& stmt = stmts[0]["stmt"];
  if (!stmt.contains("SelectStmt")) fail("is not a SELECT", example);
  const Json& select = stmt["SelectStmt"];
  if (select.contains("valuesLists")) fail("is a VALUES list", example);
  // A set operation's branches each have their own target list; the first decides the columns.
  const Json* first = &select;
  while (first->contains("larg")) first = &(*first)["larg"];
  if (!first->contains("targetList") || (*first)["targetList"].size() != 1)
    fail("must return exactly one column", example);
  // The rules of `set` apply to it as a scalar sub-query: nothing written, no lock, no parameter.
  // The line break keeps a trailing -- comment from swallowing the closing parenthesis.
  return ParseUserExpression("(" + text + "\n)", "throttle_query", place);
}

}  // namespace backfill
