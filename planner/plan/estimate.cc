#include "planner/plan/estimate.h"

#include "planner/analysis/index_facts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace backfill {
namespace {

std::string Fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

int IndexesWritten(const BackfillSubject& s) {
  // An update that changes an indexed column (or a generated column computed from it) writes an
  // entry in every index of the row's partition (no HOT update).
  std::vector<std::string> changed = ChangedColumns(*s.table, s.column->name);
  auto parent = s.catalog->IndexesOn(s.table->name);
  bool indexed = std::any_of(parent.begin(), parent.end(), [&](const Index* i) { return IndexReadsAny(*i, changed); });
  int most_local = 0;
  for (const QualifiedName& p : s.table->partitions) {
    auto local = s.catalog->IndexesOn(p);
    indexed = indexed || std::any_of(local.begin(), local.end(), [&](const Index* i) { return IndexReadsAny(*i, changed); });
    most_local = std::max(most_local, static_cast<int>(local.size()));
  }
  return indexed ? static_cast<int>(parent.size()) + most_local : 0;
}

// Row-level UPDATE triggers that fire for the column. On a partitioned table a row lives in one
// partition: count the parent's triggers plus the most any one partition adds.
int RowTriggersFired(const BackfillSubject& s) {
  auto fired_on = [&](const QualifiedName& table) {
    int count = 0;
    for (const Trigger* t : s.catalog->TriggersOn(table)) {
      bool fires = t->on_update && (t->update_columns.empty() ||
                                    std::count(t->update_columns.begin(), t->update_columns.end(), s.column->name));
      if (fires && t->for_each_row) ++count;
    }
    return count;
  };
  int most = 0;
  for (const QualifiedName& p : s.table->partitions) most = std::max(most, fired_on(p));
  return fired_on(s.table->name) + most;
}

}  // namespace

std::string WithThousands(int64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string HumanDuration(double seconds, const Wording& say) {
  long total = std::lround(seconds);
  const std::string h = say(" h", " 時間"), min = say(" min", " 分"), s = say(" s", " 秒");
  if (total < 60) return std::to_string(total) + s;
  long hours = total / 3600, minutes = (total % 3600) / 60, secs = total % 60;
  std::string out;
  if (hours) out += std::to_string(hours) + h + " ";
  if (minutes || hours) out += std::to_string(minutes) + min;
  if (!hours && secs) out += " " + std::to_string(secs) + s;
  return out;
}

Estimate EstimateDuration(const BackfillSubject& s, const Wording& say) {
  const Requirement& r = s.requirement;
  Estimate e;
  e.rows_given = r.estimated_rows.has_value();
  e.rows = r.estimated_rows.value_or(kAssumedRows);
  e.batches = (e.rows + r.batch_size - 1) / r.batch_size;
  int indexes = IndexesWritten(s);
  // A rename or retype: the copy's own sync trigger fires on every row the batch writes.
  int triggers = RowTriggersFired(s) + (s.expand ? 1 : 0);
  double per_row_ms = kRowMilliseconds * (1 + kIndexFactor * indexes + kRowTriggerFactor * triggers);
  e.batch_seconds = per_row_ms * r.batch_size / 1000.0;
  // One runner: the plan runs a single psql session whatever `parallelism` asks (see Strategy).
  e.total_seconds = e.batches * (e.batch_seconds + r.sleep_ms / 1000.0);
  const std::string rows = std::to_string(e.rows), batches = std::to_string(e.batches),
                    batch_size = std::to_string(r.batch_size), batch_time = Fixed(e.batch_seconds, 3) + " s";
  e.formula = say("duration = batches x (batch time + sleep)", "所要時間 = バッチ数 x (バッチ時間 + スリープ)") + " = " + batches +
              " x (" + batch_time + " + " + Fixed(r.sleep_ms / 1000.0, 3) + " s) = " + HumanDuration(e.total_seconds, say);
  e.assumptions = {
      e.rows_given ? say("rows to change: " + rows + " (from the requirement)", "変更する行数: " + rows + "（要件ファイルの値）")
                   : say("rows to change: " + rows + " (assumed; no estimated_rows given)",
                         "変更する行数: " + rows + "（仮定値。estimated_rows が指定されていません）"),
      say("batches", "バッチ数") + " = ceil(" + rows + " / " + batch_size + ") = " + batches,
      say("batch time = batch size x ", "バッチ時間 = バッチサイズ x ") + Fixed(kRowMilliseconds, 2) + " ms x (1 + " +
          Fixed(kIndexFactor, 2) + " x " +
          say(std::to_string(indexes) + " indexes written", "更新されるインデックス " + std::to_string(indexes) + " 個") + " + " +
          Fixed(kRowTriggerFactor, 1) + " x " +
          say(std::to_string(triggers) + " row triggers", "発火する行トリガー " + std::to_string(triggers) + " 個") + ") = " + batch_time,
      say("an update of an unindexed column with no triggers on a warm cache; replace it with the batch time measured in stage 2",
          "基準値は、キャッシュが温まった状態でインデックスもトリガーもない列を更新する場合のもの。ステージ 2 で実測したバッチ時間に置き換える"),
      say("replica-lag pauses and lock-timeout retries are not included",
          "レプリカ遅延による一時停止と、ロックタイムアウト後のリトライは含まない"),
      r.parallelism > 1 ? say("one runner's time: " + std::to_string(r.parallelism) + " runners (parallelism) divide it by at "
                              "most " + std::to_string(r.parallelism) + ", and only with idle cores and I/O to spare (see "
                              "Strategy); take stage 3's rows/s over its first minutes as the measure",
                              "1 ランナーの時間。" + std::to_string(r.parallelism) + " ランナー（parallelism）で割れるのは最大 " +
                              std::to_string(r.parallelism) + " 分の 1 で、空いたコアと I/O に余裕があるときだけ（「戦略」を参照）。"
                              "ステージ 3 の最初の数分の rows/s を実測値とする")
                        : say("one runner", "実行は 1 セッション")};
  return e;
}

}  // namespace backfill
