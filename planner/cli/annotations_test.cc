#include "planner/cli/annotations.h"

#include <doctest/doctest.h>

namespace backfill {

TEST_CASE("annotations: a finding as a GitHub Actions workflow command at the requirement's target") {
  Finding block{"unique.constant_duplicate", Severity::kBlock, "every row gets the same value", {}, "drop the unique index first"};
  CHECK(GithubAnnotation(block, {"backfills/orders.status.json", 3, 5}) ==
        "::error file=backfills/orders.status.json,line=3,col=5,title=backfill-plan unique.constant_duplicate::"
        "every row gets the same value (drop the unique index first)");
  Finding warn{"triggers.row_update", Severity::kWarn, "t", {}, "a"};
  CHECK(GithubAnnotation(warn, {"r.json", 0, 0}).rfind("::warning file=r.json,title=", 0) == 0);
  Finding info{"predicate.unindexed", Severity::kInfo, "t", {}, "a"};
  CHECK(GithubAnnotation(info, {}).rfind("::notice title=", 0) == 0);
}

TEST_CASE("annotations: a target or value given on the command line is no file to point at") {
  Finding warn{"triggers.row_update", Severity::kWarn, "t", {}, "a"};
  CHECK(GithubAnnotation(warn, {"command line"}).rfind("::warning title=", 0) == 0);
  CHECK(GithubAnnotation(warn, {"--where", 1, 4}).rfind("::warning title=", 0) == 0);
}

TEST_CASE("annotations: a name cannot end the command's properties, start a new line or a new command") {
  // A file name with the separators, a message with a line break and a percent sign.
  std::string line = GithubAnnotation("error", "", "50% of rows\n::error::forged", {"a,b:c.json", 1, 1});
  CHECK(line == "::error file=a%2Cb%3Ac.json,line=1,col=1::50%25 of rows\\n::error::forged");
  CHECK(line.find('\n') == std::string::npos);
}

}  // namespace backfill
