// schemas/requirement.schema.json must describe exactly what the reader accepts: the same keys,
// types, choices, ranges and defaults. Each is checked against ReadRequirementText.
#include <doctest/doctest.h>

#include <fstream>
#include <optional>
#include <set>

#include <nlohmann/json.hpp>

#include "planner/requirement/requirement.h"
#include "planner/sql/expression.h"

namespace backfill {
namespace {

using Json = nlohmann::json;

Json LoadSchema() {
  std::ifstream in(std::string(SOURCE_DIR) + "/schemas/requirement.schema.json");
  REQUIRE(in.good());
  return Json::parse(in);
}

bool Accepts(const Json& requirement) {
  try {
    ReadRequirementText("r.json", requirement.dump());
    return true;
  } catch (const InputError&) {
    return false;
  }
}

// The keys the runner settings need beside them: adaptive bounds go with a target and must hold
// batch_size; a target must be below the statement timeout; a pause limit below its stop limit.
Json RunnerCompanions(Json requirement) {
  for (const char* key : {"min_batch_size", "max_batch_size"}) {
    if (!requirement.contains(key)) continue;
    if (!requirement.contains("target_batch_ms")) requirement["target_batch_ms"] = 100;
    if (requirement[key].is_number_integer() && requirement[key].get<int64_t>() >= 1 &&
        requirement[key].get<int64_t>() <= 1000000 && !requirement.contains("batch_size"))
      requirement["batch_size"] = requirement[key];
  }
  if (requirement.contains("target_batch_ms") && !requirement.contains("statement_timeout_ms"))
    requirement["statement_timeout_ms"] = 86400000;
  if (requirement.contains("max_lock_waiters") && !requirement.contains("critical_lock_waiters")) requirement["critical_lock_waiters"] = 0;
  return requirement;
}

// The kind a key goes with and the keys a kind needs, added to the object when it lacks them,
// so that each key and each kind can be tried on its own.
Json WithCompanions(Json requirement) {
  if (requirement.contains("to") && !requirement.contains("kind")) requirement["kind"] = "rename";
  for (const char* key : {"type", "using", "reverse"})
    if (requirement.contains(key) && !requirement.contains("kind")) requirement["kind"] = "retype";
  if (requirement.value("kind", Json()) == "rename" && !requirement.contains("to")) requirement["to"] = "new_name";
  if (requirement.value("kind", Json()) == "retype" && !requirement.contains("type")) requirement["type"] = "bigint";
  if (requirement.value("kind", Json()) == "retype" && !requirement.contains("to")) requirement["to"] = "new_name";
  return RunnerCompanions(requirement);
}

bool Accepts(const std::string& key, const Json& value) { return Accepts(WithCompanions(Json{{key, value}})); }

// The reader's value for key after reading {} (its default), as JSON.
Json ReaderDefault(const std::string& key) {
  Requirement r = ReadRequirementText("r.json", "{}");
  if (key == "kind") return KindName(r.kind);
  if (key == "execution") return ExecutionName(r.execution);
  if (key == "batch_size") return r.batch_size;
  if (key == "sleep_ms") return r.sleep_ms;
  if (key == "parallelism") return r.parallelism;
  if (key == "not_null_after") return r.not_null_after;
  if (key == "max_replica_lag_s") return r.max_replica_lag_s;
  if (key == "write_heavy") return r.write_heavy;
  if (key == "lock_timeout_ms") return r.lock_timeout_ms;
  if (key == "statement_timeout_ms") return r.statement_timeout_ms;
  if (key == "max_retries") return r.max_retries;
  if (key == "backup_retention_days") return r.backup_retention_days;
  if (key == "max_lock_waiters") return r.max_lock_waiters;
  if (key == "critical_lock_waiters") return r.critical_lock_waiters;
  if (key == "max_active_sessions") return r.max_active_sessions;
  if (key == "critical_active_sessions") return r.critical_active_sessions;
  return nullptr;
}

// A valid value of the property's type, for checking that the key itself is known.
Json Sample(const std::string& key, const Json& property) {
  if (property.contains("enum")) return property["enum"][0];
  if (property.contains("minimum")) return property["minimum"];
  if (property.contains("examples")) return property["examples"][0];
  std::string type = property.value("type", "");
  if (type == "boolean") return true;
  return "'x'";
}

}  // namespace

TEST_CASE("the requirement JSON Schema is 2020-12, closed, and lists every key the reader knows") {
  Json schema = LoadSchema();
  CHECK(schema["$schema"] == "https://json-schema.org/draft/2020-12/schema");
  CHECK(schema["type"] == "object");
  CHECK(schema["additionalProperties"] == false);
  const std::vector<std::string> reader_keys = {
      "$schema",        "target",      "kind",          "reason",          "set",
      "where",          "estimated_rows", "batch_size", "sleep_ms",        "parallelism",
      "execution",      "not_null_after", "max_replica_lag_s", "write_heavy", "lock_timeout_ms",
      "statement_timeout_ms", "max_retries", "backup_retention_days", "on_application_write",
      "to",             "type",        "using",         "reverse",         "target_batch_ms",
      "min_batch_size", "max_batch_size", "max_lock_waiters", "critical_lock_waiters", "max_active_sessions",
      "critical_active_sessions", "throttle_query", "feature_flag"};
  std::vector<std::string> schema_keys;
  for (auto it = schema["properties"].begin(); it != schema["properties"].end(); ++it) schema_keys.push_back(it.key());
  std::vector<std::string> sorted = reader_keys;
  std::sort(sorted.begin(), sorted.end());
  std::sort(schema_keys.begin(), schema_keys.end());
  CHECK(schema_keys == sorted);
  for (const std::string& key : schema_keys) {
    INFO("key " << key);
    CHECK(schema["properties"][key].contains("description"));
    CHECK(Accepts(key, Sample(key, schema["properties"][key])));
  }
  CHECK_FALSE(Accepts("not_a_key", 1));
}

TEST_CASE("the schema's types, choices, ranges and defaults are the reader's") {
  Json schema = LoadSchema();
  for (auto it = schema["properties"].begin(); it != schema["properties"].end(); ++it) {
    const std::string& key = it.key();
    const Json& p = it.value();
    INFO("key " << key);
    std::string type = p.value("type", "");
    if (type == "string") {
      CHECK_FALSE(Accepts(key, 1));
      CHECK_FALSE(Accepts(key, true));
    }
    if (type == "boolean") {
      CHECK(Accepts(key, false));
      CHECK_FALSE(Accepts(key, "true"));
      CHECK_FALSE(Accepts(key, 1));
    }
    if (type == "integer" || type == "number") {
      CHECK_FALSE(Accepts(key, "1"));
      double min = p["minimum"].get<double>(), max = p["maximum"].get<double>();
      CHECK(Accepts(key, p["minimum"]));
      CHECK(Accepts(key, p["maximum"]));
      CHECK_FALSE(Accepts(key, min - 1));
      CHECK_FALSE(Accepts(key, max + 1));
      if (type == "integer") CHECK_FALSE(Accepts(key, min + 0.5));
      if (type == "number") CHECK(Accepts(key, min + 0.5));
    }
    if (p.contains("enum")) {
      for (const Json& choice : p["enum"]) CHECK(Accepts(key, choice));
      CHECK_FALSE(Accepts(key, "other"));
    }
    if (p.contains("default")) CHECK(p["default"] == ReaderDefault(key));
    if (p.contains("maxLength")) {
      size_t max = p["maxLength"].get<size_t>();
      if (key == "to") {
        // JSON Schema counts characters and the reader bytes: they agree on ASCII names.
        CHECK(Accepts(key, std::string(max, 'x')));
        CHECK_FALSE(Accepts(key, std::string(max + 1, 'x')));
        CHECK_FALSE(Accepts(key, "a\nb"));  // the pattern: no control character
      } else if (key == "type") {
        // The reader's limit is on the text as given, before it is trimmed.
        CHECK(Accepts(key, "int" + std::string(max - 3, ' ')));
        CHECK_FALSE(Accepts(key, "int" + std::string(max - 2, ' ')));
        CHECK_FALSE(Accepts(key, " \n"));  // "pattern": "\\S"
      } else if (key == "throttle_query") {
        CHECK(Accepts(key, "SELECT true"));
        CHECK_FALSE(Accepts(key, std::string(max + 1, ' ') + "x"));
      } else {
        // set, where, using and reverse: the length limit is the expression checker's
        // (planner/sql/expression.cc).
        std::string longest = "'" + std::string(max - 2, 'x') + "'";
        CHECK_NOTHROW(ParseUserExpression(longest, key, {}));
        CHECK_THROWS_AS(ParseUserExpression("'" + longest + "'", key, {}), InputError);
        CHECK_THROWS_AS(ParseUserExpression(" \n", key, {}), InputError);  // "pattern": "\\S"
      }
    }
  }
}

// allOf holds if/then/else rules on kind: in a branch, "required" lists the keys the kind needs
// and "properties": {key: false} the keys it refuses. For each kind (and none, which is fill),
// the reader must refuse exactly those and accept every other key.
TEST_CASE("the schema's rules on kind are the reader's: the keys each kind needs and refuses") {
  Json schema = LoadSchema();
  REQUIRE(schema["allOf"].is_array());
  std::vector<std::optional<std::string>> kinds = {std::nullopt};
  for (const Json& k : schema["properties"]["kind"]["enum"]) kinds.push_back(k.get<std::string>());
  int refusals = 0;
  for (const std::optional<std::string>& kind : kinds) {
    Json base = kind ? WithCompanions(Json{{"kind", *kind}}) : Json::object();
    INFO("requirement " << base.dump());
    CHECK(Accepts(base));
    std::set<std::string> needed, refused;
    for (const Json& rule : schema["allOf"]) {
      CHECK(rule["if"]["required"] == Json::array({"kind"}));
      const Json& test = rule["if"]["properties"]["kind"];
      std::vector<std::string> matched =
          test.contains("const") ? std::vector<std::string>{test["const"]} : test["enum"].get<std::vector<std::string>>();
      const char* branch = kind && std::find(matched.begin(), matched.end(), *kind) != matched.end() ? "then" : "else";
      if (!rule.contains(branch)) continue;
      for (const Json& key : rule[branch].value("required", Json::array())) needed.insert(key.get<std::string>());
      const Json properties = rule[branch].value("properties", Json::object());
      for (auto it = properties.begin(); it != properties.end(); ++it) {
        CHECK(it.value() == false);
        refused.insert(it.key());
      }
    }
    for (const std::string& key : needed) {
      INFO("needed key " << key);
      Json without = base;
      without.erase(key);
      CHECK_FALSE(Accepts(without));
    }
    for (auto it = schema["properties"].begin(); it != schema["properties"].end(); ++it) {
      if (it.key() == "kind" || base.contains(it.key())) continue;
      INFO("key " << it.key());
      Json with = base;
      with[it.key()] = Sample(it.key(), it.value());
      CHECK(Accepts(RunnerCompanions(with)) == (refused.count(it.key()) == 0));
      refusals += static_cast<int>(refused.count(it.key()));
    }
  }
  CHECK(refusals == 4 * 3 + 5 + 2);  // to, type, using, reverse without kind, with fill and fix; 5 with rename; 2 with retype
}

}  // namespace backfill

namespace backfill {

// dependentRequired: a key that needs another is refused without it and accepted with it.
TEST_CASE("the schema's dependent keys are the reader's: adaptive bounds need a target") {
  Json schema = LoadSchema();
  REQUIRE(schema.contains("dependentRequired"));
  CHECK(schema["dependentRequired"].size() == 2);
  for (auto it = schema["dependentRequired"].begin(); it != schema["dependentRequired"].end(); ++it) {
    INFO("key " << it.key());
    Json alone = {{it.key(), 100}, {"batch_size", 100}};
    CHECK_FALSE(Accepts(alone));
    for (const Json& needed : it.value()) alone[needed.get<std::string>()] = 50;
    CHECK(Accepts(alone));
  }
}

TEST_CASE("adaptive bounds and throttle limits that contradict each other are refused, naming the key") {
  auto error = [](const std::string& text) -> std::string {
    try {
      ReadRequirementText("r.json", text);
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  };
  CHECK(error(R"({"target_batch_ms": 100, "batch_size": 100, "min_batch_size": 200})").find("above batch_size") != std::string::npos);
  CHECK(error(R"({"target_batch_ms": 100, "batch_size": 100, "max_batch_size": 50})").find("below batch_size") != std::string::npos);
  CHECK(error(R"({"target_batch_ms": 30000})").find("statement_timeout_ms") != std::string::npos);
  CHECK(error(R"({"max_lock_waiters": 10, "critical_lock_waiters": 10})").find("must be above") != std::string::npos);
  CHECK(error(R"({"max_active_sessions": 10, "critical_active_sessions": 5})").find("must be above") != std::string::npos);
  CHECK(error(R"({"max_lock_waiters": 10, "critical_lock_waiters": 0})").empty());
  Requirement r = ReadRequirementText("r.json", R"({"target_batch_ms": 100, "batch_size": 500})");
  CHECK(AdaptiveBounds(r).min == 50);
  CHECK(AdaptiveBounds(r).max == 5000);
}

}  // namespace backfill
