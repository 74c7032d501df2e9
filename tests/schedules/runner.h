// Runs one schedule on a fresh copy of the fixture's template database, then checks it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "tests/schedules/checks.h"
#include "tests/schedules/process.h"
#include "tests/schedules/schedule.h"

namespace sched {

struct Options {
  std::string work;    // scratch folder (bundles, logs)
  std::string pg_dir;  // the server's folder (pg.sh's PG_DIR: data/, server.log); "" = no crashes
  std::string pg_bin = "/usr/lib/postgresql/15/bin";
  bool verbose = false;
};

struct Outcome {
  std::vector<Failure> failures;
  std::string log;  // the psql output of the run
  bool failed() const { return !failures.empty(); }
  bool Has(const std::string& check) const;
};

class Runner {
 public:
  Runner(Fixture& fx, const Options& options, Conn& admin) : fx_(fx), options_(options), admin_(admin) {}
  Outcome Run(const Schedule& schedule);

 private:
  struct Script {
    Process p;
    std::string tag, what;
    bool expect_ok = false;       // exit 0 expected
    bool expect_refused = false;  // non-zero exit and no write expected
    bool check_complete = false;  // afterwards nothing but rows the table rejects still needs the backfill
  };
  enum class Stop { kClear, kStopped, kUnknown };

  Script& Launch(const std::string& kind, const std::string& file, const std::vector<std::string>& vars, const std::string& what);
  bool AnyRunning();
  bool RollbackRunning();
  void Finish(Script& s);
  void WaitAll();
  void Execute(const Step& step);
  void AppWrite(const Step& step);
  void Crash(int ms);
  std::vector<std::string> BackfillVars(const Step& step, long max_rows);
  void RunBackfill(const Step& step);
  void RunRollback(const Step& step);
  void Fail(const std::string& check, const std::string& text) { outcome_.failures.push_back({check, text}); }

  Fixture& fx_;
  const Options& options_;
  Conn& admin_;
  std::unique_ptr<Conn> db_, app_;
  std::vector<std::unique_ptr<Script>> scripts_;
  std::map<std::string, long> max_rows_;
  std::string log_;
  Outcome outcome_;
  Stop stop_ = Stop::kClear;
  int next_id_ = 0;
};

}  // namespace sched
