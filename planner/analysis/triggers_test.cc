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
  CHECK(writes->title ==
        "Trigger users_audit on public.users, on every updated row, inserts a row into audit_log (row_id, old_email, new_email)");
  CHECK(Contains(writes->advice, "inserts a second row per restored row"));
  // An INSERT locks no rows of its table; an audit without a guard can still be skipped through
  // session_replication_role, with its costs.
  CHECK_FALSE(FindingById(findings, "triggers.row_locks"));
  const Finding* skip = FindingById(findings, "triggers.skip");
  REQUIRE(skip);
  CHECK(skip->severity == Severity::kInfo);
  CHECK(Names(*skip, "users_audit on public.users"));
  CHECK(Contains(skip->advice, "session_replication_role = replica"));
  CHECK(Contains(skip->advice, "GRANT SET ON PARAMETER session_replication_role"));
  CHECK(Contains(skip->advice, "foreign-key checks"));
  CHECK(Contains(skip->advice, "(here users_touch, which sets updated_at, email_lower; users_stmt too)"));
  CHECK(Contains(skip->advice, ". Never ALTER TABLE ... DISABLE TRIGGER"));
  CHECK(skip->proposed_sql.empty());

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

const char* kParentSchema = R"sql(
CREATE TABLE conversations (id bigint PRIMARY KEY, updated_at timestamptz, messages int NOT NULL DEFAULT 0);
CREATE TABLE labels (name text, hits int);
CREATE TABLE messages (id bigint PRIMARY KEY, conversation_id bigint NOT NULL REFERENCES conversations, body text,
                       label text);
CREATE TABLE message_audit (message_id bigint, body text);
CREATE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE conversations SET updated_at = now() WHERE id = NEW.conversation_id;
  RETURN NULL;
END $$;
CREATE FUNCTION count_label() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE labels SET hits = hits + 1 WHERE name = NEW.label;
  RETURN NULL;
END $$;
CREATE FUNCTION audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('app.skip_audit', true) = 'on' THEN
    RETURN NULL;
  END IF;
  INSERT INTO message_audit VALUES (NEW.id, NEW.body);
  RETURN NULL;
END $$;
CREATE TRIGGER messages_bump AFTER UPDATE ON messages FOR EACH ROW EXECUTE FUNCTION bump();
CREATE TRIGGER messages_label AFTER UPDATE ON messages FOR EACH ROW EXECUTE FUNCTION count_label();
CREATE TRIGGER messages_audit AFTER UPDATE ON messages FOR EACH ROW EXECUTE FUNCTION audit();
)sql";

const Finding* FindingFor(const std::vector<Finding>& findings, const std::string& id, const std::string& object) {
  for (const Finding& f : findings)
    if (f.id == id && Names(f, object)) return &f;
  return nullptr;
}

TEST_CASE("triggers: a bump of the parent row is said as such, with its row locks and the rollback's second bump") {
  auto findings = Run(AdviseTriggers, kParentSchema, R"({"target": "messages.body", "set": "'x'", "batch_size": 500})");
  const Finding* bump = FindingFor(findings, "triggers.writes_tables", "conversations");
  REQUIRE(bump);
  CHECK(bump->title ==
        "Trigger messages_bump on public.messages, on every updated row, bumps conversations.updated_at of the parent row "
        "(id = NEW.conversation_id) to the current time");
  CHECK(Contains(bump->advice, "bumps them once more: their old values are not restored"));
  CHECK_FALSE(Contains(bump->advice, "(triggers.skip)"));
  const Finding* audit = FindingFor(findings, "triggers.writes_tables", "message_audit");
  REQUIRE(audit);
  CHECK(Contains(audit->advice, "it skips this when the session sets app.skip_audit to on (triggers.skip)"));

  const Finding* locks = FindingFor(findings, "triggers.row_locks", "conversations");
  REQUIRE(locks);
  CHECK(locks->severity == Severity::kWarn);
  CHECK(locks->title ==
        "Trigger messages_bump on public.messages locks the parent row (id = NEW.conversation_id) of conversations FOR NO KEY "
        "UPDATE on every updated row, until the batch commits");
  CHECK(Contains(locks->advice, "up to 500 rows"));
  CHECK(Contains(locks->advice, "deadlock"));
  CHECK(Contains(locks->advice, "share a parent update it once each"));
  CHECK_FALSE(Contains(locks->advice, "no index of"));  // the primary key serves id = ...

  // Not a parent (no foreign key): the rows where ...; a counter is incremented; no index on name.
  const Finding* label = FindingFor(findings, "triggers.writes_tables", "labels");
  REQUIRE(label);
  CHECK(Contains(label->title, "increments labels.hits of the rows where name = NEW.label"));
  CHECK(Contains(label->advice, "increments them once more"));
  const Finding* label_locks = FindingFor(findings, "triggers.row_locks", "labels");
  REQUIRE(label_locks);
  CHECK(Contains(label_locks->advice, "no index of labels leads with name"));

  // The audit checks a session setting: the skip finding says how to set it for 03 only, what is
  // lost, and to decide for the rollback.
  const Finding* skip = FindingFor(findings, "triggers.skip", "messages_audit on public.messages");
  REQUIRE(skip);
  CHECK(Contains(skip->advice, "it checks the setting app.skip_audit: run 03 with PGOPTIONS='-c app.skip_audit=on'"));
  CHECK(Contains(skip->advice, "inserts a row into message_audit"));
  CHECK(Contains(skip->advice, "Decide for 90 and 91 too"));
  CHECK(Contains(skip->advice, "Or session_replication_role = replica"));
  CHECK_FALSE(FindingFor(findings, "triggers.row_locks", "message_audit"));

  auto ja = Run(AdviseTriggers, kParentSchema, R"({"target": "messages.body", "set": "'x'"})", Language::kJapanese);
  const Finding* bump_ja = FindingFor(ja, "triggers.writes_tables", "conversations");
  REQUIRE(bump_ja);
  CHECK(bump_ja->title ==
        "トリガー messages_bump (public.messages) は更新する行ごとに親行 (id = NEW.conversation_id) の conversations.updated_at "
        "を現在時刻に更新する");
  const Finding* locks_ja = FindingFor(ja, "triggers.row_locks", "conversations");
  REQUIRE(locks_ja);
  CHECK(locks_ja->title ==
        "トリガー messages_bump (public.messages) は更新する行ごとに conversations の親行 (id = NEW.conversation_id) を FOR NO "
        "KEY UPDATE でロックし、バッチのコミットまで保持する");
  const Finding* skip_ja = FindingFor(ja, "triggers.skip", "messages_audit on public.messages");
  REQUIRE(skip_ja);
  CHECK(Contains(skip_ja->advice, "関数は設定 app.skip_audit を確認している"));
}

Function Plpgsql(const std::string& body) {
  Function f;
  f.name = {"public", "f"};
  f.language = "plpgsql";
  f.body = body;
  return f;
}

TEST_CASE("triggers: a trigger that writes the table being backfilled warns that the rollback keeps what it rewrote") {
  const char* schema = R"sql(
CREATE TABLE orders (id bigint PRIMARY KEY, parent_id bigint, status text, children_done int DEFAULT 0);
CREATE TABLE log (id bigserial PRIMARY KEY, order_id bigint);
CREATE FUNCTION bump_parent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE orders SET children_done = children_done + 1 WHERE id = NEW.parent_id;
  INSERT INTO log (order_id) VALUES (NEW.id);
  RETURN NEW;
END $$;
CREATE TRIGGER orders_bump AFTER UPDATE OF status ON orders FOR EACH ROW EXECUTE FUNCTION bump_parent();
)sql";
  auto findings = Run(AdviseTriggers, schema, R"({"target": "orders.status", "set": "'x'"})");
  const Finding* self = FindingById(findings, "triggers.self_write");
  REQUIRE(self);
  CHECK(self->severity == Severity::kWarn);
  CHECK(self->section == PlanSection::kRollback);
  CHECK(self->title.find("writes public.orders, the table being backfilled (UPDATE of the rows where id = NEW.parent_id)") !=
        std::string::npos);
  CHECK(self->advice.find("counted as kept") != std::string::npos);
  // The write to log is another table's: no second self_write finding.
  CHECK(std::count_if(findings.begin(), findings.end(), [](const Finding& f) { return f.id == "triggers.self_write"; }) == 1);
  auto ja = Run(AdviseTriggers, schema, R"({"target": "orders.status", "set": "'x'"})", Language::kJapanese);
  REQUIRE(FindingById(ja, "triggers.self_write"));
  CHECK(FindingById(ja, "triggers.self_write")->title.find("（id = NEW.parent_id の行の UPDATE）") != std::string::npos);
}

TEST_CASE("trigger functions: SET columns, INSERT columns, links to NEW, row locks, setting guards") {
  Function f = Plpgsql(R"(
DECLARE n int;
BEGIN
  IF current_setting('app.quiet', true) IS DISTINCT FROM 'on' THEN
    INSERT INTO audit.log (row_id, what) VALUES (NEW.id, 'x');
  END IF;
  IF current_setting('app.off')::boolean THEN RETURN NEW; END IF;
  IF current_setting('app.on', true) = 'on' THEN
    UPDATE stats SET n = n + 1 WHERE id = 1;
  END IF;
  UPDATE parents SET touched_at = CURRENT_TIMESTAMP, note = 'x' WHERE id = NEW.parent_id AND kind = OLD.kind;
  UPDATE parents SET seen = now() WHERE owner = OLD.owner_id;
  DELETE FROM queue WHERE id IN (SELECT q FROM x) AND row_id = OLD.id;
  SELECT 1 INTO n FROM accounts a WHERE a.id = NEW.account_id FOR UPDATE;
  PERFORM 1 FROM owners WHERE owners.id = NEW.owner_id FOR SHARE;
  RETURN NEW;
END)");
  TriggerFunctionEffects e = AnalyzeTriggerFunction(f);
  REQUIRE(e.analyzed);
  REQUIRE(e.writes.size() == 6);
  const TableWrite& insert = e.writes[0];
  CHECK(insert.table == "audit.log");
  CHECK(insert.schema == "audit");
  CHECK(insert.name == "log");
  CHECK(insert.operation == "INSERT");
  CHECK(insert.columns == std::vector<WrittenColumn>{{"row_id", WrittenColumn::Value::kOther}, {"what", WrittenColumn::Value::kOther}});
  CHECK(insert.row_lock.empty());
  CHECK(insert.Writes());

  const TableWrite& stats = e.writes[1];
  CHECK(stats.table == "stats");
  CHECK(stats.columns == std::vector<WrittenColumn>{{"n", WrittenColumn::Value::kIncrement}});
  CHECK_FALSE(stats.reads_row);
  CHECK(stats.links.empty());
  CHECK(stats.row_lock == "FOR NO KEY UPDATE");

  // Two UPDATEs of one table merge: their columns and their links.
  const TableWrite& parents = e.writes[2];
  CHECK(parents.table == "parents");
  CHECK(parents.columns == std::vector<WrittenColumn>{{"touched_at", WrittenColumn::Value::kTimestamp},
                                                      {"note", WrittenColumn::Value::kOther},
                                                      {"seen", WrittenColumn::Value::kTimestamp}});
  CHECK(parents.links == std::vector<RowLink>{{"id", "NEW.parent_id"}, {"kind", "OLD.kind"}, {"owner", "OLD.owner_id"}});
  CHECK(parents.reads_row);

  const TableWrite& queue = e.writes[3];
  CHECK(queue.operation == "DELETE");
  CHECK(queue.row_lock == "FOR UPDATE");
  CHECK(queue.links == std::vector<RowLink>{{"row_id", "OLD.id"}});

  const TableWrite& accounts = e.writes[4];
  CHECK(accounts.table == "accounts");
  CHECK(accounts.operation == "SELECT ... FOR UPDATE");
  CHECK(accounts.row_lock == "FOR UPDATE");
  CHECK_FALSE(accounts.Writes());
  CHECK(accounts.links == std::vector<RowLink>{{"id", "NEW.account_id"}});
  const TableWrite& owners = e.writes[5];
  CHECK(owners.table == "owners");
  CHECK(owners.row_lock == "FOR SHARE");
  CHECK(owners.links == std::vector<RowLink>{{"id", "NEW.owner_id"}});

  // IS DISTINCT FROM 'on' around the work: 'on' skips it; ::boolean that returns: on; = 'on'
  // around the work: 'on' does the work, so no value skips it.
  REQUIRE(e.guards.size() == 3);
  CHECK(e.guards[0] == SettingGuard{"app.quiet", false, "on"});
  CHECK(e.guards[1] == SettingGuard{"app.off", true, "on"});
  CHECK(e.guards[2] == SettingGuard{"app.on", false, ""});
}

TEST_CASE("trigger functions: assignments, writes in nested blocks, dynamic SQL, other languages") {
  Function f = Plpgsql(R"(
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
END)");
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
