// The names a statement mentions, read by a small lexer of its own (quotes, E'' strings, dollar
// quotes, nested comments, quoted identifiers) instead of PostgreSQL's parser, so that the schema
// reader can tell which statements may matter to a plan before it parses any of them. The answer
// is deliberately generous: every identifier chain counts, and so does every word inside a string
// or a function body, since a body names tables the parser never sees as names.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace backfill {

struct NameMention {
  std::string schema;  // empty: written unqualified
  std::string name;    // as PostgreSQL stores it: unquoted words folded to lower case, 63 bytes at most
  bool in_string = false;  // inside a literal or a dollar-quoted body
};

struct StatementNames {
  std::vector<NameMention> mentions;
  // The first words of the statement, lower case ("create", "or", "replace", "function"), up to
  // the name it creates or alters; a quoted word or a symbol ends them.
  std::vector<std::string> head;
  // The object a CREATE statement creates (schema empty when unqualified), or a name of nothing
  // when the statement creates none.
  NameMention created;
  std::string created_kind;  // "table", "function", "index", ...: the word before the name
  NameMention altered;  // the table an ALTER [FOREIGN] TABLE alters
  bool owner_only = false;  // ALTER TABLE name OWNER TO role, and nothing else
  bool top_level_as = false;  // AS outside parentheses: CREATE TABLE ... AS, CREATE VIEW ... AS
  std::vector<std::string> renamed_to;  // the names after RENAME ... TO
  bool set_schema = false;              // ALTER ... SET SCHEMA moves an object out of its name
  bool unicode_escapes = false;         // U&'...' or U&"...": names this lexer does not decode
};

// Takes each mention as it is read, in place of StatementNames::mentions (which then stays
// empty): the schema reader reads millions, and keeps them as numbers. The views last the call.
class NameSink {
 public:
  virtual void Mention(std::string_view schema, std::string_view name, bool in_string) = 0;

 protected:
  ~NameSink() = default;
};

// Reads statements one after the other, reusing its buffers and the answer's, so that reading
// the next statement of a large file allocates nothing.
class StatementNameReader {
 public:
  // Reads `sql`, one statement or a psql query of several; `names` is cleared first.
  void Read(std::string_view sql, StatementNames& names, NameSink* sink = nullptr);

 private:
  friend class NameLexer;
  // A token of the statement's top level, kept for its first words and for RENAME ... TO.
  struct TopToken {
    std::string text;
    char kind;  // 'w' unquoted word (folded), 'q' quoted identifier, else the symbol itself
  };
  static constexpr size_t kFirstTokens = 24;
  TopToken first_[kFirstTokens];
  std::string word_, chain_text_, rename_name_;
  std::vector<uint32_t> chain_ends_;  // each part of the chain being read ends there in chain_text_
};

// One statement, with buffers of its own.
void ReadStatementNames(std::string_view sql, StatementNames& names, NameSink* sink = nullptr);

}  // namespace backfill
