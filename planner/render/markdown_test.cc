#include "planner/render/markdown.h"

#include <doctest/doctest.h>

#include "planner/analysis/subject.h"
#include "planner/catalog/ddl_reader.h"
#include "planner/plan/planner.h"

namespace backfill {
namespace {

Plan PlanFor(const std::string& ddl, const std::string& requirement_json, Language language = Language::kEnglish) {
  std::vector<DdlNote> notes;
  static Catalog catalog;  // the plan points into it; one test at a time
  catalog = ReadSchemaText("schema.sql", ddl, notes);
  Requirement requirement = ReadRequirementText("req.json", requirement_json);
  return BuildPlan(BindSubject(catalog, requirement), {"2026-01-15", 15, language});
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
        std::vector<std::string>{"## Summary", "## The run at a glance", "## Overview", "## Strategy", "## Backfill SQL",
                                 "## Rollback"});
  CHECK(Headings(md, "### Step ") == std::vector<std::string>{"### Step 1: Test run (10 rows)", "### Step 2: Small run (1,000 rows)",
                                                              "### Step 3: Full run (all remaining rows, in throttled batches)"});
}

// The seed's own Japanese format: headings, overview labels, step titles, checklist sub-headings
// and the transition table.
TEST_CASE("markdown: the Japanese plan has the seed's headings, labels, steps, checklist and transition table") {
  std::string md = RenderMarkdown(PlanFor(kDdl, R"({"target": "orders.status", "set": "'new'", "not_null_after": true})", Language::kJapanese),
                                  {true, "ja", {}});
  CHECK(Headings(md, "## ") == std::vector<std::string>{"## サマリー", "## 実行フロー", "## 概要", "## データ分析クエリ", "## 戦略",
                                                        "## バックアップ手順", "## バックフィル SQL", "## ロールバック SQL",
                                                        "## モニタリング項目", "## 実行チェックリスト", "## 緊急停止手順",
                                                        "## 過渡期のアプリケーション対応"});
  CHECK(Headings(md, "### Step ") == std::vector<std::string>{"### Step 1: テスト実行（10件）", "### Step 2: 小規模実行（1,000件）",
                                                              "### Step 3: 本番実行（残り全件、間隔を空けたバッチ処理）"});
  for (const char* line : {"| 対象テーブル | `public.orders` |", "| 対象カラム | `status` |", "| バックフィル理由 | （記載なし） |",
                           "| 推定対象件数 | ", "| サービス影響 | あり（軽微）: ", "### 事前準備\n", "### 実行中\n", "### 実行後\n",
                           "| フェーズ | status の状態 | アプリケーション対応 |\n| --- | --- | --- |\n| バックフィル前 | ",
                           "| NOT NULL 追加後 (05) | NOT NULL（NULL は PostgreSQL が拒否する） | NULL を書き込みうるコード"})
    CHECK_MESSAGE(md.find(line) != std::string::npos, std::string(line));
  for (const char* old : {"ステージ 1", "ステージ 2", "ステージ 3"}) CHECK(md.find(old) == std::string::npos);
}

TEST_CASE("markdown: long SQL folds into <details> in both modes; the flowchart is one mermaid block") {
  for (bool detailed : {false, true}) {
    std::string md = RenderMarkdown(PlanFor(kDdl, kFill), {detailed, "en", {}});
    CHECK(md.find("<details>\n<summary><code>03_backfill.sql</code> (") != std::string::npos);
    CHECK(md.find("```mermaid\nflowchart TD\n") != std::string::npos);
    CHECK(md.find("```mermaid", md.find("```mermaid") + 1) == std::string::npos);
    // Every <details> is closed.
    size_t open = 0, close = 0;
    for (size_t at = md.find("<details>"); at != std::string::npos; at = md.find("<details>", at + 1)) ++open;
    for (size_t at = md.find("</details>"); at != std::string::npos; at = md.find("</details>", at + 1)) ++close;
    CHECK(open == close);
    CHECK(open >= 3);
  }
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
  CHECK(Headings(md, "## ") == std::vector<std::string>{"## Summary", "## The run at a glance", "## Overview", "## Data analysis", "## Strategy", "## Backup",
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
  CHECK(md.find("| Reason for the backfill | tickets ``` # Injected\\x00\\x1b[2J\\u202e |") != std::string::npos);
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

namespace backfill {

TEST_CASE("markdown: a feature flag in the transition table, the checklists and the emergency stop") {
  std::string reads = RenderMarkdown(
      PlanFor(kDdl, R"({"target": "orders.status", "set": "'new'", "not_null_after": true,
                       "feature_flag": {"name": "orders_status_filter"}})"),
      {true, "en", {}});
  const std::string f = "the feature flag orders_status_filter";
  CHECK(reads.find("| before the backfill | the rows `where` selects hold their old values | ") != std::string::npos);
  CHECK(reads.find("; keep " + f + " off everywhere: the code it turns on reads status") != std::string::npos);
  CHECK(reads.find("; turn " + f + " on once 04_verify.sql passes") != std::string::npos);
  size_t not_null_row = reads.find("| after NOT NULL (05) |");
  REQUIRE(not_null_row != std::string::npos);
  CHECK(reads.find("remove " + f + " and the code path it replaced", not_null_row) != std::string::npos);
  CHECK(reads.find("- [ ] " + f + " is off in every environment\n") != std::string::npos);
  CHECK(reads.find("1. If the application misbehaves, turn " + f + " off first") != std::string::npos);

  std::string writes = RenderMarkdown(
      PlanFor(kDdl, R"({"target": "orders.status", "set": "'new'", "feature_flag": {"name": "w", "reads_column": false}})"),
      {true, "en", {}});
  CHECK(writes.find("turn the feature flag w on before 03_backfill.sql") != std::string::npos);
  CHECK(writes.find("- [ ] the feature flag w is on in every environment\n") != std::string::npos);
  CHECK(writes.find("If the application misbehaves") == std::string::npos);
}

}  // namespace backfill
