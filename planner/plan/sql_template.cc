#include "planner/plan/sql_template.h"

#include <map>
#include <set>
#include <utility>

#include "planner/embedded_templates.h"
#include "planner/sql/quote.h"

namespace backfill {
namespace {

namespace mustache = kainjow::mustache;

const std::string& TemplateText(const std::string& name) {
  const auto& templates = EmbeddedTemplates();
  auto it = templates.find("sql/" + name + ".sql.mustache");
  if (it == templates.end()) throw SqlTemplateError("no SQL template " + name);
  return it->second;
}

constexpr char kSectionMark = '\x01';
constexpr char kTagMark = '\x02';

std::string TagPlaceholder(size_t n) { return std::string(1, kTagMark) + std::to_string(n) + kTagMark; }

// Replaces each tag's placeholder by a tag that occurs nowhere in the text, nor is another's.
// A placeholder stands between template text that holds no `$`, so the chosen tag cannot join
// with a neighbouring value into another occurrence of itself.
std::string QuoteTagsChosen(std::string out, const std::vector<std::string>& stems) {
  std::string chosen;
  for (size_t n = 0; n < stems.size(); ++n) {
    std::string tag = DollarQuoteTag(out + "\n" + chosen, stems[n]);
    chosen += tag + "\n";
    std::string placeholder = TagPlaceholder(n);
    for (size_t at = out.find(placeholder); at != std::string::npos; at = out.find(placeholder, at + tag.size()))
      out.replace(at, placeholder.size(), tag);
  }
  return out;
}

// Mustache's standalone rule: a line holding only a section tag ({{#x}}, {{^x}}, {{/x}}) or a
// comment ({{! ...}}) leaves no line in the output. kainjow keeps one where a section renders
// empty, and eats the newline of an empty line joined to a rendered one. So the tag line's
// indentation and newline go here, before rendering, and a mark after the tag (removed after
// rendering) keeps kainjow from seeing a standalone tag at all.
std::string StandaloneSectionsJoined(const std::string& text) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    size_t stop = end == std::string::npos ? text.size() : end;
    std::string line = text.substr(start, stop - start);
    size_t first = line.find_first_not_of(' ');
    bool section_tag = first != std::string::npos && line.compare(first, 2, "{{") == 0 && line.size() > first + 2 &&
                       std::string("#^/!").find(line[first + 2]) != std::string::npos && line.size() >= 4 &&
                       line.compare(line.size() - 2, 2, "}}") == 0 && line.find("}}", first) == line.size() - 2;
    if (section_tag) out += line.substr(first) + kSectionMark;
    else out += line + (end == std::string::npos ? "" : "\n");
    start = stop + 1;
  }
  return out;
}

// The other templates of templates/sql/, by name (header for sql/header.sql.mustache), pointing
// into the embedded texts, which live as long as the program.
using Partials = std::map<std::string, const std::string*>;

Partials SqlPartials() {
  const std::string prefix = "sql/", suffix = ".sql.mustache";
  Partials partials;
  for (const auto& [file, text] : EmbeddedTemplates())
    if (file.rfind(prefix, 0) == 0 && file.size() > prefix.size() + suffix.size())
      partials[file.substr(prefix.size(), file.size() - prefix.size() - suffix.size())] = &text;
  return partials;
}

// A tag's name without the spaces mustache allows around it.
std::string Trimmed(std::string text) {
  text.erase(0, text.find_first_not_of(' '));
  text.erase(text.find_last_not_of(' ') + 1);
  return text;
}

// Partials go into the text before mustache reads it, as mustache's spec says and kainjow does
// not do: a partial tag alone on its line becomes the partial with each of its lines indented
// as the tag is; a tag among other text becomes the partial without its last newline, its later
// lines indented as the line is. So a partial is written at the left margin and reads the same
// wherever it goes.
std::string PartialsExpanded(const std::string& name, const std::string& text, const Partials& partials, int depth = 0) {
  if (depth > 8) throw SqlTemplateError("SQL template " + name + " includes itself");
  auto expand = [&](const std::string& partial) {
    auto it = partials.find(partial);
    if (it == partials.end()) throw SqlTemplateError("SQL template " + name + " uses a partial that does not exist: " + partial);
    return PartialsExpanded(partial, *it->second, partials, depth + 1);
  };
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    size_t stop = end == std::string::npos ? text.size() : end;
    std::string line = text.substr(start, stop - start);
    std::string newline = end == std::string::npos ? "" : "\n";
    start = stop + 1;
    size_t first = line.find_first_not_of(' ');
    if (first != std::string::npos && line.compare(first, 3, "{{>") == 0 && line.find("}}") == line.size() - 2) {
      std::string body = expand(Trimmed(line.substr(first + 3, line.size() - 2 - first - 3))), indent = line.substr(0, first);
      for (size_t at = 0; at < body.size();) {
        size_t eol = body.find('\n', at);
        std::string part = body.substr(at, eol == std::string::npos ? std::string::npos : eol - at);
        out += (part.empty() ? "" : indent) + part + "\n";
        at = eol == std::string::npos ? body.size() : eol + 1;
      }
      if (newline.empty() && !out.empty()) out.pop_back();
      continue;
    }
    const std::string indent = line.substr(0, first == std::string::npos ? 0 : first);
    for (size_t open = line.find("{{>"); open != std::string::npos; open = line.find("{{>", open)) {
      size_t close = line.find("}}", open);
      if (close == std::string::npos) break;  // the parser reports it
      std::string body = expand(Trimmed(line.substr(open + 3, close - open - 3))), indented;
      if (!body.empty() && body.back() == '\n') body.pop_back();
      for (char c : body) indented += c == '\n' ? "\n" + indent : std::string(1, c);
      line.replace(open, close + 2 - open, indented);
      open += indented.size();
    }
    out += line + newline;
  }
  return out;
}

// kainjow writes a name nobody set as nothing, so a misspelt name would drop a piece of SQL
// silently: every name a template reads must have been set somewhere in its data. Inside a
// section over an empty list, the items' names have nowhere to be set: those go unchecked.
void CheckNames(const std::string& name, const std::string& text, const SqlData& data) {
  std::vector<bool> unchecked = {false};
  for (size_t open = text.find("{{"); open != std::string::npos; open = text.find("{{", open + 2)) {
    bool triple = text.compare(open, 3, "{{{") == 0;
    size_t start = open + (triple ? 3 : 2);
    size_t close = text.find(triple ? "}}}" : "}}", start);
    if (close == std::string::npos) return;  // the parser reports it
    std::string tag = text.substr(start, close - start);
    char sigil = tag.empty() ? ' ' : tag[0];
    if (std::string("#^/!&=").find(sigil) != std::string::npos) tag.erase(0, 1);
    tag = Trimmed(tag);
    if (sigil == '/' && unchecked.size() > 1) unchecked.pop_back();
    if (sigil == '/' || sigil == '!' || sigil == '=') continue;
    if (sigil == '#' || sigil == '^') {
      const kainjow::mustache::data* value = data.Data().get(tag);
      unchecked.push_back(unchecked.back() || (sigil == '#' && value && value->is_empty_list()));
    }
    bool inside_empty = unchecked.size() > 1 && unchecked[unchecked.size() - 2];
    if (!data.Names().count(tag) && !(sigil == '#' || sigil == '^' ? inside_empty : unchecked.back())) throw SqlTemplateError("SQL template " + name + " reads " + tag + ", which the plan does not set");
  }
}

std::string Render(const std::string& name, const std::string& text, const SqlData& data) {
  std::string expanded = PartialsExpanded(name, text, SqlPartials());
  CheckNames(name, expanded, data);
  mustache::mustache tmpl{StandaloneSectionsJoined(expanded)};
  if (!tmpl.is_valid()) throw SqlTemplateError("SQL template " + name + " does not parse: " + tmpl.error_message());
  tmpl.set_custom_escape([&](const std::string& value) -> std::string {
    throw SqlTemplateError("SQL template " + name + " writes a value with {{...}}: SQL values take {{{...}}} (got \"" + value + "\")");
  });
  std::string out = tmpl.render(data.Data());
  if (!tmpl.is_valid()) throw SqlTemplateError("SQL template " + name + " does not render: " + tmpl.error_message());
  std::erase(out, kSectionMark);
  return QuoteTagsChosen(out, data.QuoteTagStems());
}

}  // namespace

void SqlData::Set(const std::string& name, const std::string& value) {
  if (value.find(kSectionMark) != std::string::npos || value.find(kTagMark) != std::string::npos)
    throw SqlTemplateError("SQL template value " + name + " holds a byte (\\x01 or \\x02) the renderer uses itself");
  data_.set(name, value);
  names_.insert(name);
}

void SqlData::SetQuoteTag(const std::string& name, const std::string& stem) {
  data_.set(name, TagPlaceholder(tag_stems_.size()));
  names_.insert(name);
  tag_stems_.push_back(stem);
}

void SqlData::Set(const std::string& name, bool flag) {
  data_.set(name, flag ? kainjow::mustache::data{kainjow::mustache::data::type::bool_true}
                       : kainjow::mustache::data{kainjow::mustache::data::type::bool_false});
  names_.insert(name);
}

void SqlData::Set(const std::string& name, const SqlList& list) {
  data_.set(name, list.Data());
  names_.insert(name);
  names_.insert(list.Names().begin(), list.Names().end());
}

void SqlData::Set(const std::string& name, const SqlData& object) {
  data_.set(name, object.Data());
  names_.insert(name);
  names_.insert(object.Names().begin(), object.Names().end());
}

std::string RenderSqlTemplate(const std::string& name, const SqlData& data) { return Render(name, TemplateText(name), data); }

std::string RenderSqlValue(const std::string& name, const SqlData& data) {
  std::string text = RenderSqlTemplate(name, data);
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

std::string RenderSqlText(const std::string& name, const std::string& text, const SqlData& data) {
  return Render(name, text, data);
}

}  // namespace backfill
