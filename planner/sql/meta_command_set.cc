#include "planner/sql/meta_command_set.h"

#include <regex>
#include <vector>

namespace backfill {
namespace {

// Where a form may stand: on a line of its own between statements, or ending the line of the
// query it sends (after a space).
enum class Place { kOwnLine, kEndOfQuery };

struct EmittedForm {
  Place place;
  std::regex pattern;  // the whole command, before optional trailing spaces or tabs
};

// Every form planner/plan emits. Names of the plan's own variables are [a-z_]+ (psql's special
// variables are upper case, and only the two below are set); \echo text is single-quoted with no
// backslash, quote or backquote inside, so psql reads it literally.
const std::vector<EmittedForm>& EmittedForms() {
  static const std::vector<EmittedForm> forms = [] {
    std::vector<std::pair<Place, const char*>> table = {
        {Place::kOwnLine, R"(\\set ON_ERROR_STOP on)"},
        {Place::kOwnLine, R"(\\set QUIET (on|off))"},
        {Place::kOwnLine, R"(\\set [a-z_]+ ([0-9]+|[a-z_]+|:[a-z_]+))"},
        {Place::kOwnLine, R"(\\if :\{\?[a-z_]+\})"},
        {Place::kOwnLine, R"(\\if :[a-z_]+)"},
        {Place::kOwnLine, R"(\\else)"},
        {Place::kOwnLine, R"(\\endif)"},
        {Place::kOwnLine, R"(\\echo '[^'\\`\r\n]*')"},
        {Place::kEndOfQuery, R"(\\gexec)"},
        {Place::kEndOfQuery, R"(\\gset)"},
    };
    std::vector<EmittedForm> compiled;
    for (const auto& [place, pattern] : table) compiled.push_back({place, std::regex(std::string(pattern) + "[ \t]*")});
    return compiled;
  }();
  return forms;
}

bool FitsPlace(Place place, const MetaCommandUse& use) {
  bool own_line = use.before.find_first_not_of(" \t") == std::string_view::npos;
  if (place == Place::kOwnLine) return own_line && !use.query_pending;
  return !own_line && use.before.back() == ' ' && use.query_pending;
}

}  // namespace

std::string RefusedMetaCommand(const MetaCommandUse& use) {
  const std::string text(use.text);
  for (const EmittedForm& form : EmittedForms()) {
    if (!std::regex_match(text, form.pattern)) continue;
    if (FitsPlace(form.place, use)) return {};
    return form.place == Place::kOwnLine ? "psql command " + text + " is not on a line of its own between statements"
                                         : "psql command " + text + " does not end the line of a query";
  }
  return "psql command " + text + " is not one the plan emits";
}

}  // namespace backfill
