// The checks run after a schedule, against the model (model.h).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "tests/schedules/model.h"

namespace sched {

struct Failure {
  std::string check;  // a short id: shrinking keeps a candidate only if it fails the same check
  std::string text;
};

// The fixture's predicate (over the target's text) evaluated by the server, cached per value.
class Predicate {
 public:
  Predicate(Conn& db, const Fixture& fx) : db_(db), fx_(fx) {}
  void Prime(const std::vector<Value>& values);
  bool operator()(const Value& v);

 private:
  Conn& db_;
  const Fixture& fx_;
  std::map<Value, bool> known_;
};

// Every row's target and other column are what the log says (the log is complete).
std::vector<Failure> CheckTableMatchesLog(Conn& db, const Fixture& fx, const Model& m);
// (c) One live backup entry per row the backfill owns, with the value to restore. Isolated:
// the backup table's columns are being redesigned.
std::vector<Failure> CheckBackup(Conn& db, const Fixture& fx, const Model& m);
// (e) No backfill session changed more rows than its own max_rows (tag -> max_rows, 0 = no limit).
std::vector<Failure> CheckMaxRows(const Model& m, const std::map<std::string, long>& max_rows);
// Rows the model says still need the backfill.
long PendingRows(const Fixture& fx, const Model& m, Predicate& needs_backfill);
// Before the final 90_rollback.sql: keeps the table's rows in sched.q.
void SnapshotTable(Conn& db, const Fixture& fx);
// (a) and (b) after the final 90_rollback.sql, against the model at the snapshot.
std::vector<Failure> CheckRolledBack(Conn& db, const Fixture& fx, const Model& at_snapshot);
// Model violations as failures (the id is the violation's code).
std::vector<Failure> Violations(const Model& m);

}  // namespace sched
