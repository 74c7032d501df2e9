// Hostile identifiers: every statement of the bundle, and every SQL statement inside its
// PL/pgSQL bodies, must parse into only the statements intended, touching only the objects
// intended, whatever quotes, semicolons, comment markers or dollar signs the names hold.
#include <doctest/doctest.h>
#include <pg_query.h>

#include <fstream>
#include <set>
#include <sstream>

#include "planner/analysis/subject.h"
#include "planner/catalog/ddl_reader.h"
#include "planner/plan/planner.h"
#include "planner/sql/parse_tree.h"
#include "planner/sql/script_check.h"

namespace backfill {
namespace {

std::string ReadExampleFile(const std::string& relative) {
  std::ifstream in(std::string(SOURCE_DIR) + "/examples/hostile_names/" + relative);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The SQL statements inside a CREATE FUNCTION / PROCEDURE body, from PL/pgSQL's parse tree.
std::vector<Json> PlpgsqlStatements(const std::string& create_function) {
  std::vector<Json> out;
  PgQueryPlpgsqlParseResult result = pg_query_parse_plpgsql(create_function.c_str());
  REQUIRE(result.error == nullptr);
  Json tree = Json::parse(result.plpgsql_funcs);
  pg_query_free_plpgsql_parse_result(result);
  VisitNodes(tree, [&](const std::string& type, const Json& node) {
    if (type == "PLpgSQL_expr" && node.contains("query")) {
      std::string query = node["query"];
      size_t assign = query.find(":=");
      if (assign != std::string::npos) query = query.substr(assign + 2);  // target := expression
      try {
        out.push_back(ParseSql(query));
      } catch (const std::runtime_error&) {
        out.push_back(ParseSql("SELECT " + query));  // an expression, not a statement
      }
    }
    return true;
  });
  return out;
}

struct Touched {
  std::set<std::string> statement_types;
  std::set<std::pair<std::string, std::string>> relations;  // (schema, name); schema empty if unqualified
};

void Collect(const Json& tree, Touched& touched) {
  for (const Json& s : tree["stmts"]) touched.statement_types.insert(s["stmt"].begin().key());
  VisitNodes(tree, [&](const std::string& type, const Json& node) {
    if (type == "RangeVar") touched.relations.insert({node.value("schemaname", ""), node.value("relname", "")});
    return true;
  });
}

}  // namespace

TEST_CASE("hostile names: the bundle touches only the table and the plan's own objects") {
  std::vector<DdlNote> notes;
  Catalog catalog = ReadSchemaText("schema.sql", ReadExampleFile("schema.sql"), notes);
  Requirement requirement = ReadRequirementText("hostile.json", ReadExampleFile("backfills/hostile.status.json"));
  Plan plan = BuildPlan(BindSubject(catalog, requirement), {"2026-11-21"});

  const std::string schema = "Ünïcode \"Schema\"; --";
  const std::string table = "Order$$Lines; DROP TABLE public.sentinel; --";
  std::set<std::pair<std::string, std::string>> allowed = {
      {schema, table}, {schema, plan.objects.backup}, {schema, plan.objects.progress}, {schema, plan.objects.ranges},
      // FOR UPDATE OF names a FROM item by its bare name or alias
      {"", table}, {"", "backup"},
      {"", "pg_stat_replication"}, {"", "pg_class"}, {"", "pg_inherits"}, {"", "pg_attribute"}, {"", "pg_constraint"}, {"", "generate_series"},
      {"", "pg_locks"}, {"", "pg_database"}, {"", "pg_stat_activity"}};
  const std::set<std::string> allowed_types = {"VariableSetStmt", "TransactionStmt", "CreateStmt",  "IndexStmt",
                                               "InsertStmt",      "CreateFunctionStmt", "SelectStmt", "DoStmt",
                                               "AlterTableStmt",  "DropStmt",        "UpdateStmt",  "CallStmt",
                                               "DeleteStmt",  // of the ranges table only: relations are checked below
                                               "CopyStmt"};   // 95 and 96 only, of the backup table
  for (const BundleFile& file : plan.files) {
    CAPTURE(file.name);
    Touched touched;
    for (const ScriptStatement& s : ScriptStatements(file.content)) {
      Json tree = ParseSql(s.sql);
      REQUIRE(tree["stmts"].size() == 1);  // one statement per statement: nothing smuggled in
      Collect(tree, touched);
      if (tree["stmts"][0]["stmt"].contains("CreateFunctionStmt"))
        for (const Json& inner : PlpgsqlStatements(s.sql)) Collect(inner, touched);
    }
    for (const std::string& type : touched.statement_types) {
      CAPTURE(type);
      CHECK(allowed_types.count(type));
      if (type == "DropStmt") CHECK(file.name == "99_cleanup.sql");
      if (type == "CopyStmt") CHECK((file.name == "95_backup_to_file.sql" || file.name == "96_restore_backup_file.sql"));
    }
    for (const auto& [relation_schema, relation] : touched.relations) {
      CAPTURE(relation_schema);
      CAPTURE(relation);
      bool own_cte = relation_schema.empty() && relation.rfind("backfill_", 0) == 0;
      CHECK((allowed.count({relation_schema, relation}) || own_cte));
      CHECK(relation != "sentinel");
    }
  }
}

TEST_CASE("hostile names: dollar-quoted bodies use a tag that does not occur inside them") {
  std::vector<DdlNote> notes;
  Catalog catalog = ReadSchemaText("schema.sql", ReadExampleFile("schema.sql"), notes);
  Requirement requirement = ReadRequirementText("hostile.json", ReadExampleFile("backfills/hostile.status.json"));
  Plan plan = BuildPlan(BindSubject(catalog, requirement), {"2026-11-21"});
  const std::string& prepare = plan.File("02_prepare.sql")->content;
  // The set expression holds the text $body$, so the procedures cannot be quoted with it.
  CHECK(prepare.find("AS $body_1$") != std::string::npos);
  CHECK_NOTHROW(CheckScriptParses("02_prepare.sql", prepare));
}

}  // namespace backfill
