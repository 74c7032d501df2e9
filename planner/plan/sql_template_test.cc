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

// A partial alone on its line takes the line's indentation, so it is written at the left margin.
TEST_CASE("sql templates: a partial alone on its line is indented like its tag") {
  CHECK(RenderSqlText("t", "AS\n  {{> routine_settings}}\nBEGIN\n", SqlData{}) ==
        "AS\n  SET search_path = pg_catalog, pg_temp\n  SET standard_conforming_strings = on\nBEGIN\n");
}

// A section tag alone on its line leaves no line, whether the section renders or not.
TEST_CASE("sql templates: standalone section lines leave no blank line") {
  for (bool on : {true, false}) {
    SqlData d;
    d.Set("x", on);
    CHECK(RenderSqlText("t", "A\n{{#x}}\n  B\n{{/x}}\n  C\n{{^x}}\nD\n{{/x}}\n", d) == (on ? "A\n  B\n  C\n" : "A\n  C\nD\n"));
    // A comment for the template's reader, alone on its line, leaves nothing.
    CHECK(RenderSqlText("t", "A\n  {{! why B }}\n{{#x}}\nB\n{{/x}}\n", d) == (on ? "A\nB\n" : "A\n"));
    // An empty line right after a section tag's line stays an empty line.
    CHECK(RenderSqlText("t", "A\n{{#x}}\n\nB\n{{/x}}\n\nC\n", d) == (on ? "A\n\nB\n\nC\n" : "A\n\nC\n"));
  }
}

// kainjow writes an unset name as nothing: a misspelt name would drop SQL without a word.
TEST_CASE("sql templates: a name no value was set for, or a partial that does not exist, throws") {
  SqlData d;
  d.Set("table", "public.t");
  CHECK_THROWS_AS(RenderSqlText("t", "SELECT 1 FROM {{{tabel}}};\n", d), SqlTemplateError);
  CHECK_THROWS_AS(RenderSqlText("t", "{{#flag}}x{{/flag}}\n", d), SqlTemplateError);
  CHECK_THROWS_AS(RenderSqlText("t", "{{> no_such_partial}}\n", d), SqlTemplateError);
}

// An empty list sets none of its items' names: those are not asked for.
TEST_CASE("sql templates: a section over an empty list may read names only its items would set") {
  SqlData d;
  d.Set("rows", SqlList{});
  CHECK(RenderSqlText("t", "A{{#rows}}{{{name}}}{{#flag}}x{{/flag}}{{/rows}}\n", d) == "A\n");
  CHECK_THROWS_AS(RenderSqlText("t", "A{{#rows}}{{{name}}}{{/rows}}{{{name}}}\n", d), SqlTemplateError);
}

// A section over an object reads the object's values, and the enclosing ones where it has none.
TEST_CASE("sql templates: an object section reads its own values first") {
  SqlData rows;
  rows.Set("from_cursor", true);
  SqlData d;
  d.Set("p", "v_");
  d.Set("from_cursor", false);
  d.Set("after_cursor", rows);
  CHECK(RenderSqlText("t", "{{#after_cursor}}{{#from_cursor}}{{{p}}}cursor{{/from_cursor}}{{/after_cursor}}\n", d) ==
        "v_cursor\n");
}

TEST_CASE("sql templates: a value holding the renderer's own mark is refused") {
  SqlData d;
  CHECK_THROWS_AS(d.Set("x", std::string("a\x01" "b")), SqlTemplateError);
  CHECK_THROWS_AS(d.Set("x", std::string("a\x02" "0\x02")), SqlTemplateError);
}

// A dollar-quoted body's tag is chosen after rendering, against all the text: a value that holds
// $body$ (a quoted name, a user's expression) cannot end the body early.
TEST_CASE("sql templates: a dollar-quote tag occurs nowhere else in the text") {
  SqlData d;
  d.SetQuoteTag("tag", "body");
  d.Set("name", "public.\"$body$\"");
  CHECK(RenderSqlText("t", "DO {{{tag}}}\nSELECT 1 FROM {{{name}}};\n{{{tag}}};\n", d) ==
        "DO $body_1$\nSELECT 1 FROM public.\"$body$\";\n$body_1$;\n");
  SqlData plain;
  plain.SetQuoteTag("tag", "body");
  CHECK(RenderSqlText("t", "DO {{{tag}}} SELECT 1 {{{tag}}};\n", plain) == "DO $body$ SELECT 1 $body$;\n");
}

// Two bodies of one template, one inside the other, get different tags even from one stem.
TEST_CASE("sql templates: two tags of one template differ") {
  SqlData d;
  d.SetQuoteTag("outer", "body");
  d.SetQuoteTag("inner", "body");
  CHECK(RenderSqlText("t", "{{{outer}}} {{{inner}}} x {{{inner}}} {{{outer}}}\n", d) == "$body$ $body_1$ x $body_1$ $body$\n");
}

// The tag is chosen against values only because the templates' own text holds no `$`: a `$` in
// template text could join a value into a second occurrence of the tag.
TEST_CASE("sql templates: no template writes a dollar sign of its own") {
  for (const auto& [name, text] : EmbeddedTemplates()) {
    if (name.rfind("sql/", 0) != 0) continue;
    INFO(name);
    CHECK(text.find('$') == std::string::npos);
  }
}

}  // namespace
}  // namespace backfill
