#include "planner/catalog/expression_text.h"

#include <strings.h>

#include <cstring>

#include "planner/sql/embed.h"

namespace backfill {

StatementTokens::StatementTokens(const std::string& statement) : text_(statement) {
  std::vector<Token> all;
  ScanTokens(statement, all);
  for (const Token& t : all)
    if (!t.is_comment) tokens_.push_back(t);
}

size_t StatementTokens::FirstTokenAt(int offset) const {
  size_t i = 0;
  while (i < tokens_.size() && tokens_[i].start < offset) ++i;
  return i;
}

bool StatementTokens::Is(size_t index, const char* word) const {
  const Token& t = tokens_[index];
  size_t n = static_cast<size_t>(t.end - t.start);
  return n == strlen(word) && strncasecmp(text_.data() + t.start, word, n) == 0;
}

// The tokens' text as the plan will embed it (planner/sql/embed.h): one line, comments gone.
std::string StatementTokens::Join(size_t begin, size_t end) const {
  if (begin >= end) return "";
  try {
    return EmbeddableExpression(text_.substr(tokens_[begin].start, tokens_[end - 1].end - tokens_[begin].start));
  } catch (const EmbedRefused&) {
    return "";  // no safe text for it: the plan treats the expression as unknown
  }
}

std::optional<std::string> StatementTokens::ParenthesizedAfter(int offset) const {
  size_t i = FirstTokenAt(offset);
  while (i < tokens_.size() && !Is(i, "(")) ++i;
  if (i == tokens_.size()) return std::nullopt;
  int depth = 0;
  for (size_t j = i; j < tokens_.size(); ++j) {
    if (Is(j, "(")) ++depth;
    if (Is(j, ")") && --depth == 0) return Join(i + 1, j);
  }
  return std::nullopt;
}

std::vector<std::string> StatementTokens::ParenthesizedItemsAfter(int offset) const {
  std::vector<std::string> items;
  size_t i = FirstTokenAt(offset);
  while (i < tokens_.size() && !Is(i, "(")) ++i;
  int depth = 0;
  size_t item_start = i + 1;
  for (size_t j = i; j < tokens_.size(); ++j) {
    if (Is(j, "(")) ++depth;
    if (Is(j, ")") && --depth == 0) {
      items.push_back(Join(item_start, j));
      break;
    }
    if (depth == 1 && Is(j, ",")) {
      items.push_back(Join(item_start, j));
      item_start = j + 1;
    }
  }
  return items;
}

std::optional<std::string> StatementTokens::DefaultExpressionAt(int offset) const {
  size_t i = FirstTokenAt(offset);
  if (i >= tokens_.size() || !Is(i, "default")) return std::nullopt;
  // A DEFAULT is a b_expr: it cannot hold these words outside parentheses, so the first one
  // met at depth 0 starts the next column constraint.
  static const char* const kStops[] = {"not", "null", "constraint", "check", "unique", "primary", "references",
                                        "generated", "collate", "default", "deferrable", "initially"};
  int depth = 0;
  size_t begin = i + 1, j = begin;
  for (; j < tokens_.size(); ++j) {
    if (Is(j, "(")) ++depth;
    if (Is(j, ")") && --depth < 0) break;
    if (depth == 0 && (Is(j, ",") || Is(j, ";"))) break;
    bool stop = false;
    for (const char* word : kStops) stop = stop || (depth == 0 && j > begin && Is(j, word));
    if (stop) break;
  }
  if (j == begin) return std::nullopt;
  return Join(begin, j);
}

std::optional<int> StatementTokens::KeywordOffset(const std::string& word, int offset, int nth) const {
  int depth = 0;
  for (size_t i = FirstTokenAt(offset); i < tokens_.size(); ++i) {
    if (Is(i, "(")) ++depth;
    if (Is(i, ")")) --depth;
    if (depth == 0 && Is(i, word.c_str()) && nth-- == 0) return tokens_[i].start;
  }
  return std::nullopt;
}

std::optional<int> StatementTokens::LastKeywordBefore(const std::string& word, int offset) const {
  std::optional<int> found;
  for (size_t i = 0; i < tokens_.size() && tokens_[i].start < offset; ++i)
    if (Is(i, word.c_str())) found = tokens_[i].start;
  return found;
}

std::optional<std::string> StatementTokens::TailAfterKeyword(const std::string& word, int offset) const {
  int depth = 0;
  for (size_t i = FirstTokenAt(offset); i < tokens_.size(); ++i) {
    if (Is(i, "(")) ++depth;
    if (Is(i, ")")) --depth;
    if (depth == 0 && Is(i, word.c_str())) {
      size_t end = tokens_.size();
      if (end > i + 1 && Is(end - 1, ";")) --end;
      return Join(i + 1, end);
    }
  }
  return std::nullopt;
}

}  // namespace backfill
