// Slices the text of an expression out of a DDL statement. libpg_query 15 gives node start
// positions but no ends, so the lexer's tokens decide where an expression stops.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "planner/sql/tokens.h"

namespace backfill {

class StatementTokens {
 public:
  explicit StatementTokens(const std::string& statement);

  // The text inside the first parenthesised group that starts at or after offset.
  std::optional<std::string> ParenthesizedAfter(int offset) const;
  // The expression after the DEFAULT keyword at offset, up to the next column constraint.
  std::optional<std::string> DefaultExpressionAt(int offset) const;
  // Text after the first top-level keyword `word` (case-insensitive) found at or after offset,
  // to the end of the statement.
  std::optional<std::string> TailAfterKeyword(const std::string& word, int offset) const;
  // Offset of the nth (0-based) top-level occurrence of keyword `word` at or after offset.
  std::optional<int> KeywordOffset(const std::string& word, int offset = 0, int nth = 0) const;
  // Offset of the last occurrence of keyword `word` (case-insensitive) that starts before offset.
  std::optional<int> LastKeywordBefore(const std::string& word, int offset) const;
  // The comma-separated items of the first parenthesised group at or after offset.
  std::vector<std::string> ParenthesizedItemsAfter(int offset) const;

 private:
  size_t FirstTokenAt(int offset) const;
  bool Is(size_t index, const char* word) const;
  std::string Join(size_t begin, size_t end) const;

  const std::string& text_;
  std::vector<Token> tokens_;
};

}  // namespace backfill
