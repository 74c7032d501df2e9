#include "planner/analysis/index_predicate.h"

#include <algorithm>

#include "planner/sql/builtin_functions.h"
#include "planner/sql/quote.h"

namespace backfill {
namespace {

bool In(const std::string& name, std::initializer_list<const char*> names) {
  return std::any_of(names.begin(), names.end(), [&](const char* n) { return name == n; });
}

// The type a column holds, through its domains (a domain's operators are its base type's).
TypeRef BaseType(const Catalog& catalog, TypeRef type) {
  for (int depth = 0; depth < 16; ++depth) {
    auto domain = catalog.domains.find(type.name);
    if (domain == catalog.domains.end()) break;
    type = domain->second.base;
  }
  return type;
}

// Dates and times: comparing or computing with them may go through a STABLE operator or cast
// (timestamptz + interval, timestamp < timestamptz, timestamptz::date depend on TimeZone).
bool IsDateTime(const TypeRef& type) {
  return type.name.schema == "pg_catalog" && In(type.name.name, {"timestamptz", "timestamp", "date", "time", "timetz", "interval"});
}

// The built-in scalar types whose btree operators are all IMMUTABLE.
bool IsPlainBtreeType(const Catalog& catalog, const TypeRef& type) {
  if (type.array_dims > 0) return false;
  if (catalog.enums.count(type.name)) return true;
  return type.name.schema == "pg_catalog" &&
         In(type.name.name, {"int2", "int4", "int8", "numeric", "float4", "float8", "bool", "text", "varchar", "bpchar",
                             "uuid", "bytea", "timestamptz", "timestamp", "date", "time", "timetz", "interval", "inet",
                             "cidr", "macaddr", "money", "oid", "name", "char", "jsonb"});
}

// Casts whose result depends on nothing but the value cast, from any source type they take.
bool IsImmutableCastTarget(const std::string& type) {
  return In(type, {"int2", "int4", "int8", "smallint", "integer", "bigint", "numeric", "decimal", "float4", "float8",
                   "real", "bool", "boolean"});
}

std::optional<std::string> FunctionObstacle(const Catalog& catalog, const FunctionCall& call, const Wording& say) {
  const std::string& last = call.name.back();
  bool qualified = call.name.size() > 1;
  std::string name = call.Display() + "()";
  if ((!qualified || call.name[0] == "pg_catalog") && IsImmutableBuiltin(last)) return std::nullopt;
  if (qualified && call.name[0] != "pg_catalog") {
    const Function* f = catalog.FindFunction({call.name[0], last});
    if (f && f->volatility == Volatility::kImmutable && !f->returns_set &&
        std::all_of(f->overloads.begin(), f->overloads.end(),
                    [](const Function& o) { return o.volatility == Volatility::kImmutable && !o.returns_set; }))
      return std::nullopt;
    if (f) return say("it calls " + name + ", which the schema file does not declare IMMUTABLE (or which returns a set)",
                      name + " を呼び出しているが、スキーマファイルで IMMUTABLE と宣言されていない（または集合を返す）");
  }
  return say("it calls " + name + ", which is not known to be IMMUTABLE (now(), to_char() and most date and time "
             "functions are STABLE or VOLATILE)",
             name + " を呼び出しているが、IMMUTABLE であると確認できない（now()、to_char()、多くの日付時刻関数は "
             "STABLE または VOLATILE である）");
}

}  // namespace

std::optional<std::string> IndexPredicateObstacle(const Catalog& catalog, const Table& table, const UserExpression& where,
                                                  const Wording& say) {
  if (where.has_subquery)
    return say("it has a sub-query, which an index predicate cannot hold", "サブクエリを含むが、インデックスの述語には書けない");
  if (where.reads_clock)
    return say("it reads the clock (CURRENT_DATE, CURRENT_TIMESTAMP ...), which is not IMMUTABLE",
               "時刻 (CURRENT_DATE、CURRENT_TIMESTAMP など) を読むが、これは IMMUTABLE ではない");
  for (const FunctionCall& call : where.calls)
    if (!call.name.empty())
      if (auto why = FunctionObstacle(catalog, call, say)) return why;
  for (const std::string& type : where.value_casts)
    if (!IsImmutableCastTarget(type))
      return say("it casts a value to " + type + ", a cast PostgreSQL may judge STABLE (through text and the date and "
                 "time types it depends on the session's settings)",
                 "値を " + type + " にキャストしているが、PostgreSQL はこのキャストを STABLE と判断することがある"
                 "（text や日付時刻型を経由するとセッションの設定に依存する）");
  // text || text is IMMUTABLE, but a non-text operand goes through its output function (STABLE).
  if (std::find(where.operators.begin(), where.operators.end(), "||") != where.operators.end())
    return say("it concatenates with ||, which is STABLE when an operand is not text",
               "|| で連結しているが、text 以外の値を連結すると STABLE になる");
  bool computes = std::any_of(where.operators.begin(), where.operators.end(),
                              [](const std::string& op) { return op == "+" || op == "-"; });
  // A constant cast to a column's own type is a constant of that type; to another date or time
  // type, the comparison crosses types (timestamp < timestamptz), through a STABLE operator.
  std::vector<std::string> date_types;
  for (const ColumnReference& ref : where.columns)
    if (const Column* column = table.FindColumn(ref.column))
      if (TypeRef type = BaseType(catalog, column->type); IsDateTime(type)) date_types.push_back(type.name.name);
  bool date_casts = std::any_of(where.casts.begin(), where.casts.end(), [&](const std::string& t) {
    return In(t, {"timestamptz", "timestamp", "date", "time", "timetz", "interval"}) &&
           std::any_of(date_types.begin(), date_types.end(), [&](const std::string& d) { return d != t; });
  });
  for (const ColumnReference& ref : where.columns) {
    const Column* column = table.FindColumn(ref.column);
    if (!column) continue;
    TypeRef type = BaseType(catalog, column->type);
    if (IsDateTime(type) && (computes || date_casts))
      return say("it computes with or casts dates and times (" + QuoteIdentifier(column->name) + " is " + column->type.sql +
                     "), which goes through STABLE operators and casts where time zones enter",
                 "日付時刻の計算またはキャストを含む（" + QuoteIdentifier(column->name) + " は " + column->type.sql +
                     "）。タイムゾーンが関わる演算子やキャストは STABLE である");
    if (!IsPlainBtreeType(catalog, type) && type.name.schema != "pg_catalog")
      return say("it reads " + QuoteIdentifier(column->name) + " of type " + column->type.sql +
                     ", whose operators cannot be judged from the schema file",
                 QuoteIdentifier(column->name) + "（型 " + column->type.sql + "）を読むが、その演算子はスキーマファイル"
                 "からは判断できない");
  }
  return std::nullopt;
}

const Column* IndexableWhereColumn(const Catalog& catalog, const Table& table, const UserExpression& where) {
  for (const ColumnReference& ref : where.columns) {
    const Column* column = table.FindColumn(ref.column);
    if (column && IsPlainBtreeType(catalog, BaseType(catalog, column->type))) return column;
  }
  return nullptr;
}

}  // namespace backfill
