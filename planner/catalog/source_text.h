// A loaded input file: its text, and how to turn byte offsets into line:column and an excerpt
// with a caret, for messages.
#pragma once

#include <string>
#include <vector>

#include "planner/diagnostic.h"

namespace backfill {

class SourceText {
 public:
  SourceText(std::string file, std::string text);

  const std::string& file() const { return file_; }
  const std::string& text() const { return text_; }
  std::string& mutable_text() { return text_; }

  SourcePlace PlaceOf(size_t offset) const;
  // The line holding offset, then a line with a caret under the offset's column.
  std::string ExcerptAt(size_t offset) const;
  [[noreturn]] void Fail(size_t offset, const std::string& message, const std::string& suggestion = {}) const;

 private:
  std::string file_;
  std::string text_;
  std::vector<size_t> line_starts_;
};

// Offset of the first byte that is not valid UTF-8, or npos.
size_t FindInvalidUtf8(const std::string& text);

}  // namespace backfill
