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

TEST_CASE("QuoteLiteral doubles single quotes and leaves backslashes alone") {
  CHECK(QuoteLiteral("abc") == "'abc'");
  CHECK(QuoteLiteral("it's") == "'it''s'");
  CHECK(QuoteLiteral("") == "''");
  CHECK(QuoteLiteral("a\\b") == "'a\\b'");  // standard_conforming_strings: \ is ordinary
  CHECK(QuoteLiteral("''") == "''''''");
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

}  // namespace backfill
