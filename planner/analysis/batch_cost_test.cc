#include "planner/analysis/batch_cost.h"

#include <doctest/doctest.h>

#include "planner/analysis/advisor_test_support.h"

namespace backfill {
namespace {

using namespace backfill::testing;

// A backfill rewrites most rows of full pages: its updates are rarely HOT, indexed column or not.
TEST_CASE("batch cost: every changed row writes every index of its table") {
  auto plain = Bind("CREATE TABLE t (id bigint PRIMARY KEY, c text, d text); CREATE INDEX t_d ON t (d);",
                    R"({"target": "t.c", "set": "'x'"})");
  BatchCost unindexed = CostOfBatches(plain->subject);
  CHECK_FALSE(unindexed.column_indexed);
  CHECK(unindexed.indexes == std::vector<std::string>{"public.t_pkey", "public.t_d"});
  CHECK(unindexed.row_ms == doctest::Approx(kRowMilliseconds * (1 + 2 * kIndexFactor)));
  CHECK(unindexed.BatchMs(1000) == doctest::Approx(kBatchOverheadMs + 1000 * unindexed.row_ms));

  auto indexed = Bind("CREATE TABLE t (id bigint PRIMARY KEY, c text, d text); CREATE INDEX t_d ON t (d); "
                      "CREATE INDEX t_c ON t (lower(c));",
                      R"({"target": "t.c", "set": "'x'"})");
  BatchCost cold = CostOfBatches(indexed->subject);
  CHECK(cold.column_indexed);
  CHECK(cold.indexes == std::vector<std::string>{"public.t_pkey", "public.t_d", "public.t_c"});
  CHECK(cold.row_ms == doctest::Approx(kRowMilliseconds * (1 + 3 * kIndexFactor)));
  CHECK(cold.restore_row_ms == doctest::Approx(cold.row_ms * kRestoreRowFactor));
}

TEST_CASE("batch cost: row triggers that fire for the column, a partition's own, and a rename's sync trigger") {
  auto partitioned = Bind(R"sql(
CREATE TABLE e (id bigint, at date, c text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE e_1 PARTITION OF e FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
CREATE TRIGGER e_any BEFORE UPDATE ON e FOR EACH ROW EXECUTE FUNCTION f();
CREATE TRIGGER e_other BEFORE UPDATE OF at ON e FOR EACH ROW EXECUTE FUNCTION f();
CREATE TRIGGER e_statement AFTER UPDATE ON e EXECUTE FUNCTION f();
CREATE TRIGGER e_1_local AFTER UPDATE OF c ON e_1 FOR EACH ROW EXECUTE FUNCTION f();
)sql",
                          R"({"target": "e.c", "set": "'x'"})");
  BatchCost cost = CostOfBatches(partitioned->subject);
  CHECK(cost.indexes == std::vector<std::string>{"public.e_pkey"});
  CHECK(cost.row_triggers == std::vector<std::string>{"e_any", "e_1_local"});
  CHECK(cost.TriggersFired() == 2);

  auto rename = Bind("CREATE TABLE t (id bigint PRIMARY KEY, c text);", R"({"target": "t.c", "kind": "rename", "to": "d"})");
  BatchCost copy = CostOfBatches(rename->subject);
  CHECK(copy.sync_trigger);
  CHECK(copy.TriggersFired() == 1);
  CHECK(copy.row_ms == doctest::Approx(kRowMilliseconds * (1 + kIndexFactor + kRowTriggerFactor)));
}

// pg_dump writes a partitioned table's index on each partition and attaches it to the parent's.
TEST_CASE("batch cost: a partition's index attached to the parent's is counted once; its own are added") {
  auto dumped = Bind(R"sql(
CREATE TABLE e (id bigint NOT NULL, at date NOT NULL, c text) PARTITION BY RANGE (at);
CREATE TABLE e_1 (id bigint NOT NULL, at date NOT NULL, c text);
ALTER TABLE ONLY e ATTACH PARTITION e_1 FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
ALTER TABLE ONLY e ADD CONSTRAINT e_pkey PRIMARY KEY (id, at);
ALTER TABLE ONLY e_1 ADD CONSTRAINT e_1_pkey PRIMARY KEY (id, at);
ALTER INDEX e_pkey ATTACH PARTITION e_1_pkey;
CREATE INDEX e_1_c ON e_1 (c);
)sql",
                     R"({"target": "e.c", "set": "'x'"})");
  BatchCost cost = CostOfBatches(dumped->subject);
  CHECK(cost.indexes == std::vector<std::string>{"public.e_pkey", "public.e_1_c"});
  CHECK(cost.column_indexed);
}

TEST_CASE("batch cost: the largest batch within a time") {
  auto plain = Bind("CREATE TABLE t (id bigint PRIMARY KEY, c text);", R"({"target": "t.c", "set": "'x'"})");
  BatchCost cost = CostOfBatches(plain->subject);
  int64_t rows = RowsWithin(cost, 1000);
  CHECK(cost.BatchMs(rows) <= 1000);
  CHECK(cost.BatchMs(rows + 1) > 1000);
  CHECK(RowsWithin(cost, 0) == 1);
}

}  // namespace
}  // namespace backfill
