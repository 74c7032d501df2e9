// libFuzzer target: a read focused on table t (relevant_statements.h) must say what the whole
// read says: the same error, the same notes, and the same plan of t's first column. The one
// difference allowed: the focused read does not parse the statements it skips, so where the
// whole read stops at a parser's error, the focused read may plan; never the other way round,
// and never past the reader's own error (a table created twice), whose statements it keeps.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "planner/analysis/subject.h"
#include "planner/catalog/ddl_reader.h"
#include "planner/plan/planner.h"
#include "planner/render/plan_json.h"

namespace {

std::string Outcome(const std::string& sql, const backfill::SchemaFocus* focus) {
  std::vector<backfill::DdlNote> notes;
  std::string text;
  try {
    backfill::Catalog catalog = backfill::ReadSchemaText("fuzz.sql", sql, notes, focus);
    const backfill::Table* t = catalog.FindTable({"public", "t"});
    if (t && !t->columns.empty()) {
      backfill::Requirement r;
      r.source = "fuzz";
      r.target = backfill::TargetName{"public", "t", t->columns.front().name};
      r.set_sql = "NULL";
      try {
        text = backfill::PlanToJson(backfill::BuildPlan(backfill::BindSubject(catalog, r), {"2026-01-01"})).dump();
      } catch (const std::exception& e) {
        text = std::string("plan error: ") + e.what();
      }
    }
  } catch (const backfill::InputError& e) {
    text = "error: " + e.OneLine();
  }
  for (const backfill::DdlNote& n : notes) text += "\n" + std::to_string(n.place.line) + ": " + n.text;
  return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string sql(reinterpret_cast<const char*>(data), size);
  backfill::SchemaFocus focus{"public", "t", {}};
  std::string whole = Outcome(sql, nullptr), focused = Outcome(sql, &focus);
  if (whole == focused) return 0;
  bool parser_error = whole.rfind("error: ", 0) == 0 && whole.find("is already defined at line") == std::string::npos;
  if (!parser_error || focused.rfind("error: ", 0) == 0) abort();
  return 0;
}
