#include "planner/catalog/catalog.h"

#include <algorithm>

#include "planner/sql/quote.h"

namespace backfill {

std::string QualifiedName::Display() const {
  return schema.empty() ? QuoteIdentifier(name) : QuoteIdentifier(schema) + "." + QuoteIdentifier(name);
}

const char* FkActionSql(FkAction action) {
  switch (action) {
    case FkAction::kNoAction: return "NO ACTION";
    case FkAction::kRestrict: return "RESTRICT";
    case FkAction::kCascade: return "CASCADE";
    case FkAction::kSetNull: return "SET NULL";
    case FkAction::kSetDefault: return "SET DEFAULT";
  }
  return "NO ACTION";
}

const Column* Table::FindColumn(const std::string& column) const {
  for (const Column& c : columns)
    if (c.name == column) return &c;
  return nullptr;
}

const Table* Catalog::FindTable(const QualifiedName& name) const {
  auto it = tables.find(name);
  return it == tables.end() ? nullptr : &it->second;
}

Table* Catalog::FindTable(const QualifiedName& name) {
  auto it = tables.find(name);
  return it == tables.end() ? nullptr : &it->second;
}

namespace {

// The items of `all` whose `member` names the table.
template <typename T>
std::vector<const T*> On(const std::vector<T>& all, QualifiedName T::*member, const QualifiedName& table) {
  std::vector<const T*> out;
  for (const T& item : all)
    if (item.*member == table) out.push_back(&item);
  return out;
}

}  // namespace

std::vector<const Index*> Catalog::IndexesOn(const QualifiedName& table) const { return On(indexes, &Index::table, table); }

bool Catalog::IndexValid(const Index& index) const {
  if (!index.only_parent) return true;
  const Table* table = FindTable(index.table);
  if (!table) return false;
  return std::all_of(table->partitions.begin(), table->partitions.end(), [&](const QualifiedName& partition) {
    return std::find(index.attached.begin(), index.attached.end(), partition) != index.attached.end();
  });
}

std::vector<const ForeignKey*> Catalog::ForeignKeysFrom(const QualifiedName& table) const {
  return On(foreign_keys, &ForeignKey::table, table);
}

std::vector<const ForeignKey*> Catalog::ForeignKeysTo(const QualifiedName& table) const {
  return On(foreign_keys, &ForeignKey::referenced_table, table);
}

std::vector<const CheckConstraint*> Catalog::ChecksOn(const QualifiedName& table) const {
  return On(checks, &CheckConstraint::table, table);
}

std::vector<const Trigger*> Catalog::TriggersOn(const QualifiedName& table) const { return On(triggers, &Trigger::table, table); }

std::vector<const Policy*> Catalog::PoliciesOn(const QualifiedName& table) const { return On(policies, &Policy::table, table); }

const Function* Catalog::FindFunction(const QualifiedName& name) const {
  auto it = functions.find(name);
  return it == functions.end() ? nullptr : &it->second;
}

}  // namespace backfill
