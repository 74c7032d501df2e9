#include "planner/render/markdown.h"

#include <doctest/doctest.h>

#include "planner/analysis/subject.h"
#include "planner/catalog/ddl_reader.h"
#include "planner/plan/planner.h"

namespace backfill {
namespace {

Plan PlanFor(const std::string& ddl, const std::string& requirement_json) {
  std::vector<DdlNote> notes;
  static Catalog catalog;  // the plan points into it; one test at a time
  catalog = ReadSchemaText("schema.sql", ddl, notes);
  Requirement requirement = ReadRequirementText("req.json", requirement_json);
  return BuildPlan(BindSubject(catalog, requirement), {"2026-01-15"});
}

std::vector<std::string> Headings(const std::string& markdown, const std::string& prefix) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < markdown.size()) {
    size_t end = markdown.find('\n', start);
    std::string line = markdown.substr(start, end - start);
    if (line.rfind(prefix, 0) == 0) out.push_back(line);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

const char* kDdl = "CREATE TABLE orders (id bigint PRIMARY KEY, status text);";
const char* kFill = R"({"target": "orders.status", "set": "'new'"})";

}  // namespace

TEST_CASE("markdown: simple mode prints Summary, Overview, Strategy, Backfill SQL and Rollback, in order") {
  std::string md = RenderMarkdown(PlanFor(kDdl, kFill), {});
  CHECK(Headings(md, "# ") == std::vector<std::string>{"# Backfill plan: orders.status"});
  CHECK(Headings(md, "## ") ==
        std::vector<std::string>{"## Summary", "## Overview", "## Strategy", "## Backfill SQL", "## Rollback"});
}

// A warn finding of the Data analysis section, which simple mode does not print: the summary
// still names it, and counts the info findings simple mode leaves out.
TEST_CASE("markdown: the summary names every warn and block finding, in simple mode too") {
  const char* ddl = R"sql(
CREATE TABLE orders (id bigint PRIMARY KEY, status text);
CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.status := 'x'; RETURN NEW; END $$;
CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION public.touch();
)sql";
  Plan plan = PlanFor(ddl, kFill);
  std::string md = RenderMarkdown(plan, {});
  size_t warns = 0;
  for (const Finding& f : plan.findings)
    if (f.severity != Severity::kInfo) {
      ++warns;
      CHECK(md.find("  - **warn** `" + f.id + "`: " + f.title + "\n") != std::string::npos);
    }
  CHECK(warns > 0);
  CHECK(md.find("- Verdict: **needs attention** (0 block, " + std::to_string(warns) + " warn,") != std::string::npos);
  CHECK(md.find("- Run, in this order: `01_preflight.sql`, `02_prepare.sql`, `03_backfill.sql`") != std::string::npos);
}

TEST_CASE("markdown: detailed mode prints every section, in the documented order") {
  std::string md = RenderMarkdown(PlanFor(kDdl, kFill), {true, "en", {}});
  CHECK(Headings(md, "## ") == std::vector<std::string>{"## Summary", "## Overview", "## Data analysis", "## Strategy", "## Backup",
                                                        "## Backfill SQL", "## Rollback", "## Monitoring",
                                                        "## Checklist", "## Emergency stop",
                                                        "## Application transition"});
}

TEST_CASE("markdown: the backup table carries the date and a fix is flagged as destructive") {
  std::string md = RenderMarkdown(
      PlanFor(kDdl, R"j({"target": "orders.status", "kind": "fix", "set": "lower(status)", "where": "status <> lower(status)"})j"),
      {true, "en", {}});
  CHECK(md.find("orders_status_backup_20260115") != std::string::npos);
  CHECK(md.find("DESTRUCTIVE") != std::string::npos);
}

TEST_CASE("markdown: a pipe in user text cannot break the overview table") {
  std::string md = RenderMarkdown(PlanFor(kDdl, R"({"target": "orders.status", "set": "'a' || 'b'"})"), {});
  CHECK(md.find("`'a' \\|\\| 'b'`") != std::string::npos);
}

TEST_CASE("markdown: an unknown language is a usage error") {
  CHECK_THROWS_AS(RenderMarkdown(PlanFor(kDdl, kFill), {false, "xx", {}}), InputError);
}

TEST_CASE("markdown: a reason cannot open a code block or a heading, nor carry control characters") {
  std::string md = RenderMarkdown(
      PlanFor(kDdl, R"({"target": "orders.status", "set": "'x'", "reason": "tickets\n```\n# Injected\u0000\u001b[2J\u202e"})"),
      {true, "en", {}});
  CHECK(md.find("| Reason | tickets ``` # Injected\\x00\\x1b[2J\\u202e |") != std::string::npos);
  CHECK(Headings(md, "# ") == std::vector<std::string>{"# Backfill plan: orders.status"});
  CHECK(md.find('\x1b') == std::string::npos);
  CHECK(md.find(std::string(1, '\0')) == std::string::npos);
}

TEST_CASE("MarkdownCell: pipes escaped, line breaks folded, control characters escaped") {
  CHECK(MarkdownCell("a | b\nc\x07") == "a \\| b c\\x07");
}

TEST_CASE("markdown: a view the switch creates again is shown as the schema writes it, in a fence it cannot close") {
  std::string ddl = "CREATE TABLE t (id int PRIMARY KEY, v text);\n"
                    "-- a comment before the view is not part of it\n"
                    "CREATE VIEW w AS SELECT id, v /* ```\n# not a heading */ FROM t;\n";
  Plan plan = PlanFor(ddl, R"({"target": "t.id", "kind": "retype", "type": "bigint"})");
  REQUIRE(plan.switch_views.size() == 1);
  CHECK(plan.switch_views[0].first == "public.w");
  std::string md = RenderMarkdown(plan, {});
  CHECK(md.find("# Retype plan: public.t.id → bigint\n") == 0);
  // The fence is longer than the backticks inside the definition; its lines are kept.
  CHECK(md.find("````sql\nCREATE VIEW w AS SELECT id, v /* ```\n# not a heading */ FROM t;\n````\n") != std::string::npos);
  CHECK(md.find("a comment before the view") == std::string::npos);
}

}  // namespace backfill
