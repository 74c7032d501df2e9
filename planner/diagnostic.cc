#include "planner/diagnostic.h"

#include <algorithm>
#include <cstdio>

namespace backfill {
namespace {

// The code point starting at text[at] and its length in bytes; length 0 when the bytes there
// are not well-formed UTF-8 (overlong forms, surrogates and values above U+10FFFF included).
struct CodePoint {
  char32_t value = 0;
  size_t length = 0;
};

CodePoint DecodeAt(std::string_view text, size_t at) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char c = byte(at);
  if (c < 0x80) return {c, 1};
  size_t length = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
  if (length == 0 || at + length > text.size()) return {};
  char32_t value = c & (0x7F >> length);
  for (size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) return {};
    value = (value << 6) | (byte(at + i) & 0x3F);
  }
  bool overlong = (length == 3 && value < 0x800) || (length == 4 && value < 0x10000);
  if (overlong || (value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF) return {};
  return {value, length};
}

// Characters that move the cursor, end a line, or reorder what a reader sees.
bool Unprintable(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

std::string Escaped(char32_t c) {
  switch (c) {
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
  }
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, c < 0x100 ? "\\x%02x" : "\\u%04x", static_cast<unsigned>(c));
  return buffer;
}

// Appends the printable form of the code point at text[at]; returns how many bytes it took.
size_t AppendPrintable(std::string_view text, size_t at, bool keep_tabs, std::string& out) {
  CodePoint cp = DecodeAt(text, at);
  if (cp.length == 0) {
    out += Escaped(static_cast<unsigned char>(text[at]));
    return 1;
  }
  if (Unprintable(cp.value) && !(keep_tabs && cp.value == '\t')) out += Escaped(cp.value);
  else out.append(text.substr(at, cp.length));
  return cp.length;
}

// How many columns a string takes on a terminal, counting each code point as one.
size_t Columns(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace

std::string PrintableText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t at = 0; at < text.size();) at += AppendPrintable(text, at, false, out);
  return out;
}

std::string InputError::OneLine() const {
  std::string out;
  if (!place_.file.empty()) {
    out += place_.file + ":";
    if (place_.line > 0) out += std::to_string(place_.line) + ":";
    if (place_.column > 0) out += std::to_string(place_.column) + ":";
    out += " ";
  }
  out += message_;
  if (!suggestion_.empty()) out += " (" + suggestion_ + ")";
  return PrintableText(out);
}

// The excerpt is a source line and a caret line whose tabs and spaces line up with it. Tabs
// stay tabs (they move the cursor but hide nothing); every other escape widens the source line,
// so the caret line is rebuilt from the escaped widths.
std::string InputError::PrintableExcerpt() const {
  size_t newline = excerpt_.find('\n');
  if (newline == std::string::npos) return PrintableText(excerpt_);
  std::string_view source = std::string_view(excerpt_).substr(0, newline);
  std::string_view caret = std::string_view(excerpt_).substr(newline + 1);
  size_t caret_column = caret.find('^');
  if (caret_column == std::string_view::npos) caret_column = caret.size();
  std::string line, marks;
  size_t at = 0;
  for (size_t column = 0; at < source.size(); ++column) {
    std::string piece;
    size_t length = AppendPrintable(source, at, true, piece);
    if (column < caret_column) marks += piece == "\t" ? piece : std::string(Columns(piece), ' ');
    line += piece;
    at += length;
  }
  return line + "\n" + marks + "^";
}

namespace {

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string DidYouMean(const std::string& name, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = name.size() / 2 + 2;  // farther than this is no help
  for (const std::string& c : candidates) {
    size_t d = EditDistance(name, c);
    if (d < best_distance) best_distance = d, best = c;
  }
  return best.empty() ? best : "did you mean " + best + "?";
}

}  // namespace backfill
