// Scale: very large or write-heavy tables turn a routine backfill into a load test.
#include "planner/analysis/advisors.h"

namespace backfill {

constexpr int64_t kLargeTableRows = 10'000'000;

void AdviseScale(const BackfillSubject& s, const Wording& say, std::vector<Finding>& findings) {
  const Requirement& r = s.requirement;
  std::string table = s.table->name.Display();
  if (r.estimated_rows && *r.estimated_rows > kLargeTableRows)
    findings.push_back({"scale.large_table", Severity::kWarn,
                        say("About " + std::to_string(*r.estimated_rows) + " rows: more than 10 million",
                            "約 " + std::to_string(*r.estimated_rows) + " 行。1,000 万行を超える"),
                        {table},
                        say("treat this plan as a draft: load-test it on a copy of production with a DBA, and schedule it",
                            "この計画は草案として扱う。DBA と一緒に本番のコピーで負荷テストを行い、実施日時を決める"),
                        PlanSection::kOverview});
  if (!r.estimated_rows)
    findings.push_back({"scale.unknown_rows", Severity::kInfo,
                        say("The number of rows is not given; estimates assume 100,000",
                            "行数が指定されていない。見積もりは 100,000 行を仮定している"),
                        {table},
                        say("run the Data analysis counts and put the result in \"estimated_rows\"",
                            "「データ分析クエリ」で件数を数え、結果を \"estimated_rows\" に記入する"),
                        PlanSection::kDataAnalysis});
  if (r.write_heavy)
    findings.push_back({"scale.write_heavy", Severity::kWarn,
                        say("The table is write-heavy: the backfill's row locks compete with the application's writes",
                            "テーブルへの書き込みが多い。バックフィルの行ロックがアプリケーションの書き込みと競合する"),
                        {table},
                        say("keep batches small, watch lock waits (pg_locks) and replica lag during step 1 and 2, and run "
                            "outside peak hours",
                            "バッチを小さく保ち、ステップ 1 と 2 の間はロック待ち (pg_locks) とレプリカ遅延を監視し、"
                            "ピーク時間帯を避けて実行する"),
                        PlanSection::kStrategy});
}

}  // namespace backfill
