#include "planner/catalog/name_ids.h"

#include <doctest/doctest.h>

#include <string>

namespace backfill {
namespace {

TEST_CASE("names are numbered in the order first seen, and the same name keeps its number") {
  NameIds ids;
  CHECK(ids.Intern("orders") == 0);
  CHECK(ids.Intern("Orders") == 1);  // folding is the lexer's: the table compares bytes
  CHECK(ids.Intern("orders") == 0);
  CHECK(ids.Intern("") == 2);
  CHECK(ids[1] == "Orders");
  CHECK(ids[2].empty());
  CHECK(ids.size() == 3);
}

TEST_CASE("thousands of names of every length, past each growth of the table, keep their numbers and text") {
  NameIds ids;
  auto name = [](int i) { return std::string(static_cast<size_t>(i % 70), 'x') + std::to_string(i); };
  for (int i = 0; i < 20000; ++i) REQUIRE(ids.Intern(name(i)) == static_cast<uint32_t>(i));
  for (int i = 0; i < 20000; ++i) REQUIRE(ids.Intern(name(i)) == static_cast<uint32_t>(i));
  CHECK(ids[12345] == name(12345));
  // Names that differ only past their first eight bytes, or in their last one.
  NameIds close;
  CHECK(close.Intern("customer_orders_a") != close.Intern("customer_orders_b"));
  CHECK(close.Intern("abcdefgh1") != close.Intern("abcdefgh2"));
  CHECK(close.Intern("ab") != close.Intern("ba"));
}

TEST_CASE("pairs are numbered once; Find answers without adding") {
  PairIds pairs;
  CHECK(pairs.Find(1, 2) == UINT32_MAX);
  CHECK(pairs.Intern(1, 2) == 0);
  CHECK(pairs.Intern(2, 1) == 1);
  CHECK(pairs.Intern(1, 2) == 0);
  CHECK(pairs.Find(2, 1) == 1);
  CHECK(pairs.Find(3, 3) == UINT32_MAX);
  CHECK(pairs.size() == 2);
  for (uint32_t i = 0; i < 5000; ++i) pairs.Intern(i, i + 1);
  CHECK(pairs[pairs.Find(4000, 4001)] == std::pair<uint32_t, uint32_t>(4000, 4001));
}

}  // namespace
}  // namespace backfill
