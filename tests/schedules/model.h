// The model: the audit log replayed per key. Every committed write to the table is in the
// log (sched.log, written by an AFTER ROW trigger in the writer's transaction), and writes to
// one row are serialized by its row lock, so seq order per key is the row's real history.
//   after a backfill write: the backfill owns the row; the value to restore is the one before
//     that write, unless the previous write was the backfill's own (then the earlier one stays)
//   after an application write (UPDATE, DELETE, INSERT): the application owns it
//   after a rollback write: nobody owns it (restored)
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "tests/schedules/fixture.h"

namespace sched {

enum class Owner { kNobody, kBackfill, kApp };
enum class Role { kApp, kBackfill, kRollback, kUnknown };

struct LogEntry {
  long seq = 0;
  std::string key;
  char op = 'U';  // I, U, D
  Value value, other;
  std::string app, tag;
  int pid = 0;
};

struct KeyState {
  bool exists = false;
  Value value, other;
  Owner owner = Owner::kNobody;
  Value restore;             // when the backfill owns the row
  bool touched = false;      // the backfill wrote it and no rollback since (its entry applied or kept)
  std::string history;       // the last writes, for messages
};

struct Model {
  std::map<std::string, KeyState> keys;
  struct Violation {
    std::string code;  // rollback-over-app, rollback-value (the value restored is not the one before) ...
    std::string text;
  };
  std::vector<Violation> violations;  // writes the rules forbid
  std::map<std::string, std::map<int, long>> backfill_writes;  // tag -> pid -> rows written
  long last_seq = 0;
};

Role RoleOf(const LogEntry& e);
std::vector<LogEntry> ReadLog(Conn& db, long after_seq = 0);
// Replays the log over the fixture's initial rows. needs_backfill(value) is the fixture's
// predicate; violations are only reported for entries with seq > report_after.
// NeedsBackfill: the predicate, and with on_application_write keep, never a row touched.
Model Replay(const Fixture& fx, const std::vector<LogEntry>& log,
             const std::function<bool(const Value&)>& needs_backfill, long report_after = 0);
std::string Show(const Value& v);
bool NeedsBackfill(const Fixture& fx, const KeyState& k, const std::function<bool(const Value&)>& predicate);

}  // namespace sched
