// The self-check: every statement the plan emits must parse with PostgreSQL's parser, and every
// PL/pgSQL body (procedures, functions, DO blocks) with PL/pgSQL's; every backslash command psql
// would find must be one the plan emits (planner/sql/meta_command_set.h). Run on every plan
// before anything is written, so a planner bug surfaces as an error instead of a broken runbook.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "planner/sql/parse_tree.h"

namespace backfill {

class SelfCheckError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

struct ScriptStatement {
  std::string sql;
  int line = 0;  // where it starts in the script, 1-based
  Json tree;     // the statement's node ({"SelectStmt": ...}) from the one parse of the script
};

// The SQL statements of a psql script, read as psql reads it (planner/sql/psql_lexer.h): backslash
// commands removed wherever they stand outside quotes, \gexec / \gset / \g ending the statement
// they follow, psql variables (:name, :'name') outside quotes replaced by placeholders. The
// script is parsed once, its statements' trees kept; throws SelfCheckError when it does not parse.
std::vector<ScriptStatement> ScriptStatements(const std::string& script);

// Throws SelfCheckError naming `name`, the line and what is wrong: a backslash command outside the
// plan's own set under either setting of standard_conforming_strings, a COPY, or SQL or PL/pgSQL
// that does not parse.
void CheckScriptParses(const std::string& name, const std::string& script);

}  // namespace backfill
