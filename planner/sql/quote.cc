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

}  // namespace

std::string QuoteIdentifier(const std::string& name) {
  if (LooksLikePlainIdentifier(name) && LexerReadsAsIdentifier(name)) return name;
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string QuoteLiteral(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
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
  std::string out = text;
  for (char& c : out)
    if (c == '\n' || c == '\r') c = ' ';
  return out;
}

std::string DollarQuoteTag(const std::string& body, const std::string& stem) {
  std::string tag = "$" + stem + "$";
  for (int n = 1; body.find(tag) != std::string::npos; ++n) tag = "$" + stem + "_" + std::to_string(n) + "$";
  return tag;
}

}  // namespace backfill
