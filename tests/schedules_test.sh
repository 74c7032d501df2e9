#!/usr/bin/env bash
# Randomized, model-checked schedules of each tests/schedules fixture's bundle on a private
# PostgreSQL 15 server: backfill runs (foreground, background, two at once), application
# writes (the same value the backfill wrote, deletes and re-inserts), rollbacks of batch
# ranges and of everything, terminated sessions and immediate server restarts; every result
# checked against a model of who owns each row (tests/schedules/model.h).
# Usage: bash tests/schedules_test.sh path/to/backfill-plan   (exit 77: skipped)
# SCHEDULES (per fixture), BUDGET (seconds), SEED, SHRINK (how many failures to shrink) and
# SHRINK_SECONDS override the defaults; further arguments go to schedule_test (--fixture NAME).
# The seeds used are printed; `schedule_test --tool ... --seed S --count 1 --fixture NAME`
# reruns one (a failing schedule's log is kept in the work folder).
set -uo pipefail
TOOL=$(realpath "$1")
ROOT=${SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
DRIVER=${SCHEDULE_TEST:-$(dirname "$TOOL")/schedule_test}
source "$ROOT/tests/e2e/pg.sh"
pg_require
if [ ! -x "$DRIVER" ]; then
  echo "skipped: $DRIVER was not built (libpq-dev and pkg-config are needed)"
  exit 77
fi
# Up to 50 per fixture, and no new schedule after BUDGET seconds (shared out over the
# fixtures), so that the suite stays inside about 3 minutes however busy the machine is.
SCHEDULES=${SCHEDULES:-50}
BUDGET=${BUDGET:-130}
SEED=${SEED:-$(date +%s)}
WORK=$(mktemp -d /tmp/backfill-schedules.XXXXXX)
on_exit() {
  pg_stop
  if [ "${RC:-1}" -ne 0 ]; then echo "logs kept in $WORK"; else rm -rf "$WORK"; fi
}
trap on_exit EXIT
trap 'exit 130' INT TERM
pg_start || { echo "could not start PostgreSQL"; exit 1; }
echo "seed $SEED, $SCHEDULES schedules per fixture"
RC=0
"$DRIVER" --tool "$TOOL" --fixtures "$ROOT/tests/schedules/fixtures" --work "$WORK" --pg-dir "$PG_DIR" \
  --seed "$SEED" --count "$SCHEDULES" --budget-seconds "$BUDGET" --shrink "${SHRINK:-1}" \
  --shrink-seconds "${SHRINK_SECONDS:-15}" "${@:2}" || RC=$?
exit $RC
