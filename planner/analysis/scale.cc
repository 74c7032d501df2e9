// Scale: very large or write-heavy tables turn a routine backfill into a load test.
#include "planner/analysis/advisors.h"

namespace backfill {

constexpr int64_t kLargeTableRows = 10'000'000;

void AdviseScale(const BackfillSubject& s, const Wording& say, std::vector<Finding>& findings) {
  const Requirement& r = s.requirement;
  std::string table = s.table->name.Display();
  if (r.estimated_rows && *r.estimated_rows > kLargeTableRows)
    findings.push_back({"scale.large_table", Severity::kWarn,
                        "About " + std::to_string(*r.estimated_rows) + " rows: more than 10 million",
                        {table},
                        "treat this plan as a draft: load-test it on a copy of production with a DBA, and schedule it",
                        PlanSection::kOverview});
  if (!r.estimated_rows)
    findings.push_back({"scale.unknown_rows", Severity::kInfo, "The number of rows is not given; estimates assume 100,000",
                        {table}, "run the Data analysis counts and put the result in \"estimated_rows\"",
                        PlanSection::kDataAnalysis});
  if (r.write_heavy)
    findings.push_back({"scale.write_heavy", Severity::kWarn,
                        "The table is write-heavy: the backfill's row locks compete with the application's writes",
                        {table},
                        "keep batches small, watch lock waits (pg_locks) and replica lag during stage 1 and 2, and run "
                        "outside peak hours",
                        PlanSection::kStrategy});
}

}  // namespace backfill
