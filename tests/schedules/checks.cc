#include "tests/schedules/checks.h"

namespace sched {

namespace {

// Up to five examples, then how many more.
class Examples {
 public:
  void Add(const std::string& text) {
    if (++count_ <= 5) text_ += "\n      " + text;
  }
  bool empty() const { return count_ == 0; }
  std::string str() const { return text_ + (count_ > 5 ? "\n      ... and " + std::to_string(count_ - 5) + " more" : ""); }
  long count() const { return count_; }

 private:
  long count_ = 0;
  std::string text_;
};

const char* OwnerName(Owner o) { return o == Owner::kBackfill ? "backfill" : o == Owner::kApp ? "application" : "nobody"; }

}  // namespace

void Predicate::Prime(const std::vector<Value>& values) {
  std::vector<Value> unknown;
  for (const Value& v : values) {
    if (!known_.count(v)) unknown.push_back(v);
  }
  if (unknown.empty()) return;
  Result r = db_.must("SELECT x.v, coalesce((" + fx_.pending + "), false) FROM unnest($1::text[]) AS x(v)",
                      {ArrayLiteral(unknown)});
  for (const Row& row : r.rows) known_[row[0]] = row[1] == "t";
}

bool Predicate::operator()(const Value& v) {
  if (!known_.count(v)) Prime({v});
  return known_[v];
}

std::vector<Failure> Violations(const Model& m) {
  std::vector<Failure> out;
  for (const Model::Violation& v : m.violations) out.push_back({v.code, v.text});
  return out;
}

std::vector<Failure> CheckTableMatchesLog(Conn& db, const Fixture& fx, const Model& m) {
  Result r = db.must("SELECT " + KeyOf("t") + ", to_jsonb(t) ->> $1, to_jsonb(t) ->> $2 FROM " + fx.table + " AS t",
                     {fx.target, fx.other});
  std::map<std::string, std::pair<Value, Value>> table;
  for (const Row& row : r.rows) table[*row[0]] = {row[1], row[2]};
  Examples bad;
  for (const auto& [key, k] : m.keys) {
    auto it = table.find(key);
    if (!k.exists && it != table.end()) bad.Add(key + ": in the table, but the log says deleted");
    if (k.exists && it == table.end()) bad.Add(key + ": missing from the table, but the log has it");
    if (k.exists && it != table.end() && (it->second.first != k.value || it->second.second != k.other)) {
      bad.Add(key + ": table " + Show(it->second.first) + "/" + Show(it->second.second) + ", log " + Show(k.value) +
              "/" + Show(k.other));
    }
  }
  for (const auto& [key, values] : table) {
    if (!m.keys.count(key)) bad.Add(key + ": in the table but never in the log");
  }
  if (bad.empty()) return {};
  return {{"log", "the table and the audit log disagree (a write the log did not see?) in " +
                      std::to_string(bad.count()) + " rows:" + bad.str()}};
}

std::vector<Failure> CheckMaxRows(const Model& m, const std::map<std::string, long>& max_rows) {
  std::vector<Failure> out;
  for (const auto& [tag, pids] : m.backfill_writes) {
    auto limit = max_rows.find(tag);
    if (limit == max_rows.end() || limit->second <= 0) continue;
    for (const auto& [pid, rows] : pids) {
      if (rows > limit->second) {
        out.push_back({"e", tag + " (pid " + std::to_string(pid) + ") ran with max_rows=" + std::to_string(limit->second) +
                                " but changed " + std::to_string(rows) + " rows"});
      }
    }
  }
  return out;
}

long PendingRows(const Fixture& fx, const Model& m, Predicate& needs_backfill) {
  std::vector<Value> values;
  for (const auto& [key, k] : m.keys) values.push_back(k.value);
  needs_backfill.Prime(values);
  long n = 0;
  for (const auto& [key, k] : m.keys) n += NeedsBackfill(fx, k, std::ref(needs_backfill));
  return n;
}

static std::string RowsQuery(const Fixture& fx) {
  return "SELECT " + KeyOf("t") + " AS k, to_jsonb(t) ->> " + Literal(fx.target) + " AS v, (to_jsonb(t) - " +
         IgnoredColumns(fx) + " - " + Literal(fx.target) + ")::text AS rest FROM " + fx.table + " AS t";
}

void SnapshotTable(Conn& db, const Fixture& fx) {
  db.must("DROP TABLE IF EXISTS sched.q; CREATE TABLE sched.q AS " + RowsQuery(fx));
}

std::vector<Failure> CheckRolledBack(Conn& db, const Fixture& fx, const Model& at_snapshot) {
  Result r = db.must("SELECT coalesce(q.k, n.k), q.k IS NOT NULL, q.v, q.rest, n.k IS NOT NULL, n.v, n.rest FROM sched.q AS q "
                     "FULL JOIN (" + RowsQuery(fx) + ") AS n ON n.k = q.k");
  Examples app, restored, untouched;
  for (const Row& row : r.rows) {
    const std::string& key = *row[0];
    bool was = row[1] == "t", is = row[4] == "t";
    auto it = at_snapshot.keys.find(key);
    Owner owner = it == at_snapshot.keys.end() ? Owner::kNobody : it->second.owner;
    std::string history = it == at_snapshot.keys.end() ? "" : "; history: " + it->second.history;
    std::string now = is ? Show(row[5]) + " " + row[6].value_or("") : "(deleted)";
    std::string before = was ? Show(row[2]) + " " + row[3].value_or("") : "(absent)";
    if (owner == Owner::kBackfill) {
      const Value& restore = it->second.restore;
      if (!is || row[5] != restore || row[6] != row[3]) {
        restored.Add(key + ": expected " + Show(restore) + " " + row[3].value_or("") + ", got " + now + history);
      }
    } else if (was != is || row[2] != row[5] || row[3] != row[6]) {
      (owner == Owner::kApp ? app : untouched).Add(key + ": the rollback changed " + before + " to " + now + history);
    }
  }
  std::vector<Failure> out;
  if (!app.empty()) {
    out.push_back({"a", std::to_string(app.count()) + " rows the application wrote after the backfill lost its value:" + app.str()});
  }
  if (!restored.empty()) {
    out.push_back({"b", std::to_string(restored.count()) + " rows only the backfill changed are not back to their old value:" +
                            restored.str()});
  }
  if (!untouched.empty()) {
    out.push_back({"b", std::to_string(untouched.count()) + " rows the backfill did not own were changed:" + untouched.str()});
  }
  return out;
}

std::vector<Failure> CheckBackup(Conn& db, const Fixture& fx, const Model& m) {
  // The backup table: <schema>.<table>_<column>_backup_<date>; its key columns carry the
  // table's names. A live entry: 'applied', and the row is still the version the batch wrote
  // (new_xmin when the backup has it; otherwise the best the old design can say, its value).
  std::string schema = fx.table.substr(0, fx.table.find('.'));
  std::string backup = schema + "." + fx.table_name + "_" + fx.target + "_backup_20261121";
  bool has_xmin = db.must("SELECT count(*) FROM pg_attribute WHERE attrelid = $1::regclass AND attname = 'new_xmin' "
                          "AND NOT attisdropped", {backup}).at(0, 0) != "0";
  std::string live = has_xmin ? "b.state = 'applied' AND t.xmin = b.new_xmin"
                              : "b.state = 'applied' AND (to_jsonb(t) ->> " + Literal(fx.target) +
                                    ") IS NOT DISTINCT FROM (to_jsonb(b) ->> 'new_value')";
  Result r = db.must("SELECT " + KeyOf("b") + ", b.state, to_jsonb(b) ->> 'old_value', to_jsonb(b) ->> 'new_value', "
                     "coalesce(" + live + ", false) FROM " + backup + " AS b LEFT JOIN " + fx.table + " AS t ON " +
                     KeyOf("t") + " = " + KeyOf("b"));
  std::map<std::string, std::pair<Value, Value>> live_entries;  // key -> old, new
  std::map<std::string, std::string> states;
  for (const Row& row : r.rows) {
    states[*row[0]] = *row[1];
    if (row[4] == "t") live_entries[*row[0]] = {row[2], row[3]};
  }
  Examples missing, extra, wrong;
  for (const auto& [key, k] : m.keys) {
    bool owned = k.exists && k.owner == Owner::kBackfill;
    auto it = live_entries.find(key);
    if (owned && it == live_entries.end()) {
      missing.Add(key + " (state " + (states.count(key) ? states[key] : "none") + "); history: " + k.history);
    } else if (!owned && it != live_entries.end()) {
      extra.Add(key + " is owned by the " + OwnerName(k.owner) + " (value " + Show(k.value) + "), the entry would restore " +
                Show(it->second.first) + "; history: " + k.history);
    } else if (owned && (it->second.first != k.restore || it->second.second != k.value)) {
      wrong.Add(key + ": entry old " + Show(it->second.first) + " new " + Show(it->second.second) + ", model restore " +
                Show(k.restore) + " value " + Show(k.value) + "; history: " + k.history);
    }
  }
  for (const auto& [key, entry] : live_entries) {
    if (!m.keys.count(key)) extra.Add(key + ": a live entry for a row the log never saw");
  }
  std::vector<Failure> out;
  std::string what = "backup " + backup + (has_xmin ? " (new_xmin)" : " (by value: no new_xmin column)");
  if (!missing.empty()) out.push_back({"c", what + ": no live entry for " + std::to_string(missing.count()) + " rows the backfill owns:" + missing.str()});
  if (!extra.empty()) out.push_back({"c", what + ": a live entry for " + std::to_string(extra.count()) + " rows the backfill does not own:" + extra.str()});
  if (!wrong.empty()) out.push_back({"c", what + ": " + std::to_string(wrong.count()) + " live entries hold the wrong values:" + wrong.str()});
  return out;
}

}  // namespace sched
