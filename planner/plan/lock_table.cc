#include "planner/plan/lock_table.h"

#include <algorithm>

#include "planner/analysis/advisors.h"
#include "planner/analysis/index_facts.h"
#include "planner/analysis/trigger_function.h"
#include "planner/sql/quote.h"

namespace backfill {
namespace {

bool HasFinding(const std::vector<Finding>& findings, const std::string& id) {
  return std::any_of(findings.begin(), findings.end(), [&](const Finding& f) { return f.id == id; });
}

// What a trigger's write or SELECT ... FOR UPDATE takes on its table, once per updated row, held
// until the batch commits.
LockRow TriggerLockRow(const BackfillSubject& s, const Trigger& t, const TableWrite& w, const Wording& say) {
  std::string per = t.for_each_row ? say("per updated row", "更新する行ごと") : say("per batch", "バッチごと");
  std::string statement = say("trigger " + QuoteIdentifier(t.name) + ": " + w.operation + " " + w.table + " (03, 90, 91; " + per + ")",
                              "トリガー " + QuoteIdentifier(t.name) + ": " + w.table + " への " + w.operation + "（03, 90, 91。" +
                                  per + "）");
  std::string lock = (w.Writes() ? "ROW EXCLUSIVE" : "ROW SHARE") + say(" on " + w.table, " (" + w.table + ")");
  std::string rows = TriggerWriteRows(*s.catalog, t.table, w, say);
  if (!w.row_lock.empty()) lock += "; " + w.row_lock + say(" on " + rows, "（" + rows + "）");
  // An INSERT checks every foreign key of the row; an UPDATE those of the columns it sets.
  const Table* written = WrittenTable(*s.catalog, w);
  if (written && (w.operation == "INSERT" || w.operation == "UPDATE"))
    for (const ForeignKey* fk : s.catalog->ForeignKeysFrom(written->name)) {
      bool checked = w.operation == "INSERT" || std::any_of(w.columns.begin(), w.columns.end(), [&](const WrittenColumn& c) {
                       return Has(fk->columns, c.name);
                     });
      if (checked)
        lock += say("; FOR KEY SHARE on the referenced rows of " + fk->referenced_table.Display(),
                    "; " + fk->referenced_table.Display() + " の参照先の行に FOR KEY SHARE");
    }
  lock += say(", until the batch commits", "、バッチのコミットまで");
  std::string blocks =
      w.row_lock.empty()
          ? say("not the application's reads or writes; SHARE and stronger table locks on " + w.table +
                    " (CREATE INDEX without CONCURRENTLY, most ALTER TABLE) wait for the batch",
                "アプリケーションの読み書きは妨げない。" + w.table +
                    " への SHARE 以上のテーブルロック（CONCURRENTLY なしの CREATE INDEX、大半の ALTER TABLE）はバッチの終了を待つ")
          : say("the application's writes of those rows wait for the batch's commit" +
                    std::string(w.row_lock == "FOR NO KEY UPDATE" ? "; foreign key checks (FOR KEY SHARE) on them are not blocked"
                                                                   : "; so do foreign key checks (FOR KEY SHARE) on them") +
                    "; SHARE and stronger table locks on " + w.table + " wait for the batch",
                "それらの行へのアプリケーションの書き込みはバッチのコミットまで待つ" +
                    std::string(w.row_lock == "FOR NO KEY UPDATE" ? "。それらの行に対する外部キーの確認 (FOR KEY SHARE) は妨げない"
                                                                   : "。それらの行に対する外部キーの確認 (FOR KEY SHARE) も待つ") +
                    "。" + w.table + " への SHARE 以上のテーブルロックはバッチの終了を待つ");
  std::string scans;
  if (w.operation == "INSERT")
    scans = say("no", "なし");
  else if (w.links.empty())
    scans = say("the rows its WHERE matches, each time", "WHERE に一致する行を毎回読む");
  else if (IndexedLink(*s.catalog, w))
    scans = say("no: an index lookup on " + QuoteIdentifier(w.links[0].column), "なし: " + QuoteIdentifier(w.links[0].column) + " のインデックスで検索");
  else
    scans = written ? say("yes: no index of " + w.table + " leads with " + QuoteIdentifier(w.links[0].column) + ", each time",
                          "あり: " + w.table + " に " + QuoteIdentifier(w.links[0].column) + " で始まるインデックスがなく、毎回読む")
                    : say("unknown: the schema file does not define " + w.table, "不明: " + w.table + " はスキーマファイルに定義されていない");
  return {statement, lock, blocks, scans};
}

}  // namespace

std::vector<LockRow> LockTable(const BackfillSubject& s, const std::vector<Finding>& findings, const Wording& say) {
  const std::string table = s.table->name.Display();
  const std::string& column = s.column->name;
  std::vector<LockRow> rows;

  const std::string on_table = say(" on ", " (") + table + say("", ")");
  const std::string only_exclusive = say("only ACCESS EXCLUSIVE", "ACCESS EXCLUSIVE のみ");
  const std::string moment = say("everything, for milliseconds", "すべての操作を数ミリ秒");
  const std::string brief = say(", brief", "、短時間");
  rows.push_back({say("counts in a READ ONLY transaction (01)", "READ ONLY トランザクションでの件数確認 (01)"), "ACCESS SHARE" + on_table,
                  say("only ACCESS EXCLUSIVE (ALTER TABLE, DROP, VACUUM FULL wait for it, and it for them)",
                      "ACCESS EXCLUSIVE のみ（ALTER TABLE、DROP、VACUUM FULL とは互いに待ち合う）"),
                  say("yes: every count reads the rows `where` selects; uniqueness counts read the whole table",
                      "あり: 各件数確認は `where` の対象行を読む。一意性の確認はテーブル全体を読む")});
  rows.push_back({say("CREATE TABLE / INDEX / PROCEDURE IF NOT EXISTS, OR REPLACE (02)",
                      "CREATE TABLE / INDEX / PROCEDURE IF NOT EXISTS、OR REPLACE (02)"),
                  say("none on " + table, table + " にはなし"),
                  say("nothing the application uses (new objects only)", "アプリケーションが使うものは何も（新しいオブジェクトのみ）"),
                  say("no", "なし")});
  rows.push_back({say("count of the rows still to change, once per round (03)", "未変更行の件数確認、1 周に 1 回 (03)"),
                  "ACCESS SHARE" + on_table, only_exclusive,
                  say("yes, the rows `where` selects (the whole table unless an index serves it)",
                      "あり: `where` の対象行（使えるインデックスがなければテーブル全体）")});

  // Row locks: FOR NO KEY UPDATE, unless the UPDATE changes a column of a unique key a foreign
  // key could reference; then PostgreSQL takes FOR UPDATE, which conflicts with FOR KEY SHARE.
  bool key_column = false;
  for (const Index* i : s.catalog->IndexesOn(s.table->name))
    if (IsKeyIndex(*i) && Has(i->columns, column)) key_column = true;
  std::string row_lock = key_column ? say("FOR UPDATE (the column is in a unique key)", "FOR UPDATE（列が一意キーに含まれるため）")
                                    : "FOR NO KEY UPDATE";
  std::string blocks = say("writers of the same rows, for one batch; ", "同じ行への書き込みを 1 バッチの間。");
  blocks += key_column ? say("foreign key checks on those rows (FOR KEY SHARE) wait too; ",
                             "それらの行に対する外部キーの確認 (FOR KEY SHARE) も待つ。")
                       : say("foreign key checks (FOR KEY SHARE) are not blocked; ", "外部キーの確認 (FOR KEY SHARE) は妨げない。");
  blocks += say("SHARE and stronger table locks (CREATE INDEX without CONCURRENTLY, most ALTER TABLE) wait for the batch",
                "SHARE 以上のテーブルロック（CONCURRENTLY なしの CREATE INDEX、大半の ALTER TABLE）はバッチの終了を待つ");
  std::vector<std::string> also;
  for (const ForeignKey* fk : s.catalog->ForeignKeysFrom(s.table->name))
    if (Has(fk->columns, column))
      also.push_back(say("FOR KEY SHARE on the referenced rows of " + fk->referenced_table.Display(),
                         fk->referenced_table.Display() + " の参照先の行に FOR KEY SHARE"));
  for (const ForeignKey* fk : s.catalog->ForeignKeysTo(s.table->name))
    if (Has(fk->referenced_columns, column) &&
        (fk->on_update == FkAction::kCascade || fk->on_update == FkAction::kSetNull || fk->on_update == FkAction::kSetDefault))
      also.push_back(say("ROW EXCLUSIVE and row locks on the referencing rows of " + fk->table.Display() + " (ON UPDATE)",
                         fk->table.Display() + " の参照元の行に ROW EXCLUSIVE と行ロック (ON UPDATE)"));
  // Tables the UPDATE triggers write: the batch holds ROW EXCLUSIVE on them too.
  std::vector<QualifiedName> relations = {s.table->name};
  relations.insert(relations.end(), s.table->partitions.begin(), s.table->partitions.end());
  std::vector<std::string> written;
  std::vector<LockRow> trigger_rows;  // one per table a trigger writes or locks, after the batch's row
  for (const QualifiedName& relation : relations)
    for (const Trigger* t : s.catalog->TriggersOn(relation)) {
      bool fires = t->on_update && (t->update_columns.empty() || Has(t->update_columns, column));
      const Function* function = fires ? s.catalog->FindFunction(t->function) : nullptr;
      if (!function) continue;
      for (const TableWrite& w : AnalyzeTriggerFunction(*function).writes) {
        if (w.Writes() && !Has(written, w.table)) written.push_back(w.table);
        trigger_rows.push_back(TriggerLockRow(s, *t, w, say));
      }
    }
  for (const std::string& w : written)
    also.push_back(say("ROW EXCLUSIVE on " + w + " (written by a trigger)", "ROW EXCLUSIVE (" + w + "、トリガーが書き込む)"));
  std::string lock = "ROW EXCLUSIVE" + on_table + "; " + row_lock + say(" on the batch's rows", "（バッチの行）");
  for (const std::string& a : also) lock += "; " + a;
  rows.push_back({say("batch: SELECT ... FOR NO KEY UPDATE, UPDATE, INSERT into the backup (03, 90, 91)",
                      "バッチ: SELECT ... FOR NO KEY UPDATE、UPDATE、バックアップへの INSERT (03, 90, 91)"),
                  lock, blocks, say("no: an index range of one batch", "なし: 1 バッチ分のインデックス範囲のみ")});
  rows.insert(rows.end(), trigger_rows.begin(), trigger_rows.end());
  rows.push_back({say("verification counts in a READ ONLY transaction (04)", "READ ONLY トランザクションでの検証 (04)"),
                  "ACCESS SHARE" + on_table, only_exclusive,
                  say("yes, the rows `where` selects and the backup table", "あり: `where` の対象行とバックアップテーブル")});
  if (s.requirement.not_null_after) {
    rows.push_back({"ADD CONSTRAINT ... CHECK (... IS NOT NULL) NOT VALID (05)", "ACCESS EXCLUSIVE" + on_table + brief,
                    say("everything, reads included, for milliseconds; lock_timeout bounds the wait",
                        "読み取りを含むすべての操作を数ミリ秒。待ち時間は lock_timeout が上限"),
                    say("no", "なし")});
    rows.push_back({"VALIDATE CONSTRAINT (05)", "SHARE UPDATE EXCLUSIVE" + on_table,
                    say("DDL, VACUUM and CREATE INDEX CONCURRENTLY; not reads or writes",
                        "DDL、VACUUM、CREATE INDEX CONCURRENTLY。読み書きは妨げない"),
                    say("yes, the whole table", "あり: テーブル全体")});
    rows.push_back({"ALTER COLUMN ... SET NOT NULL (05)", "ACCESS EXCLUSIVE" + on_table + brief, moment,
                    say("no: the validated CHECK proves it (PostgreSQL 12 and later)",
                        "なし: 検証済みの CHECK が保証する（PostgreSQL 12 以降）")});
    rows.push_back({"DROP CONSTRAINT (05)", "ACCESS EXCLUSIVE" + on_table + brief, moment, say("no", "なし")});
    rows.push_back({say("DROP CONSTRAINT IF EXISTS, ALTER COLUMN ... DROP NOT NULL (90, 91; only after 05)",
                        "DROP CONSTRAINT IF EXISTS、ALTER COLUMN ... DROP NOT NULL（90, 91。05 を実行した後のみ）"),
                    "ACCESS EXCLUSIVE" + on_table + brief, moment, say("no", "なし")});
  }
  if (s.expand) {
    rows.push_back({say("ADD COLUMN (nullable, no default), CREATE OR REPLACE TRIGGER (00); DROP TRIGGER, DROP COLUMN (80)",
                        "ADD COLUMN（NULL 可、既定値なし）、CREATE OR REPLACE TRIGGER (00)。DROP TRIGGER、DROP COLUMN (80)"),
                    "ACCESS EXCLUSIVE" + on_table + brief,
                    say("everything, reads included, for milliseconds; lock_timeout bounds the wait",
                        "読み取りを含むすべての操作を数ミリ秒。待ち時間は lock_timeout が上限"),
                    say("no: no table rewrite", "なし: テーブルは書き換えない")});
    rows.push_back({say("CREATE / DROP INDEX CONCURRENTLY (06, 86)", "CREATE / DROP INDEX CONCURRENTLY (06, 86)"),
                    "SHARE UPDATE EXCLUSIVE" + on_table,
                    say("DDL, VACUUM and other CREATE INDEX CONCURRENTLY; not reads or writes; waits for transactions older "
                        "than itself",
                        "DDL、VACUUM、ほかの CREATE INDEX CONCURRENTLY。読み書きは妨げない。開始前からのトランザクションの終了を待つ"),
                    say("yes, twice per index", "あり: インデックスごとに 2 回")});
    rows.push_back({say("ADD FOREIGN KEY ... NOT VALID (06), DROP CONSTRAINT (86)", "ADD FOREIGN KEY ... NOT VALID (06)、DROP CONSTRAINT (86)"),
                    say("SHARE ROW EXCLUSIVE on " + table + " and on the referenced table, brief",
                        table + " と参照先テーブルに SHARE ROW EXCLUSIVE、短時間"),
                    say("writes to both tables, for milliseconds; lock_timeout bounds the wait",
                        "両テーブルへの書き込みを数ミリ秒。待ち時間は lock_timeout が上限"),
                    say("no", "なし")});
    rows.push_back({"VALIDATE CONSTRAINT (06)",
                    say("SHARE UPDATE EXCLUSIVE on " + table + ", ROW SHARE on the referenced table",
                        table + " に SHARE UPDATE EXCLUSIVE、参照先テーブルに ROW SHARE"),
                    say("DDL, VACUUM and CREATE INDEX CONCURRENTLY; not reads or writes",
                        "DDL、VACUUM、CREATE INDEX CONCURRENTLY。読み書きは妨げない"),
                    say("yes, the whole table", "あり: テーブル全体")});
    if (s.expand->keeps_name) {
      std::string locked = table;
      if (s.expand->key)
        for (const ForeignKey& fk : s.expand->key->referencing)
          if (fk.table != s.table->name && locked.find(fk.table.Display()) == std::string::npos) locked += ", " + fk.table.Display();
      rows.push_back({say("completion checks, then LOCK TABLE, the key dropped and added USING INDEX, the references and the default "
                          "moved, RENAME COLUMN twice, the trigger function replaced, in one transaction (07; 87 the other way)",
                          "完了確認の後、LOCK TABLE、キーの削除と USING INDEX での追加、参照と既定値の移動、RENAME COLUMN 2 回、"
                          "トリガー関数の置き換えを 1 トランザクションで (07。87 は逆向き)"),
                      "ACCESS EXCLUSIVE" + say(" on " + locked, "（" + locked + "）") + brief,
                      say("everything on those tables, reads included, for milliseconds; lock_timeout bounds each wait, then it retries",
                          "それらのテーブルへの読み取りを含むすべての操作を数ミリ秒。待ち時間は lock_timeout が上限で、その後リトライする"),
                      say("the checks do, before the lock; the swap does not (the copy is NOT NULL and its unique index valid already)",
                          "確認はロックの前に行う。入れ替えは読まない（コピーは NOT NULL で、一意インデックスも有効になっている）")});
      rows.push_back({say("87 before its swap: ADD CONSTRAINT ... CHECK NOT VALID and VALIDATE, CREATE UNIQUE INDEX CONCURRENTLY, "
                          "ADD FOREIGN KEY ... NOT VALID and VALIDATE",
                          "87 の入れ替え前: ADD CONSTRAINT ... CHECK NOT VALID と VALIDATE、CREATE UNIQUE INDEX CONCURRENTLY、"
                          "ADD FOREIGN KEY ... NOT VALID と VALIDATE"),
                      say("as the same statements of 05 and 06", "05 と 06 の同じ文と同じ"),
                      say("as the same statements of 05 and 06", "05 と 06 の同じ文と同じ"),
                      say("yes, VALIDATE and the index build read the whole table", "あり: VALIDATE とインデックス作成がテーブル全体を読む")});
    }
    rows.push_back({say("completion checks, then DROP TRIGGER, DROP COLUMN, the copies' indexes renamed, in one transaction (08)",
                        "完了確認の後、DROP TRIGGER、DROP COLUMN、コピーのインデックスの改名を 1 トランザクションで (08)"),
                    "ACCESS EXCLUSIVE" + on_table + brief,
                    say("everything, reads included, for milliseconds; lock_timeout bounds the wait, then it retries",
                        "読み取りを含むすべての操作を数ミリ秒。待ち時間は lock_timeout が上限で、その後リトライする"),
                    say("the checks do (the rows still to change), before the lock; the DROP does not",
                        "確認はロックの前に行い、対象行を読む。DROP は読まない")});
  }
  rows.push_back({"DROP TABLE / PROCEDURE / FUNCTION IF EXISTS (99)",
                  say("ACCESS EXCLUSIVE on the backup and progress tables only", "ACCESS EXCLUSIVE（バックアップと進捗テーブルのみ）"),
                  say("nothing on " + table, table + " には影響なし"), say("no", "なし")});
  if (HasFinding(findings, "predicate.unindexed")) {
    bool partitioned = !s.table->partition_strategy.empty();
    std::string index = partitioned ? "`<partition>_backfill_todo`" : QuoteIdentifier(PendingIndexName(s));
    std::string each = partitioned ? say(", one on each partition", "、パーティションごとに 1 つ") : "";
    rows.push_back({say("optional: CREATE INDEX CONCURRENTLY " + index + each + " (before 03)",
                        "任意: CREATE INDEX CONCURRENTLY " + index + each + "（03 の前）"),
                    "SHARE UPDATE EXCLUSIVE" + (partitioned ? say(" on each partition", "（各パーティション）") : on_table),
                    say("DDL, VACUUM and other CREATE INDEX CONCURRENTLY; not reads or writes; waits for transactions older "
                        "than itself",
                        "DDL、VACUUM、ほかの CREATE INDEX CONCURRENTLY。読み書きは妨げない。開始前からのトランザクションの終了を待つ"),
                    say("yes, twice", "あり: 2 回")});
    rows.push_back({say("optional: DROP INDEX CONCURRENTLY" + each + " (after 04; 99 drops it too if it is left)",
                        "任意: DROP INDEX CONCURRENTLY" + each + "（04 の後。残っていれば 99 でも削除する）"),
                    "SHARE UPDATE EXCLUSIVE" + (partitioned ? say(" on each partition", "（各パーティション）") : on_table),
                    say("DDL and VACUUM; not reads or writes", "DDL と VACUUM。読み書きは妨げない"), say("no", "なし")});
  }
  for (const Finding& f : findings)
    if (f.id == "views.materialized_stale" && !f.objects.empty())
      rows.push_back({say("REFRESH MATERIALIZED VIEW " + f.objects[0] + " (after 04)",
                          "REFRESH MATERIALIZED VIEW " + f.objects[0] + "（04 の後）"),
                      say("ACCESS EXCLUSIVE on the view (CONCURRENTLY: EXCLUSIVE, which lets reads go on; needs a unique "
                          "index on the view)",
                          "ビューに ACCESS EXCLUSIVE（CONCURRENTLY なら EXCLUSIVE で読み取りは続けられる。ビューに一意インデックスが必要）"),
                      say("reads of the view, unless CONCURRENTLY", "ビューの読み取り（CONCURRENTLY でない場合）"),
                      say("yes, it reruns the view's query", "あり: ビューのクエリを再実行する")});
  return rows;
}

}  // namespace backfill
