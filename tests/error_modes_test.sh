#!/usr/bin/env bash
# A batch whose new values a constraint rejects: by default the run stops with nothing of that
# batch written; with -v on_error=skip exactly the rejected rows are stepped over (recorded as
# 'skipped', and counted once however many passes meet them), every other row is changed, verify
# names the skipped rows, and rollback restores what was changed. On a real PostgreSQL 15 server.
set -uo pipefail
TOOL=$(realpath "$1")
ROOT=${SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
source "$ROOT/tests/e2e/pg.sh"
source "$ROOT/tests/e2e/lib.sh"
pg_require
WORK=$(mktemp -d /tmp/backfill-errors.XXXXXX)
trap 'pg_stop; rm -rf "$WORK"' EXIT
pg_start || { echo "could not start PostgreSQL"; echo "0 passed, 1 failed"; exit 1; }
LOG=$WORK/log
BUNDLE=$WORK/bundle
DB=errors
example=$ROOT/examples/orders
createdb "$DB"
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$example/schema.sql" -f "$example/data.sql" >>"$LOG" 2>&1
# The schema file does not know this constraint, so the plan's preflight cannot see it coming.
q "ALTER TABLE orders ADD CONSTRAINT no_cancelled CHECK (status <> 'cancelled') NOT VALID" >/dev/null
(cd "$example" && "$TOOL" orders.status --format sql --output "$BUNDLE" --date 2026-11-21) 2>>"$LOG"
rejected=$(q "SELECT count(*) FROM orders WHERE status IS NULL AND cancelled_at IS NOT NULL")
targets=$(q "SELECT count(*) FROM orders WHERE status IS NULL")
backup=orders_status_backup_20261121

expect_ok "02_prepare.sql" 02_prepare.sql
expect_refused "a rejected value stops the run by default" 03_backfill.sql -v sleep_ms=0
# The first batch already holds a cancelled order: the run stops before committing anything.
expect_eq "nothing of the failing batch is written" "$(q "SELECT count(*) FROM $backup")/$(q "SELECT count(*) FROM orders WHERE status IS NULL")" "0/$targets"
expect_ok "on_error=skip runs to completion" 03_backfill.sql -v sleep_ms=0 -v on_error=skip
expect_eq "exactly the rejected rows are skipped" "$(q "SELECT count(*) FROM $backup WHERE state = 'skipped'")" "$rejected"
expect_eq "every other target row is changed" "$(q "SELECT count(*) FROM $backup WHERE state = 'applied'")" "$((targets - rejected))"
expect_eq "the skipped rows are untouched" "$(q "SELECT count(*) FROM orders WHERE status IS NULL")" "$rejected"
# Each pass meets the skipped rows again (they still need the change): they count once.
progress=orders_status_progress_20261121
expect_eq "the progress table counts skipped rows, not skip events" "$(q "SELECT skipped_rows FROM $progress")" "$rejected"
expect_ok "on_error=skip run again" 03_backfill.sql -v sleep_ms=0 -v on_error=skip
expect_eq "a second run skips the same rows and still counts them once" \
  "$(q "SELECT skipped_rows FROM $progress")/$(q "SELECT count(*) FROM $backup WHERE state = 'skipped'")" "$rejected/$rejected"
expect_refused "04_verify.sql fails while rows are skipped" 04_verify.sql
expect_eq "verify names the skipped rows" "$(grep -c "$rejected skipped by on_error=skip" "$LOG")" 1
expect_ok "90_rollback.sql" 90_rollback.sql
expect_eq "rollback restores every changed row" "$(q "SELECT count(*) FROM orders WHERE status IS NULL")" "$targets"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
