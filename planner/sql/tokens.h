// PostgreSQL's own lexer (through libpg_query), for the few places that need token boundaries:
// stripping comments from user expressions, slicing expression text out of DDL, and deciding
// whether an identifier needs quotes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace backfill {

struct Token {
  int start = 0;  // byte offsets into the scanned text
  int end = 0;
  int kind = 0;   // PgQuery__Token value
  bool is_comment = false;
  bool is_keyword = false;       // any keyword
  bool is_unreserved_keyword = false;
  std::string_view Text(std::string_view source) const { return source.substr(start, end - start); }
};

// Returns false when the lexer rejects the text (an unterminated string, say).
bool ScanTokens(const std::string& text, std::vector<Token>& tokens);

}  // namespace backfill
