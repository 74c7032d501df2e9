#include <doctest/doctest.h>

#include "planner/analysis/advisor_test_support.h"
#include "planner/analysis/trigger_function.h"

namespace backfill {
namespace {

using namespace backfill::testing;

const char* kSchema = R"sql(
CREATE TABLE users (id bigint PRIMARY KEY, email text, email_lower text, updated_at timestamptz, name text);
CREATE TABLE audit_log (id bigserial PRIMARY KEY, row_id bigint, old_email text, new_email text);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  IF NEW.email IS NOT NULL THEN
    NEW.email_lower = lower(NEW.email);
  END IF;
  RETURN NEW;
END $$;
CREATE FUNCTION audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_log (row_id, old_email, new_email) VALUES (OLD.id, OLD.email, NEW.email);
  RETURN NULL;
END $$;
CREATE FUNCTION noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TRIGGER users_audit AFTER UPDATE OF email ON users FOR EACH ROW EXECUTE FUNCTION audit();
CREATE TRIGGER users_name AFTER UPDATE OF name ON users FOR EACH ROW EXECUTE FUNCTION noop();
CREATE TRIGGER users_stmt AFTER UPDATE ON users FOR EACH STATEMENT EXECUTE FUNCTION noop();
CREATE TRIGGER users_insert BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION touch();
)sql";

const char* kFillEmail = R"({"target": "users.email", "set": "'x@example.com'"})";

TEST_CASE("triggers: a BEFORE row trigger maintaining columns and an audit trigger fire on the target") {
  auto findings = Run(AdviseTriggers, kSchema, kFillEmail);

  const Finding* touch = FindingById(findings, "triggers.row_update");
  REQUIRE(touch);
  CHECK(touch->severity == Severity::kWarn);
  CHECK(Names(*touch, "users_touch on public.users"));
  CHECK(Names(*touch, "public.touch"));
  CHECK(Contains(touch->title, "BEFORE UPDATE FOR EACH ROW"));

  const Finding* maintains = FindingById(findings, "triggers.maintains_columns");
  REQUIRE(maintains);
  CHECK(maintains->severity == Severity::kWarn);
  CHECK(maintains->section == PlanSection::kRollback);
  CHECK(maintains->objects == std::vector<std::string>{"updated_at", "email_lower"});
  CHECK(Contains(maintains->title, "rollback cannot restore"));

  const Finding* writes = FindingById(findings, "triggers.writes_tables");
  REQUIRE(writes);
  CHECK(writes->severity == Severity::kWarn);
  CHECK(writes->objects == std::vector<std::string>{"audit_log"});
  CHECK(Contains(writes->title, "INSERT audit_log"));
  CHECK(Contains(writes->title, "users_audit"));

  const Finding* skipped = FindingById(findings, "triggers.not_fired");
  REQUIRE(skipped);
  CHECK(skipped->severity == Severity::kInfo);
  CHECK(skipped->objects == std::vector<std::string>{"users_name on public.users"});

  const Finding* statement = FindingById(findings, "triggers.statement_update");
  REQUIRE(statement);
  CHECK(statement->severity == Severity::kInfo);
  CHECK(Names(*statement, "users_stmt on public.users"));

  CHECK_FALSE(FindingById(findings, "triggers.overrides_target"));
  for (const Finding& f : findings) CHECK_FALSE(Contains(f.title, "users_insert"));
}

TEST_CASE("triggers: a trigger that assigns the target column itself is flagged") {
  auto findings = Run(AdviseTriggers, kSchema, R"json({"target": "users.email_lower", "set": "lower(email)"})json");
  const Finding* overrides = FindingById(findings, "triggers.overrides_target");
  REQUIRE(overrides);
  CHECK(overrides->severity == Severity::kWarn);
  CHECK(Names(*overrides, "email_lower"));
  // UPDATE OF email does not fire for email_lower
  bool audit_not_fired = false;
  for (const Finding& f : findings)
    if (f.id == "triggers.not_fired" && Names(f, "users_audit on public.users")) audit_not_fired = true;
  CHECK(audit_not_fired);
}

TEST_CASE("triggers: no UPDATE trigger, no finding") {
  const char* schema = R"sql(
CREATE TABLE users (id bigint PRIMARY KEY, email text);
CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO x VALUES (1); RETURN NEW; END $$;
CREATE TRIGGER users_ins BEFORE INSERT OR DELETE ON users FOR EACH ROW EXECUTE FUNCTION f();
)sql";
  CHECK(Run(AdviseTriggers, schema, kFillEmail).empty());
}

TEST_CASE("triggers: triggers on partitions count; unknown functions are said to be unknown") {
  const char* schema = R"sql(
CREATE TABLE events (id bigint, at date NOT NULL, kind text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TRIGGER events_2026_sync AFTER UPDATE ON events_2026 FOR EACH ROW EXECUTE FUNCTION sync.push();
)sql";
  auto findings = Run(AdviseTriggers, schema, R"({"target": "events.kind", "set": "'a'"})");
  const Finding* row = FindingById(findings, "triggers.row_update");
  REQUIRE(row);
  CHECK(Names(*row, "events_2026_sync on public.events_2026"));
  const Finding* unknown = FindingById(findings, "triggers.function_unknown");
  REQUIRE(unknown);
  CHECK(unknown->severity == Severity::kInfo);
  CHECK(Names(*unknown, "sync.push"));
}

TEST_CASE("trigger functions: assignments, writes in nested blocks, dynamic SQL, other languages") {
  Function f;
  f.name = {"public", "f"};
  f.language = "plpgsql";
  f.body = R"(
DECLARE n int;
BEGIN
  FOR n IN 1..2 LOOP
    IF TG_OP = 'UPDATE' THEN
      NEW.a := 1;
      UPDATE stats.counters SET hits = hits + 1 WHERE id = NEW.id;
    END IF;
  END LOOP;
  WITH gone AS (DELETE FROM queue WHERE row_id = OLD.id RETURNING 1) SELECT count(*) INTO n FROM gone;
  EXECUTE format('INSERT INTO %I VALUES (1)', TG_TABLE_NAME || '_history');
  NEW := NEW;
  RETURN NEW;
END)";
  TriggerFunctionEffects e = AnalyzeTriggerFunction(f);
  REQUIRE(e.analyzed);
  CHECK(e.assigned_columns == std::vector<std::string>{"a"});
  CHECK(e.assigns_whole_row);
  CHECK(e.dynamic_sql);
  REQUIRE(e.writes.size() == 2);
  CHECK(e.writes[0].table == "stats.counters");
  CHECK(e.writes[0].operation == "UPDATE");
  CHECK(e.writes[1].table == "queue");
  CHECK(e.writes[1].operation == "DELETE");

  f.language = "sql";
  CHECK_FALSE(AnalyzeTriggerFunction(f).analyzed);
  f.language = "plpgsql";
  f.body = "BEGIN RETURN NEW END;";  // missing semicolon
  TriggerFunctionEffects broken = AnalyzeTriggerFunction(f);
  CHECK_FALSE(broken.analyzed);
  CHECK(broken.unread == TriggerFunctionEffects::Unread::kParseError);
  CHECK_FALSE(broken.unread_detail.empty());
}

TEST_CASE("triggers: in Japanese, the same findings on the same objects, worded in Japanese") {
  auto ja = RunInJapanese(AdviseTriggers, kSchema, kFillEmail);
  const Finding* touch = FindingById(ja, "triggers.row_update");
  REQUIRE(touch);
  CHECK(Contains(touch->title, "行トリガー users_touch (public.users、BEFORE UPDATE FOR EACH ROW) が更新する行ごとに発火し"));
  const Finding* maintains = FindingById(ja, "triggers.maintains_columns");
  REQUIRE(maintains);
  CHECK(Contains(maintains->title, "ロールバックではこれらの列を以前の値に戻せない"));
  // Why a function was not analysed is worded in each language too.
  const char* schema = R"sql(
CREATE TABLE users (id bigint PRIMARY KEY, email text);
CREATE FUNCTION f() RETURNS trigger LANGUAGE sql AS $$ SELECT 1 $$;
CREATE TRIGGER users_f AFTER UPDATE ON users FOR EACH ROW EXECUTE FUNCTION f();
)sql";
  auto sql = Run(AdviseTriggers, schema, kFillEmail, Language::kJapanese);
  const Finding* unknown = FindingById(sql, "triggers.function_unknown");
  REQUIRE(unknown);
  CHECK(unknown->title == "トリガー関数 public.f は LANGUAGE sql で書かれていて、その影響は解析していない");
  auto english = Run(AdviseTriggers, schema, kFillEmail, Language::kEnglish);
  REQUIRE(FindingById(english, "triggers.function_unknown"));
  CHECK(FindingById(english, "triggers.function_unknown")->title ==
        "Trigger function public.f is written in sql: its effects were not analysed");
}

}  // namespace
}  // namespace backfill
