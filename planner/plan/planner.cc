#include "planner/plan/planner.h"

#include <algorithm>
#include <cstdio>

#include "planner/analysis/advisors.h"
#include "planner/plan/bundle.h"
#include "planner/plan/estimate.h"
#include "planner/plan/lock_table.h"
#include "planner/plan/preflight.h"
#include "planner/plan/sql_vocabulary.h"
#include "planner/sql/quote.h"
#include "planner/sql/script_check.h"

namespace backfill {
namespace {

std::string Compact(const std::string& date) {
  std::string out;
  for (char c : date)
    if (c != '-') out += c;
  return out;
}


std::string ServiceImpact(const BackfillSubject& s) {
  switch (s.requirement.execution) {
    case ExecutionMode::kOnline:
      return "online: the application keeps running; each batch locks at most " +
             std::to_string(s.requirement.batch_size) + " rows for one short transaction";
    case ExecutionMode::kMaintenanceWindow:
      return "maintenance window: run while writes are stopped; batches still keep transactions short";
    case ExecutionMode::kBackgroundJob:
      return "background job: runs unattended; the job must stop on the first psql error and resume by re-running";
  }
  return "";
}

Strategy MakeStrategy(const BackfillSubject& s) {
  const Requirement& r = s.requirement;
  Strategy st;
  st.batch_size = r.batch_size;
  st.sleep_ms = r.sleep_ms;
  st.parallelism = r.parallelism;
  st.max_replica_lag_s = r.max_replica_lag_s;
  st.lock_timeout_ms = r.lock_timeout_ms;
  st.statement_timeout_ms = r.statement_timeout_ms;
  st.max_retries = r.max_retries;
  st.reasons = {
      "batch size " + std::to_string(r.batch_size) + ": one short transaction per batch, so row locks are held for "
          "milliseconds and a failure loses at most one batch; measure stage 2 and aim for batches under one second",
      "sleep " + std::to_string(r.sleep_ms) + " ms between batches: leaves room for the application, autovacuum and "
          "WAL shipping to replicas",
      "replica lag above " + std::to_string(static_cast<int>(r.max_replica_lag_s)) + " s (pg_stat_replication.replay_lag) "
          "pauses the run before the next batch; harmless without replicas",
      "lock_timeout " + std::to_string(r.lock_timeout_ms) + " ms: a batch never queues behind a long lock (and so never "
          "blocks others queued behind it); it is retried up to " + std::to_string(r.max_retries) + " times with backoff",
      "statement_timeout " + std::to_string(r.statement_timeout_ms) + " ms per batch: a slow batch is cancelled and "
          "rolled back, and re-running 03_backfill.sql resumes from the last committed batch",
      "keyset pagination over " + s.key.source + ": every batch starts with an index seek, so the last batch costs "
          "what the first did (no OFFSET)"};
  if (r.parallelism > 1)
    st.reasons.push_back("parallelism " + std::to_string(r.parallelism) + " requested, but one runner at a time holds the "
                         "progress row: run one psql session; split by key ranges only after measuring");
  else
    st.reasons.push_back("parallelism 1: one runner; the progress row is locked by each batch, so a second runner waits");
  return st;
}

std::vector<LabeledSql> AnalysisQueries(const SqlVocabulary& v) {
  std::string column = v.Qualified(v.column);
  return {
      {"Distribution of the column", "The most common values, NULL included",
       "SELECT " + column + " AS value, count(*) AS rows\nFROM " + v.table + "\nGROUP BY 1\nORDER BY 2 DESC\nLIMIT 20;"},
      {"Rows the backfill will change", "Exact; reads the whole table",
       "SELECT count(*) AS rows_to_change\nFROM " + v.table + "\nWHERE " + v.PendingPredicate() + ";"},
      {"Cheap estimates for big tables", "The planner's row count, and a 1% block sample scaled up",
       "SELECT reltuples::bigint AS estimated_rows FROM pg_class WHERE oid = " + QuoteLiteral(v.table) +
           "::regclass;\n\nSELECT count(*) * 100 AS estimated_rows_to_change\nFROM " + v.table +
           " TABLESAMPLE SYSTEM (1)\nWHERE " + v.PendingPredicate() + ";"},
      {"Size and write activity", "How big the table is, and how busy",
       "SELECT pg_size_pretty(pg_total_relation_size(relid)) AS total_size, n_live_tup, n_tup_upd, n_tup_hot_upd, "
       "n_tup_ins, last_autovacuum\nFROM pg_stat_user_tables\nWHERE relid = " +
           QuoteLiteral(v.table) + "::regclass;"}};
}

std::vector<std::string> RelatedObjects(const BackfillSubject& s) {
  std::vector<std::string> out;
  const Catalog& c = *s.catalog;
  for (const Index* i : c.IndexesOn(s.table->name)) {
    std::string cols;
    for (size_t k = 0; k < i->columns.size(); ++k) cols += (k ? ", " : "") + (i->columns[k].empty() ? std::string("expr") : QuoteIdentifier(i->columns[k]));
    out.push_back(std::string(i->primary ? "primary key " : i->unique ? "unique index " : "index ") + i->name.Display() +
                  " (" + cols + ")" + (i->predicate_sql ? " WHERE " + *i->predicate_sql : ""));
  }
  for (const ForeignKey* fk : c.ForeignKeysFrom(s.table->name))
    out.push_back("foreign key " + QuoteIdentifier(fk->name) + " (" + JoinIdentifiers(fk->columns) + ") references " +
                  fk->referenced_table.Display());
  for (const ForeignKey* fk : c.ForeignKeysTo(s.table->name))
    out.push_back("referenced by " + fk->table.Display() + " (" + QuoteIdentifier(fk->name) + ")");
  for (const Trigger* t : c.TriggersOn(s.table->name)) {
    std::string events;
    if (t->on_insert) events += " INSERT";
    if (t->on_update) events += " UPDATE" + (t->update_columns.empty() ? std::string() : " OF " + JoinIdentifiers(t->update_columns));
    if (t->on_delete) events += " DELETE";
    const char* timing = t->timing == Trigger::Timing::kBefore ? "BEFORE" : t->timing == Trigger::Timing::kAfter ? "AFTER" : "INSTEAD OF";
    out.push_back("trigger " + QuoteIdentifier(t->name) + " " + timing + events + (t->for_each_row ? " FOR EACH ROW" : " FOR EACH STATEMENT") +
                  " -> " + t->function.Display() + "()");
  }
  for (const auto& [name, view] : c.views)
    if (view.reads.count(s.table->name)) out.push_back(std::string(view.materialized ? "materialized view " : "view ") + name.Display());
  for (const CheckConstraint* check : c.ChecksOn(s.table->name))
    out.push_back("check " + QuoteIdentifier(check->name) + " (" + check->expression_sql + ")" + (check->not_valid ? " NOT VALID" : ""));
  return out;
}

std::vector<Stage> Stages(const SqlVocabulary& v, const std::string& run_backfill) {
  const std::string& b = v.backup_alias;
  std::string recent = "SELECT " + v.KeyList(b) + ", " + b + "." + v.old_value + ", " + b + "." + v.new_value + ", " +
                       v.Qualified(v.column) + " AS current_value\nFROM " + v.backup + " AS " + b + "\nJOIN " + v.table +
                       " ON " + v.KeysEqual(v.ref, v.keys, b) + "\nORDER BY " + b + "." + v.backed_up_at + " DESC\nLIMIT 10;";
  std::string progress = "SELECT pass, batches, rows_done, run_rows, run_total, last_batch_at, finished_at\nFROM " + v.progress + ";";
  return {
      {"Stage 1: 10 rows", run_backfill + " -v max_rows=10", "exactly 10 rows changed; read them against the old values",
       recent},
      {"Stage 2: 1,000 rows", run_backfill + " -v max_rows=1000",
       "1,000 more rows; note the batch time and the rows/s in the NOTICEs: they replace the estimate", progress},
      {"Stage 3: everything, in throttled batches", run_backfill,
       "runs to completion; 'complete' in the last table. Interrupted? Run the same command again", progress}};
}

std::vector<Threshold> Monitoring(const Requirement& r) {
  auto s = [](double x) {
    char b[32];
    std::snprintf(b, sizeof b, "%g", x);
    return std::string(b);
  };
  double lag = r.max_replica_lag_s;
  return {
      {"replica lag (s)", "< " + s(lag / 2), s(lag / 2) + " to " + s(lag), "> " + s(lag) + " for 5 min (the run pauses itself)",
       "SELECT application_name, replay_lag FROM pg_stat_replication;"},
      {"database CPU", "< 60%", "60-80%", "> 80% for 5 min", "the host's monitoring"},
      {"lock waits on the table", "none", "sessions waiting < lock_timeout", "retries in the NOTICEs, or application timeouts",
       "SELECT pid, wait_event_type, state, query FROM pg_stat_activity WHERE wait_event_type = 'Lock';"},
      {"batch time", "<= stage 2 batch time x 2", "x 2 to x 5", "> x 5, or near statement_timeout (" +
                                                                        std::to_string(r.statement_timeout_ms) + " ms)",
       "rows/s in the NOTICEs; last_batch_at in the progress table"},
      {"error rate (batches retried)", "0", "any retry", "a run stopped after " + std::to_string(r.max_retries) + " retries",
       "NOTICE and ERROR lines of psql"},
      {"application error rate / p95 latency", "baseline", "+20%", "+50%", "the application's dashboards"}};
}

}  // namespace

Plan BuildPlan(const BackfillSubject& s, const PlanOptions& options) {
  const Requirement& r = s.requirement;
  const Wording say(options.language);
  Plan plan;
  plan.language = options.language;
  plan.table = s.table->name.Display();
  plan.column = QuoteIdentifier(s.column->name);
  plan.target = QuoteIdentifier(s.table->name.name) + "." + plan.column;
  plan.reason = r.reason.empty() ? "(not given)" : r.reason;
  plan.kind = KindName(r.kind);
  plan.execution = ExecutionName(r.execution);
  plan.service_impact = ServiceImpact(s);
  plan.date = options.date;
  plan.pg_version = options.pg_version;
  plan.set_from_default = s.set_from_default;
  plan.set_sql = s.set.sql;
  plan.where_sql = s.where.sql;
  plan.not_null_after = r.not_null_after;
  std::string key_columns;
  for (const KeyColumn& k : s.key.columns) key_columns += (key_columns.empty() ? "" : ", ") + QuoteIdentifier(k.name) + " " + k.type.sql;
  plan.key_description = s.key.source + " (" + key_columns + ")";
  plan.estimate = EstimateDuration(s, say);
  plan.strategy = MakeStrategy(s);
  plan.objects = NameObjects(s.table->name, s.column->name, Compact(options.date));
  plan.findings = RunAdvisors(s, say);
  plan.blocked = std::any_of(plan.findings.begin(), plan.findings.end(), [](const Finding& f) { return f.severity == Severity::kBlock; });

  SqlVocabulary v = MakeVocabulary(s, plan.objects);
  if (r.kind == BackfillKind::kFix)
    plan.warnings.push_back("DESTRUCTIVE: this backfill overwrites existing values. The backup table " + v.backup +
                            " is the only way back: do not drop it before the retention period ends.");
  if (r.estimated_rows && *r.estimated_rows > 10'000'000)
    plan.warnings.push_back("LARGE: about " + WithThousands(*r.estimated_rows) +
                            " rows. This plan is a draft: load-test it with a DBA before running it in production.");
  if (r.write_heavy)
    plan.warnings.push_back("WRITE-HEAVY table: watch lock waits and replica lag closely; prefer quiet hours.");
  for (const std::string& w : SideEffectSentences(s, say)) plan.warnings.push_back("SIDE EFFECT: " + w);
  if (plan.blocked) plan.warnings.insert(plan.warnings.begin(), "BLOCKED: a finding below must be resolved before this plan may run.");

  plan.analysis_queries = AnalysisQueries(v);
  plan.related_objects = RelatedObjects(s);
  plan.preflight = PreflightChecks(s, v, say);
  plan.files = BuildBundle({s, v, plan.preflight, !s.column->not_null, say});
  for (const BundleFile& f : plan.files) CheckScriptParses(f.name, f.content);
  plan.stages = Stages(v, plan.File("03_backfill.sql")->run);
  plan.progress_queries = {
      {"Progress", "one row: pass, batches, rows changed, this run's total",
       "SELECT pass, batches, rows_done, run_rows, run_total,\n       round(100.0 * run_rows / greatest(run_total, 1), 1) AS percent,\n"
       "       last_batch_at, finished_at\nFROM " + v.progress + ";"},
      {"Rows per batch", "from the backup table",
       "SELECT " + v.batch_no + " AS batch, count(*) AS rows, min(" + v.backed_up_at + ") AS started\nFROM " + v.backup +
           "\nGROUP BY 1\nORDER BY 1 DESC\nLIMIT 20;"}};
  for (const auto* queries : {&plan.analysis_queries, &plan.progress_queries})
    for (const LabeledSql& q : *queries) CheckScriptParses(q.title, q.sql);
  for (const Stage& st : plan.stages) CheckScriptParses(st.title, st.verify_sql);
  plan.locks = LockTable(s, plan.findings, say);
  plan.rollback_triggers = {
      "error rate: more than 1% of batches retried, or any run stopped after its retries",
      "slowdown: application p95 latency up by more than 50%, or batch time more than 5x the stage 2 time",
      "inconsistency: 04_verify.sql or a spot check shows values that are not the intended ones",
      "replica lag above " + std::to_string(static_cast<int>(r.max_replica_lag_s)) + " s that does not recover within 5 minutes"};
  plan.monitoring = Monitoring(r);
  plan.checklist_before = {
      "the plan is reviewed, and 01_preflight.sql passes on production (all checks ok)",
      "a recent database backup or PITR window exists besides the backup table",
      "the application already writes " + plan.column + " for new and updated rows (see Application transition)",
      "02_prepare.sql has run; the backup and progress tables exist",
      "monitoring dashboards (replica lag, CPU, locks, latency) are open; the on-call knows"};
  plan.checklist_during = {
      "stage 1 (10 rows) and stage 2 (1,000 rows) checked by hand before stage 3",
      "NOTICE lines show steady rows/s; no retries",
      "replica lag, CPU and lock waits stay within the warning values of Monitoring",
      "the progress row advances (last_batch_at is recent)"};
  if (r.write_heavy) {
    plan.checklist_during.push_back("write-heavy: no session waits on the table's locks for long: SELECT count(*) FROM pg_locks "
                                    "WHERE relation = " + QuoteLiteral(plan.table) + "::regclass AND NOT granted; (0 most "
                                    "of the time; lower batch_size if not)");
    plan.checklist_during.push_back("write-heavy: replica lag (pg_stat_replication.replay_lag) stays under " +
                                    std::to_string(static_cast<int>(r.max_replica_lag_s)) + " s and the application's "
                                    "write latency under its baseline + 20%; raise sleep_ms if not");
  }
  plan.checklist_after = {
      "04_verify.sql passes",
      "application errors and latency back to baseline",
      r.not_null_after ? "05_finalize.sql has run; the column is NOT NULL" : "NOT NULL not requested: the column stays nullable",
      "VACUUM (ANALYZE) " + plan.table + " if autovacuum lags behind",
      "keep " + v.backup + " for " + std::to_string(r.backup_retention_days) + " days, then run 99_cleanup.sql"};
  for (const Finding& f : plan.findings)
    if (f.section == PlanSection::kChecklist) plan.checklist_after.push_back(f.advice);
  std::string app = QuoteLiteral(TruncateUtf8("backfill " + plan.objects.backup, 63));
  plan.emergency_stop = {
      "Press Ctrl-C in the psql running 03_backfill.sql: the current batch is cancelled and rolled back; committed batches stay.",
      "If psql does not respond, from another session: SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE application_name = " + app + ";",
      "Confirm nothing is running: the same query on pg_stat_activity returns no row, and no locks are held on " + plan.table + ".",
      "Read the progress row (Monitoring queries) and note the batch number.",
      "Decide: resume later (run 03_backfill.sql again; it continues from the cursor) or roll back (90_rollback.sql, or 91_rollback_batches.sql for chosen batches).",
      "Tell the team what stopped, at which batch, and why."};
  plan.transition_before = {
      "deploy application code that writes " + plan.column + " on every INSERT and UPDATE (or rely on a column DEFAULT); otherwise new rows keep appearing behind the backfill",
      "reads must treat a missing or old value as before: the backfill has not reached every row yet"};
  plan.transition_during = {
      "both old and new values exist side by side; the application must accept either",
      "the application's own writes win: the backfill skips rows whose value changed, and the rollback keeps them"};
  plan.transition_after = {
      "04_verify.sql passes: the application may now rely on the new values",
      "remove fallbacks for missing values from the code"};
  if (r.not_null_after)
    plan.transition_after.push_back("run 05_finalize.sql for NOT NULL only after the code that could write NULL is gone everywhere");
  return plan;
}

}  // namespace backfill
