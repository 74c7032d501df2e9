// The self-check: every statement the plan emits must parse with PostgreSQL's parser, and every
// PL/pgSQL body (procedures, functions, DO blocks) with PL/pgSQL's. Run on every plan before
// anything is written, so a planner bug surfaces as an error instead of a broken runbook.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace backfill {

class SelfCheckError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

struct ScriptStatement {
  std::string sql;
  int line = 0;  // where it starts in the script, 1-based
};

// The SQL statements of a psql script: meta-command lines removed, \gexec / \gset / \g ending
// the statement they follow, psql variables (:name, :'name') replaced by placeholders.
std::vector<ScriptStatement> ScriptStatements(const std::string& script);

// Throws SelfCheckError naming `name`, the line and the parser's message.
void CheckScriptParses(const std::string& name, const std::string& script);

}  // namespace backfill
