// The command line: parses flags, finds the inputs, runs the pipeline and writes the output.
#pragma once

#include <iosfwd>

namespace backfill {

// Returns the process exit code (see ExitCode in planner/diagnostic.h).
int RunCommandLine(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace backfill
