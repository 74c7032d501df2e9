// The advisors: one concern each, each in its own file with its own tests. Every advisor reads
// the bound subject and appends findings specific to this schema.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "planner/analysis/finding.h"
#include "planner/analysis/subject.h"
#include "planner/wording.h"

namespace backfill {

void AdviseBatchKey(const BackfillSubject& subject, const Wording& say, std::vector<Finding>& findings);
void AdviseReversibility(const BackfillSubject& subject, const Wording& say, std::vector<Finding>& findings);
void AdviseScale(const BackfillSubject& subject, const Wording& say, std::vector<Finding>& findings);
void AdviseSizing(const BackfillSubject& subject, const Wording& say, std::vector<Finding>& findings);
void AdviseTriggers(const BackfillSubject& subject, const Wording& say, std::vector<Finding>& findings);
struct TableWrite;
// The rows a trigger's write reaches, as findings and the lock table say it: "the parent row (id =
// NEW.queue_id)" / "親行 (id = NEW.queue_id)", "the rows where ...", "every row its WHERE matches".
std::string TriggerWriteRows(const Catalog& catalog, const QualifiedName& trigger_table, const TableWrite& write,
                             const Wording& say);
void AdviseForeignKeys(const BackfillSubject& subject, const Wording& say, std::vector<Finding>& findings);
void AdviseIndexes(const BackfillSubject& subject, const Wording& say, std::vector<Finding>& findings);
void AdviseViews(const BackfillSubject& subject, const Wording& say, std::vector<Finding>& findings);
void AdvisePartitions(const BackfillSubject& subject, const Wording& say, std::vector<Finding>& findings);
void AdviseGeneratedColumns(const BackfillSubject& subject, const Wording& say, std::vector<Finding>& findings);
void AdviseExpressions(const BackfillSubject& subject, const Wording& say, std::vector<Finding>& findings);
void AdviseUnique(const BackfillSubject& subject, const Wording& say, std::vector<Finding>& findings);
void AdvisePredicate(const BackfillSubject& subject, const Wording& say, std::vector<Finding>& findings);
void AdviseRowSecurity(const BackfillSubject& subject, const Wording& say, std::vector<Finding>& findings);

// Whether the index finds the rows `where` selects: a partial index with the same predicate, or
// a btree index leading with a column `where` reads.
bool ServesWhere(const BackfillSubject& subject, const Index& index);

// The partial index predicate.cc proposes when no index serves `where` (unquoted).
std::string PendingIndexName(const BackfillSubject& subject);

// The index predicate.unindexed proposes, as statements a person runs with psql outside a
// transaction: a partial index on the batch key holding the rows `where` selects, or, when `where`
// cannot be an index predicate (planner/analysis/index_predicate.h), an index on a column it
// reads; nullopt when neither can be written. A partitioned table takes no CREATE or DROP INDEX
// CONCURRENTLY: there the index is one per leaf partition (<partition>_backfill_todo), made and
// dropped through \gexec, and needs no parent index (it is dropped after the run).
struct PendingIndexSql {
  std::string create, drop;
  bool partial = true;
};
std::optional<PendingIndexSql> PendingIndex(const BackfillSubject& subject);

// One sentence per call with side effects in `set` or `where`, for the plan's warnings and findings.
std::vector<std::string> SideEffectSentences(const BackfillSubject& subject, const Wording& say);

// All of them, in a fixed order, so output is deterministic.
std::vector<Finding> RunAdvisors(const BackfillSubject& subject, const Wording& say);

}  // namespace backfill
