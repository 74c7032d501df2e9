// The backfill requirement: what to change, why, and how carefully. Read from a JSON file
// (schemas/requirement.schema.json) and completed by command-line overrides.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "planner/diagnostic.h"
#include "planner/requirement/target_name.h"

namespace backfill {

// fill and fix change the target column in place. rename and retype are expand-contract changes:
// the column is copied into a new one (named `to`; for retype of type `type`, by `using`), the two
// are kept in step by a trigger until the old one is dropped.
enum class BackfillKind { kFill, kFix, kRename, kRetype };
enum class ExecutionMode { kOnline, kMaintenanceWindow, kBackgroundJob };
// What a later pass does with a row the backfill changed and the application wrote again since:
// change it again (fill: old application versions writing NULL are what the sweep is for), or keep
// the application's value (fix: the application may legitimately write a value `where` selects).
enum class AppWritePolicy { kReapply, kKeep };

struct Requirement {
  std::string source;  // the file it came from, or "command line"
  std::optional<TargetName> target;
  SourcePlace target_place;
  BackfillKind kind = BackfillKind::kFill;
  std::string reason;
  // A feature flag that guards the application's code for the column (the transition phases and
  // checklists say when to turn it on and when to remove it): its name, and whether the code it
  // turns on reads the column (else it only writes it).
  struct FeatureFlag {
    std::string name;
    bool reads_column = true;
  };
  std::optional<FeatureFlag> feature_flag;
  std::optional<std::string> set_sql;
  SourcePlace set_place;
  std::optional<std::string> where_sql;
  SourcePlace where_place;
  // rename and retype only. to: the new column's name as PostgreSQL stores it (no quoting, no
  // folding); for retype, unset: the new column takes the old one's name at the switch.
  std::optional<std::string> to_column;
  SourcePlace to_place;
  // retype only. type: one SQL type name, as written (trimmed); using: the new value, an
  // expression of the old column (unset: a cast of it to type); reverse: the old value, an
  // expression of the new column, for writes that reach only the new one.
  std::optional<std::string> type_sql;
  SourcePlace type_place;
  std::optional<std::string> using_sql;
  SourcePlace using_place;
  std::optional<std::string> reverse_sql;
  SourcePlace reverse_place;
  std::optional<int64_t> estimated_rows;
  int batch_size = 1000;
  int sleep_ms = 100;
  int parallelism = 1;
  ExecutionMode execution = ExecutionMode::kOnline;
  bool not_null_after = false;
  std::optional<AppWritePolicy> on_application_write;  // unset: the kind's default (see AppWrites)
  double max_replica_lag_s = 10;
  bool write_heavy = false;
  int lock_timeout_ms = 2000;
  int statement_timeout_ms = 30000;
  int max_retries = 5;
  int backup_retention_days = 7;
  // Adaptive batches: with target_batch_ms, the run sizes each batch from the time per row of the
  // ones before, within min_batch_size..max_batch_size (BatchBounds gives the defaults).
  std::optional<int> target_batch_ms;
  std::optional<int> min_batch_size, max_batch_size;
  SourcePlace min_batch_place, max_batch_place;
  // Load throttle, checked before every batch (0: off): the run waits while more sessions than
  // max_* wait for a lock on the table or are active, or while throttle_query returns true, and
  // stops over critical_*.
  int max_lock_waiters = 5;
  int critical_lock_waiters = 50;
  int max_active_sessions = 0;
  int critical_active_sessions = 0;
  std::optional<std::string> throttle_query;  // one SELECT of one boolean, as given
  SourcePlace throttle_place;
};

struct BatchBounds {
  int min, max;
};
// The bounds adaptive batches stay within: the requirement's, or batch_size / 10 and batch_size × 10.
BatchBounds AdaptiveBounds(const Requirement& r);
// Refuses bounds that do not hold batch_size (also after --batch-size), naming the key.
void CheckBatchBounds(const Requirement& r);

// A requirement is a few hundred bytes; the limit only stops a wrong path (a log, a dump) from
// being read into memory whole.
constexpr size_t kMaxRequirementBytes = 16 * 1024 * 1024;
// The longest name PostgreSQL keeps (NAMEDATALEN - 1); it truncates longer ones.
constexpr size_t kMaxColumnNameBytes = 63;

// Reads and validates a requirement file. Throws InputError naming file:line:col and the key.
Requirement ReadRequirementFile(const std::string& path);
Requirement ReadRequirementText(const std::string& file_label, const std::string& text);

const char* KindName(BackfillKind kind);
const char* ExecutionName(ExecutionMode mode);
// The policy in force: the requirement's, or reapply for fill and keep for the other kinds.
AppWritePolicy AppWrites(const Requirement& r);
const char* AppWritePolicyName(AppWritePolicy policy);

}  // namespace backfill
