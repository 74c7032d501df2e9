#include "planner/sql/builtin_functions.h"

#include <set>
#include <string>

#include <doctest/doctest.h>

namespace backfill {
namespace {

BuiltinEffect EffectOf(std::string_view name) {
  auto f = FindBuiltinFunction(name);
  REQUIRE_MESSAGE(f, name);
  return f->effect;
}

}  // namespace

TEST_CASE("built-ins: the functions the examples use only compute") {
  for (std::string_view name : {"lower", "upper", "left", "regexp_replace", "split_part", "round", "concat", "format",
                                "length", "btrim", "substring", "numeric", "max", "to_char", "jsonb_set", "xpath"})
    CHECK_MESSAGE(EffectOf(name) == BuiltinEffect::kComputes, name);
}

TEST_CASE("built-ins: volatile values are not side effects") {
  for (std::string_view name : {"now", "clock_timestamp", "random", "gen_random_uuid"}) {
    CHECK_MESSAGE(EffectOf(name) == BuiltinEffect::kVolatile, name);
    CHECK(FindBuiltinFunction(name)->new_value_each_call);
  }
}

TEST_CASE("built-ins: side effects and SQL text, each with its reason in both languages") {
  for (std::string_view name : {"pg_sleep", "nextval", "setval", "pg_advisory_lock", "pg_notify", "set_config",
                                "pg_terminate_backend", "lo_export", "pg_read_file", "pg_file_write", "pg_reload_conf",
                                "pg_switch_wal", "txid_current", "table_to_xml", "cursor_to_xml"})
    CHECK_MESSAGE(EffectOf(name) == BuiltinEffect::kSideEffect, name);
  for (std::string_view name : {"query_to_xml", "dblink", "dblink_exec", "ts_stat"})
    CHECK_MESSAGE(EffectOf(name) == BuiltinEffect::kRunsSql, name);
  CHECK(FindBuiltinFunction("query_to_xml")->runs_text_read_only);
  CHECK_FALSE(FindBuiltinFunction("dblink_exec")->runs_text_read_only);
  CHECK(FindBuiltinFunction("dblink_exec")->extension == "dblink");
  CHECK(FindBuiltinFunction("pg_file_write")->extension == "adminpack");
  CHECK(FindBuiltinFunction("nextval")->extension.empty());
  std::set<std::string_view> names;
  for (const BuiltinFunction& f : BuiltinFunctionsWithEffects()) {
    CHECK_MESSAGE(names.insert(f.name).second, "listed twice: " << f.name);
    CHECK_MESSAGE(!f.english.empty(), f.name);
    CHECK_MESSAGE(!f.japanese.empty(), f.name);
    CHECK(f.japanese != f.english);
  }
}

TEST_CASE("built-ins: a name the table does not know is not guessed") {
  CHECK_FALSE(FindBuiltinFunction("slugify"));
  CHECK_FALSE(FindBuiltinFunction("dblink_anything"));  // no prefix matching: each name is listed
}

}  // namespace backfill
