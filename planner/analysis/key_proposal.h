// What to propose for a table that has no key the batches can page by: a new column that numbers
// the rows, made the primary key. Never an existing column: one that holds no unique index may
// hold duplicates (a flag, a timestamp), and a key on it would fail or, worse, page wrongly.
// tests/e2e/check_no_key.sh runs the statements on PostgreSQL 15.
#pragma once

#include <string>
#include <vector>

#include "planner/catalog/catalog.h"

namespace backfill {

struct KeyProposal {
  std::string what;                     // the proposal and what its statements lock, one sentence
  std::vector<std::string> statements;  // to run one at a time with psql (outside a transaction); may be empty
};

KeyProposal ProposeKey(const Catalog& catalog, const Table& table);

// The proposal as the suggestion of the refusal: its sentence, then its statements.
std::string NoKeyAdvice(const Catalog& catalog, const Table& table);

// A unique key on nullable columns, once no row holds a NULL there: NOT NULL on those columns, the
// way 05_finalize.sql sets it (a CHECK NOT VALID, validated without blocking writes, spares SET NOT
// NULL its scan under ACCESS EXCLUSIVE; then the CHECK goes). `what` is left to the finding.
KeyProposal ProposeNotNull(const Catalog& catalog, const Table& table, const std::vector<std::string>& columns);

}  // namespace backfill
