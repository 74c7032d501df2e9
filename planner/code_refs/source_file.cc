#include "planner/code_refs/source_file.h"

#include <cctype>

namespace backfill {
namespace {

std::vector<std::string> PathParts(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t slash; (slash = path.find('/', start)) != std::string::npos; start = slash + 1)
    parts.push_back(path.substr(start, slash - start));
  parts.push_back(path.substr(start));
  return parts;
}

}  // namespace

bool EndsWith(std::string_view text, std::string_view tail) {
  return text.size() >= tail.size() && text.substr(text.size() - tail.size()) == tail;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Language LanguageOf(const std::string& path) {
  static const std::pair<const char*, Language> kExtensions[] = {
      {".rb", Language::kRuby},    {".rake", Language::kRuby},  {".py", Language::kPython}, {".ts", Language::kScript},
      {".tsx", Language::kScript}, {".js", Language::kScript},  {".jsx", Language::kScript}, {".mjs", Language::kScript},
      {".cjs", Language::kScript}, {".prisma", Language::kPrisma}, {".go", Language::kGo},  {".rs", Language::kRust},
      {".ex", Language::kElixir},  {".exs", Language::kElixir}, {".sql", Language::kSql}};
  for (const auto& [extension, language] : kExtensions)
    if (EndsWith(path, extension)) return language;
  return Language::kOther;
}

Role RoleOf(const std::string& path) {
  std::vector<std::string> parts = PathParts(path);
  const std::string name = Lower(parts.back());
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    std::string part = Lower(parts[i]);
    if (part == "test" || part == "tests" || part == "spec" || part == "specs" || part == "__tests__" || part == "e2e")
      return Role::kTest;
  }
  for (const char* marker : {"_test.", "_spec.", ".test.", ".spec."})
    if (name.find(marker) != std::string::npos) return Role::kTest;
  if ((name.rfind("test_", 0) == 0 && EndsWith(name, ".py")) || name == "conftest.py") return Role::kTest;
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    std::string part = Lower(parts[i]);
    if (part == "migrate" || part == "migrations" || part == "migration" || (part == "versions" && i > 0 && parts[i - 1] == "alembic"))
      return Role::kMigration;
  }
  return Role::kCode;
}

std::string Singular(const std::string& table) {
  if (EndsWith(table, "ies") && table.size() > 3) return table.substr(0, table.size() - 3) + "y";
  for (const char* tail : {"sses", "xes", "ches", "shes", "zes"})
    if (EndsWith(table, tail)) return table.substr(0, table.size() - 2);
  if (EndsWith(table, "ss") || EndsWith(table, "us")) return table;
  if (EndsWith(table, "s") && table.size() > 1) return table.substr(0, table.size() - 1);
  return table;
}

std::string Camel(const std::string& snake, bool upper_first) {
  std::string out;
  bool up = upper_first;
  for (char c : snake) {
    if (c == '_') {
      up = true;
      continue;
    }
    out += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    up = false;
  }
  return out;
}

size_t Indent(std::string_view line) {
  size_t n = 0;
  while (n < line.size() && (line[n] == ' ' || line[n] == '\t')) ++n;
  return n;
}

std::string_view Trim(std::string_view line) {
  size_t start = Indent(line), end = line.size();
  while (end > start && (line[end - 1] == ' ' || line[end - 1] == '\t' || line[end - 1] == '\r')) --end;
  return line.substr(start, end - start);
}

bool IsBlank(std::string_view line) { return Trim(line).empty(); }

bool IsComment(std::string_view line, Language language) {
  std::string_view t = Trim(line);
  auto starts = [&](std::string_view p) { return t.substr(0, p.size()) == p; };
  if (starts("//") || starts("/*") || starts("* ") || t == "*" || starts("<!--")) return true;
  if (starts("--")) return language == Language::kSql || language == Language::kOther;
  if (starts("#")) return !starts("#[") && language != Language::kScript;  // Rust attributes, JS private fields
  return false;
}

std::vector<std::string_view> SplitLines(std::string_view content) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= content.size()) {
    size_t end = content.find('\n', start);
    if (end == std::string_view::npos) end = content.size();
    lines.push_back(content.substr(start, end - start));
    start = end + 1;
  }
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}


}  // namespace backfill
