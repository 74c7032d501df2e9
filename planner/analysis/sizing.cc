// Sizing: the batch size and the sleep against the cost model (batch_cost.h). A batch the
// statement_timeout cancels never commits, so the backfill cannot advance; no sleep in online mode
// leaves nothing for replicas and autovacuum; batches far from 1,000-10,000 rows pay overhead or
// hold locks and write WAL in bursts.
#include <cmath>

#include "planner/analysis/advisors.h"
#include "planner/analysis/batch_cost.h"
#include "planner/quantities.h"

namespace backfill {
namespace {

constexpr int kSmallBatch = 1000, kLargeBatch = 10000;

// A size to suggest: the largest within `ms`, rounded down to two significant digits.
int64_t SuggestedSize(const BatchCost& cost, double ms) {
  int64_t rows = RowsWithin(cost, ms);
  int64_t unit = 1;
  while (rows / unit >= 100) unit *= 10;
  return std::max<int64_t>(1, rows / unit * unit);
}

// Fixed batches only: adaptive ones size themselves by time, and a statement timeout halves them.
void TimeoutFindings(const BackfillSubject& s, const BatchCost& cost, const Wording& say, std::vector<Finding>& findings) {
  const Requirement& r = s.requirement;
  if (r.target_batch_ms) return;
  const double batch_ms = cost.BatchMs(r.batch_size), timeout = r.statement_timeout_ms;
  if (batch_ms <= timeout / 2) return;
  const std::string size = WithThousands(r.batch_size), time = ShortDuration(batch_ms / 1000, say),
                    limit = std::to_string(r.statement_timeout_ms), within = WithThousands(SuggestedSize(cost, timeout / 2));
  const std::string advice =
      say("lower batch_size to " + within + " or less (within half the timeout at the estimated " + Rate(cost.row_ms) +
              " ms per row), or set target_batch_ms; if step 2 measures batches well below the estimate, raise "
              "statement_timeout_ms instead",
          "batch_size を " + within + " 以下に下げる（見積もりの 1 行 " + Rate(cost.row_ms) + " ms でタイムアウトの半分に収まる）"
          "か、target_batch_ms を指定する。ステップ 2 の実測が見積もりを大きく下回るなら、代わりに statement_timeout_ms を上げる");
  if (batch_ms > timeout)
    findings.push_back({"sizing.batch_over_timeout", Severity::kBlock,
                        say("A batch of " + size + " rows is estimated at " + time + ", over the statement_timeout of " + limit +
                                " ms: every batch would be cancelled and rolled back, and the backfill would never advance",
                            size + " 行のバッチの見積もりは " + time + " で、statement_timeout の " + limit +
                                " ms を超える。どのバッチもキャンセルされてロールバックされ、バックフィルは進まない"),
                        {s.table->name.Display()}, advice, PlanSection::kOverview});
  else
    findings.push_back({"sizing.batch_near_timeout", Severity::kWarn,
                        say("A batch of " + size + " rows is estimated at " + time + ", over half the statement_timeout of " +
                                limit + " ms: a slower batch (a cold cache, lock waits, load) is cancelled, and a run of them stops the backfill",
                            size + " 行のバッチの見積もりは " + time + " で、statement_timeout の " + limit +
                                " ms の半分を超える。遅いバッチ（冷えたキャッシュ、ロック待ち、負荷）はキャンセルされ、続けばバックフィルが止まる"),
                        {s.table->name.Display()}, advice, PlanSection::kStrategy});
}

void SleepFinding(const BackfillSubject& s, const Wording& say, std::vector<Finding>& findings) {
  const Requirement& r = s.requirement;
  if (r.sleep_ms > 0 || r.execution != ExecutionMode::kOnline) return;
  findings.push_back({"sizing.no_sleep", Severity::kWarn,
                      say("sleep_ms is 0 in online mode: each batch starts as the last one commits, leaving no room for WAL "
                          "shipping to replicas, autovacuum or the application's own writes",
                          "オンラインで sleep_ms が 0: 前のバッチのコミット直後に次のバッチが始まり、レプリカへの WAL 転送、"
                          "autovacuum、アプリケーション自身の書き込みに余裕が残らない"),
                      {s.table->name.Display()},
                      say("set sleep_ms (50-100 ms to start with) unless step 2 shows replicas and autovacuum keeping up; the "
                          "replica-lag throttle (max_replica_lag_s) only acts once a standby is already behind",
                          "ステップ 2 でレプリカと autovacuum が追いつくと確かめられない限り、sleep_ms を指定する（まずは 50〜100 ms）。"
                          "レプリカ遅延のスロットル（max_replica_lag_s）が効くのはスタンバイが遅れてからである"),
                      PlanSection::kStrategy});
}

// The batches' time for the rows at a batch size, sleeps included.
double RunSeconds(const BatchCost& cost, const Requirement& r, int64_t rows, int batch_size) {
  int64_t batches = (rows + batch_size - 1) / batch_size;
  return static_cast<double>(batches) * (cost.BatchMs(batch_size) + r.sleep_ms) / 1000;
}

void SizeFindings(const BackfillSubject& s, const BatchCost& cost, const Wording& say, std::vector<Finding>& findings) {
  const Requirement& r = s.requirement;
  const std::string size = WithThousands(r.batch_size), table = s.table->name.Display();
  if (r.batch_size < kSmallBatch) {
    const int64_t rows = r.estimated_rows.value_or(kAssumedRows);
    const int share = static_cast<int>(std::lround(100 * kBatchOverheadMs / cost.BatchMs(r.batch_size)));
    const std::string here = ShortDuration(RunSeconds(cost, r, rows, r.batch_size), say),
                      there = ShortDuration(RunSeconds(cost, r, rows, kSmallBatch), say);
    findings.push_back({"sizing.small_batches", Severity::kInfo,
                        say("Batches of " + size + " rows: the per-batch overhead (" + Rate(kBatchOverheadMs) + " ms: commit, "
                                "progress row, the gate's probes) is " + std::to_string(share) + "% of each batch, so the run "
                                "takes longer: " + here + " for " + WithThousands(rows) + " rows, against " + there +
                                " at 1,000 rows per batch",
                            size + " 行のバッチ: バッチごとのオーバーヘッド（" + Rate(kBatchOverheadMs) + " ms: コミット、進捗行、"
                                "ゲートの確認）が各バッチの " + std::to_string(share) + "% を占め、実行が長くなる。" +
                                WithThousands(rows) + " 行で " + here + "（1 バッチ 1,000 行なら " + there + "）"),
                        {table},
                        say("raise batch_size toward 1,000 unless a row is slow (triggers, wide rows) or short row locks matter "
                            "more on this table than the run's length",
                            "1 行が遅い（トリガー、幅の広い行）か、このテーブルでは実行時間より短い行ロックが大事という"
                            "のでなければ、batch_size を 1,000 に近づける"),
                        PlanSection::kStrategy});
  } else if (r.batch_size > kLargeBatch) {
    const std::string time = ShortDuration(cost.BatchMs(r.batch_size) / 1000, say);
    findings.push_back({"sizing.large_batches", Severity::kInfo,
                        say("Batches of " + size + " rows: each holds up to " + size + " row locks for its estimated " + time +
                                " (the application's writes to them wait), writes its WAL in one burst, and a replica "
                                "replays it as one transaction (lag)",
                            size + " 行のバッチ: 各バッチが最大 " + size + " 行のロックを見積もり " + time +
                                " の間持ち（その行へのアプリケーションの書き込みは待つ）、WAL を一度にまとめて書き、レプリカは"
                                "それを 1 トランザクションとして再生する（遅延）"),
                        {table},
                        say("keep batches at 10,000 rows or less on a table the application writes, or set target_batch_ms "
                            "to size them by time",
                            "アプリケーションが書き込むテーブルではバッチを 10,000 行以下に保つか、target_batch_ms を指定して"
                            "時間でサイズを決める"),
                        PlanSection::kStrategy});
  }
}

}  // namespace

void AdviseSizing(const BackfillSubject& s, const Wording& say, std::vector<Finding>& findings) {
  const BatchCost cost = CostOfBatches(s);
  TimeoutFindings(s, cost, say, findings);
  SleepFinding(s, say, findings);
  SizeFindings(s, cost, say, findings);
}

}  // namespace backfill
