// A loaded input file: its text, and how to turn byte offsets into line:column and an excerpt
// with a caret, for messages.
#pragma once

#include <string>
#include <utility>
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
  // The line (0-based) holding offset and where it starts.
  std::pair<size_t, size_t> LineOf(size_t offset) const;

  std::string file_;
  std::string text_;
  // Lines are counted on demand from the last offset asked for (the reader asks in file order),
  // so that a large file needs no index of its lines.
  mutable size_t seen_offset_ = 0, seen_line_ = 0, seen_line_start_ = 0;
};

// Offset of the first byte that is not valid UTF-8, or npos.
size_t FindInvalidUtf8(const std::string& text);

}  // namespace backfill
