// A fixture: a schema, its data, a requirement and what the schedules need to know about the
// table (sched.json). Setting one up writes its bundle and a template database that holds
// the table, the audit log (schema sched) and what 02_prepare.sql creates.
#pragma once

#include <string>
#include <vector>

#include "tests/schedules/pg.h"

namespace sched {

struct Fixture {
  std::string name;
  std::string dir;     // tests/schedules/fixtures/<name>
  std::string bundle;  // the generated bundle folder

  // From sched.json (SQL snippets; $n is replaced by an integer).
  std::string table;       // schema.table
  std::string table_name;  // table, for aliases the set expression may name
  std::vector<std::string> key;
  std::string target, other;
  std::string other_value, app_value, pending_value;
  std::string pending;         // predicate over v (the target as text): the row still needs the backfill
  std::string fresh_key;       // jsonb with every key column, for a new row number $n
  std::string poison;          // optional jsonb patch: a row whose new value the table rejects
  std::string poison_pending;  // optional predicate over the table: such a row still waits
  std::vector<std::string> ignore;  // columns triggers maintain: not compared
  // From requirement.json.
  std::string set;
  // on_application_write keep (the default for fix): a row the backfill changed and the
  // application wrote since is not changed again, whatever its value.
  bool keep = false;

  std::string template_db;
  // Known after Setup: the initial rows' keys (sorted) and the fresh keys 1..kFreshKeys.
  std::vector<std::string> initial_keys;
  std::vector<bool> initial_pending;
  std::vector<std::string> fresh_keys;
  struct Initial {
    std::string key;
    Value value, other;
  };
  std::vector<Initial> initial_rows;
  // What the bundle's text says it supports (the contract is landing piece by piece).
  bool bundle_knows_resume = false;
  bool bundle_knows_new_xmin = false;
};

constexpr int kFreshKeys = 64;

// Reads fixtures/<name>/sched.json and requirement.json.
Fixture LoadFixture(const std::string& fixtures_dir, const std::string& name);
std::vector<std::string> ListFixtures(const std::string& fixtures_dir);

// Writes the bundle with `tool` into work/<name>/bundle and builds the template database.
void SetupFixture(Fixture& fx, const std::string& tool, const std::string& work, Conn& admin);

// "<table> t" helpers shared by the runner and the checks.
std::string Subst(std::string sql, long n);       // $n -> n
std::string KeyOf(const std::string& row_alias);  // sched.k(to_jsonb(alias))
std::string IgnoredColumns(const Fixture& fx);    // ARRAY['a','b']::text[]

// Runs psql on one file in `db` (foreground, output appended to log); returns the exit status.
int RunPsqlFile(const std::string& db, const std::string& file, const std::string& log);

}  // namespace sched
