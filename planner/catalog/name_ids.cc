#include "planner/catalog/name_ids.h"

#include <cstring>

namespace backfill {
namespace {

uint64_t Mix(uint64_t h) {
  h ^= h >> 32;
  h *= 0xD6E8FEB86659FD93ULL;
  h ^= h >> 32;
  return h;
}

uint64_t Load8(const char* p) {
  uint64_t word;
  memcpy(&word, p, 8);
  return word;
}

uint64_t Load4(const char* p) {
  uint32_t word;
  memcpy(&word, p, 4);
  return word;
}

// Reads each byte once, at most eight at a time, and a short name in two overlapping loads:
// names are short, and this is the schema reader's hottest loop.
uint64_t HashName(std::string_view name) {
  const char* p = name.data();
  size_t size = name.size();
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ size;
  if (size >= 8) {
    for (; size > 8; p += 8, size -= 8) h = Mix(h ^ Load8(p)) * 0x9E3779B97F4A7C15ULL;
    h ^= Load8(p + size - 8);  // the last eight bytes, overlapping the ones before if need be
  } else if (size >= 4) {
    h ^= Load4(p) << 32 | Load4(p + size - 4);
  } else if (size > 0) {
    h ^= static_cast<uint64_t>(static_cast<unsigned char>(p[0])) << 16 |
         static_cast<uint64_t>(static_cast<unsigned char>(p[size / 2])) << 8 | static_cast<unsigned char>(p[size - 1]);
  }
  return Mix(Mix(h) * 0x9E3779B97F4A7C15ULL);
}

size_t PairSlot(uint32_t first, uint32_t second, size_t mask) {
  return Mix((static_cast<uint64_t>(first) << 32 | second) * 0x9E3779B97F4A7C15ULL) & mask;
}

}  // namespace

uint32_t NameIds::Intern(std::string_view name) {
  if (size() * 2 >= slots_.size()) Grow();
  uint64_t hash = HashName(name);
  uint64_t tag = hash & 0xFFFFFFFF00000000ULL;
  size_t mask = slots_.size() - 1;
  for (size_t at = hash & mask;; at = (at + 1) & mask) {
    uint64_t slot = slots_[at];
    if (slot == 0) {
      uint32_t id = size();
      text_.append(name);
      starts_.push_back(static_cast<uint32_t>(text_.size()));
      slots_[at] = tag | (id + 1);
      return id;
    }
    uint32_t id = static_cast<uint32_t>(slot) - 1;
    if ((slot & 0xFFFFFFFF00000000ULL) == tag && (*this)[id] == name) return id;
  }
}

void NameIds::Grow() {
  slots_.assign(slots_.empty() ? 1024 : slots_.size() * 2, 0);
  size_t mask = slots_.size() - 1;
  for (uint32_t id = 0; id < size(); ++id) {
    uint64_t hash = HashName((*this)[id]);
    size_t at = hash & mask;
    while (slots_[at] != 0) at = (at + 1) & mask;
    slots_[at] = (hash & 0xFFFFFFFF00000000ULL) | (id + 1);
  }
}

uint32_t PairIds::Intern(uint32_t first, uint32_t second) {
  if (pairs_.size() * 2 >= slots_.size()) Grow();
  size_t mask = slots_.size() - 1;
  for (size_t at = PairSlot(first, second, mask);; at = (at + 1) & mask) {
    uint32_t slot = slots_[at];
    if (slot == 0) {
      uint32_t id = size();
      pairs_.push_back({first, second});
      slots_[at] = id + 1;
      return id;
    }
    if (pairs_[slot - 1].first == first && pairs_[slot - 1].second == second) return slot - 1;
  }
}

uint32_t PairIds::Find(uint32_t first, uint32_t second) const {
  if (slots_.empty()) return UINT32_MAX;
  size_t mask = slots_.size() - 1;
  for (size_t at = PairSlot(first, second, mask);; at = (at + 1) & mask) {
    uint32_t slot = slots_[at];
    if (slot == 0) return UINT32_MAX;
    if (pairs_[slot - 1].first == first && pairs_[slot - 1].second == second) return slot - 1;
  }
}

void PairIds::Grow() {
  slots_.assign(slots_.empty() ? 1024 : slots_.size() * 2, 0);
  size_t mask = slots_.size() - 1;
  for (uint32_t id = 0; id < size(); ++id) {
    size_t at = PairSlot(pairs_[id].first, pairs_[id].second, mask);
    while (slots_[at] != 0) at = (at + 1) & mask;
    slots_[at] = id + 1;
  }
}

}  // namespace backfill
