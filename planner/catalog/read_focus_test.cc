// Reading only the statements that matter to a plan changes nothing the plan says: every
// example requirement, and a plan of a column of every table of every corpus schema
// (../shared/corpus, skipped when absent), is planned from the whole file and from the focused
// read, and the JSON plans (or the errors), and the reader's notes, must be the same bytes.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "planner/analysis/subject.h"
#include "planner/catalog/ddl_reader.h"
#include "planner/catalog/requirement_focus.h"
#include "planner/plan/planner.h"
#include "planner/render/plan_json.h"

namespace backfill {
namespace {

namespace fs = std::filesystem;

std::string FileText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Read {
  std::string text;  // the catalog's plan-relevant result: notes, and the error if any
  std::optional<Catalog> catalog;
};

Read ReadSchema(const std::string& label, const std::string& sql, const SchemaFocus* focus) {
  Read read;
  std::vector<DdlNote> notes;
  try {
    read.catalog = ReadSchemaText(label, sql, notes, focus);
  } catch (const InputError& e) {
    read.text = "error: " + e.OneLine() + "\n";
  }
  for (const DdlNote& n : notes) read.text += std::to_string(n.place.line) + ": " + n.kind + ": " + n.text + "\n";
  return read;
}

std::string PlanText(const Read& read, const Requirement& requirement) {
  if (!read.catalog) return read.text;
  try {
    Plan plan = BuildPlan(BindSubject(*read.catalog, requirement), {"2026-01-01"});
    return read.text + PlanToJson(plan).dump(1);
  } catch (const std::exception& e) {
    return read.text + "error: " + e.what();
  }
}

// Plans `requirement` from the whole file and from the focused read; returns whether they agree.
bool SamePlans(const std::string& label, const std::string& sql, const Read& whole, const Requirement& requirement) {
  std::optional<SchemaFocus> focus = FocusOf(requirement);
  REQUIRE(focus);
  std::string all = PlanText(whole, requirement), focused = PlanText(ReadSchema(label, sql, &*focus), requirement);
  if (all == focused) return true;
  size_t at = 0;
  while (at < all.size() && at < focused.size() && all[at] == focused[at]) ++at;
  MESSAGE(label << ": " << requirement.target->Display() << ": the focused read plans differently at byte " << at
                << ":\n  whole:   " << all.substr(at > 200 ? at - 200 : 0, 400) << "\n  focused: "
                << focused.substr(at > 200 ? at - 200 : 0, 400));
  return false;
}

// The one way the two reads may differ: the focused read does not parse what it skips.
TEST_CASE("a focused read fails on a broken statement it reads, or a file cut short, but not on one it skips") {
  const std::string tables = "CREATE TABLE t (id int PRIMARY KEY, v text);\nCREATE TABLE other (id int);\n";
  SchemaFocus focus{"public", "t", {}};
  auto read = [&](const std::string& sql, const SchemaFocus* f) { return ReadSchema("s.sql", sql, f).text; };
  std::string elsewhere = tables + "CREATE INDEX ON other (id,, id);\nCOMMENT ON TABLE t IS 'ok';\n";
  CHECK(read(elsewhere, nullptr) == "error: s.sql:3:27: syntax error at or near \",\"\n");
  CHECK(read(elsewhere, &focus).empty());
  std::string here = tables + "CREATE INDEX ON t (id,, v);\nCOMMENT ON TABLE t IS 'ok';\n";
  CHECK(read(here, &focus) == "error: s.sql:3:23: syntax error at or near \",\"\n");
  std::string cut = tables + "COMMENT ON TABLE t IS 'ok';\nCREATE TABLE unrelated (id int,\n";
  CHECK(read(cut, &focus) == read(cut, nullptr));
  CHECK(read(cut, &focus).rfind("error: s.sql:5:1: syntax error at end of input", 0) == 0);
  std::string open_quote = tables + "COMMENT ON TABLE t IS 'ok';\nCOMMENT ON TABLE other IS 'it;\nSELECT 1;\n";
  CHECK(read(open_quote, &focus) == read(open_quote, nullptr));
  CHECK(read(open_quote, &focus).find("unterminated quoted string") != std::string::npos);
}

TEST_CASE("a focused read plans every example requirement as the whole file does") {
  int planned = 0;
  for (const auto& example : fs::directory_iterator(fs::path(SOURCE_DIR) / "examples")) {
    fs::path schema = example.path() / "schema.sql";
    if (!fs::is_regular_file(schema) || !fs::is_directory(example.path() / "backfills")) continue;
    std::string sql = FileText(schema);
    Read whole = ReadSchema(schema.string(), sql, nullptr);
    for (const auto& file : fs::directory_iterator(example.path() / "backfills")) {
      if (file.path().extension() != ".json") continue;
      Requirement requirement = ReadRequirementFile(file.path().string());
      CHECK(SamePlans(schema.string(), sql, whole, requirement));
      ++planned;
    }
  }
  CHECK(planned >= 14);
}

TEST_CASE("a focused read plans every corpus table as the whole file does") {
  fs::path corpus = SHARED_CORPUS_DIR;
  if (!fs::is_directory(corpus)) {
    MESSAGE("skipped: " << corpus.string() << " is absent (shared corpus)");
    return;
  }
  int planned = 0;
  for (const auto& entry : fs::recursive_directory_iterator(corpus)) {
    if (entry.path().extension() != ".sql") continue;
    std::string sql = FileText(entry.path());
    Read whole = ReadSchema(entry.path().string(), sql, nullptr);
    if (!whole.catalog) continue;  // a file the reader refuses is refused the same way either way (ddl_reader_test)
    for (const auto& [name, table] : whole.catalog->tables) {
      if (table.kind != TableKind::kOrdinary && table.kind != TableKind::kPartitioned) continue;
      if (table.columns.empty()) continue;
      // A nullable column, where there is one, so that NULL is a value the plan accepts.
      const Column* column = &table.columns.back();
      for (const Column& c : table.columns)
        if (!c.not_null) column = &c;
      Requirement requirement;
      requirement.source = "corpus";
      requirement.target = TargetName{name.schema, name.name, column->name};
      requirement.set_sql = "NULL";
      CHECK(SamePlans(entry.path().string(), sql, whole, requirement));
      ++planned;
    }
  }
  MESSAGE(planned << " corpus tables planned both ways");
  CHECK(planned > 0);
}

}  // namespace
}  // namespace backfill
