// The psql backslash commands the plan's scripts use, and nothing else. The self-check refuses a
// script in which psql would find any other command (\! runs a shell command, \o writes a file,
// \i reads one, \copy reads or writes either), so a quoting bug that let text out of a literal
// cannot reach the shell or the file system through psql.
#pragma once

#include <string>
#include <string_view>

namespace backfill {

struct MetaCommandUse {
  std::string_view before;     // its line up to the backslash
  std::string_view text;       // from the backslash to the end of its line, without the \n
  bool query_pending = false;  // the query buffer holds a query psql has not sent yet
};

// Empty when the command is exactly one of the forms the plan emits, else why it is not.
std::string RefusedMetaCommand(const MetaCommandUse& use);

}  // namespace backfill
