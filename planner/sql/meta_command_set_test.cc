// The plan's own backslash commands are accepted exactly, in their place; anything else psql
// would run is refused.
#include "planner/sql/meta_command_set.h"

#include <doctest/doctest.h>

namespace backfill {
namespace {

// A command on a line of its own between statements.
std::string OwnLine(std::string_view text, std::string_view indent = "") { return RefusedMetaCommand({indent, text, false}); }
// A command ending the line of a pending query.
std::string AfterQuery(std::string_view text, std::string_view before = "SELECT 1 ") {
  return RefusedMetaCommand({before, text, true});
}

}  // namespace

TEST_CASE("meta-command set: every form the plan emits is accepted") {
  for (const char* line : {"\\set ON_ERROR_STOP on", "\\set QUIET on", "\\set QUIET off", "\\set batch_size 2000",
                           "\\set on_error stop", "\\set last_batch :first_batch", "\\if :{?max_rows}",
                           "\\if :backfill_add_check", "\\else", "\\endif", "\\endif  ",
                           "\\echo 'give the batches: psql -v first_batch=N -v last_batch=M -f 91_rollback_batches.sql'"}) {
    CAPTURE(line);
    CHECK(OwnLine(line) == "");
    CHECK(OwnLine(line, "  ") == "");
  }
  CHECK(AfterQuery("\\gexec") == "");
  CHECK(AfterQuery("\\gset") == "");
  CHECK(AfterQuery("\\gset", "FROM generate_series(1, :backfill_calls) ") == "");
}

TEST_CASE("meta-command set: anything else is refused") {
  for (const char* line : {"\\! id", "\\!id", "\\o /tmp/x", "\\o |sh", "\\w /tmp/x", "\\copy t from '/etc/passwd'",
                           "\\copy t to program 'id'", "\\i /etc/passwd", "\\ir x.sql", "\\include x.sql",
                           "\\setenv PAGER id", "\\set PAGER id", "\\set ON_ERROR_STOP off", "\\set QUIET on \\! id",
                           "\\set QUIET on \\\\ SELECT 1", "\\set a `id`", "\\set a 'x'", "\\set Name 1",
                           "\\echo `id`", "\\echo 'a' \\! id", "\\echo 'it''s'", "\\echo 'a\\'", "\\echo x",
                           "\\if `id`", "\\if :{?a} \\! id", "\\endif\r", "\\g /tmp/x", "\\g |sh", "\\gx", "\\gdesc",
                           "\\watch 1", "\\c other", "\\connect other", "\\lo_import /etc/passwd", "\\;", "\\:",
                           "\\", "\\cd /", "\\password", "\\prompt x", "\\gexec", "\\gset"}) {
    CAPTURE(line);
    CHECK(OwnLine(line) != "");
  }
  CHECK(OwnLine("\\! id").find("not one the plan emits") != std::string::npos);
}

TEST_CASE("meta-command set: the emitted forms only in their place") {
  // \gexec and \gset end a query line, after a space; not on a line of their own, not mid-line.
  CHECK(AfterQuery("\\gexec SELECT 2") != "");
  CHECK(AfterQuery("\\gexec \\! id") != "");
  CHECK(AfterQuery("\\gexec", "SELECT x") != "");
  CHECK(RefusedMetaCommand({"", "\\gexec", true}).find("does not end the line of a query") != std::string::npos);
  CHECK(RefusedMetaCommand({"SELECT 1 ", "\\gexec", false}) != "");  // nothing to send
  // The others stand on a line of their own between statements.
  CHECK(AfterQuery("\\set QUIET on").find("not on a line of its own") != std::string::npos);
  CHECK(RefusedMetaCommand({"", "\\set QUIET on", true}) != "");  // in the middle of a query
  CHECK(RefusedMetaCommand({"SELECT 1; ", "\\endif", false}) != "");
}

}  // namespace backfill
