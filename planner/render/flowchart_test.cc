#include "planner/render/flowchart.h"

#include <doctest/doctest.h>

namespace backfill {
namespace {

Plan WithFiles(std::initializer_list<const char*> names) {
  Plan plan;
  for (const char* n : names) plan.files.push_back({n, "", "", ""});
  return plan;
}

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("flowchart: the in-place run, its checks and its ways back") {
  Plan plan = WithFiles({"01_preflight.sql", "02_prepare.sql", "03_backfill.sql", "04_verify.sql", "05_finalize.sql",
                         "90_rollback.sql", "91_rollback_batches.sql", "99_cleanup.sql"});
  std::string chart = Flowchart(plan, Wording(Language::kEnglish));
  CHECK(chart.rfind("flowchart TD\n", 0) == 0);
  CHECK(Has(chart, "preflight_ok -->|\"no\"| halt"));
  CHECK(Has(chart, "step1_ok -->|\"no\"| rollback"));
  CHECK(Has(chart, "step2_ok -->|\"no\"| rollback"));
  CHECK(Has(chart, "decide -->|\"roll back\"| rollback"));
  CHECK(Has(chart, "verify_ok -->|\"yes\"| finalize"));
  CHECK(Has(chart, "finalize --> retention"));
  CHECK(Has(chart, "retention --> cleanup"));
  CHECK(Has(chart, "rollback[\"90_rollback.sql: every batch, newest first<br/>91_rollback_batches.sql: chosen batches\"]"));
  CHECK(chart.back() != '\n');  // the template closes the fence on the next line
  CHECK(!Has(chart, "00_expand.sql"));
  CHECK(!Has(chart, "03_schedule.sql"));
}

TEST_CASE("flowchart: without 05 the verify goes to the retention; expand-contract phases and their undo scripts") {
  std::string simple = Flowchart(WithFiles({"01_preflight.sql", "03_backfill.sql", "04_verify.sql"}), Wording(Language::kEnglish));
  CHECK(Has(simple, "verify_ok -->|\"yes\"| retention"));
  CHECK(!Has(simple, "finalize"));
  CHECK(!Has(simple, "91_rollback_batches.sql"));

  Plan retype = WithFiles({"00_expand.sql", "01_preflight.sql", "03_backfill.sql", "04_verify.sql", "06_copy_indexes.sql",
                           "07_switch.sql", "08_contract.sql", "80_undo_expand.sql", "86_undo_copy_indexes.sql",
                           "87_undo_switch.sql", "90_rollback.sql"});
  std::string chart = Flowchart(retype, Wording(Language::kJapanese));
  CHECK(Has(chart, "expand --> preflight"));
  CHECK(Has(chart, "expand -.->|\"取り消し\"| undo_expand"));
  CHECK(Has(chart, "undo_expand[\"80_undo_expand.sql\"]"));
  CHECK(Has(chart, "verify_ok -->|\"はい\"| copy_indexes"));
  CHECK(Has(chart, "copy_indexes --> switch"));
  CHECK(Has(chart, "switch --> contract"));
  CHECK(Has(chart, "switch -.->|\"取り消し\"| undo_switch"));
  CHECK(Has(chart, "contract --> retention"));
}

TEST_CASE("flowchart: a background job names its pg_cron schedule in step 3") {
  std::string chart = Flowchart(WithFiles({"03_backfill.sql", "03_schedule.sql"}), Wording(Language::kEnglish));
  CHECK(Has(chart, "Step 3: 03_backfill.sql, or 03_schedule.sql on pg_cron"));
}

}  // namespace backfill
