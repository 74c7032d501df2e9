#include <doctest/doctest.h>

#include "planner/analysis/advisor_test_support.h"

namespace backfill {
namespace {

using namespace backfill::testing;

const char* kSchema = R"sql(
CREATE TABLE orders (id bigint PRIMARY KEY, status text, total numeric);
CREATE VIEW open_orders AS SELECT id, total FROM orders WHERE status = 'open';
CREATE VIEW all_orders AS SELECT * FROM orders;
CREATE VIEW totals AS SELECT id, total FROM orders;
CREATE MATERIALIZED VIEW status_counts AS SELECT status, count(*) FROM orders GROUP BY status;
)sql";

TEST_CASE("views: plain and materialized views reading the column are named") {
  auto findings = Run(AdviseViews, kSchema, R"({"target": "orders.status", "set": "'open'"})");
  std::vector<std::string> plain;
  for (const Finding& f : findings)
    if (f.id == "views.reads_column") {
      CHECK(f.severity == Severity::kInfo);
      plain.push_back(f.objects.at(0));
    }
  CHECK(plain == std::vector<std::string>{"public.all_orders", "public.open_orders"});
  const Finding* stale = FindingById(findings, "views.materialized_stale");
  REQUIRE(stale);
  CHECK(stale->severity == Severity::kWarn);
  CHECK(stale->section == PlanSection::kChecklist);
  CHECK(stale->objects == std::vector<std::string>{"public.status_counts"});
  CHECK(Contains(stale->advice, "REFRESH MATERIALIZED VIEW public.status_counts"));
}

TEST_CASE("views: views that do not read the column are left out") {
  auto findings = Run(AdviseViews, kSchema, R"({"target": "orders.total", "set": "0"})");
  for (const Finding& f : findings) CHECK_FALSE(Names(f, "public.status_counts"));
  const char* none = "CREATE TABLE t (id int PRIMARY KEY, c text);";
  CHECK(Run(AdviseViews, none, R"({"target": "t.c", "set": "'x'"})").empty());
}

TEST_CASE("views: a view over a view that reads the column is reported as reading it through that view") {
  const char* schema = R"sql(
CREATE TABLE orders (id bigint PRIMARY KEY, status text);
CREATE VIEW v1 AS SELECT id, status FROM orders;
CREATE MATERIALIZED VIEW v2 AS SELECT status, count(*) FROM v1 GROUP BY status;
)sql";
  auto findings = Run(AdviseViews, schema, R"({"target": "orders.status", "set": "'a'"})");
  const Finding* stale = FindingById(findings, "views.materialized_stale");
  REQUIRE(stale);
  CHECK(stale->objects == std::vector<std::string>{"public.v2"});
  CHECK(Contains(stale->title, "through public.v1"));
}

TEST_CASE("views: in Japanese, the same findings on the same views, worded in Japanese") {
  const char* schema = R"sql(
CREATE TABLE orders (id bigint PRIMARY KEY, status text);
CREATE VIEW v1 AS SELECT id, status FROM orders;
CREATE MATERIALIZED VIEW v2 AS SELECT status, count(*) FROM v1 GROUP BY status;
)sql";
  auto ja = RunInJapanese(AdviseViews, schema, R"({"target": "orders.status", "set": "'a'"})");
  const Finding* plain = FindingById(ja, "views.reads_column");
  REQUIRE(plain);
  CHECK(Contains(plain->title, "ビュー public.v1 は対象列を読む。"));
  const Finding* stale = FindingById(ja, "views.materialized_stale");
  REQUIRE(stale);
  CHECK(Contains(stale->title, "マテリアライズドビュー public.v2 は public.v1 を経由して対象列を読む。"));
  CHECK(Contains(stale->advice, "REFRESH MATERIALIZED VIEW public.v2 を実行する"));
}

}  // namespace
}  // namespace backfill
