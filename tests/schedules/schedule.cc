#include "tests/schedules/schedule.h"

#include <random>

namespace sched {

const std::string& KeyText(const Fixture& fx, int key) {
  int initial = static_cast<int>(fx.initial_keys.size());
  return key < initial ? fx.initial_keys[key] : fx.fresh_keys[key - initial];
}

namespace {

template <typename T>
T Pick(std::mt19937_64& rng, std::initializer_list<T> items) {
  std::uniform_int_distribution<size_t> d(0, items.size() - 1);
  return *(items.begin() + d(rng));
}

struct Generator {
  std::mt19937_64 rng;
  const Fixture& fx;
  std::vector<int> pending_keys, other_keys, deleted;
  std::vector<int> fresh_used;
  long n = 0;

  Generator(uint64_t seed, const Fixture& f) : rng(seed), fx(f) {
    for (size_t i = 0; i < fx.initial_keys.size(); ++i) {
      (fx.initial_pending[i] ? pending_keys : other_keys).push_back(static_cast<int>(i));
    }
  }
  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
  bool Chance(int percent) { return Int(1, 100) <= percent; }
  int From(const std::vector<int>& keys) { return keys[Int(0, static_cast<int>(keys.size()) - 1)]; }

  // Mostly rows the backfill changes; sometimes rows that need nothing, or rows inserted before.
  int AnyKey() {
    int roll = Int(1, 100);
    if (roll <= 15 && !fresh_used.empty()) return From(fresh_used);
    if (roll <= 30 && !other_keys.empty()) return From(other_keys);
    return From(pending_keys.empty() ? other_keys : pending_keys);
  }

  Step Backfill() {
    Step s;
    s.op = Op::kBackfill;
    s.max_rows = Pick<long>(rng, {0, 0, 0, 1, 5, 10, 30, 100});
    // One row per batch is slow over a whole table: only for runs that stop early.
    s.batch_size = s.max_rows > 0 && s.max_rows <= 30 ? Pick(rng, {1, 2, 5, 10}) : Pick(rng, {3, 5, 10, 20, 50});
    s.skip = Chance(50);
    s.bg = Chance(50);
    s.resume = Chance(85);
    s.lag_off = Chance(50);
    return s;
  }

  Step Next(bool crashes) {
    Step s;
    s.n = ++n;
    int roll = Int(1, 100);
    if (roll <= 18) return Backfill();
    if (roll <= 22) {
      s.op = Op::kTwoBackfills;
      s.max_rows = Pick<long>(rng, {3, 10, 25});
      s.max_rows2 = Pick<long>(rng, {3, 10, 25});
      s.batch_size = Pick(rng, {1, 2, 5});
      s.skip = Chance(50);
      s.lag_off = Chance(50);
      return s;
    }
    if (roll <= 38) {
      s.op = Op::kAppTarget;
      s.key = AnyKey();
      int v = Int(1, 100);
      s.value = v <= 40 ? kNewValue : v <= 75 ? kBackfillValue : kPendingValue;
      return s;
    }
    if (roll <= 45) {
      s.op = Op::kAppOther;
      s.key = AnyKey();
      return s;
    }
    if (roll <= 51) {
      s.op = Op::kDelete;
      s.key = AnyKey();
      deleted.push_back(s.key);
      return s;
    }
    if (roll <= 60) {
      s.op = Op::kInsert;
      int initial = static_cast<int>(fx.initial_keys.size());
      if (!deleted.empty() && Chance(60)) {
        s.key = From(deleted);
      } else {
        s.key = initial + Int(0, kFreshKeys - 1);
        fresh_used.push_back(s.key);
      }
      s.src = Int(0, initial - 1);
      int v = Int(1, 100);
      s.value = v <= 40 ? kPendingValue : v <= 70 ? kBackfillValue : v <= 90 ? kNewValue : kPoison;
      if (s.value == kPoison && (fx.poison.empty() || s.key < initial)) s.value = kPendingValue;
      return s;
    }
    if (roll <= 69) {
      s.op = Op::kRollbackBatches;
      s.first = Pick<long>(rng, {1, 1, 2, 3, 5, 8, 13, 21}) + Int(0, 3);
      s.last = s.first + Pick<long>(rng, {0, 0, 1, 2, 5, 20});
      s.bg = Chance(30);
      return s;
    }
    if (roll <= 72) {
      s.op = Op::kRollback;
      s.bg = Chance(30);
      return s;
    }
    if (roll <= 76) {
      s.op = Op::kTerminate;
      s.ms = Int(0, 60);
      s.rollbacks = Chance(25);
      return s;
    }
    if (roll <= 78 && crashes) {
      s.op = Op::kCrash;
      s.ms = Int(0, 80);
      return s;
    }
    if (roll <= 93) {
      s.op = Op::kPause;
      s.ms = Pick(rng, {0, 5, 20, 50, 100});
      return s;
    }
    s.op = Op::kWait;
    return s;
  }
};

}  // namespace

Schedule Generate(uint64_t seed, const Fixture& fx, bool crashes) {
  Generator g(seed, fx);
  Schedule schedule;
  int steps = g.Int(6, 18);
  while (static_cast<int>(schedule.size()) < steps) {
    Step s = g.Next(crashes);
    // Terminating or crashing needs something running: start a background script first.
    if (s.op == Op::kTerminate || s.op == Op::kCrash) {
      Step run = g.Backfill();
      run.bg = true;
      if (s.op == Op::kTerminate && s.rollbacks) {
        run = Step{};
        run.op = Op::kRollback;
        run.bg = true;
      }
      if (run.op == Op::kBackfill) run.batch_size = Pick(g.rng, {1, 2, 5});
      schedule.push_back(run);
    }
    schedule.push_back(s);
  }
  return schedule;
}

std::string Describe(const Step& s, const Fixture& fx) {
  static const char* kValues[] = {"a new value", "the value the backfill writes", "a value that needs the backfill",
                                  "a value the table rejects after the backfill (poison)"};
  std::string bg = s.bg ? " (background)" : "";
  switch (s.op) {
    case Op::kBackfill:
      return "03_backfill.sql -v max_rows=" + std::to_string(s.max_rows) + " -v batch_size=" +
             std::to_string(s.batch_size) + " -v on_error=" + (s.skip ? "skip" : "stop") +
             (s.resume ? " -v resume=1" : "") + (s.lag_off ? " -v max_lag_s=off" : "") + bg;
    case Op::kTwoBackfills:
      return "two concurrent 03_backfill.sql: max_rows=" + std::to_string(s.max_rows) + " and max_rows=" +
             std::to_string(s.max_rows2) + ", batch_size=" + std::to_string(s.batch_size) +
             ", on_error=" + (s.skip ? "skip" : "stop") + (s.lag_off ? ", max_lag_s=off" : "") + " (background)";
    case Op::kAppTarget:
      return "app: UPDATE " + fx.target + " of " + KeyText(fx, s.key) + " to " + kValues[s.value] + " (n=" +
             std::to_string(s.n) + ")";
    case Op::kAppOther:
      return "app: UPDATE " + fx.other + " of " + KeyText(fx, s.key) + " (n=" + std::to_string(s.n) + ")";
    case Op::kDelete:
      return "app: DELETE " + KeyText(fx, s.key);
    case Op::kInsert:
      return "app: INSERT " + KeyText(fx, s.key) + " with " + kValues[s.value] + " (other columns from " +
             KeyText(fx, s.src) + ", n=" + std::to_string(s.n) + ")";
    case Op::kRollbackBatches:
      return "91_rollback_batches.sql -v first_batch=" + std::to_string(s.first) + " -v last_batch=" +
             std::to_string(s.last) + bg;
    case Op::kRollback:
      return "90_rollback.sql" + bg;
    case Op::kTerminate:
      return "after " + std::to_string(s.ms) + " ms: pg_terminate_backend of the running " +
             (s.rollbacks ? "rollback" : "backfill") + " scripts";
    case Op::kCrash:
      return "after " + std::to_string(s.ms) + " ms: pg_ctl stop -m immediate, start again";
    case Op::kPause:
      return "pause " + std::to_string(s.ms) + " ms";
    case Op::kWait:
      return "wait for the background scripts";
  }
  return "?";
}

std::string Describe(const Schedule& schedule, const Fixture& fx) {
  std::string out;
  for (size_t i = 0; i < schedule.size(); ++i) out += "    " + std::to_string(i + 1) + ". " + Describe(schedule[i], fx) + "\n";
  return out;
}

}  // namespace sched
