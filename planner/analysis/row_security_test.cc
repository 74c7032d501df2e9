#include <doctest/doctest.h>

#include "planner/analysis/advisor_test_support.h"

namespace backfill {
namespace {

using namespace backfill::testing;

const char* kSchema = R"sql(
CREATE TABLE accounts (id bigint PRIMARY KEY, tenant_id bigint NOT NULL, plan text, note text);
ALTER TABLE accounts OWNER TO app_owner;
ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON accounts TO app USING (tenant_id = current_setting('app.tenant_id')::bigint);
CREATE POLICY paid_only ON accounts AS RESTRICTIVE FOR UPDATE TO app WITH CHECK (plan <> 'free');
)sql";

const char* kNote = R"({"target": "accounts.note", "set": "'n'"})";

TEST_CASE("row_security: enabled RLS is a warning in the overview naming the policies, their commands and roles") {
  auto findings = Run(AdviseRowSecurity, kSchema, kNote);
  const Finding* f = FindingById(findings, "row_security.enabled");
  REQUIRE(f);
  CHECK(f->severity == Severity::kWarn);
  CHECK(f->section == PlanSection::kOverview);  // shown in the simple plan too
  CHECK(f->objects == std::vector<std::string>{"public.accounts", "tenant_isolation on public.accounts", "paid_only on public.accounts"});
  CHECK(Contains(f->title, "`AS PERMISSIVE FOR ALL TO app USING (tenant_id = current_setting('app.tenant_id')::bigint)`"));
  CHECK(Contains(f->title, "`AS RESTRICTIVE FOR UPDATE TO app WITH CHECK (plan <> 'free')`"));
  CHECK(Contains(f->title, "the counts, the backfill and 04_verify.sql would silently cover a subset"));
  CHECK(Contains(f->advice, "`row_security_active('public.accounts')`"));
  CHECK(Contains(f->advice, "run them as the table owner (app_owner), a superuser or a role with BYPASSRLS"));
}

TEST_CASE("row_security: with FORCE ROW LEVEL SECURITY not even the owner may run the scripts") {
  std::string schema = std::string(kSchema) + "ALTER TABLE accounts FORCE ROW LEVEL SECURITY;\n";
  auto findings = Run(AdviseRowSecurity, schema, kNote);
  const Finding* f = FindingById(findings, "row_security.enabled");
  REQUIRE(f);
  CHECK(Contains(f->title, "forced (FORCE ROW LEVEL SECURITY: the owner is subject to it too)"));
  CHECK(Contains(f->advice, "run them as a superuser or a role with BYPASSRLS, not as the table owner (app_owner)"));
}

TEST_CASE("row_security: enabled with no policy is default deny; the owner unnamed when the DDL does not say") {
  auto findings = Run(AdviseRowSecurity, "CREATE TABLE t (id int PRIMARY KEY, c text);\nALTER TABLE t ENABLE ROW LEVEL SECURITY;",
                      R"({"target": "t.c", "set": "'x'"})");
  REQUIRE(Ids(findings) == std::vector<std::string>{"row_security.enabled"});
  CHECK(Contains(findings[0].title, "defines no policy for it"));
  CHECK(Contains(findings[0].title, "default deny"));
  CHECK(Contains(findings[0].advice, "run them as the table owner, a superuser"));
  CHECK(findings[0].objects == std::vector<std::string>{"public.t"});
}

TEST_CASE("row_security: the WITH CHECK of UPDATE and ALL policies (their USING where none) applies to the backfill's UPDATE") {
  auto findings = Run(AdviseRowSecurity, kSchema, kNote);
  const Finding* f = FindingById(findings, "row_security.update_check");
  REQUIRE(f);
  CHECK(f->severity == Severity::kWarn);
  CHECK(f->section == PlanSection::kBackfillSql);
  CHECK(Contains(f->title, "`tenant_isolation` USING `tenant_id = current_setting('app.tenant_id')::bigint`"));
  CHECK(Contains(f->title, "`paid_only` WITH CHECK `plan <> 'free'`"));
  CHECK(Contains(f->advice, "refuse to run as such a role"));
  // A SELECT-only policy checks no written row.
  const char* reading = R"sql(
CREATE TABLE t (id int PRIMARY KEY, c text);
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY r ON t FOR SELECT USING (true);
)sql";
  CHECK_FALSE(FindingById(Run(AdviseRowSecurity, reading, R"({"target": "t.c", "set": "'x'"})"), "row_security.update_check"));
}

TEST_CASE("row_security: a policy reading the target column moves rows between what roles see and may write") {
  auto findings = Run(AdviseRowSecurity, kSchema, R"({"target": "accounts.plan", "set": "'free'"})");
  const Finding* f = FindingById(findings, "row_security.reads_target");
  REQUIRE(f);
  CHECK(f->severity == Severity::kWarn);
  CHECK(f->objects == std::vector<std::string>{"public.accounts", "paid_only on public.accounts"});
  CHECK(Contains(f->title, "Policies `paid_only` read the target column `plan`"));
  CHECK(Contains(f->advice, "`new row violates row-level security policy`"));
  CHECK_FALSE(FindingById(Run(AdviseRowSecurity, kSchema, kNote), "row_security.reads_target"));
}

TEST_CASE("row_security: a partitioned table's policies apply to its partitions' rows through it") {
  const char* schema = R"sql(
CREATE TABLE events (id bigint NOT NULL, region text NOT NULL, kind text, PRIMARY KEY (id, region)) PARTITION BY LIST (region);
CREATE TABLE events_eu PARTITION OF events FOR VALUES IN ('eu');
ALTER TABLE events ENABLE ROW LEVEL SECURITY;
CREATE POLICY mine ON events USING (region = current_setting('app.region'));
)sql";
  auto parent = Run(AdviseRowSecurity, schema, R"({"target": "events.kind", "set": "'a'"})");
  const Finding* f = FindingById(parent, "row_security.enabled");
  REQUIRE(f);
  CHECK(Contains(f->title, "apply to every partition's rows through it; the partitions' own policies do not"));
}

TEST_CASE("row_security: policies without ENABLE ROW LEVEL SECURITY are noted; a table without either has no finding") {
  auto findings = Run(AdviseRowSecurity, "CREATE TABLE t (id int PRIMARY KEY, c text);\nCREATE POLICY p ON t USING (false);",
                      R"({"target": "t.c", "set": "'x'"})");
  REQUIRE(Ids(findings) == std::vector<std::string>{"row_security.policies_inactive"});
  CHECK(findings[0].severity == Severity::kInfo);
  CHECK(Run(AdviseRowSecurity, "CREATE TABLE t (id int PRIMARY KEY, c text);", R"({"target": "t.c", "set": "'x'"})").empty());
  auto disabled = Run(AdviseRowSecurity,
                      "CREATE TABLE t (id int PRIMARY KEY, c text);\nALTER TABLE t ENABLE ROW LEVEL SECURITY;\n"
                      "ALTER TABLE t DISABLE ROW LEVEL SECURITY;",
                      R"({"target": "t.c", "set": "'x'"})");
  CHECK(disabled.empty());
}

TEST_CASE("row_security: in Japanese, the same findings on the same objects, worded in Japanese") {
  std::string schema = std::string(kSchema) + "ALTER TABLE accounts FORCE ROW LEVEL SECURITY;\n";
  auto ja = RunInJapanese(AdviseRowSecurity, schema, R"({"target": "accounts.plan", "set": "'free'"})");
  const Finding* enabled = FindingById(ja, "row_security.enabled");
  REQUIRE(enabled);
  CHECK(Contains(enabled->title, "行レベルセキュリティが有効になっている（FORCE ROW LEVEL SECURITY のため所有者にも適用される）"));
  CHECK(Contains(enabled->title, "一部の行だけを対象にすることになる"));
  CHECK(Contains(enabled->advice, "テーブル所有者 (app_owner) にもポリシーが適用される"));
  const Finding* reads = FindingById(ja, "row_security.reads_target");
  REQUIRE(reads);
  CHECK(Contains(reads->title, "が対象列 `plan` を参照している"));
  const Finding* check = FindingById(ja, "row_security.update_check");
  REQUIRE(check);
  CHECK(Contains(check->title, "WITH CHECK（ない場合は USING）を満たす必要がある"));
  auto inactive = RunInJapanese(AdviseRowSecurity, "CREATE TABLE t (id int PRIMARY KEY, c text);\nCREATE POLICY p ON t USING (false);",
                                R"({"target": "t.c", "set": "'x'"})");
  REQUIRE(inactive.size() == 1);
  CHECK(Contains(inactive[0].title, "行レベルセキュリティを有効にしていない"));
}

}  // namespace
}  // namespace backfill
