#include "planner/catalog/source_text.h"

#include <algorithm>
#include <cstring>

namespace backfill {

SourceText::SourceText(std::string file, std::string text) : file_(std::move(file)), text_(std::move(text)) {}

std::pair<size_t, size_t> SourceText::LineOf(size_t offset) const {
  if (offset < seen_offset_) seen_offset_ = seen_line_ = seen_line_start_ = 0;
  const char* data = text_.data();
  for (const char* p = data + seen_offset_; p < data + offset;) {
    p = static_cast<const char*>(memchr(p, '\n', static_cast<size_t>(data + offset - p)));
    if (!p) break;
    ++seen_line_;
    seen_line_start_ = static_cast<size_t>(++p - data);
  }
  seen_offset_ = offset;
  return {seen_line_, seen_line_start_};
}

SourcePlace SourceText::PlaceOf(size_t offset) const {
  if (offset > text_.size()) offset = text_.size();
  auto [line_index, line_start] = LineOf(offset);
  int column = 1;
  for (size_t i = line_start; i < offset; ++i)
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
  return {file_, static_cast<int>(line_index) + 1, column};
}

std::string SourceText::ExcerptAt(size_t offset) const {
  SourcePlace place = PlaceOf(offset);
  size_t start = LineOf(std::min(offset, text_.size())).second;
  size_t end = text_.find('\n', start);
  std::string line = text_.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::string caret;
  for (int i = 1; i < place.column; ++i) caret += (i - 1 < static_cast<int>(line.size()) && line[i - 1] == '\t') ? '\t' : ' ';
  return line + "\n" + caret + "^";
}

void SourceText::Fail(size_t offset, const std::string& message, const std::string& suggestion) const {
  throw InputError(PlaceOf(offset), message, suggestion, ExcerptAt(offset));
}

size_t FindInvalidUtf8(const std::string& text) {
  // Well-formed UTF-8 as Unicode defines it: no overlong forms, no surrogates, nothing above
  // U+10FFFF (libpg_query's JSON output and nlohmann both reject those).
  auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = byte(i);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int extra = 0;
    unsigned char low = 0x80, high = 0xBF;  // range of the first continuation byte
    if (c >= 0xC2 && c <= 0xDF) extra = 1;
    else if (c == 0xE0) extra = 2, low = 0xA0;
    else if (c >= 0xE1 && c <= 0xEC) extra = 2;
    else if (c == 0xED) extra = 2, high = 0x9F;
    else if (c >= 0xEE && c <= 0xEF) extra = 2;
    else if (c == 0xF0) extra = 3, low = 0x90;
    else if (c >= 0xF1 && c <= 0xF3) extra = 3;
    else if (c == 0xF4) extra = 3, high = 0x8F;
    else return i;
    if (i + extra >= text.size()) return i;  // cut off at the end
    if (byte(i + 1) < low || byte(i + 1) > high) return i;
    for (int k = 2; k <= extra; ++k)
      if ((byte(i + k) & 0xC0) != 0x80) return i;
    i += extra + 1;
  }
  return std::string::npos;
}

}  // namespace backfill
