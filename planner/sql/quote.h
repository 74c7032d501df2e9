// Identifier and literal quoting with PostgreSQL's rules.
#pragma once

#include <string>
#include <vector>

namespace backfill {

// Double-quotes the name unless PostgreSQL would read it back unchanged without quotes
// (lower case, digits, underscores, not a reserved keyword), as quote_ident() does.
std::string QuoteIdentifier(const std::string& name);

// 'text' with embedded quotes doubled; E'' is never needed with standard_conforming_strings.
std::string QuoteLiteral(const std::string& text);

// "a", "b" -> a, b (each quoted as needed), joined by ", " and prefixed by `qualifier.` when given.
std::string JoinIdentifiers(const std::vector<std::string>& names, const std::string& qualifier = {});

// text made safe for a `--` comment: line breaks (which would end the comment and turn the rest
// into SQL) become spaces.
std::string CommentText(const std::string& text);

// A dollar-quote tag that does not occur in body: $body$, or $body_1$, ...
std::string DollarQuoteTag(const std::string& body, const std::string& stem = "body");

}  // namespace backfill
