// What a function of the schema does when it runs, read from its body (SQL, PL/pgSQL or a
// SQL-standard body) with libpg_query, or what a piece of SQL text does: its writes, schema
// changes, COPY to or from programs and files, dynamic SQL, and the functions it calls, which
// the caller judges in turn (function_calls.h).
#pragma once

#include <string>
#include <vector>

#include "planner/catalog/catalog.h"
#include "planner/sql/expression.h"

namespace backfill {

struct BodyEffect {
  enum class Kind {
    kWrite,         // INSERT/UPDATE/DELETE/MERGE, COPY ... FROM into a table, TRUNCATE
    kSchemaChange,  // DDL
    kStatement,     // another command with an effect: NOTIFY, SET, LOCK, VACUUM ...
    kCopyProgram,   // COPY ... TO/FROM PROGRAM: a shell command on the database server
    kCopyFile,      // COPY ... TO/FROM a file on the database server
    kDynamicSql,    // EXECUTE, FOR ... EXECUTE, OPEN ... FOR EXECUTE, DO: text known only at run time
  };
  Kind kind;
  std::string command;  // as SQL says it: INSERT, TRUNCATE, CREATE TABLE, COPY ... TO PROGRAM, EXECUTE
  std::string object;   // the table, the file or the shell command; may be empty
  bool operator==(const BodyEffect&) const = default;
};

struct FunctionBody {
  enum class Unread { kNone, kLanguage, kParseError };
  Unread unread = Unread::kNone;
  std::string unread_detail;  // the language, or the parser's message
  std::vector<BodyEffect> effects;
  std::vector<FunctionCall> calls;  // each name once, in first-seen order
  int unparsed_expressions = 0;     // PL/pgSQL expressions that did not parse: not judged
};

FunctionBody ReadFunctionBody(const Function& function);

// SQL text run by a function such as dblink_exec or query_to_xml; kParseError if it does not parse.
FunctionBody ReadSqlText(const std::string& sql);

}  // namespace backfill
