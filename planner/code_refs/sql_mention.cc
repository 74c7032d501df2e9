#include "planner/code_refs/sql_mention.h"

#include <algorithm>
#include <cctype>

namespace backfill {
namespace {

class SqlReader {
 public:
  SqlReader(const std::vector<std::string_view>& lines, Language language, const RE2& table_in_sql, const CodeTarget& target)
      : lines_(lines), language_(language), table_in_sql_(table_in_sql), t_(target) {}

  // A SQL statement on the table that names the column: in a .sql file the statement between
  // semicolons, elsewhere the lines of a string from its verb on.
  std::optional<SqlMention> Mention(size_t i, size_t at) const {
    size_t begin = i, end = i;
    static const RE2 verb("(?i)\\b(select|update|insert|delete|alter|create|with|comment)\\b");
    auto has_semicolon = [&](size_t k) { return lines_[k].find(';') != std::string_view::npos; };
    if (language_ == Language::kSql) {
      while (begin > 0 && !has_semicolon(begin - 1)) --begin;
      while (end + 1 < lines_.size() && !has_semicolon(end)) ++end;
    } else {
      bool found = false;
      for (size_t k = i; i - k <= 15; --k) {
        if (k < i && has_semicolon(k)) break;
        if (RE2::PartialMatch(re2::StringPiece(lines_[k].data(), lines_[k].size()), verb)) {
          begin = k, found = true;
          break;
        }
        if (k == 0) break;
      }
      if (!found) return std::nullopt;
      auto next_starts = [&](size_t k) {
        return IsBlank(lines_[k]) || RE2::PartialMatch(re2::StringPiece(lines_[k].data(), lines_[k].size()), verb);
      };
      while (end + 1 < lines_.size() && end - i < 10 && !has_semicolon(end) && !next_starts(end + 1)) ++end;
    }
    std::string statement, prefix;
    for (size_t k = begin; k <= end; ++k) {
      if (k == i) prefix = statement + std::string(lines_[k].substr(0, at));
      statement += std::string(lines_[k]) + "\n";
    }
    if (!RE2::PartialMatch(statement, verb)) return std::nullopt;
    std::optional<std::vector<std::string>> aliases = TableAliases(statement);
    if (!aliases) return std::nullopt;
    static const RE2 qualifier("\"?([A-Za-z_][A-Za-z0-9_]*)\"?\\s*\\.\\s*$");
    std::string q;
    if (RE2::PartialMatch(prefix, qualifier, &q) && std::find(aliases->begin(), aliases->end(), q) == aliases->end())
      return std::nullopt;
    SqlMention m{SqlKind(statement, prefix), "SQL string"};
    if (language_ == Language::kSql) m.construct = SqlcName(begin).empty() ? "SQL file" : "sqlc query " + SqlcName(begin);
    return m;
  }

  // The names the statement may qualify the table's columns with: the table and its aliases;
  // nullopt when the statement is not on the table (or names it in another schema).
  std::optional<std::vector<std::string>> TableAliases(const std::string& statement) const {
    re2::StringPiece rest(statement);
    std::string schema, alias;
    std::vector<std::string> names;
    bool on_table = false;
    while (RE2::FindAndConsume(&rest, table_in_sql_, &schema, &alias)) {
      if (!rest.empty() && (rest[0] == '.' || std::isalnum(static_cast<unsigned char>(rest[0])) || rest[0] == '_')) continue;
      if (!schema.empty() && schema != t_.schema) continue;
      on_table = true;
      names.push_back(t_.table);
      if (!alias.empty()) names.push_back(alias);
    }
    if (!on_table) return std::nullopt;
    return names;
  }

  static ReferenceKind SqlKind(const std::string& statement, const std::string& prefix) {
    static const RE2 ddl("(?i)\\b(?:alter\\s+table|create\\s+(?:unique\\s+)?index|create\\s+table|comment\\s+on)\\b");
    if (RE2::PartialMatch(statement, ddl)) return ReferenceKind::kMigration;
    static const RE2 clause(
        "(?i)\\b(select|set|where|and|or|on|having|when|order\\s+by|group\\s+by|returning|values|insert\\s+into|from|join|using)\\b");
    re2::StringPiece rest(prefix), word;
    std::string last;
    while (RE2::FindAndConsume(&rest, clause, &word)) last = Lower(std::string(word));
    if (last == "set" || last.rfind("insert", 0) == 0) return ReferenceKind::kWrite;
    if (last == "where" || last == "and" || last == "or" || last == "on" || last == "having" || last == "when")
      return ReferenceKind::kFilter;
    return ReferenceKind::kRead;
  }

  // sqlc's "-- name: ListOrders :many" above the statement.
  std::string SqlcName(size_t begin) const {
    static const RE2 name("^\\s*--\\s*name:\\s*(\\w+)");
    for (size_t k = begin; k < lines_.size() && k <= begin + 3; ++k) {
      std::string n;
      if (RE2::PartialMatch(re2::StringPiece(lines_[k].data(), lines_[k].size()), name, &n)) return n;
      if (!IsBlank(lines_[k]) && !IsComment(lines_[k], language_)) break;
    }
    return {};
  }

 private:
  const std::vector<std::string_view>& lines_;
  Language language_;
  const RE2& table_in_sql_;
  const CodeTarget& t_;
};

}  // namespace

std::string TableInSqlPattern(const std::string& table) {
  return "(?i)\\b(?:from|join|update|into|table|on)\\s+(?:only\\s+)?(?:\"?([A-Za-z_][A-Za-z0-9_$]*)\"?\\s*\\.\\s*)?\"?" +
         RE2::QuoteMeta(table) + "\"?(?:\\s+(?:as\\s+)?([A-Za-z_][A-Za-z0-9_]*))?";
}

std::optional<SqlMention> FindSqlMention(const std::vector<std::string_view>& lines, size_t line, size_t at, Language language,
                                         const RE2& table_in_sql, const CodeTarget& target) {
  return SqlReader(lines, language, table_in_sql, target).Mention(line, at);
}

}  // namespace backfill
