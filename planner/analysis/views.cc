// Views and materialized views that read the column, directly or through another view.
// A plain view shows the change as it happens (a mix of old and new values during the run); a
// materialized view keeps the old values until it is refreshed.
#include <algorithm>
#include <set>

#include "planner/analysis/advisors.h"

namespace backfill {
namespace {

bool ReadsColumn(const View& view, const QualifiedName& table, const std::string& column) {
  auto it = view.reads.find(table);
  if (it == view.reads.end()) return false;
  return std::count(it->second.begin(), it->second.end(), column) || std::count(it->second.begin(), it->second.end(), "*");
}

}  // namespace

void AdviseViews(const BackfillSubject& s, const Wording& say, std::vector<Finding>& findings) {
  // Direct readers first; then views over those, which may pass the column on (their column
  // lists are not traced: a view over a reader is reported as "through").
  std::map<QualifiedName, std::string> through;  // view -> the view it reads the column through ("" = directly)
  for (const auto& [name, view] : s.catalog->views)
    if (ReadsColumn(view, s.table->name, s.column->name)) through[name] = "";
  for (int depth = 0; depth < 8; ++depth) {
    bool grew = false;
    for (const auto& [name, view] : s.catalog->views) {
      if (through.count(name)) continue;
      for (const auto& [read, columns] : view.reads)
        if (through.count(read) && name != read) {
          through[name] = read.Display();
          grew = true;
          break;
        }
    }
    if (!grew) break;
  }
  for (const auto& [name, via] : through) {
    const View& view = s.catalog->views.at(name);
    // English: "View v reads the column through w: ..."; Japanese: "ビュー v は w を経由して対象列を読む。...",
    // where the Japanese follows "は" directly, with a space only before an identifier.
    std::string how = via.empty() ? say("reads the column", "対象列を読む")
                                  : say("reads the column through " + via, " " + via + " を経由して対象列を読む");
    if (view.materialized)
      findings.push_back({"views.materialized_stale", Severity::kWarn,
                          say("Materialized view " + name.Display() + " " + how + ": it keeps the old values until refreshed",
                              "マテリアライズドビュー " + name.Display() + " は" + how +
                                  "。リフレッシュするまで元の値を保持する"),
                          {name.Display()},
                          say("REFRESH MATERIALIZED VIEW " + name.Display() +
                                  " after 04_verify.sql passes (CONCURRENTLY if it has a unique index, so reads go on)",
                              "04_verify.sql が通った後に REFRESH MATERIALIZED VIEW " + name.Display() +
                                  " を実行する（一意インデックスがあれば CONCURRENTLY を付けて読み取りを止めない）"),
                          PlanSection::kChecklist});
    else
      findings.push_back({"views.reads_column", Severity::kInfo,
                          say("View " + name.Display() + " " + how + ": it returns a mix of old and new values during the run",
                              "ビュー " + name.Display() + " は" + how + "。実行中は元の値と新しい値が混在した結果を返す"),
                          {name.Display()},
                          say("tell the view's readers, or have them accept both until the backfill is done",
                              "ビューの利用者に周知するか、バックフィルが終わるまで両方の値を受け入れてもらう"),
                          PlanSection::kDataAnalysis});
  }
}

}  // namespace backfill
