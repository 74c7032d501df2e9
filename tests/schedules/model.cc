#include "tests/schedules/model.h"

namespace sched {

std::string Show(const Value& v) { return v ? "'" + *v + "'" : "NULL"; }

bool NeedsBackfill(const Fixture& fx, const KeyState& k, const std::function<bool(const Value&)>& predicate) {
  return k.exists && predicate(k.value) && !(fx.keep && k.touched);
}

Role RoleOf(const LogEntry& e) {
  // The driver's own tag (PGOPTIONS -c sched.run=...) first; application_name otherwise.
  if (e.tag.rfind("backfill:", 0) == 0) return Role::kBackfill;
  if (e.tag.rfind("rollback:", 0) == 0) return Role::kRollback;
  if (e.tag == "app") return Role::kApp;
  if (e.app.rfind("backfill", 0) == 0) return Role::kBackfill;
  if (e.app.rfind("rollback", 0) == 0) return Role::kRollback;
  if (e.app == "app") return Role::kApp;
  return Role::kUnknown;
}

std::vector<LogEntry> ReadLog(Conn& db, long after_seq) {
  Result r = db.must("SELECT seq, k, op, v, other, app, coalesce(tag, ''), pid FROM sched.log WHERE seq > $1 ORDER BY seq",
                     {std::to_string(after_seq)});
  std::vector<LogEntry> log;
  for (const Row& row : r.rows) {
    LogEntry e;
    e.seq = std::stol(*row[0]);
    e.key = *row[1];
    e.op = (*row[2])[0];
    e.value = row[3];
    e.other = row[4];
    e.app = row[5].value_or("");
    e.tag = *row[6];
    e.pid = std::stoi(*row[7]);
    log.push_back(std::move(e));
  }
  return log;
}

Model Replay(const Fixture& fx, const std::vector<LogEntry>& log,
             const std::function<bool(const Value&)>& needs_backfill, long report_after) {
  Model m;
  for (const Fixture::Initial& row : fx.initial_rows) {
    KeyState& k = m.keys[row.key];
    k.exists = true;
    k.value = row.value;
    k.other = row.other;
  }
  for (const LogEntry& e : log) {
    KeyState& k = m.keys[e.key];
    Role role = RoleOf(e);
    std::string who = role == Role::kBackfill ? e.tag : role == Role::kRollback ? e.tag : role == Role::kApp ? "app" : e.app;
    std::string what = std::string(1, e.op) + " by " + who + " (pid " + std::to_string(e.pid) + ") -> " + Show(e.value);
    bool report = e.seq > report_after;
    auto violation = [&](const std::string& code, const std::string& text) {
      if (report) m.violations.push_back({code, "seq " + std::to_string(e.seq) + ", row " + e.key + ": " + text + "; history: " + k.history + what});
    };
    switch (role) {
      case Role::kBackfill:
        if (e.op != 'U' || !k.exists) {
          violation("backfill-insert", "the backfill inserted or deleted a row");
        } else {
          if (!NeedsBackfill(fx, k, needs_backfill)) {
            violation("backfill-unneeded", "the backfill wrote a row whose value " + Show(k.value) + " did not need it" +
                                               (fx.keep && k.touched ? " (on_application_write keep: the application wrote it after the backfill)" : ""));
          }
          k.touched = true;
          if (e.other != k.other) violation("backfill-other", "the backfill changed " + fx.other);
          if (k.owner != Owner::kBackfill) k.restore = k.value;
          k.owner = Owner::kBackfill;
        }
        m.backfill_writes[e.tag][e.pid]++;
        break;
      case Role::kRollback:
        if (e.op != 'U' || !k.exists) {
          violation("rollback-insert", "a rollback inserted or deleted a row");
        } else if (k.owner == Owner::kApp) {
          violation("rollback-over-app", "a rollback overwrote the application's write " + Show(k.value) + " with " + Show(e.value));
        } else if (k.owner == Owner::kNobody) {
          violation("rollback-not-owned", "a rollback wrote a row the backfill did not own (value " + Show(k.value) + ") with " + Show(e.value));
        } else if (e.value != k.restore) {
          violation("rollback-value", "a rollback restored " + Show(e.value) + ", but the value before the backfill was " + Show(k.restore));
        }
        if (e.other != k.other) violation("rollback-other", "a rollback changed " + fx.other);
        k.owner = Owner::kNobody;
        k.restore.reset();
        k.touched = false;
        break;
      case Role::kApp:
        k.owner = Owner::kApp;
        k.restore.reset();
        break;
      case Role::kUnknown:
        violation("unknown-writer", "a write from an unknown session (application_name '" + e.app + "')");
        break;
    }
    k.exists = e.op != 'D';
    k.value = e.op == 'D' ? Value() : e.value;
    k.other = e.op == 'D' ? Value() : e.other;
    k.history += what + "; ";
    if (k.history.size() > 600) k.history = "... " + k.history.substr(k.history.size() - 500);
    m.last_seq = e.seq;
  }
  return m;
}

}  // namespace sched
