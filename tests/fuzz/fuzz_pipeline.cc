// libFuzzer target: the whole pipeline from both inputs to all three output formats.
// The input is "<schema DDL>\n-- requirement --\n<requirement JSON>"; a plan must either be
// refused with an InputError or render in Markdown, JSON and the SQL bundle, whose every
// statement passes the parser self-check (a SelfCheckError is a finding: it aborts).
#include <cstddef>
#include <cstdint>
#include <string>

#include "planner/analysis/subject.h"
#include "planner/catalog/ddl_reader.h"
#include "planner/plan/planner.h"
#include "planner/render/markdown.h"
#include "planner/render/plan_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  const std::string separator = "\n-- requirement --\n";
  size_t at = text.find(separator);
  if (at == std::string::npos) return 0;
  try {
    std::vector<backfill::DdlNote> notes;
    backfill::Catalog catalog = backfill::ReadSchemaText("fuzz.sql", text.substr(0, at), notes);
    backfill::Requirement requirement =
        backfill::ReadRequirementText("fuzz.json", text.substr(at + separator.size()));
    backfill::Plan plan = backfill::BuildPlan(backfill::BindSubject(catalog, requirement), {"2026-01-15"});
    backfill::RenderMarkdown(plan, {true, "en", {}});
    backfill::PlanToJson(plan).dump();
  } catch (const backfill::InputError&) {
  }
  return 0;
}
