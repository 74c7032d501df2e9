// The advisors: one concern each, each in its own file with its own tests. Every advisor reads
// the bound subject and appends findings specific to this schema.
#pragma once

#include <string>
#include <vector>

#include "planner/analysis/finding.h"
#include "planner/analysis/subject.h"

namespace backfill {

void AdviseReversibility(const BackfillSubject& subject, std::vector<Finding>& findings);
void AdviseScale(const BackfillSubject& subject, std::vector<Finding>& findings);
void AdviseTriggers(const BackfillSubject& subject, std::vector<Finding>& findings);
void AdviseForeignKeys(const BackfillSubject& subject, std::vector<Finding>& findings);
void AdviseIndexes(const BackfillSubject& subject, std::vector<Finding>& findings);
void AdviseViews(const BackfillSubject& subject, std::vector<Finding>& findings);
void AdvisePartitions(const BackfillSubject& subject, std::vector<Finding>& findings);
void AdviseGeneratedColumns(const BackfillSubject& subject, std::vector<Finding>& findings);
void AdviseExpressions(const BackfillSubject& subject, std::vector<Finding>& findings);
void AdviseUnique(const BackfillSubject& subject, std::vector<Finding>& findings);
void AdvisePredicate(const BackfillSubject& subject, std::vector<Finding>& findings);

// Whether the index finds the rows `where` selects: a partial index with the same predicate, or
// a btree index leading with a column `where` reads.
bool ServesWhere(const BackfillSubject& subject, const Index& index);

// The partial index predicate.cc proposes when no index serves `where` (unquoted).
std::string PendingIndexName(const BackfillSubject& subject);

// All of them, in a fixed order, so output is deterministic.
std::vector<Finding> RunAdvisors(const BackfillSubject& subject);

}  // namespace backfill
