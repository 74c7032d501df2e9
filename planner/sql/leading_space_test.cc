#include "planner/sql/leading_space.h"

#include <doctest/doctest.h>

namespace backfill {

TEST_CASE("the first word is found past white space, line comments and nested block comments") {
  CHECK(SkipSpaceAndComments("  SELECT 1", 0) == 2);
  CHECK(SkipSpaceAndComments("-- a\n\t/* b /* c */ d */ x", 0) == 24);
  CHECK(SkipSpaceAndComments("SELECT 1; -- end", 9) == 16);
  CHECK(SkipSpaceAndComments("/* unterminated", 0) == 15);
  CHECK(SkipSpaceAndComments("-- only a comment", 0) == 17);
}

}  // namespace backfill
