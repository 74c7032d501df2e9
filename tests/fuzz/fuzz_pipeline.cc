// libFuzzer target: the whole pipeline from both inputs to all three output formats.
// The input is "<schema DDL>\n-- requirement --\n<requirement JSON>"; a plan must either be
// refused with an InputError or render in Markdown, JSON and the SQL bundle, whose every
// statement passes the parser self-check, psql meta-commands included (a SelfCheckError is a
// finding: it aborts). The `set` and `where` the plan embeds must parse to the trees of the
// requirement's own text: an accepted input whose emitted expression differs aborts too.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "planner/analysis/subject.h"
#include "planner/catalog/ddl_reader.h"
#include "planner/plan/planner.h"
#include "planner/render/markdown.h"
#include "planner/render/plan_json.h"
#include "planner/sql/embed.h"

namespace {

// The text that runs must be the text that was checked: an expression that parses is re-written
// without error, to the same tree.
void RequireEmbeddable(const std::optional<std::string>& given) {
  if (!given || !backfill::SameExpressionTree(*given, *given)) return;
  try {
    if (!backfill::SameExpressionTree(*given, backfill::EmbeddableExpression(*given))) abort();
  } catch (const backfill::EmbedError&) {
    abort();
  }
}

void RequireSameTree(const std::optional<std::string>& given, const std::string& emitted) {
  if (given && !backfill::SameExpressionTree(*given, emitted)) abort();
}

}  // namespace

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
    RequireEmbeddable(requirement.set_sql);
    RequireEmbeddable(requirement.where_sql);
    backfill::BackfillSubject subject = backfill::BindSubject(catalog, requirement);
    RequireSameTree(requirement.set_sql, subject.set.sql);
    RequireSameTree(requirement.where_sql, subject.where.sql);
    backfill::Plan plan = backfill::BuildPlan(subject, {"2026-01-15"});
    backfill::RenderMarkdown(plan, {true, "en", {}});
    backfill::PlanToJson(plan).dump();
  } catch (const backfill::InputError&) {
  }
  return 0;
}
