// The names and fragments every statement of one backfill is written with: the table and
// column quoted once, the key as a list and as a row, the user's expressions, and names for
// CTEs, variables and backup columns chosen so that they cannot collide with the table's own.
#pragma once

#include <string>
#include <vector>

#include "planner/analysis/subject.h"
#include "planner/plan/object_names.h"

namespace backfill {

struct SqlVocabulary {
  std::string table;     // public.orders
  std::string ref;       // orders: how columns are qualified when the table is not aliased
  std::string column;    // status
  std::string target;    // orders.status
  std::string column_name;  // raw, for catalog lookups (pg_attribute.attname)
  std::string column_type;  // its SQL type
  std::string compare_as;   // "" or a type to cast to for IS DISTINCT FROM (json has no equality)
  std::vector<std::string> keys;       // quoted key column names
  std::vector<std::string> key_types;  // their SQL types
  std::vector<std::string> nullable_keys;  // the key columns that admit NULL (quoted), usually none
  std::string set, where;              // the user's expressions, one line each
  bool where_is_guard = false;         // the default fix predicate: same as the guard
  bool volatile_set = false;
  bool fill = true;
  bool keep_app_writes = false;        // on_application_write = keep: a row the backfill changed once is not changed again
  ObjectNames objects;
  std::string backup, progress, ranges, batch, gate, tick, begin, restore;  // qualified object names
  std::string throttle_query;  // the user's throttle_query as a scalar sub-query, or empty

  // Backup table columns besides the key; CTE names and their column names.
  // new_xmin and new_xact identify the row version a batch wrote (its xmin, and the 64-bit id of
  // the writing transaction, which tells when a 32-bit xmin could have come round again).
  std::string old_value, new_value, new_xmin, new_xact, batch_no, state, backed_up_at, restored_at;
  std::string cte_batch, cte_updated, cte_saved, cte_restored, cte_earlier;
  std::vector<std::string> cte_keys;
  std::string cte_old, cte_new, cte_old_xmin, cte_new_xmin;
  std::string backup_alias;  // "backup", unless the table itself is called that
  std::string var;           // prefix of PL/pgSQL variables: "v_", unless a column starts with it

  // "orders.id" or "(orders.a, orders.b)"
  std::string KeyRow(const std::string& qualifier) const;
  std::string KeyList(const std::string& qualifier) const;        // orders.a, orders.b
  std::string KeyOrder(const std::string& qualifier, bool descending = false) const;
  std::string KeysEqual(const std::string& left, const std::vector<std::string>& right_names,
                        const std::string& right) const;
  std::string Qualified(const std::string& quoted_column) const { return ref + "." + quoted_column; }
  // A nullable key: "users.name IS NOT NULL" (every nullable key column), the rows the batches
  // can page to; and "users.name IS NULL", those they cannot. Empty for a key on NOT NULL columns.
  std::string KeyPresent() const;
  std::string KeyMissing() const;
  // `a IS DISTINCT FROM b`, through a comparable type for json, xml and geometric types.
  std::string Distinct(const std::string& a, const std::string& b, bool distinct = true) const;
  // The rows the backfill still has to change, for a query over the table (unaliased): the
  // terms of a conjunction, and the conjunction on lines of its own.
  std::vector<std::string> PendingTerms() const;
  std::string PendingPredicate() const;
  // The same before 02_prepare.sql has created the backup table (analysis queries, 01): every
  // row the predicate selects that does not hold the new value yet.
  std::vector<std::string> PendingBeforeRunTerms() const;
  std::string PendingBeforeRun() const;
  // True when the row version `row_xmin` is the one the backup entry `entry` says the backfill
  // wrote: the same xmin, recorded less than 2^31 transactions ago (so it cannot have wrapped).
  std::string WroteVersion(const std::string& entry, const std::string& row_xmin) const;
};

SqlVocabulary MakeVocabulary(const BackfillSubject& subject, const ObjectNames& objects);

// The type values of `type` are compared as ("" when they compare as they are): json has no
// equality, and some types compare only as text.
std::string ComparisonType(const TypeRef& type);
// `a IS [NOT] DISTINCT FROM b`, through that type.
std::string DistinctAs(const std::string& a, const std::string& b, const std::string& compare_as, bool distinct = true);

}  // namespace backfill
