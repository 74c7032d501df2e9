#include "planner/version.h"

#include <doctest/doctest.h>

#include <string>

namespace backfill {

TEST_CASE("version: three dot-separated numbers, as CMake's project VERSION") {
  std::string v = ToolVersion();
  int dots = 0;
  for (char c : v) {
    if (c == '.') ++dots;
    else CHECK(c >= '0');
  }
  CHECK(dots == 2);
  CHECK(v.front() != '.');
  CHECK(v.back() != '.');
}

}  // namespace backfill
