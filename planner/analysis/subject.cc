#include "planner/analysis/subject.h"

#include <algorithm>

#include "planner/analysis/function_calls.h"
#include "planner/analysis/key_choice.h"
#include "planner/analysis/key_proposal.h"
#include "planner/catalog/builtin_types.h"
#include "planner/sql/parse_tree.h"
#include "planner/sql/quote.h"
#include "planner/sql/throttle_query.h"

namespace backfill {
namespace {

std::vector<std::string> ColumnNames(const Table& table) {
  std::vector<std::string> names;
  for (const Column& c : table.columns) names.push_back(c.name);
  return names;
}

const Table& FindTargetTable(const Catalog& catalog, const TargetName& target, const SourcePlace& place) {
  std::vector<QualifiedName> candidates;
  if (target.schema) {
    candidates.push_back({*target.schema, target.table});
  } else {
    candidates.push_back({"public", target.table});
    for (const auto& [name, table] : catalog.tables)
      if (name.name == target.table && name.schema != "public") candidates.push_back(name);
  }
  // Unqualified: public, as a default search_path would find it; else the one schema that has
  // it. Two such schemas is a guess the tool must not make.
  if (const Table* table = catalog.FindTable(candidates[0])) return *table;
  if (candidates.size() > 2) {
    std::string list;
    for (size_t i = 1; i < candidates.size(); ++i) list += (i > 1 ? ", " : "") + candidates[i].Display();
    throw InputError(place, "table " + QuoteIdentifier(target.table) + " is in several schemas: " + list,
                     "qualify the target, e.g. " + TargetName{candidates[1].schema, target.table, target.column}.Display());
  }
  if (candidates.size() == 2) return *catalog.FindTable(candidates[1]);
  std::vector<std::string> names;
  bool schema_known = !target.schema.has_value();
  for (const auto& [name, table] : catalog.tables) {
    names.push_back(name.name);
    if (target.schema && name.schema == *target.schema) schema_known = true;
  }
  if (!schema_known) {
    std::vector<std::string> schemas;
    for (const auto& [name, table] : catalog.tables) schemas.push_back(name.schema);
    throw InputError(place, "schema " + QuoteIdentifier(*target.schema) + " is not in the schema file",
                     DidYouMean(*target.schema, schemas));
  }
  throw InputError(place, "table " + QuoteIdentifier(target.table) + " is not in the schema file",
                   DidYouMean(target.table, names));
}

void CheckTableKind(const Table& table, const SourcePlace& place) {
  switch (table.kind) {
    case TableKind::kOrdinary:
    case TableKind::kPartitioned: return;
    case TableKind::kView:
      throw InputError(place, table.name.Display() + " is a view; a backfill changes a table",
                       "target the table the view reads from");
    case TableKind::kMaterializedView:
      throw InputError(place, table.name.Display() + " is a materialized view; its rows come from REFRESH",
                       "backfill the underlying table, then REFRESH MATERIALIZED VIEW");
    case TableKind::kForeign:
      throw InputError(place, table.name.Display() + " is a foreign table; its rows live on another server",
                       "run the backfill on the server that owns the data");
  }
}

// A rename or retype copies the column rather than writing it: whether an identity column can
// be copied is DescribeExpandContract's to say.
const Column& FindTargetColumn(const Table& table, const std::string& name, const SourcePlace& place, bool copied = false) {
  const Column* column = table.FindColumn(name);
  if (!column)
    throw InputError(place, "column " + QuoteIdentifier(name) + " is not in table " + table.name.Display(),
                     DidYouMean(name, ColumnNames(table)));
  if (column->generated_sql)
    throw InputError(place, "column " + QuoteIdentifier(name) + " is generated (GENERATED ALWAYS AS ...)",
                     "backfill the columns it is computed from instead");
  if (column->identity && !copied)
    throw InputError(place, "column " + QuoteIdentifier(name) + " is an identity column",
                     "identity values come from their sequence; backfill another column");
  return *column;
}

// Every column an expression names (outside sub-queries) must be the table's, and a qualifier
// may only be the table's own name.
enum class NameKind { kFunction, kType, kRelation };

// The schema that defines a function, type or table of this bare name, other than pg_catalog.
std::optional<std::string> UserSchemaOf(const Catalog& catalog, const std::string& name, NameKind kind) {
  auto defines = [&](const auto& objects) -> std::optional<std::string> {
    for (const auto& [qualified, object] : objects)
      if (qualified.name == name && qualified.schema != "pg_catalog") return qualified.schema;
    return std::nullopt;
  };
  if (kind == NameKind::kFunction) return defines(catalog.functions);
  if (kind == NameKind::kRelation) return defines(catalog.tables);
  if (auto schema = defines(catalog.enums)) return schema;
  return defines(catalog.domains);
}

// The bundle runs with search_path = pg_catalog, pg_temp (so that nothing a role creates on
// its search_path stands in for a built-in): a function or type of the user's schema, written
// without its schema, would not be found there. Say so now, not at the first batch.
void RequireQualifiedUserNames(const UserExpression& expression, const Catalog& catalog, const std::string& what,
                               const SourcePlace& place) {
  auto refuse = [&](const std::string& kind, const std::string& name, const std::string& schema) {
    throw InputError(place, "`" + what + "` names " + kind + " " + QuoteIdentifier(name) + " without its schema; the plan runs with search_path = pg_catalog, pg_temp",
                     "write " + QuoteIdentifier(schema) + "." + QuoteIdentifier(name));
  };
  for (const FunctionCall& call : expression.calls)
    if (call.name.size() == 1)
      if (auto schema = UserSchemaOf(catalog, call.name[0], NameKind::kFunction)) refuse("function", call.name[0], *schema);
  Json tree = ParseSql("SELECT " + expression.sql);
  VisitNodes(tree, [&](const std::string& type, const Json& node) {
    // A sub-query's table (a name the schema does not have may be a CTE of the sub-query).
    if (type == "RangeVar" && !node.contains("schemaname"))
      if (auto schema = UserSchemaOf(catalog, node.value("relname", ""), NameKind::kRelation))
        refuse("table", node.value("relname", ""), *schema);
    if (type != "TypeCast" || !node.contains("typeName")) return true;
    std::vector<std::string> names = StringList(node["typeName"].value("names", Json::array()));
    if (names.size() != 1) return true;
    if (auto schema = UserSchemaOf(catalog, names[0], NameKind::kType)) refuse("type", names[0], *schema);
    if (!IsBuiltinTypeName(names[0]))
      throw InputError(place, "`" + what + "` names type " + QuoteIdentifier(names[0]) + ", which pg_catalog does not have, without its schema; the plan runs with search_path = pg_catalog, pg_temp",
                       "write it schema-qualified, e.g. public." + QuoteIdentifier(names[0]));
    return true;
  });
}

void CheckColumns(const UserExpression& expression, const Table& table, const std::string& what, const SourcePlace& place) {
  for (const ColumnReference& ref : expression.columns) {
    if (ref.column == "*") throw InputError(place, "`" + what + "` uses *", "name the columns");
    if (!ref.qualifiers.empty()) {
      bool table_ok = ref.qualifiers.back() == table.name.name;
      bool schema_ok = ref.qualifiers.size() < 2 || ref.qualifiers[ref.qualifiers.size() - 2] == table.name.schema;
      if (!table_ok || !schema_ok || ref.qualifiers.size() > 2)
        throw InputError(place, "`" + what + "` refers to " + ref.qualifiers.back() + "." + ref.column +
                                    ", which is not a column of " + table.name.Display(),
                         "use the table's own columns, or a sub-query for other tables");
    }
    if (!table.FindColumn(ref.column))
      throw InputError(place, "`" + what + "` names column " + QuoteIdentifier(ref.column) + ", which " +
                                  table.name.Display() + " does not have",
                       DidYouMean(ref.column, ColumnNames(table)));
  }
}

bool HasControlCharacter(const std::string& name) {
  return std::any_of(name.begin(), name.end(), IsControlByte);
}

// The schema, table, target column and key columns name the plan's own objects and are read
// back by parsers that take no U&"" identifier (regclass input, PL/pgSQL's %TYPE): a control
// character in them cannot be written safely everywhere, so such a table is refused. Other names
// are written U&"..." with escapes (planner/sql/quote.h).
void RefuseControlCharacters(const BackfillSubject& s, const SourcePlace& place) {
  std::vector<std::pair<std::string, std::string>> names = {
      {"schema", s.table->name.schema}, {"table", s.table->name.name}, {"column", s.column->name}};
  for (const KeyColumn& k : s.key.columns) names.push_back({"key column", k.name});
  for (const auto& [what, name] : names)
    if (HasControlCharacter(name))
      throw InputError(place, "the " + what + " name " + QuoteLiteral(name) + " holds a control character",
                       "rename it without line breaks or other control characters; psql scripts cannot name it safely");
}

}  // namespace

namespace {

// The requirement's target table, when it is one a plan may change (a table, not a partition:
// partition_hint says what to target instead).
const Table& TargetTable(const Catalog& catalog, const Requirement& requirement, const std::string& partition_hint) {
  const SourcePlace& place = requirement.target_place;
  if (!requirement.target) throw InputError(place, "no target given", "pass [schema.]table.column, or \"target\" in the requirement");
  const Table& table = FindTargetTable(catalog, *requirement.target, place);
  CheckTableKind(table, place);
  if (table.partition_of)
    throw InputError(place, table.name.Display() + " is a partition of " + table.partition_of->Display(), partition_hint);
  return table;
}

// A rename or retype: the change described against the table as it is, then the backfill phase
// bound like any fix, against the table as the expand phase leaves it.
BackfillSubject BindExpandContract(const Catalog& catalog, const Requirement& requirement) {
  const SourcePlace& place = requirement.target_place;
  const Table& table = TargetTable(catalog, requirement, "target the partitioned table");
  if (!table.partitions.empty() || !table.partition_strategy.empty())
    throw InputError(place, std::string("a ") + KindName(requirement.kind) + " of a partitioned table's column is not planned yet",
                     "its indexes must be rebuilt per partition; plan it by hand");
  const Column& old_column = FindTargetColumn(table, requirement.target->column, place, true);
  // A key's retype moves the key and the references to it as well.
  std::optional<KeySwap> key = FindKeySwap(catalog, table, old_column.name, requirement);
  ExpandContract change = DescribeExpandContract(table, old_column, requirement);
  change.key = std::move(key);
  auto expanded = std::make_shared<const Catalog>(AfterExpand(catalog, table.name, change));
  if (change.reverse_sql && requirement.kind == BackfillKind::kRetype) {
    UserExpression reverse = ParseUserExpression(*change.reverse_sql, "reverse", requirement.reverse_place);
    CheckColumns(reverse, *expanded->FindTable(table.name), "reverse", requirement.reverse_place);
    RequireQualifiedUserNames(reverse, catalog, "reverse", requirement.reverse_place);
    change.reverse_sql = reverse.sql;
  }
  BackfillSubject s = BindSubject(*expanded, CopyRequirement(requirement, table.name, change));
  s.expand = change;
  s.expanded_catalog = expanded;
  return s;
}

}  // namespace

BackfillSubject BindSubject(const Catalog& catalog, const Requirement& requirement) {
  if (IsExpandContract(requirement.kind)) return BindExpandContract(catalog, requirement);
  BackfillSubject s;
  s.catalog = &catalog;
  s.requirement = requirement;
  const SourcePlace& place = requirement.target_place;
  s.table = &TargetTable(catalog, requirement, "target the partitioned table; the plan pages through every partition");
  const TargetName& target = *requirement.target;
  s.column = &FindTargetColumn(*s.table, target.column, place);

  auto key = ChooseBatchKey(catalog, *s.table);
  if (!key) {
    for (const Index* index : catalog.IndexesOn(s.table->name))
      if (index->unique && !catalog.IndexValid(*index))
        throw InputError(place, "the unique index " + index->name.Display() + " of partitioned table " + s.table->name.Display() +
                                    " was made ON ONLY the table and not every partition's index is attached to it: "
                                    "PostgreSQL enforces it only once they all are",
                         "attach an index of each partition (ALTER INDEX " + index->name.Display() +
                             " ATTACH PARTITION <partition's index>), as pg_dump writes it, or make the key without ONLY");
    throw NoBatchKeyError(place, "table " + s.table->name.Display() + " has no primary key, and no unique index without "
                                 "WHERE or expression items, to page by",
                          NoKeyAdvice(catalog, *s.table));
  }
  s.key = *key;
  RefuseControlCharacters(s, place);
  for (const KeyColumn& k : s.key.columns)
    if (k.name == s.column->name)
      throw InputError(place, "column " + QuoteIdentifier(k.name) + " is part of the key the backfill pages by (" +
                         DescribeKey(s.key, Wording(Language::kEnglish)) + ")",
                       "changing key values needs a different procedure than a backfill");

  if (requirement.set_sql) {
    s.set = ParseUserExpression(*requirement.set_sql, "set", requirement.set_place);
  } else if (s.column->default_sql) {
    s.set = ParseUserExpression(*s.column->default_sql, "set", requirement.set_place);
    s.set_from_default = true;
  } else {
    throw InputError(requirement.set_place.file.empty() ? place : requirement.set_place,
                     "no value to set: the requirement has no \"set\" and column " + QuoteIdentifier(s.column->name) + " has no DEFAULT",
                     "give \"set\" in the requirement or --set on the command line");
  }
  CheckColumns(s.set, *s.table, "set", requirement.set_place);
  // Parsed without the schema, a call the built-in table does not know counts as volatile; the
  // schema's declarations (IMMUTABLE, STABLE) decide it now.
  s.set.is_volatile = ExpressionValueMayChange(catalog, s.set);
  RequireQualifiedUserNames(s.set, catalog, "set", requirement.set_place);
  if (requirement.throttle_query) {
    s.throttle = ParseThrottleQuery(*requirement.throttle_query, requirement.throttle_place);
    RequireQualifiedUserNames(*s.throttle, catalog, "throttle_query", requirement.throttle_place);
  }
  if (s.set.is_null_constant && (s.column->not_null || requirement.not_null_after))
    throw InputError(requirement.set_place, "`set` is NULL, but the column must end up NOT NULL", "give a non-NULL value");

  std::string column = QuoteIdentifier(s.column->name);
  if (requirement.where_sql) {
    s.where = ParseUserExpression(*requirement.where_sql, "where", requirement.where_place);
  } else {
    std::string predicate = requirement.kind == BackfillKind::kFill ? column + " IS NULL"
                                                                   : column + " IS DISTINCT FROM (" + s.set.sql + ")";
    s.where = ParseUserExpression(predicate, "where", requirement.where_place);
    s.where_defaulted = true;
  }
  CheckColumns(s.where, *s.table, "where", requirement.where_place);
  RequireQualifiedUserNames(s.where, catalog, "where", requirement.where_place);
  return s;
}

}  // namespace backfill
