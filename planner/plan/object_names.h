// Names of the objects a backfill creates beside the table (backup, progress, procedures),
// derived from table, column and date, and kept within PostgreSQL's 63-byte identifier limit.
#pragma once

#include <string>

#include "planner/catalog/catalog.h"
#include "planner/sql/quote.h"  // kMaxIdentifierBytes, TruncateUtf8

namespace backfill {

struct ObjectNames {
  std::string schema;
  std::string backup;          // <table>_<column>_backup_<YYYYMMDD>
  std::string progress;        // <table>_<column>_progress_<YYYYMMDD>
  std::string ranges;          // <table>_<column>_ranges_<YYYYMMDD>: parallel runners' key ranges
  std::string batch;           // procedure: one batch
  std::string gate;            // procedure: waits before a batch (live control, load throttle)
  std::string tick;            // procedure: one run of the pg_cron job (03_schedule.sql)
  std::string begin;           // function: starts a run, returns the number of batch calls
  std::string restore;         // procedure: restores one batch from the backup
  std::string not_null_check;  // CHECK (column IS NOT NULL) NOT VALID, used by the finalisation
  std::string sync;            // rename and retype: the trigger, and its function, that keep old and new in step

  // schema.name, quoted as needed
  std::string Qualified(const std::string& name) const;
};

// <base>_<role>_<date>, within the identifier limit (a hash keeps cut names apart).
std::string DeriveName(const std::string& base, const std::string& role, const std::string& date);

// date: YYYYMMDD
ObjectNames NameObjects(const QualifiedName& table, const std::string& column, const std::string& date);

}  // namespace backfill
