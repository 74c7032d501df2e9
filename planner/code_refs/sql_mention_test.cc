#include "planner/code_refs/sql_mention.h"

#include <doctest/doctest.h>

namespace backfill {
namespace {

// The mention of `status` on line `line` of `text`, as "kind construct", or "none".
std::string Mention(const std::string& text, size_t line, Language language = Language::kPython) {
  CodeTarget target{"public", "orders", "status", {}};
  RE2 table(TableInSqlPattern("orders"));
  std::vector<std::string_view> lines = SplitLines(text);
  size_t at = lines[line].find("status");
  std::optional<SqlMention> m = FindSqlMention(lines, line, at, language, table, target);
  return m ? std::string(ReferenceKindName(m->kind)) + " " + m->construct : "none";
}

TEST_CASE("sql mentions: the clause before the column decides the kind") {
  CHECK(Mention("q = \"UPDATE orders SET status = 'x' WHERE id = 1\"", 0) == "write SQL string");
  CHECK(Mention("q = \"INSERT INTO public.orders (id, status) VALUES (1, 'x')\"", 0) == "write SQL string");
  CHECK(Mention("q = \"SELECT id FROM orders WHERE total > 0 AND status = 'x'\"", 0) == "filter SQL string");
  CHECK(Mention("q = \"SELECT status FROM orders\"", 0) == "read SQL string");
  CHECK(Mention("q = \"ALTER TABLE orders ALTER COLUMN status SET NOT NULL\"", 0) == "migration SQL string");
}

TEST_CASE("sql mentions: another table, another schema's orders, or another alias is not the column") {
  CHECK(Mention("q = \"SELECT status FROM payments\"", 0) == "none");
  CHECK(Mention("q = \"SELECT status FROM archive.orders\"", 0) == "none");
  CHECK(Mention("q = \"SELECT p.status FROM orders o JOIN payments p ON p.order_id = o.id\"", 0) == "none");
  CHECK(Mention("q = \"SELECT o.status FROM orders o\"", 0) == "read SQL string");
  CHECK(Mention("from orders.models import status", 0) == "none");  // no SQL verb: Python's import
}

TEST_CASE("sql mentions: a statement over lines, and a .sql file's statements and sqlc names") {
  CHECK(Mention("q = \"\"\"\n  SELECT id,\n    status\n  FROM orders\n\"\"\"", 2) == "read SQL string");
  CHECK(Mention("-- name: Pending :many\nSELECT id FROM orders\nWHERE status = 'p';\nSELECT status FROM payments;", 2,
                Language::kSql) == "filter sqlc query Pending");
  CHECK(Mention("SELECT id FROM orders;\nSELECT status FROM payments;", 1, Language::kSql) == "none");
}

}  // namespace
}  // namespace backfill
