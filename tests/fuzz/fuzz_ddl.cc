// libFuzzer target: DDL ingestion. Any input must give a Catalog or an InputError, never a crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "planner/catalog/ddl_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<backfill::DdlNote> notes;
  try {
    backfill::ReadSchemaText("fuzz.sql", std::string(reinterpret_cast<const char*>(data), size), notes);
  } catch (const backfill::InputError&) {
  }
  return 0;
}
