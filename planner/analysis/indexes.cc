// Indexes that contain the target column: updates to it are not HOT, and every one of them is
// written for every changed row.
#include <algorithm>

#include "planner/analysis/advisors.h"
#include "planner/analysis/index_facts.h"
#include "planner/sql/quote.h"

namespace backfill {

void AdviseIndexes(const BackfillSubject& s, const Wording& say, std::vector<Finding>& findings) {
  const std::string& column = s.column->name;
  // The target, and the stored generated columns computed from it: they change with it.
  std::vector<std::string> changed = ChangedColumns(*s.table, column);
  // Indexes of the table, and those created on one partition only.
  std::vector<const Index*> indexes = s.catalog->IndexesOn(s.table->name);
  for (const QualifiedName& p : s.table->partitions)
    for (const Index* i : s.catalog->IndexesOn(p)) indexes.push_back(i);
  std::vector<const Index*> reading;
  for (const Index* index : indexes)
    if (IndexReadsAny(*index, changed)) reading.push_back(index);
  if (reading.empty()) return;
  size_t all = indexes.size();
  std::vector<std::string> names;
  for (const Index* i : reading) names.push_back(i->name.Display());
  findings.push_back({"indexes.not_hot", Severity::kInfo,
                      say(std::to_string(reading.size()) + " index(es) contain the column: no update is HOT, so each "
                              "changed row writes a new entry in all " + std::to_string(all) + " index(es) of the table",
                          "対象列を含むインデックスが " + std::to_string(reading.size()) + " 個ある。どの更新も HOT に"
                              "ならないため、変更する行ごとにテーブルの " + std::to_string(all) +
                              " 個すべてのインデックスに新しいエントリを書き込む"),
                      names,
                      say("expect table and index growth in proportion to the rows changed (dead tuples until VACUUM). "
                          "Before the run, check that autovacuum keeps up (pg_stat_user_tables.n_dead_tup, "
                          "last_autovacuum); after it, VACUUM (ANALYZE) " + s.table->name.Display() +
                              ". A fillfactor below 100 does not help here: HOT needs the column to be in no index",
                          "変更する行数に比例してテーブルとインデックスが肥大化する（VACUUM まではデッドタプルとして残る）。"
                          "実行前に autovacuum が追いついていることを確認し (pg_stat_user_tables.n_dead_tup, "
                          "last_autovacuum)、実行後に VACUUM (ANALYZE) " + s.table->name.Display() +
                              " を実行する。fillfactor を 100 未満にしてもここでは効果がない。HOT 更新には対象列が"
                              "どのインデックスにも含まれていないことが必要である"),
                      PlanSection::kStrategy});

  // A fill of a column that is still NULL everywhere (e.g. just added): an index on it is cheaper
  // to build once afterwards than to maintain row by row. Unique indexes stay: they enforce.
  if (s.requirement.kind != BackfillKind::kFill) return;
  std::vector<std::string> later;
  for (const Index* i : reading)
    if (!i->unique && !i->primary && i->table == s.table->name && !ServesWhere(s, *i)) later.push_back(i->name.Display());
  if (later.empty()) return;
  findings.push_back({"indexes.build_after", Severity::kInfo,
                      say("If " + QuoteIdentifier(column) + " was just added and is NULL in (nearly) every row, build " +
                              later[0] + (later.size() > 1 ? " and the other non-unique indexes on it" : "") +
                              " after the backfill instead",
                          QuoteIdentifier(column) + " を追加した直後で（ほぼ）すべての行が NULL なら、" + later[0] +
                              (later.size() > 1 ? " とこの列の他の非一意インデックスは" : " は") +
                              "バックフィルの後で作成するほうがよい"),
                      later,
                      say("DROP INDEX CONCURRENTLY before step 1 and CREATE INDEX CONCURRENTLY after 04_verify.sql passes: "
                          "one sorted build instead of an index insert per row and the bloat it leaves; keep it if queries "
                          "need it during the run (indexes that serve the backfill's `where` are not listed)",
                          "ステップ 1 の前に DROP INDEX CONCURRENTLY で削除し、04_verify.sql が通った後に CREATE INDEX "
                          "CONCURRENTLY で作成する。行ごとのインデックス挿入とそれが残す肥大化の代わりに、ソートを伴う"
                          "作成 1 回で済む。実行中にクエリがそのインデックスを必要とするなら残す（バックフィルの `where` "
                          "に使えるインデックスはここに挙げていない）"),
                      PlanSection::kStrategy});
}

}  // namespace backfill
