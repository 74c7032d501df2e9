// The bundle's SQL, kept as templates a DBA reads as SQL (templates/sql/*.sql.mustache, compiled
// into the binary). C++ builds the data: every value is already quoted for where it goes
// (planner/sql/quote.h) and a template writes it with triple braces. A double-brace variable
// would HTML-escape SQL; it throws instead, so that mistake cannot produce a script.
#pragma once

#include <stdexcept>
#include <string>

#include <kainjow/mustache.hpp>

namespace backfill {

using SqlData = kainjow::mustache::data;

class SqlTemplateError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// Renders templates/sql/<name>.sql.mustache. Every other template in that folder is available
// as a partial under its own name ({{> header}}).
std::string RenderSqlTemplate(const std::string& name, SqlData data);

// The same for a template's text (name only for messages), with the same partials.
std::string RenderSqlText(const std::string& name, const std::string& text, SqlData data);

}  // namespace backfill
