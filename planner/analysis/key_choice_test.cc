// The key a backfill pages by, chosen among the table's primary key and unique indexes.
#include "planner/analysis/key_choice.h"

#include <doctest/doctest.h>

#include <filesystem>

#include "planner/analysis/advisor_test_support.h"

namespace backfill {
namespace {

using namespace backfill::testing;

Catalog Load(const std::string& sql) {
  std::vector<DdlNote> notes;
  return ReadSchemaText("s.sql", sql, notes);
}

// The key of table `table` in the schema text, or nothing.
std::optional<BatchKey> KeyOf(const std::string& sql, const std::string& table = "t") {
  Catalog c = Load(sql);
  return ChooseBatchKey(c, *c.FindTable({"public", table}));
}

std::string Described(const std::optional<BatchKey>& key, Language language = Language::kEnglish) {
  REQUIRE(key);
  return DescribeKey(*key, Wording(language));
}

}  // namespace

TEST_CASE("key choice: the primary key first, whatever unique indexes exist") {
  auto key = KeyOf(
      "CREATE TABLE t (a int NOT NULL, b int NOT NULL, c int NOT NULL, v text, PRIMARY KEY (a, b));\n"
      "CREATE UNIQUE INDEX t_c ON t (c);");
  CHECK(Described(key) == "primary key public.t_pkey");
  CHECK(key->columns.size() == 2);
}

TEST_CASE("key choice: else the narrowest unique index on NOT NULL columns") {
  auto key = KeyOf(
      "CREATE TABLE t (a int NOT NULL, b int NOT NULL, c int NOT NULL, n int, e text NOT NULL, v text);\n"
      "CREATE UNIQUE INDEX t_ab ON t (a, b);\n"
      "CREATE UNIQUE INDEX t_n ON t (n);\n"                              // nullable: narrower, but it loses
      "CREATE UNIQUE INDEX t_partial ON t (c) WHERE v IS NULL;\n"       // partial
      "CREATE UNIQUE INDEX t_expr ON t (lower(e));\n"                    // expression
      "CREATE INDEX t_plain ON t (c);\n"                                 // not unique
      "ALTER TABLE t ADD CONSTRAINT t_b_c UNIQUE (b, c);\n"
      "CREATE UNIQUE INDEX t_c_hash ON t USING hash (c);\n");           // not btree
  CHECK(Described(key) == "unique index public.t_ab");  // t_ab and t_b_c are as narrow: the first wins
  CHECK(key->columns.size() == 2);
  CHECK_FALSE(key->Nullable());

  auto narrowest = KeyOf(
      "CREATE TABLE t (a int NOT NULL, b int NOT NULL, c int NOT NULL);\n"
      "CREATE UNIQUE INDEX t_ab ON t (a, b);\n"
      "ALTER TABLE t ADD CONSTRAINT t_c_key UNIQUE (c);");
  CHECK(Described(narrowest) == "unique constraint public.t_c_key");
  CHECK(narrowest->columns[0].name == "c");
}

TEST_CASE("key choice: partial and expression unique indexes are never keys") {
  CHECK_FALSE(KeyOf(
      "CREATE TABLE t (c int NOT NULL, e text NOT NULL, v text);\n"
      "CREATE UNIQUE INDEX t_partial ON t (c) WHERE v IS NULL;\n"
      "CREATE UNIQUE INDEX t_expr ON t (lower(e));\n"
      "CREATE UNIQUE INDEX t_mixed ON t (c, lower(e));"));
}

TEST_CASE("key choice: a unique key on nullable columns, when nothing better exists, said to be nullable") {
  auto key = KeyOf(kSynapseUsers, "users");
  CHECK(Described(key) == "nullable unique constraint public.users_name_key");
  CHECK(Described(key, Language::kJapanese) == "NULL を許す一意制約 public.users_name_key");
  CHECK(key->Nullable());
  REQUIRE(key->columns.size() == 1);
  CHECK(key->columns[0].name == "name");
  CHECK(key->columns[0].nullable);
  // Mixed: only the nullable column is.
  auto mixed = KeyOf("CREATE TABLE t (a int NOT NULL, b int, v text);\nCREATE UNIQUE INDEX t_ab ON t (a, b);");
  CHECK(Described(mixed) == "nullable unique index public.t_ab");
  CHECK_FALSE(mixed->columns[0].nullable);
  CHECK(mixed->columns[1].nullable);
}

TEST_CASE("key choice: a primary key wins over a nullable unique key; among nullable ones, the narrowest") {
  CHECK(KeyOf("CREATE TABLE t (n int UNIQUE, id int PRIMARY KEY);")->index == "public.t_pkey");
  CHECK(KeyOf("CREATE TABLE t (n int, m int, v text, UNIQUE (n, m));\nCREATE UNIQUE INDEX t_n ON t (n);")->index == "public.t_n");
}

TEST_CASE("key choice: a column made NOT NULL later makes its unique index a key on NOT NULL columns") {
  auto key = KeyOf(
      "CREATE TABLE t (code text, v text);\n"
      "CREATE UNIQUE INDEX t_code ON t (code);\n"
      "ALTER TABLE t ALTER COLUMN code SET NOT NULL;");
  REQUIRE(key);
  CHECK(key->columns[0].name == "code");
  CHECK_FALSE(key->Nullable());
}

// The real thing: Matrix Synapse's full schema (v72) from ../shared/corpus (not part of this
// repository); skipped, saying so, when it is absent.
TEST_CASE("key choice: Synapse's users pages by UNIQUE (name); event_push_actions_staging has no key") {
  std::filesystem::path path = std::filesystem::path(SHARED_CORPUS_DIR) / "synapse" / "schema.sql";
  if (!std::filesystem::is_regular_file(path)) {
    MESSAGE("skipped: " << path.string() << " is absent (shared corpus)");
    return;
  }
  std::vector<DdlNote> notes;
  Catalog c = ReadSchemaFile(path.string(), notes);
  auto users = ChooseBatchKey(c, *c.FindTable({"public", "users"}));
  REQUIRE(users);
  CHECK(DescribeKey(*users, Wording(Language::kEnglish)) == "nullable unique constraint public.users_name_key");
  BackfillSubject s = BindSubject(c, ReadRequirementText("r.json", R"({"target": "users.shadow_banned", "set": "false"})"));
  CHECK(s.key.Nullable());
  try {
    BindSubject(c, ReadRequirementText("r.json", R"({"target": "event_push_actions_staging.thread_id", "set": "'main'"})"));
    FAIL("event_push_actions_staging has no key");
  } catch (const NoBatchKeyError& e) {
    // its NOT NULL columns (event_id, notif ...) repeat: the proposal is a new column
    CHECK(e.suggestion().find("ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY;") != std::string::npos);
    CHECK(e.suggestion().find("(event_id)") == std::string::npos);
  }
}

}  // namespace backfill
