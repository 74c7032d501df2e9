#include "planner/render/template_file.h"

#include "planner/catalog/source_text.h"
#include "planner/diagnostic.h"

namespace backfill {
namespace {

// "{{=<% %>=}}" sets the delimiters to "<%" and "%>"; anything malformed is left to the
// renderer's own parser, which reports it.
void SetDelimiters(const std::string& body, std::string& open, std::string& close) {
  if (body.size() < 2 || body.back() != '=') return;
  std::string inner = body.substr(1, body.size() - 2);
  size_t start = inner.find_first_not_of(' ');
  size_t space = inner.find(' ', start);
  size_t next = space == std::string::npos ? space : inner.find_first_not_of(' ', space);
  if (start == std::string::npos || next == std::string::npos) return;
  std::string new_close = inner.substr(next, inner.find(' ', next) - next);
  open = inner.substr(start, space - start);
  close = new_close;
}

}  // namespace

void CheckTemplateNesting(const std::string& file, const std::string& text) {
  std::string open = "{{", close = "}}";
  int depth = 0;
  size_t at = 0;
  while ((at = text.find(open, at)) != std::string::npos) {
    bool triple = open == "{{" && text.compare(at, 3, "{{{") == 0;
    std::string end = triple ? "}}}" : close;
    size_t body_start = at + open.size();
    size_t body_end = text.find(end, body_start);
    if (body_end == std::string::npos) return;  // unclosed: the renderer says so
    std::string body = text.substr(body_start, body_end - body_start);
    char kind = body.empty() ? ' ' : body[0];
    if (kind == '#' || kind == '^') {
      if (++depth > kMaxTemplateNesting)
        SourceText(file, text).Fail(at, "mustache sections nest deeper than " + std::to_string(kMaxTemplateNesting) + " levels",
                                    "flatten the template");
    } else if (kind == '/') {
      depth = depth > 0 ? depth - 1 : 0;
    } else if (kind == '=') {
      SetDelimiters(body, open, close);
    }
    at = body_end + end.size();
  }
}

std::string ReadTemplateFile(const std::string& dir, const std::string& name) {
  std::string path = dir + "/" + name;
  std::string text = ReadRegularFileInside(dir, path, "template", kMaxTemplateBytes);
  CheckTemplateNesting(path, text);
  return text;
}

}  // namespace backfill
