#include "planner/sql/script_check.h"

#include <pg_query.h>

#include <cctype>

#include "planner/sql/parse_tree.h"
#include "planner/sql/tokens.h"

namespace backfill {
namespace {

bool IsIdentifierStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsIdentifierChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// psql substitutes :name and :'name' before the server sees the text; the parser needs a value.
std::string ReplacePsqlVariables(const std::string& line) {
  std::string out;
  for (size_t i = 0; i < line.size(); ++i) {
    bool colon = line[i] == ':' && (i == 0 || line[i - 1] != ':') && i + 1 < line.size();
    if (colon && line[i + 1] == '\'' && i + 2 < line.size() && IsIdentifierStart(line[i + 2])) {
      size_t end = i + 2;
      while (end < line.size() && IsIdentifierChar(line[end])) ++end;
      if (end < line.size() && line[end] == '\'') {
        out += "'0'";
        i = end;
        continue;
      }
    }
    if (colon && IsIdentifierStart(line[i + 1])) {
      size_t end = i + 1;
      while (end < line.size() && IsIdentifierChar(line[end])) ++end;
      out += "0";
      i = end - 1;
      continue;
    }
    out += line[i];
  }
  return out;
}

bool IsMetaCommandLine(const std::string& line) {
  size_t first = line.find_first_not_of(" \t");
  return first != std::string::npos && line[first] == '\\';
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
  // Rebuild the script as plain SQL, line by line, so that line numbers stay the same.
  std::string sql;
  size_t start = 0;
  while (start <= script.size()) {
    size_t end = script.find('\n', start);
    std::string line = script.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (IsMetaCommandLine(line)) {
      line.clear();
    } else {
      size_t g = line.find(" \\g");
      if (g != std::string::npos) line = line.substr(0, g) + ";";
      line = ReplacePsqlVariables(line);
    }
    sql += line + "\n";
    if (end == std::string::npos) break;
    start = end + 1;
  }
  std::vector<ScriptStatement> out;
  PgQuerySplitResult split = pg_query_split_with_parser(sql.c_str());
  if (split.error) {
    std::string message = split.error->message;
    int offset = CursorToByteOffset(sql, split.error->cursorpos);
    pg_query_free_split_result(split);
    int line = 1;
    for (int i = 0; i < offset && i < static_cast<int>(sql.size()); ++i) line += sql[i] == '\n';
    throw SelfCheckError("line " + std::to_string(line) + ": emitted SQL does not parse: " + message);
  }
  for (int i = 0; i < split.n_stmts; ++i) {
    int location = split.stmts[i]->stmt_location;
    std::string text = sql.substr(location, split.stmts[i]->stmt_len);
    // The statement starts at its first token; comments before it belong to no statement.
    std::vector<Token> tokens;
    ScanTokens(text, tokens);
    size_t first = std::string::npos;
    for (const Token& t : tokens)
      if (!t.is_comment) {
        first = t.start;
        break;
      }
    if (first == std::string::npos) continue;
    int line = 1;
    for (int k = 0; k < location + static_cast<int>(first); ++k) line += sql[k] == '\n';
    out.push_back({text.substr(first), line});
  }
  pg_query_free_split_result(split);
  return out;
}

void CheckScriptParses(const std::string& name, const std::string& script) {
  std::vector<ScriptStatement> statements;
  try {
    statements = ScriptStatements(script);
  } catch (const SelfCheckError& e) {
    throw SelfCheckError(name + ": " + e.what());
  }
  for (const ScriptStatement& s : statements) {
    Json tree;
    try {
      tree = ParseSql(s.sql);
    } catch (const std::runtime_error& e) {
      throw SelfCheckError(name + ":" + std::to_string(s.line) + ": emitted SQL does not parse: " + e.what());
    }
    const Json& stmt = tree["stmts"][0]["stmt"];
    if (stmt.contains("CreateFunctionStmt")) {
      CheckPlpgsql(name, s, s.sql);
    } else if (stmt.contains("DoStmt")) {
      // PL/pgSQL's parser reads CREATE FUNCTION; give the DO body one to live in.
      for (const Json& arg : stmt["DoStmt"].value("args", Json::array())) {
        if (arg["DefElem"].value("defname", "") != "as") continue;
        std::string body = arg["DefElem"]["arg"]["String"].value("sval", "");
        std::string tag = "$do_block_check$";
        CheckPlpgsql(name, s, "CREATE FUNCTION do_block() RETURNS void LANGUAGE plpgsql AS " + tag + body + tag + ";");
      }
    }
  }
}

}  // namespace backfill
