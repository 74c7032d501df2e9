#include "planner/cli/skipped_statements.h"

#include <algorithm>

namespace backfill {

std::string SkippedStatementsLine(const std::string& schema_file, const std::vector<DdlNote>& notes) {
  if (notes.empty()) return {};
  // Kinds in order of first appearance, so that equal counts keep the file's order.
  std::vector<std::pair<std::string, size_t>> kinds;
  for (const DdlNote& n : notes) {
    auto it = std::find_if(kinds.begin(), kinds.end(), [&](const auto& k) { return k.first == n.kind; });
    if (it == kinds.end()) kinds.emplace_back(n.kind, 1);
    else ++it->second;
  }
  std::stable_sort(kinds.begin(), kinds.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string counts;
  for (const auto& [kind, count] : kinds) counts += (counts.empty() ? "" : ", ") + kind + ": " + std::to_string(count);
  return schema_file + ": note: " + std::to_string(notes.size()) + (notes.size() == 1 ? " statement" : " statements") +
         " skipped (" + counts + "); --verbose lists them";
}

std::vector<std::string> SkippedStatementLines(const std::vector<DdlNote>& notes) {
  std::vector<std::string> lines;
  for (const DdlNote& n : notes) lines.push_back(n.place.file + ":" + std::to_string(n.place.line) + ": note: " + n.text);
  return lines;
}

}  // namespace backfill
