#include "planner/sql/psql_lexer.h"

#include <strings.h>

#include <algorithm>

namespace backfill {
namespace {

constexpr size_t kNone = std::string_view::npos;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLetter(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}
// {ident_start}, {ident_cont}, {dolq_cont} and {variable_char} of psqlscan.l.
bool IsIdentifierStart(char c) { return IsLetter(c); }
bool IsIdentifierChar(char c) { return IsLetter(c) || IsDigit(c) || c == '$'; }
bool IsTagChar(char c) { return IsLetter(c) || IsDigit(c); }
bool IsVariableChar(char c) { return IsLetter(c) || IsDigit(c); }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool IsLower(char c, char lower) { return c == lower || c == lower - 'a' + 'A'; }

// The first of the bytes a or b at or after `from`, or text.size().
size_t FindEither(std::string_view text, size_t from, char a, char b) {
  if (a == b) return std::min(text.find(a, from), text.size());  // memchr
  for (size_t i = from; i < text.size(); ++i)
    if (text[i] == a || text[i] == b) return i;
  return text.size();
}

bool EqualsIgnoringCase(std::string_view a, const char* b) {
  return a.size() == std::char_traits<char>::length(b) && strncasecmp(a.data(), b, a.size()) == 0;
}

// `$tag$` or `$$` at offset, as {dolqdelim}; its length or 0.
size_t DollarTagLength(std::string_view text, size_t at) {
  if (at >= text.size() || text[at] != '$') return 0;
  size_t i = at + 1;
  if (i < text.size() && IsIdentifierStart(text[i]))
    while (i < text.size() && IsTagChar(text[i])) ++i;
  return i < text.size() && text[i] == '$' ? i + 1 - at : 0;
}

// psql takes the rest of the line as the argument of these (OT_WHOLE_LINE). An unknown name of
// more than one letter is retried as its first letter followed by an argument, so \!cmd and
// \hanything are whole-line too.
bool TakesWholeLine(std::string_view name) {
  if (!name.empty() && (name[0] == '!' || name[0] == 'h')) return true;
  for (const char* whole : {"copy", "ef", "ev", "sf", "sf+", "sv", "sv+"})
    if (name == whole) return true;
  return false;
}

// OT_FILEPIPE: an argument starting with | runs the rest of the line as a shell command.
bool PipesToShell(std::string_view name) {
  for (const char* pipe : {"g", "gx", "o", "out", "w", "write"})
    if (name == pipe) return true;
  return false;
}

}  // namespace

QueryEffect QueryEffectOf(std::string_view name) {
  // An unknown name is retried as its first letter, so \gfoo sends (\g to a file foo) and \rx
  // resets; of the known ones starting with g only \getenv leaves the buffer alone.
  if (name.empty()) return QueryEffect::kNone;
  if ((name[0] == 'g' && name != "getenv") || name == "watch" || name == "crosstabview") return QueryEffect::kSends;
  if (name[0] == 'r') return QueryEffect::kDiscards;
  return QueryEffect::kNone;
}

bool PsqlLexer::Next(PsqlPiece& piece) {
  while (ready_.empty() && pos_ < text_.size()) LexToken();
  if (ready_.empty()) return false;
  piece = std::move(ready_.front());
  ready_.pop_front();
  return true;
}

void PsqlLexer::Emit(PsqlPiece::Kind kind, size_t start, size_t end) {
  if (report_ == Report::kBoundaries && (kind == PsqlPiece::Kind::kQuoted || kind == PsqlPiece::Kind::kComment || kind == PsqlPiece::Kind::kVariable))
    return;
  PsqlPiece piece;
  piece.kind = kind;
  piece.start = start;
  piece.end = end;
  ready_.push_back(std::move(piece));
}

void PsqlLexer::Step() {
  if (text_[pos_++] != '\n') return;
  // psql hands COPY the lines that follow the one its statement ended on; `\.` alone on a line
  // (handleCopyIn) or the end of the file ends them.
  for (; copies_pending_ > 0; --copies_pending_) {
    size_t start = pos_;
    while (pos_ < text_.size()) {
      size_t eol = text_.find('\n', pos_);
      std::string_view line = text_.substr(pos_, eol == kNone ? kNone : eol - pos_);
      pos_ = eol == kNone ? text_.size() : eol + 1;
      if (line == "\\." || line == "\\.\r") break;
    }
    Emit(PsqlPiece::Kind::kCopyData, start, pos_);
  }
}

void PsqlLexer::Reset() {
  // psql_scan_reset, which psql calls after a backslash command sent or discarded the query.
  paren_depth_ = begin_depth_ = identifier_count_ = 0;
  query_pending_ = false;
}

void PsqlLexer::LexToken() {
  char c = text_[pos_];
  char next = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
  if (IsSpace(c)) {
    do Step();
    while (pos_ < text_.size() && IsSpace(text_[pos_]));
    return;
  }
  if (c == '-' && next == '-') {
    size_t end = text_.find_first_of("\r\n", pos_);
    if (end == kNone) end = text_.size();
    Emit(PsqlPiece::Kind::kComment, pos_, end);
    pos_ = end;
    return;  // psql leaves -- comments out of the query buffer
  }
  if (c == '\\') return LexBackslash();
  query_pending_ = true;
  if (c == '/' && next == '*') return LexBlockComment();
  if (c == '\'') return LexString(pos_, pos_ + 1, true, setting_ == StringSetting::kBackslashEscapes);
  if (c == '"') return LexQuotedIdentifier(pos_, pos_ + 1);
  if (c == '$' && LexDollarQuote()) return;
  if (c == '$' && IsDigit(next)) {  // a parameter, $1
    ++pos_;
    return LexNumber();
  }
  if (IsIdentifierStart(c)) return LexWord();
  if (IsDigit(c) || (c == '.' && IsDigit(next))) return LexNumber();
  if (c == ':' && LexVariable()) return;
  if (c == ':' && (next == ':' || next == '=')) {  // :: and := are never variables
    pos_ += 2;
    return;
  }
  if (c == '(') ++paren_depth_;
  if (c == ')' && paren_depth_ > 0) --paren_depth_;
  if (c == ';' && paren_depth_ == 0 && begin_depth_ == 0) {
    Emit(PsqlPiece::Kind::kStatementEnd, pos_, pos_ + 1);
    identifier_count_ = 0;
    query_pending_ = false;
  }
  ++pos_;
}

void PsqlLexer::LexWord() {
  char c = text_[pos_];
  char next = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
  char third = pos_ + 2 < text_.size() ? text_[pos_ + 2] : '\0';
  // A prefix is only one at the start of a word: xe'...' is the word xe and a plain string.
  if (next == '\'' && IsLower(c, 'e')) return LexString(pos_, pos_ + 2, true, true);
  if (next == '\'' && (IsLower(c, 'b') || IsLower(c, 'x'))) return LexString(pos_, pos_ + 2, false, false);
  if (next == '\'' && IsLower(c, 'n')) {  // N'...' is a string as the setting reads '...'
    ++pos_;
    return;
  }
  if (IsLower(c, 'u') && next == '&' && third == '\'') return LexString(pos_, pos_ + 3, true, false);
  if (IsLower(c, 'u') && next == '&' && third == '"') return LexQuotedIdentifier(pos_, pos_ + 3);
  size_t start = pos_;
  while (pos_ < text_.size() && IsIdentifierChar(text_[pos_])) ++pos_;
  CountWord(text_.substr(start, pos_ - start));
}

void PsqlLexer::CountWord(std::string_view word) {
  // psql's heuristic for CREATE [OR REPLACE] FUNCTION|PROCEDURE ... BEGIN ATOMIC ... END: while
  // inside, a `;` does not end the statement. Only the first four words can start it.
  if (identifier_count_ == 0)
    for (char& letter : identifiers_) letter = 0;
  if (identifier_count_ < static_cast<int>(sizeof(identifiers_))) {
    bool leading = false;
    for (const char* w : {"create", "function", "procedure", "or", "replace"}) leading |= EqualsIgnoringCase(word, w);
    if (leading) identifiers_[identifier_count_] = static_cast<char>(word[0] | 0x20);
  }
  ++identifier_count_;
  const char* id = identifiers_;
  bool in_function = id[0] == 'c' && (id[1] == 'f' || id[1] == 'p' || (id[1] == 'o' && id[2] == 'r' && (id[3] == 'f' || id[3] == 'p')));
  if (!in_function || paren_depth_ != 0) return;
  if (EqualsIgnoringCase(word, "begin")) ++begin_depth_;
  else if (EqualsIgnoringCase(word, "case") && begin_depth_ >= 1) ++begin_depth_;
  else if (EqualsIgnoringCase(word, "end") && begin_depth_ > 0) --begin_depth_;
}

void PsqlLexer::LexNumber() {
  while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
  // 1..10 is 1, .., 10; 1.5 and .5 are one number.
  if (pos_ + 1 < text_.size() && text_[pos_] == '.' && text_[pos_ + 1] != '.') {
    ++pos_;
    while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
  }
  if (pos_ < text_.size() && IsLower(text_[pos_], 'e')) {
    size_t exponent = pos_ + 1;
    if (exponent < text_.size() && (text_[exponent] == '+' || text_[exponent] == '-')) ++exponent;
    if (exponent < text_.size() && IsDigit(text_[exponent])) {
      pos_ = exponent;
      while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
    }
  }
  // Since PostgreSQL 15 letters right after a number are trailing junk of the same token, so
  // 1e'...' is junk and a plain string, not an E'' string.
  if (pos_ < text_.size() && IsIdentifierStart(text_[pos_]))
    while (pos_ < text_.size() && IsIdentifierChar(text_[pos_])) ++pos_;
}

size_t PsqlLexer::QuoteContinuation(size_t at) const {
  // Two literals separated by white space holding a newline are one. psql lexes a line at a
  // time without its \n, so only a \r within one line joins them for psql (the server, which
  // sees the \n, joins more: psql then reads the second part as a new literal).
  size_t i = at;
  while (copies_pending_ == 0 && i < text_.size() && text_[i] == '\n') ++i;
  auto skip_comment = [&](size_t from) {
    size_t end = text_.find_first_of("\r\n", from);
    return end == kNone ? text_.size() : end;
  };
  auto is_comment = [&](size_t p) { return text_.compare(p, 2, "--") == 0; };
  while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t' || text_[i] == '\f' || is_comment(i)))
    i = is_comment(i) ? skip_comment(i) : i + 1;
  if (i >= text_.size() || text_[i] != '\r') return kNone;
  ++i;
  for (;;) {
    if (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t' || text_[i] == '\f' || text_[i] == '\r')) {
      ++i;
    } else if (i < text_.size() && is_comment(i) && skip_comment(i) < text_.size() && text_[skip_comment(i)] == '\r') {
      i = skip_comment(i) + 1;
    } else {
      break;
    }
  }
  return i < text_.size() && text_[i] == '\'' ? i + 1 : kNone;
}

void PsqlLexer::LexString(size_t start, size_t body, bool doubling, bool escapes) {
  // doubling: '' is a quote inside (not in B'' and X''); escapes: a backslash takes the next
  // byte with it, but never the line end psql does not see.
  pos_ = body;
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    if (c == '\'' && doubling && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\'') {
      pos_ += 2;
    } else if (c == '\'') {
      size_t continued = QuoteContinuation(pos_ + 1);
      if (continued == kNone) {
        ++pos_;
        break;
      }
      while (pos_ < continued) Step();
    } else if (c == '\\' && escapes && pos_ + 1 < text_.size() && text_[pos_ + 1] != '\n') {
      pos_ += 2;
    } else if (copies_pending_ == 0) {  // no line end can start COPY data: on to the next quote
      pos_ = FindEither(text_, pos_ + 1, '\'', escapes ? '\\' : '\'');
    } else {
      Step();
    }
  }
  Emit(PsqlPiece::Kind::kQuoted, start, pos_);
}

void PsqlLexer::LexQuotedIdentifier(size_t start, size_t body) {
  pos_ = body;
  while (pos_ < text_.size()) {
    if (text_[pos_] != '"') {
      if (copies_pending_ > 0) Step();
      else pos_ = std::min(text_.find('"', pos_ + 1), text_.size());
    } else if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
      pos_ += 2;
    } else {
      ++pos_;
      break;
    }
  }
  Emit(PsqlPiece::Kind::kQuoted, start, pos_);
}

bool PsqlLexer::LexDollarQuote() {
  size_t length = DollarTagLength(text_, pos_);
  if (length == 0) return false;
  size_t start = pos_;
  std::string tag(text_.substr(pos_, length));
  pos_ += length;
  // The body ends at the first `$` that begins the same tag; no other text counts.
  if (copies_pending_ == 0) pos_ = std::min(text_.find(tag, pos_), text_.size());
  while (pos_ < text_.size() && text_.compare(pos_, tag.size(), tag) != 0) Step();
  pos_ = std::min(pos_ + tag.size(), text_.size());
  Emit(PsqlPiece::Kind::kQuoted, start, pos_);
  return true;
}

void PsqlLexer::LexBlockComment() {
  size_t start = pos_;
  int depth = 0;
  while (pos_ < text_.size()) {
    if (text_.compare(pos_, 2, "/*") == 0) {
      ++depth;
      pos_ += 2;
    } else if (text_.compare(pos_, 2, "*/") == 0) {
      pos_ += 2;
      if (--depth == 0) break;
    } else if (copies_pending_ == 0) {
      pos_ = FindEither(text_, pos_ + 1, '/', '*');
    } else {
      Step();
    }
  }
  Emit(PsqlPiece::Kind::kComment, start, pos_);
}

bool PsqlLexer::LexVariable() {
  // :name, :'name', :"name", :{?name}; anything else after the colon leaves it a plain colon.
  size_t i = pos_ + 1;
  std::string_view close;
  if (i < text_.size() && text_[i] == '\'') close = "'", ++i;
  else if (i < text_.size() && text_[i] == '"') close = "\"", ++i;
  else if (text_.compare(i, 2, "{?") == 0) close = "}", i += 2;
  size_t name = i;
  while (i < text_.size() && IsVariableChar(text_[i])) ++i;
  if (i == name || text_.compare(i, close.size(), close) != 0) return false;
  Emit(PsqlPiece::Kind::kVariable, pos_, i + close.size());
  pos_ = i + close.size();
  return true;
}

void PsqlLexer::LexBackslash() {
  size_t start = pos_;
  if (pos_ + 1 < text_.size() && (text_[pos_ + 1] == ';' || text_[pos_ + 1] == ':')) {
    if (text_[pos_ + 1] == ';') identifier_count_ = 0;
    query_pending_ = true;
    pos_ += 2;
    return Emit(PsqlPiece::Kind::kEscaped, start, pos_);
  }
  // psqlscanslash.l: the name runs to white space or a backslash.
  size_t line_end = std::min(text_.find('\n', pos_), text_.size());
  size_t i = pos_ + 1;
  while (i < line_end && !IsSpace(text_[i]) && text_[i] != '\\') ++i;
  std::string name(text_.substr(pos_ + 1, i - pos_ - 1));
  size_t end = TakesWholeLine(name) ? line_end : ArgumentsEnd(name, i, line_end);
  PsqlPiece piece;
  piece.kind = PsqlPiece::Kind::kCommand;
  piece.start = start;
  piece.end = end;
  piece.name = name;
  piece.query_pending = query_pending_;
  ready_.push_back(std::move(piece));
  pos_ = end;
  if (QueryEffectOf(name) != QueryEffect::kNone) Reset();
}

size_t PsqlLexer::ArgumentsEnd(std::string_view name, size_t i, size_t line_end) const {
  // The arguments run to the end of the line, or to a backslash outside their quotes: \\ ends
  // the command and SQL resumes after it; a single one starts the next command.
  for (bool first = true;; first = false) {
    while (i < line_end && IsSpace(text_[i])) ++i;
    if (i >= line_end) return line_end;
    if (text_[i] == '\\') return text_.compare(i, 2, "\\\\") == 0 ? i + 2 : i;
    if (first && text_[i] == '|' && PipesToShell(name)) return line_end;
    while (i < line_end && !IsSpace(text_[i]) && text_[i] != '\\') {
      char quote = text_[i++];
      if (quote != '\'' && quote != '"' && quote != '`') continue;
      // '...' takes backslash escapes; "..." and `...` do not.
      while (i < line_end && text_[i] != quote) i += (quote == '\'' && text_[i] == '\\' && i + 1 < line_end) ? 2 : 1;
      if (i < line_end) ++i;
    }
  }
}

std::vector<PsqlPiece> LexPsqlScript(std::string_view script, StringSetting setting) {
  PsqlLexer lexer(script, setting);
  std::vector<PsqlPiece> pieces;
  PsqlPiece piece;
  while (lexer.Next(piece)) pieces.push_back(std::move(piece));
  return pieces;
}

}  // namespace backfill
