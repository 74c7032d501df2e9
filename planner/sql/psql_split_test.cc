// The schema reader ends statements where psql does (psql_lexer.h); on files without psql's own
// syntax (backslash commands, COPY data, parentheses or BEGIN ATOMIC bodies around a `;`), that
// must be where libpg_query's pg_query_split_with_scanner ends them: every example schema and
// every corpus schema (../shared/corpus, skipped when absent) is split both ways and compared.
#include <doctest/doctest.h>
#include <pg_query.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "planner/sql/leading_space.h"
#include "planner/sql/psql_lexer.h"

namespace backfill {
namespace {

namespace fs = std::filesystem;

// The offsets of the `;` that end non-empty statements, and the file's length for a last one without.
std::vector<size_t> PsqlEnds(const std::string& sql) {
  std::vector<size_t> ends;
  size_t start = 0;
  for (const PsqlPiece& piece : LexPsqlScript(sql, StringSetting::kStandard)) {
    if (piece.kind != PsqlPiece::Kind::kStatementEnd) continue;
    if (SkipSpaceAndComments(sql, start) < piece.start) ends.push_back(piece.start);
    start = piece.end;
  }
  if (SkipSpaceAndComments(sql, start) < sql.size()) ends.push_back(sql.size());
  return ends;
}

std::vector<size_t> ScannerEnds(const std::string& sql) {
  std::vector<size_t> ends;
  PgQuerySplitResult split = pg_query_split_with_scanner(sql.c_str());
  REQUIRE(split.error == nullptr);
  for (int i = 0; i < split.n_stmts; ++i) {
    size_t end = static_cast<size_t>(split.stmts[i]->stmt_location + split.stmts[i]->stmt_len);
    // A statement of comments alone is none to psql.
    if (SkipSpaceAndComments(sql, static_cast<size_t>(split.stmts[i]->stmt_location)) < end) ends.push_back(end);
  }
  pg_query_free_split_result(split);
  return ends;
}

// Checks one file; false when it holds psql's own syntax, which only psql's lexer splits right.
bool CheckFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  std::string sql = text.str();
  for (const PsqlPiece& piece : LexPsqlScript(sql, StringSetting::kStandard))
    if (piece.kind == PsqlPiece::Kind::kCommand || piece.kind == PsqlPiece::Kind::kEscaped) return false;
  std::vector<size_t> psql = PsqlEnds(sql), scanner = ScannerEnds(sql);
  size_t i = 0;
  while (i < psql.size() && i < scanner.size() && psql[i] == scanner[i]) ++i;
  INFO(path.string() << ": statement " << i + 1 << " of " << psql.size() << " (psql) / " << scanner.size()
                     << " (scanner) ends differently, near byte " << (i < psql.size() ? psql[i] : sql.size()));
  CHECK(psql == scanner);
  return true;
}

TEST_CASE("psql's own rules are where the two differ: a BEGIN ATOMIC body is one statement to psql") {
  std::string sql = "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;\nSELECT 2;";
  CHECK(PsqlEnds(sql).size() == 2);
  CHECK(ScannerEnds(sql).size() == 3);
  CHECK(PsqlEnds("SELECT 1; -- c\n;; SELECT 2") == ScannerEnds("SELECT 1; -- c\n;; SELECT 2"));
}

TEST_CASE("statements end where pg_query_split_with_scanner ends them, in every example and corpus schema") {
  int files = 0;
  for (const auto& example : fs::directory_iterator(fs::path(SOURCE_DIR) / "examples"))
    for (const auto& entry : fs::directory_iterator(example.path()))
      if (entry.path().filename().string().rfind("schema", 0) == 0 && entry.path().extension() == ".sql")
        files += CheckFile(entry.path());
  CHECK(files >= 14);
  fs::path corpus = SHARED_CORPUS_DIR;
  if (!fs::is_directory(corpus)) {
    MESSAGE("skipped: " << corpus.string() << " is absent (shared corpus)");
    return;
  }
  for (const auto& entry : fs::recursive_directory_iterator(corpus))
    if (entry.path().extension() == ".sql") files += CheckFile(entry.path());
  MESSAGE(files << " schema files split both ways");
}

}  // namespace
}  // namespace backfill
