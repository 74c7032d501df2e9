#include <doctest/doctest.h>

#include "planner/quantities.h"

namespace backfill {
namespace {

const Wording kEnglish(Language::kEnglish), kJapanese(Language::kJapanese);

TEST_CASE("quantities: human durations of a run") {
  CHECK(HumanDuration(0, kEnglish) == "0 s");
  CHECK(HumanDuration(59, kEnglish) == "59 s");
  CHECK(HumanDuration(90, kEnglish) == "1 min 30 s");
  CHECK(HumanDuration(3600, kEnglish) == "1 h 0 min");
  CHECK(HumanDuration(3 * 3600 + 25 * 60 + 10, kEnglish) == "3 h 25 min");
  CHECK(HumanDuration(90, kJapanese) == "1 分 30 秒");
  CHECK(HumanDuration(3 * 3600 + 25 * 60 + 10, kJapanese) == "3 時間 25 分");
}

TEST_CASE("quantities: a batch's time in ms below a second, in seconds above") {
  CHECK(ShortDuration(0.0001, kEnglish) == "1 ms");
  CHECK(ShortDuration(0.13, kEnglish) == "130 ms");
  CHECK(ShortDuration(0.9999, kEnglish) == "1.0 s");
  CHECK(ShortDuration(2.5, kEnglish) == "2.5 s");
  CHECK(ShortDuration(45.25, kEnglish) == "45 s");
  CHECK(ShortDuration(90, kEnglish) == "1 min 30 s");
  CHECK(ShortDuration(2.5, kJapanese) == "2.5 秒");
}

TEST_CASE("quantities: thousands, rates and fixed decimals") {
  CHECK(WithThousands(0) == "0");
  CHECK(WithThousands(999) == "999");
  CHECK(WithThousands(2400000) == "2,400,000");
  CHECK(Rate(0.0625) == "0.0625");
  CHECK(Rate(4) == "4");
  CHECK(Rate(0.000312) == "0.000312");
  CHECK(Rate(0.01036) == "0.0104");
  CHECK(Rate(1234.6) == "1235");
  CHECK(Fixed(0.1, 3) == "0.100");
}

}  // namespace
}  // namespace backfill
