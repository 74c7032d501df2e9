// `[schema.]table.column` with SQL identifier rules: unquoted parts fold to lower case,
// "quoted" parts keep their case and may hold dots, spaces and doubled quotes.
#pragma once

#include <optional>
#include <string>

#include "planner/diagnostic.h"

namespace backfill {

struct TargetName {
  std::optional<std::string> schema;
  std::string table;
  std::string column;
  bool operator==(const TargetName&) const = default;
  std::string Display() const;  // quoted as needed
};

// Throws InputError at place for malformed text.
TargetName ParseTargetName(const std::string& text, const SourcePlace& place);

}  // namespace backfill
