#include "planner/diagnostic.h"

#include <algorithm>

namespace backfill {

std::string InputError::OneLine() const {
  std::string out;
  if (!place_.file.empty()) {
    out += place_.file + ":";
    if (place_.line > 0) out += std::to_string(place_.line) + ":";
    if (place_.column > 0) out += std::to_string(place_.column) + ":";
    out += " ";
  }
  out += what();
  if (!suggestion_.empty()) out += " (" + suggestion_ + ")";
  return out;
}

namespace {

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string DidYouMean(const std::string& name, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = name.size() / 2 + 2;  // farther than this is no help
  for (const std::string& c : candidates) {
    size_t d = EditDistance(name, c);
    if (d < best_distance) best_distance = d, best = c;
  }
  return best.empty() ? best : "did you mean " + best + "?";
}

}  // namespace backfill
