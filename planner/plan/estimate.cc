#include "planner/plan/estimate.h"

#include "planner/sql/quote.h"

namespace backfill {
namespace {

std::string Ms(double ms) { return Rate(ms) + " ms"; }

// "1 index", "2 indexes"
std::string Count(size_t n, const std::string& one, const std::string& many) { return std::to_string(n) + " " + (n == 1 ? one : many); }

std::string Joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// Why the row time counts these indexes: the same list the formula counts.
std::string IndexLine(const BackfillSubject& s, const BatchCost& cost, const Wording& say) {
  const std::string column = QuoteIdentifier(s.column->name), n = std::to_string(cost.indexes.size()),
                    written = Count(cost.indexes.size(), "index", "indexes") + " written per changed row (" + Joined(cost.indexes) + ")";
  if (cost.column_indexed)
    return say(written + ": an index reads " + column + ", so no update is HOT",
               "変更する行ごとに書き込むインデックス " + n + " 個（" + Joined(cost.indexes) + "）: " + column +
                   " を読むインデックスがあるため、どの更新も HOT にならない");
  return say(written + ": no index reads " + column + ", yet a backfill's updates are rarely HOT: the new row version "
             "must fit on the old one's page, and a loaded table's pages are full (fillfactor 100): bench/estimate_accuracy.sh "
             "counted 0-3% HOT updates at 1,000 rows per batch or more",
             "変更する行ごとに書き込むインデックス " + n + " 個（" + Joined(cost.indexes) + "）: " + column + " を読む"
             "インデックスはないが、バックフィルの更新が HOT になることはまれである。新しい行バージョンが元と同じページに"
             "収まる必要があり、データを入れたテーブルのページは埋まっている（fillfactor 100）。bench/estimate_accuracy.sh "
             "では 1 バッチ 1,000 行以上で HOT 更新は 0〜3% だった");
}

std::string TriggerLine(const BackfillSubject& s, const BatchCost& cost, const Wording& say) {
  const std::string column = QuoteIdentifier(s.column->name), n = std::to_string(cost.TriggersFired());
  if (cost.TriggersFired() == 0)
    return say("0 row triggers: no row-level UPDATE trigger fires for " + column,
               "発火する行トリガーは 0 個: " + column + " の更新で発火する行レベルの UPDATE トリガーがない");
  std::vector<std::string> names;
  for (const std::string& t : cost.row_triggers) names.push_back(QuoteIdentifier(t));
  if (cost.sync_trigger) names.push_back(say("the copy's sync trigger (00_expand.sql)", "コピーの同期トリガー（00_expand.sql）"));
  return say(Count(names.size(), "row trigger fires", "row triggers fire") + " per changed row: " + Joined(names),
             "変更する行ごとに発火する行トリガー " + n + " 個: " + Joined(names));
}

// rows to change, batches, and one batch's time, term by term.
std::vector<std::string> BatchLines(const Estimate& e, const BackfillSubject& s, const BatchCost& cost, const Wording& say) {
  const std::string rows = std::to_string(e.rows), batches = std::to_string(e.batches),
                    batch_size = std::to_string(s.requirement.batch_size);
  return {
      e.rows_given ? say("rows to change: " + rows + " (from the requirement)", "変更する行数: " + rows + "（要件ファイルの値）")
                   : say("rows to change: " + rows + " (assumed; no estimated_rows given)",
                         "変更する行数: " + rows + "（仮定値。estimated_rows が指定されていません）"),
      say("batches", "バッチ数") + " = ceil(" + rows + " / " + batch_size + ") = " + batches,
      say("batch time = overhead + batch size x row time = ", "バッチ時間 = オーバーヘッド + バッチサイズ x 1 行の時間 = ") +
          Ms(kBatchOverheadMs) + " + " + batch_size + " x " + Ms(cost.row_ms) + " = " + Rate(e.batch_seconds) + " s",
      say("row time = ", "1 行の時間 = ") + Ms(kRowMilliseconds) + " x (1 + " + Rate(kIndexFactor) + " x " +
          say(Count(cost.indexes.size(), "index", "indexes") + " written", "書き込むインデックス " + std::to_string(cost.indexes.size()) + " 個") +
          " + " + Rate(kRowTriggerFactor) + " x " +
          say(Count(cost.TriggersFired(), "row trigger", "row triggers"), "発火する行トリガー " + std::to_string(cost.TriggersFired()) + " 個") +
          ") = " + Ms(cost.row_ms),
      IndexLine(s, cost, say),
      TriggerLine(s, cost, say),
      say("overhead " + Ms(kBatchOverheadMs) + " per batch, whatever its size: the gate's probes (progress row, replica lag, "
          "lock waiters), the progress row's update, the commit, and psql's four statements per batch",
          "バッチごとのオーバーヘッド " + Ms(kBatchOverheadMs) + "（サイズによらない）: ゲートの確認（進捗行、レプリカ遅延、"
          "ロック待ち）、進捗行の更新、コミット、バッチごとの psql の 4 文")};
}

// The work a run does before its batches, and the rollback's model.
std::vector<std::string> RunLines(const Estimate& e, const BatchCost& cost, const std::string& batch_size, const Wording& say) {
  const std::string rows = std::to_string(e.rows), counts = std::to_string(kCountsPerRun);
  return {
      say("each run starts psql, checks its variables and begins and ends its rounds (" + Ms(kRunOverheadMs) + "), and counts "
          "the rows still to change once per round, reading the whole table: " + Ms(kRunOverheadMs) + " + " + counts + " x " +
              rows + " rows x " + Ms(kScanRowMilliseconds) + " = " + Rate(e.run_seconds) + " s, at least (only the "
              "rows to change are known here; a larger table takes longer); steps 1 and 2 pay it again",
          "各実行は psql を起動して変数を確かめ、周回を始めて終える（" + Ms(kRunOverheadMs) + "）。さらに、変更が残る行数を周回ごとに "
              "1 回、テーブル全体を読んで数える: " + Ms(kRunOverheadMs) + " + " + counts + " x " + rows + " 行 x " +
              Ms(kScanRowMilliseconds) + " = " + Rate(e.run_seconds) + " 秒以上（ここで分かるのは変更する行数だけで、"
              "テーブルが大きければ長くなる）。ステップ 1 と 2 でも同じだけかかる"),
      say("rollback batch time = ", "ロールバックのバッチ時間 = ") + Ms(kRestoreOverheadMs) + " + " + batch_size + " x " +
          Ms(cost.restore_row_ms) + " = " + Rate(e.rollback_batch_seconds) + " s" +
          say(" (a restored row: " + Rate(kRestoreRowFactor) + " x a changed row's time, the same indexes and triggers "
              "without the backup's insert; before its batches, 90_rollback.sql starts and reads the backup's " + rows +
              " entries once: " + Ms(kRunOverheadMs) + " + " + rows + " x " + Ms(kScanRowMilliseconds) + " = " +
              Rate(e.rollback_run_seconds) + " s)",
              "（戻す 1 行: 変更する 1 行の時間 x " + Rate(kRestoreRowFactor) + "。インデックスとトリガーは同じで、バックアップへの"
              "挿入がない。90_rollback.sql はバッチの前に起動してバックアップの " + rows + " 件を 1 回読む: " + Ms(kRunOverheadMs) +
              " + " + rows + " x " + Ms(kScanRowMilliseconds) + " = " + Rate(e.rollback_run_seconds) + " 秒）"),
      say("the constants were measured on PostgreSQL 15 with durable commits and a warm cache, on a 2-core machine "
          "(bench/estimate_accuracy.sh); another server's hardware and load differ: replace them with the batch time "
          "measured in step 2",
          "定数は PostgreSQL 15 で、永続的なコミットと温まったキャッシュのもと、2 コアのマシンで測った値"
          "（bench/estimate_accuracy.sh）。ほかのサーバーではハードウェアも負荷も違うので、ステップ 2 で実測したバッチ時間に置き換える")};
}

std::string Formula(const std::string& label, double run, int64_t batches, double batch, double sleep, double total,
                    const Wording& say) {
  return label + " = " + Rate(run) + " s + " + std::to_string(batches) + " x (" + Rate(batch) + " s + " + Rate(sleep) +
         " s) = " + ShortDuration(total, say);
}

}  // namespace

Estimate EstimateDuration(const BackfillSubject& s, const Wording& say) {
  const Requirement& r = s.requirement;
  const BatchCost cost = CostOfBatches(s);
  Estimate e;
  e.rows_given = r.estimated_rows.has_value();
  e.rows = r.estimated_rows.value_or(kAssumedRows);
  e.batches = (e.rows + r.batch_size - 1) / r.batch_size;
  const double sleep = r.sleep_ms / 1000.0, rows = static_cast<double>(e.rows);
  e.batch_seconds = cost.BatchMs(r.batch_size) / 1000.0;
  e.run_seconds = (kRunOverheadMs + kCountsPerRun * rows * kScanRowMilliseconds) / 1000.0;
  // One runner: the plan runs a single psql session whatever `parallelism` asks (see Strategy).
  e.total_seconds = e.run_seconds + e.batches * (e.batch_seconds + sleep);
  // 90_rollback.sql restores batch by batch the backfill's batches, with the same sleep.
  e.rollback_batch_seconds = cost.RestoreBatchMs(r.batch_size) / 1000.0;
  e.rollback_run_seconds = (kRunOverheadMs + rows * kScanRowMilliseconds) / 1000.0;
  e.rollback_seconds = e.rollback_run_seconds + e.batches * (e.rollback_batch_seconds + sleep);
  e.formula = Formula(say("duration = run start + batches x (batch time + sleep)", "所要時間 = 実行の開始 + バッチ数 x (バッチ時間 + スリープ)"),
                      e.run_seconds, e.batches, e.batch_seconds, sleep, e.total_seconds, say);
  e.rollback_formula = Formula(say("rollback = run start + batches x (rollback batch time + sleep)",
                                   "ロールバック = 実行の開始 + バッチ数 x (ロールバックのバッチ時間 + スリープ)"),
                               e.rollback_run_seconds, e.batches, e.rollback_batch_seconds, sleep, e.rollback_seconds, say);
  e.assumptions = BatchLines(e, s, cost, say);
  for (std::string& line : RunLines(e, cost, std::to_string(r.batch_size), say)) e.assumptions.push_back(line);
  e.assumptions.push_back(say("replica-lag pauses and lock-timeout retries are not included",
                              "レプリカ遅延による一時停止と、ロックタイムアウト後のリトライは含まない"));
  e.assumptions.push_back(
      r.parallelism > 1 ? say("one runner's time: " + std::to_string(r.parallelism) + " runners (parallelism) divide it by at "
                              "most " + std::to_string(r.parallelism) + ", and only with idle cores and I/O to spare (see "
                              "Strategy); take step 3's rows/s over its first minutes as the measure",
                              "1 ランナーの時間。" + std::to_string(r.parallelism) + " ランナー（parallelism）で割れるのは最大 " +
                              std::to_string(r.parallelism) + " 分の 1 で、空いたコアと I/O に余裕があるときだけ（「戦略」を参照）。"
                              "ステップ 3 の最初の数分の rows/s を実測値とする")
                        : say("one runner", "実行は 1 セッション"));
  return e;
}

}  // namespace backfill
