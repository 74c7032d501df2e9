// Triggers: UPDATE triggers on the table and its partitions fire on every row the backfill
// changes (and again on every row the rollback restores). Their PL/pgSQL bodies are read for
// the columns they set and the tables they write.
#include <algorithm>
#include <cctype>

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

// Japanese text after a Japanese word: a space before Latin text, as the plan writes it.
std::string Spaced(const std::string& text) {
  return !text.empty() && static_cast<unsigned char>(text[0]) < 0x80 ? " " + text : text;
}

// The same with a space after trailing Latin text: "親行 (id = NEW.x) を".
std::string SpacedAfter(const std::string& text) {
  return !text.empty() && static_cast<unsigned char>(text.back()) < 0x80 ? text + " " : text;
}

struct WriteText {
  std::string english, japanese;
};

// "public.queues.updated_at, public.queues.touched" for an UPDATE's SET list.
std::string ColumnsOf(const TableWrite& w) {
  std::string out;
  for (const WrittenColumn& c : w.columns) out += (out.empty() ? "" : ", ") + w.table + "." + QuoteIdentifier(c.name);
  return out;
}

bool AllColumns(const TableWrite& w, WrittenColumn::Value value) {
  return !w.columns.empty() && std::all_of(w.columns.begin(), w.columns.end(), [&](const WrittenColumn& c) { return c.value == value; });
}

// What one write of the trigger does, to follow "Trigger t on x, on every updated row, " (English)
// and "トリガー t (x) は更新する行ごとに" (Japanese).
WriteText DescribeWrite(const Catalog& catalog, const QualifiedName& table, const TableWrite& w) {
  Wording en(Language::kEnglish), ja(Language::kJapanese);
  std::string rows_en = TriggerWriteRows(catalog, table, w, en), rows_ja = TriggerWriteRows(catalog, table, w, ja);
  std::vector<std::string> names;
  for (const WrittenColumn& c : w.columns) names.push_back(QuoteIdentifier(c.name));
  if (w.operation == "INSERT") {
    std::string columns = names.empty() ? "" : " (" + Join(names) + ")";
    return {"inserts a row into " + w.table + columns, w.table + " に 1 行を挿入する" + columns};
  }
  if (w.operation == "UPDATE") {
    std::string columns = ColumnsOf(w);
    if (AllColumns(w, WrittenColumn::Value::kTimestamp))
      return {"bumps " + columns + " of " + rows_en + " to the current time", SpacedAfter(rows_ja) + "の " + columns + " を現在時刻に更新する"};
    if (AllColumns(w, WrittenColumn::Value::kIncrement))
      return {"increments " + columns + " of " + rows_en, SpacedAfter(rows_ja) + "の " + columns + " を加算する"};
    return {"sets " + columns + " of " + rows_en, SpacedAfter(rows_ja) + "の " + columns + " を設定する"};
  }
  if (w.operation == "DELETE") return {"deletes " + rows_en + " of " + w.table, w.table + " の" + Spaced(SpacedAfter(rows_ja)) + "を削除する"};
  return {"merges into " + w.table, w.table + " へ MERGE する"};
}

// Whether the rollback's restore (an UPDATE of the column: the trigger fires again) repeats the write.
std::string RollbackText(const TableWrite& w, bool per_row, const Wording& say) {
  if (w.operation == "INSERT")
    return per_row ? say("the rollback fires the trigger again and inserts a second row per restored row",
                         "ロールバックでもトリガーが再び発火し、戻す行ごとにもう 1 行挿入される")
                   : say("the rollback fires the trigger again and inserts again per restored batch",
                         "ロールバックでもトリガーが再び発火し、戻すバッチごとに再び挿入される");
  if (w.operation == "UPDATE") {
    if (AllColumns(w, WrittenColumn::Value::kTimestamp))
      return say("the rollback fires it again and bumps them once more: their old values are not restored",
                 "ロールバックでも再び発火して再度更新されるため、以前の値には戻らない");
    if (AllColumns(w, WrittenColumn::Value::kIncrement))
      return say("the rollback fires it again and increments them once more (a counter of changes counts the restore too)",
                 "ロールバックでも再び発火して再度加算される（変更回数のカウンターは戻す操作も数える）");
    return say("the rollback fires it again and sets them once more, from the restored row: a value derived from it comes "
               "back, anything else does not",
               "ロールバックでも再び発火し、戻した行から再度設定される。戻した行から導かれる値は元に戻るが、それ以外は戻らない");
  }
  if (w.operation == "DELETE")
    return say("the rollback fires it again, and does not bring the deleted rows back",
               "ロールバックでも再び発火し、削除した行は戻らない");
  return say("the rollback fires it again and merges once more", "ロールバックでも再び発火し、再度 MERGE する");
}

// "; it skips this when the session sets helpdesk.skip_audit to on (triggers.skip)", for a write
// that a setting guard skips.
std::string GuardNote(const TriggerFunctionEffects& effects, const Wording& say) {
  for (const SettingGuard& g : effects.guards)
    if (!g.skip_value.empty())
      return say("; it skips this when the session sets " + g.setting + " to " + g.skip_value + " (triggers.skip)",
                 "。セッションで " + g.setting + " を " + g.skip_value + " にするとスキップされる (triggers.skip)");
  return {};
}

// A setting name or value that can stand in PGOPTIONS='-c name=value' as written.
bool PlainOption(const std::string& text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '.' || c == '-';
  });
}

// How to keep the trigger from running for the backfill's own writes, and what each way costs;
// never by disabling it, which the application's writes would feel.
void AdviseSkip(const BackfillSubject& s, const Trigger& t, const TriggerFunctionEffects& effects, const std::string& name,
                const std::string& name_ja, const std::vector<std::string>& done, const std::vector<std::string>& done_ja,
                const Wording& say, std::vector<Finding>& findings) {
  std::string advice;
  auto sentence = [&](std::string text) {
    if (!advice.empty() && say.language() == Language::kEnglish && !text.empty()) text[0] = static_cast<char>(std::toupper(text[0]));
    advice += (advice.empty() ? "" : say(". ", "。")) + text;
  };
  std::string lost = Join(done), lost_ja;
  for (const std::string& d : done_ja) lost_ja += (lost_ja.empty() ? "" : "、") + ("「" + d + "」");
  for (const SettingGuard& g : effects.guards) {
    if (!PlainOption(g.setting)) continue;
    std::string option = PlainOption(g.skip_value) ? "PGOPTIONS='-c " + g.setting + "=" + g.skip_value + "'" : "";
    if (!option.empty())
      sentence(say("it checks the setting " + g.setting + ": run 03 with " + option +
                       " in its environment (every runner), a setting of that session only, which any role may set",
                   "関数は設定 " + g.setting + " を確認している。03 を環境変数 " + option +
                       " 付きで（ランナーごとに）実行すれば、そのセッションだけの設定になり、どのロールでも設定できる"));
    else
      sentence(say("it checks the setting " + g.setting + " in an IF: read that condition for the value that skips its work, "
                   "and give it to 03's session only (PGOPTIONS='-c " + g.setting + "=...', every runner)",
                   "関数は IF で設定 " + g.setting + " を確認している。その条件を読んで処理をスキップさせる値を確かめ、03 の"
                   "セッションだけに与える (PGOPTIONS='-c " + g.setting + "=...'、ランナーごとに)"));
    if (!done.empty())
      sentence(say("lost for the backfill's rows: what it does (" + lost + "); for an audit table, the audit rows of the backfill",
                   "失われるのは、バックフィルの行に対する処理 (" + lost_ja + ") である。監査テーブルなら、バックフィル分の監査行が"
                   "残らない"));
    sentence(say("decide for 90 and 91 too: with the same setting the restores skip it as well, without it they do not",
                 "90 と 91 についても決めておく。同じ設定で実行すれば戻す操作でもスキップされ、設定しなければスキップされない"));
    sentence(say("never set it with ALTER ROLE, ALTER DATABASE or postgresql.conf, which reach the application's sessions",
                 "ALTER ROLE、ALTER DATABASE、postgresql.conf では設定しない。アプリケーションのセッションにも効いてしまう"));
  }
  std::vector<std::string> others;
  std::vector<QualifiedName> tables = {s.table->name};
  for (const QualifiedName& p : s.table->partitions) tables.push_back(p);
  for (const QualifiedName& table : tables)
    for (const Trigger* other : s.catalog->TriggersOn(table))
      if (other->name != t.name && FiresOnColumn(*other, s.column->name)) {
        // A BEFORE row trigger that keeps columns up to date leaves them stale when skipped.
        const Function* function = s.catalog->FindFunction(other->function);
        std::vector<std::string> kept;
        if (function && other->timing == Trigger::Timing::kBefore && other->for_each_row)
          for (const std::string& c : AnalyzeTriggerFunction(*function).assigned_columns) kept.push_back(QuoteIdentifier(c));
        others.push_back(QuoteIdentifier(other->name) +
                         (kept.empty() ? "" : say(", which sets " + Join(kept), "（" + Join(kept) + " を設定する）")));
      }
  std::string listed;
  for (const std::string& o : others) listed += (listed.empty() ? "" : say("; ", "、")) + o;
  std::string others_en = others.empty() ? "" : " (here " + listed + " too)";
  std::string others_ja = others.empty() ? "" : "（ここでは " + listed + " も）";
  sentence(say(std::string(effects.guards.empty() ? "" : "or ") +
                   "session_replication_role = replica for 03's session (PGOPTIONS='-c session_replication_role=replica'): it "
                   "needs a superuser, or on PostgreSQL 15 a role a superuser gave GRANT SET ON PARAMETER "
                   "session_replication_role; it skips every ordinary trigger the session fires, on every table" +
                   others_en +
                   ", and the foreign-key checks and actions of the rows it writes, which are triggers too (only ENABLE "
                   "ALWAYS triggers still fire); the application's sessions keep all of theirs",
               std::string(effects.guards.empty() ? "" : "または、") +
                   "03 のセッションで session_replication_role = replica にする (PGOPTIONS='-c session_replication_role=replica')。"
                   "スーパーユーザーか、PostgreSQL 15 ではスーパーユーザーから GRANT SET ON PARAMETER session_replication_role "
                   "を受けたロールが必要である。このセッションが発火させる通常のトリガーはすべてのテーブルでスキップされ" +
                   others_ja +
                   "、書き込む行の外部キーの確認と参照動作（これもトリガーである）も行われない（ENABLE ALWAYS のトリガーだけは"
                   "発火する）。アプリケーションのセッションのトリガーはそのまま動く"));
  if (s.requirement.execution == ExecutionMode::kBackgroundJob)
    sentence(say("the pg_cron job of 03_schedule.sql runs in a session of its own, which PGOPTIONS does not reach",
                 "03_schedule.sql の pg_cron ジョブは独自のセッションで実行されるため、PGOPTIONS は効かない"));
  sentence(say("never ALTER TABLE ... DISABLE TRIGGER: it waits for a SHARE ROW EXCLUSIVE lock on the table and turns the "
               "trigger off for the application's writes too",
               "ALTER TABLE ... DISABLE TRIGGER は使わない。テーブルの SHARE ROW EXCLUSIVE ロックを待ち、アプリケーションの"
               "書き込みに対してもトリガーを止めてしまう"));
  findings.push_back({"triggers.skip", Severity::kInfo,
                      say("Trigger " + name + " can be skipped in the backfill's own session, never in the application's",
                          "トリガー " + name_ja + " は、アプリケーションには影響させずにバックフィルのセッションだけでスキップできる"),
                      {name, t.function.Display()},
                      advice,
                      PlanSection::kBackfillSql});
}

// name: "trigger on table", as findings' objects name it; name_ja: the same in Japanese word order.
// A trigger that writes the table being backfilled: the rollback tells the backfill's row
// versions from the application's by xmin, and a version the trigger writes in a later batch (or
// in the rollback, restoring another row) is neither the one the batch recorded nor the
// application's. The rollback keeps such a row, counted as the application's, and does not
// restore it (tests/e2e/check_trigger_self_write.sh shows it).
void AdviseSelfWrite(const BackfillSubject& s, const Trigger& t, const TableWrite& w, const std::string& name,
                     const std::string& name_ja, const Wording& say, std::vector<Finding>& findings) {
  const std::string table = s.table->name.Display(), column = QuoteIdentifier(s.column->name);
  std::string rows = w.operation == "INSERT" ? std::string() : TriggerWriteRows(*s.catalog, t.table, w, say);
  std::string what, what_ja;
  if (w.operation == "INSERT") {
    what = "rows it inserts are new rows: a later round of 03 picks them up if they need the backfill, and the rollback, "
           "having no backup entry for them, leaves them as they are";
    what_ja = "挿入する行は新しい行である。バックフィルが必要なら 03 の後のラウンドが拾い、ロールバックはバックアップの記録が"
              "ないためそのまま残す";
  } else if (w.operation == "DELETE") {
    what = "a row it deletes is gone for the rollback too: 90/91 restore values, not rows, and count it as kept";
    what_ja = "削除された行はロールバックでも戻らない。90/91 は値を戻すのであって行を戻さず、kept として数える";
  } else {
    what = "a row the backfill already changed that it rewrites afterwards (from a later batch's row, or from the rollback "
           "restoring another row) holds a row version the backfill did not record: 90/91 tell the backfill's versions "
           "from the application's by xmin, so they keep that row with its new " + column + ", counted as kept as if the "
           "application had written it. After a rollback, list them with SELECT * FROM the backup table WHERE state = "
           "'kept', and restore by hand those the application did not change; or skip the trigger in 03's and 90's "
           "sessions (triggers.skip) where its writes can be redone later";
    what_ja = "バックフィルが変更済みの行をその後で書き直すと（後のバッチの行から、またはロールバックが別の行を戻すときに）、"
              "その行はバックフィルが記録していない行バージョンになる。90/91 はバックフィルのバージョンとアプリケーションの"
              "バージョンを xmin で見分けるため、その行は新しい " + column + " のまま、アプリケーションが書いたものとして kept "
              "に数えられて残る。ロールバックの後、バックアップテーブルを state = 'kept' で SELECT して一覧し、アプリケーションが"
              "変更していない行は手で戻す。あるいは、その書き込みを後でやり直せるなら、03 と 90 のセッションでトリガーを飛ばす"
              "（triggers.skip）";
  }
  findings.push_back({"triggers.self_write", Severity::kWarn,
                      say("Trigger " + name + " writes " + table + ", the table being backfilled (" + w.operation +
                              (rows.empty() ? "" : " of " + rows) + "): the rollback cannot tell its writes from the application's",
                          "トリガー " + name_ja + " はバックフィル対象の " + table + " に書き込む（" +
                              (rows.empty() ? "" : rows + "の ") + w.operation +
                              "）。ロールバックはその書き込みをアプリケーションの書き込みと区別できない"),
                      {table, t.function.Display()},
                      say(what + "; its " + w.operation + " of " + table + " fires the table's triggers again",
                          what_ja + "。" + table + " への " + w.operation + " はテーブルのトリガーを再び発火させる"),
                      PlanSection::kRollback});
}

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
                          say("check in step 1 that the rows hold the intended value; 04_verify.sql fails where the trigger "
                              "changed it",
                              "ステップ 1 で行が意図した値になっていることを確認する。トリガーが値を変えた行があれば "
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
                                  "step 1 if their old values matter",
                              "バックアップが保持するのは " + QuoteIdentifier(target) + " だけである。ロールバックでトリガーが"
                              "再び発火し、" + Join(maintained) + " は再計算される。" + QuoteIdentifier(target) +
                                  " から導かれる値は元に戻るが、それ以外（タイムスタンプ、カウンターなど）は戻らない。"
                                  "元の値が必要なら、ステップ 1 の前に別の場所へコピーしておく"),
                          PlanSection::kRollback});
  }
  const std::string per = say(t.for_each_row ? "every updated row" : "every batch", t.for_each_row ? "更新する行" : "バッチ");
  std::vector<std::string> done, done_ja;  // what it does, for the skip finding
  for (const TableWrite& w : effects.writes) {
    if (!w.Writes()) continue;
    WriteText text = DescribeWrite(*s.catalog, t.table, w);
    done.push_back(text.english);
    done_ja.push_back(text.japanese);
    std::string check = w.operation == "INSERT"
                            ? say("check the size of " + w.table + ", its indexes and its readers (notifications, sync jobs) "
                                  "before step 3",
                                  "ステップ 3 の前に " + w.table + " のサイズ、インデックス、読み手（通知、同期ジョブなど）を確認する")
                            : say("check who reads " + w.table + " (caches, sync jobs, \"recently changed\" lists): the backfill "
                                  "looks to them like an application write",
                                  w.table + " の読み手（キャッシュ、同期ジョブ、「最近の更新」一覧など）を確認する。バックフィルは"
                                  "それらにはアプリケーションの書き込みに見える");
    findings.push_back({"triggers.writes_tables", Severity::kWarn,
                        say("Trigger " + name + ", on " + per + ", " + text.english,
                            "トリガー " + name_ja + " は" + per + "ごとに" + Spaced(text.japanese)),
                        {w.table},
                        say(t.for_each_row ? "a side effect of the backfill, once per updated row; " : "a side effect of the backfill, once per batch; ",
                            t.for_each_row ? "バックフィルの副作用で、更新する行ごとに 1 回発生する。" : "バックフィルの副作用で、バッチごとに 1 回発生する。") +
                            RollbackText(w, t.for_each_row, say) + say("; ", "。") + check + GuardNote(effects, say),
                        PlanSection::kDataAnalysis});
  }
  for (const TableWrite& w : effects.writes)
    if (w.Writes() && WrittenTable(*s.catalog, w) == s.table) AdviseSelfWrite(s, t, w, name, name_ja, say, findings);
  for (const TableWrite& w : effects.writes) {
    if (w.row_lock.empty()) continue;
    std::string rows = TriggerWriteRows(*s.catalog, t.table, w, say);
    bool key_share_waits = w.row_lock == "FOR UPDATE" || w.row_lock == "FOR SHARE";
    std::string advice =
        say("the application's writes to those rows wait until the batch commits (a batch updates up to " +
                std::to_string(s.requirement.batch_size) + " rows, each lock held to the end); ",
            "アプリケーションによるそれらの行への書き込みは、バッチがコミットするまで待たされる（1 バッチで最大 " +
                std::to_string(s.requirement.batch_size) + " 行を更新し、各ロックは最後まで保持される）。") +
        (key_share_waits ? say("inserts and updates of rows referencing them (FOR KEY SHARE) wait too; ",
                               "それらの行を参照する行の挿入や更新 (FOR KEY SHARE) も待つ。")
                         : std::string()) +
        (w.Writes() && w.operation == "UPDATE"
             ? say("rows of one batch that share a parent update it once each, in one transaction; ",
                   "同じ親を持つ行が 1 バッチに含まれると、同じトランザクション内で親行を行ごとに更新する。")
             : std::string()) +
        say("a transaction that locks one of those rows and then a row of the batch (or another runner, with parallelism) "
            "can deadlock with the batch, which 03 retries up to max_retries (" +
                std::to_string(s.requirement.max_retries) + ") times. Where those rows are busy, lower batch_size or set "
                "target_batch_ms, and watch the lock waits in step 2",
            "それらの行をロックしてからバッチの行をロックするトランザクション（または parallelism 使用時の別のランナー）とは"
            "デッドロックが起こりうる。03 は max_retries (" +
                std::to_string(s.requirement.max_retries) + ") 回までリトライする。それらの行への書き込みが多い場合は "
                "batch_size を下げるか target_batch_ms を設定し、ステップ 2 でロック待ちを監視する") +
        (!w.links.empty() && WrittenTable(*s.catalog, w) && !IndexedLink(*s.catalog, w)
             ? say("; no index of " + w.table + " leads with " + QuoteIdentifier(w.links[0].column) +
                       ": each updated row reads the whole table, and locks longer",
                   "。" + w.table + " には " + QuoteIdentifier(w.links[0].column) +
                       " で始まるインデックスがなく、更新する行ごとにテーブル全体を読むため、ロックも長くなる")
             : std::string());
    findings.push_back({"triggers.row_locks", Severity::kWarn,
                        say("Trigger " + name + " locks " + rows + " of " + w.table + " " + w.row_lock + " on " + per +
                                ", until the batch commits",
                            "トリガー " + name_ja + " は" + per + "ごとに " + w.table + " の" + Spaced(SpacedAfter(rows)) + "を " + w.row_lock +
                                " でロックし、バッチのコミットまで保持する"),
                        {w.table},
                        advice,
                        PlanSection::kStrategy});
  }
  if (!done.empty() || !effects.guards.empty()) AdviseSkip(s, t, effects, name, name_ja, done, done_ja, say, findings);
  if (effects.dynamic_sql)
    findings.push_back({"triggers.dynamic_sql", Severity::kInfo,
                        say("Trigger function " + t.function.Display() + " runs dynamic SQL (EXECUTE): what it writes "
                            "cannot be read from the schema",
                            "トリガー関数 " + t.function.Display() + " は動的 SQL (EXECUTE) を実行する。何を書き込むかは"
                            "スキーマから読み取れない"),
                        {t.function.Display()},
                        say("read the function and test step 1 against a copy",
                            "関数の定義を読み、コピー環境でステップ 1 をテストする"),
                        PlanSection::kDataAnalysis});
}

}  // namespace

std::string TriggerWriteRows(const Catalog& catalog, const QualifiedName& trigger_table, const TableWrite& write,
                             const Wording& say) {
  std::string links;
  for (const RowLink& l : write.links) links += (links.empty() ? "" : " AND ") + QuoteIdentifier(l.column) + " = " + l.reference;
  if (ParentKey(catalog, trigger_table, write)) return say("the parent row (" + links + ")", "親行 (" + links + ")");
  if (!links.empty()) return say("the rows where " + links, links + " の行");
  if (write.reads_row) return say("the rows its WHERE picks from the updated row", "更新行をもとに WHERE で選ぶ行");
  return say("every row its WHERE matches, whichever row was updated", "更新行に関係なく WHERE に一致するすべての行");
}

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
                          row ? say("its cost is paid per row, in the batch's transaction: measure the step 1 and 2 batch "
                                    "times against the estimate",
                                    "コストは行ごとに、バッチのトランザクション内で発生する。ステップ 1 と 2 のバッチ時間を"
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
