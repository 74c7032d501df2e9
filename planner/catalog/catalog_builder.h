// Applies parsed DDL statements, in file order, to a Catalog.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "planner/catalog/catalog.h"
#include "planner/catalog/ddl_reader.h"
#include "planner/catalog/expression_text.h"
#include "planner/sql/parse_tree.h"

namespace backfill {

class CatalogBuilder {
 public:
  // statement: the statement's own text (offsets in the tree are relative to it);
  // place: where it starts in the file, for notes and errors.
  // `statement` is the query psql sends (parse tree locations are offsets into it); `written`,
  // the statement alone as the file writes it, without the comments before it.
  void Apply(const Json& tree, const std::string& statement, const SourcePlace& place, const std::string& written = "");
  Catalog Finish();
  std::vector<DdlNote>& notes() { return notes_; }
  // The schemas unqualified names are looked up in, in order; never empty.
  const std::vector<std::string>& search_path() const { return search_path_; }

 private:
  QualifiedName Resolve(const Json& range_var) const;           // an existing relation
  QualifiedName ResolveForCreate(const Json& range_var) const;  // a relation being created
  QualifiedName ResolveList(const std::vector<std::string>& parts) const;
  TypeRef ReadType(const Json& type_name) const;

  void CreateTable(const Json& node, const std::string& text, const SourcePlace& place, TableKind kind);
  void CopyLikeColumns(Table& table, const Json& like);
  void CopyLikeConstraints(const QualifiedName& table, const Json& like);
  void AddColumn(Table& table, const Json& column_def, const std::string& text);
  void AddTableConstraint(const QualifiedName& table, const Json& constraint, const std::string& text);
  void AlterTable(const Json& node, const std::string& text, const SourcePlace& place);
  void CreateIndex(const Json& node, const std::string& text);
  void CreateTrigger(const Json& node, const std::string& text);
  void SetPolicy(const Json& node, const std::string& text, bool create);
  void SetRowSecurity(Table& table, const std::string& subtype, const Json& cmd);
  QualifiedName ResolveExisting(const std::vector<std::string>& parts) const;
  void CreateFunction(const Json& node);
  void CreateView(const QualifiedName& name, const Json& query, bool materialized, const std::string& text);
  void CreateDomain(const Json& node, const std::string& text);
  void SetSearchPath(const std::vector<std::string>& schemas);
  void Drop(const Json& node);
  std::string UnusedName(const std::string& schema, const std::string& table, const std::vector<std::string>& columns,
                         const std::string& label) const;
  void RenameTable(const QualifiedName& from, const QualifiedName& to);
  void RenameColumn(const QualifiedName& table, const std::string& from, const std::string& to);
  void AttachIndex(const Json& node);
  void AttachPartition(const QualifiedName& parent, const QualifiedName& child);
  // An ALTER TABLE of a table the file never creates is noted, by its command (subtype).
  Table* TableOrNote(const QualifiedName& name, const SourcePlace& place, const std::string& subtype);

  // The statement's tokens, scanned once on first use: most statements never need them, and
  // scanning per column made large CREATE TABLEs quadratic.
  const StatementTokens& Tokens(const std::string& statement);

  Catalog catalog_;
  std::unique_ptr<StatementTokens> tokens_;
  std::string creation_schema_ = "public";
  std::vector<std::string> search_path_ = {"public"};
  std::set<QualifiedName> names_used_;  // every index and constraint name ever given
  std::vector<DdlNote> notes_;
};

}  // namespace backfill
