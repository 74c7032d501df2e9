#include "planner/plan/estimate.h"

#include <doctest/doctest.h>

#include "planner/analysis/advisor_test_support.h"

namespace backfill {
namespace {

using namespace backfill::testing;

TEST_CASE("estimate: batches x (batch time + sleep), batch time growing with indexes written and row triggers") {
  auto plain = Bind("CREATE TABLE t (id bigint PRIMARY KEY, c text);",
                    R"({"target": "t.c", "set": "'x'", "estimated_rows": 10500, "batch_size": 1000, "sleep_ms": 100})");
  Estimate e = EstimateDuration(plain->subject, English());
  CHECK(e.rows_given);
  CHECK(e.batches == 11);
  CHECK(e.batch_seconds == doctest::Approx(1000 * kRowMilliseconds / 1000.0));
  CHECK(e.total_seconds == doctest::Approx(11 * (0.05 + 0.1)));

  // An index on the column makes every index of the table written (no HOT): 2 here; one row trigger fires.
  auto heavy = Bind(R"sql(
CREATE TABLE t (id bigint PRIMARY KEY, c text);
CREATE INDEX t_c ON t (c);
CREATE TRIGGER t_row BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();
CREATE TRIGGER t_other BEFORE UPDATE OF id ON t FOR EACH ROW EXECUTE FUNCTION f();
)sql",
                    R"({"target": "t.c", "set": "'x'", "estimated_rows": 10500, "batch_size": 1000, "sleep_ms": 100})");
  Estimate h = EstimateDuration(heavy->subject, English());
  CHECK(h.batch_seconds == doctest::Approx(1000 * kRowMilliseconds * (1 + 2 * kIndexFactor + kRowTriggerFactor) / 1000.0));
  CHECK(h.total_seconds > e.total_seconds);
}

TEST_CASE("estimate: assumed rows without estimated_rows; one runner's time, divided by at most parallelism") {
  auto b = Bind("CREATE TABLE t (id bigint PRIMARY KEY, c text);", R"({"target": "t.c", "set": "'x'", "parallelism": 2})");
  Estimate e = EstimateDuration(b->subject, English());
  CHECK_FALSE(e.rows_given);
  CHECK(e.rows == kAssumedRows);
  CHECK(e.batches == 100);
  CHECK(e.total_seconds == doctest::Approx(100 * (0.05 + 0.1)));
  CHECK(e.assumptions.back().find("2 runners (parallelism) divide it by at most 2") != std::string::npos);
}

TEST_CASE("estimate: human durations") {
  CHECK(HumanDuration(0, English()) == "0 s");
  CHECK(HumanDuration(59, English()) == "59 s");
  CHECK(HumanDuration(90, English()) == "1 min 30 s");
  CHECK(HumanDuration(3600, English()) == "1 h 0 min");
  CHECK(HumanDuration(3 * 3600 + 25 * 60 + 10, English()) == "3 h 25 min");
  CHECK(HumanDuration(90, Japanese()) == "1 分 30 秒");
  CHECK(HumanDuration(3 * 3600 + 25 * 60 + 10, Japanese()) == "3 時間 25 分");
}

// A rename's copy fires its own sync trigger on every row it writes.
TEST_CASE("estimate: a rename counts the sync trigger") {
  auto rename = Bind("CREATE TABLE t (id bigint PRIMARY KEY, c text);",
                     R"({"target": "t.c", "kind": "rename", "to": "d", "estimated_rows": 1000, "batch_size": 1000})");
  Estimate e = EstimateDuration(rename->subject, English());
  CHECK(e.batch_seconds == doctest::Approx(1000 * kRowMilliseconds * (1 + kRowTriggerFactor) / 1000.0));
}

}  // namespace
}  // namespace backfill
