// The backfill subject: the requirement bound to the schema. The target resolved to a real
// column, the key to page by, and the user's expressions checked against the table.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "planner/analysis/expand_contract.h"
#include "planner/catalog/catalog.h"
#include "planner/diagnostic.h"
#include "planner/requirement/requirement.h"
#include "planner/sql/expression.h"

namespace backfill {

struct KeyColumn {
  std::string name;
  TypeRef type;
  bool nullable = false;  // the column admits NULL (a UNIQUE key on a nullable column)
};

struct BatchKey {
  enum class Kind { kPrimaryKey, kUniqueConstraint, kUniqueIndex };
  std::vector<KeyColumn> columns;
  Kind kind = Kind::kPrimaryKey;
  std::string index;  // the index's display name
  // A row with a NULL in a key column has no place in the key's order (a row comparison with
  // NULL is never true): the batches cannot page to it.
  bool Nullable() const;
};

struct BackfillSubject {
  const Catalog* catalog = nullptr;
  const Table* table = nullptr;
  const Column* column = nullptr;
  Requirement requirement;
  BatchKey key;
  UserExpression set;
  bool set_from_default = false;  // no `set` given: the column DEFAULT is the value
  UserExpression where;           // the effective predicate
  bool where_defaulted = false;   // `<column> IS NULL` (fill) or `<column> IS DISTINCT FROM <set>` (fix)
  std::optional<UserExpression> throttle;  // throttle_query as a scalar sub-query
  // A rename or retype: the subject is then the backfill phase's, a fix of the new column in the
  // catalog as it is after the expand phase (owned here), and `expand` says what changes.
  std::optional<ExpandContract> expand;
  std::shared_ptr<const Catalog> expanded_catalog;
};

// The table has no key the batches can page by: the inputs are read right, but no plan may change
// the table as it is. Bad input for a plan (exit 1); a blocked backfill for --check (exit 3).
class NoBatchKeyError : public InputError {
 public:
  using InputError::InputError;
};

// Throws InputError for an unknown or unsuitable target, an unusable key, or expressions
// that name columns the table does not have; NoBatchKeyError when there is no key at all.
BackfillSubject BindSubject(const Catalog& catalog, const Requirement& requirement);

}  // namespace backfill
