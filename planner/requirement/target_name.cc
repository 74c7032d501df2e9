#include "planner/requirement/target_name.h"

#include <vector>

#include "planner/sql/quote.h"

namespace backfill {

std::string TargetName::Display() const {
  return (schema ? QuoteIdentifier(*schema) + "." : std::string()) + QuoteIdentifier(table) + "." +
         QuoteIdentifier(column);
}

TargetName ParseTargetName(const std::string& text, const SourcePlace& place) {
  auto fail = [&](const std::string& message) -> void {
    throw InputError(place, "target `" + text + "`: " + message,
                     "write [schema.]table.column, quoting names that need it: \"Sales\".\"Order Lines\".\"Status Code\"");
  };
  std::vector<std::string> parts;
  std::string current;
  bool quoted_part = false;
  size_t i = 0;
  while (i <= text.size()) {
    if (i == text.size() || text[i] == '.') {
      if (current.empty() && !quoted_part) fail("has an empty name part");
      parts.push_back(current);
      current.clear();
      quoted_part = false;
      ++i;
      if (i > text.size()) break;
      continue;
    }
    char c = text[i];
    if (c == '"') {
      if (!current.empty() || quoted_part) fail("has a quote in the middle of a name");
      size_t j = i + 1;
      for (;;) {
        if (j >= text.size()) fail("has an unterminated quoted name");
        if (text[j] == '"') {
          if (j + 1 < text.size() && text[j + 1] == '"') {
            current += '"';
            j += 2;
            continue;
          }
          break;
        }
        current += text[j++];
      }
      if (current.empty()) fail("has an empty quoted name \"\"");
      quoted_part = true;
      i = j + 1;
      if (i < text.size() && text[i] != '.') fail("has text after a closing quote");
      continue;
    }
    if (quoted_part) fail("has text after a closing quote");
    if (c == ' ' || c == '\t' || c == ';' || c == '(' || c == ')' || c == ',' || c == '\'')
      fail(std::string("has `") + c + "` outside quotes");
    // PostgreSQL folds only ASCII letters of unquoted names.
    current += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    ++i;
  }
  if (parts.size() < 2) fail("names no column");
  if (parts.size() > 3) fail("has more than three name parts");
  TargetName name;
  if (parts.size() == 3) name.schema = parts[0];
  name.table = parts[parts.size() - 2];
  name.column = parts.back();
  return name;
}

}  // namespace backfill
