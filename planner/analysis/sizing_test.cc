#include <doctest/doctest.h>

#include "planner/analysis/advisor_test_support.h"
#include "planner/analysis/batch_cost.h"

namespace backfill {
namespace {

using namespace backfill::testing;

// An indexed column with two row triggers: each row costs several times the base.
const char* kSlowRows = R"sql(
CREATE TABLE t (id bigint PRIMARY KEY, c text);
CREATE INDEX t_c ON t (c);
CREATE TRIGGER t_a BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();
CREATE TRIGGER t_b AFTER UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();
)sql";
const char* kPlain = "CREATE TABLE t (id bigint PRIMARY KEY, c text);";

// A batch size whose estimated time is `fraction` of the timeout.
int SizeAt(const char* schema, double fraction, int timeout_ms) {
  auto b = Bind(schema, R"({"target": "t.c", "set": "'x'"})");
  BatchCost cost = CostOfBatches(b->subject);
  return static_cast<int>((fraction * timeout_ms - kBatchOverheadMs) / cost.row_ms);
}

std::string Requirement(int batch_size, int timeout_ms, const std::string& more = "") {
  return R"({"target": "t.c", "set": "'x'", "batch_size": )" + std::to_string(batch_size) +
         R"(, "statement_timeout_ms": )" + std::to_string(timeout_ms) + more + "}";
}

TEST_CASE("sizing: a batch estimated over the statement_timeout blocks, over half of it warns") {
  auto over = Run(AdviseSizing, kSlowRows, Requirement(SizeAt(kSlowRows, 1.2, 1000), 1000));
  const Finding* block = FindingById(over, "sizing.batch_over_timeout");
  REQUIRE(block);
  CHECK(block->severity == Severity::kBlock);
  CHECK(block->section == PlanSection::kOverview);
  CHECK(Contains(block->title, "over the statement_timeout of 1000 ms"));
  CHECK(Contains(block->advice, "lower batch_size to "));
  CHECK_FALSE(FindingById(over, "sizing.batch_near_timeout"));

  auto near = Run(AdviseSizing, kSlowRows, Requirement(SizeAt(kSlowRows, 0.7, 1000), 1000));
  const Finding* warn = FindingById(near, "sizing.batch_near_timeout");
  REQUIRE(warn);
  CHECK(warn->severity == Severity::kWarn);
  CHECK_FALSE(FindingById(near, "sizing.batch_over_timeout"));

  auto fine = Run(AdviseSizing, kSlowRows, Requirement(SizeAt(kSlowRows, 0.4, 1000), 1000));
  CHECK_FALSE(FindingById(fine, "sizing.batch_near_timeout"));
  CHECK_FALSE(FindingById(fine, "sizing.batch_over_timeout"));
}

TEST_CASE("sizing: the suggested batch size fits within half the timeout") {
  auto over = Run(AdviseSizing, kPlain, Requirement(1000000, 5000));
  const Finding* block = FindingById(over, "sizing.batch_over_timeout");
  REQUIRE(block);
  auto b = Bind(kPlain, R"({"target": "t.c", "set": "'x'"})");
  BatchCost cost = CostOfBatches(b->subject);
  size_t at = block->advice.find("lower batch_size to ") + 20;
  std::string digits;
  for (char c : block->advice.substr(at)) {
    if (c == ',') continue;
    if (!std::isdigit(static_cast<unsigned char>(c))) break;
    digits += c;
  }
  int64_t suggested = std::stoll(digits);
  CHECK(cost.BatchMs(suggested) <= 2500);
  CHECK(cost.BatchMs(suggested * 2) > 2500);
}

TEST_CASE("sizing: adaptive batches size themselves by time: no timeout finding") {
  auto adaptive = Run(AdviseSizing, kPlain, Requirement(1000000, 5000, R"(, "target_batch_ms": 200, "max_batch_size": 1000000)"));
  CHECK_FALSE(FindingById(adaptive, "sizing.batch_over_timeout"));
}

TEST_CASE("sizing: no sleep in online mode warns; a maintenance window may run without one") {
  auto online = Run(AdviseSizing, kPlain, R"({"target": "t.c", "set": "'x'", "sleep_ms": 0})");
  const Finding* warn = FindingById(online, "sizing.no_sleep");
  REQUIRE(warn);
  CHECK(warn->severity == Severity::kWarn);
  CHECK(Contains(warn->title, "WAL shipping"));
  CHECK(Run(AdviseSizing, kPlain, R"({"target": "t.c", "set": "'x'", "sleep_ms": 0, "execution": "maintenance_window"})").empty());
  CHECK(Run(AdviseSizing, kPlain, R"({"target": "t.c", "set": "'x'", "sleep_ms": 10})").empty());
}

TEST_CASE("sizing: batch sizes outside 1,000-10,000 get a note with their consequence") {
  auto small = Run(AdviseSizing, kPlain, R"({"target": "t.c", "set": "'x'", "batch_size": 5, "estimated_rows": 14000})");
  const Finding* note = FindingById(small, "sizing.small_batches");
  REQUIRE(note);
  CHECK(note->severity == Severity::kInfo);
  CHECK(Contains(note->title, "Batches of 5 rows: the per-batch overhead"));
  CHECK(Contains(note->title, "for 14,000 rows, against "));
  auto large = Run(AdviseSizing, kPlain, R"({"target": "t.c", "set": "'x'", "batch_size": 50000})");
  const Finding* big = FindingById(large, "sizing.large_batches");
  REQUIRE(big);
  CHECK(Contains(big->title, "holds up to 50,000 row locks"));
  CHECK(Contains(big->title, "replica"));
  CHECK(Run(AdviseSizing, kPlain, R"({"target": "t.c", "set": "'x'", "batch_size": 1000})").empty());
  CHECK(Run(AdviseSizing, kPlain, R"({"target": "t.c", "set": "'x'", "batch_size": 10000})").empty());
}

TEST_CASE("sizing: in Japanese, the same findings, worded in Japanese") {
  auto ja = RunInJapanese(AdviseSizing, kSlowRows,
                          Requirement(SizeAt(kSlowRows, 1.2, 1000), 1000, R"(, "sleep_ms": 0, "execution": "online")"));
  const Finding* block = FindingById(ja, "sizing.batch_over_timeout");
  REQUIRE(block);
  CHECK(Contains(block->title, "statement_timeout の 1000 ms を超える"));
  const Finding* sleep = FindingById(ja, "sizing.no_sleep");
  REQUIRE(sleep);
  CHECK(Contains(sleep->title, "WAL 転送"));
}

}  // namespace
}  // namespace backfill
