// --check --annotations github: the findings as GitHub Actions workflow commands
// (::error file=...,line=...,col=...::message), which the Actions runner shows on the pull
// request's files. The exit codes do not change.
#pragma once

#include <string>

#include "planner/analysis/finding.h"
#include "planner/diagnostic.h"

namespace backfill {

// One workflow command line (without the newline) for a finding: block is an error, warn a
// warning, info a notice, placed at `place` (the requirement's target).
std::string GithubAnnotation(const Finding& finding, const SourcePlace& place);

// The same for an input that --check refuses (a table with no key to page by).
// level: error, warning or notice; title: the annotation's heading (may be empty).
std::string GithubAnnotation(const std::string& level, const std::string& title, const std::string& message,
                             const SourcePlace& place);

}  // namespace backfill
