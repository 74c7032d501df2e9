// SQL text from the inputs (the requirement's `set` and `where`, expressions sliced out of the
// schema's DDL) made fit to stand inside the plan's statements: one line, no comment, every
// string constant and quoted identifier re-written by planner/sql/quote.h. The text that runs is
// then the text that was checked: the same parse tree, whatever standard_conforming_strings is,
// and nothing in it can start a line that psql would take for a command.
#pragma once

#include <stdexcept>
#include <string>

#include "planner/sql/script_check.h"

namespace backfill {

// Thrown when the re-written text would not mean what the input means: a planner bug, or input
// the lexer reads in a way the rewrite does not foresee. A self-check failure (exit 5) unless
// the caller words it as bad input.
class EmbedError : public SelfCheckError {
 public:
  using SelfCheckError::SelfCheckError;
};

// Thrown for text no quoting can write on one line: a bit-string or hex constant (B'...',
// X'...') holding a control character. Bad input, not a planner bug.
class EmbedRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The expression re-written as above. When the input parses as an expression, the result is
// proven to parse to the same tree (locations aside) or EmbedError is thrown. Text the lexer
// rejects is returned unchanged (the caller's own parse reports it).
std::string EmbeddableExpression(const std::string& text);

// True when `SELECT a` and `SELECT b` parse to the same tree, locations aside. False when either
// does not parse.
bool SameExpressionTree(const std::string& a, const std::string& b);

}  // namespace backfill
