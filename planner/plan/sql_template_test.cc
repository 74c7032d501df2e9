#include "planner/plan/sql_template.h"

#include <doctest/doctest.h>

#include "planner/embedded_templates.h"

namespace backfill {
namespace {

TEST_CASE("sql templates: values go in as they are, with triple braces") {
  SqlData d;
  d.Set("table", "public.\"a&b\"");
  d.Set("literal", "'it''s <b>'");
  CHECK(RenderSqlText("t", "SELECT {{{literal}}} FROM {{{table}}};\n", d) == "SELECT 'it''s <b>' FROM public.\"a&b\";\n");
}

// A double-brace variable would HTML-escape SQL ("a&b" -> "a&amp;b"): the mistake throws.
TEST_CASE("sql templates: a double-brace variable throws instead of escaping") {
  SqlData d;
  d.Set("table", "public.t");
  CHECK_THROWS_AS(RenderSqlText("t", "SELECT 1 FROM {{table}};\n", d), SqlTemplateError);
}

TEST_CASE("sql templates: a missing template or a broken one throws") {
  CHECK_THROWS_AS(RenderSqlTemplate("no_such_template", SqlData{}), SqlTemplateError);
  CHECK_THROWS_AS(RenderSqlText("t", "{{#open}}never closed\n", SqlData{}), SqlTemplateError);
}

// Partials stand on their own line; the line's newline ends them, so no blank line appears.
TEST_CASE("sql templates: the folder's other templates are partials, without an extra line") {
  SqlData d;
  d.Set("lock_timeout_ms", "2000");
  d.Set("statement_timeout_ms", "30000");
  CHECK(RenderSqlText("t", "BEGIN;\n{{> session_settings}}\nCOMMIT;\n", d) ==
        "BEGIN;\nSET lock_timeout = '2000ms';\nSET statement_timeout = '30000ms';\nCOMMIT;\n");
}

// A section tag alone on its line leaves no line, whether the section renders or not.
TEST_CASE("sql templates: standalone section lines leave no blank line") {
  for (bool on : {true, false}) {
    SqlData d;
    d.Set("x", on);
    CHECK(RenderSqlText("t", "A\n{{#x}}\n  B\n{{/x}}\n  C\n{{^x}}\nD\n{{/x}}\n", d) == (on ? "A\n  B\n  C\n" : "A\n  C\nD\n"));
    // An empty line right after a section tag's line stays an empty line.
    CHECK(RenderSqlText("t", "A\n{{#x}}\n\nB\n{{/x}}\n\nC\n", d) == (on ? "A\n\nB\n\nC\n" : "A\n\nC\n"));
  }
}

TEST_CASE("sql templates: a value holding the renderer's own mark is refused") {
  SqlData d;
  CHECK_THROWS_AS(d.Set("x", std::string("a\x01" "b")), SqlTemplateError);
}

// A dollar-quoted body's tag is chosen against the values that go into it (SetBodyValues in
// bundle.cc): the templates' own text must hold no dollar quote of those stems.
TEST_CASE("sql templates: no template writes a dollar quote of its own") {
  for (const auto& [name, text] : EmbeddedTemplates()) {
    if (name.rfind("sql/", 0) != 0) continue;
    INFO(name);
    for (const char* stem : {"$verify", "$body", "$preflight", "$check", "$guard", "$refuse", "$owner", "$gate", "$retention", "$converge"})
      CHECK(text.find(stem) == std::string::npos);
  }
}

}  // namespace
}  // namespace backfill
