// What PostgreSQL's own functions (and a few common extensions') do besides computing a value,
// for judging the functions a user's `set` and `where` call. One curated table, with the reason
// for every entry that is not plain computation, checked against PostgreSQL 15's pg_proc.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace backfill {

enum class BuiltinEffect {
  kComputes,    // computes a value from its arguments and the database (immutable or stable)
  kVolatile,    // gives a different value on each call or in each transaction (now(), random())
  kSideEffect,  // does something besides computing a value: sleeps, locks, notifies, touches files
  kRunsSql,     // runs SQL text given as an argument, whose effects are not those of the call
};

struct BuiltinFunction {
  std::string_view name;
  BuiltinEffect effect = BuiltinEffect::kComputes;
  // Calling it again gives another value (now(), nextval(), lo_import()): a row's new value
  // cannot be recomputed to tell whether the row is done.
  bool new_value_each_call = false;
  // For kSideEffect and kRunsSql: what it does, a verb phrase ("waits ..."), in each language.
  std::string_view english;
  std::string_view japanese;
  // For kRunsSql: PostgreSQL runs the text read-only (query_to_xml), so a write in the text
  // itself fails, though a function the text calls may still write.
  bool runs_text_read_only = false;
  // Empty for PostgreSQL's own functions; else the extension that provides it (dblink,
  // adminpack, uuid-ossp), installed in a schema of the user's choosing.
  std::string_view extension;
};

// The entry for a function name (the last part of the called name), or nullopt when the table
// does not know it. Overloads of a built-in name share one entry: their effects are the same.
std::optional<BuiltinFunction> FindBuiltinFunction(std::string_view name);

// Whether every overload of PostgreSQL's function of this name is IMMUTABLE and returns no set:
// only such a function may appear in an index's predicate or expression.
bool IsImmutableBuiltin(std::string_view name);

// The entries with an effect (kSideEffect, kRunsSql), for tests and for documentation.
std::span<const BuiltinFunction> BuiltinFunctionsWithEffects();

}  // namespace backfill
