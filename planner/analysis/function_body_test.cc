#include "planner/analysis/function_body.h"

#include <algorithm>

#include <doctest/doctest.h>

#include "planner/catalog/ddl_reader.h"

namespace backfill {
namespace {

Function Defined(const std::string& ddl) {
  std::vector<DdlNote> notes;
  Catalog c = ReadSchemaText("schema.sql", ddl, notes);
  REQUIRE(c.functions.size() == 1);
  return c.functions.begin()->second;
}

bool Has(const FunctionBody& body, BodyEffect::Kind kind, const std::string& command, const std::string& object = "") {
  return std::any_of(body.effects.begin(), body.effects.end(), [&](const BodyEffect& e) {
    return e.kind == kind && e.command == command && (object.empty() || e.object == object);
  });
}

bool Calls(const FunctionBody& body, const std::vector<std::string>& name) {
  return std::any_of(body.calls.begin(), body.calls.end(), [&](const FunctionCall& c) { return c.name == name; });
}

}  // namespace

TEST_CASE("function bodies: PL/pgSQL writes, COPY to a program, dynamic SQL and the calls in every expression") {
  FunctionBody body = ReadFunctionBody(Defined(R"sql(
CREATE FUNCTION f(p_id bigint, OUT result text) LANGUAGE plpgsql AS $$
DECLARE n bigint := nextval('s');
BEGIN
  PERFORM pg_sleep(0);
  result := helper(p_id);
  IF audit.check(p_id) THEN
    INSERT INTO audit.log VALUES (p_id);
  END IF;
  COPY (SELECT 1) TO PROGRAM 'id';
  EXECUTE format('DELETE FROM %I', 't');
  WITH gone AS (DELETE FROM old_rows RETURNING 1) SELECT count(*) INTO n FROM gone;
END $$;)sql"));
  CHECK(body.unread == FunctionBody::Unread::kNone);
  CHECK(body.unparsed_expressions == 0);
  CHECK(Has(body, BodyEffect::Kind::kWrite, "INSERT", "audit.log"));
  CHECK(Has(body, BodyEffect::Kind::kWrite, "DELETE", "old_rows"));
  CHECK(Has(body, BodyEffect::Kind::kCopyProgram, "COPY ... TO PROGRAM", "id"));
  CHECK(Has(body, BodyEffect::Kind::kDynamicSql, "EXECUTE"));
  for (const auto& name : std::vector<std::vector<std::string>>{{"nextval"}, {"pg_sleep"}, {"helper"}, {"audit", "check"}, {"format"}})
    CHECK_MESSAGE(Calls(body, name), name.back());
}

TEST_CASE("function bodies: SQL, SQL-standard bodies, files, DDL and other commands") {
  FunctionBody sql = ReadFunctionBody(Defined(
      "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS $$ TRUNCATE t; COPY t TO '/tmp/out'; COPY u FROM '/tmp/in';"
      " CREATE TABLE z (a int); NOTIFY c; SELECT g(a) $$;"));
  CHECK(Has(sql, BodyEffect::Kind::kWrite, "TRUNCATE", "t"));
  CHECK(Has(sql, BodyEffect::Kind::kCopyFile, "COPY ... TO", "/tmp/out"));
  CHECK(Has(sql, BodyEffect::Kind::kCopyFile, "COPY ... FROM", "/tmp/in"));
  CHECK(Has(sql, BodyEffect::Kind::kWrite, "COPY", "u"));
  CHECK(Has(sql, BodyEffect::Kind::kSchemaChange, "CREATE TABLE"));
  CHECK(Has(sql, BodyEffect::Kind::kStatement, "NOTIFY"));
  CHECK(Calls(sql, {"g"}));
  FunctionBody standard =
      ReadFunctionBody(Defined("CREATE FUNCTION f(a int) RETURNS int BEGIN ATOMIC UPDATE t SET a = 1; SELECT 1; END;"));
  CHECK(Has(standard, BodyEffect::Kind::kWrite, "UPDATE", "t"));
  FunctionBody pure = ReadFunctionBody(Defined("CREATE FUNCTION f(a int) RETURNS int IMMUTABLE RETURN a + 1;"));
  CHECK(pure.unread == FunctionBody::Unread::kNone);
  CHECK(pure.effects.empty());
}

TEST_CASE("function bodies: set-returning PL/pgSQL and RETURNS TABLE columns read as variables") {
  FunctionBody body = ReadFunctionBody(Defined(
      "CREATE FUNCTION f(n int) RETURNS TABLE (i int) LANGUAGE plpgsql AS $$ BEGIN i := n; "
      "RETURN QUERY SELECT 1; END $$;"));
  CHECK(body.unread == FunctionBody::Unread::kNone);
  // libpg_query's PL/pgSQL parser does not see OUT parameters: a bare RETURN NEXT; does not
  // parse even in the original statement, so such a body is unread (and its call unknown).
  FunctionBody bare = ReadFunctionBody(Defined(
      "CREATE FUNCTION f(n int) RETURNS TABLE (i int) LANGUAGE plpgsql AS $$ BEGIN i := n; RETURN NEXT; END $$;"));
  CHECK(bare.unread == FunctionBody::Unread::kParseError);
}

TEST_CASE("function bodies: other languages and bodies that do not parse are said to be unread") {
  FunctionBody c = ReadFunctionBody(Defined("CREATE FUNCTION f(int) RETURNS int LANGUAGE c AS 'lib', 'f';"));
  CHECK(c.unread == FunctionBody::Unread::kLanguage);
  CHECK(c.unread_detail == "c");
  FunctionBody broken = ReadFunctionBody(Defined("CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1 END $$;"));
  CHECK(broken.unread == FunctionBody::Unread::kParseError);
  CHECK(ReadSqlText("host=x dbname=y").unread == FunctionBody::Unread::kParseError);
  CHECK(Has(ReadSqlText("DELETE FROM t"), BodyEffect::Kind::kWrite, "DELETE", "t"));
}

}  // namespace backfill
