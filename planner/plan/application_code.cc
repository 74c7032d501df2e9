#include "planner/plan/application_code.h"

#include <algorithm>
#include <array>

#include "planner/diagnostic.h"

namespace backfill {
namespace {

constexpr std::array<ReferenceKind, 6> kKinds = {ReferenceKind::kModel, ReferenceKind::kRead,      ReferenceKind::kFilter,
                                                 ReferenceKind::kWrite, ReferenceKind::kMigration, ReferenceKind::kTest};

// What a place of one kind does before, during and after an in-place backfill, and after NOT
// NULL when 05 runs (the last entry is used only then).
std::vector<std::string> InPlaceActions(ReferenceKind kind, const Plan& plan, const Wording& say) {
  const std::string& c = plan.column;
  switch (kind) {
    case ReferenceKind::kModel:
      return {say("the declaration accepts what rows hold now (NULL or the old value) as well as the new value",
                  "宣言は行が今持つ値（NULL または古い値）と新しい値の両方を受け付ける"),
              say("unchanged", "変更しない"),
              say(plan.not_null_after ? "unchanged until 05_finalize.sql" : "unchanged: the column stays nullable",
                  plan.not_null_after ? "05_finalize.sql までは変更しない" : "変更しない（列は NULL を許したまま）"),
              say("declare " + c + " required (not null, presence, a non-optional type) in the release after 05_finalize.sql",
                  "05_finalize.sql の後のリリースで " + c + " を必須として宣言する（not null、presence、省略不可の型）")};
    case ReferenceKind::kRead:
      return {say("handles rows the backfill has not reached: NULL or the old value", "バックフィルが届いていない行（NULL または古い値）を扱える"),
              say("accepts the old and the new value side by side", "古い値と新しい値の両方を受け付ける"),
              say("may rely on the new value once 04_verify.sql passes", "04_verify.sql が通れば新しい値を前提にしてよい"),
              say("may drop its handling of NULL", "NULL の扱いを取り除いてよい")};
    case ReferenceKind::kFilter:
      return {say("matches rows by the old values; its results will move as the backfill changes rows",
                  "古い値で行を選ぶ。バックフィルが行を変えるにつれて結果が変わる"),
              say("results change with every batch: a report or job that needs one consistent answer waits for 04_verify.sql",
                  "結果はバッチごとに変わる。一貫した結果が必要なレポートやジョブは 04_verify.sql を待つ"),
              say("selects by the new values", "新しい値で行を選ぶ"), say("unchanged", "変更しない")};
    case ReferenceKind::kWrite:
      return {say("writes the new value on every INSERT and UPDATE, deployed before 03_backfill.sql, or rows needing the "
                  "backfill appear behind it",
                  "すべての INSERT と UPDATE で新しい値を書き、03_backfill.sql の前にデプロイする。そうでなければバックフィルの後ろに対象の行が現れる"),
              say("keeps writing the new value: the backfill skips rows it changed and a rollback keeps them",
                  "新しい値を書き続ける。バックフィルはそれが変えた行を飛ばし、ロールバックもそれを残す"),
              say("keeps writing the new value", "新しい値を書き続ける"),
              say("never writes NULL: PostgreSQL rejects the statement", "NULL を書かない。PostgreSQL がその文を拒否する")};
    case ReferenceKind::kMigration:
      return {say("has run before 02_prepare.sql; none changes " + c + " while the bundle runs",
                  "02_prepare.sql の前に実行済み。バンドルの実行中に " + c + " を変えるマイグレーションはない"),
              say("no migration on " + c + " runs", c + " のマイグレーションを実行しない"),
              say(plan.not_null_after ? "NOT NULL is 05_finalize.sql's: no other migration adds it"
                                      : "no migration adds NOT NULL without a plan of its own",
                  plan.not_null_after ? "NOT NULL は 05_finalize.sql が付ける。ほかのマイグレーションで付けない"
                                      : "計画なしに NOT NULL を付けるマイグレーションを作らない"),
              say("the schema the migrations describe says NOT NULL, as the database does", "マイグレーションが表すスキーマもデータベースと同じく NOT NULL とする")};
    case ReferenceKind::kTest:
      return {say("fixtures and factories write the new value", "フィクスチャとファクトリは新しい値を書く"),
              say("covers rows holding the old value and the new one", "古い値の行と新しい値の行の両方を試す"),
              say("tests of the old value can go", "古い値のテストは削除してよい"),
              say("covers the rejected NULL", "NULL が拒否されることを試す")};
  }
  return {};
}

// The same for a rename or a retype through a copy: the application moves from the old column to
// the new one only as the Phases table says.
std::vector<std::string> ExpandContractActions(ReferenceKind kind, const Plan& plan, const Wording& say) {
  const std::string& o = plan.old_column;
  const std::string n = plan.swapped_column.empty() ? plan.column : plan.old_column;
  switch (kind) {
    case ReferenceKind::kModel:
      return {say("maps " + o + " as it is", o + " をそのまま対応付ける"), say("unchanged", "変更しない"),
              say("maps " + n + (plan.swapped_column.empty() ? "" : " as " + plan.new_type) + " in the release the Phases table names",
                  "「フェーズ」の表が示すリリースで " + n + (plan.swapped_column.empty() ? "" : "（" + plan.new_type + "）") + " を対応付ける")};
    case ReferenceKind::kRead:
    case ReferenceKind::kFilter:
      return {say("reads " + o, o + " を読む"), say("reads " + o + ": the copy is not complete", o + " を読む（コピーはまだ完全ではない）"),
              say("moves to " + n + " as the Phases table says", "「フェーズ」の表のとおり " + n + " に移る")};
    case ReferenceKind::kWrite:
      return {say("writes " + o + ": 00_expand.sql's trigger copies each write", o + " に書く。00_expand.sql のトリガーが書き込みを写す"),
              say("writes " + o, o + " に書く"),
              say("moves to " + n + " as the Phases table says", "「フェーズ」の表のとおり " + n + " に移る")};
    case ReferenceKind::kMigration:
      return {say("has run before 00_expand.sql", "00_expand.sql の前に実行済み"), say("no migration on " + o + " runs", o + " のマイグレーションを実行しない"),
              say("describes the switch and the contract once 07 and 08 have run", "07 と 08 の実行後、切り替えと縮小を反映する")};
    case ReferenceKind::kTest:
      return {say("unchanged", "変更しない"), say("unchanged", "変更しない"),
              say("follows the code to " + n, "コードに合わせて " + n + " に移る")};
  }
  return {};
}

}  // namespace

void AddApplicationCode(Plan& plan, const std::string& app_dir, size_t files_listed, const std::string& column,
                        std::vector<CodeReference> places) {
  const Wording say(plan.language);
  ApplicationCode code{PrintableText(app_dir), files_listed, column, std::move(places), {}};
  for (ReferenceKind kind : kKinds) {
    bool found = std::any_of(code.places.begin(), code.places.end(), [&](const CodeReference& r) { return r.kind == kind; });
    if (!found) continue;
    std::vector<std::string> actions =
        plan.change_kind.empty() ? InPlaceActions(kind, plan, say) : ExpandContractActions(kind, plan, say);
    actions.resize(std::min(actions.size(), plan.transition_phases.size()));
    code.actions.push_back({ReferenceKindName(kind), std::move(actions)});
  }
  const size_t files = code.Files();
  const std::string& dir = code.app_dir;
  plan.checklist_before.push_back(
      code.places.empty()
          ? say("no place in " + dir + " refers to " + column + " (Application transition): confirm with a search of your own",
                dir + " に " + column + " を参照する箇所は見つからなかった（「アプリケーションの移行」）。自分でも検索して確かめる")
          : say("the " + std::to_string(code.places.size()) + " places in " + std::to_string(files) + " files of " + dir +
                    " that refer to " + column + " (Application transition) do what each phase needs",
                dir + " の " + std::to_string(files) + " ファイル " + std::to_string(code.places.size()) + " 箇所で " + column +
                    " を参照するコード（「アプリケーションの移行」）が、各フェーズで必要なことをしている"));
  plan.application_code = std::move(code);
}

}  // namespace backfill
