// libFuzzer target: requirement parsing, then the user's expressions through the SQL checks.
#include <cstddef>
#include <cstdint>
#include <string>

#include "planner/requirement/requirement.h"
#include "planner/sql/expression.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    backfill::Requirement r = backfill::ReadRequirementText("fuzz.json", text);
    if (r.set_sql) backfill::ParseUserExpression(*r.set_sql, "set", r.set_place);
    if (r.where_sql) backfill::ParseUserExpression(*r.where_sql, "where", r.where_place);
  } catch (const backfill::InputError&) {
  }
  return 0;
}
