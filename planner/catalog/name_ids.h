// Dense numbers for the names (and schema-qualified pairs of names) a schema file mentions, so
// that the schema reader can keep millions of mentions as 32-bit numbers and look each one up
// in an open-addressing table: one probe, most often, and no allocation but for a new name.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace backfill {

class NameIds {
 public:
  // The name's number: 0, 1, 2, ... in the order names are first seen.
  uint32_t Intern(std::string_view name);
  std::string_view operator[](uint32_t id) const {
    return std::string_view(text_).substr(starts_[id], starts_[id + 1] - starts_[id]);
  }
  uint32_t size() const { return static_cast<uint32_t>(starts_.size() - 1); }

 private:
  void Grow();

  std::string text_;                 // the names, one after the other
  std::vector<uint32_t> starts_{0};  // by id: where its name starts in text_; and where the last ends
  std::vector<uint64_t> slots_;      // id + 1 in the low half (0 when free), the hash's high half above
};

class PairIds {
 public:
  uint32_t Intern(uint32_t first, uint32_t second);
  // The pair's number if it has one, else UINT32_MAX.
  uint32_t Find(uint32_t first, uint32_t second) const;
  const std::pair<uint32_t, uint32_t>& operator[](uint32_t id) const { return pairs_[id]; }
  uint32_t size() const { return static_cast<uint32_t>(pairs_.size()); }

 private:
  void Grow();

  std::vector<std::pair<uint32_t, uint32_t>> pairs_;
  std::vector<uint32_t> slots_;  // id + 1, or 0 when free
};

}  // namespace backfill
