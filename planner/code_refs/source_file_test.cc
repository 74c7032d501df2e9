#include "planner/code_refs/source_file.h"

#include <doctest/doctest.h>

namespace backfill {

TEST_CASE("source files: the language by extension, the role by the places frameworks keep tests and migrations") {
  CHECK(LanguageOf("app/models/order.rb") == Language::kRuby);
  CHECK(LanguageOf("web/src/orders.tsx") == Language::kScript);
  CHECK(LanguageOf("prisma/schema.prisma") == Language::kPrisma);
  CHECK(LanguageOf("db/queries/orders.sql") == Language::kSql);
  CHECK(LanguageOf("README.md") == Language::kOther);
  CHECK(RoleOf("spec/models/order_spec.rb") == Role::kTest);
  CHECK(RoleOf("shop/tests/test_views.py") == Role::kTest);
  CHECK(RoleOf("web/src/orders.test.ts") == Role::kTest);
  CHECK(RoleOf("reports/test_orders.py") == Role::kTest);
  CHECK(RoleOf("db/migrate/20260101_add_status.rb") == Role::kMigration);
  CHECK(RoleOf("reports/migrations/0002_status.py") == Role::kMigration);
  CHECK(RoleOf("alembic/versions/abc_status.py") == Role::kMigration);
  CHECK(RoleOf("spec/migrations/add_status_spec.rb") == Role::kTest);  // a test of a migration is a test
  CHECK(RoleOf("app/models/latest.rb") == Role::kCode);                  // "test" inside a word is not a test
}

TEST_CASE("source files: the names a model layer derives from a table") {
  CHECK(Singular("orders") == "order");
  CHECK(Singular("categories") == "category");
  CHECK(Singular("addresses") == "address");
  CHECK(Singular("boxes") == "box");
  CHECK(Singular("status") == "status");
  CHECK(Camel("order_item", true) == "OrderItem");
  CHECK(Camel("customer_id", false) == "customerId");
}

TEST_CASE("source files: lines, indentation and comments") {
  std::vector<std::string_view> lines = SplitLines("a\n  b\r\n\nc");
  REQUIRE(lines.size() == 4);
  CHECK(Indent(lines[1]) == 2);
  CHECK(Trim(lines[1]) == "b");
  CHECK(IsBlank(lines[2]));
  CHECK(IsComment("  # status", Language::kRuby));
  CHECK_FALSE(IsComment("#[sea_orm(table_name = \"orders\")]", Language::kRust));
  CHECK(IsComment("-- status", Language::kSql));
  CHECK_FALSE(IsComment("-- status", Language::kRuby));  // Ruby's `--` is a decrement, not a comment
  CHECK(IsComment("// status", Language::kScript));
  CHECK_FALSE(IsComment("#status = 1", Language::kScript));  // a private field
}

}  // namespace backfill
