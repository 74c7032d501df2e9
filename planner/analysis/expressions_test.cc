#include <doctest/doctest.h>

#include "planner/analysis/advisor_test_support.h"
#include "planner/analysis/function_calls.h"

namespace backfill {
namespace {

using namespace backfill::testing;

const char* kSchema = "CREATE TABLE t (id bigint PRIMARY KEY, c text, r bigint);";

// A table and the functions of a schema that a `set` may call.
const char* kFunctions = R"sql(
CREATE TABLE t (id bigint PRIMARY KEY, c text, r bigint);
CREATE TABLE audit_log (id bigint);
CREATE FUNCTION shell(v text) RETURNS text LANGUAGE plpgsql AS $$ BEGIN COPY (SELECT 1) TO PROGRAM 'id'; RETURN v; END $$;
CREATE FUNCTION logged(v text) RETURNS text LANGUAGE sql AS $$ INSERT INTO audit_log VALUES (1); SELECT v $$;
CREATE FUNCTION clean(v text) RETURNS text IMMUTABLE LANGUAGE sql AS $$ SELECT lower(v) $$;
CREATE FUNCTION owner_rights(v text) RETURNS text STABLE SECURITY DEFINER LANGUAGE sql AS $$ SELECT v $$;
)sql";

std::string Want(const std::string& set) { return R"json({"target": "t.c", "set": ")json" + set + R"json("})json"; }

}  // namespace

TEST_CASE("expressions: side effects, volatile values and sub-queries are noted") {
  auto findings = Run(AdviseExpressions, kSchema, R"json({"target": "t.c", "set": "nextval('s')::text"})json");
  const Finding* side = FindingById(findings, "expressions.side_effect");
  REQUIRE(side);
  CHECK(side->severity == Severity::kWarn);
  CHECK(side->title == "`set` calls nextval() on every row, which advances a sequence (no rollback undoes it)");
  CHECK(FindingById(findings, "expressions.volatile"));
  CHECK_FALSE(FindingById(findings, "expressions.function_unknown"));
  auto sub = Run(AdviseExpressions, kSchema, R"json({"target": "t.c", "set": "(SELECT max(c) FROM public.t)"})json");
  const Finding* s = FindingById(sub, "expressions.subquery");
  REQUIRE(s);
  CHECK(s->severity == Severity::kInfo);
}

TEST_CASE("expressions: a plain expression has no finding") {
  CHECK(Run(AdviseExpressions, kSchema, R"json({"target": "t.c", "set": "'v' || id"})json").empty());
  CHECK(Run(AdviseExpressions, kSchema, Want("left(regexp_replace(lower(split_part(c, '@', 1)), 'x', '', 'g'), 20)")).empty());
}

TEST_CASE("expressions: an IMMUTABLE schema function is not volatile: the binding applies its declaration") {
  // Parsed without the schema, the call would count as volatile (PostgreSQL's default);
  // BindSubject judges it again with the schema's declarations.
  auto bound = Bind(kFunctions, Want("public.clean(c)"));
  CHECK_FALSE(bound->subject.set.is_volatile);
  std::vector<Finding> findings;
  AdviseExpressions(bound->subject, English(), findings);
  CHECK(findings.empty());  // IMMUTABLE, and its body only reads
}

TEST_CASE("expressions: a schema function is judged by what its body does") {
  auto shell = Run(AdviseExpressions, kFunctions, Want("public.shell(c)"));
  const Finding* blocked = FindingById(shell, "expressions.side_effect");
  REQUIRE(blocked);
  CHECK(blocked->severity == Severity::kBlock);  // a shell command on the server on every row
  CHECK(Contains(blocked->title, "`set` calls public.shell() on every row, which runs the shell command 'id' on the database server"));
  auto logged = Run(AdviseExpressions, kFunctions, Want("public.logged(c)"));
  const Finding* writes = FindingById(logged, "expressions.side_effect");
  REQUIRE(writes);
  CHECK(writes->severity == Severity::kWarn);
  CHECK(writes->title == "`set` calls public.logged() on every row, which writes to audit_log (INSERT)");
  const Finding* vol = FindingById(logged, "expressions.volatile");
  REQUIRE(vol);  // VOLATILE by default: progress is judged from the backup
  CHECK(Contains(vol->title, "public.logged() is VOLATILE in the schema file"));
  auto definer = Run(AdviseExpressions, kFunctions, Want("public.owner_rights(c)"));
  const Finding* d = FindingById(definer, "expressions.security_definer");
  REQUIRE(d);
  CHECK(d->severity == Severity::kWarn);  // and it does not pin search_path
  CHECK(Contains(d->title, "public.owner_rights() does not pin search_path"));
}

TEST_CASE("expressions: a function nobody defines is unknown, with the reason") {
  auto findings = Run(AdviseExpressions, kSchema, Want("slugify(c)"));
  const Finding* unknown = FindingById(findings, "expressions.function_unknown");
  REQUIRE(unknown);
  CHECK(unknown->severity == Severity::kWarn);
  CHECK(unknown->title ==
        "`set` calls slugify(), which is not defined in the schema file and is not a known built-in: its effects cannot be judged");
  CHECK(Contains(unknown->advice, "\\sf slugify"));
  CHECK(Contains(unknown->advice, "must be written with its schema (e.g. public.slugify())"));
  auto qualified = Run(AdviseExpressions, kSchema, Want("ext.slugify(c)"));
  REQUIRE(FindingById(qualified, "expressions.function_unknown"));
  CHECK_FALSE(Contains(FindingById(qualified, "expressions.function_unknown")->advice, "must be written with its schema"));
  const Finding* vol = FindingById(findings, "expressions.volatile");
  REQUIRE(vol);
  CHECK(Contains(vol->title, "slugify() is not known, so it is taken to be volatile"));
}

TEST_CASE("expressions: SQL text run by query_to_xml is judged too") {
  auto findings = Run(AdviseExpressions, kSchema, Want("query_to_xml('DELETE FROM t', true, false, '')::text"));
  const Finding* side = FindingById(findings, "expressions.side_effect");
  REQUIRE(side);
  CHECK(side->severity == Severity::kWarn);
  CHECK(Contains(side->title, "refuses its DELETE"));
}

TEST_CASE("expressions: the plan's warnings and the finding share one sentence") {
  auto bound = Bind(kFunctions, Want("public.logged(c)"));
  auto sentences = SideEffectSentences(bound->subject, English());
  REQUIRE(sentences.size() == 1);
  std::vector<Finding> findings;
  AdviseExpressions(bound->subject, English(), findings);
  CHECK(FindingById(findings, "expressions.side_effect")->title == sentences[0]);
}

TEST_CASE("expressions: in Japanese") {
  auto side = RunInJapanese(AdviseExpressions, kFunctions, Want("public.logged(c)"));
  const Finding* writes = FindingById(side, "expressions.side_effect");
  REQUIRE(writes);
  CHECK(writes->title == "`set` が行ごとに public.logged() を呼び出しています: audit_log に書き込む (INSERT)");
  CHECK(writes->advice == "意図した呼び出しでなければ削除する");
  auto unknown = RunInJapanese(AdviseExpressions, kSchema, Want("slugify(c)"));
  const Finding* u = FindingById(unknown, "expressions.function_unknown");
  REQUIRE(u);
  CHECK(Contains(u->title, "スキーマファイルに定義がなく、既知の組み込み関数でもないため、影響を判断できない"));
  CHECK(Contains(u->advice, "拡張機能の関数はスキーマ付きで書く (例: public.slugify())"));
  auto definer = RunInJapanese(AdviseExpressions, kFunctions, Want("public.owner_rights(c)"));
  const Finding* d = FindingById(definer, "expressions.security_definer");
  REQUIRE(d);
  CHECK(Contains(d->title, "search_path を固定していない"));
  auto shell = RunInJapanese(AdviseExpressions, kFunctions, Want("public.shell(c)"));
  REQUIRE(FindingById(shell, "expressions.side_effect"));
  CHECK(Contains(FindingById(shell, "expressions.side_effect")->advice, "シェルコマンド"));
}

}  // namespace backfill
