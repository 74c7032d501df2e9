// Numbers and durations as the plan's prose writes them, in the reader's language.
#pragma once

#include <cstdint>
#include <string>

#include "planner/wording.h"

namespace backfill {

// 2400000 -> "2,400,000"
std::string WithThousands(int64_t n);

// A whole run: 90 s -> "1 min 30 s", 3 h 25 min 10 s -> "3 h 25 min"
std::string HumanDuration(double seconds, const Wording& say);

// One batch: 0.13 -> "130 ms", 2.5 -> "2.5 s", 45.25 -> "45 s"
std::string ShortDuration(double seconds, const Wording& say);

// A model's constant or term, to three significant digits and whole above 100: 0.0625 -> "0.0625",
// 4 -> "4", 1234.6 -> "1235"
std::string Rate(double value);

// value with `decimals` decimals: Fixed(0.1, 3) -> "0.100"
std::string Fixed(double value, int decimals);

}  // namespace backfill
