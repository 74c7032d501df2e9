#include "planner/quantities.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace backfill {

std::string WithThousands(int64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string HumanDuration(double seconds, const Wording& say) {
  long total = std::lround(seconds);
  const std::string h = say(" h", " 時間"), min = say(" min", " 分"), s = say(" s", " 秒");
  if (total < 60) return std::to_string(total) + s;
  long hours = total / 3600, minutes = (total % 3600) / 60, secs = total % 60;
  std::string out;
  if (hours) out += std::to_string(hours) + h + " ";
  if (minutes || hours) out += std::to_string(minutes) + min;
  if (!hours && secs) out += " " + std::to_string(secs) + s;
  return out;
}

std::string ShortDuration(double seconds, const Wording& say) {
  if (seconds < 0.9995) return std::to_string(std::max(1L, std::lround(seconds * 1000))) + " ms";
  if (seconds < 9.95) return Fixed(seconds, 1) + say(" s", " 秒");
  if (seconds < 60) return std::to_string(std::lround(seconds)) + say(" s", " 秒");
  return HumanDuration(seconds, say);
}

std::string Rate(double value) {
  char buffer[64];
  // No exponent: a count over a billion rows is thousands of seconds.
  std::snprintf(buffer, sizeof buffer, value >= 100 ? "%.0f" : "%.3g", value);
  return buffer;
}

std::string Fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

}  // namespace backfill
