#include "planner/requirement/duplicate_keys.h"

#include <memory>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

namespace backfill {
namespace {

// One open object or array. A set is made only from an object's second key, so a deeply
// nested input costs a few bytes per level, not a hash table.
struct Level {
  bool object = false;
  std::optional<std::string> first_key;
  std::unique_ptr<std::unordered_set<std::string>> more_keys;

  // False when key was seen in this object already.
  bool Insert(const std::string& key) {
    if (!first_key) return first_key = key, true;
    if (*first_key == key) return false;
    if (!more_keys) more_keys = std::make_unique<std::unordered_set<std::string>>();
    return more_keys->insert(key).second;
  }
};

// Offset just past the string literal opening at text[at].
size_t EndOfString(const std::string& text, size_t at) {
  for (size_t i = at + 1; i < text.size(); ++i) {
    if (text[i] == '\\') ++i;
    else if (text[i] == '"') return i + 1;
  }
  return text.size();
}

bool FollowedByColon(const std::string& text, size_t at) {
  size_t next = text.find_first_not_of(" \t\r\n", at);
  return next != std::string::npos && text[next] == ':';
}

}  // namespace

std::optional<DuplicateKey> FindDuplicateKey(const std::string& json) {
  std::vector<Level> open;
  for (size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (c == '{' || c == '[') {
      open.emplace_back().object = c == '{';
    } else if ((c == '}' || c == ']') && !open.empty()) {
      open.pop_back();
    } else if (c == '"') {
      size_t end = EndOfString(json, i);
      if (!open.empty() && open.back().object && FollowedByColon(json, end)) {
        std::string key;
        try {
          key = nlohmann::json::parse(json.substr(i, end - i)).get<std::string>();
        } catch (const nlohmann::json::exception&) {
          return std::nullopt;  // not JSON after all: the caller's parse has said so, or will
        }
        if (!open.back().Insert(key)) return DuplicateKey{key, i};
      }
      i = end - 1;
    }
  }
  return std::nullopt;
}

}  // namespace backfill
