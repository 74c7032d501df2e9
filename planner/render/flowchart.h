// A picture of the run for the Markdown plan: a Mermaid flowchart (GitHub and GitLab draw it) of
// the bundle's scripts in the order they run, the checks that decide whether to go on, and the
// ways back (which rollback script, from where). Its labels are the tool's own words and the
// bundle's file names: no text from the inputs reaches it.
#pragma once

#include <string>

#include "planner/plan/plan.h"
#include "planner/wording.h"

namespace backfill {

// The flowchart's Mermaid source, without the fence.
std::string Flowchart(const Plan& plan, const Wording& say);

}  // namespace backfill
