#include "planner/sql/quote.h"

#include "planner/sql/tokens.h"

namespace backfill {
namespace {

bool LooksLikePlainIdentifier(const std::string& name) {
  if (name.empty()) return false;
  if (!(name[0] == '_' || (name[0] >= 'a' && name[0] <= 'z'))) return false;
  for (char c : name)
    if (!(c == '_' || c == '$' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  return true;
}

// Asks PostgreSQL's lexer: a single non-keyword or unreserved-keyword token needs no quotes.
bool LexerReadsAsIdentifier(const std::string& name) {
  std::vector<Token> tokens;
  if (!ScanTokens(name, tokens) || tokens.size() != 1) return false;
  return !tokens[0].is_keyword || tokens[0].is_unreserved_keyword;
}

// prefix followed by the byte in `digits` hex digits: \x0a, \000A.
std::string HexEscape(const std::string& prefix, unsigned char byte, int digits) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out = prefix;
  for (int i = digits - 1; i >= 0; --i) out += i >= 2 ? '0' : kHex[(byte >> (4 * i)) & 0xF];
  return out;
}

}  // namespace

bool IsControlByte(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7f;
}

std::string QuoteIdentifier(const std::string& name) {
  if (LooksLikePlainIdentifier(name) && LexerReadsAsIdentifier(name)) return name;
  bool has_control = false;
  for (char c : name) has_control = has_control || IsControlByte(c);
  std::string out = has_control ? "U&\"" : "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    if (has_control && c == '\\') out += '\\';
    if (has_control && IsControlByte(c)) {
      out += HexEscape("\\", static_cast<unsigned char>(c), 4);
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string QuoteLiteral(const std::string& text) {
  bool needs_escapes = false;
  for (char c : text) needs_escapes = needs_escapes || c == '\\' || IsControlByte(c);
  std::string out = needs_escapes ? "E'" : "'";
  for (char c : text) {
    if (c == '\'') {
      out += "''";
    } else if (c == '\\' && needs_escapes) {
      out += "\\\\";
    } else if (IsControlByte(c)) {
      out += c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : HexEscape("\\x", static_cast<unsigned char>(c), 2);
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string JoinIdentifiers(const std::vector<std::string>& names, const std::string& qualifier) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) out += ", ";
    if (!qualifier.empty()) out += qualifier + ".";
    out += QuoteIdentifier(names[i]);
  }
  return out;
}

std::string CommentText(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\r') out += ' ';
    else if (IsControlByte(c)) out += HexEscape("\\x", static_cast<unsigned char>(c), 2);
    else out += c;
  }
  return out;
}

std::string TruncateUtf8(const std::string& name, size_t bytes) {
  if (name.size() <= bytes) return name;
  size_t end = bytes;
  while (end > 0 && (static_cast<unsigned char>(name[end]) & 0xC0) == 0x80) --end;
  return name.substr(0, end);
}

std::string DollarQuoteTag(const std::string& body, const std::string& stem) {
  std::string tag = "$" + stem + "$";
  for (int n = 1; body.find(tag) != std::string::npos; ++n) tag = "$" + stem + "_" + std::to_string(n) + "$";
  return tag;
}

}  // namespace backfill
