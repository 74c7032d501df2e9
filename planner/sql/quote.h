// How text from the inputs enters the SQL the plan emits: one function per position
// (identifier, literal, comment). Every call site uses these; nothing concatenates raw input.
//
// What each guarantees, whatever the server's standard_conforming_strings and whoever reads the
// text (the server, or psql's own lexer, which decides where a backslash command starts):
// the result is one line, holds no control character, and reads back as exactly the input.
#pragma once

#include <string>
#include <vector>

namespace backfill {

// Double-quotes the name unless PostgreSQL would read it back unchanged without quotes
// (lower case, digits, underscores, not a reserved keyword), as quote_ident() does. A name with
// a control character (a line break, say) is written U&"..." with the character as \XXXX, so
// that no part of it can start a line of psql input; U&"" identifiers read the same whatever
// standard_conforming_strings is.
std::string QuoteIdentifier(const std::string& name);

// 'text' with embedded quotes doubled. Text holding a backslash or a control character is
// written E'...' with those escaped (\\, \n, \x01 ...): an E'' literal means the same with
// standard_conforming_strings on or off, and a plain '' literal without a backslash does too.
std::string QuoteLiteral(const std::string& text);

// "a", "b" -> a, b (each quoted as needed), joined by ", " and prefixed by `qualifier.` when given.
std::string JoinIdentifiers(const std::vector<std::string>& names, const std::string& qualifier = {});

// text made safe for a `--` comment: line breaks (which would end the comment and turn the rest
// into SQL, or into a psql command) become spaces; other control characters are shown as \xNN.
std::string CommentText(const std::string& text);

// PostgreSQL keeps at most this many bytes of a name (NAMEDATALEN - 1); a longer one it cuts.
constexpr size_t kMaxIdentifierBytes = 63;

// name cut to at most `bytes` bytes without splitting a UTF-8 character.
std::string TruncateUtf8(const std::string& name, size_t bytes);

// True for the bytes that must never reach the emitted text raw: C0 controls and DEL.
bool IsControlByte(char c);

// A dollar-quote tag that does not occur in body: $body$, or $body_1$, ...
std::string DollarQuoteTag(const std::string& body, const std::string& stem = "body");

}  // namespace backfill
