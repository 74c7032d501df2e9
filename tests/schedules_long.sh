#!/usr/bin/env bash
# The schedule test at length, outside the suite: 10,000 schedules over the fixtures, no time
# budget, the first five failures shrunk. Takes an hour or more.
# Usage: bash tests/schedules_long.sh path/to/backfill-plan [--fixture NAME ...]
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FIXTURES=$(find "$ROOT/tests/schedules/fixtures" -mindepth 2 -maxdepth 2 -name sched.json | wc -l)
TOTAL=${TOTAL:-10000}
SCHEDULES=$(((TOTAL + FIXTURES - 1) / FIXTURES)) BUDGET=0 SHRINK=${SHRINK:-5} SHRINK_SECONDS=${SHRINK_SECONDS:-120} \
  exec bash "$ROOT/tests/schedules_test.sh" "$@"
