#include "tests/schedules/runner.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace sched {
namespace fs = std::filesystem;

namespace {
constexpr const char* kDb = "sched_run";
constexpr double kScriptTimeoutS = 90;
}  // namespace

bool Outcome::Has(const std::string& check) const {
  for (const Failure& f : failures) {
    if (f.check == check) return true;
  }
  return false;
}

namespace {
std::chrono::steady_clock::time_point run_started;
}

// A line of the run's log, with the milliseconds since the schedule started.
static void Note(const std::string& log, const std::string& text) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - run_started).count();
  std::ofstream(log, std::ios::app) << "--- " << ms << " ms: " << text << "\n";
}

Runner::Script& Runner::Launch(const std::string& kind, const std::string& file, const std::vector<std::string>& vars,
                               const std::string& what) {
  auto s = std::make_unique<Script>();
  s->tag = kind + ":" + std::to_string(++next_id_);
  s->what = what;
  std::vector<std::string> args = {"psql", "-X", "-v", "ON_ERROR_STOP=1", "-d", kDb};
  for (const std::string& v : vars) {
    args.push_back("-v");
    args.push_back(v);
  }
  args.push_back("-f");
  args.push_back(fs::path(fx_.bundle) / file);
  Note(log_, s->tag + ": " + what);
  // Each script's session is tagged for the audit log; application_name is the script's own.
  s->p = Spawn(args,
               {"PGAPPNAME=sched-" + s->tag, "PGOPTIONS=-c sched.run=" + s->tag, "PGTZ=UTC", "PGCONNECT_TIMEOUT=20"},
               log_);
  scripts_.push_back(std::move(s));
  return *scripts_.back();
}

bool Runner::AnyRunning() {
  bool any = false;
  for (auto& s : scripts_) {
    if (!s->p.done && Poll(s->p)) Finish(*s);
    any |= !s->p.done;
  }
  return any;
}

bool Runner::RollbackRunning() {
  AnyRunning();
  for (auto& s : scripts_) {
    if (!s->p.done && s->tag.rfind("rollback:", 0) == 0) return true;
  }
  return false;
}

void Runner::Finish(Script& s) {
  Note(log_, s.tag + " exited " + std::to_string(s.p.status));
  if (s.p.status == 137) Fail("hang", s.tag + " (" + s.what + ") ran for more than " + std::to_string(int(kScriptTimeoutS)) + " s and was killed");
  if (s.expect_ok && s.p.status != 0) {
    Fail("exit", s.tag + " (" + s.what + ", alone on the table) exited " + std::to_string(s.p.status) + ", expected 0");
  }
  if (s.expect_refused && s.p.status == 0) {
    Fail("stop", s.tag + " (" + s.what + ") ran after a rollback without -v resume=1 and exited 0, expected a refusal");
  }
  if (s.check_complete && s.p.status == 0) {
    // What the model says is left, but the rows whose new value the table rejects (skipped).
    Predicate needs_backfill(*db_, fx_);
    long left = PendingRows(fx_, Replay(fx_, ReadLog(*db_), std::ref(needs_backfill)), needs_backfill);
    if (!fx_.poison_pending.empty()) left -= std::stol(db_->must("SELECT count(*) FROM " + fx_.table + " WHERE " + fx_.poison_pending).at(0, 0));
    if (left != 0) {
      Fail("complete", s.tag + " (" + s.what + ", alone on the table) exited 0 but left " + std::to_string(left) +
                           " rows that still need the backfill");
    }
  }
}

void Runner::WaitAll() {
  for (auto& s : scripts_) {
    if (!s->p.done) {
      Wait(s->p, kScriptTimeoutS);
      Finish(*s);
    }
  }
}

std::vector<std::string> Runner::BackfillVars(const Step& step, long max_rows) {
  std::vector<std::string> vars = {"max_rows=" + std::to_string(max_rows), "batch_size=" + std::to_string(step.batch_size),
                                   std::string("on_error=") + (step.skip ? "skip" : "stop"), "sleep_ms=0"};
  if (step.resume) vars.push_back("resume=1");
  if (step.lag_off) vars.push_back("max_lag_s=off");
  return vars;
}

void Runner::RunBackfill(const Step& step) {
  if (step.op == Op::kTwoBackfills) {
    for (long max_rows : {step.max_rows, step.max_rows2}) {
      Step one = step;
      one.op = Op::kBackfill;
      one.max_rows = max_rows;
      one.bg = true;
      Script& script = Launch("backfill", "03_backfill.sql", BackfillVars(one, max_rows), Describe(one, fx_) + ", concurrent");
      max_rows_[script.tag] = max_rows;
    }
    if (stop_ == Stop::kStopped) stop_ = Stop::kUnknown;
    return;
  }
  bool alone = !AnyRunning() && !step.bg;
  bool poison = false;
  if (alone && !fx_.poison_pending.empty()) {
    poison = db_->must("SELECT count(*) FROM " + fx_.table + " WHERE " + fx_.poison_pending).at(0, 0) != "0";
  }
  Script& s = Launch("backfill", "03_backfill.sql", BackfillVars(step, step.max_rows), Describe(step, fx_));
  max_rows_[s.tag] = step.max_rows;
  bool refuse = fx_.bundle_knows_resume && stop_ == Stop::kStopped && !step.resume;
  if (alone && refuse) {
    s.expect_refused = true;
  } else if (alone && stop_ != Stop::kUnknown && (!poison || step.skip)) {
    s.expect_ok = true;
    s.check_complete = step.max_rows == 0;
  }
  if (step.bg) {
    if (step.resume && stop_ == Stop::kStopped) stop_ = Stop::kUnknown;
    return;
  }
  Wait(s.p, kScriptTimeoutS);
  Finish(s);
  if (step.resume && s.p.status == 0) stop_ = alone ? Stop::kClear : Stop::kUnknown;
}

void Runner::RunRollback(const Step& step) {
  bool alone = !AnyRunning() && !step.bg;
  std::vector<std::string> vars = {"sleep_ms=0"};
  if (step.op == Op::kRollbackBatches) {
    vars.push_back("first_batch=" + std::to_string(step.first));
    vars.push_back("last_batch=" + std::to_string(step.last));
  }
  Script& s = Launch("rollback", step.op == Op::kRollback ? "90_rollback.sql" : "91_rollback_batches.sql", vars, Describe(step, fx_));
  s.expect_ok = alone;
  if (step.bg) {
    stop_ = Stop::kUnknown;
    return;
  }
  Wait(s.p, kScriptTimeoutS);
  Finish(s);
  stop_ = s.p.status == 0 ? Stop::kStopped : Stop::kUnknown;
}

void Runner::AppWrite(const Step& step) {
  const std::string& t = fx_.table_name;
  std::string where = " WHERE " + KeyOf(t) + " = $1";
  std::string value = step.value == kBackfillValue ? fx_.set
                      : step.value == kNewValue    ? Subst(fx_.app_value, step.n)
                                                   : Subst(fx_.pending_value, step.n);
  std::string sql;
  std::vector<Value> params = {KeyText(fx_, step.key)};
  switch (step.op) {
    case Op::kAppTarget:
      sql = "UPDATE " + fx_.table + " SET " + fx_.target + " = (" + value + ")" + where;
      break;
    case Op::kAppOther:
      sql = "UPDATE " + fx_.table + " SET " + fx_.other + " = (" + Subst(fx_.other_value, step.n) + ")" + where;
      break;
    case Op::kDelete:
      sql = "DELETE FROM " + fx_.table + where;
      break;
    default: {  // kInsert: the initial row of that key again, or a fresh key on another row's columns
      int initial = static_cast<int>(fx_.initial_keys.size());
      std::string patch = "'{}'::jsonb";
      if (step.key >= initial) {
        patch = "(" + Subst(fx_.fresh_key, step.key - initial + 1) + ")";
        if (step.value == kPoison) patch += " || (" + fx_.poison + ")";
        params = {KeyText(fx_, step.src)};
      }
      sql = "INSERT INTO " + fx_.table + " SELECT (jsonb_populate_record(NULL::" + fx_.table + ", to_jsonb(" + t +
            ") || jsonb_build_object(" + Literal(fx_.target) + ", (" + value + ")))).* FROM (SELECT (jsonb_populate_record(NULL::" +
            fx_.table + ", to_jsonb(i) || " + patch + ")).* FROM sched.initial AS i WHERE " + KeyOf("i") + " = $1) AS " + t;
    }
  }
  Result r = app_->exec(sql, params);
  Note(log_, "app: " + Describe(step, fx_) + (r.ok ? "" : ": " + r.error));
}

void Runner::Crash(int ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  std::vector<std::string> args;
  if (geteuid() == 0) args = {"runuser", "-u", "postgres", "--"};
  for (const std::string& a : {options_.pg_bin + "/pg_ctl", std::string("-D"), options_.pg_dir + "/data", std::string("-m"),
                               std::string("immediate"), std::string("-w"), std::string("-t"), std::string("60"),
                               std::string("-l"), options_.pg_dir + "/server.log", std::string("restart")}) {
    args.push_back(a);
  }
  Note(log_, "server: immediate stop and start");
  Process p = Spawn(args, {}, log_);
  if (Wait(p, 120) != 0) throw std::runtime_error("pg_ctl restart failed; see " + log_);
  for (Conn* c : {&admin_, db_.get(), app_.get()}) {
    if (!c->connect(60)) throw std::runtime_error("cannot connect after the restart");
  }
}

void Runner::Execute(const Step& step) {
  switch (step.op) {
    case Op::kBackfill:
    case Op::kTwoBackfills:
      RunBackfill(step);
      break;
    case Op::kRollback:
    case Op::kRollbackBatches:
      RunRollback(step);
      break;
    case Op::kAppTarget:
    case Op::kAppOther:
    case Op::kDelete:
    case Op::kInsert:
      AppWrite(step);
      break;
    case Op::kTerminate: {
      std::this_thread::sleep_for(std::chrono::milliseconds(step.ms));
      std::string who = step.rollbacks ? "rollback" : "backfill";
      bool rollback_running = RollbackRunning();
      Result r = db_->exec("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() "
                           "AND pid <> pg_backend_pid() AND (application_name LIKE '" + who + "%' OR application_name LIKE 'sched-" +
                           who + ":%')");
      Note(log_, "terminated " + (r.ok ? r.at(0, 0) : r.error) + " " + who + " sessions");
      if (rollback_running) stop_ = Stop::kUnknown;
      break;
    }
    case Op::kCrash:
      if (RollbackRunning()) stop_ = Stop::kUnknown;
      Crash(step.ms);
      break;
    case Op::kPause:
      std::this_thread::sleep_for(std::chrono::milliseconds(step.ms));
      break;
    case Op::kWait:
      WaitAll();
      break;
  }
}

Outcome Runner::Run(const Schedule& schedule) {
  outcome_ = Outcome();
  scripts_.clear();
  max_rows_.clear();
  stop_ = Stop::kClear;
  next_id_ = 0;
  run_started = std::chrono::steady_clock::now();
  log_ = fs::path(options_.work) / fx_.name / "run.log";
  std::ofstream(log_, std::ios::trunc) << "schedule:\n" << Describe(schedule, fx_);

  try {
    admin_.must(std::string("DROP DATABASE IF EXISTS ") + kDb + " WITH (FORCE)");
    admin_.must(std::string("CREATE DATABASE ") + kDb + " TEMPLATE " + fx_.template_db + " STRATEGY FILE_COPY");
    // Acknowledged commits survive pg_ctl -m immediate (the server runs with fsync off, but
    // the kernel keeps what was written); one time zone for every key written as text.
    admin_.must(std::string("ALTER DATABASE ") + kDb + " SET synchronous_commit = on");
    admin_.must(std::string("ALTER DATABASE ") + kDb + " SET timezone = 'UTC'");
    db_ = std::make_unique<Conn>(std::string("dbname=") + kDb + " application_name=sched-driver");
    app_ = std::make_unique<Conn>(std::string("dbname=") + kDb + " application_name=app options='-c sched.run=app -c statement_timeout=30000'");

    Note(log_, "database ready");
    for (const Step& step : schedule) Execute(step);
    WaitAll();
    Note(log_, "quiet: checking");
    Predicate needs_backfill(*db_, fx_);
    Model m = Replay(fx_, ReadLog(*db_), std::ref(needs_backfill));
    auto add = [&](std::vector<Failure> found) {
      for (Failure& f : found) outcome_.failures.push_back(std::move(f));
    };
    add(Violations(m));
    add(CheckTableMatchesLog(*db_, fx_, m));
    add(CheckBackup(*db_, fx_, m));
    add(CheckMaxRows(m, max_rows_));
    for (auto& s : scripts_) {
      if (s->expect_refused && m.backfill_writes.count(s->tag)) {
        Fail("stop", s->tag + " (" + s->what + ") should have been refused after a rollback but changed rows");
      }
    }
    // (d) 04_verify.sql passes exactly when the model has no row left that needs the backfill.
    long pending = PendingRows(fx_, m, needs_backfill);
    Script& verify = Launch("verify", "04_verify.sql", {}, "04_verify.sql");
    Wait(verify.p, kScriptTimeoutS);
    Finish(verify);
    if ((verify.p.status == 0) != (pending == 0)) {
      Fail("d", "04_verify.sql exited " + std::to_string(verify.p.status) + " but the model has " + std::to_string(pending) +
                    " rows that still need the backfill");
    }
    // (a), (b) and (c) after a final full rollback.
    SnapshotTable(*db_, fx_);
    Step final_rollback;
    final_rollback.op = Op::kRollback;
    stop_ = Stop::kClear;
    RunRollback(final_rollback);
    Model after = Replay(fx_, ReadLog(*db_), std::ref(needs_backfill), m.last_seq);
    add(Violations(after));
    add(CheckRolledBack(*db_, fx_, m));
    add(CheckBackup(*db_, fx_, after));
    Note(log_, "checked");
  } catch (const std::exception& e) {
    Fail("harness", e.what());
  }
  WaitAll();
  db_.reset();
  app_.reset();
  std::ifstream in(log_);
  std::stringstream text;
  text << in.rdbuf();
  outcome_.log = text.str();
  return outcome_;
}

}  // namespace sched
