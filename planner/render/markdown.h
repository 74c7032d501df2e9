// Markdown rendering of the plan through a mustache template (templates/plan.<lang>.md.mustache).
#pragma once

#include <string>

#include "planner/plan/plan.h"

namespace backfill {

struct MarkdownOptions {
  bool detailed = false;
  std::string lang = "en";
  std::string template_dir;  // empty: the templates compiled into the binary
};

// Text as one Markdown table cell: pipes escaped, line breaks folded to spaces, control
// characters escaped (PrintableText).
std::string MarkdownCell(const std::string& text);

// Throws InputError naming the template when it is missing or does not render.
std::string RenderMarkdown(const Plan& plan, const MarkdownOptions& options);

}  // namespace backfill
