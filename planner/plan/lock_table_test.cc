#include "planner/plan/lock_table.h"

#include <doctest/doctest.h>

#include "planner/analysis/advisor_test_support.h"

namespace backfill {
namespace {

using namespace backfill::testing;

const LockRow* Row(const std::vector<LockRow>& rows, const std::string& prefix) {
  for (const LockRow& r : rows)
    if (r.statement.rfind(prefix, 0) == 0) return &r;
  return nullptr;
}

TEST_CASE("locks: every file's statements, with NOT NULL finalisation and the proposed index") {
  auto b = Bind("CREATE TABLE t (id bigint PRIMARY KEY, c text);", R"({"target": "t.c", "set": "'x'", "not_null_after": true})");
  auto findings = RunAdvisors(b->subject, English());
  auto rows = LockTable(b->subject, findings, English());
  const LockRow* batch = Row(rows, "batch:");
  REQUIRE(batch);
  CHECK(Contains(batch->lock, "ROW EXCLUSIVE on public.t; FOR NO KEY UPDATE"));
  CHECK(Contains(batch->blocks, "foreign key checks (FOR KEY SHARE) are not blocked"));
  const LockRow* validate = Row(rows, "VALIDATE CONSTRAINT (05)");
  REQUIRE(validate);
  CHECK(validate->lock == "SHARE UPDATE EXCLUSIVE on public.t");
  CHECK(validate->scans == "yes, the whole table");
  CHECK(Row(rows, "ALTER COLUMN ... SET NOT NULL (05)"));
  CHECK(Row(rows, "optional: CREATE INDEX CONCURRENTLY t_c_backfill_todo"));
  CHECK(Row(rows, "DROP TABLE / PROCEDURE / FUNCTION IF EXISTS (99)"));
}

TEST_CASE("locks: a column in a unique key is locked FOR UPDATE; FK lookups and REFRESH appear") {
  auto b = Bind(R"sql(
CREATE TABLE r (id int PRIMARY KEY);
CREATE TABLE t (id bigint PRIMARY KEY, c int UNIQUE REFERENCES r, note text);
CREATE INDEX t_c_idx ON t (c);
CREATE MATERIALIZED VIEW mv AS SELECT c FROM t;
)sql",
                R"({"target": "t.c", "set": "id"})");
  auto findings = RunAdvisors(b->subject, English());
  auto rows = LockTable(b->subject, findings, English());
  const LockRow* batch = Row(rows, "batch:");
  REQUIRE(batch);
  CHECK(Contains(batch->lock, "FOR UPDATE (the column is in a unique key)"));
  CHECK(Contains(batch->lock, "FOR KEY SHARE on the referenced rows of public.r"));
  CHECK(Contains(batch->blocks, "wait too"));
  CHECK(Row(rows, "REFRESH MATERIALIZED VIEW public.mv"));
  CHECK_FALSE(Row(rows, "VALIDATE CONSTRAINT (05)"));
  CHECK_FALSE(Row(rows, "optional: CREATE INDEX CONCURRENTLY"));  // t_c_idx leads with c
}

TEST_CASE("locks: tables an UPDATE trigger writes are locked by the batch too") {
  auto b = Bind(R"sql(
CREATE TABLE audit (id bigserial PRIMARY KEY, v text);
CREATE TABLE t (id bigint PRIMARY KEY, c text);
CREATE FUNCTION log_it() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO public.audit (v) VALUES (NEW.c); RETURN NULL; END $$;
CREATE TRIGGER t_log AFTER UPDATE OF c ON t FOR EACH ROW EXECUTE FUNCTION log_it();
)sql",
                R"({"target": "t.c", "set": "'x'"})");
  auto rows = LockTable(b->subject, RunAdvisors(b->subject, English()), English());
  const LockRow* batch = Row(rows, "batch:");
  REQUIRE(batch);
  CHECK(Contains(batch->lock, "ROW EXCLUSIVE on public.audit (written by a trigger)"));
  const LockRow* audit = Row(rows, "trigger t_log: INSERT public.audit");
  REQUIRE(audit);
  CHECK(audit->lock == "ROW EXCLUSIVE on public.audit, until the batch commits");
  CHECK(Contains(audit->blocks, "not the application's reads or writes"));
  CHECK(audit->scans == "no");
}

TEST_CASE("locks: a row per table a trigger updates or locks, with the rows it locks and the foreign keys it checks") {
  auto b = Bind(R"sql(
CREATE TABLE owners (id bigint PRIMARY KEY);
CREATE TABLE queues (id bigint PRIMARY KEY, owner_id bigint REFERENCES owners, updated_at timestamptz);
CREATE TABLE tags (name text, n int);
CREATE TABLE t (id bigint PRIMARY KEY, queue_id bigint REFERENCES queues, tag text, c text);
CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE queues SET updated_at = now(), owner_id = 1 WHERE id = NEW.queue_id;
  UPDATE tags SET n = n + 1 WHERE name = NEW.tag;
  PERFORM 1 FROM owners WHERE id = 1 FOR SHARE;
  RETURN NULL;
END $$;
CREATE TRIGGER t_f AFTER UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();
)sql",
                R"({"target": "t.c", "set": "'x'"})");
  auto rows = LockTable(b->subject, RunAdvisors(b->subject, English()), English());
  const LockRow* queues = Row(rows, "trigger t_f: UPDATE queues (03, 90, 91; per updated row)");
  REQUIRE(queues);
  CHECK(queues->lock ==
        "ROW EXCLUSIVE on queues; FOR NO KEY UPDATE on the parent row (id = NEW.queue_id); FOR KEY SHARE on the referenced "
        "rows of public.owners, until the batch commits");
  CHECK(Contains(queues->blocks, "the application's writes of those rows wait for the batch's commit"));
  CHECK(queues->scans == "no: an index lookup on id");
  const LockRow* tags = Row(rows, "trigger t_f: UPDATE tags");
  REQUIRE(tags);
  CHECK(Contains(tags->lock, "FOR NO KEY UPDATE on the rows where name = NEW.tag"));
  CHECK(tags->scans == "yes: no index of tags leads with name, each time");
  const LockRow* owners = Row(rows, "trigger t_f: SELECT ... FOR SHARE owners");
  REQUIRE(owners);
  CHECK(Contains(owners->lock, "ROW SHARE on owners; FOR SHARE"));
  CHECK(Contains(owners->blocks, "so do foreign key checks"));
  auto batch = Row(rows, "batch:");
  REQUIRE(batch);
  CHECK_FALSE(Contains(batch->lock, "owners (written by a trigger)"));
  auto ja = LockTable(b->subject, RunAdvisors(b->subject, Japanese()), Japanese());
  const LockRow* queues_ja = Row(ja, "トリガー t_f: queues への UPDATE");
  REQUIRE(queues_ja);
  CHECK(Contains(queues_ja->lock, "ROW EXCLUSIVE (queues); FOR NO KEY UPDATE（親行 (id = NEW.queue_id)）"));
}

}  // namespace
}  // namespace backfill
