#include <doctest/doctest.h>

#include "planner/analysis/advisor_test_support.h"

namespace backfill {
namespace {

using namespace backfill::testing;

const char* kSchema = R"sql(
CREATE TABLE items (id bigint PRIMARY KEY, sku text, price numeric, note text);
CREATE INDEX items_sku ON items (sku);
CREATE INDEX items_lower_sku ON items (lower(sku));
CREATE UNIQUE INDEX items_sku_price ON items (sku, price);
CREATE INDEX items_price ON items (price) WHERE sku IS NOT NULL;
)sql";

TEST_CASE("indexes: every index reading the column is counted (key, expression, predicate)") {
  auto findings = Run(AdviseIndexes, kSchema, R"({"target": "items.sku", "set": "'x' || id"})");
  const Finding* f = FindingById(findings, "indexes.not_hot");
  REQUIRE(f);
  CHECK(f->severity == Severity::kInfo);
  CHECK(f->objects == std::vector<std::string>{"public.items_sku", "public.items_lower_sku", "public.items_sku_price",
                                               "public.items_price"});
  CHECK(Contains(f->title, "4 index(es)"));
  CHECK(Contains(f->advice, "VACUUM"));
  const Finding* later = FindingById(findings, "indexes.build_after");
  REQUIRE(later);
  // items_sku leads with sku, which the default `where` (sku IS NULL) reads: it stays
  CHECK(later->objects == std::vector<std::string>{"public.items_lower_sku", "public.items_price"});
}

TEST_CASE("indexes: a fix keeps its indexes; an unindexed column has no finding") {
  auto fix = Run(AdviseIndexes, kSchema, R"json({"target": "items.sku", "kind": "fix", "set": "upper(sku)"})json");
  CHECK(FindingById(fix, "indexes.not_hot"));
  CHECK_FALSE(FindingById(fix, "indexes.build_after"));
  CHECK(Run(AdviseIndexes, kSchema, R"({"target": "items.note", "set": "'n'"})").empty());
}

TEST_CASE("indexes: an index on a generated column computed from the target, or on one partition, counts") {
  const char* schema = R"sql(
CREATE TABLE p (id bigint NOT NULL, day date NOT NULL, name text, name_key text GENERATED ALWAYS AS (lower(name)) STORED,
                PRIMARY KEY (id, day)) PARTITION BY RANGE (day);
CREATE TABLE p_2026 PARTITION OF p FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE INDEX p_name_key ON p (name_key);
CREATE INDEX p_2026_name ON p_2026 (name);
)sql";
  auto findings = Run(AdviseIndexes, schema, R"({"target": "p.name", "set": "'n'"})");
  const Finding* f = FindingById(findings, "indexes.not_hot");
  REQUIRE(f);
  CHECK(f->objects == std::vector<std::string>{"public.p_name_key", "public.p_2026_name"});
}

TEST_CASE("indexes: an index that serves `where` is not proposed for building after the backfill") {
  const char* schema = R"sql(
CREATE TABLE t (id bigint PRIMARY KEY, c text);
CREATE INDEX t_todo ON t (id) WHERE c IS NULL;
CREATE INDEX t_c ON t (c);
)sql";
  auto findings = Run(AdviseIndexes, schema, R"({"target": "t.c", "set": "'x'", "where": "c IS NULL AND id > 0"})");
  const Finding* later = FindingById(findings, "indexes.build_after");
  REQUIRE(later);
  CHECK(later->objects == std::vector<std::string>{"public.t_todo"});  // t_c leads with c, which `where` reads
}

TEST_CASE("indexes: in Japanese, the same findings on the same indexes, worded in Japanese") {
  const char* requirement = R"({"target": "items.sku", "set": "'x' || id"})";
  auto ja = RunInJapanese(AdviseIndexes, kSchema, requirement);
  const Finding* f = FindingById(ja, "indexes.not_hot");
  REQUIRE(f);
  CHECK(Contains(f->title, "対象列を含むインデックスが 4 個ある"));
  CHECK(Contains(f->advice, "VACUUM (ANALYZE) public.items を実行する"));
  const Finding* later = FindingById(ja, "indexes.build_after");
  REQUIRE(later);
  CHECK(Contains(later->title, "public.items_lower_sku とこの列の他の非一意インデックスはバックフィルの後で作成する"));
}

}  // namespace
}  // namespace backfill
