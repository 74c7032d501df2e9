// A schedule: the random steps one test case runs, generated from a seed (std::mt19937_64).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tests/schedules/fixture.h"

namespace sched {

enum class Op {
  kBackfill,      // 03_backfill.sql, foreground or background
  kTwoBackfills,  // two 03 runs started together (background), each with its own max_rows
  kAppTarget,     // the application writes the target column
  kAppOther,      // the application writes another column
  kDelete,
  kInsert,
  kRollbackBatches,  // 91_rollback_batches.sql -v first_batch -v last_batch
  kRollback,         // 90_rollback.sql
  kTerminate,        // pg_terminate_backend of the running scripts of one kind
  kCrash,            // pg_ctl -m immediate, then start again
  kPause,
  kWait,  // wait for every background script
};

enum TargetValue { kNewValue = 0, kBackfillValue = 1, kPendingValue = 2, kPoison = 3 };

struct Step {
  Op op = Op::kPause;
  int key = 0;  // index into Keys(): the initial keys, then the fresh ones
  int src = 0;  // kInsert of a fresh key: the initial row its other columns come from
  long n = 0;   // makes the application's values unique
  int value = kNewValue;
  long max_rows = 0, max_rows2 = 0;
  int batch_size = 1;
  bool skip = false;    // on_error=skip
  bool bg = false;      // background
  bool resume = true;   // -v resume=1
  bool lag_off = false; // -v max_lag_s=off
  long first = 1, last = 1;
  int ms = 0;        // kPause, and the delay before kTerminate and kCrash
  bool rollbacks = false;  // kTerminate: the rollback scripts instead of the backfills
};

using Schedule = std::vector<Step>;

Schedule Generate(uint64_t seed, const Fixture& fx, bool crashes);
std::string Describe(const Step& step, const Fixture& fx);
std::string Describe(const Schedule& schedule, const Fixture& fx);  // one numbered line per step
const std::string& KeyText(const Fixture& fx, int key);

}  // namespace sched
