#include <doctest/doctest.h>

#include "planner/analysis/advisor_test_support.h"

namespace backfill {
namespace {

using namespace backfill::testing;

TEST_CASE("batch key: a nullable key warns that rows with a NULL key cannot be paged, and says what to do") {
  auto findings = Run(AdviseBatchKey, kSynapseUsers, R"({"target": "users.shadow_banned", "set": "false"})");
  const Finding* f = FindingById(findings, "key.nullable");
  REQUIRE(f);
  CHECK(f->severity == Severity::kWarn);
  CHECK(f->section == PlanSection::kOverview);
  CHECK(f->objects == std::vector<std::string>{"public.users_name_key"});
  CHECK(Contains(f->title, "The batches page by nullable unique constraint public.users_name_key (name): a row with a NULL key cannot be paged"));
  CHECK(Contains(f->advice, "01_preflight.sql counts the target rows with a NULL key and stops"));
  CHECK(Contains(f->advice, "04_verify.sql fails"));
  CHECK(Contains(f->advice, "`BEGIN; ALTER TABLE public.users ADD CONSTRAINT users_name_not_null CHECK (name IS NOT NULL) NOT VALID; COMMIT;`"));
  CHECK(Contains(f->advice, "`BEGIN; ALTER TABLE public.users ALTER COLUMN name SET NOT NULL; COMMIT;`"));
  auto ja = RunInJapanese(AdviseBatchKey, kSynapseUsers, R"({"target": "users.shadow_banned", "set": "false"})");
  CHECK(Contains(ja[0].advice, "`BEGIN; ALTER TABLE public.users VALIDATE CONSTRAINT users_name_not_null; COMMIT;`"));
}

TEST_CASE("batch key: nothing to say about a key on NOT NULL columns") {
  CHECK(Run(AdviseBatchKey, "CREATE TABLE t (id int PRIMARY KEY, v text);", R"({"target": "t.v", "set": "'x'"})").empty());
  CHECK(Run(AdviseBatchKey, "CREATE TABLE t (code text NOT NULL UNIQUE, v text);", R"({"target": "t.v", "set": "'x'"})").empty());
}

}  // namespace
}  // namespace backfill
