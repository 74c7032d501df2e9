# The replica-lag throttle against a real streaming standby (standby.sh), with the orders
# example's bundle:
#   - replay paused on the standby: 03_backfill.sql waits (no batch is committed, psql prints
#     "replica lag ... waiting"), and once replay resumes and the lag falls it goes on and
#     completes; with a short wait limit it stops instead, with a non-zero exit;
#   - a migration role without pg_monitor, which sees the standby in pg_stat_replication with
#     every column but pid NULL: 03 refuses (naming pg_monitor, pg_read_all_stats and
#     -v max_lag_s=off) unless run with -v max_lag_s=off; with pg_monitor it runs.
# How replay_lag behaves (PostgreSQL 15, measured; wal_receiver_status_interval=1s):
#   - idle and caught up: NULL about a second after the last WAL was replayed;
#   - replay paused (pg_wal_replay_pause) and WAL arriving: 0 at the first status message,
#     then growing with the clock, in 1 s steps, from the time the first unreplayed WAL was
#     sent, for as long as the pause lasts, even when no more WAL comes after the first
#     record; paused with no WAL to replay it stays NULL (nothing is behind);
#   - recovery_min_apply_delay D: about D while WAL keeps coming, NULL a second after the
#     delayed WAL is applied; it never exceeds D, and one write shows no lag for D seconds;
#   - a paused standby whose connection drops does not reconnect until replay resumes (the
#     startup process starts the WAL receiver): it leaves pg_stat_replication, and a throttle
#     reading that view sees no lag at all.
# So the test pauses replay: the lag rises past any limit and falls (to NULL) on resume.
# Source after lib.sh; call check_standby ORDERS_EXAMPLE_DIR. Expects TOOL and WORK.
# Alone: bash tests/e2e/check_standby.sh path/to/backfill-plan   (starts its own primary)
STANDBY_E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$STANDBY_E2E_DIR/standby.sh"

# The standby's replay_lag in seconds as the primary sees it ('' for NULL or no standby).
standby_lag() { psql -X -At -d postgres -c "SELECT extract(epoch FROM replay_lag) FROM pg_stat_replication WHERE application_name = 'backfill_standby'" 2>/dev/null; }

sb_lag_above() { local lag; lag=$(standby_lag); [ -n "$lag" ] && awk -v l="$lag" -v m="$1" 'BEGIN { exit !(l > m) }'; }
sb_lag_none() { [ -z "$(standby_lag)" ]; }
sb_log_has() { grep -q -- "$2" "$1"; }
sb_batches() { q "SELECT batches FROM public.orders_status_progress_20261121"; }

# Stops what check_standby started, then runs the exit trap that was there before.
standby_cleanup() {
  [ -z "${BG_PID:-}" ] || { kill "$BG_PID" 2>/dev/null; wait "$BG_PID" 2>/dev/null; BG_PID=; }
  standby_stop
}

check_standby() {
  local dir=$1
  CHECK_PREFIX="standby, replica lag: "
  if ! standby_require >/dev/null; then
    echo "skip - ${CHECK_PREFIX}$(standby_require) (package postgresql-15)"
    CHECK_PREFIX=
    return 0
  fi
  DB=e2e_standby
  W=$WORK/standby
  LOG=$W/log
  BUNDLE=$W/bundle
  mkdir -p "$W/backfills"
  : >"$LOG"
  # The standby is stopped on every way out: the end of this function, or the script's exit.
  _SB_PREV_EXIT=
  local words
  eval "words=($(trap -p EXIT))"
  [ ${#words[@]} -lt 3 ] || _SB_PREV_EXIT=${words[2]}
  trap 'standby_cleanup; eval "$_SB_PREV_EXIT"' EXIT
  _check_standby "$dir"
  standby_cleanup
  if [ -n "$_SB_PREV_EXIT" ]; then trap -- "$_SB_PREV_EXIT" EXIT; else trap - EXIT; fi
  for db in e2e_standby e2e_standby_role; do dropdb --if-exists "$db" >/dev/null 2>&1; done
  psql -X -q -d postgres -c "DROP ROLE IF EXISTS e2e_migrator" >/dev/null 2>&1
  CHECK_PREFIX=
}

_check_standby() {
  local dir=$1 t0=$SECONDS
  if ! standby_start >>"$LOG" 2>&1; then
    fail "a streaming standby starts (pg_basebackup -R)" "$(tail -5 "$LOG")"
    return
  fi
  pass "a streaming standby starts and streams"
  createdb "$DB"
  psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$dir/schema.sql" -f "$dir/data.sql" >>"$LOG" 2>&1
  # The limits come from -v max_lag_s and -v max_wait_s where 03 reads them; an older bundle
  # has them as constants in its CALLs: then it is planned from a copy of the requirement
  # with a lag limit of 1 s (the wait limit is half the statement_timeout, 15 s).
  local -a lag_1 lag_off wait_short
  if ! (cd "$dir" && "$TOOL" --requirement backfills/orders.status.json --date 2026-11-21 --format sql --output "$BUNDLE") >>"$LOG" 2>&1; then
    fail "backfill-plan writes the bundle" "$(tail -3 "$LOG")"
    return
  fi
  if grep -q 'max_lag_s' "$BUNDLE/03_backfill.sql"; then
    lag_1=(-v max_lag_s=1 -v max_wait_s=30)
    lag_off=(-v max_lag_s=off)
    wait_short=(-v max_lag_s=1 -v max_wait_s=2)
  else
    echo "       (03_backfill.sql reads no -v max_lag_s: planned with max_replica_lag_s 1)"
    cp "$dir/schema.sql" "$W/"
    sed 's/"max_replica_lag_s": [0-9]*/"max_replica_lag_s": 1/' "$dir/backfills/orders.status.json" \
      >"$W/backfills/orders.status.json"
    rm -rf "$BUNDLE"
    (cd "$W" && "$TOOL" --requirement backfills/orders.status.json --date 2026-11-21 --format sql --output "$BUNDLE") >>"$LOG" 2>&1
    lag_1=()
    lag_off=(-v max_lag_s=off)
    wait_short=()
  fi
  run_bundle 02_prepare.sql || { fail "02_prepare.sql" "$(tail -3 "$LOG")"; return; }

  # Replay paused, and one write for the standby to fall behind on.
  sbq "SELECT pg_wal_replay_pause()" >>"$LOG" 2>&1
  q "CREATE TABLE public.e2e_heartbeat AS SELECT now() AS t" >/dev/null
  if wait_for 10 sb_lag_above 1.5; then
    pass "replay paused: replay_lag rises above the limit ($(standby_lag) s)"
  else
    fail "replay paused: replay_lag rises above the limit" "replay_lag is '$(standby_lag)' after 10 s"
    return
  fi

  if [ ${#wait_short[@]} -gt 0 ]; then
    echo "--- 03_backfill.sql ${wait_short[*]}" >>"$LOG"
    if psql -X -v ON_ERROR_STOP=1 -d "$DB" "${wait_short[@]}" -f "$BUNDLE/03_backfill.sql" >"$W/short.log" 2>&1; then
      fail "lag above the limit for longer than max_wait_s: 03 stops" "psql exited 0"
    elif sb_log_has "$W/short.log" 'for more than' && [ "$(sb_batches)" == 0 ]; then
      pass "lag above the limit for longer than max_wait_s: 03 stops, exit non-zero, no batch"
    else
      fail "lag above the limit for longer than max_wait_s: 03 stops" "$(tail -3 "$W/short.log")"
    fi
    cat "$W/short.log" >>"$LOG"
  fi

  # The backfill in the background: it must wait, batch after batch not taken, and say so.
  echo "--- 03_backfill.sql (background) ${lag_1[*]}" >>"$LOG"
  psql -X -v ON_ERROR_STOP=1 -d "$DB" "${lag_1[@]}" -v batch_size=1000 -v sleep_ms=0 \
    -f "$BUNDLE/03_backfill.sql" >"$W/bg.log" 2>&1 &
  BG_PID=$!
  if wait_for 10 sb_log_has "$W/bg.log" 'replica lag .* waiting'; then
    pass "03 says it waits: $(grep -m1 -o 'NOTICE: *replica lag.*' "$W/bg.log")"
  else
    fail "03 says it waits for the replica" "$(tail -3 "$W/bg.log")"
  fi
  sleep 6
  local waited
  waited=$(grep -c 'replica lag .* waiting' "$W/bg.log")
  if kill -0 "$BG_PID" 2>/dev/null && [ "$(sb_batches)" == 0 ] && [ "$waited" -ge 2 ]; then
    pass "while the lag is above the limit no batch is committed ($waited notices, batches 0, lag $(standby_lag) s)"
  else
    fail "while the lag is above the limit no batch is committed" \
      "running: $(kill -0 "$BG_PID" 2>/dev/null && echo yes || echo no), batches '$(sb_batches)', $waited notices"
  fi
  sbq "SELECT pg_wal_replay_resume()" >>"$LOG" 2>&1
  local resumed=$SECONDS rc=0
  wait "$BG_PID" || rc=$?
  BG_PID=
  cat "$W/bg.log" >>"$LOG"
  if [ "$rc" == 0 ] && sb_log_has "$W/bg.log" 'complete: pass'; then
    pass "replay resumed: the lag falls, 03 goes on and completes ($((SECONDS - resumed)) s, $(sb_batches) batches)"
  else
    fail "replay resumed: 03 goes on and completes" "exit $rc: $(tail -3 "$W/bg.log")"
  fi
  expect_eq "every order has its status" "$(q "SELECT count(*) FROM public.orders WHERE status IS NULL")" 0
  expect_ok "04_verify.sql passes" 04_verify.sql

  check_standby_role "$dir"
  echo "       (standby checks: $((SECONDS - t0)) s)"
}

# A migration role: USAGE and CREATE on the schema, SELECT and UPDATE on the table, owner of
# nothing it did not create itself (it runs 02, so the backup, progress table and procedures
# are its own), and not pg_monitor: pg_stat_replication shows it the standby without the lag.
check_standby_role() {
  local dir=$1
  DB=e2e_standby_role
  createdb "$DB"
  psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$dir/schema.sql" -f "$dir/data.sql" >>"$LOG" 2>&1
  psql -X -q -d postgres -c "DROP ROLE IF EXISTS e2e_migrator" >>"$LOG" 2>&1
  q "CREATE ROLE e2e_migrator LOGIN;
     GRANT USAGE, CREATE ON SCHEMA public TO e2e_migrator;
     GRANT SELECT, UPDATE ON public.orders TO e2e_migrator" >/dev/null
  wait_for 10 sb_lag_none || true  # caught up again: the lag is NULL, not above any limit
  expect_eq "without pg_monitor the role sees the standby, not its state" \
    "$(PGUSER=e2e_migrator q "SELECT count(*) || ' ' || count(pid) || ' ' || count(state) FROM pg_stat_replication")" "1 1 0"
  if ! PGUSER=e2e_migrator run_bundle 02_prepare.sql; then
    fail "02_prepare.sql as the migration role" "$(tail -3 "$LOG")"
    return
  fi
  local out rc=0
  out=$(PGUSER=e2e_migrator psql -X -v ON_ERROR_STOP=1 -d "$DB" -v sleep_ms=0 -f "$BUNDLE/03_backfill.sql" 2>&1) || rc=$?
  echo "--- 03_backfill.sql as e2e_migrator" >>"$LOG"
  echo "$out" >>"$LOG"
  if [ "$(sb_batches)" != 0 ]; then
    fail "without pg_monitor 03 refuses: lag unknown" \
      "exit $rc: it ran $(sb_batches) batches without seeing the lag (the bundle does not refuse yet)"
    return
  fi
  if [ "$rc" != 0 ] && [ "$(sb_batches)" == 0 ] && echo "$out" | grep -q 'pg_monitor' &&
    echo "$out" | grep -q 'pg_read_all_stats' && echo "$out" | grep -q 'max_lag_s=off'; then
    pass "without pg_monitor 03 refuses: lag unknown (exit $rc, no batch, names pg_monitor, pg_read_all_stats, -v max_lag_s=off)"
  else
    fail "without pg_monitor 03 refuses: lag unknown" \
      "exit $rc, batches '$(sb_batches)'; $(echo "$out" | grep -m1 -E 'ERROR|HINT|complete' || echo "$out" | tail -1)"
  fi
  # With -v max_lag_s=off it runs without the throttle: stage 1, 1000 rows.
  PGUSER=e2e_migrator expect_ok "without pg_monitor, -v max_lag_s=off: 03 runs (max_rows 1000)" \
    03_backfill.sql "${lag_off[@]}" -v sleep_ms=0 -v max_rows=1000
  expect_eq "-v max_lag_s=off: 1000 rows changed" "$(q "SELECT count(*) FROM public.orders_status_backup_20261121")" 1000
  q "GRANT pg_monitor TO e2e_migrator" >/dev/null
  PGUSER=e2e_migrator expect_ok "with pg_monitor: 03 runs with the throttle and completes" 03_backfill.sql -v sleep_ms=0
  expect_eq "with pg_monitor: every order has its status" "$(q "SELECT count(*) FROM public.orders WHERE status IS NULL")" 0
}

# Alone, for development: its own primary, this check only.
if [ "${BASH_SOURCE[0]}" == "$0" ]; then
  set -uo pipefail
  [ $# -eq 1 ] || { echo "usage: bash tests/e2e/check_standby.sh path/to/backfill-plan"; exit 2; }
  TOOL=$(realpath "$1")
  source "$STANDBY_E2E_DIR/pg.sh"
  source "$STANDBY_E2E_DIR/lib.sh"
  pg_require
  BG_PID=
  WORK=$(mktemp -d /tmp/backfill-e2e-work.XXXXXX)
  trap '[ -z "${BG_PID:-}" ] || kill "$BG_PID" 2>/dev/null; pg_stop; if [ "${FAILED:-0}" -gt 0 ] && [ -n "${KEEP_LOGS:-}" ]; then echo "logs kept in $WORK"; else rm -rf "$WORK"; fi' EXIT
  trap 'exit 130' INT TERM
  pg_start || { echo "could not start PostgreSQL"; exit 1; }
  check_standby "$STANDBY_E2E_DIR/../../examples/orders"
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
fi
