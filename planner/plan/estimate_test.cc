#include "planner/plan/estimate.h"

#include <doctest/doctest.h>

#include "planner/analysis/advisor_test_support.h"

namespace backfill {
namespace {

using namespace backfill::testing;

bool AnyLine(const Estimate& e, const std::string& part) {
  return std::any_of(e.assumptions.begin(), e.assumptions.end(), [&](const std::string& l) { return Contains(l, part); });
}

TEST_CASE("estimate: the counts, then batches x (batch time + sleep), a batch's overhead and its rows") {
  auto plain = Bind("CREATE TABLE t (id bigint PRIMARY KEY, c text);",
                    R"({"target": "t.c", "set": "'x'", "estimated_rows": 10500, "batch_size": 1000, "sleep_ms": 100})");
  Estimate e = EstimateDuration(plain->subject, English());
  CHECK(e.rows_given);
  CHECK(e.batches == 11);
  // The key's index gets an entry for every changed row: a backfill's updates are rarely HOT.
  CHECK(e.batch_seconds == doctest::Approx((kBatchOverheadMs + 1000 * kRowMilliseconds * (1 + kIndexFactor)) / 1000.0));
  CHECK(e.run_seconds == doctest::Approx((kRunOverheadMs + kCountsPerRun * 10500 * kScanRowMilliseconds) / 1000.0));
  CHECK(e.total_seconds == doctest::Approx(e.run_seconds + 11 * (e.batch_seconds + 0.1)));

  // An index on the column makes every index of the table written (no HOT): 2 here; one row trigger fires.
  auto heavy = Bind(R"sql(
CREATE TABLE t (id bigint PRIMARY KEY, c text);
CREATE INDEX t_c ON t (c);
CREATE TRIGGER t_row BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();
CREATE TRIGGER t_other BEFORE UPDATE OF id ON t FOR EACH ROW EXECUTE FUNCTION f();
)sql",
                    R"({"target": "t.c", "set": "'x'", "estimated_rows": 10500, "batch_size": 1000, "sleep_ms": 100})");
  Estimate h = EstimateDuration(heavy->subject, English());
  double row_ms = kRowMilliseconds * (1 + 2 * kIndexFactor + kRowTriggerFactor);
  CHECK(h.batch_seconds == doctest::Approx((kBatchOverheadMs + 1000 * row_ms) / 1000.0));
  CHECK(h.total_seconds > e.total_seconds);
}

// Every assumption line says what the formula counts: no fixed sentence about an unindexed column.
TEST_CASE("estimate: the assumption lines name the indexes and triggers the formula counts") {
  auto heavy = Bind(R"sql(
CREATE TABLE t (id bigint PRIMARY KEY, c text);
CREATE INDEX t_c ON t (c);
CREATE TRIGGER t_row BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();
)sql",
                    R"({"target": "t.c", "set": "'x'", "estimated_rows": 5000, "batch_size": 1000})");
  Estimate h = EstimateDuration(heavy->subject, English());
  CHECK(AnyLine(h, Rate(kIndexFactor) + " x 2 indexes written + " + Rate(kRowTriggerFactor) + " x 1 row trigger)"));
  CHECK(AnyLine(h, "2 indexes written per changed row (public.t_pkey, public.t_c): an index reads c, so no update is HOT"));
  CHECK(AnyLine(h, "1 row trigger fires per changed row: t_row"));
  CHECK_FALSE(AnyLine(h, "unindexed"));
  CHECK_FALSE(AnyLine(h, "no triggers"));

  auto plain = Bind("CREATE TABLE t (id bigint PRIMARY KEY, c text);", R"({"target": "t.c", "set": "'x'"})");
  Estimate e = EstimateDuration(plain->subject, English());
  CHECK(AnyLine(e, Rate(kIndexFactor) + " x 1 index written + " + Rate(kRowTriggerFactor) + " x 0 row triggers"));
  CHECK(AnyLine(e, "1 index written per changed row (public.t_pkey): no index reads c, yet a backfill's updates are rarely HOT"));
  CHECK(AnyLine(e, "0 row triggers: no row-level UPDATE trigger fires for c"));
  CHECK(AnyLine(e, "batch time = overhead + batch size x row time = " + Rate(kBatchOverheadMs) + " ms + 1000 x "));
}

TEST_CASE("estimate: assumed rows without estimated_rows; one runner's time, divided by at most parallelism") {
  auto b = Bind("CREATE TABLE t (id bigint PRIMARY KEY, c text);", R"({"target": "t.c", "set": "'x'", "parallelism": 2})");
  Estimate e = EstimateDuration(b->subject, English());
  CHECK_FALSE(e.rows_given);
  CHECK(e.rows == kAssumedRows);
  CHECK(e.batches == 100);
  CHECK(e.total_seconds == doctest::Approx(e.run_seconds + 100 * (e.batch_seconds + 0.1)));
  CHECK(e.assumptions.back().find("2 runners (parallelism) divide it by at most 2") != std::string::npos);
}

TEST_CASE("estimate: the rollback restores the backfill's batches, from the same model") {
  auto b = Bind("CREATE TABLE t (id bigint PRIMARY KEY, c text);",
                R"({"target": "t.c", "set": "'x'", "estimated_rows": 20000, "batch_size": 2000, "sleep_ms": 50})");
  Estimate e = EstimateDuration(b->subject, English());
  double restore_row_ms = kRowMilliseconds * (1 + kIndexFactor) * kRestoreRowFactor;
  CHECK(e.rollback_batch_seconds == doctest::Approx((kRestoreOverheadMs + 2000 * restore_row_ms) / 1000.0));
  CHECK(e.rollback_run_seconds == doctest::Approx((kRunOverheadMs + 20000 * kScanRowMilliseconds) / 1000.0));
  CHECK(e.rollback_seconds == doctest::Approx(e.rollback_run_seconds + 10 * (e.rollback_batch_seconds + 0.05)));
  CHECK(Contains(e.rollback_formula, "rollback = run start + batches x (rollback batch time + sleep) = "));
  CHECK(Contains(e.rollback_formula, " + 10 x ("));
  CHECK(AnyLine(e, "rollback batch time = "));
  Estimate ja = EstimateDuration(b->subject, Japanese());
  CHECK(Contains(ja.rollback_formula, "ロールバック = 実行の開始"));
  CHECK(ja.rollback_seconds == e.rollback_seconds);
}

// A rename's copy fires its own sync trigger on every row it writes.
TEST_CASE("estimate: a rename counts the sync trigger") {
  auto rename = Bind("CREATE TABLE t (id bigint PRIMARY KEY, c text);",
                     R"({"target": "t.c", "kind": "rename", "to": "d", "estimated_rows": 1000, "batch_size": 1000})");
  Estimate e = EstimateDuration(rename->subject, English());
  CHECK(e.batch_seconds == doctest::Approx((kBatchOverheadMs + 1000 * kRowMilliseconds * (1 + kIndexFactor + kRowTriggerFactor)) / 1000.0));
  CHECK(AnyLine(e, "1 row trigger fires per changed row: the copy's sync trigger (00_expand.sql)"));
}

}  // namespace
}  // namespace backfill
