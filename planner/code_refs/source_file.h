// How the code scan reads a source file: its language and role from the path (a test, a
// migration, code), its lines, indentation and comments, and the names a model layer derives
// from a table's ("orders" -> Order).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace backfill {

enum class Language { kOther, kRuby, kPython, kScript, kPrisma, kGo, kRust, kElixir, kSql };
// Tests and migrations by the places frameworks keep them; a test wins over a migration.
enum class Role { kCode, kMigration, kTest };

Language LanguageOf(const std::string& path);
Role RoleOf(const std::string& path);

bool EndsWith(std::string_view text, std::string_view tail);
std::string Lower(std::string_view text);

// "order_items" -> "order_item": the singular a model layer derives a class name from.
std::string Singular(const std::string& table);
// "order_item" -> "OrderItem" (upper_first) or "orderItem".
std::string Camel(const std::string& snake, bool upper_first);

std::vector<std::string_view> SplitLines(std::string_view content);
size_t Indent(std::string_view line);
std::string_view Trim(std::string_view line);
bool IsBlank(std::string_view line);
// A line that is only a comment in the language (`#` in Ruby and Python, `//`, `--` in SQL ...).
bool IsComment(std::string_view line, Language language);

}  // namespace backfill
