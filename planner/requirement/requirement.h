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

enum class BackfillKind { kFill, kFix };
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
  std::optional<std::string> set_sql;
  SourcePlace set_place;
  std::optional<std::string> where_sql;
  SourcePlace where_place;
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
};

// A requirement is a few hundred bytes; the limit only stops a wrong path (a log, a dump) from
// being read into memory whole.
constexpr size_t kMaxRequirementBytes = 16 * 1024 * 1024;

// Reads and validates a requirement file. Throws InputError naming file:line:col and the key.
Requirement ReadRequirementFile(const std::string& path);
Requirement ReadRequirementText(const std::string& file_label, const std::string& text);

const char* KindName(BackfillKind kind);
const char* ExecutionName(ExecutionMode mode);
// The policy in force: the requirement's, or reapply for fill and keep for fix.
AppWritePolicy AppWrites(const Requirement& r);
const char* AppWritePolicyName(AppWritePolicy policy);

}  // namespace backfill
