// The user's expressions: what the functions they call do (judged by function_calls.h), values
// that change each time they are computed, and sub-queries.
#include "planner/analysis/advisors.h"
#include "planner/analysis/function_calls.h"

namespace backfill {
namespace {

struct ClauseCall {
  std::string clause;  // set or where
  CallJudgement call;
};

std::vector<ClauseCall> JudgedCalls(const BackfillSubject& s, const Wording& say) {
  std::vector<ClauseCall> out;
  for (const auto& [clause, e] : {std::pair<const char*, const UserExpression*>{"set", &s.set}, {"where", &s.where}})
    for (CallJudgement& j : JudgeCalls(*s.catalog, *e, say)) out.push_back({clause, std::move(j)});
  return out;
}

std::string Joined(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : separator) + p;
  return out;
}

// The catalog keeps one entry per name; the call's argument types are not resolved.
std::string Overloads(const CallJudgement& c, const Wording& say) {
  if (c.definitions < 2) return "";
  std::string n = std::to_string(c.definitions);
  return say(" (judged by the worst of its " + n + " definitions: the plan does not resolve argument types)",
             " (定義が " + n + " 個あるため、最も影響の大きいものとして判断した。引数の型は解決しない)");
}

std::string SideEffectSentence(const ClauseCall& c, const Wording& say) {
  const std::string f = c.call.function + "()";
  return say("`" + c.clause + "` calls " + f + " on every row, which " + Joined(c.call.effects, "; "),
             "`" + c.clause + "` が行ごとに " + f + " を呼び出しています: " + Joined(c.call.effects, "。")) +
         Overloads(c.call, say);
}

Finding UnknownFinding(const ClauseCall& c, const Wording& say) {
  const std::string f = c.call.function + "()";
  std::string title =
      c.call.not_defined
          ? say("`" + c.clause + "` calls " + f +
                    ", which is not defined in the schema file and is not a known built-in: its effects cannot be judged",
                "`" + c.clause + "` が " + f + " を呼び出しています。スキーマファイルに定義がなく、既知の組み込み関数でもないため、影響を判断できない")
          : say("`" + c.clause + "` calls " + f + ", whose effects cannot all be judged: " + Joined(c.call.unknowns, "; "),
                "`" + c.clause + "` が " + f + " を呼び出しています。影響をすべては判断できない: " + Joined(c.call.unknowns, "。"));
  // The bundle resolves names in pg_catalog only: an extension's function needs its schema.
  std::string where = c.call.not_defined && c.call.function.find('.') == std::string::npos
                          ? say("; an extension's function must be written with its schema (e.g. public." + c.call.function +
                                    "()), since the bundle runs with search_path = pg_catalog, pg_temp",
                                "。拡張機能の関数はスキーマ付きで書く (例: public." + c.call.function +
                                    "())。バンドルは search_path = pg_catalog, pg_temp で実行される")
                          : "";
  return {"expressions.function_unknown", Severity::kWarn, title + Overloads(c.call, say), {},
          say("check what it does on the server (\\sf " + c.call.function + " in psql) before running the backfill",
              "バックフィルを実行する前に、サーバー上で何をするか確認する (psql で \\sf " + c.call.function + ")") + where,
          PlanSection::kBackfillSql};
}

Finding DefinerFinding(const ClauseCall& c, const Wording& say) {
  const std::string f = c.call.function + "()";
  const std::string definers = Joined(c.call.definers, ", ");
  std::string title = say("`" + c.clause + "` calls " + f + ", which runs SECURITY DEFINER code with its owner's privileges: " + definers,
                          "`" + c.clause + "` が " + f + " を呼び出しています。所有者の権限で動く SECURITY DEFINER の関数を含む: " + definers);
  if (!c.call.unpinned_definers.empty()) {
    const std::string unpinned = Joined(c.call.unpinned_definers, ", ");
    title += say("; " + unpinned + " does not pin search_path (SET search_path), so objects on the caller's search_path can "
                 "stand in for those it names",
                 "。" + unpinned + " は search_path を固定していない (SET search_path)。呼び出し側の search_path 上の"
                 "オブジェクトが、意図したものの代わりに使われうる");
  }
  return {"expressions.security_definer", c.call.unpinned_definers.empty() ? Severity::kInfo : Severity::kWarn, title, {},
          say("check what it may do with its owner's privileges; its definition should pin search_path "
              "(SET search_path = pg_catalog, pg_temp)",
              "所有者の権限で何ができるかを確認する。定義で search_path を固定すること (SET search_path = pg_catalog, pg_temp)"),
          PlanSection::kBackfillSql};
}

Finding VolatileFinding(const BackfillSubject& s, const std::vector<ClauseCall>& calls, const Wording& say) {
  std::vector<std::string> reasons;
  for (const ClauseCall& c : calls)
    if (c.clause == "set" && !c.call.volatility_reason.empty()) reasons.push_back(c.call.volatility_reason);
  std::string title;
  if (!reasons.empty())
    title = say("The new value may differ each time it is computed (" + s.set.sql + "): " + Joined(reasons, "; "),
                "新しい値は計算するたびに変わりうる (" + s.set.sql + "): " + Joined(reasons, "。"));
  else if (ExpressionValueMayChange(*s.catalog, s.set))
    title = say("The new value differs each time it is computed (" + s.set.sql + ")",
                "新しい値は計算するたびに変わる (" + s.set.sql + ")");
  else  // judged volatile without the schema, whose declarations say otherwise: say only what the plan does
    title = say("The new value is tracked as one that may change (" + s.set.sql + ")",
                "新しい値は変わりうる値として追跡する (" + s.set.sql + ")");
  return {"expressions.volatile", Severity::kInfo, title, {},
          say("rows are tracked through the backup table: a row is done when it still holds the value the backfill wrote",
              "行の進捗はバックアップテーブルで追跡する。バックフィルが書いた値を保持している行が完了済み"),
          PlanSection::kBackfillSql};
}

}  // namespace

std::vector<std::string> SideEffectSentences(const BackfillSubject& s, const Wording& say) {
  std::vector<std::string> out;
  for (const ClauseCall& c : JudgedCalls(s, say))
    if (!c.call.effects.empty()) out.push_back(SideEffectSentence(c, say));
  return out;
}

void AdviseExpressions(const BackfillSubject& s, const Wording& say, std::vector<Finding>& findings) {
  std::vector<ClauseCall> calls = JudgedCalls(s, say);
  for (const ClauseCall& c : calls) {
    // A shell command run by the database server on every row is never part of a backfill.
    if (!c.call.effects.empty())
      findings.push_back({"expressions.side_effect", c.call.runs_program ? Severity::kBlock : Severity::kWarn,
                          SideEffectSentence(c, say), {},
                          c.call.runs_program
                              ? say("remove the call: a backfill must not run shell commands on the database server",
                                    "呼び出しを削除する。バックフィルでデータベースサーバー上のシェルコマンドを実行してはならない")
                              : say("remove the call unless it is intended", "意図した呼び出しでなければ削除する"),
                          PlanSection::kBackfillSql});
    if (!c.call.definers.empty()) findings.push_back(DefinerFinding(c, say));
    if (c.call.not_defined || !c.call.unknowns.empty()) findings.push_back(UnknownFinding(c, say));
  }
  if (s.set.is_volatile) findings.push_back(VolatileFinding(s, calls, say));
  if (s.set.has_subquery)
    findings.push_back({"expressions.subquery", Severity::kInfo,
                        say("The new value is computed with a sub-query", "新しい値はサブクエリで計算される"), {},
                        say("each updated row runs it once: make sure it is served by an index",
                            "更新する行ごとに 1 回実行される。インデックスで解決できることを確認する"),
                        PlanSection::kStrategy});
}

}  // namespace backfill
