#include "planner/render/migration_files.h"

#include <doctest/doctest.h>

namespace backfill {

TEST_CASE("MigrationSlug: only [a-z0-9_], whatever the identifiers hold") {
  CHECK(MigrationSlug("backfill_orders_status_prepare") == "backfill_orders_status_prepare");
  CHECK(MigrationSlug("backfill_Order Lines_Status Code_prepare") == "backfill_order_lines_status_code_prepare");
  CHECK(MigrationSlug("backfill_../../etc/passwd_prepare") == "backfill_etc_passwd_prepare");
  CHECK(MigrationSlug("backfill_a\nb\x01\"c'\\d_prepare") == "backfill_a_b_c_d_prepare");
  CHECK(MigrationSlug("backfill_\xe6\xb3\xa8\xe6\x96\x87_prepare") == "backfill_prepare");
  CHECK(MigrationSlug("..") == "backfill");
  CHECK(MigrationSlug(std::string(300, 'x')).size() == 80);
}

TEST_CASE("NameMigrationFiles: every name is a plain file name") {
  std::vector<Migration> migrations(1);
  migrations[0].name = "backfill_a/../b\n_prepare";
  for (const char* style : {"golang-migrate", "flyway", "plain"})
    for (const auto& [name, content] : NameMigrationFiles(migrations, style, "2026-11-21")) {
      CHECK(name.find('/') == std::string::npos);
      CHECK(name.find("..") == std::string::npos);
      CHECK(name.find('\n') == std::string::npos);
    }
}

}  // namespace backfill
