// The runnable SQL bundle: the files a person runs with psql, in order. Built once; the
// Markdown plan shows the same text and the SQL renderer writes it to a folder.
#pragma once

#include <vector>

#include "planner/analysis/subject.h"
#include "planner/plan/plan.h"
#include "planner/plan/sql_vocabulary.h"
#include "planner/wording.h"

namespace backfill {

struct BundleInputs {
  const BackfillSubject& subject;
  const SqlVocabulary& v;
  const std::vector<PreflightCheck>& preflight;  // worded in English: their reasons become SQL comments
  bool column_was_nullable;
  const Wording& say;
  std::string proposed_index;  // schema-qualified, quoted: the partial index a finding proposes; empty if none
  std::string proposed_index_drop;  // the statement that drops it (per partition on a partitioned table)
};

std::vector<BundleFile> BuildBundle(const BundleInputs& in);

// How long 03 waits, before a batch, for replica lag or a busy server to pass before it stops
// (-v max_wait_s). The wait is the gate's, outside the batch's statement_timeout.
constexpr int kDefaultMaxWaitSeconds = 300;

// The psql command line that runs a bundle file (variables: " -v name=value ..." or empty).
std::string PsqlRun(const std::string& file, const std::string& variables = {});

// DO blocks that migration runners apply before a step that must wait: the backfill complete
// (progress row finished, no row left to change, no NULL left with NOT NULL requested), and the
// backup's retention period over. Each raises with a message and changes nothing.
std::string CompletionGate(const SqlVocabulary& v, const Requirement& r);
std::string RetentionGate(const SqlVocabulary& v, const Requirement& r);

}  // namespace backfill
