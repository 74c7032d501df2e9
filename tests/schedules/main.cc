// schedule_test: random schedules of backfill, application writes, rollbacks, terminations
// and server crashes, run against a bundle on a real PostgreSQL server and checked against a
// model of who owns each row (model.h). See tests/schedules/README.md.
//   schedule_test --tool build/backfill-plan --seed 1 --count 50 [--fixture NAME ...]
// Connects with the PG* environment (PGHOST, PGPORT, PGUSER). Prints one line per failing
// schedule (its seed reruns it: --seed S --count 1), its steps, the smallest failing schedule
// shrinking found, and "N schedules, M failed".
#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

#include "tests/schedules/runner.h"

namespace fs = std::filesystem;
using namespace sched;

namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

std::string Summary(const Outcome& o) {
  std::string out;
  for (const Failure& f : o.failures) out += "    [" + f.check + "] " + f.text + "\n";
  return out;
}

// Drops steps one at a time while the schedule still fails the same check; each candidate runs
// up to three times, since concurrency makes a run nondeterministic.
Schedule Shrink(Runner& runner, Schedule schedule, const std::string& check, double budget_s, int& runs) {
  auto start = std::chrono::steady_clock::now();
  for (bool changed = true; changed && Seconds(start) < budget_s;) {
    changed = false;
    for (size_t i = schedule.size(); i-- > 0 && Seconds(start) < budget_s;) {
      Schedule candidate = schedule;
      candidate.erase(candidate.begin() + static_cast<long>(i));
      for (int attempt = 0; attempt < 3; ++attempt) {
        ++runs;
        if (runner.Run(candidate).Has(check)) {
          schedule = candidate;
          changed = true;
          break;
        }
      }
    }
  }
  return schedule;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("Randomized, model-checked schedules of a backfill bundle on a PostgreSQL server");
  std::string tool, fixtures_dir = SOURCE_DIR "/tests/schedules/fixtures";
  std::vector<std::string> fixtures;
  uint64_t seed = 1;
  long count = 20;
  int shrink = 1;
  double shrink_s = 60, budget_s = 0;
  Options options;
  options.work = (fs::temp_directory_path() / "schedule_test").string();
  app.add_option("--tool", tool, "the backfill-plan binary")->required();
  app.add_option("--seed", seed, "the first schedule's seed; schedule i uses seed + i");
  app.add_option("--count", count, "schedules per fixture");
  app.add_option("--fixture", fixtures, "fixture names (default: every folder of --fixtures)");
  app.add_option("--fixtures", fixtures_dir, "the fixtures folder");
  app.add_option("--work", options.work, "scratch folder for bundles and logs");
  app.add_option("--pg-dir", options.pg_dir, "the server's folder (data/, server.log) for crash steps; none: no crashes");
  app.add_option("--pg-bin", options.pg_bin, "the PostgreSQL binaries (pg_ctl)");
  app.add_option("--shrink", shrink, "how many failing schedules to shrink (in all)");
  app.add_option("--shrink-seconds", shrink_s, "time limit for one shrink");
  app.add_option("--budget-seconds", budget_s,
                 "stop starting schedules after this long, shared out over the fixtures (0: run every --count)");
  app.add_flag("--verbose", options.verbose, "print every schedule's steps and result");
  CLI11_PARSE(app, argc, argv);
  if (fixtures.empty()) fixtures = ListFixtures(fixtures_dir);
  tool = fs::absolute(tool);
  fs::create_directories(options.work);

  Conn admin("dbname=postgres application_name=sched-admin");
  long total = 0, failed = 0;
  auto start = std::chrono::steady_clock::now();
  std::map<std::string, long> by_check;
  int shrinks_left = shrink;
  for (size_t f = 0; f < fixtures.size(); ++f) {
    const std::string& name = fixtures[f];
    // This fixture's share of what is left of the budget.
    double share = budget_s > 0 ? (budget_s - Seconds(start)) / static_cast<double>(fixtures.size() - f) : 0;
    Fixture fx = LoadFixture(fixtures_dir, name);
    try {
      SetupFixture(fx, tool, options.work, admin);
    } catch (const std::exception& e) {
      std::cout << "FAIL " << name << ": setup: " << e.what() << "\n";
      ++failed;
      continue;
    }
    std::cout << "fixture " << name << ": seeds " << seed << ".." << seed + count - 1 << ", " << fx.initial_keys.size()
              << " rows" << (fx.bundle_knows_resume ? ", bundle has resume" : "")
              << (fx.bundle_knows_new_xmin ? ", backup has new_xmin" : "") << std::endl;
    Runner runner(fx, options, admin);
    long fixture_failed = 0;
    auto fixture_start = std::chrono::steady_clock::now();
    long ran = 0;
    for (long i = 0; i < count; ++i) {
      if (budget_s > 0 && Seconds(fixture_start) > share) break;
      ++ran;
      uint64_t s = seed + static_cast<uint64_t>(i);
      Schedule schedule = Generate(s, fx, !options.pg_dir.empty());
      Outcome o = runner.Run(schedule);
      ++total;
      if (options.verbose) std::cout << "seed " << s << ":\n" << Describe(schedule, fx) << Summary(o);
      if (!o.failed()) continue;
      ++failed;
      ++fixture_failed;
      std::set<std::string> checks;
      for (const Failure& f : o.failures) checks.insert(f.check);
      for (const std::string& c : checks) by_check[c]++;
      std::string first = o.failures.front().text;
      std::cout << "FAIL " << name << " seed " << s << " [" << o.failures.front().check << "] "
                << first.substr(0, first.find('\n')) << std::endl;
      std::string kept = (fs::path(options.work) / name / ("fail-" + std::to_string(s) + ".log")).string();
      std::ofstream(kept) << o.log << "\nfailures:\n" << Summary(o);
      if (shrinks_left-- <= 0) continue;
      std::cout << "  schedule (" << schedule.size() << " steps):\n" << Describe(schedule, fx) << "  failures:\n" << Summary(o);
      int runs = 0;
      Schedule small = Shrink(runner, schedule, o.failures.front().check, shrink_s, runs);
      Outcome again = runner.Run(small);
      std::cout << "  shrunk to " << small.size() << " steps (" << runs << " runs):\n" << Describe(small, fx)
                << (again.failed() ? "  its failures:\n" + Summary(again) : "  (its last run passed: nondeterministic)\n")
                << "  log: " << kept << std::endl;
    }
    std::cout << "fixture " << name << ": " << ran << " schedules (seeds " << seed << ".." << seed + ran - 1 << "), " << fixture_failed << " failed, "
              << static_cast<int>(Seconds(fixture_start)) << " s" << std::endl;
  }
  std::cout << total << " schedules, " << failed << " failed (" << static_cast<int>(Seconds(start)) << " s)";
  for (const auto& [check, n] : by_check) std::cout << (check == by_check.begin()->first ? "; by check: " : ", ") << check << " " << n;
  std::cout << std::endl;
  return failed ? 1 : 0;
}
