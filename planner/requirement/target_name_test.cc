#include "planner/requirement/target_name.h"

#include <doctest/doctest.h>

namespace backfill {
namespace {

TargetName Parse(const std::string& text) { return ParseTargetName(text, {"test"}); }

std::string ErrorFor(const std::string& text) {
  try {
    Parse(text);
  } catch (const InputError& e) {
    CHECK(e.place().file == "test");
    CHECK_FALSE(e.suggestion().empty());
    return e.what();
  }
  FAIL("no error for " << text);
  return {};
}

}  // namespace

TEST_CASE("table.column and schema.table.column, unquoted parts folded to lower case") {
  TargetName two = Parse("Orders.Status");
  CHECK_FALSE(two.schema);
  CHECK(two.table == "orders");
  CHECK(two.column == "status");
  TargetName three = Parse("App.ORDERS.status_2");
  CHECK(three.schema == "app");
  CHECK(three.table == "orders");
  CHECK(three.column == "status_2");
  CHECK(Parse("café.ÉTAT").table == "café");    // only ASCII letters fold, as PostgreSQL does
  CHECK(Parse("café.ÉTAT").column == "État");  // É is not ASCII; TAT is
}

TEST_CASE("quoted parts keep case and may hold dots, spaces and doubled quotes") {
  TargetName t = Parse(R"("Sales"."Order Lines"."Status Code")");
  CHECK(t.schema == "Sales");
  CHECK(t.table == "Order Lines");
  CHECK(t.column == "Status Code");
  CHECK(t.Display() == R"("Sales"."Order Lines"."Status Code")");
  TargetName odd = Parse(R"("a.b"."say ""hi""")");
  CHECK(odd.table == "a.b");
  CHECK(odd.column == R"(say "hi")");
  CHECK(odd.Display() == R"("a.b"."say ""hi""")");
  TargetName mixed = Parse(R"(public."Orders".status)");
  CHECK(mixed.schema == "public");
  CHECK(mixed.table == "Orders");
  CHECK(mixed.Display() == R"(public."Orders".status)");
}

TEST_CASE("Display quotes reserved words and upper case, and nothing else") {
  CHECK(Parse("orders.status").Display() == "orders.status");
  CHECK(Parse(R"(orders."select")").Display() == R"(orders."select")");
  CHECK(Parse(R"("user".id)").Display() == R"("user".id)");
}

TEST_CASE("malformed targets are errors that show how to write one") {
  CHECK(ErrorFor("orders") == "target `orders`: names no column");
  CHECK(ErrorFor("a.b.c.d") == "target `a.b.c.d`: has more than three name parts");
  CHECK(ErrorFor("orders..status") == "target `orders..status`: has an empty name part");
  CHECK(ErrorFor(".status") == "target `.status`: has an empty name part");
  CHECK(ErrorFor("orders.") == "target `orders.`: has an empty name part");
  CHECK(ErrorFor("") == "target ``: has an empty name part");
  CHECK(ErrorFor(R"("orders.status)") == R"(target `"orders.status`: has an unterminated quoted name)");
  CHECK(ErrorFor(R"("".status)") == R"(target `"".status`: has an empty quoted name "")");
  CHECK(ErrorFor(R"("a"b.c)") == R"(target `"a"b.c`: has text after a closing quote)");
  CHECK(ErrorFor(R"(a"b".c)") == R"(target `a"b".c`: has a quote in the middle of a name)");
  CHECK(ErrorFor("orders.status; drop table x") == "target `orders.status; drop table x`: has `;` outside quotes");
  CHECK(ErrorFor("orders.my status") == "target `orders.my status`: has ` ` outside quotes");
  CHECK(ErrorFor("f(x).y") == "target `f(x).y`: has `(` outside quotes");
}

}  // namespace backfill
