// The schema model: what a DDL file says about tables, keys, constraints, indexes, triggers,
// functions, views and types. Names are stored already folded (PostgreSQL's rules), so that
// lookups compare plain strings.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace backfill {

struct QualifiedName {
  std::string schema;  // never empty once resolved: "public" unless the DDL says otherwise
  std::string name;
  auto operator<=>(const QualifiedName&) const = default;
  std::string Display() const;  // schema.name, quoted where PostgreSQL needs it
};

struct TypeRef {
  QualifiedName name;               // e.g. pg_catalog.varchar, public.order_status
  std::vector<std::string> modifiers;  // e.g. {"20"} for varchar(20), {"10","2"} for numeric(10,2)
  int array_dims = 0;
  std::string sql;  // how to write the type in SQL, e.g. character varying(20)
};

struct Column {
  std::string name;
  TypeRef type;
  bool not_null = false;
  std::optional<std::string> default_sql;  // the DEFAULT expression's text, as written
  bool identity = false;
  std::optional<std::string> generated_sql;  // GENERATED ALWAYS AS (expr) STORED
  std::vector<std::string> generated_reads;  // columns the generation expression reads
};

enum class TableKind { kOrdinary, kPartitioned, kForeign, kView, kMaterializedView };

// How a key item of an index sorts and compares, as the parse tree says (names folded).
struct IndexItemOptions {
  std::vector<std::string> collation;  // COLLATE "C": {"C"}; schema-qualified: {"pg_catalog", "C"}
  std::vector<std::string> opclass;    // text_pattern_ops: {"text_pattern_ops"}
  bool has_opclass_options = false;    // opclass (option = value): not rebuilt by the plan
  bool descending = false;
  std::string nulls;                   // "", "FIRST" or "LAST", as written
};

struct Index {
  QualifiedName name;
  QualifiedName table;
  bool unique = false;
  bool primary = false;
  std::string method = "btree";
  // One entry per key item: the column name, or empty for an expression item.
  std::vector<std::string> columns;
  std::vector<IndexItemOptions> item_options;  // one per key item
  std::vector<std::string> include_columns;    // INCLUDE (...)
  bool has_storage_options = false;            // WITH (...) or TABLESPACE
  std::vector<std::string> expressions_sql;  // text of expression items
  std::vector<std::string> expression_reads;  // columns read by expression items
  std::optional<std::string> predicate_sql;   // WHERE of a partial index
  std::vector<std::string> predicate_reads;
  bool from_constraint = false;  // PRIMARY KEY / UNIQUE constraint rather than CREATE INDEX
  bool nulls_not_distinct = false;  // UNIQUE NULLS NOT DISTINCT (PostgreSQL 15): NULLs conflict too
  // Made on a partitioned table alone (ALTER TABLE ONLY / CREATE INDEX ON ONLY, as pg_dump writes
  // them): PostgreSQL keeps it invalid, enforcing nothing, until an index of every partition is
  // attached to it (ALTER INDEX ... ATTACH PARTITION). The partitions attached so far:
  bool only_parent = false;
  std::vector<QualifiedName> attached;
};

enum class FkAction { kNoAction, kRestrict, kCascade, kSetNull, kSetDefault };
// As SQL writes it after ON UPDATE / ON DELETE: "NO ACTION", "SET NULL" ...
const char* FkActionSql(FkAction action);

struct ForeignKey {
  std::string name;
  QualifiedName table;
  std::vector<std::string> columns;
  QualifiedName referenced_table;
  std::vector<std::string> referenced_columns;  // empty: the referenced table's primary key
  FkAction on_update = FkAction::kNoAction;
  FkAction on_delete = FkAction::kNoAction;
  bool not_valid = false;
  bool match_full = false;
  bool deferrable = false, initially_deferred = false;
};

struct CheckConstraint {
  std::string name;
  QualifiedName table;
  std::string expression_sql;
  std::vector<std::string> reads;
  bool not_valid = false;
};

struct Trigger {
  std::string name;
  QualifiedName table;
  enum class Timing { kBefore, kAfter, kInsteadOf } timing = Timing::kAfter;
  bool on_insert = false, on_update = false, on_delete = false, on_truncate = false;
  std::vector<std::string> update_columns;  // UPDATE OF ...; empty means any column
  bool for_each_row = false;
  QualifiedName function;
  std::optional<std::string> when_sql;
};

struct FunctionParameter {
  std::string name;  // empty when unnamed
  std::string mode;  // "", "IN", "OUT", "INOUT", "VARIADIC" or "TABLE", as SQL writes it
  std::string type_sql;
};

enum class Volatility { kImmutable, kStable, kVolatile };

struct Function {
  QualifiedName name;
  std::string language;
  std::string body;  // AS '...'; empty for a SQL-standard body
  bool returns_trigger = false;
  bool returns_set = false;  // RETURNS SETOF ... or RETURNS TABLE (...)
  bool is_procedure = false;
  std::vector<FunctionParameter> parameters;
  Volatility volatility = Volatility::kVolatile;  // PostgreSQL's default when none is given
  bool security_definer = false;
  bool pins_search_path = false;  // SET search_path = ... among its options
  // BEGIN ATOMIC ... END or RETURN ...: libpg_query's parse tree of it, as JSON text (the
  // catalog keeps no parse trees; the analysis parses this text back).
  std::string standard_body_json;
  // The other functions of this name with other argument types, in the order defined. The
  // catalog is keyed by name, so a call is judged by the worst of them.
  std::vector<Function> overloads;
};

struct View {
  QualifiedName name;
  bool materialized = false;
  // Tables (or views) read, with the columns referenced by name; an empty set plus
  // reads_all_columns means SELECT * or a whole-row reference.
  std::map<QualifiedName, std::vector<std::string>> reads;
  bool reads_all_columns = false;
  std::string sql;  // the CREATE statement as the schema file writes it
};

// CREATE POLICY, as ALTER POLICY left it. Policies on a partitioned table apply to every
// partition's rows when they are read or written through the parent; a partition named
// directly gets its own policies (and its own ENABLE ROW LEVEL SECURITY) instead, never the
// parent's.
struct Policy {
  std::string name;
  QualifiedName table;
  bool permissive = true;           // AS RESTRICTIVE: false
  std::string command = "ALL";      // FOR ALL | SELECT | INSERT | UPDATE | DELETE
  std::vector<std::string> roles;   // TO ..., as SQL writes them: PUBLIC, CURRENT_USER or a quoted name
  std::optional<std::string> using_sql;       // USING (expr): the rows a role sees and may change
  std::optional<std::string> with_check_sql;  // WITH CHECK (expr): the rows a role may write
  std::vector<std::string> using_reads, with_check_reads;  // the columns each expression reads
};

struct Table {
  QualifiedName name;
  TableKind kind = TableKind::kOrdinary;
  std::vector<Column> columns;
  std::vector<std::string> partition_key;  // columns of PARTITION BY (expressions are left out)
  bool partition_key_expression = false;   // PARTITION BY holds an expression: no key can cover it
  std::string partition_strategy;          // range | list | hash
  std::optional<QualifiedName> partition_of;
  std::vector<QualifiedName> partitions;
  int source_line = 0;  // where the table was created, for messages
  // ALTER TABLE ... ENABLE / FORCE ROW LEVEL SECURITY; the owner from ALTER TABLE ... OWNER TO
  // (pg_dump writes it), as SQL writes a role: a quoted name or CURRENT_USER.
  bool row_security = false;
  bool force_row_security = false;
  std::optional<std::string> owner;

  const Column* FindColumn(const std::string& column) const;
};

struct EnumType {
  QualifiedName name;
  std::vector<std::string> labels;
};

struct Domain {
  QualifiedName name;
  TypeRef base;
  bool not_null = false;
  std::vector<std::string> checks_sql;
};

struct Catalog {
  std::map<QualifiedName, Table> tables;  // includes views and materialized views by kind
  std::map<QualifiedName, View> views;
  std::vector<Index> indexes;
  std::vector<ForeignKey> foreign_keys;
  std::vector<CheckConstraint> checks;
  std::vector<Trigger> triggers;
  std::map<QualifiedName, Function> functions;
  std::map<QualifiedName, EnumType> enums;
  std::map<QualifiedName, Domain> domains;
  std::vector<Policy> policies;

  const Table* FindTable(const QualifiedName& name) const;
  Table* FindTable(const QualifiedName& name);
  std::vector<const Index*> IndexesOn(const QualifiedName& table) const;
  // False for an index made ON ONLY a partitioned table while a partition's index is not attached.
  bool IndexValid(const Index& index) const;
  std::vector<const ForeignKey*> ForeignKeysFrom(const QualifiedName& table) const;
  std::vector<const ForeignKey*> ForeignKeysTo(const QualifiedName& table) const;
  std::vector<const CheckConstraint*> ChecksOn(const QualifiedName& table) const;
  std::vector<const Trigger*> TriggersOn(const QualifiedName& table) const;
  std::vector<const Policy*> PoliciesOn(const QualifiedName& table) const;
  const Function* FindFunction(const QualifiedName& name) const;
};

}  // namespace backfill
