#include "planner/catalog/ddl_reader.h"

#include <strings.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <regex>

#include "planner/catalog/catalog_builder.h"
#include "planner/catalog/source_text.h"
#include "planner/input_file.h"
#include "planner/sql/leading_space.h"
#include "planner/sql/parse_tree.h"
#include "planner/sql/psql_lexer.h"

namespace backfill {
namespace {

// COPY ... FROM STDIN: psql then passes the lines after the statement to the server as data.
// Only the server's parser can tell (COPY over several lines, in any case, with options), so
// a query that starts with the word COPY is parsed to decide; one that does not parse is no COPY.
bool StartsCopyData(std::string_view query) {
  std::string_view first = query.substr(SkipSpaceAndComments(query, 0), 5);
  if (first.size() < 5 || strncasecmp(first.data(), "copy", 4) != 0 || std::isalnum(static_cast<unsigned char>(first[4])))
    return false;
  try {
    Json tree = ParseSql(std::string(query));
    for (const Json& raw : tree["stmts"]) {
      const Json& copy = ObjectField(raw["stmt"], "CopyStmt");
      if (copy.value("is_from", false) && !copy.contains("filename")) return true;
    }
  } catch (const std::runtime_error&) {
  }
  return false;
}

// \copy ... from stdin reads its data from the same file, after the command's line.
bool CopiesFromScript(const std::string& command) {
  static const std::regex from_stdin(R"(^\\copy\s.*\sfrom\s+stdin(\s.*)?$)", std::regex::icase);
  return std::regex_match(command, from_stdin);
}

void Blank(std::string& text, size_t start, size_t end) {
  for (size_t i = start; i < end; ++i)
    if (text[i] != '\n') text[i] = ' ';
}

struct Query {
  size_t start, end;
};

// What psql sends of the file (planner/sql/psql_lexer.h), one query at a time: psql takes
// backslash commands and COPY data for itself and ends each query at a `;` outside quotes,
// comments and dollar-quoted bodies, or at a \g command. Text that only looks like any of these
// inside a literal stays part of the literal, so it can neither hide what follows nor be taken
// for SQL. psql's own text is blanked in place, so that offsets stay valid for messages, and
// each backslash command is noted.
class SentQueries {
 public:
  SentQueries(SourceText& source, std::vector<DdlNote>& notes)
      : text_(source.mutable_text()), source_(source), notes_(notes), lexer_(text_, StringSetting::kStandard, PsqlLexer::Report::kBoundaries) {}

  std::vector<Query> Read() {
    PsqlPiece piece;
    while (lexer_.Next(piece)) {
      if (piece.kind == PsqlPiece::Kind::kStatementEnd) {
        Send(piece.end, piece.end);
      } else if (piece.kind == PsqlPiece::Kind::kEscaped) {
        text_[piece.start] = ' ';  // \; is a `;` that does not end the query
      } else if (piece.kind == PsqlPiece::Kind::kCopyData) {
        Blank(text_, piece.start, piece.end);
      } else if (piece.kind == PsqlPiece::Kind::kCommand) {
        Command(piece);
      }
    }
    Send(text_.size(), text_.size());  // psql sends what is left at the end of the file
    return std::move(queries_);
  }

 private:
  // The query so far ends at `end`; the next one starts at `next`.
  void Send(size_t end, size_t next) {
    if (SkipSpaceAndComments(text_, start_) < end) {
      queries_.push_back({start_, end});
      // psql (and so this scan) must not read COPY data as SQL.
      if (StartsCopyData(std::string_view(text_).substr(start_, end - start_))) lexer_.ExpectCopyData();
    }
    start_ = next;
  }

  void Command(const PsqlPiece& piece) {
    std::string command = text_.substr(piece.start, piece.end - piece.start);
    command.erase(command.find_last_not_of(" \t\r\\") + 1);
    notes_.push_back({source_.PlaceOf(piece.start), "skipped psql meta-command " + command, "psql \\" + piece.name});
    Blank(text_, piece.start, piece.end);
    QueryEffect effect = QueryEffectOf(piece.name);
    if (effect == QueryEffect::kSends) Send(piece.start, piece.end);
    if (effect == QueryEffect::kDiscards) start_ = piece.end;
    if (piece.name == "copy" && CopiesFromScript(command)) lexer_.ExpectCopyData();
  }

  std::string& text_;
  const SourceText& source_;
  std::vector<DdlNote>& notes_;
  PsqlLexer lexer_;
  size_t start_ = 0;
  std::vector<Query> queries_;
};

// Parses one query psql would send (\; can make it several statements) and applies each.
void Apply(const SourceText& source, const Query& query, CatalogBuilder& builder, int& parsed) {
  const std::string& sql = source.text();
  std::string text = sql.substr(query.start, query.end - query.start);
  int error_offset = -1;
  Json tree;
  try {
    tree = ParseSql(text, &error_offset);
  } catch (const std::runtime_error& e) {
    source.Fail(query.start + (error_offset < 0 ? 0 : error_offset), e.what());
  }
  for (const Json& raw : tree["stmts"]) {
    ++parsed;
    // A statement's place is its first word, after the comments before it.
    size_t at = SkipSpaceAndComments(sql, query.start + raw.value("stmt_location", 0));
    try {
      size_t length = raw.value("stmt_len", 0);
      size_t end = length == 0 ? query.end : query.start + raw.value("stmt_location", 0) + length;
      std::string written = sql.substr(at, end > at ? end - at : 0);
      while (!written.empty() && std::isspace(static_cast<unsigned char>(written.back()))) written.pop_back();
      builder.Apply(raw["stmt"], text, source.PlaceOf(at), written);
    } catch (const InputError& e) {
      // Builder errors know the statement, not the file: give them the statement's place.
      source.Fail(at, e.what(), e.suggestion());
    }
  }
}

// Parses a query it does not apply, for its errors alone.
void Check(const SourceText& source, const Query& query) {
  int error_offset = -1;
  try {
    ParseSql(source.text().substr(query.start, query.end - query.start), &error_offset);
  } catch (const std::runtime_error& e) {
    source.Fail(query.start + (error_offset < 0 ? 0 : error_offset), e.what());
  }
}

// Applies the queries `keep` says (all when it is empty). The others are not parsed at all: that
// is most of the cost of a large file, and a focused read answers for what can matter to its
// target. The file's last query is parsed whichever, so that a file cut short (or a quote left
// open, which runs to the end) fails as the whole read fails.
void ApplyQueries(const SourceText& source, const std::vector<Query>& queries, const std::vector<bool>& keep,
                  CatalogBuilder& builder, int& parsed) {
  for (size_t q = 0; q < queries.size(); ++q) {
    if (keep.empty() || keep[q]) Apply(source, queries[q], builder, parsed);
    else if (q + 1 == queries.size()) Check(source, queries[q]);
  }
}

std::vector<bool> RelevantQueries(const SourceText& source, const std::vector<Query>& queries, const SchemaFocus& focus) {
  RelevantStatements relevant;
  CatalogBuilder paths;  // only follows the search_path
  std::string_view sql = source.text();
  relevant.Reserve(queries.size(), sql.size());
  for (const Query& q : queries) {
    std::string_view text = sql.substr(q.start, q.end - q.start);
    relevant.Add(text);
    if (!relevant.SetsSearchPath()) continue;
    try {
      Json tree = ParseSql(std::string(text));
      for (const Json& raw : tree["stmts"]) paths.Apply(raw["stmt"], std::string(text), {});
    } catch (const std::runtime_error&) {
      // Always read: the reader reports it in its place.
    }
    relevant.SetSearchPath(paths.search_path());
  }
  return relevant.Decide(focus);
}

bool HasFocusTable(const Catalog& catalog, const SchemaFocus& focus) {
  if (!focus.schema.empty()) return catalog.FindTable({focus.schema, focus.table}) != nullptr;
  for (const auto& [name, table] : catalog.tables)
    if (name.name == focus.table) return true;
  return false;
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

Catalog ReadSchemaText(const std::string& file_label, std::string text, std::vector<DdlNote>& notes,
                       const SchemaFocus* focus) {
  // A UTF-8 byte order mark (Windows editors write one) is not SQL; editors do not show it, so
  // columns on line 1 count without it.
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
  SourceText source(file_label, std::move(text));
  CheckLooksLikeText(source);
  std::vector<Query> queries = SentQueries(source, notes).Read();
  std::vector<bool> keep;
  if (focus && !std::getenv("BACKFILL_PLAN_READ_ALL")) keep = RelevantQueries(source, queries, *focus);
  auto builder = std::make_unique<CatalogBuilder>();
  int parsed = 0;
  ApplyQueries(source, queries, keep, *builder, parsed);
  Catalog catalog = builder->Finish();
  if (!keep.empty() && !HasFocusTable(catalog, *focus)) {
    // The plan will say the table is missing, and suggest the tables there are: all of them.
    builder = std::make_unique<CatalogBuilder>();
    parsed = 0;
    ApplyQueries(source, queries, {}, *builder, parsed);
    catalog = builder->Finish();
  }
  if (parsed == 0)
    throw InputError({source.file()}, "the schema file holds no SQL statements",
                     "point --schema at a file with CREATE TABLE statements");
  for (DdlNote& n : builder->notes()) notes.push_back(std::move(n));
  // psql's commands are noted as the file is split, the statements' notes as they apply: in file order.
  std::stable_sort(notes.begin(), notes.end(), [](const DdlNote& a, const DdlNote& b) { return a.place.line < b.place.line; });
  return catalog;
}

Catalog ReadSchemaFile(const std::string& path, std::vector<DdlNote>& notes) {
  return ReadSchemaText(path, ReadRegularFile(path, "schema file", kMaxSchemaBytes), notes);
}

}  // namespace backfill
