#include "planner/requirement/duplicate_keys.h"

#include <doctest/doctest.h>

namespace backfill {

TEST_CASE("FindDuplicateKey: keys are per object, values and arrays do not count") {
  CHECK_FALSE(FindDuplicateKey(R"({"a": 1, "b": {"a": 2}, "c": [{"a": 3}, {"a": 4}], "d": "a"})"));
  CHECK_FALSE(FindDuplicateKey(R"({"a": ":", "b": "\"a\": 1"})"));
  CHECK_FALSE(FindDuplicateKey("[]"));
}

TEST_CASE("FindDuplicateKey: the second occurrence, in a nested object too") {
  std::optional<DuplicateKey> top = FindDuplicateKey(R"({"a": 1, "b": 2, "a": 3})");
  REQUIRE(top);
  CHECK(top->key == "a");
  CHECK(top->offset == 17);
  std::optional<DuplicateKey> nested = FindDuplicateKey(R"({"x": {"k": 1, "j": 0, "k" : 2}})");
  REQUIRE(nested);
  CHECK(nested->key == "k");
  CHECK(nested->offset == 23);
}

TEST_CASE("FindDuplicateKey: escapes are decoded before keys are compared") {
  std::optional<DuplicateKey> d = FindDuplicateKey(R"({"set": 1, "s\u0065t": 2})");
  REQUIRE(d);
  CHECK(d->key == "set");
  std::optional<DuplicateKey> quote = FindDuplicateKey(R"({"a\"b": 1, "a\u0022b": 2})");
  REQUIRE(quote);
  CHECK(quote->key == "a\"b");
}

TEST_CASE("FindDuplicateKey: deep nesting is walked without recursion") {
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  CHECK_FALSE(FindDuplicateKey(deep));
  std::string objects;
  for (int i = 0; i < 100000; ++i) objects += R"({"a":)";
  objects += "1" + std::string(100000, '}');
  CHECK_FALSE(FindDuplicateKey(objects));
}

}  // namespace backfill
