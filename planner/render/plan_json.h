// The plan model as JSON: the --format json output and the data the Markdown templates read.
#pragma once

#include <nlohmann/json.hpp>

#include "planner/plan/plan.h"

namespace backfill {

nlohmann::json PlanToJson(const Plan& plan);

}  // namespace backfill
