// A team's own plan template (--template-dir). The folder may come from anywhere (a shared
// repository), so what is read from it is bounded: a regular file inside the folder (a link
// out of it could copy ~/.ssh into a plan), at most 1 MiB, and no deeper nesting of mustache
// sections than 32 (the renderer recurses once per level).
#pragma once

#include <string>

#include "planner/input_file.h"

namespace backfill {

constexpr uint64_t kMaxTemplateBytes = kMiB;
constexpr int kMaxTemplateNesting = 32;

// The template's text; throws InputError (exit 1) naming dir/name and, for nesting, line:col.
std::string ReadTemplateFile(const std::string& dir, const std::string& name);

// Throws InputError at the first section tag ({{#x}} or {{^x}}) opened deeper than
// kMaxTemplateNesting, following set-delimiter tags ({{=<% %>=}}) as mustache does.
void CheckTemplateNesting(const std::string& file, const std::string& text);

}  // namespace backfill
