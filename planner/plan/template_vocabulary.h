// The values every bundle template reads (templates/sql/*.sql.mustache), made from one
// SqlVocabulary: names already quoted for their position, key lists in the forms the SQL needs,
// and the fragments built from the user's expressions. Built in one place, so that a template
// names what it writes and never builds, quotes or joins anything itself.
#pragma once

#include "planner/plan/sql_template.h"
#include "planner/plan/sql_vocabulary.h"

namespace backfill {

SqlData TemplateVocabulary(const SqlVocabulary& v);

// The same, with what every bundle file's header and session settings read: the file's name and
// purpose, and the requirement's timeouts (and how long a script that stops the backfill waits
// for a running batch).
SqlData FileTemplateData(const SqlVocabulary& v, const Requirement& r, const std::string& file, const std::string& what);

}  // namespace backfill
