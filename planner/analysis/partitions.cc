// Partitions: a partitioned target pages through every partition; a partition-key target moves rows.
#include <algorithm>

#include "planner/analysis/advisors.h"
#include "planner/sql/quote.h"

namespace backfill {

void AdvisePartitions(const BackfillSubject& s, const Wording& say, std::vector<Finding>& findings) {
  if (s.table->kind != TableKind::kPartitioned) return;
  const auto& key = s.table->partition_key;
  if (std::find(key.begin(), key.end(), s.column->name) != key.end())
    findings.push_back({"partitions.key_column", Severity::kBlock,
                        say("The column is in the partition key: changing it moves rows between partitions",
                            "対象列はパーティションキーに含まれる。値を変更すると行がパーティション間を移動する"),
                        {s.table->name.Display()},
                        say("a moved row is a DELETE and an INSERT; plan it as a data migration, not a backfill",
                            "移動する行は DELETE と INSERT になる。バックフィルではなくデータ移行として計画する"),
                        PlanSection::kOverview});
  std::vector<std::string> names;
  for (const QualifiedName& p : s.table->partitions) names.push_back(p.Display());
  findings.push_back({"partitions.partitioned", Severity::kInfo,
                      say("Partitioned table (" + s.table->partition_strategy + ") with " + std::to_string(names.size()) +
                              " partition(s): batches page through them in key order",
                          "パーティション数 " + std::to_string(names.size()) + " のパーティションテーブル (" +
                              s.table->partition_strategy + ")。バッチはキー順に各パーティションをたどる"),
                      names,
                      say("watch each partition's autovacuum; a batch may span two partitions",
                          "パーティションごとに autovacuum を監視する。1 つのバッチが 2 つのパーティションにまたがることがある"),
                      PlanSection::kStrategy});
}

}  // namespace backfill
