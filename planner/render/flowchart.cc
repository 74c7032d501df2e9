#include "planner/render/flowchart.h"

#include <algorithm>

namespace backfill {
namespace {

bool HasFile(const Plan& plan, const std::string& name) {
  return std::any_of(plan.files.begin(), plan.files.end(), [&](const BundleFile& f) { return f.name == name; });
}

// Lines of the chart, each indented under "flowchart TD".
class Chart {
 public:
  void Node(const std::string& id, const std::string& label) { lines_ += "  " + id + "[\"" + label + "\"]\n"; }
  void Decision(const std::string& id, const std::string& label) { lines_ += "  " + id + "{\"" + label + "\"}\n"; }
  void Edge(const std::string& from, const std::string& to, const std::string& label = "") {
    lines_ += "  " + from + (label.empty() ? " --> " : " -->|\"" + label + "\"| ") + to + "\n";
  }
  void Undo(const std::string& from, const std::string& to, const std::string& label) {
    lines_ += "  " + from + " -.->|\"" + label + "\"| " + to + "\n";
  }
  std::string Text() const { return "flowchart TD\n" + lines_.substr(0, lines_.size() - 1); }

 private:
  std::string lines_;
};

// A phase's own undo script, when the bundle has one: a dotted edge from the phase.
void UndoScript(Chart& c, const Plan& plan, const std::string& phase, const std::string& file, const Wording& say) {
  if (!HasFile(plan, file)) return;
  c.Node("undo_" + phase, file);
  c.Undo(phase, "undo_" + phase, say("undo", "取り消し"));
}

}  // namespace

std::string Flowchart(const Plan& plan, const Wording& say) {
  Chart c;
  const std::string yes = say("yes", "はい"), no = say("no", "いいえ");
  // The main path: each step's edge comes from the one before, labelled when that is a decision.
  std::string previous, label;
  auto then = [&](const std::string& id) {
    if (!previous.empty()) c.Edge(previous, id, label);
    previous = id;
    label.clear();
  };
  auto when_yes = [&](const std::string& decision) {
    previous = decision;
    label = yes;
  };

  if (HasFile(plan, "00_expand.sql")) {
    c.Node("expand", say("00_expand.sql: the new column and its sync trigger", "00_expand.sql: 新しい列と同期トリガー"));
    UndoScript(c, plan, "expand", "80_undo_expand.sql", say);
    then("expand");
  }
  c.Node("preflight", say("01_preflight.sql: read-only checks", "01_preflight.sql: 読み取り専用の事前確認"));
  then("preflight");
  c.Decision("preflight_ok", say("every count ok?", "すべての件数が ok?"));
  then("preflight_ok");
  c.Node("halt", say("stop: nothing has changed; fix the data or the requirement",
                     "中止: 何も変わっていない。データか要件を直す"));
  c.Edge("preflight_ok", "halt", no);
  c.Node("prepare", say("02_prepare.sql: backup, progress table, procedures", "02_prepare.sql: バックアップ、進捗テーブル、プロシージャ"));
  when_yes("preflight_ok");
  then("prepare");

  const std::string run = HasFile(plan, "03_schedule.sql") ? say("03_backfill.sql, or 03_schedule.sql on pg_cron",
                                                                 "03_backfill.sql、または pg_cron の 03_schedule.sql")
                                                           : std::string("03_backfill.sql");
  c.Node("step1", "Step 1: 03_backfill.sql -v max_rows=10");
  then("step1");
  c.Decision("step1_ok", say("the 10 rows hold the intended values?", "10 行が意図した値?"));
  then("step1_ok");
  c.Node("rollback", say("90_rollback.sql: every batch, newest first", "90_rollback.sql: 全バッチを新しい順に") +
                         (HasFile(plan, "91_rollback_batches.sql")
                              ? say("<br/>91_rollback_batches.sql: chosen batches", "<br/>91_rollback_batches.sql: 選んだバッチだけ")
                              : std::string()));
  c.Edge("step1_ok", "rollback", no);
  c.Node("step2", "Step 2: 03_backfill.sql -v max_rows=1000");
  when_yes("step1_ok");
  then("step2");
  c.Decision("step2_ok", say("values right, batch time near the estimate?", "値が正しく、バッチ時間が見積もりに近い?"));
  then("step2_ok");
  c.Edge("step2_ok", "rollback", no);
  c.Node("step3", "Step 3: " + run);
  when_yes("step2_ok");
  then("step3");
  c.Decision("watch", say("monitoring within its stop thresholds?", "モニタリング項目が停止閾値の内側?"));
  then("watch");
  c.Node("stop", say("emergency stop: the stop UPDATE of Live control; the run ends before its next batch",
                     "緊急停止: 「実行中の制御」の stop の UPDATE。次のバッチの前で止まる"));
  c.Edge("watch", "stop", no);
  c.Decision("decide", say("resume or roll back?", "再開か、ロールバックか?"));
  c.Edge("stop", "decide");
  c.Edge("decide", "step3", say("resume: run 03 again", "再開: 03 を再実行"));
  c.Edge("decide", "rollback", say("roll back", "ロールバック"));
  c.Node("verify", "04_verify.sql");
  label = say("yes, complete", "はい、完了");
  then("verify");
  c.Decision("verify_ok", say("04_verify.sql passes?", "04_verify.sql が通る?"));
  then("verify_ok");
  c.Edge("verify_ok", "decide", no);
  when_yes("verify_ok");
  if (HasFile(plan, "05_finalize.sql")) {
    c.Node("finalize", "05_finalize.sql: NOT NULL");
    then("finalize");
  }
  if (HasFile(plan, "06_copy_indexes.sql")) {
    c.Node("copy_indexes", say("06_copy_indexes.sql: the new column's indexes", "06_copy_indexes.sql: 新しい列のインデックス"));
    UndoScript(c, plan, "copy_indexes", "86_undo_copy_indexes.sql", say);
    then("copy_indexes");
  }
  if (HasFile(plan, "07_switch.sql")) {
    c.Node("switch", say("07_switch.sql: the copy takes the column's name", "07_switch.sql: コピーが列の名前を引き継ぐ"));
    UndoScript(c, plan, "switch", "87_undo_switch.sql", say);
    then("switch");
  }
  if (HasFile(plan, "08_contract.sql")) {
    c.Node("contract", say("08_contract.sql: the old column dropped, no way back", "08_contract.sql: 旧列を削除。以後は戻せない"));
    then("contract");
  }
  c.Node("retention", say("the backup's retention period ends", "バックアップの保持期間が終わる"));
  then("retention");
  c.Edge("rollback", "retention");
  c.Node("cleanup", "99_cleanup.sql");
  then("cleanup");
  return c.Text();
}

}  // namespace backfill
