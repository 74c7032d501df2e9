#include "planner/cli/plan_index.h"

#include <doctest/doctest.h>

namespace backfill {

TEST_CASE("PlanIndex: names and messages are escaped, and ListedPlans reads the links back") {
  Plan plan;
  plan.table = "public.orders";
  plan.column = "status";
  plan.kind = "fill";
  PlanIndex index(Language::kEnglish);
  index.AddPlan("odd ](name) | x\x1b.md", plan);
  index.AddPlan("plain.md", plan);
  index.AddFailure("bad\n.json", "column \"x\x01\" is not | here");
  std::string text = index.Text();
  CHECK(text.find("| [odd \\](name) \\| x\\x1b.md](odd%20%5D%28name%29%20%7C%20x%1B.md) |") != std::string::npos);
  CHECK(text.find("| bad .json | | | | failed: column \"x\\x01\" is not \\| here |") != std::string::npos);
  CHECK(text.find('\x1b') == std::string::npos);
  std::optional<std::set<std::string>> listed = ListedPlans(text);
  REQUIRE(listed);
  CHECK(*listed == std::set<std::string>{"odd ](name) | x\x1b.md", "plain.md"});
}

TEST_CASE("PlanIndex: a requirement blocked before any plan says so, and lists no plan") {
  PlanIndex index(Language::kEnglish);
  index.AddBlocked("logs.line.json", "table public.logs has no primary key | index (add one)");
  std::string text = index.Text();
  CHECK(text.find("| logs.line.json | | | | blocked, no plan: table public.logs has no primary key \\| index (add one) |") !=
        std::string::npos);
  CHECK(ListedPlans(text) == std::set<std::string>{});
  PlanIndex japanese(Language::kJapanese);
  japanese.AddBlocked("logs.line.json", "no key");
  CHECK(japanese.Text().find("| logs.line.json | | | | 実行不可、計画なし: no key |") != std::string::npos);
}

TEST_CASE("ListedPlans: only an index page the tool wrote, in either language") {
  CHECK_FALSE(ListedPlans("# Our wiki\n| [a.md](a.md) |\n"));
  CHECK(ListedPlans(PlanIndex(Language::kJapanese).Text()) == std::set<std::string>{});
}

}  // namespace backfill
