#include "planner/plan/planner.h"

#include <algorithm>
#include <cstdio>

#include "planner/analysis/advisors.h"
#include "planner/analysis/key_choice.h"
#include "planner/plan/bundle.h"
#include "planner/plan/estimate.h"
#include "planner/plan/expand_contract_files.h"
#include "planner/plan/lock_table.h"
#include "planner/plan/preflight.h"
#include "planner/plan/sql_vocabulary.h"
#include "planner/sql/quote.h"
#include "planner/sql/script_check.h"

namespace backfill {
namespace {

std::string Compact(const std::string& date) {
  std::string out;
  for (char c : date)
    if (c != '-') out += c;
  return out;
}


std::string ServiceImpact(const BackfillSubject& s, const Wording& say) {
  const std::string rows = std::to_string(s.requirement.batch_size);
  switch (s.requirement.execution) {
    case ExecutionMode::kOnline:
      return say("yes (minor): online, the application keeps running; each batch locks at most " + rows +
                     " rows for one short transaction",
                 "あり（軽微）: オンライン。アプリケーションは止めない。各バッチがロックするのは最大 " + rows +
                     " 行で、短いトランザクション 1 回の間だけ");
    case ExecutionMode::kMaintenanceWindow:
      return say("yes: a maintenance window, run while the application's writes are stopped; batches still keep "
                 "transactions short",
                 "あり: メンテナンスウィンドウ。アプリケーションの書き込みを止めて実行する。それでもバッチでトランザクションを"
                 "短く保つ");
    case ExecutionMode::kBackgroundJob:
      return say("yes (minor): a background job, runs unattended, as a pg_cron job (03_schedule.sql) or from the application's job "
                 "system (03_backfill.sql, which stops on the first psql error and resumes when run again)",
                 "あり（軽微）: バックグラウンドジョブ。無人で実行する。pg_cron のジョブ（03_schedule.sql）か、アプリケーションのジョブ"
                 "基盤から（03_backfill.sql。psql の最初のエラーで止まり、再実行で再開する）");
  }
  return "";
}

// Why the run adapts (or not), when it waits and when it stops: one line each.
std::vector<std::string> RunnerReasons(const Strategy& st, const Wording& say) {
  std::vector<std::string> reasons;
  const std::string wait = std::to_string(st.max_wait_s);
  if (st.target_batch_ms > 0) {
    const std::string target = std::to_string(st.target_batch_ms), low = WithThousands(st.min_batch_size),
                      high = WithThousands(st.max_batch_size);
    reasons.push_back(say("adaptive batches, target " + target + " ms within " + low + "–" + high + " rows: the time a "
                          "batch holds its row locks stays near the target as the cost of a row changes (cache, TOAST, "
                          "triggers, load); each batch's size moves toward it from the last one's time per row, at most "
                          "×1.5 up and ÷2 down, and a lock timeout, deadlock or statement timeout halves it at once",
                          "適応バッチ（目標 " + target + " ms、" + low + "〜" + high + " 行）: 1 行のコスト（キャッシュ、TOAST、"
                          "トリガー、負荷）が変わっても、バッチが行ロックを持つ時間を目標近くに保つ。前のバッチの 1 行あたりの"
                          "時間から次のサイズを決め、増やすのは最大 1.5 倍、減らすのは最大 1/2。ロックタイムアウト、デッドロック、"
                          "statement_timeout の後はすぐに半分にする"));
  } else {
    reasons.push_back(say("a fixed batch size (no target_batch_ms): every batch has batch_size rows; set target_batch_ms "
                          "to size batches by their time instead",
                          "バッチサイズは固定（target_batch_ms なし）: 各バッチは batch_size 行。時間でサイズを決めるには "
                          "target_batch_ms を指定する"));
  }
  auto limit = [&](int pause, int stop, const std::string& what_en, const std::string& what_ja) {
    if (pause == 0 && stop == 0)
      return say(what_en + ": not watched (0)", what_ja + ": 監視しない（0）");
    std::string en = what_en + ": ", ja = what_ja + ": ";
    if (pause > 0) en += "above " + std::to_string(pause) + " the run waits before its next batch",
                   ja += std::to_string(pause) + " を超えると次のバッチの前で待つ";
    if (pause > 0 && stop > 0) en += "; ", ja += "。";
    if (stop > 0) en += "above " + std::to_string(stop) + " it stops", ja += std::to_string(stop) + " を超えると止まる";
    return say(en, ja);
  };
  reasons.push_back(limit(st.max_lock_waiters, st.critical_lock_waiters,
                          "sessions waiting for a lock on the table (or for a transaction holding one)",
                          "テーブルのロック（またはロックを持つトランザクション）を待つセッション数"));
  reasons.push_back(limit(st.max_active_sessions, st.critical_active_sessions, "other active client sessions",
                          "ほかのアクティブなクライアントセッション数"));
  if (!st.throttle_query.empty())
    reasons.push_back(say("throttle_query: the run waits while " + st.throttle_query + " is true",
                          "throttle_query: " + st.throttle_query + " が true の間は待つ"));
  reasons.push_back(say("a wait for replica lag or load lasts at most " + wait + " s (-v max_wait_s), then the run stops "
                        "and resumes when started again; waits run between batches, holding no lock",
                        "レプリカ遅延や負荷による待ちは最大 " + wait + " 秒（-v max_wait_s）。その後は止まり、再実行で再開する。"
                        "待つのはバッチの間で、ロックは持たない"));
  reasons.push_back(say("live control: the progress row is read before every batch, so pause, stop, a new batch size, "
                        "sleep or target take effect on the next batch (Live control)",
                        "実行中の制御: 進捗行をバッチごとに読むので、一時停止、停止、バッチサイズ・スリープ・目標の変更は"
                        "次のバッチから効く（「実行中の制御」）"));
  return reasons;
}

// The batch size's reason follows the estimate: how long a batch holds its row locks.
std::string BatchSizeReason(const Requirement& r, const Estimate& estimate, const Wording& say) {
  const std::string batch = std::to_string(r.batch_size), held = ShortDuration(estimate.batch_seconds, say);
  if (estimate.batch_seconds < 1)
    return say("batch size " + batch + ": one transaction per batch, so each batch holds its row locks for about " + held +
                   " (the estimated batch time) and a failure loses at most one batch; measure step 2 and keep batches "
                   "under one second",
               "バッチサイズ " + batch + ": 1 バッチを 1 トランザクションで処理するので、各バッチが行ロックを持つのは約 " + held +
                   "（見積もったバッチ時間）で、失敗しても失うのは最大 1 バッチ分。ステップ 2 で実測し、1 バッチ 1 秒未満に保つ");
  return say("batch size " + batch + ": one transaction per batch, so each batch holds its row locks for about " + held +
                 " (the estimated batch time), longer than the one second to aim for: the application's writes to those rows "
                 "wait that long; lower batch_size, or measure step 2 first",
             "バッチサイズ " + batch + ": 1 バッチを 1 トランザクションで処理するので、各バッチが行ロックを持つのは約 " + held +
                 "（見積もったバッチ時間）で、目安の 1 秒より長い。その行へのアプリケーションの書き込みはその間待つ。batch_size を"
                 "下げるか、先にステップ 2 で実測する");
}

// The pause between batches, and what no pause leaves out.
std::string SleepReason(const Requirement& r, const Wording& say) {
  const std::string sleep = std::to_string(r.sleep_ms);
  if (r.sleep_ms > 0)
    return say("sleep " + sleep + " ms between batches: leaves room for the application, autovacuum and WAL shipping to replicas",
               "バッチ間のスリープ " + sleep + " ms: アプリケーション、autovacuum、レプリカへの WAL 転送に余裕を残す");
  if (r.execution == ExecutionMode::kMaintenanceWindow)
    return say("no sleep between batches (sleep_ms 0): with the application's writes stopped, batches follow each other as "
               "fast as the server allows; the replica-lag throttle still pauses the run",
               "バッチ間のスリープなし（sleep_ms 0）: アプリケーションの書き込みを止めているので、バッチはサーバーの許す限り"
               "続けて流れる。レプリカ遅延のスロットルは引き続き実行を止める");
  return say("no sleep between batches (sleep_ms 0): each batch starts as the last one commits, so the application, "
             "autovacuum and the replicas replaying the WAL get no pause; the replica-lag throttle acts only once a standby "
             "is already behind",
             "バッチ間のスリープなし（sleep_ms 0）: 前のバッチのコミット直後に次のバッチが始まるので、アプリケーション、"
             "autovacuum、WAL を再生するレプリカに休みがない。レプリカ遅延のスロットルが効くのはスタンバイが遅れてからである");
}

Strategy MakeStrategy(const BackfillSubject& s, const Estimate& estimate, const Wording& say) {
  const Requirement& r = s.requirement;
  Strategy st;
  st.batch_size = r.batch_size;
  st.sleep_ms = r.sleep_ms;
  st.parallelism = r.parallelism;
  st.max_replica_lag_s = r.max_replica_lag_s;
  st.lock_timeout_ms = r.lock_timeout_ms;
  st.statement_timeout_ms = r.statement_timeout_ms;
  st.max_retries = r.max_retries;
  if (r.target_batch_ms) {
    BatchBounds bounds = AdaptiveBounds(r);
    st.target_batch_ms = *r.target_batch_ms;
    st.min_batch_size = bounds.min;
    st.max_batch_size = bounds.max;
  }
  st.max_lock_waiters = r.max_lock_waiters;
  st.critical_lock_waiters = r.critical_lock_waiters;
  st.max_active_sessions = r.max_active_sessions;
  st.critical_active_sessions = r.critical_active_sessions;
  if (s.throttle) st.throttle_query = s.throttle->sql;
  st.max_wait_s = kDefaultMaxWaitSeconds;
  const std::string lag = std::to_string(static_cast<int>(r.max_replica_lag_s)), lock = std::to_string(r.lock_timeout_ms),
                    retries = std::to_string(r.max_retries), statement = std::to_string(r.statement_timeout_ms),
                    parallel = std::to_string(r.parallelism), key = DescribeKey(s.key, say);
  st.reasons = {
      BatchSizeReason(r, estimate, say),
      SleepReason(r, say),
      say("replica lag above " + lag + " s (pg_stat_replication.replay_lag) pauses the run before the next batch; "
          "harmless without replicas. A role without pg_monitor sees standbys without their lag: 03 then refuses "
          "rather than read it as 0 (01_preflight.sql says which), unless run with -v max_lag_s=off",
          "レプリカ遅延 (pg_stat_replication.replay_lag) が " + lag + " 秒を超えると、次のバッチの前で一時停止する。"
          "レプリカがなければ影響しない。pg_monitor のないロールにはスタンバイの遅延が見えないため、03 は遅延を 0 と"
          "みなさずに実行を拒否する（どちらかは 01_preflight.sql が示す）。-v max_lag_s=off を付ければ実行する"),
      say("lock_timeout " + lock + " ms: a batch never queues behind a long lock (and so never blocks others queued "
          "behind it); it is retried up to " + retries + " times with backoff",
          "lock_timeout " + lock + " ms: バッチが長いロックの後ろで待ち続けることはない（その後ろに並ぶセッションを"
          "巻き込むこともない）。バックオフを挟んで最大 " + retries + " 回リトライする"),
      say("statement_timeout " + statement + " ms per batch: a slow batch is cancelled and rolled back, and re-running "
          "03_backfill.sql resumes from the last committed batch",
          "バッチごとの statement_timeout " + statement + " ms: 遅いバッチはキャンセルされてロールバックされる。"
          "03_backfill.sql を再実行すれば、最後にコミットしたバッチの続きから再開する"),
      say("keyset pagination over " + key + ": every batch starts with an index seek, so the last batch costs what the "
          "first did (no OFFSET)",
          key + " によるキーセットページング: 各バッチはインデックスの探索から始まるので、最後のバッチも最初のバッチと"
          "同じコストで済む（OFFSET を使わない）")};
  for (std::string& reason : RunnerReasons(st, say)) st.reasons.push_back(reason);
  if (AppWrites(r) == AppWritePolicy::kKeep)
    st.reasons.push_back(say("on_application_write keep: a row the backfill changed and the application wrote again is "
                             "the application's; a later pass leaves it as written, even if it matches `where`",
                             "on_application_write keep: バックフィルが変更した後にアプリケーションが書き直した行はアプリケーションの"
                             "もの。後の周回は `where` に合っていてもそのまま残す"));
  else
    st.reasons.push_back(say("on_application_write reapply: a row the application writes again with a value that needs "
                             "the backfill (an old application version writing NULL, say) is changed again by a later "
                             "pass; the rollback then restores the application's value, not the one before the first run",
                             "on_application_write reapply: アプリケーションがバックフィルの必要な値を書き直した行（古い"
                             "バージョンが NULL を書いた場合など）は、後の周回がもう一度変更する。ロールバックはそのとき、"
                             "最初の実行前の値ではなくアプリケーションが書いた値に戻す"));
  if (r.parallelism > 1)
    st.reasons.push_back(say("parallelism " + parallel + ": step 3 starts " + parallel + " psql sessions (-v runners=" + parallel +
                             " -v runner=K); the rest of the pass is split into " + parallel + " key ranges of as many rows to "
                             "change, each batch locks only its range's row, and the last runner to finish sweeps the table "
                             "alone. It helps when a batch waits on I/O and the server has idle cores and no replica falls "
                             "behind; it does not when the CPU is busy, when a standby lags (the lag throttle then holds every "
                             "runner), or when the runners queue on the same index pages or on triggers writing one table",
                             "parallelism " + parallel + ": ステップ 3 は psql を " + parallel + " 本起動する（-v runners=" + parallel +
                             " -v runner=K）。周回の残りを変更行数の等しい " + parallel + " 個のキー範囲に分け、各バッチは自分の範囲の行"
                             "だけをロックし、最後に終わったランナーが 1 本でテーブルを掃き直す。バッチが I/O を待ち、サーバーに空いた"
                             "コアがあり、レプリカが遅れないときに効く。CPU が埋まっているとき、スタンバイが遅れるとき（遅延の"
                             "スロットルが全ランナーを止める）、同じインデックスページや 1 つのテーブルに書くトリガーで待ち合う"
                             "ときは効かない"));
  else
    st.reasons.push_back(say("parallelism 1: one runner; the progress row is locked by each batch, so a second session started "
                             "without -v runners waits; set parallelism (or -v runners=N on N sessions) to split the pass",
                             "parallelism 1: 実行は 1 つ。各バッチが進捗行をロックするので、-v runners なしで起動した 2 つ目の"
                             "セッションは待たされる。分割するには parallelism を指定する（または N 本のセッションに -v runners=N）"));
  return st;
}

// The statements that steer a running 03_backfill.sql: each one line on the progress row, which
// the run's gate reads before every batch. The numbers are examples to edit.
std::vector<ControlStatement> ControlStatements(const SqlVocabulary& v, const Requirement& r, const Wording& say) {
  auto update = [&](const std::string& set) { return "UPDATE " + v.progress + " SET " + set + " WHERE id = 1;"; };
  const std::string smaller = std::to_string(std::max(1, r.batch_size / 2)),
                    slower = std::to_string(std::max(1000, r.sleep_ms * 4)),
                    target = std::to_string(r.target_batch_ms ? std::max(1, *r.target_batch_ms / 2) : 200);
  return {
      {"pause", say("the run waits before its next batch, with a NOTICE every 5 s; a batch under way finishes first",
                    "次のバッチの前で待つ（5 秒ごとに NOTICE）。実行中のバッチは最後まで終わる"),
       update("paused = true")},
      {"resume", say("the waiting run goes on with its next batch", "待っている実行が次のバッチから続ける"), update("paused = false")},
      {"batch_size", say("every batch from the next one has this many rows (adaptive sizing rests while it is set)",
                         "次のバッチから各バッチをこの行数にする（設定中は適応サイズを止める）"),
       update("batch_size = " + smaller)},
      {"sleep_ms", say("the pause between batches from the next one, in ms", "次のバッチからのバッチ間のスリープ（ms）"),
       update("sleep_ms = " + slower)},
      {"target_batch_ms", say("adaptive batches aim at this many ms per batch from the next one",
                              "次のバッチから適応バッチの目標時間（ms）をこの値にする"),
       update("target_batch_ms = " + target)},
      {"own_settings", say("back to the run's own batch size, sleep and target (its -v values)",
                           "実行自身のバッチサイズ、スリープ、目標（-v の値）に戻す"),
       update("batch_size = NULL, sleep_ms = NULL, target_batch_ms = NULL")},
      {"stop", say("the run ends before its next batch, cutting nothing short (psql exits with status 3, `stopped on "
                   "request`); 03_backfill.sql -v resume=1 goes on from the cursor",
                   "次のバッチの前で実行を終える。途中で切るものはない（psql は終了ステータス 3、`stopped on request`）。"
                   "03_backfill.sql -v resume=1 でカーソルの位置から続く"),
       update("stop_requested = true")},
      {"state", say("what the run is told, and where it is", "実行への指示と進み具合"),
       "SELECT paused, stop_requested, batch_size, sleep_ms, target_batch_ms, next_batch_size, batches, rows_done, last_batch_at\nFROM " +
           v.progress + ";"}};
}

std::vector<LabeledSql> AnalysisQueries(const SqlVocabulary& v, const Wording& say) {
  std::string column = v.Qualified(v.column);
  return {
      {say("Distribution of the column", "列の値の分布"), say("The most common values, NULL included", "出現頻度の高い値（NULL を含む）"),
       "SELECT " + column + " AS value, count(*) AS rows\nFROM " + v.table + "\nGROUP BY 1\nORDER BY 2 DESC\nLIMIT 20;"},
      {say("Rows the backfill will change", "バックフィルで変更される行"), say("Exact; reads the whole table", "正確な件数。テーブル全体を読む"),
       "SELECT count(*) AS rows_to_change\nFROM " + v.table + "\nWHERE " + v.PendingBeforeRun() + ";"},
      {say("Cheap estimates for big tables", "大きなテーブル向けの軽い見積もり"),
       say("The planner's row count, and a 1% block sample scaled up", "プランナーの推定行数と、1% のブロックサンプルからの推計"),
       "SELECT reltuples::bigint AS estimated_rows FROM pg_class WHERE oid = " + QuoteLiteral(v.table) +
           "::regclass;\n\nSELECT count(*) * 100 AS estimated_rows_to_change\nFROM " + v.table +
           " TABLESAMPLE SYSTEM (1)\nWHERE " + v.PendingBeforeRun() + ";"},
      {say("Size and write activity", "サイズと書き込みの状況"), say("How big the table is, and how busy", "テーブルの大きさと更新の頻度"),
       "SELECT pg_size_pretty(pg_total_relation_size(relid)) AS total_size, n_live_tup, n_tup_upd, n_tup_hot_upd, "
       "n_tup_ins, last_autovacuum\nFROM pg_stat_user_tables\nWHERE relid = " +
           QuoteLiteral(v.table) + "::regclass;"}};
}

std::vector<std::string> RelatedObjects(const BackfillSubject& s, const Wording& say) {
  std::vector<std::string> out;
  const Catalog& c = *s.catalog;
  for (const Index* i : c.IndexesOn(s.table->name)) {
    std::string cols;
    for (size_t k = 0; k < i->columns.size(); ++k) cols += (k ? ", " : "") + (i->columns[k].empty() ? std::string("expr") : QuoteIdentifier(i->columns[k]));
    std::string kind = i->primary ? say("primary key ", "主キー ") : i->unique ? say("unique index ", "一意インデックス ") : say("index ", "インデックス ");
    out.push_back(kind + i->name.Display() + " (" + cols + ")" + (i->nulls_not_distinct ? " NULLS NOT DISTINCT" : "") +
                  (i->predicate_sql ? " WHERE " + *i->predicate_sql : ""));
  }
  for (const ForeignKey* fk : c.ForeignKeysFrom(s.table->name))
    out.push_back(say("foreign key ", "外部キー ") + QuoteIdentifier(fk->name) + " (" + JoinIdentifiers(fk->columns) + ")" +
                  say(" references " + fk->referenced_table.Display(), ": " + fk->referenced_table.Display() + " を参照"));
  for (const ForeignKey* fk : c.ForeignKeysTo(s.table->name))
    out.push_back(say("referenced by ", "参照元 ") + fk->table.Display() + " (" + QuoteIdentifier(fk->name) + ")");
  for (const Trigger* t : c.TriggersOn(s.table->name)) {
    std::string events;
    if (t->on_insert) events += " INSERT";
    if (t->on_update) events += " UPDATE" + (t->update_columns.empty() ? std::string() : " OF " + JoinIdentifiers(t->update_columns));
    if (t->on_delete) events += " DELETE";
    const char* timing = t->timing == Trigger::Timing::kBefore ? "BEFORE" : t->timing == Trigger::Timing::kAfter ? "AFTER" : "INSTEAD OF";
    out.push_back(say("trigger ", "トリガー ") + QuoteIdentifier(t->name) + " " + timing + events +
                  (t->for_each_row ? " FOR EACH ROW" : " FOR EACH STATEMENT") + " -> " + t->function.Display() + "()");
  }
  for (const auto& [name, view] : c.views)
    if (view.reads.count(s.table->name))
      out.push_back((view.materialized ? say("materialized view ", "マテリアライズドビュー ") : say("view ", "ビュー ")) + name.Display());
  for (const CheckConstraint* check : c.ChecksOn(s.table->name))
    out.push_back(say("check ", "CHECK 制約 ") + QuoteIdentifier(check->name) + " (" + check->expression_sql + ")" +
                  (check->not_valid ? " NOT VALID" : ""));
  return out;
}

// Step 3's command: one psql, or with parallelism N, N of them started together (each a runner
// of the same run), waited for.
std::string RunEverything(const std::string& run_backfill, int runners) {
  if (runners <= 1) return run_backfill;
  std::string n = std::to_string(runners);
  // run_backfill ends with " -f 03_backfill.sql": the runner's variables go before it.
  std::string::size_type f = run_backfill.rfind(" -f ");
  return "for k in $(seq 1 " + n + "); do " + run_backfill.substr(0, f) + " -v runners=" + n + " -v runner=$k" +
         run_backfill.substr(f) + " & done; wait";
}

std::vector<Stage> Stages(const SqlVocabulary& v, const std::string& run_backfill, int runners, const Wording& say) {
  const std::string& b = v.backup_alias;
  std::string recent = "SELECT " + v.KeyList(b) + ", " + b + "." + v.old_value + ", " + b + "." + v.new_value + ", " +
                       v.Qualified(v.column) + " AS current_value\nFROM " + v.backup + " AS " + b + "\nJOIN " + v.table +
                       " ON " + v.KeysEqual(v.ref, v.keys, b) + "\nORDER BY " + b + "." + v.backed_up_at + " DESC\nLIMIT 10;";
  std::string progress =
      "SELECT pass, pass_rows, batches, rows_done, last_batch_at, finished_at, stopped_at, stopped_by\nFROM " + v.progress + ";";
  return {
      {say("Step 1: Test run (10 rows)", "Step 1: テスト実行（10件）"), run_backfill + " -v max_rows=10",
       say("exactly 10 rows changed; read them against the old values", "ちょうど 10 行が変わる。元の値と見比べて確認する"), recent},
      {say("Step 2: Small run (1,000 rows)", "Step 2: 小規模実行（1,000件）"), run_backfill + " -v max_rows=1000",
       say("1,000 more rows; note the batch time and the rows/s in the NOTICEs: they replace the estimate",
           "さらに 1,000 行が変わる。NOTICE に出るバッチ時間と rows/s を控え、見積もりをその実測値で置き換える"),
       progress},
      {say("Step 3: Full run (all remaining rows, in throttled batches)", "Step 3: 本番実行（残り全件、間隔を空けたバッチ処理）"),
       RunEverything(run_backfill, runners),
       runners > 1 ? say("runs to completion; each runner prints its key ranges, one says it ends the pass and sweeps the table, "
                         "and 'complete' is in its last table. Interrupted? Run the same command again: the ranges' cursors "
                         "resume, and a free runner takes over the range of one that stopped",
                         "完了まで実行される。各ランナーが担当したキー範囲を表示し、1 つが周回を終えてテーブルを掃き直すと表示し、"
                         "その最後の表に 'complete' と出る。中断したら同じコマンドをもう一度実行する。各範囲のカーソルから続き、"
                         "止まったランナーの範囲は空いたランナーが引き継ぐ")
                   : say("runs to completion; 'complete' in the last table. Interrupted? Run the same command again",
                         "完了まで実行され、最後の表に 'complete' と出る。中断したら同じコマンドをもう一度実行する"),
       progress}};
}

std::vector<Threshold> Monitoring(const Requirement& r, const Wording& say) {
  auto s = [](double x) {
    char b[32];
    std::snprintf(b, sizeof b, "%g", x);
    return std::string(b);
  };
  double lag = r.max_replica_lag_s;
  const std::string retries = std::to_string(r.max_retries), statement = std::to_string(r.statement_timeout_ms);
  return {
      {say("replica lag (s)", "レプリカ遅延（秒）"), "< " + s(lag / 2), s(lag / 2) + say(" to ", "〜") + s(lag),
       "> " + s(lag) + say(" for 5 min (the run pauses itself)", " が 5 分続く（実行は自動で一時停止する）"),
       "SELECT application_name, replay_lag FROM pg_stat_replication;"},
      {say("database CPU", "データベースの CPU"), "< 60%", "60-80%", say("> 80% for 5 min", "> 80% が 5 分続く"),
       say("the host's monitoring", "ホストの監視")},
      {say("lock waits on the table", "テーブルのロック待ち"), say("none", "なし"),
       say("sessions waiting < lock_timeout", "lock_timeout 未満の待ちがある"),
       say("retries in the NOTICEs, or application timeouts", "NOTICE にリトライが出る、またはアプリケーションがタイムアウトする"),
       "SELECT pid, wait_event_type, state, query FROM pg_stat_activity WHERE wait_event_type = 'Lock';"},
      {say("batch time", "バッチ時間"), say("<= step 2 batch time x 2", "ステップ 2 のバッチ時間の 2 倍以下"), say("x 2 to x 5", "2〜5 倍"),
       say("> x 5, or near statement_timeout (" + statement + " ms)", "5 倍超、または statement_timeout (" + statement + " ms) に近い"),
       say("rows/s in the NOTICEs; last_batch_at in the progress table", "NOTICE の rows/s と、進捗テーブルの last_batch_at")},
      {say("error rate (batches retried)", "エラー率（リトライしたバッチ）"), "0", say("any retry", "リトライが 1 回でもある"),
       say("a run stopped after " + retries + " retries", retries + " 回のリトライの後に実行が止まった"),
       say("NOTICE and ERROR lines of psql", "psql の NOTICE 行と ERROR 行")},
      {say("application error rate / p95 latency", "アプリケーションのエラー率 / p95 レイテンシ"), say("baseline", "平常値"), "+20%", "+50%",
       say("the application's dashboards", "アプリケーションのダッシュボード")}};
}

// A backfill in place: the application writes the column first, then may rely on it.
void InPlaceTransition(Plan& plan, const Requirement& r, const Wording& say) {
  std::vector<std::string> before = {
      say("deploy application code that writes " + plan.column + " on every INSERT and UPDATE (or rely on a column DEFAULT); "
          "otherwise new rows keep appearing behind the backfill",
          "INSERT と UPDATE のたびに " + plan.column + " を書き込むアプリケーションコードをデプロイする（または列の DEFAULT に任せる）。"
          "そうしないと、バックフィルが通り過ぎた後ろに対象の行が増え続ける"),
      say("reads must treat a missing or old value as before: the backfill has not reached every row yet",
          "読み取り側は、値のない行や古い値の行をこれまでどおり扱う。バックフィルはまだすべての行に届いていない")};
  std::vector<std::string> during = {
      say("both old and new values exist side by side; the application must accept either",
          "古い値と新しい値が混在する。アプリケーションはどちらも受け付けること"),
      say("the application's own writes win: the backfill skips rows whose value changed, and the rollback keeps them",
          "アプリケーション自身の書き込みが優先される。値が変わった行はバックフィルが飛ばし、ロールバックもそのまま残す")};
  std::vector<std::string> after = {
      say("04_verify.sql passes: the application may now rely on the new values",
          "04_verify.sql が通ったら、アプリケーションは新しい値を前提にしてよい"),
      say("remove fallbacks for missing values from the code", "値がない場合のフォールバックをコードから取り除く")};
  plan.transition_phases = {
      {say("before the backfill", "バックフィル前"),
       say("the rows `where` selects hold their old values", "`where` の対象行は古い値のまま"), before},
      {say("during the backfill (03)", "バックフィル中 (03)"),
       say("mixed: rows changed and rows not yet reached", "混在（変更済みの行とまだ届いていない行）"), during},
      {say("after the backfill (04 passes)", "バックフィル後 (04 が通る)"), say("every row holds its new value", "すべての行が新しい値"),
       after}};
  if (r.not_null_after)
    plan.transition_phases.push_back(
        {say("after NOT NULL (05)", "NOT NULL 追加後 (05)"),
         say("NOT NULL: PostgreSQL rejects a NULL", "NOT NULL（NULL は PostgreSQL が拒否する）"),
         {say("run 05_finalize.sql for NOT NULL only after the code that could write NULL is gone everywhere",
              "NULL を書き込みうるコードがすべての環境からなくなってから、05_finalize.sql で NOT NULL にする")}});
}

// A rename or retype: the application changes columns in phases (Plan::phases); the transition
// table says what the new column (or the copy) holds in each phase and what every version does.
void ExpandContractTransition(Plan& plan, const ExpandContract& c, const Wording& say) {
  std::string old_column = QuoteIdentifier(c.old_column), new_column = plan.column;
  std::vector<std::string> before, during, after;
  if (c.keeps_name) {
    before = {
        say("deploy nothing for the copy: every version goes on using " + old_column + "; before the switch, make sure every "
            "version reads and writes it as " + c.new_type.sql + " (a driver or model type of the old width would fail on the first value "
            "past it)",
            "コピーのためにデプロイするものはない。どのバージョンも " + old_column + " を使い続ける。切り替えの前に、すべてのバージョンが " +
                c.new_type.sql + " として読み書きすることを確かめる（旧い幅のドライバーやモデルの型は、それを超える最初の値で失敗する）")};
    during = {
        say("no version uses " + new_column + ": it is the plan's copy, and rows the backfill has not reached hold NULL there",
            "どのバージョンも " + new_column + " を使わない。計画のコピーであり、バックフィルが届いていない行では NULL である")};
    after = {
        say("run 07_switch.sql once 04_verify.sql passed and 06_copy_indexes.sql built the copies; run 08_contract.sql once the "
            "switch has held" + std::string(c.reverse_sql ? " (87_undo_switch.sql is the way back until then)" : ""),
            "04_verify.sql が通り、06_copy_indexes.sql がコピーを作ったら 07_switch.sql を実行する。切り替えが落ち着いたら 08_contract.sql を実行する" +
                std::string(c.reverse_sql ? "（それまでは 87_undo_switch.sql で戻せる）" : ""))};
  } else {
    before = {
        say("deploy nothing yet: old versions go on reading and writing " + old_column + ", and 00_expand.sql's trigger copies "
            "every write to " + new_column,
            "まだ何もデプロイしない。旧バージョンはこれまでどおり " + old_column + " を読み書きし、00_expand.sql のトリガーが書き込みを " +
                new_column + " に写す")};
    during = {
        say("no version reads " + new_column + " before 04_verify.sql passes: rows the backfill has not reached hold NULL there",
            "04_verify.sql が通るまで、どのバージョンも " + new_column + " を読まない。バックフィルが届いていない行ではそこが NULL である")};
    after = {
        say("switch the application to " + new_column + " as the Phases table says; run 08_contract.sql once no version uses " +
                old_column + " any more",
            "「フェーズ」の表のとおりにアプリケーションを " + new_column + " に切り替え、" + old_column +
                " を使うバージョンがなくなってから 08_contract.sql を実行する")};
    if (!c.reverse_sql)
      after.push_back(say("without `reverse`, old versions must be gone before a new one writes " + new_column +
                              ": nothing copies those writes back to " + old_column,
                          "`reverse` がないため、新しいバージョンが " + new_column + " に書き込む前に旧バージョンを停止する。"
                          "その書き込みを " + old_column + " に写し戻すものがない"));
  }
  plan.transition_phases = {
      {say("before the backfill", "バックフィル前"),
       say(new_column + " exists (00_expand.sql) and its trigger copies every write; older rows hold NULL there",
           new_column + " がある（00_expand.sql）。トリガーが書き込みを写すが、古い行ではまだ NULL"),
       before},
      {say("during the backfill (03)", "バックフィル中 (03)"),
       say(new_column + " is partly filled: rows not yet reached hold NULL there",
           new_column + " は一部だけ埋まっている（届いていない行は NULL）"),
       during},
      {say("after the backfill (04 passes)", "バックフィル後 (04 が通る)"),
       say(new_column + " is filled in every row", new_column + " はすべての行で埋まっている"), after}};
}

// A feature flag guards the application's code for the column: when to turn it on, what it guards
// while old and new values are mixed, and when it can go, in the transition phases (rows 0-2:
// before, during, after; a NOT NULL row last when there is one), the checklists and the
// emergency stop.
void AddFeatureFlag(Plan& plan, const Requirement::FeatureFlag& flag, const Wording& say) {
  const std::string f = say("the feature flag ", "フィーチャーフラグ ") + flag.name;
  const std::string& column = plan.column;
  std::string before, during, after, remove;
  if (flag.reads_column) {
    before = say("keep " + f + " off everywhere: the code it turns on reads " + column + ", which rows the backfill has not "
                 "reached do not hold yet",
                 f + " はすべての環境でオフのままにする。フラグが有効にするコードは " + column + " を読むが、バックフィルが"
                 "届いていない行はまだその値を持たない");
    during = say(f + " stays off: it guards the new reads while changed and unchanged rows are mixed; turn it on for a test "
                 "group only if that code accepts both",
                 f + " はオフのまま。変更済みの行と未変更の行が混在する間、新しい読み取りを守る。テスト用のグループで有効に"
                 "するのは、そのコードが両方を受け付ける場合だけ");
    after = say("turn " + f + " on once 04_verify.sql passes, for a small share of traffic first, then for all, watching "
                "errors; turning it off again is the way back, before any rollback of the data",
                "04_verify.sql が通ったら " + f + " を有効にする。まず一部のトラフィックで、次に全体で、エラーを見ながら。"
                "フラグを再びオフにするのが、データのロールバックより先に取る戻り方である");
  } else {
    before = say("turn " + f + " on before 03_backfill.sql: the code it turns on writes " + column + " for new and changed "
                 "rows, so that no row needing the backfill appears behind it",
                 "03_backfill.sql の前に " + f + " を有効にする。フラグが有効にするコードが新規行と更新行の " + column +
                 " を書き込むので、バックフィルが通り過ぎた後ろに対象の行が現れない");
    during = say(f + " stays on: turned off, rows without the new value appear behind the backfill (running 03_backfill.sql "
                 "again picks them up)",
                 f + " は有効のまま。オフにすると新しい値のない行がバックフィルの後ろに現れる（03_backfill.sql を再実行すれば拾う）");
    after = say(f + " stays on until it is removed", f + " は削除するまで有効のまま");
  }
  remove = say("remove " + f + " and the code path it replaced once it has been on everywhere for a release" +
                   std::string(plan.not_null_after ? ", before 05_finalize.sql if the old path can write NULL" : ""),
               f + " と、それが置き換えた古いコードは、すべての環境で 1 リリースの間有効だった後に削除する" +
                   std::string(plan.not_null_after ? "。古いコードが NULL を書き込みうるなら 05_finalize.sql の前に" : ""));
  plan.transition_phases[0].actions.push_back(before);
  plan.transition_phases[1].actions.push_back(during);
  plan.transition_phases[2].actions.push_back(after);
  plan.transition_phases.back().actions.push_back(remove);
  plan.checklist_before.push_back(flag.reads_column ? say(f + " is off in every environment", f + " がすべての環境でオフになっている")
                                                    : say(f + " is on in every environment", f + " がすべての環境で有効になっている"));
  plan.checklist_after.push_back(flag.reads_column ? after : remove);
  if (flag.reads_column)
    plan.emergency_stop.insert(plan.emergency_stop.begin(),
                               say("If the application misbehaves, turn " + f + " off first: it takes the new reads away without "
                                   "touching the data.",
                                   "アプリケーションに異常があれば、まず " + f + " をオフにする。データに触れずに新しい読み取りを止められる。"));
}

}  // namespace

Plan BuildPlan(const BackfillSubject& s, const PlanOptions& options) {
  const Requirement& r = s.requirement;
  const Wording say(options.language);
  Plan plan;
  plan.language = options.language;
  plan.table = s.table->name.Display();
  plan.column = QuoteIdentifier(s.column->name);
  plan.target = QuoteIdentifier(s.table->name.name) + "." + plan.column;
  plan.reason = r.reason.empty() ? say("(not given)", "（記載なし）") : r.reason;
  plan.kind = KindName(r.kind);
  plan.execution = ExecutionName(r.execution);
  plan.service_impact = ServiceImpact(s, say);
  plan.date = options.date;
  plan.pg_version = options.pg_version;
  plan.set_from_default = s.set_from_default;
  plan.set_sql = s.set.sql;
  plan.where_sql = s.where.sql;
  plan.not_null_after = r.not_null_after;
  plan.feature_flag = r.feature_flag;
  std::string key_columns;
  for (const KeyColumn& k : s.key.columns) key_columns += (key_columns.empty() ? "" : ", ") + QuoteIdentifier(k.name) + " " + k.type.sql;
  plan.key_description = DescribeKey(s.key, say) + " (" + key_columns + ")";
  plan.estimate = EstimateDuration(s, say);
  plan.strategy = MakeStrategy(s, plan.estimate, say);
  plan.objects = NameObjects(s.table->name, s.column->name, Compact(options.date));
  plan.findings = RunAdvisors(s, say);
  plan.blocked = std::any_of(plan.findings.begin(), plan.findings.end(), [](const Finding& f) { return f.severity == Severity::kBlock; });

  SqlVocabulary v = MakeVocabulary(s, plan.objects);
  if (r.kind == BackfillKind::kFix && !s.expand)
    plan.warnings.push_back(say("DESTRUCTIVE: this backfill overwrites existing values. The backup table " + v.backup +
                                    " is the only way back: do not drop it before the retention period ends.",
                                "破壊的変更: このバックフィルは既存の値を上書きする。元に戻せるのはバックアップテーブル " + v.backup +
                                    " だけなので、保持期間が終わるまで削除しないこと。"));
  if (r.estimated_rows && *r.estimated_rows > 10'000'000)
    plan.warnings.push_back(say("LARGE: about " + WithThousands(*r.estimated_rows) +
                                    " rows. This plan is a draft: load-test it with a DBA before running it in production.",
                                "大規模: 約 " + WithThousands(*r.estimated_rows) +
                                    " 行。この計画は草案である。本番で実行する前に DBA と負荷試験を行うこと。"));
  if (r.write_heavy)
    plan.warnings.push_back(say("WRITE-HEAVY table: watch lock waits and replica lag closely; prefer quiet hours.",
                                "書き込みの多いテーブル: ロック待ちとレプリカ遅延を注意して監視し、負荷の低い時間帯に実行すること。"));
  for (const std::string& w : SideEffectSentences(s, say)) plan.warnings.push_back(say("SIDE EFFECT: ", "副作用: ") + w);
  if (plan.blocked)
    plan.warnings.insert(plan.warnings.begin(), say("BLOCKED: a finding below must be resolved before this plan may run.",
                                                    "実行不可: 下の指摘を解消するまで、この計画は実行できない。"));

  plan.analysis_queries = AnalysisQueries(v, say);
  plan.related_objects = RelatedObjects(s, say);
  plan.preflight = PreflightChecks(s, v, say);
  // The preflight script's comments stay English whatever the reader's language: the SQL is one text.
  bool index_proposed = std::any_of(plan.findings.begin(), plan.findings.end(), [](const Finding& f) {
    return f.id == "predicate.unindexed" && !f.proposed_sql.empty();
  });
  plan.files = BuildBundle({s, v, PreflightChecks(s, v, Wording(Language::kEnglish)), !s.column->not_null, say,
                            index_proposed ? QuoteIdentifier(s.table->name.schema) + "." + QuoteIdentifier(PendingIndexName(s))
                                           : std::string(),
                            index_proposed ? PendingIndex(s)->drop : std::string()});
  if (s.expand) {
    ExpandContractFiles phases = BuildExpandContractFiles(s, v, Compact(options.date), say);
    plan.files.insert(plan.files.end(), phases.files.begin(), phases.files.end());
    std::sort(plan.files.begin(), plan.files.end(), [](const BundleFile& a, const BundleFile& b) { return a.name < b.name; });
    plan.by_hand = phases.by_hand;
    plan.phases = phases.phases;
    plan.switch_views = phases.switch_views;
    plan.change_kind = KindName(s.expand->kind);
    plan.kind = plan.change_kind;
    plan.old_column = QuoteIdentifier(s.expand->old_column);
    if (s.expand->keeps_name) {
      plan.swapped_column = QuoteIdentifier(s.expand->swapped_column);
      plan.new_type = s.expand->new_type.sql;
    }
  }
  plan.completion_gate = CompletionGate(v, s.requirement);
  plan.retention_gate = RetentionGate(v, s.requirement);
  for (const BundleFile& f : plan.files) CheckScriptParses(f.name, f.content);
  plan.stages = Stages(v, plan.File("03_backfill.sql")->run, r.parallelism, say);
  plan.progress_queries = {
      {say("Progress", "進捗"),
       say("one row: pass, batches, rows changed, and whether a rollback stopped the backfill (this run's own "
           "count and ETA are in 03's NOTICEs)",
           "1 行: 周回、バッチ数、変更した行数、ロールバックで停止したかどうか（今回の実行の件数と残り時間は 03 の NOTICE に出る）"),
       "SELECT pass, pass_rows, batches, rows_done, last_batch_at, finished_at, stopped_at, stopped_by\nFROM " + v.progress + ";"},
      {say("Key ranges", "キー範囲"),
       say("parallel runners only: each range's batches, rows and end; none while no pass is split",
           "並列実行のときだけ: 各範囲のバッチ数、行数、終了。周回を分割していなければ 0 行"),
       "SELECT range_no, ranges, batches, rows_done, last_batch_at, finished_at\nFROM " + v.ranges + "\nORDER BY range_no;"},
      {say("Rows per batch", "バッチごとの行数"), say("from the backup table", "バックアップテーブルから"),
       "SELECT " + v.batch_no + " AS batch, count(*) AS rows, min(" + v.backed_up_at + ") AS started\nFROM " + v.backup +
           "\nGROUP BY 1\nORDER BY 1 DESC\nLIMIT 20;"}};
  plan.control = ControlStatements(v, r, say);
  for (const ControlStatement& c : plan.control) CheckScriptParses(c.action, c.sql);
  for (const auto* queries : {&plan.analysis_queries, &plan.progress_queries})
    for (const LabeledSql& q : *queries) CheckScriptParses(q.title, q.sql);
  for (const Stage& st : plan.stages) CheckScriptParses(st.title, st.verify_sql);
  for (const Finding& f : plan.findings)
    for (const std::string& sql : f.proposed_sql) CheckScriptParses(f.id, sql);
  plan.locks = LockTable(s, plan.findings, say);
  const std::string lag = std::to_string(static_cast<int>(r.max_replica_lag_s));
  plan.rollback_triggers = {
      say("error rate: more than 1% of batches retried, or any run stopped after its retries",
          "エラー率: リトライしたバッチが 1% を超えた、またはリトライを使い切って実行が止まった"),
      say("slowdown: application p95 latency up by more than 50%, or batch time more than 5x the step 2 time",
          "性能低下: アプリケーションの p95 レイテンシが 50% を超えて悪化した、またはバッチ時間がステップ 2 の 5 倍を超えた"),
      say("inconsistency: 04_verify.sql or a spot check shows values that are not the intended ones",
          "不整合: 04_verify.sql や抜き取り確認で、意図と違う値が見つかった"),
      say("replica lag above " + lag + " s that does not recover within 5 minutes",
          "レプリカ遅延が " + lag + " 秒を超え、5 分以内に回復しない")};
  plan.monitoring = Monitoring(r, say);
  plan.checklist_before = {
      say("the plan is reviewed, and 01_preflight.sql passes on production (all checks ok)",
          "計画のレビューが済み、本番で 01_preflight.sql が通る（すべて ok）"),
      say("a recent database backup or PITR window exists besides the backup table",
          "バックアップテーブルとは別に、最近のデータベースバックアップか PITR で戻せる期間がある"),
      s.expand ? say("00_expand.sql has run: " + plan.column + " exists and the trigger copies every write of " +
                         QuoteIdentifier(s.expand->old_column),
                     "00_expand.sql を実行済みで、" + plan.column + " があり、" + QuoteIdentifier(s.expand->old_column) +
                         " への書き込みをトリガーが写している")
               : say("the application already writes " + plan.column + " for new and updated rows (see Application transition)",
                     "アプリケーションが新規行と更新行の " + plan.column + " をすでに書き込んでいる（「過渡期のアプリケーション対応」を参照）"),
      say("02_prepare.sql has run; the backup and progress tables exist",
          "02_prepare.sql を実行済みで、バックアップテーブルと進捗テーブルがある"),
      say("monitoring dashboards (replica lag, CPU, locks, latency) are open; the on-call knows",
          "監視ダッシュボード（レプリカ遅延、CPU、ロック、レイテンシ）を開き、オンコール担当者にも伝えてある"),
      say("rehearsed on staging: a recent copy of production restored, the bundle run through (01 to 04, then 90), and "
          "step 2's batch time there taken as the estimate in place of this plan's",
          "ステージングでリハーサル済み: 本番の最近のコピーを復元し、バンドルを通しで実行し（01〜04、続けて 90）、そこでの"
          "ステップ 2 のバッチ時間をこの計画の見積もりの代わりに使う")};
  plan.checklist_during = {
      say("step 1 (10 rows) and step 2 (1,000 rows) checked by hand before step 3",
          "ステップ 3 の前に、ステップ 1（10 行）とステップ 2（1,000 行）の結果を目で確認した"),
      say("NOTICE lines show steady rows/s; no retries", "NOTICE 行の rows/s が安定していて、リトライがない"),
      say("replica lag, CPU and lock waits stay within the warning values of Monitoring",
          "レプリカ遅延、CPU、ロック待ちが「モニタリング項目」の警告値に収まっている"),
      say("the progress row advances (last_batch_at is recent)", "進捗行が進んでいる（last_batch_at が新しい）")};
  if (r.write_heavy) {
    const std::string waiting = "SELECT count(*) FROM pg_locks WHERE relation = " + QuoteLiteral(plan.table) + "::regclass AND NOT granted;";
    plan.checklist_during.push_back(say("write-heavy: no session waits on the table's locks for long: " + waiting +
                                            " (0 most of the time; lower batch_size if not)",
                                        "書き込みが多いため: テーブルのロックを長く待つセッションがない: " + waiting +
                                            "（ほとんどの時間 0 であること。そうでなければ batch_size を下げる）"));
    plan.checklist_during.push_back(say("write-heavy: replica lag (pg_stat_replication.replay_lag) stays under " + lag +
                                            " s and the application's write latency under its baseline + 20%; raise sleep_ms if not",
                                        "書き込みが多いため: レプリカ遅延 (pg_stat_replication.replay_lag) が " + lag +
                                            " 秒未満、アプリケーションの書き込みレイテンシが平常値 + 20% 未満に収まっている。"
                                            "そうでなければ sleep_ms を上げる"));
  }
  plan.checklist_after = {
      say("04_verify.sql passes", "04_verify.sql が通る"),
      say("application errors and latency back to baseline", "アプリケーションのエラーとレイテンシが平常値に戻った"),
      r.not_null_after ? say("05_finalize.sql has run; the column is NOT NULL", "05_finalize.sql を実行し、列が NOT NULL になった")
                       : say("NOT NULL not requested: the column stays nullable", "NOT NULL は求められていない。列は NULL を許したまま"),
      say("VACUUM (ANALYZE) " + plan.table + " if autovacuum lags behind",
          "autovacuum が追いついていなければ VACUUM (ANALYZE) " + plan.table + " を実行する"),
      say("keep " + v.backup + " for " + std::to_string(r.backup_retention_days) + " days, then run 99_cleanup.sql",
          v.backup + " を " + std::to_string(r.backup_retention_days) + " 日間残し、その後 99_cleanup.sql を実行する"),
      say("optional: 95_backup_to_file.sql has written the backup to a file kept outside the database (with the bundle: "
          "96_restore_backup_file.sql loads it back, after 02_prepare.sql, should the table be gone when a rollback is needed)",
          "任意: 95_backup_to_file.sql でバックアップをファイルに書き出し、データベースの外に保管した（バンドルと一緒に。"
          "ロールバックが必要になったときにテーブルがなければ、02_prepare.sql の後に 96_restore_backup_file.sql で読み戻す）")};
  for (const Finding& f : plan.findings)
    if (f.section == PlanSection::kChecklist) plan.checklist_after.push_back(f.advice);
  std::string app = QuoteLiteral(TruncateUtf8("backfill " + plan.objects.backup, 63));
  const std::string cancel = "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE application_name = " + app + ";";
  std::string stop;
  for (const ControlStatement& c : plan.control)
    if (c.action == "stop") stop = c.sql;
  plan.emergency_stop = {
      say("Stop the run before its next batch, killing nothing, from any session: " + stop +
              " psql ends within one batch (`stopped on request`, exit status 3); Live control has the other statements.",
          "どのセッションからでも、何も kill せずに次のバッチの前で止める: " + stop +
              " psql は 1 バッチ以内に終わる（`stopped on request`、終了ステータス 3）。ほかの制御文は「実行中の制御」にある。"),
      say("If it must stop now: press Ctrl-C in the psql running 03_backfill.sql: the current batch is cancelled and rolled back; committed batches stay.",
          "今すぐ止める必要があれば、03_backfill.sql を実行中の psql で Ctrl-C を押す。実行中のバッチはキャンセルされてロールバックされ、コミット済みのバッチはそのまま残る。"),
      say("Rolling back stops the backfill by itself: 90/91 first mark the progress row stopped, a running 03 ends at its "
          "next batch, and a later 03 refuses until it is run with -v resume=1.",
          "ロールバックはそれだけでバックフィルを止める。90/91 はまず進捗行を停止状態にし、実行中の 03 は次のバッチで終わり、"
          "その後の 03 は -v resume=1 を付けるまで実行を拒否する。"),
      say("If psql does not respond, from another session: " + cancel, "psql が応答しなければ、別のセッションから実行する: " + cancel),
      say("Confirm nothing is running: the same query on pg_stat_activity returns no row, and no locks are held on " + plan.table + ".",
          "何も実行されていないことを確かめる。pg_stat_activity への同じ問い合わせが 0 行を返し、" + plan.table + " にロックが残っていないこと。"),
      say("Read the progress row (Monitoring queries) and note the batch number.",
          "進捗行を読み（「モニタリング項目」のクエリ）、バッチ番号を控える。"),
      say("Decide: resume later (run 03_backfill.sql again; it continues from the cursor) or roll back (90_rollback.sql, or "
          "91_rollback_batches.sql for chosen batches).",
          "後で再開する（03_backfill.sql を再実行すればカーソルの位置から続く）か、ロールバックする（90_rollback.sql、"
          "選んだバッチだけなら 91_rollback_batches.sql）かを決める。"),
      say("Tell the team what stopped, at which batch, and why.", "何を、どのバッチで、なぜ止めたかをチームに伝える。")};
  if (s.expand) ExpandContractTransition(plan, *s.expand, say);
  else InPlaceTransition(plan, r, say);
  if (r.feature_flag) AddFeatureFlag(plan, *r.feature_flag, say);
  return plan;
}

}  // namespace backfill
