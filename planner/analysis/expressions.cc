// The user's expressions: side effects and values that change each time they are computed.
#include "planner/analysis/advisors.h"

namespace backfill {

std::vector<std::string> SideEffectSentences(const BackfillSubject& s, const Wording& say) {
  std::vector<std::string> out;
  for (const auto& [clause, e] : {std::pair<const char*, const UserExpression*>{"set", &s.set}, {"where", &s.where}})
    for (const std::string& f : e->side_effect_calls)
      out.push_back(say(std::string("`") + clause + "` calls " + f + "(), which has side effects on every row",
                        std::string("`") + clause + "` が " + f + "() を呼び出しています。行ごとに副作用が起きます"));
  return out;
}

void AdviseExpressions(const BackfillSubject& s, const Wording& say, std::vector<Finding>& findings) {
  for (const std::string& sentence : SideEffectSentences(s, say))
    findings.push_back({"expressions.side_effect", Severity::kWarn, sentence, {},
                        say("remove the call unless it is intended", "意図した呼び出しでなければ削除する"),
                        PlanSection::kBackfillSql});
  if (s.set.is_volatile)
    findings.push_back({"expressions.volatile", Severity::kInfo,
                        say("The new value differs each time it is computed (" + s.set.sql + ")",
                            "新しい値は計算するたびに変わる (" + s.set.sql + ")"),
                        {},
                        say("rows are tracked through the backup table: a row is done when it still holds the value the "
                            "backfill wrote",
                            "行の進捗はバックアップテーブルで追跡する。バックフィルが書いた値を保持している行が完了済み"),
                        PlanSection::kBackfillSql});
  if (s.set.has_subquery)
    findings.push_back({"expressions.subquery", Severity::kInfo,
                        say("The new value is computed with a sub-query", "新しい値はサブクエリで計算される"), {},
                        say("each updated row runs it once: make sure it is served by an index",
                            "更新する行ごとに 1 回実行される。インデックスで解決できることを確認する"),
                        PlanSection::kStrategy});
}

}  // namespace backfill
