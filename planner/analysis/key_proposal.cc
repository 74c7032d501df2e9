#include "planner/analysis/key_proposal.h"

#include <algorithm>
#include <set>

#include "planner/sql/quote.h"

namespace backfill {
namespace {

// stem + suffix, or stem + suffix + _2, _3 ... whichever `taken` does not hold, the stem cut to
// keep the whole within the identifier limit (as PostgreSQL names an index after its table).
std::string FreeName(const std::string& stem, const std::string& suffix, const std::set<std::string>& taken) {
  std::string name = TruncateUtf8(stem, kMaxIdentifierBytes - suffix.size()) + suffix;
  for (int n = 2; taken.count(name); ++n) {
    std::string tail = suffix + "_" + std::to_string(n);
    name = TruncateUtf8(stem, kMaxIdentifierBytes - tail.size()) + tail;
  }
  return name;
}

std::string FreeColumnName(const Table& table) {
  std::set<std::string> taken;
  for (const Column& c : table.columns) taken.insert(c.name);
  return taken.count("id") ? FreeName("row_id", "", taken) : "id";
}

// Indexes share their schema's namespace with tables, views and sequences.
std::set<std::string> RelationNames(const Catalog& catalog, const std::string& schema) {
  std::set<std::string> taken;
  for (const auto& [name, table] : catalog.tables)
    if (name.schema == schema) taken.insert(name.name);
  for (const Index& index : catalog.indexes)
    if (index.name.schema == schema) taken.insert(index.name.name);
  return taken;
}

// A partitioned table's primary key holds every partition key column, at every level of
// partitions below it too.
void CollectPartitionKeys(const Catalog& catalog, const Table& table, std::vector<std::string>& columns, bool& expression) {
  expression = expression || table.partition_key_expression;
  for (const std::string& c : table.partition_key)
    if (std::find(columns.begin(), columns.end(), c) == columns.end()) columns.push_back(c);
  for (const QualifiedName& partition : table.partitions)
    if (const Table* child = catalog.FindTable(partition)) CollectPartitionKeys(catalog, *child, columns, expression);
}

// PostgreSQL 15 adds no identity column to a partitioned table ("cannot recursively add identity
// column to table that has child tables"); bigserial numbers the rows the same way, through a
// sequence of its own. No index of a partitioned table is built CONCURRENTLY.
KeyProposal ProposePartitionedKey(const Catalog& catalog, const Table& table) {
  std::vector<std::string> keys;
  bool expression = false;
  CollectPartitionKeys(catalog, table, keys, expression);
  if (expression)
    return {"give it a primary key: none can be added while it is partitioned by an expression, since a partitioned "
            "table's primary key must hold every partition key column",
            {}};
  std::string column = FreeColumnName(table), name = table.name.Display();
  keys.insert(keys.begin(), column);
  return {"add a bigserial column and make it, with the partition key columns, the primary key (PostgreSQL 15 cannot add "
          "an identity column to a partitioned table): the first statement rewrites every partition and the second builds "
          "the key's index on each (no CONCURRENTLY for a partitioned table), both under an ACCESS EXCLUSIVE lock that "
          "stops reads and writes until they end, so plan a maintenance window",
          {"ALTER TABLE " + name + " ADD COLUMN " + QuoteIdentifier(column) + " bigserial;",
           "ALTER TABLE " + name + " ADD PRIMARY KEY (" + JoinIdentifiers(keys) + ");"}};
}

}  // namespace

KeyProposal ProposeKey(const Catalog& catalog, const Table& table) {
  if (!table.partition_strategy.empty()) return ProposePartitionedKey(catalog, table);
  std::string column = QuoteIdentifier(FreeColumnName(table)), name = table.name.Display();
  std::string index = QuoteIdentifier(FreeName(table.name.name, "_pkey", RelationNames(catalog, table.name.schema)));
  return {"add an identity column and make it the primary key: the first statement rewrites the whole table under an "
          "ACCESS EXCLUSIVE lock that stops reads and writes until it ends (plan a maintenance window), the index is "
          "then built without blocking writes, and the last statement holds ACCESS EXCLUSIVE only briefly",
          {"ALTER TABLE " + name + " ADD COLUMN " + column + " bigint GENERATED ALWAYS AS IDENTITY;",
           "CREATE UNIQUE INDEX CONCURRENTLY " + index + " ON " + name + " (" + column + ");",
           "ALTER TABLE " + name + " ADD PRIMARY KEY USING INDEX " + index + ";"}};
}

KeyProposal ProposeNotNull(const Catalog& catalog, const Table& table, const std::vector<std::string>& columns) {
  std::set<std::string> taken = RelationNames(catalog, table.name.schema);  // a unique constraint is named as its index
  for (const CheckConstraint* check : catalog.ChecksOn(table.name)) taken.insert(check->name);
  for (const ForeignKey* fk : catalog.ForeignKeysFrom(table.name)) taken.insert(fk->name);
  std::string check = QuoteIdentifier(
      FreeName(table.name.name + "_" + (columns.size() == 1 ? columns[0] : std::string("key")), "_not_null", taken));
  std::string name = table.name.Display(), present, set_not_null;
  for (const std::string& c : columns) {
    present += (present.empty() ? "" : " AND ") + QuoteIdentifier(c) + " IS NOT NULL";
    set_not_null += (set_not_null.empty() ? "" : ", ") + std::string("ALTER COLUMN ") + QuoteIdentifier(c) + " SET NOT NULL";
  }
  // Each in a transaction of its own, as 05_finalize.sql writes them, and the last one safe to
  // run again: a person may have to start again from any of them.
  return {"",
          {"BEGIN; ALTER TABLE " + name + " ADD CONSTRAINT " + check + " CHECK (" + present + ") NOT VALID; COMMIT;",
           "BEGIN; ALTER TABLE " + name + " VALIDATE CONSTRAINT " + check + "; COMMIT;",
           "BEGIN; ALTER TABLE " + name + " " + set_not_null + "; COMMIT;",
           "ALTER TABLE " + name + " DROP CONSTRAINT IF EXISTS " + check + ";"}};
}

std::string NoKeyAdvice(const Catalog& catalog, const Table& table) {
  KeyProposal proposal = ProposeKey(catalog, table);
  std::string advice = proposal.what;
  if (!proposal.statements.empty()) advice += "; with psql, one statement at a time:";
  for (const std::string& statement : proposal.statements) advice += " " + statement;
  return advice;
}

}  // namespace backfill
