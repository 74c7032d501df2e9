#include "planner/sql/quote.h"

#include <doctest/doctest.h>

namespace backfill {

TEST_CASE("QuoteIdentifier leaves names PostgreSQL reads back unchanged, as quote_ident does") {
  CHECK(QuoteIdentifier("orders") == "orders");
  CHECK(QuoteIdentifier("_x1$") == "_x1$");
  CHECK(QuoteIdentifier("status_code") == "status_code");
  // Unreserved keywords need no quotes; reserved ones and type-function names do.
  CHECK(QuoteIdentifier("name") == "name");
  CHECK(QuoteIdentifier("action") == "action");
  CHECK(QuoteIdentifier("select") == "\"select\"");
  CHECK(QuoteIdentifier("user") == "\"user\"");
  CHECK(QuoteIdentifier("order") == "\"order\"");
  CHECK(QuoteIdentifier("between") == "\"between\"");
}

TEST_CASE("QuoteIdentifier quotes upper case, spaces, leading digits, non-ASCII and quotes") {
  CHECK(QuoteIdentifier("Orders") == "\"Orders\"");
  CHECK(QuoteIdentifier("Order Lines") == "\"Order Lines\"");
  CHECK(QuoteIdentifier("1st") == "\"1st\"");
  CHECK(QuoteIdentifier("café") == "\"café\"");
  CHECK(QuoteIdentifier("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(QuoteIdentifier("") == "\"\"");
  CHECK(QuoteIdentifier("a.b") == "\"a.b\"");
  CHECK(QuoteIdentifier("a-b") == "\"a-b\"");
}

TEST_CASE("JoinIdentifiers quotes each name and prefixes the qualifier") {
  CHECK(JoinIdentifiers({"a", "B", "select"}) == "a, \"B\", \"select\"");
  CHECK(JoinIdentifiers({"a", "b"}, "t") == "t.a, t.b");
  CHECK(JoinIdentifiers({}) == "");
}

TEST_CASE("DollarQuoteTag picks a tag the body does not contain") {
  CHECK(DollarQuoteTag("select 1") == "$body$");
  CHECK(DollarQuoteTag("a $body$ b") == "$body_1$");
  CHECK(DollarQuoteTag("$body$ $body_1$") == "$body_2$");
  CHECK(DollarQuoteTag("x", "fn") == "$fn$");
}

TEST_CASE("QuoteLiteral doubles single quotes; a backslash or a control character makes it E''") {
  CHECK(QuoteLiteral("abc") == "'abc'");
  CHECK(QuoteLiteral("it's") == "'it''s'");
  CHECK(QuoteLiteral("") == "''");
  CHECK(QuoteLiteral("''") == "''''''");
  // With standard_conforming_strings off, 'a\' would not end at its quote: E'' reads the same
  // in both settings.
  CHECK(QuoteLiteral(R"(a\b)") == R"(E'a\\b')");
  CHECK(QuoteLiteral(R"(a\)") == R"(E'a\\')");
  CHECK(QuoteLiteral("x\n\\! id") == R"(E'x\n\\! id')");
  CHECK(QuoteLiteral("\r\t\x01\x7f'") == R"(E'\r\t\x01\x7F''')");
}

TEST_CASE("QuoteIdentifier writes a name with a control character as U&\"\" with escapes") {
  CHECK(QuoteIdentifier("a\nb") == R"(U&"a\000Ab")");
  CHECK(QuoteIdentifier(R"(a\b)") == R"("a\b")");  // no control character: plain quotes
  CHECK(QuoteIdentifier("q\"\\\r") == R"(U&"q""\\\000D")");
  for (const std::string& name : {std::string("a\nb"), std::string("x\x01\"y\\"), std::string("\n\\! id")})
    CHECK(QuoteIdentifier(name).find_first_of("\n\r\x01") == std::string::npos);
}

TEST_CASE("TruncateUtf8 cuts a name to a byte length without splitting a character") {
  CHECK(TruncateUtf8("héllo", 2) == "h");
  CHECK(TruncateUtf8("héllo", 3) == "hé");
  CHECK(TruncateUtf8("日本", 5) == "日");
  CHECK(TruncateUtf8("日本", 6) == "日本");
  CHECK(TruncateUtf8("abc", 10) == "abc");
  CHECK(TruncateUtf8("abc", 0) == "");
  CHECK(TruncateUtf8("😀x", 3) == "");
}

TEST_CASE("CommentText keeps a comment on its line and shows other control characters") {
  CHECK(CommentText("a\nb\rc") == "a b c");
  CHECK(CommentText("x\x01y\x7f") == R"(x\x01y\x7F)");
  CHECK(CommentText("\n\\! rm -rf /") == R"( \! rm -rf /)");  // harmless inside the comment
}

}  // namespace backfill
