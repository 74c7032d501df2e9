// The bundle's files for a key that admits NULL (a UNIQUE key on a nullable column): the batches
// take only rows with a key, 01_preflight.sql refuses target rows without one, and 04_verify.sql
// names rows still to change that lost theirs.
#include "planner/plan/bundle.h"

#include <doctest/doctest.h>

#include "planner/analysis/advisor_test_support.h"
#include "planner/plan/planner.h"

namespace backfill {
namespace {

using namespace backfill::testing;

Plan PlanFor(const std::string& ddl, const std::string& requirement) {
  auto b = Bind(ddl, requirement);
  return BuildPlan(b->subject, PlanOptions{"2026-11-21"});
}

const std::string& FileText(const Plan& plan, const std::string& name) {
  const BundleFile* file = plan.File(name);
  REQUIRE(file);
  return file->content;
}

size_t Count(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("bundle: a nullable key's batches, windows and ranges take only rows with a key") {
  Plan plan = PlanFor(kSynapseUsers, R"({"target": "users.shadow_banned", "set": "false"})");
  const std::string& prepare = FileText(plan, "02_prepare.sql");
  // the batch statement (four forms: from the start or the cursor, to the window's end or not;
  // each twice, the plain insert tried first and the probing one), the skip statement (two), the
  // window's end after the cursor, the key ranges; the window's end from the start
  CHECK(Count(prepare, "AND users.name IS NOT NULL") == 12);
  CHECK(Count(prepare, "WHERE users.name IS NOT NULL\n") == 1);
  CHECK(plan.key_description == "nullable unique constraint public.users_name_key (name text)");
}

TEST_CASE("bundle: 01_preflight.sql counts target rows with a NULL key and fails with its own message") {
  Plan plan = PlanFor(kSynapseUsers, R"({"target": "users.shadow_banned", "set": "false"})");
  const std::string& preflight = FileText(plan, "01_preflight.sql");
  CHECK(Contains(preflight, "SELECT count(*) FROM public.users\n    WHERE (shadow_banned IS NULL)\n    AND (users.name IS NULL)"));
  CHECK(Contains(preflight, "null_keys := n;"));
  CHECK(Contains(preflight, "RAISE EXCEPTION 'preflight failed: % target rows have a NULL in the key (%)"));
  CHECK(Contains(preflight, "null_keys, 'name',"));
  const PreflightCheck& check = plan.preflight[1];
  CHECK(check.name == "target rows with a NULL key");
  CHECK(check.must_be_zero);
  CHECK(check.null_key);
}

TEST_CASE("bundle: 04_verify.sql fails, saying why, while a row still to change has a NULL key") {
  Plan plan = PlanFor(kSynapseUsers, R"({"target": "users.shadow_banned", "set": "false"})");
  const std::string& verify = FileText(plan, "04_verify.sql");
  CHECK(Contains(verify, "SELECT count(*) INTO null_keys FROM public.users\n  WHERE (shadow_banned IS NULL)\n    AND users.shadow_banned IS DISTINCT FROM (false)\n    AND (users.name IS NULL);"));
  CHECK(Contains(verify, "RAISE EXCEPTION 'verify failed: % rows still to change have a NULL in the key (%)"));
  CHECK(verify.find("IF null_keys > 0") < verify.find("IF pending > 0"));
}

TEST_CASE("bundle: a key on NOT NULL columns adds none of it") {
  Plan plan = PlanFor("CREATE TABLE t (id int PRIMARY KEY, v text);", R"({"target": "t.v", "set": "'x'"})");
  for (const BundleFile& f : plan.files) {
    INFO(f.name);
    CHECK_FALSE(Contains(f.content, "null_keys"));
    CHECK_FALSE(Contains(f.content, "t.id IS NOT NULL"));
    CHECK_FALSE(Contains(f.content, "t.id IS NULL"));
  }
  CHECK(plan.preflight[1].name != "target rows with a NULL key");
}

}  // namespace backfill
