#include "planner/sql/leading_space.h"

#include <algorithm>

namespace backfill {

size_t SkipSpaceAndComments(std::string_view text, size_t from) {
  size_t i = from;
  while (i < text.size()) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++i;
    } else if (text.compare(i, 2, "--") == 0) {
      i = text.find('\n', i);
      if (i == std::string_view::npos) return text.size();
    } else if (text.compare(i, 2, "/*") == 0) {
      int depth = 0;
      do {
        if (text.compare(i, 2, "/*") == 0) ++depth, i += 2;
        else if (text.compare(i, 2, "*/") == 0) --depth, i += 2;
        else ++i;
      } while (depth > 0 && i < text.size());
    } else {
      break;
    }
  }
  return std::min(i, text.size());
}

}  // namespace backfill
