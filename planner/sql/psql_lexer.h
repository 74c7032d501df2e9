// How psql reads a script before the server sees any of it, after PostgreSQL 15's
// src/fe_utils/psqlscan.l and src/bin/psql/psqlscanslash.l: which text is quoted (string
// literals, quoted identifiers, dollar-quoted bodies, comments), where psql ends a statement and
// sends it, where a backslash command begins and ends, and which lines psql hands to a
// COPY ... FROM STDIN as data. Text that looks like a backslash command inside a literal is not
// one; one outside every quote is one wherever it stands on its line. The schema reader and the
// self-check both need psql's own answer, so both ask this lexer.
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace backfill {

// The server's standard_conforming_strings, which psql's lexer follows: on, a backslash in
// '...' is a plain character; off, it escapes the next one, as it always does in E'...'.
enum class StringSetting { kStandard, kBackslashEscapes };

struct PsqlPiece {
  enum class Kind {
    kQuoted,        // '...', E'...', B'...', X'...', U&'...', "...", U&"...", $tag$...$tag$
    kComment,       // -- to the end of the line, or /* ... */ (they nest)
    kVariable,      // :name, :'name', :"name" or :{?name}, which psql replaces before sending
    kStatementEnd,  // the `;` on which psql sends the query buffer
    kEscaped,       // \; or \: which psql passes on as a plain ; or :
    kCommand,       // a backslash command, from the backslash through its arguments
    kCopyData,      // lines psql passes to COPY ... FROM STDIN, through the line `\.`
  };
  Kind kind = Kind::kQuoted;
  size_t start = 0;
  size_t end = 0;              // exclusive; never past the end of a command's line
  std::string name;            // kCommand: its name as psql reads it ("gexec", "!", "set")
  bool query_pending = false;  // kCommand: the query buffer holds text psql has not sent yet
};

// What a backslash command does to the query buffer (psql's MainLoop).
enum class QueryEffect { kNone, kSends, kDiscards };
QueryEffect QueryEffectOf(std::string_view command_name);

class PsqlLexer {
 public:
  // Every piece, or only those that end or interrupt a query (kStatementEnd, kEscaped,
  // kCommand, kCopyData): a reader that only splits a large file into queries wants no others.
  enum class Report { kEveryPiece, kBoundaries };

  // script must outlive the lexer; its bytes may be overwritten behind the scan, not resized.
  PsqlLexer(std::string_view script, StringSetting setting, Report report = Report::kEveryPiece)
      : text_(script), setting_(setting), report_(report) {}

  // The next piece in script order, except that kCopyData comes before a quoted piece it
  // interrupts; false at the end.
  bool Next(PsqlPiece& piece);

  // After a statement that is COPY ... FROM STDIN ends (its kStatementEnd, or a \g command), or
  // after \copy ... from stdin: psql reads the lines after the current one as data, up to a
  // line `\.`, and lexes the rest of the current line after them.
  void ExpectCopyData() { ++copies_pending_; }

 private:
  void LexToken();
  void Step();  // past one byte, skipping COPY data after a line end
  void Emit(PsqlPiece::Kind kind, size_t start, size_t end);
  void LexWord();
  void LexNumber();
  void LexString(size_t start, size_t body, bool doubling, bool escapes);
  void LexQuotedIdentifier(size_t start, size_t body);
  bool LexDollarQuote();
  void LexBlockComment();
  bool LexVariable();
  void LexBackslash();
  size_t ArgumentsEnd(std::string_view name, size_t from, size_t line_end) const;
  size_t QuoteContinuation(size_t after_quote) const;
  void CountWord(std::string_view word);
  void Reset();

  std::string_view text_;
  StringSetting setting_;
  Report report_;
  size_t pos_ = 0;
  int paren_depth_ = 0;
  int begin_depth_ = 0;        // BEGIN ... END of a CREATE FUNCTION ... BEGIN ATOMIC body
  int identifier_count_ = 0;   // words in the statement so far
  char identifiers_[4] = {};   // first letters of its leading CREATE [OR REPLACE] FUNCTION|PROCEDURE
  bool query_pending_ = false;
  int copies_pending_ = 0;
  std::deque<PsqlPiece> ready_;
};

// Every piece of a script that holds no COPY data (the plan's own scripts).
std::vector<PsqlPiece> LexPsqlScript(std::string_view script, StringSetting setting);

}  // namespace backfill
