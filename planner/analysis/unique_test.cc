#include <doctest/doctest.h>

#include "planner/analysis/advisor_test_support.h"

namespace backfill {
namespace {

using namespace backfill::testing;

const char* kSchema = R"sql(
CREATE TABLE users (id bigint PRIMARY KEY, email text, handle text, tenant int, note text);
CREATE UNIQUE INDEX users_handle_key ON users (handle);
CREATE UNIQUE INDEX users_email_lower ON users (lower(email)) WHERE tenant IS NOT NULL;
ALTER TABLE users ADD CONSTRAINT users_tenant_note UNIQUE (tenant, note);
)sql";

TEST_CASE("unique: a constant into a unique column of many rows blocks the plan") {
  auto findings = Run(AdviseUnique, kSchema, R"({"target": "users.handle", "set": "'same'"})");
  const Finding* f = FindingById(findings, "unique.constant_duplicate");
  REQUIRE(f);
  CHECK(f->severity == Severity::kBlock);
  CHECK(f->objects == std::vector<std::string>{"public.users_handle_key"});
  CHECK(f->section == PlanSection::kOverview);
}

TEST_CASE("unique: a constant into an expression index on the column alone blocks too") {
  auto findings = Run(AdviseUnique, kSchema, R"({"target": "users.email", "set": "'a@b.c'"})");
  const Finding* f = FindingById(findings, "unique.constant_duplicate");
  REQUIRE(f);
  CHECK(f->severity == Severity::kBlock);
  CHECK(Names(*f, "public.users_email_lower"));
  CHECK(Contains(f->title, "partial"));
}

TEST_CASE("unique: a constant NULL blocks only where the index treats NULLs as equal (NULLS NOT DISTINCT)") {
  const char* schema = R"sql(
CREATE TABLE codes (id bigint PRIMARY KEY, a text UNIQUE, b text UNIQUE NULLS NOT DISTINCT);
)sql";
  auto plain = Run(AdviseUnique, schema, R"({"target": "codes.a", "kind": "fix", "set": "NULL", "where": "a = ''"})");
  CHECK_FALSE(FindingById(plain, "unique.constant_duplicate"));
  auto strict = Run(AdviseUnique, schema, R"({"target": "codes.b", "kind": "fix", "set": "NULL", "where": "b = ''"})");
  const Finding* f = FindingById(strict, "unique.constant_duplicate");
  REQUIRE(f);
  CHECK(f->objects == std::vector<std::string>{"public.codes_b_key"});
}

TEST_CASE("unique: a per-row value, or one row, is a warning with a preflight count") {
  auto per_row = Run(AdviseUnique, kSchema, R"({"target": "users.handle", "set": "'u' || id"})");
  CHECK_FALSE(FindingById(per_row, "unique.constant_duplicate"));
  const Finding* f = FindingById(per_row, "unique.target_indexed");
  REQUIRE(f);
  CHECK(f->severity == Severity::kWarn);
  CHECK(f->objects == std::vector<std::string>{"public.users_handle_key"});

  auto one_row = Run(AdviseUnique, kSchema, R"({"target": "users.handle", "set": "'x'", "estimated_rows": 1})");
  CHECK_FALSE(FindingById(one_row, "unique.constant_duplicate"));
  CHECK(FindingById(one_row, "unique.target_indexed"));

  // a multi-column constraint: duplicates are possible, not certain
  auto multi = Run(AdviseUnique, kSchema, R"({"target": "users.note", "set": "'n'"})");
  const Finding* m = FindingById(multi, "unique.target_indexed");
  REQUIRE(m);
  CHECK(Names(*m, "public.users_tenant_note"));
  CHECK_FALSE(FindingById(multi, "unique.constant_duplicate"));
}

TEST_CASE("unique: no unique index on the column, no finding") {
  CHECK(Run(AdviseUnique, kSchema, R"({"target": "users.tenant", "set": "1"})").size() == 1);  // (tenant, note)
  const char* plain = "CREATE TABLE t (id int PRIMARY KEY, c text); CREATE INDEX t_c ON t (c);";
  CHECK(Run(AdviseUnique, plain, R"({"target": "t.c", "set": "'x'"})").empty());
}

TEST_CASE("unique: in Japanese, the same finding on the same index, worded in Japanese") {
  auto ja = RunInJapanese(AdviseUnique, kSchema, R"({"target": "users.email", "set": "'a@b.c'"})");
  const Finding* f = FindingById(ja, "unique.constant_duplicate");
  REQUIRE(f);
  CHECK(Contains(f->title, "一意インデックス public.users_email_lower（式インデックス、部分インデックス: WHERE "));
  CHECK(Contains(f->title, "）は同じ値の重複を許さないが、`set` は定数 'a@b.c' を対象のすべての行に書き込む"));
  CHECK(Contains(f->advice, "（または他の行がインデックスの WHERE の対象外）"));
}

}  // namespace
}  // namespace backfill
