// Writes migrations in the naming scheme of an existing runner into its folder, one file at a
// time and never over an existing file.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "planner/plan/migrations.h"

namespace backfill {

// The part of a file name that comes from the migration's name (which holds table and column
// names): only [a-z0-9_], so no name can hold a path separator, "..", a space or a control
// character, whatever the schema's identifiers are. Never empty.
std::string MigrationSlug(const std::string& name);

// style: golang-migrate | flyway | plain; date: YYYY-MM-DD, the version prefix.
std::vector<std::pair<std::string, std::string>> NameMigrationFiles(const std::vector<Migration>& migrations,
                                                                    const std::string& style, const std::string& date);

// Throws InputError (exit 4) if a file exists already: a migration folder is never merged into,
// and either every file is written or none.
void WriteMigrationFiles(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace backfill
