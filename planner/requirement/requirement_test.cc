#include "planner/requirement/requirement.h"

#include <doctest/doctest.h>

namespace backfill {
namespace {

InputError ErrorFrom(const std::string& json) {
  try {
    ReadRequirementText("req.json", json);
  } catch (const InputError& e) {
    return e;
  }
  FAIL("no error for: " << json);
  return InputError({}, "unreachable");
}

}  // namespace

TEST_CASE("an empty object gives the documented defaults") {
  Requirement r = ReadRequirementText("req.json", "{}");
  CHECK(r.source == "req.json");
  CHECK_FALSE(r.target);
  CHECK(r.kind == BackfillKind::kFill);
  CHECK(r.reason.empty());
  CHECK_FALSE(r.set_sql);
  CHECK_FALSE(r.where_sql);
  CHECK_FALSE(r.estimated_rows);
  CHECK(r.batch_size == 1000);
  CHECK(r.sleep_ms == 100);
  CHECK(r.parallelism == 1);
  CHECK(r.execution == ExecutionMode::kOnline);
  CHECK_FALSE(r.not_null_after);
  CHECK(r.max_replica_lag_s == 10);
  CHECK_FALSE(r.write_heavy);
  CHECK(r.lock_timeout_ms == 2000);
  CHECK(r.statement_timeout_ms == 30000);
  CHECK(r.max_retries == 5);
  CHECK(r.backup_retention_days == 7);
}

TEST_CASE("every key is read") {
  Requirement r = ReadRequirementText("req.json", R"({
  "$schema": "../schemas/requirement.schema.json",
  "target": "public.orders.status",
  "kind": "fix",
  "reason": "status was never set",
  "set": "'pending'",
  "where": "status = ''",
  "estimated_rows": 2400000,
  "batch_size": 500,
  "sleep_ms": 0,
  "parallelism": 4,
  "execution": "maintenance_window",
  "not_null_after": true,
  "max_replica_lag_s": 2.5,
  "write_heavy": true,
  "lock_timeout_ms": 1,
  "statement_timeout_ms": 86400000,
  "max_retries": 0,
  "backup_retention_days": 3650
})");
  REQUIRE(r.target);
  CHECK(r.target->schema == "public");
  CHECK(r.target->table == "orders");
  CHECK(r.target->column == "status");
  CHECK(r.target_place.line == 3);
  CHECK(r.target_place.column == 3);
  CHECK(r.kind == BackfillKind::kFix);
  CHECK(r.reason == "status was never set");
  CHECK(r.set_sql == "'pending'");
  CHECK(r.set_place.line == 6);
  CHECK(r.where_sql == "status = ''");
  CHECK(r.where_place.line == 7);
  CHECK(r.estimated_rows == 2400000);
  CHECK(r.batch_size == 500);
  CHECK(r.sleep_ms == 0);
  CHECK(r.parallelism == 4);
  CHECK(r.execution == ExecutionMode::kMaintenanceWindow);
  CHECK(r.not_null_after);
  CHECK(r.max_replica_lag_s == 2.5);
  CHECK(r.write_heavy);
  CHECK(r.lock_timeout_ms == 1);
  CHECK(r.statement_timeout_ms == 86400000);
  CHECK(r.max_retries == 0);
  CHECK(r.backup_retention_days == 3650);
  CHECK(std::string(KindName(r.kind)) == "fix");
  CHECK(std::string(ExecutionName(r.execution)) == "maintenance_window");
  CHECK(std::string(ExecutionName(ExecutionMode::kBackgroundJob)) == "background_job");
}

TEST_CASE("an unknown key is an error at its line:col with the nearest known key") {
  InputError e = ErrorFrom("{\n  \"batch_size\": 10,\n  \"batchsize\": 10\n}");
  CHECK(e.place().file == "req.json");
  CHECK(e.place().line == 3);
  CHECK(e.place().column == 3);
  CHECK(std::string(e.what()) == "unknown key \"batchsize\"");
  CHECK(e.suggestion() == "did you mean batch_size?");
  CHECK(e.OneLine() == "req.json:3:3: unknown key \"batchsize\" (did you mean batch_size?)");
  CHECK(ErrorFrom(R"({"zzzzzzzzzzzzzzzz": 1})").suggestion().empty());
}

TEST_CASE("wrong types name the key and the type found") {
  CHECK(std::string(ErrorFrom(R"({"batch_size": "10"})").what()) == "\"batch_size\" must be a number, not string");
  CHECK(std::string(ErrorFrom(R"({"target": 5})").what()) == "\"target\" must be a string, not number");
  CHECK(std::string(ErrorFrom(R"({"set": null})").what()) == "\"set\" must be a string, not null");
  CHECK(std::string(ErrorFrom(R"({"not_null_after": "yes"})").what()) == "\"not_null_after\" must be true or false, not string");
  CHECK(std::string(ErrorFrom(R"({"write_heavy": 1})").what()) == "\"write_heavy\" must be true or false, not number");
  CHECK(std::string(ErrorFrom(R"({"batch_size": 10.5})").what()) == "\"batch_size\" must be a whole number");
  // JSON Schema's integers: any whole number, however written.
  CHECK(ReadRequirementText("r", R"({"sleep_ms": 1e2})").sleep_ms == 100);
  CHECK(ReadRequirementText("r", R"({"batch_size": 10.0})").batch_size == 10);
  CHECK(std::string(ErrorFrom(R"({"$schema": 1})").what()) == "\"$schema\" must be a string, not number");
  CHECK(std::string(ErrorFrom(R"({"reason": ["a"]})").what()) == "\"reason\" must be a string, not array");
}

TEST_CASE("out-of-range numbers name the key, the value, the range and line:col") {
  InputError e = ErrorFrom("{\n\n    \"batch_size\": 0}");
  CHECK(std::string(e.what()) == "\"batch_size\" is 0, outside 1..1000000");
  CHECK(e.place().line == 3);
  CHECK(e.place().column == 5);
  CHECK(std::string(ErrorFrom(R"({"batch_size": 1000001})").what()) == "\"batch_size\" is 1000001, outside 1..1000000");
  CHECK(std::string(ErrorFrom(R"({"sleep_ms": -1})").what()) == "\"sleep_ms\" is -1, outside 0..600000");
  CHECK(std::string(ErrorFrom(R"({"parallelism": 65})").what()) == "\"parallelism\" is 65, outside 1..64");
  CHECK(std::string(ErrorFrom(R"({"max_replica_lag_s": 3600.5})").what()) == "\"max_replica_lag_s\" is 3600.5, outside 0..3600");
  CHECK(std::string(ErrorFrom(R"({"lock_timeout_ms": 0})").what()) == "\"lock_timeout_ms\" is 0, outside 1..600000");
  CHECK(std::string(ErrorFrom(R"({"statement_timeout_ms": 86400001})").what()) ==
        "\"statement_timeout_ms\" is 86400001, outside 1..86400000");
  CHECK(std::string(ErrorFrom(R"({"max_retries": 101})").what()) == "\"max_retries\" is 101, outside 0..100");
  CHECK(std::string(ErrorFrom(R"({"backup_retention_days": 0})").what()) == "\"backup_retention_days\" is 0, outside 1..3650");
  CHECK(std::string(ErrorFrom(R"({"estimated_rows": -5})").what()) == "\"estimated_rows\" is -5, outside 0..10000000000000");
  CHECK(std::string(ErrorFrom(R"({"batch_size": 99999999999999999999})").what()).find("batch_size") != std::string::npos);
}

TEST_CASE("enumerated values list the choices and suggest the nearest") {
  InputError kind = ErrorFrom(R"({"kind": "fixx"})");
  CHECK(std::string(kind.what()) == "\"kind\" must be one of fill, fix, not \"fixx\"");
  CHECK(kind.suggestion() == "did you mean fix?");
  InputError mode = ErrorFrom(R"({"execution": "maintenance"})");
  CHECK(std::string(mode.what()) == "\"execution\" must be one of online, maintenance_window, background_job, not \"maintenance\"");
  CHECK(ReadRequirementText("r", R"({"execution": "background_job"})").execution == ExecutionMode::kBackgroundJob);
  CHECK(ReadRequirementText("r", R"({"execution": "online"})").execution == ExecutionMode::kOnline);
}

TEST_CASE("invalid JSON and a non-object are errors with a place") {
  InputError bad = ErrorFrom("{\n  \"batch_size\": 10,\n}");
  CHECK(bad.place().line == 3);
  CHECK(std::string(bad.what()).rfind("invalid JSON: ", 0) == 0);
  CHECK_FALSE(bad.excerpt().empty());
  CHECK(std::string(ErrorFrom("[1, 2]").what()) == "the requirement must be a JSON object");
  CHECK(std::string(ErrorFrom("").what()).rfind("invalid JSON", 0) == 0);
}

TEST_CASE("a malformed target is an error at the target key") {
  InputError e = ErrorFrom("{\n \"target\": \"orders\"\n}");
  CHECK(e.place().line == 2);
  CHECK(e.place().column == 2);
  CHECK(std::string(e.what()) == "target `orders`: names no column");
}

TEST_CASE("ReadRequirementFile: a missing file is an error naming the path") {
  try {
    ReadRequirementFile("/nonexistent/req.json");
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.place().file == "/nonexistent/req.json");
    CHECK(std::string(e.what()) == "requirement file not found");
  }
}

TEST_CASE("a key given twice is an error at its second occurrence, escapes decoded") {
  InputError e = ErrorFrom("{\n  \"where\": \"id > 0\",\n  \"set\": \"'x'\",\n  \"wh\\u0065re\": \"true\"\n}");
  CHECK(e.place().line == 4);
  CHECK(e.place().column == 3);
  CHECK(e.OneLine() == "req.json:4:3: key \"where\" is given twice in one object (keep one: JSON readers silently use the last)");
}

// nlohmann reads a NUL byte as the end of the text; what followed would be ignored, and a key
// after it once crashed the duplicate-key scan (found by fuzz_requirement).
TEST_CASE("a NUL byte in a requirement is an error at its place, not the end of the text") {
  InputError e = ErrorFrom(std::string("{}\n", 3) + std::string(1, '\0') + "\"set\": \"\x01\"}");
  CHECK(e.place().line == 2);
  CHECK(e.place().column == 1);
  CHECK(std::string(e.what()) == "the file holds a NUL byte");
}

TEST_CASE("a requirement text over 16 MiB is refused before it is parsed") {
  InputError e = ErrorFrom(std::string(kMaxRequirementBytes + 1, ' '));
  CHECK(e.OneLine() == "req.json: the requirement file is larger than the limit of 16 MiB (check that this is the right file)");
}

TEST_CASE("on_application_write: reapply for fill and keep for fix unless the requirement says") {
  CHECK(AppWrites(ReadRequirementText("r.json", R"({"kind": "fill"})")) == AppWritePolicy::kReapply);
  CHECK(AppWrites(ReadRequirementText("r.json", R"({"kind": "fix"})")) == AppWritePolicy::kKeep);
  CHECK(AppWrites(ReadRequirementText("r.json", R"({"kind": "fill", "on_application_write": "keep"})")) == AppWritePolicy::kKeep);
  CHECK(AppWrites(ReadRequirementText("r.json", R"({"kind": "fix", "on_application_write": "reapply"})")) ==
        AppWritePolicy::kReapply);
  CHECK(std::string(ErrorFrom(R"({"on_application_write": "overwrite"})").what()) ==
        "\"on_application_write\" must be one of reapply, keep, not \"overwrite\"");
}

}  // namespace backfill
