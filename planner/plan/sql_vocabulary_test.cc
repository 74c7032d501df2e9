#include "planner/plan/sql_vocabulary.h"

#include <doctest/doctest.h>

#include "planner/plan/vocabulary_test_support.h"

namespace backfill {
namespace {

using namespace backfill::testing;

constexpr const char* kTable = "CREATE TABLE t (id int PRIMARY KEY, c text);";

// A row is the backfill's while it is the version a batch wrote: the same xmin, recorded recently
// enough that a 32-bit xmin cannot have come round again.
TEST_CASE("vocabulary: WroteVersion compares xmin and bounds the entry's age in transactions") {
  SqlVocabulary v = VocabularyFor(kTable, R"({"target": "t.c", "set": "'x'"})");
  CHECK(v.WroteVersion("b", "t.xmin") ==
        "b.new_xmin = t.xmin AND b.new_xact::text::bigint > pg_snapshot_xmax(pg_current_snapshot())::text::bigint - 2147483648");
}

TEST_CASE("vocabulary: keep leaves rows the backfill changed to the application; reapply does not") {
  SqlVocabulary fill = VocabularyFor(kTable, R"({"target": "t.c", "set": "'x'"})");
  CHECK_FALSE(fill.keep_app_writes);
  CHECK_FALSE(Contains(fill.PendingPredicate(), "backup"));
  SqlVocabulary fix = VocabularyFor(kTable, R"({"target": "t.c", "kind": "fix", "set": "'x'"})");
  CHECK(fix.keep_app_writes);
  CHECK(Contains(fix.PendingPredicate(), "AND NOT EXISTS (SELECT 1 FROM public.t_c_backup_20260101 AS backup WHERE backup.id = t.id AND "
                                         "backup.state IN ('applied', 'kept'))"));
  SqlVocabulary fill_keep = VocabularyFor(kTable, R"({"target": "t.c", "set": "'x'", "on_application_write": "keep"})");
  CHECK(Contains(fill_keep.PendingPredicate(), "backup.state IN ('applied', 'kept')"));
}

// 01_preflight.sql and the plan's analysis queries run before 02_prepare.sql creates the backup.
TEST_CASE("vocabulary: PendingBeforeRun never reads the backup table") {
  for (const char* requirement : {R"({"target": "t.c", "kind": "fix", "set": "'x'"})",
                                  R"j({"target": "t.c", "set": "md5(random()::text)"})j"}) {
    SqlVocabulary v = VocabularyFor(kTable, requirement);
    INFO(requirement);
    CHECK(Contains(v.PendingPredicate(), "backup"));
    CHECK_FALSE(Contains(v.PendingBeforeRun(), "backup"));
  }
}

// Rows with a NULL key have no place in the key's order: the batches page only the others.
TEST_CASE("vocabulary: a nullable key's columns say which rows the batches can page to") {
  SqlVocabulary v = VocabularyFor("CREATE TABLE t (a text, b int NOT NULL, c text, UNIQUE (a, b));",
                                  R"({"target": "t.c", "set": "'x'"})");
  CHECK(v.nullable_keys == std::vector<std::string>{"a"});
  CHECK(v.KeyPresent() == "t.a IS NOT NULL");
  CHECK(v.KeyMissing() == "t.a IS NULL");
  SqlVocabulary both = VocabularyFor("CREATE TABLE t (a text, b int, c text, UNIQUE (a, b));", R"({"target": "t.c", "set": "'x'"})");
  CHECK(both.KeyPresent() == "t.a IS NOT NULL AND t.b IS NOT NULL");
  CHECK(both.KeyMissing() == "t.a IS NULL OR t.b IS NULL");
  SqlVocabulary primary = VocabularyFor(kTable, R"({"target": "t.c", "set": "'x'"})");
  CHECK(primary.nullable_keys.empty());
  CHECK(primary.KeyPresent().empty());
}

}  // namespace
}  // namespace backfill
