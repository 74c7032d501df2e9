#include "planner/catalog/catalog_builder.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>

#include "planner/catalog/builtin_types.h"
#include "planner/catalog/expression_text.h"
#include "planner/sql/quote.h"

namespace backfill {
namespace {

// pg_catalog's internal type names and the SQL spelling a reader expects.
const std::map<std::string, std::string>& BuiltinTypeSpelling() {
  static const std::map<std::string, std::string> spelling = {
      {"int2", "smallint"}, {"int4", "integer"}, {"int8", "bigint"}, {"float4", "real"},
      {"float8", "double precision"}, {"bool", "boolean"}, {"varchar", "character varying"},
      {"bpchar", "character"}, {"timestamptz", "timestamp with time zone"},
      {"timestamp", "timestamp without time zone"}, {"timetz", "time with time zone"},
      {"time", "time without time zone"}, {"varbit", "bit varying"}, {"interval", "interval"},
      {"numeric", "numeric"}, {"bit", "bit"}};
  return spelling;
}

FkAction ReadFkAction(const std::string& code) {
  if (code == "r") return FkAction::kRestrict;
  if (code == "c") return FkAction::kCascade;
  if (code == "n") return FkAction::kSetNull;
  if (code == "d") return FkAction::kSetDefault;
  return FkAction::kNoAction;
}

// Cut to at most `bytes` bytes without splitting a UTF-8 character (pg_mbcliplen).
std::string ClipUtf8(const std::string& name, size_t bytes) {
  if (name.size() <= bytes) return name;
  while (bytes > 0 && (static_cast<unsigned char>(name[bytes]) & 0xC0) == 0x80) --bytes;
  return name.substr(0, bytes);
}

// PostgreSQL's makeObjectName: name1_name2_label in at most 63 bytes, shortening the longer
// of name1 and name2 a byte at a time. An empty name2 is left out with its underscore.
std::string MakeObjectName(const std::string& name1, const std::string& name2, const std::string& label) {
  size_t available = 63 - (name2.empty() ? 0 : 1) - (label.size() + 1);
  size_t n1 = name1.size(), n2 = name2.size();
  while (n1 + n2 > available) (n1 > n2 ? n1 : n2)--;
  std::string name = ClipUtf8(name1, n1);
  if (!name2.empty()) name += "_" + ClipUtf8(name2, n2);
  return name + "_" + label;
}

// PostgreSQL's default constraint and index names (ChooseConstraintName, ChooseIndexName):
// table_col1_col2_label, the column part joined until it passes 63 bytes, then cut by
// MakeObjectName.
std::string DefaultName(const std::string& table, const std::vector<std::string>& columns, const std::string& label) {
  std::string addition;
  for (const std::string& c : columns) {
    if (!addition.empty()) addition += '_';
    addition += c.substr(0, 63);
    if (addition.size() >= 64) break;
  }
  return MakeObjectName(table, addition, label);
}

// The name PostgreSQL gives an index expression's column (FigureIndexColname): a function's
// name, a column's, a cast's argument or type; else "expr".
std::string IndexExpressionName(const Json& expr) {
  if (expr.contains("FuncCall")) return StringList(expr["FuncCall"]["funcname"]).back();
  if (expr.contains("ColumnRef")) {
    auto fields = ColumnRefFields(expr["ColumnRef"]);
    if (!fields.empty() && fields.back() != "*") return fields.back();
  }
  if (expr.contains("TypeCast")) {
    std::string inner = IndexExpressionName(expr["TypeCast"]["arg"]);
    if (inner != "expr") return inner;
    auto type = StringList(ArrayField(expr["TypeCast"]["typeName"], "names"));
    if (!type.empty()) return type.back();
  }
  if (expr.contains("CoalesceExpr")) return "coalesce";
  if (expr.contains("CaseExpr")) return "case";
  return "expr";
}

std::vector<std::string> IndexKeyColumns(const Json& constraint) {
  return StringList(ArrayField(constraint, "keys"));
}

// serial is not a type but shorthand for an integer column with a sequence (CREATE TABLE only):
// the integer type it stands for, or empty for any other type name.
std::string SerialBaseType(const Json& type_name) {
  std::vector<std::string> names = StringList(ArrayField(type_name, "names"));
  if (names.size() != 1 || type_name.contains("arrayBounds")) return {};
  static const std::map<std::string, std::string> base = {
      {"smallserial", "int2"}, {"serial2", "int2"}, {"serial", "int4"},
      {"serial4", "int4"},     {"bigserial", "int8"}, {"serial8", "int8"}};
  auto it = base.find(names[0]);
  return it == base.end() ? std::string() : it->second;
}

// DEFAULT NULL (or a cast of NULL) is no default at all: PostgreSQL stores none.
bool IsNullDefault(const Json& expr) {
  const Json* e = &expr;
  while (e->contains("TypeCast")) e = &(*e)["TypeCast"]["arg"];
  return e->contains("A_Const") && (*e)["A_Const"].value("isnull", false);
}

// The smallest location in a parse tree: where an expression starts (an A_Expr's own location
// is its operator's, so the root's is not enough).
int StartLocation(const Json& expr) {
  int start = -1;
  VisitNodes(expr, [&](const std::string&, const Json& node) {
    int at = node.value("location", -1);
    if (at >= 0 && (start < 0 || at < start)) start = at;
    return true;
  });
  return start;
}

// interval's first type modifier is a mask of its fields (PostgreSQL's INTERVAL_MASK bits).
std::string IntervalFields(int mask) {
  static const std::map<int, std::string> fields = {
      {4, "year"}, {2, "month"}, {8, "day"}, {1024, "hour"}, {2048, "minute"}, {4096, "second"},
      {6, "year to month"}, {1032, "day to hour"}, {3080, "day to minute"}, {7176, "day to second"},
      {3072, "hour to minute"}, {7168, "hour to second"}, {6144, "minute to second"}};
  auto it = fields.find(mask);
  return it == fields.end() ? std::string() : " " + it->second;
}

// Types whose modifiers do not simply follow the name, as format_type() writes them:
// timestamp(3) with time zone, time(2) without time zone, interval day to second(3).
std::string SpellWithModifiers(const std::string& internal, const std::string& spelling,
                               const std::vector<std::string>& modifiers) {
  if (internal == "interval") {
    std::string sql = "interval";
    if (!modifiers.empty()) sql += IntervalFields(std::atoi(modifiers[0].c_str()));
    if (modifiers.size() >= 2) sql += "(" + modifiers[1] + ")";
    return sql;
  }
  if (modifiers.empty()) return spelling;
  size_t space = spelling.find(' ');
  return spelling.substr(0, space) + "(" + modifiers[0] + ")" + spelling.substr(space);
}

// TableLikeClause.options bits (PostgreSQL's TableLikeOption).
constexpr int kLikeConstraints = 1 << 2, kLikeDefaults = 1 << 3, kLikeGenerated = 1 << 4,
              kLikeIdentity = 1 << 5, kLikeIndexes = 1 << 6;

// The SQL words of an ALTER TABLE command from libpg_query's subtype: AT_DropConstraint ->
// DROP CONSTRAINT. Only a note's label: the few whose words differ from the subtype's are named.
std::string AlterTableCommandName(const std::string& subtype) {
  static const std::pair<const char*, const char*> kSpelled[] = {{"AT_ColumnDefault", "ALTER COLUMN ... DEFAULT"},
                                                                 {"AT_AlterColumnType", "ALTER COLUMN ... TYPE"},
                                                                 {"AT_EnableTrig", "ENABLE TRIGGER"},
                                                                 {"AT_DisableTrig", "DISABLE TRIGGER"},
                                                                 {"AT_AddIndex", "ADD CONSTRAINT"}};
  for (const auto& [name, words] : kSpelled)
    if (subtype == name) return words;
  std::string words;
  for (char c : subtype.substr(subtype.rfind('_') + 1)) {
    if (std::isupper(static_cast<unsigned char>(c)) && !words.empty()) words += ' ';
    words += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return words;
}

}  // namespace

QualifiedName CatalogBuilder::ResolveList(const std::vector<std::string>& parts) const {
  if (parts.size() >= 2) return {parts[parts.size() - 2], parts.back()};
  return {creation_schema_, parts.empty() ? std::string() : parts.back()};
}

QualifiedName CatalogBuilder::ResolveForCreate(const Json& range_var) const {
  std::string schema = range_var.value("schemaname", "");
  return {schema.empty() ? creation_schema_ : schema, range_var.value("relname", "")};
}

// An unqualified reference finds the relation in the first search_path schema that has it, as
// PostgreSQL does; one that exists nowhere is taken to be in the creation schema.
QualifiedName CatalogBuilder::Resolve(const Json& range_var) const {
  QualifiedName name = ResolveForCreate(range_var);
  if (!range_var.value("schemaname", "").empty() || catalog_.FindTable(name)) return name;
  for (const std::string& schema : search_path_)
    if (catalog_.FindTable({schema, name.name})) return {schema, name.name};
  return name;
}

TypeRef CatalogBuilder::ReadType(const Json& type_name) const {
  TypeRef type;
  std::vector<std::string> names = StringList(ArrayField(type_name, "names"));
  for (const Json& mod : ArrayField(type_name, "typmods"))
    if (mod.contains("A_Const")) type.modifiers.push_back(ConstantText(mod["A_Const"]));
  type.array_dims = static_cast<int>(ArrayField(type_name, "arrayBounds").size());
  const auto& builtin = BuiltinTypeSpelling();
  if (names.size() == 2 && names[0] == "pg_catalog") {
    type.name = {"pg_catalog", names[1]};
    auto it = builtin.find(names[1]);
    type.sql = it == builtin.end() ? names[1] : it->second;
    if (type.sql.find(" time zone") != std::string::npos || names[1] == "interval") {
      type.sql = SpellWithModifiers(names[1], type.sql, type.modifiers);
      for (int i = 0; i < type.array_dims; ++i) type.sql += "[]";
      return type;
    }
  } else if (names.size() == 1) {
    // A bare name is a user type when one of that name exists in a search_path schema.
    QualifiedName user{creation_schema_, names[0]};
    bool is_user = false;
    for (const std::string& schema : search_path_) {
      QualifiedName candidate{schema, names[0]};
      if (catalog_.enums.count(candidate) || catalog_.domains.count(candidate)) {
        user = candidate, is_user = true;
        break;
      }
    }
    // A name pg_catalog does not have is an extension's or another user type (citext, say),
    // found through the DDL's search_path: the plan, which pins search_path to pg_catalog,
    // names it in the schema the DDL creates objects in.
    if (!is_user && !IsBuiltinTypeName(names[0])) is_user = true;
    type.name = is_user ? user : QualifiedName{"pg_catalog", names[0]};
    type.sql = is_user ? user.Display() : QuoteIdentifier(names[0]);
  } else {
    type.name = ResolveList(names);
    type.sql = type.name.Display();
  }
  if (!type.modifiers.empty()) {
    type.sql += "(";
    for (size_t i = 0; i < type.modifiers.size(); ++i) type.sql += (i ? "," : "") + type.modifiers[i];
    type.sql += ")";
  }
  for (int i = 0; i < type.array_dims; ++i) type.sql += "[]";
  if (type_name.value("setof", false)) type.sql = "SETOF " + type.sql;
  return type;
}

const StatementTokens& CatalogBuilder::Tokens(const std::string& statement) {
  if (!tokens_) tokens_ = std::make_unique<StatementTokens>(statement);
  return *tokens_;
}

void CatalogBuilder::Apply(const Json& tree, const std::string& text, const SourcePlace& place, const std::string& written) {
  tokens_.reset();  // a new statement
  const std::string type = tree.begin().key();
  const Json& node = tree.begin().value();
  if (type == "CreateStmt") {
    CreateTable(node, text, place, node.contains("partspec") ? TableKind::kPartitioned : TableKind::kOrdinary);
  } else if (type == "CreateForeignTableStmt") {
    CreateTable(node["base"], text, place, TableKind::kForeign);
  } else if (type == "AlterTableStmt") {
    AlterTable(node, text, place);
  } else if (type == "IndexStmt") {
    CreateIndex(node, text);
  } else if (type == "CreateTrigStmt") {
    CreateTrigger(node, text);
  } else if (type == "CreatePolicyStmt" || type == "AlterPolicyStmt") {
    SetPolicy(node, text, type == "CreatePolicyStmt");
  } else if (type == "CreateFunctionStmt") {
    CreateFunction(node);
  } else if (type == "ViewStmt") {
    CreateView(ResolveForCreate(node["view"]), node["query"], false, written.empty() ? text : written);
  } else if (type == "CreateTableAsStmt" && node.value("objtype", "") == "OBJECT_MATVIEW") {
    CreateView(ResolveForCreate(node["into"]["rel"]), node["query"], true, written.empty() ? text : written);
  } else if (type == "CreateTableAsStmt" && node.value("objtype", "") == "OBJECT_TABLE") {
    // Its columns are whatever the query returns, which only a server can tell.
    notes_.push_back({place, "CREATE TABLE " + ResolveForCreate(node["into"]["rel"]).Display() +
                                 " AS ... is skipped: its columns come from a query",
                      "CREATE TABLE ... AS"});
  } else if (type == "CreateEnumStmt") {
    QualifiedName name = ResolveList(StringList(node["typeName"]));
    catalog_.enums[name] = {name, StringList(ArrayField(node, "vals"))};
  } else if (type == "AlterEnumStmt" && node.contains("newVal")) {
    auto it = catalog_.enums.find(ResolveList(StringList(node["typeName"])));
    if (it != catalog_.enums.end()) it->second.labels.push_back(node["newVal"].get<std::string>());
  } else if (type == "CreateDomainStmt") {
    CreateDomain(node, text);
  } else if (type == "DropStmt") {
    Drop(node);
  } else if (type == "VariableSetStmt" && node.value("name", "") == "search_path") {
    std::vector<std::string> schemas;
    for (const Json& arg : ArrayField(node, "args"))
      if (arg.contains("A_Const")) schemas.push_back(ConstantText(arg["A_Const"]));
    SetSearchPath(schemas);
  } else if (type == "SelectStmt") {
    // pg_dump: SELECT pg_catalog.set_config('search_path', '', false);
    VisitNodes(node, [&](const std::string& t, const Json& n) {
      if (t != "FuncCall" || StringList(n["funcname"]).back() != "set_config") return true;
      const Json& args = ArrayField(n, "args");
      if (args.size() >= 2 && args[0].contains("A_Const") && ConstantText(args[0]["A_Const"]) == "search_path" &&
          args[1].contains("A_Const")) {
        std::string path = ConstantText(args[1]["A_Const"]);
        std::vector<std::string> schemas;
        size_t start = 0;
        while (start <= path.size()) {
          size_t comma = path.find(',', start);
          std::string part = path.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
          part.erase(0, part.find_first_not_of(' '));
          part.erase(part.find_last_not_of(' ') + 1);
          if (!part.empty()) schemas.push_back(part);
          if (comma == std::string::npos) break;
          start = comma + 1;
        }
        SetSearchPath(schemas);
      }
      return false;
    });
  } else if (type == "RenameStmt") {
    std::string object = node.value("renameType", "");
    if (!node.contains("relation")) return;
    std::string new_name = node.value("newname", "");
    if (object == "OBJECT_INDEX") {  // ALTER INDEX [schema.]name RENAME TO ...
      std::string schema = node["relation"].value("schemaname", "");
      std::string old_name = node["relation"].value("relname", "");
      for (Index& i : catalog_.indexes)
        if (i.name.name == old_name && (schema.empty() || i.name.schema == schema)) {
          i.name.name = new_name;
          names_used_.insert(i.name);
          break;
        }
      return;
    }
    QualifiedName name = Resolve(node["relation"]);
    if (!catalog_.FindTable(name)) return;
    if (object == "OBJECT_POLICY") {  // ALTER POLICY a ON t RENAME TO b
      for (Policy& p : catalog_.policies)
        if (p.table == name && p.name == node.value("subname", "")) p.name = new_name;
    } else if (object == "OBJECT_TABCONSTRAINT") {  // ALTER TABLE t RENAME CONSTRAINT a TO b
      std::string old_name = node.value("subname", "");
      for (CheckConstraint& c : catalog_.checks)
        if (c.table == name && c.name == old_name) c.name = new_name;
      for (ForeignKey& f : catalog_.foreign_keys)
        if (f.table == name && f.name == old_name) f.name = new_name;
      for (Index& i : catalog_.indexes)  // a key constraint renames its index too
        if (i.table == name && i.from_constraint && i.name.name == old_name) i.name.name = new_name;
      names_used_.insert({name.schema, new_name});
    } else if (object == "OBJECT_COLUMN") {
      RenameColumn(name, node.value("subname", ""), node.value("newname", ""));
    } else if (object == "OBJECT_TABLE" || object == "OBJECT_VIEW" || object == "OBJECT_MATVIEW" ||
               object == "OBJECT_FOREIGN_TABLE") {
      RenameTable(name, {name.schema, node.value("newname", "")});
    }
  }
  // Everything else (SET, COMMENT, GRANT, CREATE EXTENSION, sequences, INSERT ...)
  // describes no structure a backfill depends on.
}

// A default name no constraint, index or table of the schema has yet: PostgreSQL appends 1,
// 2, ... to the label until it finds one (t_check, t_check1, ...).
std::string CatalogBuilder::UnusedName(const std::string& schema, const std::string& table,
                                       const std::vector<std::string>& columns, const std::string& label) const {
  auto used = [&](const std::string& name) {
    // names_used_ only grows (drops do not shrink it): a miss there is certain, a hit is checked.
    if (!names_used_.count({schema, name}) && !catalog_.tables.count({schema, name})) return false;
    for (const Index& i : catalog_.indexes)
      if (i.name.schema == schema && i.name.name == name) return true;
    for (const CheckConstraint& c : catalog_.checks)
      if (c.table.schema == schema && c.name == name) return true;
    for (const ForeignKey& f : catalog_.foreign_keys)
      if (f.table.schema == schema && f.name == name) return true;
    return catalog_.tables.count({schema, name}) > 0;
  };
  std::string name = DefaultName(table, columns, label);
  for (int n = 1; used(name); ++n) name = DefaultName(table, columns, label + std::to_string(n));
  return name;
}

void CatalogBuilder::SetSearchPath(const std::vector<std::string>& schemas) {
  search_path_.clear();
  for (const std::string& s : schemas)
    if (s != "$user" && s != "pg_catalog" && !s.empty()) search_path_.push_back(s);
  // An empty path (pg_dump's) qualifies every name; public stands in for what it never uses.
  if (search_path_.empty()) search_path_.push_back("public");
  creation_schema_ = search_path_[0];
}

// Everything that names the table by its old name follows it: indexes, keys, checks,
// triggers, partitions and views' reads.
void CatalogBuilder::RenameTable(const QualifiedName& from, const QualifiedName& to) {
  auto rename = [&](QualifiedName& n) {
    if (n == from) n = to;
  };
  Table moved = catalog_.tables.at(from);
  catalog_.tables.erase(from);
  moved.name = to;
  catalog_.tables[to] = moved;
  if (auto view = catalog_.views.find(from); view != catalog_.views.end()) {
    View v = view->second;
    catalog_.views.erase(view);
    v.name = to;
    catalog_.views[to] = v;
  }
  for (Index& i : catalog_.indexes) rename(i.table);
  for (ForeignKey& f : catalog_.foreign_keys) rename(f.table), rename(f.referenced_table);
  for (CheckConstraint& c : catalog_.checks) rename(c.table);
  for (Trigger& t : catalog_.triggers) rename(t.table);
  for (Policy& p : catalog_.policies) rename(p.table);
  for (auto& [name, table] : catalog_.tables) {
    if (table.partition_of) rename(*table.partition_of);
    for (QualifiedName& p : table.partitions) rename(p);
  }
  for (auto& [name, view] : catalog_.views) {
    if (auto read = view.reads.find(from); read != view.reads.end()) {
      auto columns = read->second;
      view.reads.erase(read);
      view.reads[to] = columns;
    }
  }
}

// A column's new name reaches the indexes, keys and triggers that list it, and the partitions
// of a partitioned table (PostgreSQL renames theirs too).
void CatalogBuilder::RenameColumn(const QualifiedName& table_name, const std::string& from, const std::string& to) {
  auto rename_in = [&](std::vector<std::string>& names) {
    for (std::string& n : names)
      if (n == from) n = to;
  };
  Table* table = catalog_.FindTable(table_name);
  if (!table) return;
  for (Column& c : table->columns)
    if (c.name == from) c.name = to;
  rename_in(table->partition_key);
  for (Index& i : catalog_.indexes)
    if (i.table == table_name) rename_in(i.columns);
  for (ForeignKey& f : catalog_.foreign_keys) {
    if (f.table == table_name) rename_in(f.columns);
    if (f.referenced_table == table_name) rename_in(f.referenced_columns);
  }
  for (Trigger& t : catalog_.triggers)
    if (t.table == table_name) rename_in(t.update_columns);
  for (Policy& p : catalog_.policies)
    if (p.table == table_name) rename_in(p.using_reads), rename_in(p.with_check_reads);
  for (const QualifiedName& partition : std::vector<QualifiedName>(table->partitions))
    RenameColumn(partition, from, to);
}

void CatalogBuilder::CreateTable(const Json& node, const std::string& text, const SourcePlace& place, TableKind kind) {
  QualifiedName name = ResolveForCreate(node["relation"]);
  if (const Table* existing = catalog_.FindTable(name)) {
    if (node.value("if_not_exists", false)) return;
    throw InputError({}, "table " + name.Display() + " is already defined at line " +
                             std::to_string(existing->source_line),
                     "remove one of the two CREATE TABLE statements, or use CREATE TABLE IF NOT EXISTS");
  }
  Table table;
  table.name = name;
  table.kind = kind;
  table.source_line = place.line;
  // PARTITION OF and INHERITS start from the parent's columns.
  for (const Json& parent : ArrayField(node, "inhRelations")) {
    if (!parent.contains("RangeVar")) continue;
    QualifiedName parent_name = Resolve(parent["RangeVar"]);
    if (const Table* p = catalog_.FindTable(parent_name)) {
      for (Column c : p->columns) table.columns.push_back(c);
    }
    if (node.contains("partbound")) table.partition_of = parent_name;
  }
  if (node.contains("partspec")) {
    table.partition_strategy = node["partspec"].value("strategy", "");
    for (const Json& elem : ArrayField(node["partspec"], "partParams")) {
      if (elem["PartitionElem"].contains("name")) table.partition_key.push_back(elem["PartitionElem"]["name"]);
      else table.partition_key_expression = true;
    }
  }
  for (const Json& elt : ArrayField(node, "tableElts")) {
    if (elt.contains("ColumnDef")) AddColumn(table, elt["ColumnDef"], text);
    if (elt.contains("TableLikeClause")) CopyLikeColumns(table, elt["TableLikeClause"]);
  }
  catalog_.tables[name] = table;
  if (table.partition_of) AttachPartition(*table.partition_of, name);
  for (const Json& elt : ArrayField(node, "tableElts"))
    if (elt.contains("TableLikeClause")) CopyLikeConstraints(name, elt["TableLikeClause"]);
  // Table constraints come after the columns exist, so PRIMARY KEY can mark them NOT NULL.
  for (const Json& elt : ArrayField(node, "tableElts")) {
    if (elt.contains("ColumnDef")) {
      for (const Json& c : ArrayField(elt["ColumnDef"], "constraints")) {
        std::string type = c["Constraint"].value("contype", "");
        if (type == "CONSTR_PRIMARY" || type == "CONSTR_UNIQUE" || type == "CONSTR_CHECK" || type == "CONSTR_FOREIGN") {
          Json constraint = c["Constraint"];  // a copy: it gains the column as its key
          constraint["keys"] = Json::array({{{"String", {{"sval", elt["ColumnDef"]["colname"]}}}}});
          constraint["fk_attrs"] = constraint["keys"];
          AddTableConstraint(name, constraint, text);
        }
      }
    }
    if (elt.contains("Constraint")) AddTableConstraint(name, elt["Constraint"], text);
  }
}

// LIKE copies names, types and NOT NULL always; defaults, identity and generation expressions
// only when asked to (INCLUDING DEFAULTS / IDENTITY / GENERATED, or ALL).
void CatalogBuilder::CopyLikeColumns(Table& table, const Json& like) {
  const Table* source = catalog_.FindTable(Resolve(like["relation"]));
  if (!source) return;
  int options = like.value("options", 0);
  for (Column c : source->columns) {
    if (!(options & kLikeDefaults)) c.default_sql.reset();
    if (!(options & kLikeIdentity)) c.identity = false;
    if (!(options & kLikeGenerated)) c.generated_sql.reset(), c.generated_reads.clear();
    table.columns.push_back(c);
  }
}

// INCLUDING CONSTRAINTS copies CHECKs (never foreign keys); INCLUDING INDEXES copies indexes,
// primary key and unique constraints included, under names chosen for the new table.
void CatalogBuilder::CopyLikeConstraints(const QualifiedName& table, const Json& like) {
  QualifiedName source = Resolve(like["relation"]);
  int options = like.value("options", 0);
  if (options & kLikeConstraints) {
    for (const CheckConstraint* c : catalog_.ChecksOn(source)) {
      CheckConstraint copy = *c;
      copy.table = table;
      names_used_.insert({copy.table.schema, copy.name});
      catalog_.checks.push_back(copy);
    }
  }
  if (options & kLikeIndexes) {
    std::vector<Index> copies;
    for (const Index* i : catalog_.IndexesOn(source)) {
      Index copy = *i;
      copy.table = table;
      std::vector<std::string> parts;
      for (const std::string& c : copy.columns) parts.push_back(c.empty() ? "expr" : c);
      copy.name = {table.schema, UnusedName(table.schema, table.name, copy.primary ? std::vector<std::string>{} : parts,
                                            copy.primary ? "pkey" : copy.from_constraint ? "key" : "idx")};
      copies.push_back(copy);
    }
    for (Index& copy : copies) {
      names_used_.insert(copy.name);
      catalog_.indexes.push_back(std::move(copy));
    }
  }
}

void CatalogBuilder::AddColumn(Table& table, const Json& def, const std::string& text) {
  std::string name = def.value("colname", "");
  Column* column = nullptr;
  for (Column& c : table.columns)
    if (c.name == name) column = &c;  // PARTITION OF / inherited column given local options
  if (!column) {
    table.columns.push_back(Column{});
    column = &table.columns.back();
    column->name = name;
  }
  if (def.contains("typeName")) {
    std::string serial_base = SerialBaseType(def["typeName"]);
    if (serial_base.empty()) {
      column->type = ReadType(def["typeName"]);
    } else {
      // What PostgreSQL makes of it: NOT NULL, DEFAULT nextval('<table>_<column>_seq').
      Json integer = {{"names", Json::array({{{"String", {{"sval", "pg_catalog"}}}}, {{"String", {{"sval", serial_base}}}}})}};
      column->type = ReadType(integer);
      column->not_null = true;
      QualifiedName sequence{table.name.schema, DefaultName(table.name.name, {name}, "seq")};
      column->default_sql = "nextval(" + QuoteLiteral(sequence.Display()) + "::regclass)";
    }
  }
  for (const Json& c : ArrayField(def, "constraints")) {
    const Json& constraint = c["Constraint"];
    std::string type = constraint.value("contype", "");
    int location = constraint.value("location", 0);
    if (type == "CONSTR_NOTNULL" || type == "CONSTR_PRIMARY") column->not_null = true;
    if (type == "CONSTR_DEFAULT")
      column->default_sql = IsNullDefault(constraint["raw_expr"]) ? std::nullopt : Tokens(text).DefaultExpressionAt(location);
    if (type == "CONSTR_IDENTITY") column->identity = column->not_null = true;
    if (type == "CONSTR_GENERATED") {
      column->generated_sql = Tokens(text).ParenthesizedAfter(location);
      column->generated_reads = ReferencedColumns(constraint["raw_expr"]);
    }
  }
}

void CatalogBuilder::AddTableConstraint(const QualifiedName& table_name, const Json& constraint, const std::string& text) {
  std::string type = constraint.value("contype", "");
  std::string name = constraint.value("conname", "");
  Table* table = catalog_.FindTable(table_name);
  if (type == "CONSTR_PRIMARY" || type == "CONSTR_UNIQUE") {
    Index index;
    index.table = table_name;
    index.primary = type == "CONSTR_PRIMARY";
    index.unique = true;
    index.from_constraint = true;
    index.nulls_not_distinct = constraint.value("nulls_not_distinct", false);
    index.columns = IndexKeyColumns(constraint);
    if (index.columns.empty() && constraint.contains("indexname")) {
      // ADD CONSTRAINT ... USING INDEX: the index already exists; promote it.
      for (Index& existing : catalog_.indexes)
        if (existing.name.name == constraint["indexname"] && existing.table == table_name) {
          existing.primary = index.primary;
          existing.from_constraint = true;
          if (index.primary && table)
            for (Column& c : table->columns)
              if (std::count(existing.columns.begin(), existing.columns.end(), c.name)) c.not_null = true;
        }
      return;
    }
    index.name = {table_name.schema, name.empty() ? UnusedName(table_name.schema, table_name.name,
                                                               index.primary ? std::vector<std::string>{} : index.columns,
                                                               index.primary ? "pkey" : "key")
                                                  : name};
    if (index.primary && table)
      for (Column& c : table->columns)
        if (std::count(index.columns.begin(), index.columns.end(), c.name)) c.not_null = true;
    names_used_.insert(index.name);
    catalog_.indexes.push_back(index);
  } else if (type == "CONSTR_EXCLUSION") {
    // A real index (gist, usually), but never a key: it does not make rows unique.
    Index index;
    index.table = table_name;
    index.from_constraint = true;
    index.method = constraint.value("access_method", "btree");
    for (const Json& pair : ArrayField(constraint, "exclusions")) {
      const Json& elem = pair["List"]["items"][0]["IndexElem"];
      index.columns.push_back(elem.value("name", ""));
      if (elem.contains("expr")) {
        index.expressions_sql.push_back("");
        for (const std::string& c : ReferencedColumns(elem["expr"])) index.expression_reads.push_back(c);
      }
    }
    if (constraint.contains("where_clause")) {
      const StatementTokens& tokens = Tokens(text);  // EXCLUDE ... WHERE ( predicate ): the parentheses are required
      auto where = tokens.KeywordOffset("where", constraint.value("location", 0));
      index.predicate_sql = where ? tokens.ParenthesizedAfter(*where).value_or("") : "";
      index.predicate_reads = ReferencedColumns(constraint["where_clause"]);
    }
    index.name = {table_name.schema, name.empty() ? UnusedName(table_name.schema, table_name.name, index.columns, "excl") : name};
    names_used_.insert(index.name);
    catalog_.indexes.push_back(index);
  } else if (type == "CONSTR_FOREIGN") {
    ForeignKey fk;
    fk.table = table_name;
    fk.columns = StringList(ArrayField(constraint, "fk_attrs"));
    fk.name = name.empty() ? UnusedName(table_name.schema, table_name.name, fk.columns, "fkey") : name;
    fk.referenced_table = Resolve(constraint["pktable"]);
    fk.referenced_columns = StringList(ArrayField(constraint, "pk_attrs"));
    fk.on_update = ReadFkAction(constraint.value("fk_upd_action", "a"));
    fk.on_delete = ReadFkAction(constraint.value("fk_del_action", "a"));
    fk.not_valid = constraint.value("skip_validation", false);
    fk.match_full = constraint.value("fk_matchtype", "s") == "f";
    fk.deferrable = constraint.value("deferrable", false);
    fk.initially_deferred = constraint.value("initdeferred", false);
    names_used_.insert({fk.table.schema, fk.name});
    catalog_.foreign_keys.push_back(fk);
  } else if (type == "CONSTR_CHECK") {
    CheckConstraint check;
    check.table = table_name;
    check.reads = ReferencedColumns(constraint["raw_expr"]);
    // PostgreSQL: table_column_check when the expression reads one column, else table_check.
    std::vector<std::string> named = check.reads.size() == 1 ? check.reads : std::vector<std::string>{};
    check.name = name.empty() ? UnusedName(table_name.schema, table_name.name, named, "check") : name;
    check.expression_sql = Tokens(text).ParenthesizedAfter(constraint.value("location", 0)).value_or("");
    check.not_valid = constraint.value("skip_validation", false);
    names_used_.insert({check.table.schema, check.name});
    catalog_.checks.push_back(check);
  }
}

Table* CatalogBuilder::TableOrNote(const QualifiedName& name, const SourcePlace& place, const std::string& subtype) {
  Table* table = catalog_.FindTable(name);
  if (!table)
    notes_.push_back({place, "ALTER TABLE names table " + name.Display() + ", which the file never creates; skipped",
                      "ALTER TABLE ... " + AlterTableCommandName(subtype)});
  return table;
}

// ALTER INDEX parent ATTACH PARTITION child: child is the index of one partition of parent's table.
void CatalogBuilder::AttachIndex(const Json& node) {
  QualifiedName parent_name = Resolve(node["relation"]);
  for (const Json& item : ArrayField(node, "cmds")) {
    const Json& cmd = item["AlterTableCmd"];
    if (cmd.value("subtype", "") != "AT_AttachPartition") continue;
    QualifiedName child_name = Resolve(cmd["def"]["PartitionCmd"]["name"]);
    auto find = [&](const QualifiedName& n) {
      auto it = std::find_if(catalog_.indexes.begin(), catalog_.indexes.end(), [&](const Index& i) { return i.name == n; });
      return it == catalog_.indexes.end() ? nullptr : &*it;
    };
    Index* parent = find(parent_name);
    const Index* child = find(child_name);
    if (parent && child) parent->attached.push_back(child->table);
  }
}

void CatalogBuilder::AlterTable(const Json& node, const std::string& text, const SourcePlace& place) {
  std::string objtype = node.value("objtype", "");
  if (objtype == "OBJECT_INDEX") return AttachIndex(node);
  if (objtype != "OBJECT_TABLE" && objtype != "OBJECT_FOREIGN_TABLE") return;
  QualifiedName name = Resolve(node["relation"]);
  // libpg_query writes inh only when true: without it the statement said ONLY.
  bool only = !node["relation"].value("inh", false);
  const StatementTokens& tokens = Tokens(text);
  for (const Json& item : ArrayField(node, "cmds")) {
    const Json& cmd = item["AlterTableCmd"];
    std::string subtype = cmd.value("subtype", "");
    if (subtype == "AT_SetRelOptions" || subtype == "AT_ClusterOn" || subtype == "AT_ReplicaIdentity") continue;
    // pg_dump writes OWNER TO for sequences and views too, as ALTER TABLE: no note when the
    // relation is not a table the file creates.
    if (subtype == "AT_ChangeOwner" || subtype.find("RowSecurity") != std::string::npos) {
      if (Table* table = catalog_.FindTable(name)) SetRowSecurity(*table, subtype, cmd);
      continue;
    }
    Table* table = TableOrNote(name, place, subtype);
    if (!table) return;
    std::string column = cmd.value("name", "");
    auto find_column = [&]() -> Column* {
      for (Column& c : table->columns)
        if (c.name == column) return &c;
      return nullptr;
    };
    if (subtype == "AT_AddConstraint") {
      size_t before = catalog_.indexes.size();
      AddTableConstraint(name, cmd["def"]["Constraint"], text);
      if (only && !table->partition_strategy.empty())
        for (size_t i = before; i < catalog_.indexes.size(); ++i) catalog_.indexes[i].only_parent = true;
    } else if (subtype == "AT_AddColumn") {
      AddColumn(*table, cmd["def"]["ColumnDef"], text);
      for (const Json& c : ArrayField(cmd["def"]["ColumnDef"], "constraints")) {
        Json constraint = c["Constraint"];
        constraint["keys"] = Json::array({{{"String", {{"sval", cmd["def"]["ColumnDef"]["colname"]}}}}});
        constraint["fk_attrs"] = constraint["keys"];
        AddTableConstraint(name, constraint, text);
      }
    } else if (subtype == "AT_SetNotNull" || subtype == "AT_DropNotNull") {
      if (Column* c = find_column()) c->not_null = subtype == "AT_SetNotNull";
    } else if (subtype == "AT_ColumnDefault") {
      // SET DEFAULT expr has a def; DROP DEFAULT has none. The DEFAULT keyword is the last one
      // before the expression (other commands of the same statement may have their own).
      Column* c = find_column();
      std::optional<int> offset;
      if (cmd.contains("def") && !IsNullDefault(cmd["def"]))
        offset = tokens.LastKeywordBefore("default", StartLocation(cmd["def"]));
      if (c) c->default_sql = offset ? tokens.DefaultExpressionAt(*offset) : std::nullopt;
    } else if (subtype == "AT_AddIdentity") {
      if (Column* c = find_column()) c->identity = c->not_null = true;
    } else if (subtype == "AT_DropIdentity") {
      if (Column* c = find_column()) c->identity = false;  // NOT NULL stays, as in PostgreSQL
    } else if (subtype == "AT_DropExpression") {
      if (Column* c = find_column()) c->generated_sql.reset(), c->generated_reads.clear();
    } else if (subtype == "AT_AlterColumnType") {
      if (Column* c = find_column()) c->type = ReadType(cmd["def"]["ColumnDef"]["typeName"]);
    } else if (subtype == "AT_DropColumn") {
      std::erase_if(table->columns, [&](const Column& c) { return c.name == column; });
    } else if (subtype == "AT_DropConstraint") {
      std::erase_if(catalog_.checks, [&](const CheckConstraint& c) { return c.table == name && c.name == column; });
      std::erase_if(catalog_.foreign_keys, [&](const ForeignKey& f) { return f.table == name && f.name == column; });
      std::erase_if(catalog_.indexes, [&](const Index& i) { return i.table == name && i.from_constraint && i.name.name == column; });
    } else if (subtype == "AT_ValidateConstraint") {
      for (CheckConstraint& c : catalog_.checks)
        if (c.table == name && c.name == column) c.not_valid = false;
      for (ForeignKey& f : catalog_.foreign_keys)
        if (f.table == name && f.name == column) f.not_valid = false;
    } else if (subtype == "AT_AttachPartition") {
      QualifiedName child = Resolve(cmd["def"]["PartitionCmd"]["name"]);
      if (Table* c = catalog_.FindTable(child)) c->partition_of = name;
      AttachPartition(name, child);
    } else if (subtype == "AT_DetachPartition") {
      QualifiedName child = Resolve(cmd["def"]["PartitionCmd"]["name"]);
      std::erase(table->partitions, child);
      if (Table* c = catalog_.FindTable(child)) c->partition_of.reset();
    }
  }
}

void CatalogBuilder::AttachPartition(const QualifiedName& parent, const QualifiedName& child) {
  if (Table* p = catalog_.FindTable(parent))
    if (std::find(p->partitions.begin(), p->partitions.end(), child) == p->partitions.end()) p->partitions.push_back(child);
  // A partition that joins later gets (or has matched) an index for each of the table's indexes,
  // attached by PostgreSQL itself.
  for (Index& index : catalog_.indexes)
    if (index.table == parent && index.only_parent) index.attached.push_back(child);
}

namespace {

// A RoleSpec as SQL writes it: PUBLIC, CURRENT_USER, CURRENT_ROLE, SESSION_USER or a quoted name.
std::string RoleText(const Json& role_spec) {
  std::string type = role_spec.value("roletype", "");
  if (type == "ROLESPEC_CSTRING") return QuoteIdentifier(role_spec.value("rolename", ""));
  const std::string prefix = "ROLESPEC_";
  return type.rfind(prefix, 0) == 0 ? type.substr(prefix.size()) : type;
}

}  // namespace

// ENABLE / DISABLE / FORCE / NO FORCE ROW LEVEL SECURITY and OWNER TO.
void CatalogBuilder::SetRowSecurity(Table& table, const std::string& subtype, const Json& cmd) {
  if (subtype == "AT_ChangeOwner") table.owner = RoleText(ObjectField(cmd, "newowner"));
  if (subtype == "AT_EnableRowSecurity" || subtype == "AT_DisableRowSecurity") table.row_security = subtype == "AT_EnableRowSecurity";
  if (subtype == "AT_ForceRowSecurity" || subtype == "AT_NoForceRowSecurity") table.force_row_security = subtype == "AT_ForceRowSecurity";
}

// CREATE POLICY, or ALTER POLICY changing what it gives (the roles, USING, WITH CHECK).
void CatalogBuilder::SetPolicy(const Json& node, const std::string& text, bool create) {
  QualifiedName table = Resolve(node["table"]);
  std::string name = node.value("policy_name", "");
  Policy* policy = nullptr;
  for (Policy& p : catalog_.policies)
    if (p.table == table && p.name == name) policy = &p;
  if (create) {
    if (policy) return;  // PostgreSQL refuses a second one; the first stands
    catalog_.policies.push_back(Policy{});
    policy = &catalog_.policies.back();
    policy->name = name;
    policy->table = table;
    policy->permissive = node.value("permissive", false);
    std::string command = node.value("cmd_name", "all");
    std::transform(command.begin(), command.end(), command.begin(), [](unsigned char c) { return std::toupper(c); });
    policy->command = command;
  }
  if (!policy) return;  // ALTER POLICY of a policy the file never creates
  if (node.contains("roles")) {
    policy->roles.clear();
    for (const Json& role : node["roles"]) policy->roles.push_back(RoleText(ObjectField(role, "RoleSpec")));
  }
  // The expression's text: the parentheses after the USING (or CHECK) keyword before it.
  auto expression = [&](const char* key, const char* keyword, std::optional<std::string>& sql, std::vector<std::string>& reads) {
    if (!node.contains(key)) return;
    const StatementTokens& tokens = Tokens(text);
    auto at = tokens.LastKeywordBefore(keyword, StartLocation(node[key]));
    sql = at ? tokens.ParenthesizedAfter(*at) : std::nullopt;
    reads = ReferencedColumns(node[key]);
  };
  expression("qual", "using", policy->using_sql, policy->using_reads);
  expression("with_check", "check", policy->with_check_sql, policy->with_check_reads);
}

void CatalogBuilder::CreateIndex(const Json& node, const std::string& text) {
  Index index;
  index.table = Resolve(node["relation"]);
  if (const Table* table = catalog_.FindTable(index.table))
    index.only_parent = !node["relation"].value("inh", false) && !table->partition_strategy.empty();
  index.unique = node.value("unique", false);
  index.nulls_not_distinct = node.value("nulls_not_distinct", false);
  index.primary = node.value("primary", false);
  index.method = node.value("accessMethod", "btree");
  const StatementTokens& tokens = Tokens(text);
  int relation_at = node["relation"].value("location", 0);
  std::vector<std::string> items = tokens.ParenthesizedItemsAfter(relation_at);
  size_t position = 0;
  for (const Json& param : ArrayField(node, "indexParams")) {
    const Json& elem = param["IndexElem"];
    IndexItemOptions options;
    options.collation = StringList(ArrayField(elem, "collation"));
    options.opclass = StringList(ArrayField(elem, "opclass"));
    options.has_opclass_options = elem.contains("opclassopts");
    options.descending = elem.value("ordering", "") == "SORTBY_DESC";
    std::string nulls = elem.value("nulls_ordering", "");
    options.nulls = nulls == "SORTBY_NULLS_FIRST" ? "FIRST" : nulls == "SORTBY_NULLS_LAST" ? "LAST" : "";
    index.item_options.push_back(options);
    if (elem.contains("name")) {
      index.columns.push_back(elem["name"]);
    } else {
      index.columns.push_back("");
      index.expressions_sql.push_back(position < items.size() ? items[position] : "");
      for (const std::string& c : ReferencedColumns(elem["expr"])) index.expression_reads.push_back(c);
    }
    ++position;
  }
  for (const Json& param : ArrayField(node, "indexIncludingParams"))
    if (param.contains("IndexElem") && param["IndexElem"].contains("name"))
      index.include_columns.push_back(param["IndexElem"]["name"]);
  index.has_storage_options = node.contains("options") || node.contains("tableSpace");
  if (node.contains("whereClause")) {
    index.predicate_sql = tokens.TailAfterKeyword("where", relation_at);
    index.predicate_reads = ReferencedColumns(node["whereClause"]);
  }
  std::vector<std::string> name_parts;
  for (const Json& param : ArrayField(node, "indexParams")) {
    const Json& elem = param["IndexElem"];
    name_parts.push_back(elem.contains("name") ? elem["name"].get<std::string>() : IndexExpressionName(elem["expr"]));
  }
  std::string label = index.primary ? "pkey" : "idx";
  index.name = {index.table.schema, node.contains("idxname") ? node["idxname"].get<std::string>()
                                                             : UnusedName(index.table.schema, index.table.name, name_parts, label)};
  names_used_.insert(index.name);
  catalog_.indexes.push_back(index);
}

void CatalogBuilder::CreateTrigger(const Json& node, const std::string& text) {
  Trigger trigger;
  trigger.name = node.value("trigname", "");
  trigger.table = Resolve(node["relation"]);
  int timing = node.value("timing", 0);
  // pg_trigger.tgtype bits: 2 BEFORE, 64 INSTEAD OF; events 4 INSERT, 8 DELETE, 16 UPDATE, 32 TRUNCATE.
  trigger.timing = (timing & 2) ? Trigger::Timing::kBefore : (timing & 64) ? Trigger::Timing::kInsteadOf : Trigger::Timing::kAfter;
  int events = node.value("events", 0);
  trigger.on_insert = events & 4;
  trigger.on_delete = events & 8;
  trigger.on_update = events & 16;
  trigger.on_truncate = events & 32;
  trigger.update_columns = StringList(ArrayField(node, "columns"));
  trigger.for_each_row = node.value("row", false);
  trigger.function = ResolveList(StringList(node["funcname"]));
  if (node.contains("whenClause")) {
    const StatementTokens& tokens = Tokens(text);
    if (auto at = tokens.KeywordOffset("when")) trigger.when_sql = tokens.ParenthesizedAfter(*at);
  }
  catalog_.triggers.push_back(trigger);
}

namespace {

std::string ParameterMode(const std::string& mode) {
  static const std::map<std::string, std::string> sql = {{"FUNC_PARAM_IN", "IN"},
                                                         {"FUNC_PARAM_OUT", "OUT"},
                                                         {"FUNC_PARAM_INOUT", "INOUT"},
                                                         {"FUNC_PARAM_VARIADIC", "VARIADIC"},
                                                         {"FUNC_PARAM_TABLE", "TABLE"}};
  auto it = sql.find(mode);
  return it == sql.end() ? "" : it->second;
}

std::string StringArgument(const Json& arg) { return arg.contains("String") ? arg["String"].value("sval", "") : ""; }

// LANGUAGE, AS, IMMUTABLE/STABLE/VOLATILE, SECURITY DEFINER and SET search_path.
void ReadFunctionOption(const Json& def, Function& function) {
  std::string key = def.value("defname", "");
  const Json& arg = ObjectField(def, "arg");
  if (key == "language") function.language = StringArgument(arg);
  if (key == "as" && arg.contains("List")) {
    auto parts = StringList(ArrayField(arg["List"], "items"));
    if (!parts.empty()) function.body = parts[0];
  }
  if (key == "volatility") {
    std::string v = StringArgument(arg);
    function.volatility = v == "immutable" ? Volatility::kImmutable : v == "stable" ? Volatility::kStable : Volatility::kVolatile;
  }
  if (key == "security") function.security_definer = arg.contains("Boolean") && arg["Boolean"].value("boolval", false);
  if (key == "set" && arg.contains("VariableSetStmt") && arg["VariableSetStmt"].value("name", "") == "search_path")
    function.pins_search_path = arg["VariableSetStmt"].value("kind", "") == "VAR_SET_VALUE";
}

// What tells overloads apart: the input parameters' types (OUT and TABLE ones are results).
std::vector<std::string> Signature(const Function& function) {
  std::vector<std::string> types;
  for (const FunctionParameter& p : function.parameters)
    if (p.mode != "OUT" && p.mode != "TABLE") types.push_back(p.type_sql);
  return types;
}

// The catalog keeps one function per name: the one defined last, as before overloads were
// recorded, with the others of that name beside it. The same signature again replaces
// (CREATE OR REPLACE).
void AddFunction(std::map<QualifiedName, Function>& functions, Function function) {
  auto it = functions.find(function.name);
  if (it == functions.end()) {
    functions[function.name] = std::move(function);
    return;
  }
  Function previous = std::move(it->second);
  std::vector<Function> others = std::move(previous.overloads);
  previous.overloads.clear();
  others.push_back(std::move(previous));
  std::erase_if(others, [&](const Function& f) { return Signature(f) == Signature(function); });
  function.overloads = std::move(others);
  it->second = std::move(function);
}

}  // namespace

void CatalogBuilder::CreateFunction(const Json& node) {
  Function function;
  function.name = ResolveList(StringList(node["funcname"]));
  function.is_procedure = node.value("is_procedure", false);
  if (node.contains("returnType")) {
    auto names = StringList(ArrayField(node["returnType"], "names"));
    function.returns_trigger = !names.empty() && names.back() == "trigger";
    function.returns_set = node["returnType"].value("setof", false);
  }
  for (const Json& parameter : ArrayField(node, "parameters")) {
    const Json& p = ObjectField(parameter, "FunctionParameter");
    FunctionParameter read{p.value("name", ""), ParameterMode(p.value("mode", "")), ""};
    const Json& type = ObjectField(p, "argType");
    if (type.value("pct_type", false)) {  // orders.id%TYPE
      for (const std::string& part : StringList(ArrayField(type, "names")))
        read.type_sql += (read.type_sql.empty() ? "" : ".") + QuoteIdentifier(part);
      read.type_sql += "%TYPE";
    } else {
      read.type_sql = ReadType(type).sql;
    }
    if (read.mode == "TABLE") function.returns_set = true;  // RETURNS TABLE (...)
    function.parameters.push_back(read);
  }
  for (const Json& option : ArrayField(node, "options"))
    ReadFunctionOption(ObjectField(option, "DefElem"), function);
  if (node.contains("sql_body")) {
    function.standard_body_json = node["sql_body"].dump();
    if (function.language.empty()) function.language = "sql";  // the only language such a body has
  }
  AddFunction(catalog_.functions, std::move(function));
}

void CatalogBuilder::CreateView(const QualifiedName& name, const Json& query, bool materialized, const std::string& text) {
  View view;
  view.name = name;
  view.materialized = materialized;
  view.sql = text;
  // Range variables by the name the query uses for them (alias, else relation name).
  std::map<std::string, QualifiedName> ranges;
  VisitNodes(query, [&](const std::string& type, const Json& node) {
    if (type == "RangeVar") {
      QualifiedName table = Resolve(node);
      if (!catalog_.FindTable(table)) return true;  // a CTE or an unknown relation
      std::string alias = node.contains("alias") ? node["alias"].value("aliasname", "") : table.name;
      ranges[alias] = table;
      view.reads[table];
    }
    return true;
  });
  VisitNodes(query, [&](const std::string& type, const Json& node) {
    if (type != "ColumnRef") return true;
    auto fields = ColumnRefFields(node);
    if (fields.empty()) return true;
    if (fields.back() == "*") {
      auto it = fields.size() >= 2 ? ranges.find(fields[fields.size() - 2]) : ranges.end();
      view.reads_all_columns = true;
      if (it != ranges.end()) view.reads[it->second].push_back("*");
      else for (auto& [alias, table] : ranges) view.reads[table].push_back("*");
      return true;
    }
    if (fields.size() >= 2) {
      auto it = ranges.find(fields[fields.size() - 2]);
      if (it != ranges.end()) view.reads[it->second].push_back(fields.back());
      return true;
    }
    for (auto& [alias, table] : ranges) {
      const Table* t = catalog_.FindTable(table);
      if (t && t->FindColumn(fields[0])) view.reads[table].push_back(fields[0]);
    }
    return true;
  });
  for (auto& [table, columns] : view.reads) {
    std::sort(columns.begin(), columns.end());
    columns.erase(std::unique(columns.begin(), columns.end()), columns.end());
  }
  Table as_table;
  as_table.name = name;
  as_table.kind = materialized ? TableKind::kMaterializedView : TableKind::kView;
  catalog_.tables[name] = as_table;
  catalog_.views[name] = view;
}

void CatalogBuilder::CreateDomain(const Json& node, const std::string& text) {
  Domain domain;
  domain.name = ResolveList(StringList(node["domainname"]));
  domain.base = ReadType(node["typeName"]);
  const StatementTokens& tokens = Tokens(text);
  for (const Json& c : ArrayField(node, "constraints")) {
    std::string type = c["Constraint"].value("contype", "");
    if (type == "CONSTR_NOTNULL") domain.not_null = true;
    if (type == "CONSTR_CHECK")
      domain.checks_sql.push_back(tokens.ParenthesizedAfter(c["Constraint"].value("location", 0)).value_or(""));
  }
  catalog_.domains[domain.name] = domain;
}

// A relation named in a DROP: unqualified, the first search_path schema that has it.
QualifiedName CatalogBuilder::ResolveExisting(const std::vector<std::string>& parts) const {
  QualifiedName name = ResolveList(parts);
  if (parts.size() == 1 && !catalog_.FindTable(name))
    for (const std::string& schema : search_path_)
      if (catalog_.FindTable({schema, name.name})) return {schema, name.name};
  return name;
}

void CatalogBuilder::Drop(const Json& node) {
  std::string type = node.value("removeType", "");
  if (type == "OBJECT_POLICY") {  // DROP POLICY p ON [schema.]table: the items are table parts, then p
    for (const Json& object : ArrayField(node, "objects")) {
      std::vector<std::string> parts = StringList(ArrayField(object["List"], "items"));
      if (parts.size() < 2) continue;
      std::string policy = parts.back();
      parts.pop_back();
      QualifiedName table = ResolveExisting(parts);
      std::erase_if(catalog_.policies, [&](const Policy& p) { return p.table == table && p.name == policy; });
    }
    return;
  }
  if (type != "OBJECT_TABLE" && type != "OBJECT_VIEW" && type != "OBJECT_MATVIEW" && type != "OBJECT_FOREIGN_TABLE") return;
  for (const Json& object : ArrayField(node, "objects")) {
    QualifiedName name = ResolveExisting(StringList(ArrayField(object["List"], "items")));
    catalog_.tables.erase(name);
    catalog_.views.erase(name);
    std::erase_if(catalog_.indexes, [&](const Index& i) { return i.table == name; });
    std::erase_if(catalog_.triggers, [&](const Trigger& t) { return t.table == name; });
    std::erase_if(catalog_.checks, [&](const CheckConstraint& c) { return c.table == name; });
    std::erase_if(catalog_.foreign_keys, [&](const ForeignKey& f) { return f.table == name; });
    std::erase_if(catalog_.policies, [&](const Policy& p) { return p.table == name; });
  }
}

Catalog CatalogBuilder::Finish() { return std::move(catalog_); }

}  // namespace backfill
