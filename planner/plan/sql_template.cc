#include "planner/plan/sql_template.h"

#include <utility>

#include "planner/embedded_templates.h"

namespace backfill {
namespace {

namespace mustache = kainjow::mustache;

const std::string& TemplateText(const std::string& name) {
  const auto& templates = EmbeddedTemplates();
  auto it = templates.find("sql/" + name + ".sql.mustache");
  if (it == templates.end()) throw SqlTemplateError("no SQL template " + name);
  return it->second;
}

std::string Render(const std::string& name, const std::string& text, SqlData& data) {
  mustache::mustache tmpl{text};
  if (!tmpl.is_valid()) throw SqlTemplateError("SQL template " + name + " does not parse: " + tmpl.error_message());
  tmpl.set_custom_escape([&](const std::string& value) -> std::string {
    throw SqlTemplateError("SQL template " + name + " writes a value with {{...}}: SQL values take {{{...}}} (got \"" + value + "\")");
  });
  std::string out = tmpl.render(data);
  if (!tmpl.is_valid()) throw SqlTemplateError("SQL template " + name + " does not render: " + tmpl.error_message());
  return out;
}

}  // namespace

std::string RenderSqlTemplate(const std::string& name, SqlData data) {
  return RenderSqlText(name, TemplateText(name), std::move(data));
}

std::string RenderSqlText(const std::string& name, const std::string& text, SqlData data) {
  const std::string prefix = "sql/", suffix = ".sql.mustache";
  for (const auto& [file, partial_text] : EmbeddedTemplates()) {
    if (file.rfind(prefix, 0) != 0 || file.size() <= prefix.size() + suffix.size()) continue;
    std::string partial = file.substr(prefix.size(), file.size() - prefix.size() - suffix.size());
    if (partial == name) continue;
    // The tag's own line ends the partial: kainjow keeps the newline after a standalone partial
    // tag, so the partial's last newline goes.
    std::string body = !partial_text.empty() && partial_text.back() == '\n' ? partial_text.substr(0, partial_text.size() - 1) : partial_text;
    data.set(partial, mustache::partial{[body] { return body; }});
  }
  return Render(name, text, data);
}

}  // namespace backfill
