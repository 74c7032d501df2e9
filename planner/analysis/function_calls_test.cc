#include "planner/analysis/function_calls.h"

#include <algorithm>

#include <doctest/doctest.h>

#include "planner/catalog/ddl_reader.h"

namespace backfill {
namespace {

const SourcePlace kPlace{"req.json", 1, 1};

Catalog Schema(const std::string& ddl) {
  std::vector<DdlNote> notes;
  return ReadSchemaText("schema.sql", ddl, notes);
}

CallJudgement JudgeOne(const Catalog& catalog, const std::string& expression, Language language = Language::kEnglish) {
  auto calls = JudgeCalls(catalog, ParseUserExpression(expression, "set", kPlace), Wording(language));
  REQUIRE(calls.size() >= 1);
  return calls[0];
}

bool Mentions(const std::vector<std::string>& sentences, const std::string& part) {
  return std::any_of(sentences.begin(), sentences.end(), [&](const std::string& s) { return s.find(part) != std::string::npos; });
}

}  // namespace

TEST_CASE("calls: built-ins by the table, with their reason") {
  Catalog none;
  CallJudgement sleep = JudgeOne(none, "CASE WHEN pg_sleep(1) IS NULL THEN 'a' END");
  CHECK(sleep.effects == std::vector<std::string>{"waits, holding the batch's row locks meanwhile"});
  CHECK_FALSE(sleep.new_value_each_call);
  CHECK(JudgeOne(none, "lower(c)").effects.empty());
  CHECK(JudgeOne(none, "lower(c)").unknowns.empty());
  CHECK_FALSE(JudgeOne(none, "lower(c)").not_defined);
  CHECK(JudgeOne(none, "now()").new_value_each_call);
  CHECK(JudgeOne(none, "now()").volatility_reason.empty());  // the built-in's own nature: nothing to add
}

TEST_CASE("calls: a function the schema does not define and the table does not know is unknown and volatile") {
  CallJudgement j = JudgeOne(Catalog{}, "slugify(c)");
  CHECK(j.not_defined);
  CHECK(j.new_value_each_call);
  CHECK(j.volatility_reason == "slugify() is not known, so it is taken to be volatile");
  CHECK(JudgeOne(Catalog{}, "public.lower(c)").not_defined);  // a user's schema, not pg_catalog's lower
}

TEST_CASE("calls: a schema function is judged by its body, following the functions it calls") {
  Catalog c = Schema(R"sql(
CREATE TABLE audit_log (id bigint);
CREATE FUNCTION shell(v text) RETURNS text LANGUAGE plpgsql AS $$ BEGIN COPY (SELECT 1) TO PROGRAM 'id'; RETURN v; END $$;
CREATE FUNCTION logged(v text) RETURNS text LANGUAGE sql AS $$ INSERT INTO audit_log VALUES (1); SELECT v $$;
CREATE FUNCTION outer_fn(v text) RETURNS text IMMUTABLE LANGUAGE sql AS $$ SELECT logged(v) $$;
CREATE FUNCTION remote(v text) RETURNS text LANGUAGE sql AS $$ SELECT dblink_exec('dbname=x', 'DELETE FROM t') $$;
CREATE FUNCTION pure(v text) RETURNS text IMMUTABLE LANGUAGE sql AS $$ SELECT lower(v) $$;
)sql");
  CallJudgement shell = JudgeOne(c, "shell(c)");
  CHECK(shell.runs_program);
  CHECK(Mentions(shell.effects, "runs the shell command 'id' on the database server"));
  CHECK(shell.new_value_each_call);  // VOLATILE by default
  CHECK(shell.volatility_reason == "shell() is VOLATILE in the schema file (the default when a function declares none)");
  CHECK(JudgeOne(c, "logged(c)").effects == std::vector<std::string>{"writes to audit_log (INSERT)"});
  CallJudgement outer = JudgeOne(c, "outer_fn(c)");
  CHECK(outer.effects == std::vector<std::string>{"writes to audit_log (INSERT) (via public.logged())"});
  CHECK_FALSE(outer.new_value_each_call);  // declared IMMUTABLE
  CallJudgement remote = JudgeOne(c, "remote(c)");
  CHECK(Mentions(remote.effects, "calls dblink_exec(), which runs SQL text over another connection"));
  CHECK(Mentions(remote.effects, "writes to t (DELETE) (via the SQL text given to dblink_exec())"));
  CallJudgement pure = JudgeOne(c, "pure(c)");
  CHECK(pure.effects.empty());
  CHECK(pure.unknowns.empty());
  CHECK_FALSE(pure.new_value_each_call);
}

TEST_CASE("calls: cycles end, deep chains stop, unknown callees and unread bodies are said") {
  Catalog c = Schema(R"sql(
CREATE FUNCTION ping(n int) RETURNS int LANGUAGE sql AS $$ SELECT pong(n) $$;
CREATE FUNCTION pong(n int) RETURNS int LANGUAGE sql AS $$ SELECT ping(n); SELECT pg_notify('c', 'x') $$;
CREATE FUNCTION d0(n int) RETURNS int LANGUAGE sql AS $$ SELECT d1(n) $$;
CREATE FUNCTION d1(n int) RETURNS int LANGUAGE sql AS $$ SELECT d2(n) $$;
CREATE FUNCTION d2(n int) RETURNS int LANGUAGE sql AS $$ SELECT d3(n) $$;
CREATE FUNCTION d3(n int) RETURNS int LANGUAGE sql AS $$ SELECT d4(n) $$;
CREATE FUNCTION d4(n int) RETURNS int LANGUAGE sql AS $$ SELECT d5(n) $$;
CREATE FUNCTION d5(n int) RETURNS int LANGUAGE sql AS $$ SELECT d6(n) $$;
CREATE FUNCTION d6(n int) RETURNS int LANGUAGE sql AS $$ SELECT d7(n) $$;
CREATE FUNCTION d7(n int) RETURNS int LANGUAGE sql AS $$ SELECT d8(n) $$;
CREATE FUNCTION d8(n int) RETURNS int LANGUAGE sql AS $$ SELECT d9(n) $$;
CREATE FUNCTION d9(n int) RETURNS int LANGUAGE sql AS $$ SELECT pg_sleep(1) $$;
CREATE FUNCTION calls_unknown(n int) RETURNS int STABLE LANGUAGE sql AS $$ SELECT mystery(n) $$;
CREATE FUNCTION in_c(n int) RETURNS int IMMUTABLE LANGUAGE c AS 'lib', 'in_c';
)sql");
  CallJudgement ping = JudgeOne(c, "ping(1)");
  CHECK(Mentions(ping.effects, "calls pg_notify(), which sends a notification"));
  CHECK(ping.unknowns.empty());
  CallJudgement deep = JudgeOne(c, "d0(1)");
  CHECK(Mentions(deep.unknowns, "functions nest more than 8 calls deep"));
  CHECK(deep.effects.empty());
  CallJudgement unknown = JudgeOne(c, "calls_unknown(1)");
  CHECK_FALSE(unknown.not_defined);
  CHECK(unknown.unknowns ==
        std::vector<std::string>{"calls mystery(), which is not defined in the schema file and is not a known built-in"});
  CHECK(JudgeOne(c, "in_c(1)").unknowns == std::vector<std::string>{"public.in_c() is written in c, whose body is not read"});
}

TEST_CASE("calls: SECURITY DEFINER, overloads, and SQL text run by query_to_xml") {
  Catalog c = Schema(R"sql(
CREATE TABLE t (id int);
CREATE FUNCTION owner_rights(v text) RETURNS text STABLE SECURITY DEFINER LANGUAGE sql AS $$ SELECT v $$;
CREATE FUNCTION pinned(v text) RETURNS text STABLE SECURITY DEFINER SET search_path = pg_catalog LANGUAGE sql AS $$ SELECT v $$;
CREATE FUNCTION twice(v text) RETURNS text IMMUTABLE LANGUAGE sql AS $$ SELECT v $$;
CREATE FUNCTION twice(v int) RETURNS text LANGUAGE sql AS $$ DELETE FROM t; SELECT 'x' $$;
CREATE FUNCTION wipe() RETURNS int LANGUAGE plpgsql AS $$ BEGIN DELETE FROM t; RETURN 1; END $$;
)sql");
  CallJudgement owner = JudgeOne(c, "owner_rights(c)");
  CHECK(owner.definers == std::vector<std::string>{"public.owner_rights()"});
  CHECK(owner.unpinned_definers == owner.definers);
  CHECK(JudgeOne(c, "pinned(c)").unpinned_definers.empty());
  CallJudgement twice = JudgeOne(c, "twice(c)");
  CHECK(twice.definitions == 2);
  CHECK(twice.effects == std::vector<std::string>{"writes to t (DELETE)"});  // the worst of the two
  CHECK(twice.new_value_each_call);
  CallJudgement text = JudgeOne(c, "query_to_xml('DELETE FROM t', true, false, '')::text");
  CHECK(Mentions(text.effects, "runs the SQL text it is given"));
  CHECK(Mentions(text.effects, "fails on every row: PostgreSQL runs the SQL text given to query_to_xml() read-only and refuses its DELETE"));
  CallJudgement through = JudgeOne(c, "query_to_xml('SELECT wipe()', true, false, '')::text");
  CHECK(Mentions(through.effects, "writes to t (DELETE) (via the SQL text given to query_to_xml(), public.wipe())"));
}

TEST_CASE("calls: the wording in Japanese") {
  Catalog c = Schema("CREATE FUNCTION logged(v text) RETURNS text LANGUAGE sql AS $$ INSERT INTO audit_log VALUES (1); SELECT v $$;");
  CHECK(JudgeOne(c, "logged(c)", Language::kJapanese).effects == std::vector<std::string>{"audit_log に書き込む (INSERT)"});
  CHECK(JudgeOne(Catalog{}, "pg_sleep(1)", Language::kJapanese).effects ==
        std::vector<std::string>{"待機し、その間バッチの行ロックを保持し続ける"});
  CHECK(JudgeOne(Catalog{}, "slugify(c)", Language::kJapanese).volatility_reason ==
        "slugify() は不明な関数のため、volatile とみなす");
}

TEST_CASE("calls: the schema's declarations decide whether the value may change") {
  Catalog c = Schema(
      "CREATE FUNCTION fixed(v text) RETURNS text IMMUTABLE LANGUAGE sql AS $$ SELECT v $$;\n"
      "CREATE FUNCTION steady(v text) RETURNS text STABLE LANGUAGE sql AS $$ SELECT v $$;\n"
      "CREATE FUNCTION moving(v text) RETURNS text LANGUAGE sql AS $$ SELECT v $$;");
  auto may_change = [&](const std::string& e) { return ExpressionValueMayChange(c, ParseUserExpression(e, "set", kPlace)); };
  CHECK(ParseUserExpression("fixed(c)", "set", kPlace).is_volatile);  // without the schema: PostgreSQL's default
  CHECK_FALSE(may_change("fixed(c)"));
  CHECK_FALSE(may_change("steady(lower(c))"));
  CHECK(may_change("moving(c)"));
  CHECK(may_change("mystery(c)"));
  CHECK(may_change("fixed(c) || now()"));
  CHECK(may_change("CURRENT_DATE::text"));
  CHECK_FALSE(may_change("lower(c)"));
}

}  // namespace backfill
