#include "planner/cli/plan_index.h"

#include <cstdio>

#include "planner/render/markdown.h"

namespace backfill {
namespace {

constexpr const char* kEnglishTitle = "# Backfill plans\n";
constexpr const char* kJapaneseTitle = "# バックフィル計画一覧\n";

// A link target: a file name may hold spaces, parentheses or worse, so every byte outside
// [A-Za-z0-9._~-] is percent-encoded (as a browser expects) and decoded back by ListedPlans.
std::string LinkTarget(const std::string& name) {
  std::string out;
  for (unsigned char c : name) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                 c == '~' || c == '-';
    char escaped[4];
    std::snprintf(escaped, sizeof escaped, "%%%02X", c);
    out += plain ? std::string(1, static_cast<char>(c)) : std::string(escaped);
  }
  return out;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string DecodeLinkTarget(const std::string& target) {
  std::string out;
  for (size_t i = 0; i < target.size(); ++i) {
    int high = i + 2 < target.size() ? HexDigit(target[i + 1]) : -1;
    int low = high >= 0 ? HexDigit(target[i + 2]) : -1;
    if (target[i] == '%' && low >= 0) {
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else {
      out += target[i];
    }
  }
  return out;
}

// Link text: a cell whose brackets cannot close the link early.
std::string LinkText(const std::string& name) {
  std::string out;
  for (char c : MarkdownCell(name)) {
    if (c == '[' || c == ']') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

void PlanIndex::AddPlan(const std::string& file_name, const Plan& plan) {
  rows_ += "| [" + LinkText(file_name) + "](" + LinkTarget(file_name) + ") | `" + MarkdownCell(plan.table + "." + plan.column) +
           "` | " + MarkdownCell(plan.kind) + " | " + std::to_string(plan.estimate.rows) + " | " +
           (plan.blocked ? say_("blocked", "実行不可") : say_("ready for review", "レビュー待ち")) + " |\n";
}

void PlanIndex::AddFailure(const std::string& requirement_file, const std::string& message) {
  rows_ += "| " + MarkdownCell(requirement_file) + " | | | | " + say_("failed: ", "失敗: ") + MarkdownCell(message) + " |\n";
}

void PlanIndex::AddBlocked(const std::string& requirement_file, const std::string& message) {
  rows_ += "| " + MarkdownCell(requirement_file) + " | | | | " + say_("blocked, no plan: ", "実行不可、計画なし: ") +
           MarkdownCell(message) + " |\n";
}

std::string PlanIndex::Text() const {
  return say_(std::string(kEnglishTitle) + "\n| Plan | Target | Kind | Rows | Status |\n",
              std::string(kJapaneseTitle) + "\n| 計画 | 対象 | 種別 | 行数 | 状態 |\n") +
         "| --- | --- | --- | --- | --- |\n" + rows_;
}

std::optional<std::set<std::string>> ListedPlans(const std::string& text) {
  if (text.rfind(kEnglishTitle, 0) != 0 && text.rfind(kJapaneseTitle, 0) != 0) return std::nullopt;
  std::set<std::string> names;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    // "| [text](target) | ...": the target is percent-encoded and the text's pipes are
    // escaped, so the first ") | " ends the link and the "](" before it starts its target.
    size_t close = line.rfind("| [", 0) == 0 ? line.find(") | ") : std::string::npos;
    size_t open = close == std::string::npos ? close : line.rfind("](", close);
    if (open != std::string::npos) names.insert(DecodeLinkTarget(line.substr(open + 2, close - open - 2)));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return names;
}

}  // namespace backfill
