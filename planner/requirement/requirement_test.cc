#include "planner/requirement/requirement.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "planner/sql/expression.h"

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
  CHECK_FALSE(r.to_column);
  CHECK_FALSE(r.type_sql);
  CHECK_FALSE(r.using_sql);
  CHECK_FALSE(r.reverse_sql);
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
  CHECK(std::string(kind.what()) == "\"kind\" must be one of fill, fix, rename, retype, not \"fixx\"");
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

TEST_CASE("rename: the target is copied into the column \"to\" names, kept as written") {
  Requirement r = ReadRequirementText("req.json", R"({
  "target": "orders.status",
  "kind": "rename",
  "to": "Order State",
  "not_null_after": true
})");
  CHECK(r.kind == BackfillKind::kRename);
  CHECK(std::string(KindName(r.kind)) == "rename");
  CHECK(r.to_column == "Order State");
  CHECK(r.to_place.line == 4);
  CHECK(r.to_place.column == 3);
  CHECK(r.not_null_after);
  CHECK_FALSE(r.type_sql);
  CHECK_FALSE(r.using_sql);
  CHECK_FALSE(r.reverse_sql);
  CHECK_FALSE(r.set_sql);
  CHECK_FALSE(r.where_sql);
  CHECK(AppWrites(r) == AppWritePolicy::kKeep);
}

TEST_CASE("retype: type, using, reverse and to are read; using and to stay unset when absent") {
  Requirement r = ReadRequirementText("req.json", R"({
  "target": "orders.amount",
  "kind": "retype",
  "type": "  numeric(12, 2)  ",
  "using": "amount / 100.0",
  "reverse": "(amount_new * 100)::integer",
  "to": "amount_new"
})");
  CHECK(r.kind == BackfillKind::kRetype);
  CHECK(std::string(KindName(r.kind)) == "retype");
  CHECK(r.type_sql == "numeric(12, 2)");
  CHECK(r.type_place.line == 4);
  CHECK(r.using_sql == "amount / 100.0");
  CHECK(r.using_place.line == 5);
  CHECK(r.reverse_sql == "(amount_new * 100)::integer");
  CHECK(r.reverse_place.line == 6);
  CHECK(r.to_column == "amount_new");
  CHECK(r.to_place.line == 7);
  CHECK(AppWrites(r) == AppWritePolicy::kKeep);
  CHECK(AppWrites(ReadRequirementText("r", R"({"kind": "retype", "to": "n", "type": "bigint", "on_application_write": "reapply"})")) ==
        AppWritePolicy::kReapply);

  Requirement plain = ReadRequirementText("req.json", R"({"kind": "retype", "to": "n", "type": "bigint"})");
  CHECK(plain.type_sql == "bigint");
  CHECK_FALSE(plain.using_sql);
  CHECK_FALSE(plain.reverse_sql);
  // Without "to" the column keeps its name (the copy is swapped in at the switch).
  CHECK_FALSE(ReadRequirementText("req.json", R"({"kind": "retype", "type": "bigint"})").to_column);
}

TEST_CASE("retype: type is one SQL type name, however PostgreSQL spells it") {
  auto type_of = [](const std::string& type) {
    return *ReadRequirementText("r", nlohmann::json{{"kind", "retype"}, {"to", "n"}, {"type", type}}.dump()).type_sql;
  };
  for (const char* type : {"bigint", "text[]", "int ARRAY", "integer[3][]", "character varying(20)", "double precision",
                           "timestamp(3) with time zone", "interval year to month", "interval second(3)",
                           "bit varying(5)", "\"char\"", "public.mood", "\"Sales\".\"Mood; DROP\"", "numeric(10,-2)",
                           "public.geometry(point, 4326)", "pg_catalog.int8"})
    CHECK(type_of(type) == type);
}

TEST_CASE("retype: a type that is anything but one type name is refused at the type key") {
  auto error = [](const std::string& type) {
    return ErrorFrom(nlohmann::json{{"kind", "retype"}, {"to", "n"}, {"type", type}}.dump());
  };
  InputError drop = ErrorFrom("{\n  \"kind\": \"retype\",\n  \"to\": \"n\",\n  \"type\": \"int; DROP TABLE x\"\n}");
  CHECK(drop.OneLine() ==
        "req.json:4:3: \"type\" holds a `;` (give one SQL type, e.g. bigint, numeric(12,2) or text[])");
  CHECK(std::string(error("int) --").what()) == "\"type\" holds a comment");
  CHECK(error("int) --").suggestion() == "remove the comment");
  CHECK(std::string(error("int /* x */").what()) == "\"type\" holds a comment");
  CHECK(std::string(error("int)").what()) == "\"type\" is not an SQL type: syntax error at or near \")\" at character 4");
  CHECK(std::string(error("").what()) == "\"type\" is empty");
  CHECK(std::string(error(" \n ").what()) == "\"type\" is empty");
  CHECK(error("").suggestion() == "give one SQL type, e.g. bigint, numeric(12,2) or text[]");
  CHECK(std::string(error("timestamp\nwith time zone").what()) == "\"type\" holds a control character");
  CHECK(error("timestamp\nwith time zone").suggestion() == "write the type on one line");
  for (const char* type : {"int + 1", "int AS x", "int, 1", "int FROM orders", "int::text", "text COLLATE \"C\"",
                           "int UNION SELECT 1", "int LIMIT 1", "int IS NULL", "int FOR UPDATE", "int ORDER BY 1"}) {
    INFO(type);
    CHECK(std::string(error(type).what()) == "\"type\" is not a single SQL type");
  }
  CHECK(std::string(error("setof int").what()) == "\"type\" is not a column's type (SETOF or %TYPE)");
  CHECK(std::string(error("public.box2d((SELECT 1))").what()) ==
        "\"type\" has a type modifier that is neither a whole number nor a name");
  CHECK(std::string(error("public.geometry('point')").what()) ==
        "\"type\" has a type modifier that is neither a whole number nor a name");
  CHECK(std::string(error("numeric(" + std::string(65, '(') + "1" + std::string(65, ')') + ")").what()) ==
        "\"type\" nests parentheses deeper than 64 levels");
  CHECK(std::string(error("int \\gexec").what()).rfind("\"type\" is not an SQL type: ", 0) == 0);
  CHECK(std::string(error(std::string(kMaxExpressionBytes + 1, 'x')).what()) == "\"type\" is longer than 20000 bytes");
  CHECK(std::string(ErrorFrom(R"({"kind": "retype", "to": "n", "type": 8})").what()) == "\"type\" must be a string, not number");
}

TEST_CASE("to: a raw column name of 1 to 63 bytes without control characters") {
  auto read = [](const std::string& to) {
    return ReadRequirementText("r", nlohmann::json{{"kind", "rename"}, {"to", to}}.dump());
  };
  auto error = [](const std::string& to) { return ErrorFrom(nlohmann::json{{"kind", "rename"}, {"to", to}}.dump()); };
  CHECK(read(std::string(63, 'x')).to_column == std::string(63, 'x'));
  CHECK(read("État; \"DROP\" x").to_column == "État; \"DROP\" x");
  CHECK(read(" ").to_column == " ");
  InputError empty = ErrorFrom("{\"kind\": \"rename\",\n \"to\": \"\"}");
  CHECK(empty.OneLine() == "req.json:2:2: \"to\" is empty (give the new column's name)");
  InputError long_name = error(std::string(64, 'x'));
  CHECK(std::string(long_name.what()) == "\"to\" is 64 bytes long: PostgreSQL would truncate it to 63");
  CHECK(long_name.suggestion() == "give a name of at most 63 bytes");
  // 32 two-byte letters: 32 characters, 64 bytes.
  std::string accents;
  for (int i = 0; i < 32; ++i) accents += "é";
  CHECK(std::string(error(accents).what()) == "\"to\" is 64 bytes long: PostgreSQL would truncate it to 63");
  for (std::string bad : {std::string("a\nb"), std::string("tab\there"), std::string("a\x7f"), std::string("nul\0", 4)}) {
    InputError e = error(bad);
    CHECK(std::string(e.what()) == "\"to\" holds a control character");
    CHECK(e.suggestion() == "give the name without line breaks or other control characters");
  }
  CHECK(std::string(ErrorFrom(R"({"kind": "rename", "to": ["a"]})").what()) == "\"to\" must be a string, not array");
}

TEST_CASE("keys of another kind are refused at the key, naming the kind they go with") {
  InputError to = ErrorFrom("{\n  \"kind\": \"fix\",\n  \"to\": \"b\"\n}");
  CHECK(to.OneLine() == "req.json:3:3: \"to\" goes only with kind rename or retype, not fix (set \"kind\": \"rename\" to copy "
                        "the column into a new one, or remove \"to\")");
  CHECK(std::string(ErrorFrom(R"({"to": "b"})").what()) == "\"to\" goes only with kind rename or retype, not fill");
  InputError type = ErrorFrom("{\n  \"type\": \"bigint\"\n}");
  CHECK(type.OneLine() == "req.json:2:3: \"type\" goes only with kind retype, not fill (set \"kind\": \"retype\" to change "
                          "the column's type, or remove \"type\")");
  InputError renamed = ErrorFrom(R"({"kind": "rename", "to": "b", "using": "a::text"})");
  CHECK(std::string(renamed.what()) == "\"using\" goes only with kind retype, not rename");
  CHECK(renamed.suggestion() == "set \"kind\": \"retype\" (with \"to\") to change the type too, or remove \"using\"");
  CHECK(std::string(ErrorFrom(R"({"kind": "fix", "reverse": "b"})").what()) == "\"reverse\" goes only with kind retype, not fix");
  CHECK(std::string(ErrorFrom(R"({"kind": "rename", "to": "b", "type": "int"})").what()) ==
        "\"type\" goes only with kind retype, not rename");
}

TEST_CASE("rename refuses set and where; retype refuses them too, pointing set at using") {
  InputError set = ErrorFrom("{\n  \"kind\": \"rename\",\n  \"to\": \"b\",\n  \"set\": \"'x'\"\n}");
  CHECK(set.OneLine() ==
        "req.json:4:3: \"set\" does not go with kind rename: a rename copies every row's value as it is (remove \"set\")");
  InputError where = ErrorFrom("{\"kind\": \"rename\", \"to\": \"b\",\n\"where\": \"a > 0\"}");
  CHECK(where.OneLine() == "req.json:2:1: \"where\" does not go with kind rename: a rename copies every row (remove \"where\")");
  InputError retype_set = ErrorFrom("{\"kind\": \"retype\", \"to\": \"n\", \"type\": \"bigint\",\n   \"set\": \"a * 2\"}");
  CHECK(retype_set.OneLine() == "req.json:2:4: \"set\" does not go with kind retype: the new column's value is \"using\" "
                                "(write the expression as \"using\", or remove \"set\" to cast the old column to \"type\")");
  InputError retype_where = ErrorFrom(R"({"kind": "retype", "to": "n", "type": "bigint", "where": "a > 0"})");
  CHECK(retype_where.OneLine() ==
        "req.json:1:49: \"where\" does not go with kind retype: the copy covers every row (remove \"where\")");
  CHECK(ReadRequirementText("r", R"({"kind": "rename", "to": "b", "not_null_after": true})").not_null_after);
  CHECK(ReadRequirementText("r", R"({"kind": "retype", "to": "n", "type": "int", "not_null_after": true})").not_null_after);
}

TEST_CASE("rename needs to and retype needs type: the error is at the kind key") {
  InputError rename = ErrorFrom("{\n  \"target\": \"orders.status\",\n  \"kind\": \"rename\"\n}");
  CHECK(rename.OneLine() ==
        "req.json:3:3: kind rename needs \"to\", the new column's name (add \"to\": \"<new column name>\")");
  InputError retype = ErrorFrom("{\"kind\": \"retype\", \"using\": \"a::bigint\"}");
  CHECK(retype.OneLine() ==
        "req.json:1:2: kind retype needs \"type\", the new column's SQL type (add \"type\", e.g. \"type\": \"bigint\")");
}

TEST_CASE("using and reverse have the expression length limit of set and where") {
  std::string longest(kMaxExpressionBytes, 'x');
  Requirement r = ReadRequirementText("r", nlohmann::json{{"kind", "retype"}, {"to", "n"}, {"type", "int"}, {"using", longest},
                                                          {"reverse", longest}}.dump());
  CHECK(r.using_sql->size() == kMaxExpressionBytes);
  CHECK(std::string(ErrorFrom(nlohmann::json{{"kind", "retype"}, {"to", "n"}, {"type", "int"}, {"using", longest + "x"}}.dump()).what()) ==
        "\"using\" is longer than 20000 bytes");
  CHECK(std::string(ErrorFrom(nlohmann::json{{"kind", "retype"}, {"to", "n"}, {"type", "int"}, {"reverse", longest + "x"}}.dump()).what()) ==
        "\"reverse\" is longer than 20000 bytes");
  CHECK(std::string(ErrorFrom(R"({"kind": "retype", "to": "n", "type": "int", "using": 1})").what()) ==
        "\"using\" must be a string, not number");
}

}  // namespace backfill

namespace backfill {

TEST_CASE("feature_flag: a name and whether the code it turns on reads the column (default true)") {
  Requirement r = ReadRequirementText("req.json", R"({"feature_flag": {"name": "orders_status_filter"}})");
  REQUIRE(r.feature_flag);
  CHECK(r.feature_flag->name == "orders_status_filter");
  CHECK(r.feature_flag->reads_column);
  r = ReadRequirementText("req.json", R"({"feature_flag": {"name": "x", "reads_column": false}})");
  CHECK_FALSE(r.feature_flag->reads_column);
  CHECK_FALSE(ReadRequirementText("req.json", "{}").feature_flag);
  for (const char* bad : {R"({"feature_flag": "x"})", R"({"feature_flag": {}})", R"({"feature_flag": {"name": ""}})",
                          R"({"feature_flag": {"name": "a\nb"}})", R"({"feature_flag": {"name": "x", "reads": true}})",
                          R"({"feature_flag": {"name": "x", "reads_column": "yes"}})"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(ReadRequirementText("req.json", bad), InputError);
  }
}

}  // namespace backfill
