#include "planner/catalog/ddl_reader.h"

#include <pg_query.h>

#include <algorithm>
#include <regex>

#include "planner/catalog/catalog_builder.h"
#include "planner/catalog/source_text.h"

namespace backfill {
namespace {

bool StartsWithMetaCommand(const std::string& text, size_t line_start, size_t line_end) {
  size_t i = line_start;
  while (i < line_end && (text[i] == ' ' || text[i] == '\t')) ++i;
  return i < line_end && text[i] == '\\';
}

// psql meta-commands (\c, \set, \gexec ...) and COPY ... FROM stdin data are psql's, not SQL:
// blank them in place (offsets stay valid for messages), turning \g-style commands into the
// `;` they stand for.
void BlankPsqlOnlyLines(SourceText& source, std::vector<DdlNote>& notes) {
  std::string& text = source.mutable_text();
  static const std::regex copy_from_stdin(R"(^\s*COPY\s.*\sFROM\s+stdin.*;\s*$)", std::regex::icase);
  bool in_copy_data = false;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (in_copy_data) {
      in_copy_data = text.compare(start, 2, "\\.") != 0;
      std::fill(text.begin() + start, text.begin() + end, ' ');
    } else if (StartsWithMetaCommand(text, start, end)) {
      std::string command = text.substr(start, end - start);
      notes.push_back({source.PlaceOf(start), "skipped psql meta-command " + command});
      size_t backslash = text.find('\\', start);
      bool sends_query = text.compare(backslash, 2, "\\g") == 0;
      std::fill(text.begin() + start, text.begin() + end, ' ');
      if (sends_query) text[start] = ';';
    } else if (text.compare(start, 4, "COPY") == 0 || text.compare(start, 4, "copy") == 0) {
      in_copy_data = std::regex_match(text.substr(start, end - start), copy_from_stdin);
    }
    start = end + 1;
  }
}

// Offset of the first byte at or after `from` that is neither white space nor inside a comment
// (`-- ...` or `/* ... */`, which nest in PostgreSQL), or text.size().
size_t SkipSpaceAndComments(const std::string& text, size_t from) {
  size_t i = from;
  while (i < text.size()) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++i;
    } else if (text.compare(i, 2, "--") == 0) {
      i = text.find('\n', i);
      if (i == std::string::npos) return text.size();
    } else if (text.compare(i, 2, "/*") == 0) {
      int depth = 0;
      do {
        if (text.compare(i, 2, "/*") == 0) ++depth, i += 2;
        else if (text.compare(i, 2, "*/") == 0) --depth, i += 2;
        else ++i;
      } while (depth > 0 && i < text.size());
    } else {
      break;
    }
  }
  return std::min(i, text.size());
}

// Statement boundaries from PostgreSQL's scanner. The splitter silently drops an unfinished
// last statement (an open parenthesis at the end of a cut-off file), so whatever follows the
// last statement it reports is kept as one more statement, for the parser to judge.
std::vector<std::pair<int, int>> SplitStatements(SourceText& source) {
  const std::string& sql = source.text();
  PgQuerySplitResult split = pg_query_split_with_scanner(sql.c_str());
  if (split.error) {
    int offset = CursorToByteOffset(sql, split.error->cursorpos);
    std::string message = split.error->message;
    pg_query_free_split_result(split);
    source.Fail(offset < 0 ? 0 : offset, message);
  }
  std::vector<std::pair<int, int>> statements;
  size_t covered = 0;
  for (int i = 0; i < split.n_stmts; ++i) {
    int location = split.stmts[i]->stmt_location, length = split.stmts[i]->stmt_len;
    if (length == 0) length = static_cast<int>(sql.size()) - location;  // 0: to the end
    statements.emplace_back(location, length);
    covered = static_cast<size_t>(location + length);
  }
  pg_query_free_split_result(split);
  size_t rest = SkipSpaceAndComments(sql, covered);
  if (rest < sql.size() && sql[rest] == ';') rest = SkipSpaceAndComments(sql, rest + 1);
  if (rest < sql.size()) statements.emplace_back(static_cast<int>(covered), static_cast<int>(sql.size() - covered));
  return statements;
}

void CheckLooksLikeText(const SourceText& source) {
  const std::string& text = source.text();
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    throw InputError({source.file()}, "the schema file is empty",
                     "point --schema at a file with CREATE TABLE statements, e.g. pg_dump --schema-only output");
  size_t nul = text.find('\0');
  if (nul != std::string::npos)
    throw InputError(source.PlaceOf(nul), "the schema file is binary, not SQL text",
                     "pass a plain SQL dump (pg_dump --schema-only --format=plain)");
  size_t bad = FindInvalidUtf8(text);
  if (bad != std::string::npos)
    throw InputError(source.PlaceOf(bad), "the schema file is not valid UTF-8", "re-encode it as UTF-8",
                     source.ExcerptAt(bad));
}

}  // namespace

Catalog ReadSchemaText(const std::string& file_label, std::string text, std::vector<DdlNote>& notes) {
  // A UTF-8 byte order mark (Windows editors write one) is not SQL; editors do not show it, so
  // columns on line 1 count without it.
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
  SourceText source(file_label, std::move(text));
  CheckLooksLikeText(source);
  BlankPsqlOnlyLines(source, notes);
  const std::string& sql = source.text();

  std::vector<std::pair<int, int>> statements = SplitStatements(source);

  CatalogBuilder builder;
  int parsed = 0;
  for (auto [location, length] : statements) {
    std::string statement = sql.substr(location, length);
    int error_offset = -1;
    Json tree;
    try {
      tree = ParseSql(statement, &error_offset);
    } catch (const std::runtime_error& e) {
      source.Fail(location + (error_offset < 0 ? 0 : error_offset), e.what());
    }
    if (tree["stmts"].empty()) continue;
    ++parsed;
    // The split statement starts right after the previous `;`: its place is its first word.
    size_t start = SkipSpaceAndComments(sql, location);
    try {
      builder.Apply(tree["stmts"][0]["stmt"], statement, source.PlaceOf(start));
    } catch (const InputError& e) {
      // Builder errors know the statement, not the file: give them the statement's place.
      source.Fail(start, e.what(), e.suggestion());
    }
  }
  if (parsed == 0)
    throw InputError({source.file()}, "the schema file holds no SQL statements",
                     "point --schema at a file with CREATE TABLE statements");
  for (DdlNote& n : builder.notes()) notes.push_back(std::move(n));
  return builder.Finish();
}

Catalog ReadSchemaFile(const std::string& path, std::vector<DdlNote>& notes) {
  return ReadSchemaText(path, ReadInputFile(path, "schema file"), notes);
}

}  // namespace backfill
