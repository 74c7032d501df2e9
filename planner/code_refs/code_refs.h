// Where an application's code refers to the column a plan changes: SQL in strings and .sql files
// (sqlc queries among them) and the declarations and queries of the common model layers
// (ActiveRecord, Django, SQLAlchemy, Prisma, TypeORM, SeaORM, GORM, Ecto). The transition phases
// are only as good as this list, so a place is listed when the line names the column and ties it
// to the table: a SQL statement on the table, a model class, entity or migration of the table, or
// a query or attribute access through the table's model. A field of the same name on another
// model, a comment, or another table's column is not a reference. This is a static reading of
// text, not a compiler: it is a review aid, and the plan says so.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "planner/code_refs/repository_files.h"

namespace backfill {

enum class ReferenceKind { kModel, kRead, kFilter, kWrite, kMigration, kTest };

// "model", "read", "filter", "write", "migration", "test": the JSON plan's spelling.
const char* ReferenceKindName(ReferenceKind kind);

struct CodeTarget {
  std::string schema, table, column;      // as the catalog holds them (unquoted)
  std::vector<std::string> other_tables;  // the schema's other tables: a variable named after one is not this table's
};

struct CodeReference {
  std::string path;  // relative to the repository folder
  int line = 0;      // 1-based
  ReferenceKind kind = ReferenceKind::kRead;
  std::string construct;  // "Django model Order", "SQL string", "sqlc query ListOrders"...
  std::string text;       // the line, trimmed, cut at 120 bytes
};

class ReferenceFinder {
 public:
  explicit ReferenceFinder(CodeTarget target);
  ~ReferenceFinder();
  ReferenceFinder(ReferenceFinder&&) noexcept;

  // The references in one file, in line order; `path` decides the language and whether the file
  // is a test or a migration.
  std::vector<CodeReference> Find(const std::string& path, std::string_view content) const;

  // Cheap: false when the file cannot hold a reference (no spelling of the column in it).
  bool MayRefer(std::string_view content) const;

  struct Patterns;  // the target's compiled expressions (code_refs.cc)

 private:
  CodeTarget target_;
  std::unique_ptr<Patterns> patterns_;
};

// Reads every listed file once and returns each target's references (by file, then line).
// Files over 1 MiB, binary files and `skip_path` (the schema file itself, relative to the
// repository folder) are not read.
std::vector<std::vector<CodeReference>> FindCodeReferences(const RepositoryFiles& files,
                                                           const std::vector<CodeTarget>& targets,
                                                           const std::string& skip_path = {});

}  // namespace backfill
