#!/usr/bin/env bash
# End-to-end: every example's SQL bundle, run by psql on a private PostgreSQL 15 server.
# Usage: bash tests/e2e_test.sh path/to/backfill-plan [example ...]   (exit 77: skipped)
#        E2E_ONLY=plpgsql bash tests/e2e_test.sh path/to/backfill-plan   (only check_plpgsql)
#        E2E_ONLY=expand_contract bash tests/e2e_test.sh path/to/backfill-plan   (only check_expand_contract)
#        E2E_ONLY=widen_key bash tests/e2e_test.sh path/to/backfill-plan   (only check_widen_key)
#        E2E_ONLY=control bash tests/e2e_test.sh path/to/backfill-plan   (only check_control)
#        E2E_ONLY=cron bash tests/e2e_test.sh path/to/backfill-plan   (only check_cron)
#        E2E_ONLY=parallel bash tests/e2e_test.sh path/to/backfill-plan   (only check_parallel)
#        E2E_ONLY=proposed_ddl bash tests/e2e_test.sh path/to/backfill-plan   (only check_proposed_ddl)
#        E2E_ONLY=nullable_key bash tests/e2e_test.sh path/to/backfill-plan   (only check_nullable_key)
#        E2E_ONLY=no_key bash tests/e2e_test.sh path/to/backfill-plan   (only check_no_key)
#        E2E_ONLY=trigger_skip bash tests/e2e_test.sh path/to/backfill-plan   (only check_trigger_skip)
#        E2E_ONLY=trigger_self_write bash tests/e2e_test.sh path/to/backfill-plan   (only check_trigger_self_write)
# Prints one line per check and ends with "N passed, M failed".
set -uo pipefail
TOOL=$(realpath "$1")
shift
ROOT=${SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
source "$ROOT/tests/e2e/pg.sh"
source "$ROOT/tests/e2e/lib.sh"
source "$ROOT/tests/e2e/check_example.sh"
source "$ROOT/tests/e2e/check_sparse.sh"
source "$ROOT/tests/e2e/check_standby.sh"
source "$ROOT/tests/e2e/check_nulls_not_distinct.sh"
source "$ROOT/tests/e2e/check_rollback_safety.sh"
source "$ROOT/tests/e2e/check_plpgsql.sh"
source "$ROOT/tests/e2e/check_expand_contract.sh"
source "$ROOT/tests/e2e/check_widen_key.sh"
source "$ROOT/tests/e2e/check_control.sh"
source "$ROOT/tests/e2e/check_cron.sh"
source "$ROOT/tests/e2e/check_parallel.sh"
source "$ROOT/tests/e2e/check_proposed_ddl.sh"
source "$ROOT/tests/e2e/check_nullable_key.sh"
source "$ROOT/tests/e2e/check_no_key.sh"
source "$ROOT/tests/e2e/check_trigger_skip.sh"
source "$ROOT/tests/e2e/check_trigger_self_write.sh"

pg_require
BG_PID=
WORK=$(mktemp -d /tmp/backfill-e2e-work.XXXXXX)
on_exit() {
  [ -z "${BG_PID:-}" ] || kill "$BG_PID" 2>/dev/null
  pg_stop
  if [ "${FAILED:-0}" -gt 0 ] && [ -n "${KEEP_LOGS:-}" ]; then echo "logs kept in $WORK"; else rm -rf "$WORK"; fi
}
trap on_exit EXIT
trap 'exit 130' INT TERM
pg_start || { echo "could not start PostgreSQL"; echo "0 passed, 1 failed"; exit 1; }

if [ -n "${E2E_ONLY:-}" ]; then
  case $E2E_ONLY in
    plpgsql) check_plpgsql ;;
    expand_contract) check_expand_contract ;;
    widen_key) check_widen_key ;;
    control) check_control ;;
    cron) check_cron ;;
    parallel) check_parallel ;;
    proposed_ddl) check_proposed_ddl ;;
    nullable_key) check_nullable_key ;;
    no_key) check_no_key ;;
    trigger_skip) check_trigger_skip ;;
    trigger_self_write) check_trigger_self_write ;;
    *) fail "E2E_ONLY=$E2E_ONLY" "plpgsql, expand_contract, widen_key, control, cron, parallel, proposed_ddl, nullable_key, no_key, trigger_skip or trigger_self_write" ;;
  esac
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
  exit
fi
examples=("$@")
[ ${#examples[@]} -gt 0 ] || examples=("$ROOT"/examples/*/)
for example in "${examples[@]}"; do
  example=${example%/}
  [ -d "$example" ] || example=$ROOT/examples/$example
  if [ ! -f "$example/data.sql" ]; then
    fail "$(basename "$example"): has data.sql" "every example needs data.sql for this test"
    continue
  fi
  for requirement in "$example"/backfills/*.json; do
    # refused (no key to page by): no bundle to run; check_no_key runs the key the refusal proposes
    [ -f "$example/expected/$(basename "$requirement" .json).blocked.txt" ] && continue
    check_example "$example" "$requirement"
  done
done
# Only when every example runs (no example named on the command line).
if [ $# -eq 0 ]; then
  check_sparse "$ROOT/examples/orders"
  check_standby "$ROOT/examples/orders"
  check_nulls_not_distinct
  check_nullable_key
  check_no_key
  check_trigger_skip
  check_trigger_self_write
  check_rollback_safety
  check_expand_contract
  check_widen_key
  check_control
  check_cron
  check_parallel
  check_proposed_ddl
  check_plpgsql
fi
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
