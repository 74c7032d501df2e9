// The plan model: everything a renderer prints, with every SQL statement built once, here.
// Renderers (Markdown, SQL bundle, JSON) only format what this holds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "planner/analysis/finding.h"
#include "planner/code_refs/code_refs.h"
#include "planner/plan/object_names.h"
#include "planner/requirement/requirement.h"
#include "planner/wording.h"

namespace backfill {

struct LabeledSql {
  std::string title;
  std::string explanation;
  std::string sql;
};

// One read-only count that must be 0 before the backfill may start (or is informational).
struct PreflightCheck {
  std::string name;       // short, printed by 01_preflight.sql
  std::string count_sql;  // SELECT count(*) ... (one scalar query)
  bool must_be_zero = true;
  std::string why;        // one sentence for the plan
  // Counts target rows with a NULL key, which no batch can reach: 01_preflight.sql fails with its
  // own message, since their new value is not at fault.
  bool null_key = false;
};

struct BundleFile {
  std::string name;     // 01_preflight.sql ...
  std::string purpose;  // one line
  std::string run;      // the psql command line that runs it
  std::string content;
};

struct Stage {
  std::string title;    // "Step 1: 10 rows"
  std::string command;  // psql ... -f 03_backfill.sql
  std::string expect;   // what to look for
  std::string verify_sql;
};

struct Threshold {
  std::string metric, normal, warning, stop, how;
};

struct Strategy {
  int batch_size = 0;
  int sleep_ms = 0;
  int parallelism = 1;
  double max_replica_lag_s = 0;
  int lock_timeout_ms = 0;
  int statement_timeout_ms = 0;
  int max_retries = 0;
  // Adaptive batches (target_batch_ms set): the target and the bounds; 0 when the size is fixed.
  int target_batch_ms = 0, min_batch_size = 0, max_batch_size = 0;
  // The load throttle before every batch (0: off), and the longest it waits before it stops.
  int max_lock_waiters = 0, critical_lock_waiters = 0, max_active_sessions = 0, critical_active_sessions = 0;
  std::string throttle_query;  // one line, or empty
  int max_wait_s = 0;
  std::vector<std::string> reasons;  // why these values
};

// A statement that steers a running 03_backfill.sql through its progress row, which the run
// reads before every batch. action: a stable name (pause, resume, batch_size, sleep_ms,
// target_batch_ms, own_settings, stop, state).
struct ControlStatement {
  std::string action, effect, sql;
};

// How long the backfill (03_backfill.sql, one runner) and its whole rollback (90_rollback.sql)
// take, by planner/plan/estimate.h's model.
struct Estimate {
  int64_t rows = 0;
  bool rows_given = false;  // from the requirement, not assumed
  int64_t batches = 0;
  double batch_seconds = 0;
  double run_seconds = 0;  // before the batches: psql's start and the counts of rows to change, one per round
  double total_seconds = 0;
  double rollback_batch_seconds = 0;
  double rollback_run_seconds = 0;  // before the restores: psql's start and one read of the backup
  double rollback_seconds = 0;
  std::string formula, rollback_formula;
  std::vector<std::string> assumptions;
};

// One phase of an expand–contract change: what runs, what undoes it, and what each version of
// the application may do meanwhile.
struct PhaseRow {
  std::string phase, run, undo, old_version, new_version;
};

// One row of the application transition table: a phase, what the column holds then, and what
// the application does.
struct TransitionPhase {
  std::string phase, state;
  std::vector<std::string> actions;
};

// The places in the application's code that refer to the column (--app-dir), and what each kind
// of place must do in each transition phase.
struct ApplicationCode {
  std::string app_dir;        // as given on the command line
  size_t files_listed = 0;    // files read after ignore rules and vendored folders
  std::string column;         // the name searched for (a rename's old name)
  std::vector<CodeReference> places;
  struct KindActions {
    std::string kind;                  // ReferenceKindName
    std::vector<std::string> actions;  // one per transition phase
  };
  std::vector<KindActions> actions;  // the kinds found, in ReferenceKind order

  // The files the places are in (places come grouped by file).
  size_t Files() const {
    size_t files = 0;
    for (size_t i = 0; i < places.size(); ++i) files += i == 0 || places[i].path != places[i - 1].path;
    return files;
  }
};

struct LockRow {
  std::string statement, lock, blocks, scans;
};

struct Plan {
  // Overview
  std::string table;         // public.orders (display)
  std::string column;        // status (display)
  std::string target;        // orders.status, for titles
  std::string reason;
  std::string kind;          // fill | fix
  std::string execution;     // online | maintenance_window | background_job
  std::string service_impact;
  std::string set_sql, where_sql;
  bool set_from_default = false;
  std::string key_description;  // "primary key orders_pkey (id bigint)"
  std::string date;             // YYYY-MM-DD
  int pg_version = 15;          // the server the SQL is written for
  Language language = Language::kEnglish;  // of the prose
  Estimate estimate;
  Strategy strategy;
  ObjectNames objects;
  std::vector<std::string> warnings;  // loud: destructive change, scale, side effects
  std::vector<Finding> findings;
  bool blocked = false;

  std::vector<LabeledSql> analysis_queries;
  std::vector<std::string> related_objects;  // one line each
  std::vector<PreflightCheck> preflight;
  std::vector<LockRow> locks;
  std::vector<BundleFile> files;
  std::string completion_gate, retention_gate;  // DO blocks for migration runners (plan/bundle.h)
  std::vector<Stage> stages;
  std::vector<LabeledSql> progress_queries;
  std::vector<ControlStatement> control;
  std::vector<std::string> rollback_triggers;  // when to roll back
  std::vector<Threshold> monitoring;
  std::vector<std::string> checklist_before, checklist_during, checklist_after;
  std::vector<std::string> emergency_stop;
  // Before, during and after the backfill, then after NOT NULL when 05 runs: the table the
  // Markdown plan prints, and the JSON plan's transition.before/during/after.
  std::vector<TransitionPhase> transition_phases;
  bool not_null_after = false;
  std::optional<Requirement::FeatureFlag> feature_flag;
  std::optional<ApplicationCode> application_code;
  // A rename or retype (expand–contract): the change, and what the plan leaves to a person.
  std::string change_kind;  // "rename" | "retype", empty for a backfill in place
  std::string old_column;   // quoted
  // A retype that keeps the column's name: the original's name once 07_switch.sql swapped the
  // copy in (quoted), and the new type. Empty otherwise.
  std::string swapped_column, new_type;
  // Views 07_switch.sql drops and creates again in its transaction: name, and the schema file's
  // CREATE VIEW (the switch uses the server's own definition).
  std::vector<std::pair<std::string, std::string>> switch_views;
  std::vector<PhaseRow> phases;
  std::vector<std::string> by_hand;

  const BundleFile* File(const std::string& name) const {
    for (const BundleFile& f : files)
      if (f.name == name) return &f;
    return nullptr;
  }
};

}  // namespace backfill
