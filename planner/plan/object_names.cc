#include "planner/plan/object_names.h"

#include <cstdio>

#include "planner/sql/quote.h"

namespace backfill {
namespace {

// FNV-1a: a short, stable fingerprint that keeps truncated names of different targets apart.
std::string ShortHash(const std::string& text) {
  uint32_t hash = 2166136261u;
  for (unsigned char c : text) hash = (hash ^ c) * 16777619u;
  char buffer[9];
  std::snprintf(buffer, sizeof buffer, "%08x", hash);
  return buffer;
}

}  // namespace

std::string DeriveName(const std::string& base, const std::string& role, const std::string& date) {
  std::string suffix = "_" + role + "_" + date;
  if (base.size() + suffix.size() <= kMaxIdentifierBytes) return base + suffix;
  std::string hash = "_" + ShortHash(base);
  return TruncateUtf8(base, kMaxIdentifierBytes - suffix.size() - hash.size()) + hash + suffix;
}

std::string ObjectNames::Qualified(const std::string& name) const {
  return QuoteIdentifier(schema) + "." + QuoteIdentifier(name);
}

ObjectNames NameObjects(const QualifiedName& table, const std::string& column, const std::string& date) {
  ObjectNames names;
  names.schema = table.schema;
  std::string base = table.name + "_" + column;
  names.backup = DeriveName(base, "backup", date);
  names.progress = DeriveName(base, "progress", date);
  names.ranges = DeriveName(base, "ranges", date);
  names.batch = DeriveName(base, "batch", date);
  names.gate = DeriveName(base, "gate", date);
  names.tick = DeriveName(base, "tick", date);
  names.begin = DeriveName(base, "begin", date);
  names.restore = DeriveName(base, "restore", date);
  names.not_null_check = DeriveName(base, "not_null", date);
  // BEFORE triggers fire in name order: "zz_" sorts after the names tables usually give theirs.
  names.sync = DeriveName("zz_" + base, "sync", date);
  return names;
}

}  // namespace backfill
