// Triggers: UPDATE triggers on the table and its partitions fire on every row the backfill
// changes (and again on every row the rollback restores). Their PL/pgSQL bodies are read for
// the columns they set and the tables they write.
#include <algorithm>

#include "planner/analysis/advisors.h"
#include "planner/analysis/trigger_function.h"
#include "planner/sql/quote.h"

namespace backfill {
namespace {

// Whether an UPDATE of `column` fires the trigger: UPDATE OF lists limit it to those columns.
bool FiresOnColumn(const Trigger& t, const std::string& column) {
  if (!t.on_update) return false;
  return t.update_columns.empty() ||
         std::find(t.update_columns.begin(), t.update_columns.end(), column) != t.update_columns.end();
}

const char* TimingName(Trigger::Timing timing) {
  switch (timing) {
    case Trigger::Timing::kBefore: return "BEFORE";
    case Trigger::Timing::kAfter: return "AFTER";
    case Trigger::Timing::kInsteadOf: return "INSTEAD OF";
  }
  return "AFTER";
}

std::string Describe(const Trigger& t) {
  std::string out = std::string(TimingName(t.timing)) + " UPDATE";
  if (!t.update_columns.empty()) out += " OF " + JoinIdentifiers(t.update_columns);
  out += t.for_each_row ? " FOR EACH ROW" : " FOR EACH STATEMENT";
  if (t.when_sql) out += " WHEN (" + *t.when_sql + ")";
  return out;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

// Why a trigger function's body was not analysed, to follow "Trigger function f" / "トリガー関数 f は".
std::string UnreadReason(const TriggerFunctionEffects& effects, const Wording& say) {
  const std::string& detail = effects.unread_detail;
  switch (effects.unread) {
    case TriggerFunctionEffects::Unread::kLanguage:
      return detail.empty() ? say("is written in an unknown language", "記述言語が不明で")
                            : say("is written in " + detail, " LANGUAGE " + detail + " で書かれていて");
    case TriggerFunctionEffects::Unread::kParseError:
      return say("does not parse (" + detail + ")", "本体を構文解析できず (" + detail + ")");
    case TriggerFunctionEffects::Unread::kUnreadable:
    case TriggerFunctionEffects::Unread::kNone:
      break;
  }
  return say("could not be read", "本体を読み取れず");
}

// name: "trigger on table", as findings' objects name it; name_ja: the same in Japanese word order.
void AdviseFunction(const BackfillSubject& s, const Trigger& t, const std::string& name, const std::string& name_ja,
                    const Wording& say, std::vector<Finding>& findings) {
  const Function* function = s.catalog->FindFunction(t.function);
  if (!function) {
    findings.push_back({"triggers.function_unknown", Severity::kInfo,
                        say("Trigger " + name + " calls " + t.function.Display() + "(), which the schema file does not define",
                            "トリガー " + name_ja + " が呼び出す " + t.function.Display() +
                                "() はスキーマファイルに定義されていない"),
                        {name, t.function.Display()},
                        say("read the function on the server: what it sets and what it writes happens once per updated row",
                            "関数による値の設定と書き込みは更新する行ごとに 1 回ずつ発生するため、サーバー上で関数の定義を"
                            "読んで確認する"),
                        PlanSection::kDataAnalysis});
    return;
  }
  TriggerFunctionEffects effects = AnalyzeTriggerFunction(*function);
  if (!effects.analyzed) {
    findings.push_back({"triggers.function_unknown", Severity::kInfo,
                        say("Trigger function " + t.function.Display() + " " + UnreadReason(effects, say) +
                                ": its effects were not analysed",
                            "トリガー関数 " + t.function.Display() + " は" + UnreadReason(effects, say) +
                                "、その影響は解析していない"),
                        {name, t.function.Display()},
                        say("read it by hand: what it sets and what it writes happens once per updated row",
                            "関数による値の設定と書き込みは更新する行ごとに 1 回ずつ発生するため、関数の定義を自分で読んで"
                            "確認する"),
                        PlanSection::kDataAnalysis});
    return;
  }
  const std::string& target = s.column->name;
  bool before_row = t.timing == Trigger::Timing::kBefore && t.for_each_row;
  if (before_row) {
    bool overrides = effects.assigns_whole_row ||
                     std::count(effects.assigned_columns.begin(), effects.assigned_columns.end(), target);
    if (overrides)
      findings.push_back({"triggers.overrides_target", Severity::kWarn,
                          say("Trigger " + name + " assigns " +
                                  (effects.assigns_whole_row ? std::string("the whole NEW row") : "NEW." + QuoteIdentifier(target)) +
                                  ": the value stored may not be the value the backfill sets",
                              "トリガー " + name_ja + " が " +
                                  (effects.assigns_whole_row ? std::string("NEW 全体") : "NEW." + QuoteIdentifier(target) + " ") +
                                  "に代入する。格納される値はバックフィルが設定した値と異なる可能性がある"),
                          {name, t.function.Display(), QuoteIdentifier(target)},
                          say("check in stage 1 that the rows hold the intended value; 04_verify.sql fails where the trigger "
                              "changed it",
                              "ステージ 1 で行が意図した値になっていることを確認する。トリガーが値を変えた行があれば "
                              "04_verify.sql は失敗する"),
                          PlanSection::kBackfillSql});
    std::vector<std::string> maintained;
    for (const std::string& c : effects.assigned_columns)
      if (c != target) maintained.push_back(QuoteIdentifier(c));
    if (!maintained.empty())
      findings.push_back({"triggers.maintains_columns", Severity::kWarn,
                          say("Trigger " + name + " sets " + Join(maintained) +
                                  " on every updated row: the rollback cannot restore their previous values",
                              "トリガー " + name_ja + " が更新する行ごとに " + Join(maintained) +
                                  " を設定する。ロールバックではこれらの列を以前の値に戻せない"),
                          maintained,
                          say("the backup keeps only " + QuoteIdentifier(target) + "; the rollback fires the trigger again, "
                              "so " + Join(maintained) + " are recomputed: a value derived from " + QuoteIdentifier(target) +
                                  " comes back, anything else (a timestamp, a counter) does not. Copy them aside before "
                                  "stage 1 if their old values matter",
                              "バックアップが保持するのは " + QuoteIdentifier(target) + " だけである。ロールバックでトリガーが"
                              "再び発火し、" + Join(maintained) + " は再計算される。" + QuoteIdentifier(target) +
                                  " から導かれる値は元に戻るが、それ以外（タイムスタンプ、カウンターなど）は戻らない。"
                                  "元の値が必要なら、ステージ 1 の前に別の場所へコピーしておく"),
                          PlanSection::kRollback});
  }
  if (!effects.writes.empty()) {
    std::vector<std::string> tables, described;
    for (const TableWrite& w : effects.writes) {
      if (std::find(tables.begin(), tables.end(), w.table) == tables.end()) tables.push_back(w.table);
      described.push_back(w.operation + " " + w.table);
    }
    std::string per = t.for_each_row ? "every updated row" : "every batch";
    std::string per_ja = t.for_each_row ? "更新する行" : "バッチ";
    findings.push_back({"triggers.writes_tables", Severity::kWarn,
                        say("Trigger " + name + " writes other tables on " + per + " (" + Join(described) + ")",
                            "トリガー " + name_ja + " が" + per_ja + "ごとに他のテーブルへ書き込む (" + Join(described) + ")"),
                        tables,
                        say("a side effect of the backfill: an audit or history table grows by one row per " +
                                std::string(t.for_each_row ? "updated row" : "batch") +
                                " (and again per restored row on rollback); check its size, its indexes and its readers "
                                "(notifications, sync jobs) before stage 3",
                            "バックフィルの副作用である。監査テーブルや履歴テーブルが" + per_ja +
                                "ごとに 1 行ずつ増える（ロールバックでも戻す行ごとに再び増える）。ステージ 3 の前に、その"
                                "テーブルのサイズ、インデックス、読み手（通知、同期ジョブなど）を確認する"),
                        PlanSection::kDataAnalysis});
  }
  if (effects.dynamic_sql)
    findings.push_back({"triggers.dynamic_sql", Severity::kInfo,
                        say("Trigger function " + t.function.Display() + " runs dynamic SQL (EXECUTE): what it writes "
                            "cannot be read from the schema",
                            "トリガー関数 " + t.function.Display() + " は動的 SQL (EXECUTE) を実行する。何を書き込むかは"
                            "スキーマから読み取れない"),
                        {t.function.Display()},
                        say("read the function and test stage 1 against a copy",
                            "関数の定義を読み、コピー環境でステージ 1 をテストする"),
                        PlanSection::kDataAnalysis});
}

}  // namespace

void AdviseTriggers(const BackfillSubject& s, const Wording& say, std::vector<Finding>& findings) {
  std::vector<QualifiedName> tables = {s.table->name};
  for (const QualifiedName& p : s.table->partitions) tables.push_back(p);
  for (const QualifiedName& table : tables) {
    for (const Trigger* t : s.catalog->TriggersOn(table)) {
      if (!t->on_update) continue;
      std::string name = QuoteIdentifier(t->name) + " on " + table.Display();
      std::string name_ja = QuoteIdentifier(t->name) + " (" + table.Display() + ")";
      std::string described_ja = QuoteIdentifier(t->name) + " (" + table.Display() + "、" + Describe(*t) + ")";
      if (!FiresOnColumn(*t, s.column->name)) {
        findings.push_back({"triggers.not_fired", Severity::kInfo,
                            say("Trigger " + name + " (" + Describe(*t) + ") does not fire: its UPDATE OF list leaves out " +
                                    QuoteIdentifier(s.column->name),
                                "トリガー " + described_ja + " は発火しない。UPDATE OF の列リストに " +
                                    QuoteIdentifier(s.column->name) + " が含まれていない"),
                            {name}, say("nothing to do", "なし"), PlanSection::kDataAnalysis});
        continue;
      }
      bool row = t->for_each_row;
      findings.push_back({row ? "triggers.row_update" : "triggers.statement_update", row ? Severity::kWarn : Severity::kInfo,
                          say(std::string(row ? "Row" : "Statement") + " trigger " + name + " (" + Describe(*t) + ") fires " +
                                  (row ? "for every updated row" : "once per batch") + " and calls " + t->function.Display() +
                                  "()",
                              std::string(row ? "行トリガー " : "文トリガー ") + described_ja + " が" +
                                  (row ? "更新する行ごとに" : "バッチごとに 1 回") + "発火し、" + t->function.Display() +
                                  "() を呼び出す"),
                          {name, t->function.Display()},
                          row ? say("its cost is paid per row, in the batch's transaction: measure the stage 1 and 2 batch "
                                    "times against the estimate",
                                    "コストは行ごとに、バッチのトランザクション内で発生する。ステージ 1 と 2 のバッチ時間を"
                                    "測って見積もりと比べる") +
                                    (t->when_sql ? say("; the WHEN condition limits it to the rows it matches",
                                                       "。WHEN 条件に一致する行でだけ発火する")
                                                 : std::string()) +
                                    say("; the rollback fires it again for every restored row",
                                        "。ロールバックでは戻す行ごとに再び発火する")
                              : say("its cost is paid once per batch (and once per restored batch on rollback)",
                                    "コストはバッチごとに 1 回発生する（ロールバックでも戻すバッチごとに 1 回）"),
                          PlanSection::kDataAnalysis});
      AdviseFunction(s, *t, name, name_ja, say, findings);
    }
  }
}

}  // namespace backfill
