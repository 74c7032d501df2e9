#include "planner/plan/preflight.h"

#include <doctest/doctest.h>

#include "planner/analysis/advisor_test_support.h"
#include "planner/plan/object_names.h"

namespace backfill {
namespace {

using namespace backfill::testing;

std::vector<PreflightCheck> ChecksFor(const std::string& ddl, const std::string& requirement) {
  auto b = Bind(ddl, requirement);
  SqlVocabulary v = MakeVocabulary(b->subject, NameObjects(b->subject.table->name, b->subject.column->name, "20260101"));
  return PreflightChecks(b->subject, v, English());
}

const PreflightCheck* Named(const std::vector<PreflightCheck>& checks, const std::string& prefix) {
  for (const PreflightCheck& c : checks)
    if (c.name.rfind(prefix, 0) == 0) return &c;
  return nullptr;
}

TEST_CASE("preflight: domain CHECKs read the new value as VALUE, cast to the base type") {
  auto checks = ChecksFor(R"sql(
CREATE DOMAIN short_code AS varchar(5) CHECK (VALUE ~ '^[A-Z]+$');
CREATE DOMAIN code AS short_code NOT NULL CHECK (length(VALUE) > 1);
CREATE TABLE t (id int PRIMARY KEY, c code);
)sql",
                          R"({"target": "t.c", "set": "'AB'"})");
  const PreflightCheck* outer = Named(checks, "CHECK of domain code");
  REQUIRE(outer);
  CHECK(outer->must_be_zero);
  CHECK(Contains(outer->count_sql, "CAST(('AB') AS character varying(5)) AS value"));
  CHECK(Contains(outer->count_sql, "WHERE (length(VALUE) > 1) IS FALSE"));
  CHECK(Named(checks, "CHECK of domain short_code"));
  CHECK(Named(checks, "new value is NULL (domain code is NOT NULL)"));
  CHECK(Named(checks, "new value longer than character varying(5)"));
}

TEST_CASE("preflight: unique indexes count would-be duplicates over the table after the update") {
  auto checks = ChecksFor(R"sql(
CREATE TABLE u (id int PRIMARY KEY, email text, tenant int);
CREATE UNIQUE INDEX u_email ON u (lower(email)) WHERE tenant IS NOT NULL;
)sql",
                          R"json({"target": "u.email", "set": "'x' || id"})json");
  const PreflightCheck* dup = Named(checks, "unique u_email");
  REQUIRE(dup);
  CHECK(dup->must_be_zero);
  CHECK(Contains(dup->count_sql, "GROUP BY (lower(email)) HAVING count(*) > 1"));
  CHECK(Contains(dup->count_sql, "(lower(email)) IS NOT NULL AND (tenant IS NOT NULL)"));
  CHECK(Contains(dup->count_sql, "ELSE u.email END AS email"));
}

TEST_CASE("preflight: a NULLS NOT DISTINCT index counts NULL keys as duplicates of each other") {
  const char* schema = R"sql(
CREATE TABLE u (id int PRIMARY KEY, code text, tenant int);
CREATE UNIQUE INDEX u_code ON u (code) NULLS NOT DISTINCT;
CREATE UNIQUE INDEX u_tenant_code ON u (tenant, code);
)sql";
  auto checks = ChecksFor(schema, R"json({"target": "u.code", "set": "nullif(upper(code), '')"})json");
  const PreflightCheck* strict = Named(checks, "unique u_code");
  REQUIRE(strict);
  CHECK_FALSE(Contains(strict->count_sql, "IS NOT NULL"));
  CHECK(Contains(strict->count_sql, "GROUP BY u.code HAVING count(*) > 1"));
  const PreflightCheck* plain = Named(checks, "unique u_tenant_code");
  REQUIRE(plain);
  CHECK(Contains(plain->count_sql, "WHERE u.tenant IS NOT NULL AND u.code IS NOT NULL"));
}

TEST_CASE("preflight: a foreign key compares the new row's columns, never the referenced table's") {
  auto checks = ChecksFor(R"sql(
CREATE TABLE p (a int, code text, PRIMARY KEY (a, code));
CREATE TABLE c (id int PRIMARY KEY, a int, code text, FOREIGN KEY (a, code) REFERENCES p);
)sql",
                          R"json({"target": "c.code", "set": "upper(code)"})json");
  const PreflightCheck* fk = Named(checks, "foreign key c_a_code_fkey");
  REQUIRE(fk);
  CHECK(Contains(fk->count_sql, "referenced.a = c.a AND referenced.code = c.code"));
  CHECK(Contains(fk->count_sql, "c.a IS NOT NULL AND c.code IS NOT NULL"));
}

TEST_CASE("preflight: a volatile value is checked without the backup table, which does not exist yet") {
  auto checks = ChecksFor("CREATE TABLE t (id int PRIMARY KEY, c uuid NOT NULL DEFAULT gen_random_uuid());",
                          R"json({"target": "t.c", "kind": "fix", "set": "gen_random_uuid()", "where": "c IS NOT NULL"})json");
  for (const PreflightCheck& c : checks) CHECK_FALSE(Contains(c.count_sql, "backup"));
}

}  // namespace
}  // namespace backfill

namespace backfill {
namespace {

TEST_CASE("preflight: values the type rejects become NULL in the row-comparing counts, so the report is complete") {
  auto checks = ChecksFor(R"sql(
CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE TABLE e (id int PRIMARY KEY, m mood, n numeric(3,1), CHECK (m <> 'sad'), CHECK (n > 0));
)sql",
                          R"json({"target": "e.n", "set": "n * 100"})json");
  const PreflightCheck* overflow = Named(checks, "new value overflows numeric(3,1)");
  REQUIRE(overflow);
  const PreflightCheck* check = Named(checks, "CHECK e_n_check");
  REQUIRE(check);
  CHECK(Contains(check->count_sql, "CASE WHEN abs(round((n * 100)::numeric, 1)) < 1e2 THEN CAST((n * 100) AS numeric(3,1)) END"));
  auto enum_checks = ChecksFor(R"sql(
CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE TABLE e (id int PRIMARY KEY, m mood, CHECK (m <> 'sad'));
)sql",
                               R"json({"target": "e.m", "set": "'ok'"})json");
  const PreflightCheck* label = Named(enum_checks, "new value is not a label of public.mood");
  REQUIRE(label);
  const PreflightCheck* enum_check = Named(enum_checks, "CHECK e_m_check");
  REQUIRE(enum_check);
  CHECK(Contains(enum_check->count_sql, "CASE WHEN ('ok')::text = ANY (ARRAY['sad', 'ok']::text[]) THEN"));
}

}  // namespace
}  // namespace backfill

namespace backfill {
namespace {

TEST_CASE("preflight: generated columns computed from the target are recomputed for CHECKs and unique indexes") {
  auto checks = ChecksFor(R"sql(
CREATE TABLE g (id int PRIMARY KEY, email text,
  email_key text GENERATED ALWAYS AS (lower(email)) STORED CHECK (email_key <> ''));
CREATE UNIQUE INDEX g_email_key ON g (email_key);
)sql",
                          R"json({"target": "g.email", "set": "'A' || id"})json");
  const PreflightCheck* unique = Named(checks, "unique g_email_key");
  REQUIRE(unique);
  CHECK(Contains(unique->count_sql, "CAST((lower(email)) AS text) AS email_key"));
  const PreflightCheck* check = Named(checks, "CHECK g_email_key_check");
  REQUIRE(check);
  CHECK(Contains(check->count_sql, "CAST((lower(email)) AS text) AS email_key"));
}

}  // namespace
}  // namespace backfill
