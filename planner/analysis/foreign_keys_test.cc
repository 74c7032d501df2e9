#include <doctest/doctest.h>

#include "planner/analysis/advisor_test_support.h"

namespace backfill {
namespace {

using namespace backfill::testing;

const char* kSchema = R"sql(
CREATE TABLE countries (code text PRIMARY KEY);
CREATE TABLE plans (id int PRIMARY KEY, name text);
CREATE TABLE accounts (id bigint PRIMARY KEY, country text REFERENCES countries, plan_id int, number text NOT NULL,
                       CONSTRAINT accounts_number_key UNIQUE (number),
                       CONSTRAINT accounts_plan_fk FOREIGN KEY (plan_id) REFERENCES plans (name));
CREATE TABLE invoices (id bigint PRIMARY KEY, account_number text REFERENCES accounts (number) ON UPDATE CASCADE);
CREATE TABLE notes (id bigint PRIMARY KEY, account_number text REFERENCES accounts (number));
)sql";

TEST_CASE("foreign keys: the column references a table through its primary key") {
  auto findings = Run(AdviseForeignKeys, kSchema, R"({"target": "accounts.country", "set": "'FR'"})");
  const Finding* f = FindingById(findings, "foreign_keys.references");
  REQUIRE(f);
  CHECK(f->severity == Severity::kInfo);
  CHECK(f->objects == std::vector<std::string>{"accounts_country_fkey", "public.countries", "public.countries_pkey"});
  CHECK(Contains(f->advice, "FOR KEY SHARE"));
  CHECK_FALSE(FindingById(findings, "foreign_keys.key_lock"));
}

TEST_CASE("foreign keys: a referenced key without a unique index is a warning") {
  auto findings = Run(AdviseForeignKeys, kSchema, R"({"target": "accounts.plan_id", "set": "1"})");
  const Finding* f = FindingById(findings, "foreign_keys.referenced_key_missing");
  REQUIRE(f);
  CHECK(f->severity == Severity::kWarn);
  CHECK(Names(*f, "accounts_plan_fk"));
}

TEST_CASE("foreign keys: a referenced column with ON UPDATE CASCADE, and the FOR UPDATE row lock") {
  auto findings = Run(AdviseForeignKeys, kSchema, R"json({"target": "accounts.number", "kind": "fix", "set": "upper(number)"})json");
  const Finding* cascade = FindingById(findings, "foreign_keys.cascade");
  REQUIRE(cascade);
  CHECK(cascade->severity == Severity::kWarn);
  CHECK(cascade->objects == std::vector<std::string>{"invoices_account_number_fkey", "public.invoices"});
  const Finding* plain = FindingById(findings, "foreign_keys.referenced");
  REQUIRE(plain);
  CHECK(plain->severity == Severity::kWarn);  // a fix changes values that rows may reference
  CHECK(Names(*plain, "public.notes"));
  const Finding* lock = FindingById(findings, "foreign_keys.key_lock");
  REQUIRE(lock);
  CHECK(lock->severity == Severity::kWarn);
  CHECK(lock->objects == std::vector<std::string>{"public.accounts_number_key", "public.invoices", "public.notes"});
}

TEST_CASE("foreign keys: a column no foreign key touches, no finding") {
  const char* schema = "CREATE TABLE a (id int PRIMARY KEY, x text); CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a);";
  CHECK(Run(AdviseForeignKeys, schema, R"({"target": "a.x", "set": "'v'"})").empty());
}

TEST_CASE("foreign keys: in Japanese, the same findings on the same objects, worded in Japanese") {
  const char* requirement = R"json({"target": "accounts.number", "kind": "fix", "set": "upper(number)"})json";
  auto ja = RunInJapanese(AdviseForeignKeys, kSchema, requirement);
  const Finding* cascade = FindingById(ja, "foreign_keys.cascade");
  REQUIRE(cascade);
  CHECK(Contains(cascade->title, "public.invoices が対象列を参照している (invoices_account_number_fkey, ON UPDATE CASCADE)"));
  CHECK(Contains(cascade->advice, "ロールバックでも再びカスケードする"));
  const Finding* lock = FindingById(ja, "foreign_keys.key_lock");
  REQUIRE(lock);
  CHECK(Contains(lock->title, "FOR NO KEY UPDATE ではなく FOR UPDATE でロックされる"));
}

}  // namespace
}  // namespace backfill
