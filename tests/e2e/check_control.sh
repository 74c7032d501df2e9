# A run that adapts and is steered while it runs, on the orders example (14,000 rows to change),
# planned from copies of its requirement made for each check:
#   - adaptive batches: sizes grow from batch_size toward target_batch_ms by at most x1.5 a
#     batch, stay within min/max_batch_size, and a lock timeout halves the batch at once;
#   - live control through the progress row, with the statements the plan prints: pause (no batch while paused, a NOTICE every few
#     seconds), a new batch size and sleep taking effect on the next batch, resume, and stop
#     (psql ends before the next batch; counts exact; a later run refuses without -v resume=1);
#   - the load throttle: two sessions queued on a row lock pause the run (max_lock_waiters=1)
#     or stop it (critical_lock_waiters=1); a throttle_query returning true pauses it.
# Source after lib.sh; call check_control. Expects TOOL, ROOT and WORK.
CTL_PROGRESS=public.orders_status_progress_20261121
CTL_BACKUP=public.orders_status_backup_20261121

# ctl_bundle NAME JSON-KEYS: the orders requirement with these keys added (batch_size and sleep_ms
# among them: the example's are taken out, and its execution, online, the default), planned
# into $W/NAME.
ctl_bundle() {
  local name=$1 keys=$2 dir=$W/$1
  mkdir -p "$dir/backfills"
  cp "$ROOT/examples/orders/schema.sql" "$dir/"
  # the example's batch_size and sleep_ms give way to the check's
  sed -e '/"batch_size"/d' -e '/"sleep_ms"/d' -e '/"execution"/d' -e "s/\"max_replica_lag_s\": 5/\"max_replica_lag_s\": 5, $keys/" \
    "$ROOT/examples/orders/backfills/orders.status.json" >"$dir/backfills/orders.status.json"
  rm -rf "$dir/bundle"
  (cd "$dir" && "$TOOL" --requirement backfills/orders.status.json --date 2026-11-21 --format sql --output bundle &&
    "$TOOL" --requirement backfills/orders.status.json --date 2026-11-21 --format json --output plan.json) >>"$LOG" 2>&1
  BUNDLE=$dir/bundle
  CTL_PLAN=$dir/plan.json
}

# The plan's Live control statement for ACTION, from its JSON.
ctl_control_sql() {
  set_from_file doc "$CTL_PLAN"
  psql -X -q -At -d postgres "${PSQL_FILE_VAR[@]}" -f - \
    <<<"SELECT c->>'sql' FROM jsonb_array_elements(:'doc'::jsonb->'control') AS c WHERE c->>'action' = '$1'" 2>>"$LOG"
}

# The first six columns of what the plan's state query returns.
ctl_control_value() { psql -X -q -At -d "$DB" -c "$(ctl_control_sql "$1")" 2>>"$LOG" | cut -d'|' -f1-6; }

# ctl_control ACTION [VALUE]: runs the plan's own Live control statement for ACTION (its example
# number replaced by VALUE), as a person would paste it from the plan.
ctl_control() {
  local sql
  sql=$(ctl_control_sql "$1")
  [ -n "$sql" ] || { echo "no control statement for $1" >>"$LOG"; return 1; }
  [ -z "${2:-}" ] || sql=$(sed -E "s/= [0-9]+ WHERE/= $2 WHERE/" <<<"$sql")
  echo "--- control $1: $sql" >>"$LOG"
  psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -c "$sql" >>"$LOG" 2>&1
}

# A fresh database with the example's rows and the bundle's objects.
ctl_reset() {
  dropdb --if-exists "$DB" >/dev/null 2>&1
  createdb "$DB" &&
    psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$ROOT/examples/orders/schema.sql" -f "$ROOT/examples/orders/data.sql" >>"$LOG" 2>&1 &&
    run_bundle 02_prepare.sql
}

ctl_batches() { q "SELECT batches FROM $CTL_PROGRESS"; }
# The sizes of batches FROM..TO as the backup table has them, space-separated.
ctl_sizes() { q "SELECT string_agg(n::text, ' ' ORDER BY batch_no) FROM (SELECT batch_no, count(*) AS n FROM $CTL_BACKUP WHERE batch_no BETWEEN $1 AND $2 GROUP BY 1) AS s"; }
ctl_batches_at_least() { [ "$(ctl_batches)" -ge "$1" ] 2>/dev/null; }
ctl_log_has() { grep -q -- "$2" "$1"; }
ctl_start() {
  local log=$1
  shift
  psql -X -v ON_ERROR_STOP=1 -d "$DB" "$@" -f "$BUNDLE/03_backfill.sql" >"$log" 2>&1 &
  BG_PID=$!
}
ctl_wait_bg() {
  local rc=0
  wait "$BG_PID" || rc=$?
  BG_PID=
  return $rc
}
# After a stop: waits a moment, then sets CTL_STILL (t: no batch since BATCHES), CTL_DONE (the
# progress row's rows_done), CTL_BACKED (backup rows applied), CTL_PENDING (rows still NULL).
ctl_counts_after_stop() {
  sleep "$2"
  CTL_STILL=$([ "$(ctl_batches)" == "$1" ] && echo t || echo f)
  CTL_DONE=$(q "SELECT rows_done FROM $CTL_PROGRESS")
  CTL_BACKED=$(q "SELECT count(*) FROM $CTL_BACKUP WHERE state = 'applied'")
  CTL_PENDING=$(q "SELECT count(*) FROM public.orders WHERE status IS NULL")
}
ctl_verified() { run_bundle 04_verify.sql && [ "$(q "SELECT count(*) FROM public.orders WHERE status IS NULL")" == 0 ]; }

check_control() {
  local RUN_AS=  # run as the server's superuser, whatever an earlier check set
  CHECK_PREFIX="control: "
  DB=e2e_control
  W=$WORK/control
  LOG=$W/log
  mkdir -p "$W"
  : >"$LOG"
  local t0=$SECONDS
  _ctl_adaptive
  _ctl_statement_timeout
  _ctl_live
  _ctl_throttle
  dropdb --if-exists "$DB" >/dev/null 2>&1
  echo "     (control: $((SECONDS - t0)) s)"
  CHECK_PREFIX=
}

_ctl_adaptive() {
  ctl_bundle adaptive '"batch_size": 100, "sleep_ms": 0, "target_batch_ms": 40, "min_batch_size": 20, "max_batch_size": 3000'
  ctl_reset || { fail "adaptive: 02_prepare.sql" "$(tail -3 "$LOG")"; return; }
  if run_bundle 03_backfill.sql; then pass "adaptive: 03_backfill.sql completes"; else fail "adaptive: 03_backfill.sql completes" "$(tail -3 "$LOG")"; return; fi
  if grep -q 'batch size [0-9]* ([0-9]* ms, target 40 ms: next [0-9]*)' "$LOG"; then
    pass "adaptive: the progress NOTICE shows the size, the batch's time and the next size"
  else
    fail "adaptive: the progress NOTICE shows the size, the batch's time and the next size" "$(grep -m2 'NOTICE:  batch' "$LOG")"
  fi
  local sizes
  sizes=$(ctl_sizes 1 100000)
  # Every full batch: first 100, at most x1.5 (rounded) the one before, within 20..3000; the
  # last batch of the pass may be short.
  if awk -v s="$sizes" 'BEGIN { n = split(s, a, " "); if (a[1] != 100) exit 1; grew = 0;
        for (i = 1; i <= n; i++) { if (a[i] > 3000 || (i < n && a[i] < 20)) exit 1;
          if (i > 1 && i < n && a[i] > a[i-1] * 1.5 + 1) exit 1; if (a[i] > 100) grew = 1 }
        exit !grew }'; then
    pass "adaptive: sizes start at batch_size, grow by at most x1.5 a batch, stay within the bounds ($(echo "$sizes" | cut -d' ' -f1-12) ...)"
  else
    fail "adaptive: sizes start at batch_size, grow by at most x1.5 a batch, stay within the bounds" "sizes: $sizes"
  fi
  if ctl_verified; then pass "adaptive: 04_verify.sql passes; no row left NULL"; else fail "adaptive: 04_verify.sql passes" "$(tail -3 "$LOG")"; fi

  # A lock timeout halves the batch at once: row 50 is locked while the first batch (rows 1..100)
  # runs; it halves until the row is outside it, and goes on once the lock is gone.
  ctl_bundle adaptive_lock '"target_batch_ms": 40, "min_batch_size": 10, "max_batch_size": 3000, "batch_size": 100, "sleep_ms": 0, "lock_timeout_ms": 200, "max_retries": 8'
  ctl_reset || { fail "adaptive, lock timeout: 02_prepare.sql" "$(tail -3 "$LOG")"; return; }
  psql -X -q -d "$DB" -c "BEGIN; SELECT id FROM public.orders WHERE id = 50 FOR UPDATE; SELECT pg_sleep(1.5); COMMIT;" >>"$LOG" 2>&1 &
  local holder=$!
  sleep 0.3
  run_bundle 03_backfill.sql -v max_rows=100
  wait "$holder"
  local first
  first=$(ctl_sizes 1 1)
  if grep -q 'lock timeout.*retry 1 of 8' "$LOG" && [ -n "$first" ] && [ "$first" -le 50 ]; then
    pass "adaptive: a lock timeout halves the batch before its retry (first batch $first rows, not 100)"
  else
    fail "adaptive: a lock timeout halves the batch before its retry" "first batch '$first' rows; $(grep -m1 'retry' "$LOG")"
  fi
}

# A statement timeout halves the batch for the next call: a trigger (not in the planned schema)
# makes the update of row 50 take 0.5 s the first two times, against a 300 ms statement_timeout.
_ctl_statement_timeout() {
  ctl_bundle adaptive_timeout '"batch_size": 100, "sleep_ms": 0, "target_batch_ms": 100, "min_batch_size": 10, "max_batch_size": 1000, "statement_timeout_ms": 300'
  ctl_reset || { fail "adaptive, statement timeout: 02_prepare.sql" "$(tail -3 "$LOG")"; return; }
  psql -X -q -v ON_ERROR_STOP=1 -d "$DB" >>"$LOG" 2>&1 <<'SQL'
CREATE SEQUENCE public.e2e_slow;
CREATE FUNCTION public.e2e_slow_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id = 50 THEN
    IF nextval('public.e2e_slow') <= 2 THEN
      PERFORM pg_sleep(0.5);
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER e2e_slow BEFORE UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION public.e2e_slow_row();
SQL
  local before
  before=$(wc -l <"$LOG")
  if run_bundle 03_backfill.sql && [ "$(tail -n +"$before" "$LOG" | grep -c 'cancelled by statement_timeout')" == 2 ] &&
    [ "$(ctl_sizes 1 1)" == 25 ] && ctl_verified; then
    pass "adaptive: a batch cancelled by statement_timeout is written by nobody and halves the next (100, 50 cancelled; first batch 25 rows); the run completes"
  else
    fail "adaptive: a statement timeout halves the next batch" "first batch '$(ctl_sizes 1 1)'; $(grep -m2 'statement_timeout\|ERROR' "$LOG" | tail -2)"
  fi
}

_ctl_live() {
  ctl_bundle live '"batch_size": 200, "sleep_ms": 300'
  ctl_reset || { fail "live: 02_prepare.sql" "$(tail -3 "$LOG")"; return; }
  local log=$W/live.log
  ctl_start "$log"
  wait_for 20 ctl_batches_at_least 3 || { fail "live: the run starts" "$(tail -3 "$log")"; return; }
  ctl_control pause
  sleep 1.5
  local b1 b2
  b1=$(ctl_batches)
  sleep 6
  b2=$(ctl_batches)
  if [ "$b1" == "$b2" ] && kill -0 "$BG_PID" 2>/dev/null && ctl_log_has "$log" 'paused (paused = true' && ctl_log_has "$log" 'paused for [0-9]* s: waiting'; then
    pass "live: paused, the run waits (batches stay at $b1 for 6 s) and says so every few seconds"
  else
    fail "live: paused, the run waits and says so" "batches $b1 then $b2; $(grep -c paused "$log") paused notices"
  fi
  ctl_control batch_size 50
  ctl_control resume
  wait_for 20 ctl_batches_at_least $((b1 + 3)) || { fail "live: resumed, the run goes on" "$(tail -3 "$log")"; return; }
  local sizes
  sizes=$(ctl_sizes $((b1 + 1)) $((b1 + 3)))
  if [ "$sizes" == "50 50 50" ] && ctl_log_has "$log" 'resumed after'; then
    pass "live: resumed; the batch size set while paused takes effect on the next batch ($(ctl_sizes "$b1" "$b1") then $sizes)"
  else
    fail "live: resumed; the new batch size takes effect on the next batch" "batches after $b1: '$sizes'"
  fi
  ctl_control sleep_ms 1200
  local bs
  bs=$(ctl_batches)
  wait_for 20 ctl_batches_at_least $((bs + 4)) || { fail "live: the run goes on with the new sleep" "$(tail -3 "$log")"; return; }
  local gap
  gap=$(q "SELECT round(extract(epoch FROM max(t) - min(t)) / 2, 2) FROM (SELECT min(backed_up_at) AS t FROM $CTL_BACKUP WHERE batch_no BETWEEN $((bs + 2)) AND $((bs + 4)) GROUP BY batch_no) AS s")
  if awk -v g="$gap" 'BEGIN { exit !(g >= 1.2 && g < 3) }'; then
    pass "live: sleep_ms set in the progress row: $gap s between batches (1.2 s asked, 0.3 s before)"
  else
    fail "live: sleep_ms set in the progress row paces the batches" "gap '$gap' s"
  fi
  ctl_control stop
  local rc=0 stopped_at=$SECONDS
  ctl_wait_bg || rc=$?
  local batches
  batches=$(ctl_batches)
  ctl_counts_after_stop "$batches" 1
  if [ "$rc" != 0 ] && ctl_log_has "$log" 'stopped on request' && [ $((SECONDS - stopped_at)) -le 5 ] &&
    [ "$CTL_STILL" == t ] && [ "$CTL_DONE" == "$CTL_BACKED" ] && [ $((CTL_DONE + CTL_PENDING)) == 14000 ]; then
    pass "live: stop_requested: psql ends before the next batch (exit $rc); $CTL_DONE rows in the backup and the progress row, $CTL_PENDING left, 14,000 in all"
  else
    fail "live: stop_requested stops the run with exact counts" "exit $rc; done $CTL_DONE, backed up $CTL_BACKED, pending $CTL_PENDING; $(tail -2 "$log")"
  fi
  if run_bundle 03_backfill.sql; then
    fail "live: after a stop request, 03 refuses to go on by itself" "psql exited 0"
  elif grep -q 'a stop was requested' "$LOG" && [ "$(ctl_batches)" == "$batches" ]; then
    pass "live: after a stop request, 03 refuses to go on by itself"
  else
    fail "live: after a stop request, 03 refuses to go on by itself" "$(tail -2 "$LOG")"
  fi
  ctl_control own_settings
  if run_bundle 03_backfill.sql -v resume=1 -v sleep_ms=0 && ctl_verified; then
    pass "live: -v resume=1 clears the request and completes; 04_verify.sql passes"
  else
    fail "live: -v resume=1 clears the request and completes" "$(tail -3 "$LOG")"
  fi
  if [ "$(ctl_control_value state)" == "f|f||||" ]; then
    pass "live: the plan's state query shows the run told nothing after the resumed run (no pause, no stop, no setting of its own)"
  else
    fail "live: the plan's state query" "got '$(ctl_control_value state)'"
  fi
}

# Two sessions queued on row 20000 (outside the backfill): one waits for the holder's
# transaction, the other for the row's tuple lock. The holder keeps its lock for HOLD seconds.
ctl_queue_lock_waiters() {
  local hold=$1
  psql -X -q -d "$DB" -c "BEGIN; SELECT id FROM public.orders WHERE id = 20000 FOR UPDATE; SELECT pg_sleep($hold); COMMIT;" >>"$LOG" 2>&1 &
  CTL_HOLDER=$!
  sleep 0.3
  psql -X -q -d "$DB" -c "UPDATE public.orders SET total = total WHERE id = 20000" >>"$LOG" 2>&1 &
  CTL_WAITER1=$!
  psql -X -q -d "$DB" -c "UPDATE public.orders SET total = total WHERE id = 20000" >>"$LOG" 2>&1 &
  CTL_WAITER2=$!
  sleep 0.5
}
ctl_lock_waiters_done() { wait "$CTL_HOLDER" "$CTL_WAITER1" "$CTL_WAITER2" 2>/dev/null; }

_ctl_throttle() {
  ctl_bundle throttle '"batch_size": 1000, "sleep_ms": 0, "throttle_query": "SELECT flag FROM public.e2e_throttle"'
  ctl_reset || { fail "throttle: 02_prepare.sql" "$(tail -3 "$LOG")"; return; }
  q "CREATE TABLE public.e2e_throttle AS SELECT false AS flag" >/dev/null
  local log=$W/throttle.log
  ctl_queue_lock_waiters 5
  ctl_start "$log" -v max_lock_waiters=1
  sleep 3
  if kill -0 "$BG_PID" 2>/dev/null && [ "$(ctl_batches)" == 0 ] && ctl_log_has "$log" '2 sessions wait for locks on public.orders, above 1 (max_lock_waiters): waiting'; then
    pass "throttle: two lock waiters on the table, above max_lock_waiters=1: the run waits, no batch, and says why"
  else
    fail "throttle: two lock waiters pause the run" "batches $(ctl_batches); $(tail -2 "$log")"
  fi
  ctl_lock_waiters_done
  if ctl_wait_bg && ctl_log_has "$log" 'complete: pass'; then
    pass "throttle: the waiters gone, the run goes on and completes"
  else
    fail "throttle: the waiters gone, the run goes on and completes" "$(tail -3 "$log")"
  fi

  ctl_reset || { fail "throttle: 02_prepare.sql" "$(tail -3 "$LOG")"; return; }
  q "CREATE TABLE public.e2e_throttle AS SELECT false AS flag" >/dev/null
  ctl_queue_lock_waiters 3
  local t=$SECONDS
  if run_bundle 03_backfill.sql -v critical_lock_waiters=1; then
    fail "throttle: over critical_lock_waiters the run stops" "psql exited 0"
  elif grep -q 'above critical_lock_waiters (1): stopping before batch 1' "$LOG" && [ "$(ctl_batches)" == 0 ] && [ $((SECONDS - t)) -le 2 ]; then
    pass "throttle: over critical_lock_waiters=1 the run stops at once, before any batch"
  else
    fail "throttle: over critical_lock_waiters the run stops" "batches $(ctl_batches); $(tail -2 "$LOG")"
  fi
  ctl_lock_waiters_done

  ctl_reset || { fail "throttle: 02_prepare.sql" "$(tail -3 "$LOG")"; return; }
  q "CREATE TABLE public.e2e_throttle AS SELECT true AS flag" >/dev/null
  log=$W/throttle_query.log
  ctl_start "$log"
  sleep 2.5
  if kill -0 "$BG_PID" 2>/dev/null && [ "$(ctl_batches)" == 0 ] && ctl_log_has "$log" 'throttle_query returned true: waiting'; then
    pass "throttle: throttle_query returning true holds the run before its first batch"
  else
    fail "throttle: throttle_query returning true holds the run" "batches $(ctl_batches); $(tail -2 "$log")"
  fi
  q "UPDATE public.e2e_throttle SET flag = false" >/dev/null
  if ctl_wait_bg && ctl_log_has "$log" 'complete: pass' && ctl_verified; then
    pass "throttle: throttle_query false again: the run completes; 04_verify.sql passes"
  else
    fail "throttle: throttle_query false again: the run completes" "$(tail -3 "$log")"
  fi
}
