#include "planner/analysis/advisors.h"

namespace backfill {

std::vector<Finding> RunAdvisors(const BackfillSubject& subject, const Wording& say) {
  std::vector<Finding> findings;
  for (auto advise : {AdviseBatchKey, AdviseReversibility, AdviseScale, AdviseSizing, AdviseTriggers, AdviseUnique, AdviseForeignKeys, AdviseIndexes, AdvisePredicate, AdviseViews,
                      AdvisePartitions, AdviseGeneratedColumns, AdviseExpressions, AdviseRowSecurity})
    advise(subject, say, findings);
  return findings;
}

}  // namespace backfill
