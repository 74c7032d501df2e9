#include "planner/sql/script_check.h"

#include <pg_query.h>

#include <algorithm>

#include "planner/sql/leading_space.h"
#include "planner/sql/meta_command_set.h"
#include "planner/sql/parse_tree.h"
#include "planner/sql/psql_lexer.h"
#include "planner/sql/quote.h"

namespace backfill {
namespace {

int LineOf(const std::string& text, size_t offset) {
  int line = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) line += text[i] == '\n';
  return line;
}

// What psql sends in place of a piece: nothing for a backslash command, except the `;` that a
// \gexec or \gset stands for; for a variable, a value the parser accepts in its place.
std::string SentText(const std::string& script, const PsqlPiece& piece) {
  if (piece.kind == PsqlPiece::Kind::kCommand) return QueryEffectOf(piece.name) == QueryEffect::kSends ? ";" : "";
  if (piece.kind == PsqlPiece::Kind::kEscaped) return script.substr(piece.start + 1, 1);
  char form = script[piece.start + 1];
  if (form == '\'') return "'0'";
  if (form == '"') return "\"0\"";
  if (form == '{') return "true";
  return "0";
}

// psql finds a backslash command anywhere outside quotes and comments, and where the quotes end
// depends on the server's standard_conforming_strings, which a script cannot know before it has
// set it: under either setting, every command must be one the plan emits.
void CheckMetaCommands(const std::string& name, const std::string& script) {
  for (StringSetting setting : {StringSetting::kStandard, StringSetting::kBackslashEscapes}) {
    for (const PsqlPiece& piece : LexPsqlScript(script, setting)) {
      if (piece.kind != PsqlPiece::Kind::kCommand && piece.kind != PsqlPiece::Kind::kEscaped) continue;
      size_t line_start = script.rfind('\n', piece.start);
      line_start = line_start == std::string::npos ? 0 : line_start + 1;
      size_t line_end = std::min(script.find('\n', piece.start), script.size());
      MetaCommandUse use{std::string_view(script).substr(line_start, piece.start - line_start),
                         std::string_view(script).substr(piece.start, line_end - piece.start), piece.query_pending};
      std::string refusal = RefusedMetaCommand(use);
      if (refusal.empty()) continue;
      throw SelfCheckError(name + ":" + std::to_string(LineOf(script, piece.start)) + ": " + refusal +
                           (setting == StringSetting::kStandard ? "" : " (with standard_conforming_strings off)"));
    }
  }
}

void CheckPlpgsql(const std::string& name, const ScriptStatement& statement, const std::string& source) {
  PgQueryPlpgsqlParseResult result = pg_query_parse_plpgsql(source.c_str());
  if (result.error) {
    std::string message = result.error->message;
    pg_query_free_plpgsql_parse_result(result);
    throw SelfCheckError(name + ":" + std::to_string(statement.line) + ": emitted PL/pgSQL does not parse: " + message);
  }
  pg_query_free_plpgsql_parse_result(result);
}

}  // namespace

std::vector<ScriptStatement> ScriptStatements(const std::string& script) {
  // The SQL psql would send, with the script's line breaks kept so that line numbers stay.
  std::string sql;
  size_t copied = 0;
  for (const PsqlPiece& piece : LexPsqlScript(script, StringSetting::kStandard)) {
    if (piece.kind != PsqlPiece::Kind::kCommand && piece.kind != PsqlPiece::Kind::kVariable &&
        piece.kind != PsqlPiece::Kind::kEscaped)
      continue;
    sql.append(script, copied, piece.start - copied);
    sql += SentText(script, piece);
    copied = piece.end;
  }
  sql.append(script, copied);
  Json tree;
  int error_offset = -1;
  try {
    tree = ParseSql(sql, &error_offset);
  } catch (const std::runtime_error& e) {
    throw SelfCheckError("line " + std::to_string(LineOf(sql, error_offset < 0 ? 0 : error_offset)) +
                         ": emitted SQL does not parse: " + e.what());
  }
  std::vector<ScriptStatement> out;
  for (Json& raw : tree["stmts"]) {
    size_t location = raw.value("stmt_location", 0), length = raw.value("stmt_len", 0);
    std::string text = length == 0 ? sql.substr(location) : sql.substr(location, length);
    // The statement starts at its first token; comments before it belong to no statement.
    size_t first = SkipSpaceAndComments(text, 0);
    if (first == text.size()) continue;
    out.push_back({text.substr(first), LineOf(sql, location + first), std::move(raw["stmt"])});
  }
  return out;
}

namespace {

// 95_backup_to_file.sql copies a table to psql's output (COPY table TO STDOUT), and
// 96_restore_backup_file.sql loads psql's input into one (COPY table FROM STDIN, its last
// statement, so that nothing of the script is read as data): no query, file, program or option.
bool BackupCopyAllowed(const std::string& name, const Json& copy, bool last) {
  if (!copy.contains("relation") || copy.contains("query") || copy.contains("filename") || copy.contains("options") ||
      copy.value("is_program", false))
    return false;
  bool from = copy.value("is_from", false);
  if (name == "95_backup_to_file.sql") return !from;
  if (name == "96_restore_backup_file.sql") return from && last;
  return false;
}

}  // namespace

void CheckScriptParses(const std::string& name, const std::string& script) {
  CheckMetaCommands(name, script);
  std::vector<ScriptStatement> statements;
  try {
    statements = ScriptStatements(script);
  } catch (const SelfCheckError& e) {
    throw SelfCheckError(name + ": " + e.what());
  }
  for (const ScriptStatement& s : statements) {
    const Json& stmt = s.tree;
    // COPY FROM STDIN makes psql read the script's next lines as data, and COPY ... PROGRAM runs
    // a shell command on the server: the plan emits neither, nor any other COPY, but for the two
    // scripts whose purpose is a COPY of the backup table through psql.
    if (stmt.contains("CopyStmt") && !BackupCopyAllowed(name, stmt["CopyStmt"], &s == &statements.back()))
      throw SelfCheckError(name + ":" + std::to_string(s.line) + ": emitted SQL holds a COPY statement");
    if (stmt.contains("CreateFunctionStmt")) {
      CheckPlpgsql(name, s, s.sql);
    } else if (stmt.contains("DoStmt")) {
      // PL/pgSQL's parser reads CREATE FUNCTION; give the DO body one to live in.
      for (const Json& arg : ArrayField(stmt["DoStmt"], "args")) {
        if (arg["DefElem"].value("defname", "") != "as") continue;
        std::string body = arg["DefElem"]["arg"]["String"].value("sval", "");
        std::string tag = DollarQuoteTag(body, "do_block_check");
        CheckPlpgsql(name, s, "CREATE FUNCTION do_block() RETURNS void LANGUAGE plpgsql AS " + tag + body + tag + ";");
      }
    }
  }
}

}  // namespace backfill
