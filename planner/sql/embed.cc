#include "planner/sql/embed.h"

#include <pg_query.pb-c.h>

#include <optional>
#include <vector>

#include "planner/sql/parse_tree.h"
#include "planner/sql/quote.h"
#include "planner/sql/tokens.h"

namespace backfill {
namespace {

std::optional<Json> ExpressionTree(const std::string& text) {
  try {
    Json tree = ParseSql("SELECT " + text);
    const Json& stmts = tree["stmts"];
    if (stmts.size() != 1) return std::nullopt;
    Json value = stmts[0]["stmt"];
    return value;
  } catch (const std::runtime_error&) {
    return std::nullopt;
  }
}

// Removes every "location" member: the same tree at other offsets is the same tree.
void DropLocations(Json& node) {
  if (node.is_object()) {
    node.erase("location");
    for (auto& [key, child] : node.items()) DropLocations(child);
  } else if (node.is_array()) {
    for (Json& child : node) DropLocations(child);
  }
}

// The value the parser gives a string constant written as `literal` (any form: '', E'', U&''
// with or without UESCAPE, $tag$...$tag$, '' continued across a line break).
std::optional<std::string> StringValue(const std::string& literal) {
  std::optional<Json> tree = ExpressionTree(literal);
  if (!tree) return std::nullopt;
  const Json& targets = (*tree)["SelectStmt"]["targetList"];
  if (targets.size() != 1) return std::nullopt;
  const Json& value = targets[0]["ResTarget"]["val"];
  if (!value.contains("A_Const") || !value["A_Const"].contains("sval")) return std::nullopt;
  return value["A_Const"]["sval"].value("sval", "");
}

// The name the parser reads from a quoted identifier ("..." or U&"..." [UESCAPE '...']).
std::optional<std::string> IdentifierValue(const std::string& quoted) {
  std::optional<Json> tree = ExpressionTree(quoted);
  if (!tree) return std::nullopt;
  const Json& targets = (*tree)["SelectStmt"]["targetList"];
  if (targets.size() != 1) return std::nullopt;
  const Json& value = targets[0]["ResTarget"]["val"];
  if (!value.contains("ColumnRef")) return std::nullopt;
  std::vector<std::string> fields = ColumnRefFields(value["ColumnRef"]);
  if (fields.size() != 1) return std::nullopt;
  return fields[0];
}

bool IsWordByte(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
}

// Where a U&'...' or U&"..." token ends: libpg_query's scanner reports a wrong end for these
// (it measures the text after decoding), so find the closing quote, doubled quotes aside.
int UnicodeTokenEnd(const std::string& text, const Token& t) {
  size_t open = static_cast<size_t>(t.start) + 2;  // the quote after U&
  if (open >= text.size()) return t.end;
  char quote = text[open];
  for (size_t i = open + 1; i < text.size(); ++i) {
    if (text[i] != quote) continue;
    if (i + 1 < text.size() && text[i + 1] == quote) {
      ++i;
      continue;
    }
    return static_cast<int>(i + 1);
  }
  return t.end;
}

// A unit of the rewrite: one token, or a U&'' / U&"" token with its UESCAPE clause.
struct Unit {
  size_t first, last;  // token indexes, inclusive
};

Unit UnitAt(const std::vector<Token>& tokens, size_t i) {
  bool unicode = tokens[i].kind == PG_QUERY__TOKEN__USCONST || tokens[i].kind == PG_QUERY__TOKEN__UIDENT;
  size_t next = i + 1;
  while (unicode && next < tokens.size() && tokens[next].is_comment) ++next;
  if (!unicode || next >= tokens.size() || tokens[next].kind != PG_QUERY__TOKEN__UESCAPE) return {i, i};
  size_t escape = next + 1;
  while (escape < tokens.size() && tokens[escape].is_comment) ++escape;
  if (escape < tokens.size() && tokens[escape].kind == PG_QUERY__TOKEN__SCONST) return {i, escape};
  return {i, i};
}

// The unit's text as it is emitted: string constants and quoted identifiers re-quoted, others
// as written. Comments between a U&'' token and its UESCAPE are dropped with the rest.
std::string UnitText(const std::string& text, const std::vector<Token>& tokens, Unit unit) {
  const Token& t = tokens[unit.first];
  std::string written = text.substr(t.start, tokens[unit.last].end - t.start);
  if (t.kind == PG_QUERY__TOKEN__SCONST || t.kind == PG_QUERY__TOKEN__USCONST) {
    std::optional<std::string> value = StringValue(written);
    if (!value) throw EmbedError("cannot read the string constant " + QuoteLiteral(written));
    return QuoteLiteral(*value);
  }
  // N'...' is lexed as the keyword NCHAR before the string; once the string is re-quoted (E'')
  // or spaced off, only the keyword spelled out keeps it a national character literal.
  if (t.kind == PG_QUERY__TOKEN__NCHAR && written.size() == 1) return "NCHAR";
  if (t.kind == PG_QUERY__TOKEN__BCONST || t.kind == PG_QUERY__TOKEN__XCONST) {
    // Kept as written, so it must hold nothing but digits: a control character in it could
    // break the line, and B'' has no escapes to write one otherwise.
    for (char c : written)
      if (IsControlByte(c)) throw EmbedRefused("a bit-string constant holds a control character");
    return written;
  }
  bool quoted_identifier = (t.kind == PG_QUERY__TOKEN__IDENT && text[t.start] == '"') || t.kind == PG_QUERY__TOKEN__UIDENT;
  if (quoted_identifier) {
    std::optional<std::string> name = IdentifierValue(written);
    if (!name) throw EmbedError("cannot read the quoted identifier " + QuoteLiteral(written));
    return QuoteIdentifier(*name);
  }
  return written;
}

// Whether two pieces, written side by side, could lex as something else: two words joining
// ("t"x -> tx), or a word or U& running into a quote (e'x', U&'x').
bool MayFuse(const std::string& before, const std::string& piece) {
  if (before.empty() || piece.empty()) return false;
  bool joins_left = IsWordByte(before.back()) || before.back() == '&';
  bool joins_right = IsWordByte(piece[0]) || piece[0] == '\'' || piece[0] == '"';
  return joins_left && joins_right;
}

std::string Rewrite(const std::string& text, const std::vector<Token>& tokens) {
  std::string out;
  int previous_end = -1;
  bool previous_rewritten = false;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].is_comment) {
      continue;
    }
    Unit unit = UnitAt(tokens, i);
    std::string piece = UnitText(text, tokens, unit);
    bool rewritten = piece != text.substr(tokens[i].start, tokens[unit.last].end - tokens[i].start);
    // A space wherever the source had a gap (or a comment), so tokens never fuse; and where a
    // re-written piece meets its neighbour in a way the source did not ("t"x -> t x,
    // & U&'x' -> & 'x', int4'a\b' -> int4 E'a\\b'). Pieces the source wrote side by side stay so.
    bool gap = previous_end >= 0 && tokens[i].start > previous_end;
    if (gap || ((rewritten || previous_rewritten) && MayFuse(out, piece))) out += ' ';
    out += piece;
    previous_end = tokens[unit.last].end;
    previous_rewritten = rewritten;
    i = unit.last;
  }
  return out;
}

}  // namespace

bool SameExpressionTree(const std::string& a, const std::string& b) {
  std::optional<Json> ta = ExpressionTree(a), tb = ExpressionTree(b);
  if (!ta || !tb) return false;
  DropLocations(*ta);
  DropLocations(*tb);
  return *ta == *tb;
}

std::string EmbeddableExpression(const std::string& text) {
  std::vector<Token> tokens;
  if (!ScanTokens(text, tokens)) return text;
  for (Token& t : tokens)
    if (t.kind == PG_QUERY__TOKEN__USCONST || t.kind == PG_QUERY__TOKEN__UIDENT) t.end = UnicodeTokenEnd(text, t);
  bool parses = ExpressionTree(text).has_value();
  std::string out;
  try {
    out = Rewrite(text, tokens);
  } catch (const EmbedError&) {
    if (!parses) return text;  // a constant the parser rejects (bad encoding): the caller's parse says so
    throw;
  }
  if (parses && !SameExpressionTree(text, out))
    throw EmbedError("the expression cannot be re-written to mean exactly what it says: " + QuoteLiteral(out));
  return out;
}

}  // namespace backfill
