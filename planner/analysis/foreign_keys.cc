// Foreign keys: the column referencing another table (a lookup and a KEY SHARE lock per row),
// other tables referencing the column (ON UPDATE actions), and how the batch's row locks meet
// the locks foreign key checks take.
#include <algorithm>

#include "planner/analysis/advisors.h"
#include "planner/analysis/index_facts.h"
#include "planner/sql/quote.h"

namespace backfill {
namespace {

bool SameColumns(std::vector<std::string> a, std::vector<std::string> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

// The unique index on the referenced table a foreign key relies on, if the schema file has it.
const Index* ReferencedKey(const Catalog& catalog, const ForeignKey& fk) {
  for (const Index* i : catalog.IndexesOn(fk.referenced_table)) {
    if (fk.referenced_columns.empty() ? i->primary : IsKeyIndex(*i) && SameColumns(i->columns, fk.referenced_columns))
      return i;
  }
  return nullptr;
}

void AdviseOutgoing(const BackfillSubject& s, const ForeignKey& fk, const Wording& say, std::vector<Finding>& findings) {
  std::string fk_name = QuoteIdentifier(fk.name);
  std::string referenced = fk.referenced_table.Display();
  if (!s.catalog->FindTable(fk.referenced_table)) {
    findings.push_back({"foreign_keys.referenced_table_unknown", Severity::kInfo,
                        say("The column references " + referenced + " (" + fk_name + "), which the schema file does not define",
                            "対象列が参照する " + referenced + " (" + fk_name + ") はスキーマファイルに定義されていない"),
                        {fk_name, referenced},
                        say("check on the server that the referenced columns have a unique index; 01_preflight.sql counts new "
                            "values with no referenced row",
                            "参照先の列に一意インデックスがあることをサーバー上で確認する。01_preflight.sql は参照先の行が"
                            "ない新しい値を数える"),
                        PlanSection::kDataAnalysis});
    return;
  }
  const Index* key = ReferencedKey(*s.catalog, fk);
  if (!key) {
    findings.push_back({"foreign_keys.referenced_key_missing", Severity::kWarn,
                        say("The column references " + referenced + " (" + fk_name +
                                "), but the schema file has no primary key or unique index on the referenced columns",
                            "対象列は " + referenced + " を参照している (" + fk_name +
                                ") が、スキーマファイルには参照先の列の主キーも一意インデックスもない"),
                        {fk_name, referenced},
                        say("PostgreSQL requires one (the schema file may be incomplete); without an index every updated row "
                            "would scan " + referenced,
                            "PostgreSQL では必須である（スキーマファイルが不完全な可能性がある）。インデックスがなければ、"
                            "更新する行ごとに " + referenced + " をスキャンすることになる"),
                        PlanSection::kDataAnalysis});
    return;
  }
  findings.push_back({"foreign_keys.references", Severity::kInfo,
                      say("The column references " + referenced + " (" + fk_name + ", through " + key->name.Display() +
                              "): every new value is looked up there",
                          "対象列は " + referenced + " を参照する（" + fk_name + "、" + key->name.Display() +
                              " 経由）。新しい値はすべて参照先で照合される"),
                      {fk_name, referenced, key->name.Display()},
                      say("one index lookup per updated row, and a FOR KEY SHARE lock on the referenced row until the batch "
                          "commits: deleting those rows or changing their key waits for the batch. 01_preflight.sql counts new "
                          "values with no referenced row",
                          "更新する行ごとにインデックス検索が 1 回発生し、バッチがコミットするまで参照先の行に FOR KEY SHARE "
                          "ロックがかかる。その行の削除やキーの変更はバッチの完了を待つ。01_preflight.sql は参照先の行が"
                          "ない新しい値を数える") +
                          (fk.not_valid ? say("; the constraint is NOT VALID, but updated rows are checked anyway",
                                              "。制約は NOT VALID だが、更新する行はそれでも検査される")
                                        : std::string()),
                      PlanSection::kDataAnalysis});
}

void AdviseIncoming(const BackfillSubject& s, const ForeignKey& fk, const Wording& say, std::vector<Finding>& findings) {
  std::string fk_name = QuoteIdentifier(fk.name);
  std::string referencing = fk.table.Display();
  bool cascades = fk.on_update == FkAction::kCascade || fk.on_update == FkAction::kSetNull ||
                  fk.on_update == FkAction::kSetDefault;
  bool fix = s.requirement.kind == BackfillKind::kFix;
  std::string action = FkActionSql(fk.on_update);
  if (cascades) {
    findings.push_back({"foreign_keys.cascade", Severity::kWarn,
                        say(referencing + " references the column (" + fk_name + ", ON UPDATE " + action +
                                "): every changed value rewrites the referencing rows too",
                            referencing + " が対象列を参照している (" + fk_name + ", ON UPDATE " + action +
                                ")。値を変更するたびに参照元の行も書き換わる"),
                        {fk_name, referencing},
                        say("the batch also updates (and locks) the referencing rows of " + referencing +
                                ", fires its triggers and writes its indexes: count them per key and add them to the time "
                                "estimate; the rollback cascades again",
                            "バッチは " + referencing + " の参照元の行も更新（およびロック）し、そのトリガーを発火させ、"
                                "インデックスを書き込む。キーごとに参照元の行数を数えて所要時間の見積もりに加える。"
                                "ロールバックでも再びカスケードする"),
                        PlanSection::kDataAnalysis});
  } else {
    findings.push_back({"foreign_keys.referenced", fix ? Severity::kWarn : Severity::kInfo,
                        say(referencing + " references the column (" + fk_name + ", ON UPDATE " + action + ")",
                            referencing + " が対象列を参照している (" + fk_name + ", ON UPDATE " + action + ")"),
                        {fk_name, referencing},
                        fix ? say("changing a value that referencing rows still hold fails the batch (foreign_key_violation); "
                                  "count them first: SELECT count(*) FROM " + referencing + " WHERE (" +
                                      JoinIdentifiers(fk.columns) + ") IS NOT NULL",
                                  "参照元の行がまだ保持している値を変更するとバッチが失敗する (foreign_key_violation)。"
                                  "先に該当する行を数える: SELECT count(*) FROM " + referencing + " WHERE (" +
                                      JoinIdentifiers(fk.columns) + ") IS NOT NULL")
                            : say("a filled value was NULL, so no row referenced it: nothing can fail",
                                  "埋める前の値は NULL なので、参照している行はない。失敗することはない"),
                        PlanSection::kDataAnalysis});
  }
}

}  // namespace

void AdviseForeignKeys(const BackfillSubject& s, const Wording& say, std::vector<Finding>& findings) {
  const std::string& column = s.column->name;
  for (const ForeignKey* fk : s.catalog->ForeignKeysFrom(s.table->name))
    if (Has(fk->columns, column)) AdviseOutgoing(s, *fk, say, findings);

  std::vector<std::string> referencing;
  for (const ForeignKey* fk : s.catalog->ForeignKeysTo(s.table->name)) {
    std::vector<std::string> referenced = fk->referenced_columns;
    if (referenced.empty())
      for (const Index* i : s.catalog->IndexesOn(s.table->name))
        if (i->primary) referenced = i->columns;
    if (!Has(referenced, column)) continue;
    AdviseIncoming(s, *fk, say, findings);
    referencing.push_back(fk->table.Display());
  }

  // Row locks: the batch locks FOR NO KEY UPDATE, which foreign key checks (FOR KEY SHARE)
  // pass. An UPDATE changing a column of a unique index a foreign key could use takes
  // FOR UPDATE instead, and that blocks them.
  std::vector<std::string> keys;
  for (const Index* i : s.catalog->IndexesOn(s.table->name))
    if (IsKeyIndex(*i) && Has(i->columns, column)) keys.push_back(i->name.Display());
  if (keys.empty()) return;
  std::vector<std::string> objects = keys;
  objects.insert(objects.end(), referencing.begin(), referencing.end());
  findings.push_back({"foreign_keys.key_lock", referencing.empty() ? Severity::kInfo : Severity::kWarn,
                      say("The column is part of a unique key (" + keys[0] + (keys.size() > 1 ? ", ..." : "") +
                              "): each updated row is locked FOR UPDATE, not FOR NO KEY UPDATE",
                          "対象列は一意キー (" + keys[0] + (keys.size() > 1 ? ", ..." : "") +
                              ") に含まれる。更新する各行は FOR NO KEY UPDATE ではなく FOR UPDATE でロックされる"),
                      objects,
                      referencing.empty()
                          ? say("no foreign key in the schema file references it, so nothing waits on that lock but writers "
                                "of the same rows",
                                "スキーマファイルにはこのキーを参照する外部キーがないため、このロックを待つのは同じ行への"
                                "書き込みだけである")
                          : say("inserts and updates in the referencing tables that point at a row of the current batch wait "
                                "(FOR KEY SHARE conflicts with FOR UPDATE) until the batch commits: keep batches short",
                                "参照元テーブルで実行中のバッチの行を指す INSERT と UPDATE は、バッチがコミットするまで待つ"
                                "（FOR KEY SHARE は FOR UPDATE と競合する）。バッチを短く保つ"),
                      PlanSection::kStrategy});
}

}  // namespace backfill
