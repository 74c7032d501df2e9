// The tool's version (CMakeLists.txt's project VERSION): printed by --version, carried by the
// JSON plan and written in the generated header of every file.
#pragma once

namespace backfill {

const char* ToolVersion();

}  // namespace backfill
