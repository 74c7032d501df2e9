// Whether a backfill's `where` can be written as a partial index's predicate. PostgreSQL accepts
// only IMMUTABLE functions and operators there (CREATE INDEX fails otherwise), and neither a
// sub-query nor a set-returning function. The parse tree carries no types, so the judgement is
// conservative: a predicate it cannot prove acceptable is refused, with the reason.
#pragma once

#include <optional>
#include <string>

#include "planner/catalog/catalog.h"
#include "planner/sql/expression.h"
#include "planner/wording.h"

namespace backfill {

// Why `where` (on `table`) cannot be an index predicate, worded; nullopt when it can.
std::optional<std::string> IndexPredicateObstacle(const Catalog& catalog, const Table& table, const UserExpression& where,
                                                  const Wording& say);

// The column of `table` that `where` reads first and that a plain btree index can hold (a
// built-in scalar type or an enum), for the index to propose when no partial index can be
// written; nullptr when there is none.
const Column* IndexableWhereColumn(const Catalog& catalog, const Table& table, const UserExpression& where);

}  // namespace backfill
