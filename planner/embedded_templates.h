// The templates/ folder, compiled into the binary (see cmake/embed_templates.cmake).
#pragma once

#include <map>
#include <string>

namespace backfill {

const std::map<std::string, std::string>& EmbeddedTemplates();

}  // namespace backfill
