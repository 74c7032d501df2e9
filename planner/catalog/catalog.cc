#include "planner/catalog/catalog.h"

#include "planner/sql/quote.h"

namespace backfill {

std::string QualifiedName::Display() const {
  return schema.empty() ? QuoteIdentifier(name) : QuoteIdentifier(schema) + "." + QuoteIdentifier(name);
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

std::vector<const Index*> Catalog::IndexesOn(const QualifiedName& table) const {
  std::vector<const Index*> out;
  for (const Index& i : indexes)
    if (i.table == table) out.push_back(&i);
  return out;
}

std::vector<const ForeignKey*> Catalog::ForeignKeysFrom(const QualifiedName& table) const {
  std::vector<const ForeignKey*> out;
  for (const ForeignKey& fk : foreign_keys)
    if (fk.table == table) out.push_back(&fk);
  return out;
}

std::vector<const ForeignKey*> Catalog::ForeignKeysTo(const QualifiedName& table) const {
  std::vector<const ForeignKey*> out;
  for (const ForeignKey& fk : foreign_keys)
    if (fk.referenced_table == table) out.push_back(&fk);
  return out;
}

std::vector<const CheckConstraint*> Catalog::ChecksOn(const QualifiedName& table) const {
  std::vector<const CheckConstraint*> out;
  for (const CheckConstraint& c : checks)
    if (c.table == table) out.push_back(&c);
  return out;
}

std::vector<const Trigger*> Catalog::TriggersOn(const QualifiedName& table) const {
  std::vector<const Trigger*> out;
  for (const Trigger& t : triggers)
    if (t.table == table) out.push_back(&t);
  return out;
}

const Function* Catalog::FindFunction(const QualifiedName& name) const {
  auto it = functions.find(name);
  return it == functions.end() ? nullptr : &it->second;
}

}  // namespace backfill
