#include "planner/plan/template_vocabulary.h"

#include <doctest/doctest.h>

#include "planner/plan/vocabulary_test_support.h"

namespace backfill {
namespace {

using namespace backfill::testing;

std::string Render(const SqlVocabulary& v, const std::string& text) { return RenderSqlText("t", text, TemplateVocabulary(v)); }

// A one-column key compares as a value, a composite one as a row: `(a, b) > (v_cursor_1, v_cursor_2)`.
TEST_CASE("template vocabulary: key rows and lists take the key's shape") {
  SqlVocabulary one = VocabularyFor("CREATE TABLE t (id int PRIMARY KEY, c text);", R"({"target": "t.c", "set": "'x'"})");
  CHECK(Render(one, "{{{key_row}}} > {{{cursor_row}}} INTO {{{last_list}}}\n") == "t.id > v_cursor_1 INTO v_last_1\n");
  SqlVocabulary two = VocabularyFor("CREATE TABLE t (a int, \"B c\" text, c text, PRIMARY KEY (a, \"B c\"));",
                                    R"({"target": "t.c", "set": "'x'"})");
  CHECK(Render(two, "{{{key_row}}} > {{{cursor_row}}} INTO {{{last_list}}}\n") ==
        "(t.a, t.\"B c\") > (v_cursor_1, v_cursor_2) INTO v_last_1, v_last_2\n");
  CHECK(Render(two, "{{#keys}}{{{p}}}cursor_{{{n}}} {{{table}}}.{{{name}}}%TYPE;\n{{/keys}}") ==
        "v_cursor_1 public.t.a%TYPE;\nv_cursor_2 public.t.\"B c\"%TYPE;\n");
}

// The batch procedure's four statements differ only in where their rows start and end.
TEST_CASE("template vocabulary: the batch's row ranges") {
  SqlVocabulary v = VocabularyFor("CREATE TABLE t (id int PRIMARY KEY, c text);", R"({"target": "t.c", "set": "'x'"})");
  std::string text = "{{#from_cursor}}after {{/from_cursor}}{{#bounded}}to-end {{/bounded}}{{#one_row}}one{{/one_row}}|";
  std::string all;
  for (const char* range : {"from_start", "after_cursor", "from_start_to_window_end", "after_cursor_to_window_end",
                            "skip_from_start", "skip_after_cursor"})
    all += "{{#" + std::string(range) + "}}" + text + "{{/" + range + "}}";
  CHECK(Render(v, all + "\n") == "|after |to-end |after to-end |one|after one|\n");
}

// A table or column named like the PL/pgSQL prefix moves the prefix, and every template follows.
TEST_CASE("template vocabulary: variables keep clear of the table's columns") {
  SqlVocabulary v = VocabularyFor("CREATE TABLE t (id int PRIMARY KEY, v_limit int, c text);", R"({"target": "t.c", "set": "'x'"})");
  CHECK(Render(v, "{{{p}}}limit\n") != "v_limit\n");
}

}  // namespace
}  // namespace backfill
