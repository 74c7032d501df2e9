// The files of an expand–contract plan (a rename or a retype) besides the backfill's own:
// 00_expand.sql and 80_undo_expand.sql, 06_copy_indexes.sql and 86_undo_copy_indexes.sql,
// 08_contract.sql. The backfill phase between them (01-05, 90, 91) is the batch engine's,
// copying the old column into the new one.
#pragma once

#include <string>
#include <vector>

#include "planner/analysis/subject.h"
#include "planner/plan/plan.h"
#include "planner/plan/sql_vocabulary.h"
#include "planner/wording.h"

namespace backfill {

struct ExpandContractFiles {
  std::vector<BundleFile> files;
  std::vector<std::string> by_hand;  // what the plan leaves to a person, one sentence each
  std::vector<PhaseRow> phases;
  std::vector<std::pair<std::string, std::string>> switch_views;  // name, CREATE VIEW as the schema writes it
};

// date: YYYYMMDD, as the plan's other objects are named.
ExpandContractFiles BuildExpandContractFiles(const BackfillSubject& s, const SqlVocabulary& v, const std::string& date,
                                             const Wording& say);

}  // namespace backfill
