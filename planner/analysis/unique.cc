// Unique indexes and constraints on the target column (plain, expression and partial ones):
// a duplicate new value fails its batch. 01_preflight.sql counts would-be duplicates; a
// constant written into a unique column of more than one row is certain to fail.
#include "planner/analysis/advisors.h"
#include "planner/analysis/index_facts.h"
#include "planner/sql/quote.h"

namespace backfill {

void AdviseUnique(const BackfillSubject& s, const Wording& say, std::vector<Finding>& findings) {
  const std::string& column = s.column->name;
  const Requirement& r = s.requirement;
  bool one_row = r.estimated_rows && *r.estimated_rows <= 1;
  for (const Index* index : s.catalog->IndexesOn(s.table->name)) {
    std::vector<std::string> changed = ChangedColumns(*s.table, column);
    if (!index->unique || std::none_of(changed.begin(), changed.end(), [&](const std::string& c) { return KeyReads(*index, c); }))
      continue;
    std::string kind = index->primary           ? say("Primary key ", "主キー ")
                       : index->from_constraint ? say("Unique constraint ", "一意制約 ")
                                                : say("Unique index ", "一意インデックス ");
    std::string shape;
    if (!index->expressions_sql.empty()) shape += say("on an expression", "式インデックス");
    if (index->predicate_sql)
      shape += (shape.empty() ? "" : say(", ", "、")) + say("partial: WHERE ", "部分インデックス: WHERE ") + *index->predicate_sql;
    if (!shape.empty()) shape = say(" (", "（") + shape + say(")", "）");
    std::string gap = shape.empty() ? " " : "";  // Japanese: no space after "）"
    // A constant NULL never conflicts, unless the index treats NULLs as equal.
    bool constant = s.set.is_constant && (!s.set.is_null_constant || index->nulls_not_distinct);
    // Only a key of the target column alone (as a plain column) makes a constant a certain duplicate.
    bool alone = index->columns.size() == 1 &&
                 (index->columns[0] == column ||
                  (index->columns[0].empty() && index->expression_reads == std::vector<std::string>{column}));
    if (constant && alone && !one_row) {
      findings.push_back({"unique.constant_duplicate", Severity::kBlock,
                          kind + index->name.Display() + shape +
                              say(" forbids the same value twice, and `set` writes the constant " + s.set.sql + " into " +
                                      (r.estimated_rows ? "about " + std::to_string(*r.estimated_rows) + " rows"
                                                        : std::string("every target row")),
                                  gap + "は同じ値の重複を許さないが、`set` は定数 " + s.set.sql + " を" +
                                      (r.estimated_rows ? "約 " + std::to_string(*r.estimated_rows) + " 行"
                                                        : std::string("対象のすべての行")) +
                                      "に書き込む"),
                          {index->name.Display()},
                          say("the second row of the first batch fails with unique_violation. Compute a distinct value per "
                              "row (e.g. from the key), narrow `where` to one row, or set \"estimated_rows\": 1 if only "
                              "one row matches" + std::string(index->predicate_sql ? " (or outside the index's WHERE)" : ""),
                              "最初のバッチの 2 行目が unique_violation で失敗する。行ごとに異なる値を計算する（キーから"
                              "作るなど）か、`where` を 1 行に絞るか、一致する行が 1 行だけ" +
                                  std::string(index->predicate_sql ? "（または他の行がインデックスの WHERE の対象外）" : "") +
                                  "なら \"estimated_rows\": 1 を設定する"),
                          PlanSection::kOverview});
      continue;
    }
    findings.push_back({"unique.target_indexed", Severity::kWarn,
                        kind + index->name.Display() + shape +
                            say(" covers the column: a new value equal to another row's value fails its batch",
                                gap + "が対象列を含む。新しい値が他の行の値と同じだと、そのバッチは失敗する"),
                        {index->name.Display()},
                        say("01_preflight.sql counts rows whose new value would duplicate another row's (new or existing) "
                            "value and fails unless the count is 0; it reads the whole table once. The application can "
                            "still insert a duplicate while the backfill runs: such a batch fails and is reported",
                            "01_preflight.sql は、新しい値が他の行の値（新しい値または既存の値）と重複する行を数え、件数が "
                            "0 でなければ失敗する。テーブル全体を 1 回読む。バックフィルの実行中にもアプリケーションが重複"
                            "する値を挿入することはありうる。その場合そのバッチは失敗し、報告される"),
                        PlanSection::kDataAnalysis});
  }
}

}  // namespace backfill
