#include "tests/schedules/fixture.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "tests/schedules/process.h"

namespace sched {
namespace fs = std::filesystem;

namespace {

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Join(const std::vector<std::string>& items, const std::string& sep, const std::string& quote = "") {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? sep : "") + quote + items[i] + quote;
  return out;
}

}  // namespace

std::vector<std::string> ListFixtures(const std::string& fixtures_dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(fixtures_dir)) {
    if (fs::exists(entry.path() / "sched.json")) names.push_back(entry.path().filename());
  }
  std::sort(names.begin(), names.end());
  return names;
}

Fixture LoadFixture(const std::string& fixtures_dir, const std::string& name) {
  Fixture fx;
  fx.name = name;
  fx.dir = fs::absolute(fs::path(fixtures_dir) / name);
  auto j = nlohmann::json::parse(ReadFile(fs::path(fx.dir) / "sched.json"));
  auto r = nlohmann::json::parse(ReadFile(fs::path(fx.dir) / "requirement.json"));
  fx.table = j.at("table");
  fx.table_name = fx.table.substr(fx.table.find('.') + 1);
  fx.key = j.at("key").get<std::vector<std::string>>();
  fx.target = j.at("target");
  fx.other = j.at("other");
  fx.other_value = j.at("other_value");
  fx.app_value = j.at("app_value");
  fx.pending_value = j.at("pending_value");
  fx.pending = j.at("pending");
  fx.fresh_key = j.at("fresh_key");
  fx.poison = j.value("poison", "");
  fx.poison_pending = j.value("poison_pending", "");
  fx.ignore = j.value("ignore", std::vector<std::string>{});
  fx.set = r.at("set");
  fx.keep = r.value("on_application_write", r.value("kind", "fill") == "fix" ? "keep" : "reapply") == "keep";
  fx.template_db = "sched_tpl_" + name;
  return fx;
}

std::string Subst(std::string sql, long n) {
  for (size_t at; (at = sql.find("$n")) != std::string::npos;) sql.replace(at, 2, std::to_string(n));
  return sql;
}

std::string KeyOf(const std::string& row_alias) { return "sched.k(to_jsonb(" + row_alias + "))"; }

std::string IgnoredColumns(const Fixture& fx) {
  return "ARRAY[" + Join(fx.ignore, ", ", "'") + "]::text[]";
}

int RunPsqlFile(const std::string& db, const std::string& file, const std::string& log) {
  Process p = Spawn({"psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db, "-f", file}, {}, log);
  return Wait(p, 120);
}

void SetupFixture(Fixture& fx, const std::string& tool, const std::string& work, Conn& admin) {
  fs::path dir = fs::path(work) / fx.name;
  fs::create_directories(dir);
  fx.bundle = dir / "bundle";
  std::string log = dir / "setup.log";
  {
    std::ofstream truncate(log);
  }
  Process gen = Spawn({tool, "--requirement", "requirement.json", "--date", "2026-11-21", "--format", "sql",
                       "--output", fx.bundle},
                      {}, log, fx.dir);
  if (Wait(gen, 120) != 0) throw std::runtime_error(fx.name + ": backfill-plan failed; see " + log);
  std::string backfill = ReadFile(fs::path(fx.bundle) / "03_backfill.sql");
  fx.bundle_knows_resume = backfill.find(":{?resume}") != std::string::npos;
  fx.bundle_knows_new_xmin = ReadFile(fs::path(fx.bundle) / "02_prepare.sql").find("new_xmin") != std::string::npos;

  admin.must("DROP DATABASE IF EXISTS " + fx.template_db + " WITH (FORCE)");
  admin.must("CREATE DATABASE " + fx.template_db);
  {
    Conn db("dbname=" + fx.template_db + " application_name=sched-setup");
    db.must(ReadFile(fs::path(fx.dir) / "schema.sql"));
    db.must(ReadFile(fs::path(fx.dir) / "data.sql"));
    std::string keyobj;
    for (const std::string& k : fx.key) keyobj += (keyobj.empty() ? "" : ", ") + Literal(k) + ", j -> " + Literal(k);
    // The audit log: every committed write to the table, in the order row locks gave them.
    db.must(R"(
CREATE SCHEMA sched;
CREATE TABLE sched.log (seq bigserial PRIMARY KEY, k text NOT NULL, op text NOT NULL, v text, other text,
                        app text, tag text, pid integer, xid xid8 DEFAULT pg_current_xact_id());
CREATE FUNCTION sched.k(j jsonb) RETURNS text LANGUAGE sql IMMUTABLE
  AS $$ SELECT jsonb_build_object()" + keyobj + R"()::text $$;
CREATE FUNCTION sched.log_row() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  j jsonb;
BEGIN
  IF TG_OP = 'DELETE' THEN j := to_jsonb(OLD); ELSE j := to_jsonb(NEW); END IF;
  INSERT INTO sched.log (k, op, v, other, app, tag, pid)
  VALUES (sched.k(j), left(TG_OP, 1),
          CASE WHEN TG_OP <> 'DELETE' THEN j ->> TG_ARGV[0] END,
          CASE WHEN TG_OP <> 'DELETE' THEN j ->> TG_ARGV[1] END,
          current_setting('application_name'), current_setting('sched.run', true), pg_backend_pid());
  RETURN NULL;
END
$$;
CREATE TRIGGER zz_sched_log AFTER INSERT OR UPDATE OR DELETE ON )" + fx.table +
            " FOR EACH ROW EXECUTE FUNCTION sched.log_row(" + Literal(fx.target) + ", " + Literal(fx.other) + R"();
DO $$
DECLARE
  r regclass;
BEGIN
  -- fires even under session_replication_role = replica, on every partition too
  FOR r IN SELECT relid FROM pg_partition_tree()" + Literal(fx.table) + R"() UNION SELECT )" + Literal(fx.table) + R"(::regclass LOOP
    EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER zz_sched_log', r);
  END LOOP;
END
$$;
CREATE TABLE sched.initial AS SELECT * FROM )" + fx.table + ";");
    Result init = db.must("SELECT " + KeyOf("i") + ", to_jsonb(i) ->> $1, to_jsonb(i) ->> $2, (" + fx.pending +
                              ") FROM sched.initial AS i, LATERAL (SELECT to_jsonb(i) ->> $1 AS v) AS x ORDER BY 1",
                          {fx.target, fx.other});
    fx.initial_keys.clear();
    fx.initial_pending.clear();
    fx.initial_rows.clear();
    for (const Row& row : init.rows) {
      fx.initial_keys.push_back(*row[0]);
      fx.initial_pending.push_back(row[3] == "t");
      fx.initial_rows.push_back({*row[0], row[1], row[2]});
    }
    fx.fresh_keys.clear();
    for (int n = 1; n <= kFreshKeys; ++n) fx.fresh_keys.push_back(db.must("SELECT sched.k(" + Subst(fx.fresh_key, n) + ")").at(0, 0));
  }
  if (RunPsqlFile(fx.template_db, fs::path(fx.bundle) / "02_prepare.sql", log) != 0) {
    throw std::runtime_error(fx.name + ": 02_prepare.sql failed; see " + log);
  }
}

}  // namespace sched
