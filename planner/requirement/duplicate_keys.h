// JSON allows an object to name a key twice and nlohmann keeps the last value without a word;
// in a requirement that hides a mistake (two "where"s, one of them forgotten), so it is an error.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace backfill {

struct DuplicateKey {
  std::string key;    // decoded, as nlohmann sees it
  size_t offset = 0;  // byte offset of the second occurrence's opening quote
};

// The first key named twice in one object of `json`, which must already have parsed as JSON.
// Keys are compared after decoding escapes, so "a" and "\u0061" are the same key.
std::optional<DuplicateKey> FindDuplicateKey(const std::string& json);

}  // namespace backfill
