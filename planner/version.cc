#include "planner/version.h"

namespace backfill {

// Defined for this file alone (CMakeLists.txt), so a new version recompiles one file.
const char* ToolVersion() { return BACKFILL_PLAN_VERSION; }

}  // namespace backfill
