# 03_schedule.sql on a server with pg_cron (shared_preload_libraries), on the orders example
# (14,000 rows to change) planned with "execution": "background_job":
#   - the job runs batches on its own, a run every minute (pg_cron 1.4; every 5 s from 1.5);
#   - the plan's stop statement: the job's run ends before its next batch and the job
#     unschedules itself; counts exact; scheduling again refuses without -v resume=1;
#   - -v resume=1: the job runs to completion, then unschedules itself; 04_verify.sql passes;
#   - the hostile_names example (names longer than pg_cron's 63-byte job names, quotes, `;`,
#     `$$`) planned as a background job: its job runs, completes, unschedules itself, and the
#     sentinel table its names try to drop is still there.
# Its own server (pg_cron reads cron.database_name at start); the main one is kept aside.
# Source after lib.sh and check_control.sh (ctl_* helpers); call check_cron. Expects TOOL,
# ROOT and WORK.

cron_job_count() { q "SELECT count(*) FROM cron.job WHERE jobname = 'orders_status_tick_20261121'"; }
cron_unscheduled() { [ "$(cron_job_count)" == 0 ]; }
cron_finished() { [ "$(q "SELECT finished_at IS NOT NULL FROM $CTL_PROGRESS")" == t ]; }

check_cron() {
  local RUN_AS=
  CHECK_PREFIX="pg_cron: "
  if [ ! -f /usr/share/postgresql/15/extension/pg_cron.control ]; then
    echo "skip - ${CHECK_PREFIX}the package postgresql-15-cron is not installed (./bootstrap test installs it)"
    CHECK_PREFIX=
    return 0
  fi
  local saved_dir=$PG_DIR saved_host=$PGHOST saved_port=$PGPORT t0=$SECONDS
  DB=e2e_cron
  W=$WORK/cron
  LOG=$W/log
  mkdir -p "$W"
  : >"$LOG"
  if PG_OPTIONS="-c shared_preload_libraries=pg_cron -c cron.database_name=$DB -c cron.host=@PG_DIR@" pg_start >>"$LOG" 2>&1; then
    _check_cron
    _check_cron_hostile
  else
    fail "a server with pg_cron starts" "$(tail -3 "$LOG")"
  fi
  [ -z "${BG_PID:-}" ] || { kill "$BG_PID" 2>/dev/null; BG_PID=; }
  pg_stop
  PG_DIR=$saved_dir PGHOST=$saved_host PGPORT=$saved_port
  export PGHOST PGPORT
  echo "     (pg_cron: $((SECONDS - t0)) s)"
  CHECK_PREFIX=
}

_check_cron() {
  ctl_bundle cron '"batch_size": 50, "sleep_ms": 500, "execution": "background_job"'
  if [ ! -f "$BUNDLE/03_schedule.sql" ]; then
    fail "execution background_job: the bundle has 03_schedule.sql" "$(ls "$BUNDLE" | tr '\n' ' ')"
    return
  fi
  ctl_reset || { fail "02_prepare.sql" "$(tail -3 "$LOG")"; return; }
  if run_bundle 03_schedule.sql; then
    fail "without pg_cron in the database, 03_schedule.sql refuses" "psql exited 0"
  elif grep -q 'pg_cron is not installed in database e2e_cron' "$LOG" && [ "$(q "SELECT to_regnamespace('cron') IS NULL AND to_regprocedure('public.orders_status_tick_20261121(integer, integer, integer, integer, integer, numeric, integer, integer, integer, integer, numeric, text)') IS NULL")" == t ]; then
    pass "without pg_cron in the database, 03_schedule.sql refuses and says what to do"
  else
    fail "without pg_cron in the database, 03_schedule.sql refuses" "$(tail -2 "$LOG")"
  fi
  q "CREATE EXTENSION pg_cron" >/dev/null
  if run_bundle 03_schedule.sql && [ "$(cron_job_count)" == 1 ]; then
    pass "03_schedule.sql schedules one job ($(q "SELECT schedule FROM cron.job"))"
  else
    fail "03_schedule.sql schedules one job" "$(tail -3 "$LOG")"
    return
  fi
  # The first run starts at the next minute.
  if wait_for 75 ctl_batches_at_least 3; then
    pass "the job runs batches on its own ($(ctl_batches) batches so far)"
  else
    fail "the job runs batches on its own" "batches '$(ctl_batches)'; $(q "SELECT status || ': ' || coalesce(return_message, '') FROM cron.job_run_details ORDER BY runid DESC LIMIT 1")"
    return
  fi
  ctl_control stop
  if wait_for 10 cron_unscheduled; then
    local batches
    batches=$(ctl_batches)
    ctl_counts_after_stop "$batches" 1.5
    if [ "$CTL_STILL" == t ] && [ "$CTL_DONE" == "$CTL_BACKED" ] && [ $((CTL_DONE + CTL_PENDING)) == 14000 ]; then
      pass "the plan's stop statement: the job unschedules itself before its next batch; $CTL_DONE rows done and backed up, $CTL_PENDING left"
    else
      fail "the stop statement stops the job with exact counts" "batches $batches then $(ctl_batches); done $CTL_DONE, backed up $CTL_BACKED, pending $CTL_PENDING"
    fi
  else
    fail "the plan's stop statement: the job unschedules itself" "$(cron_job_count) jobs; batches $(ctl_batches)"
    return
  fi
  if run_bundle 03_schedule.sql; then
    fail "after a stop request, 03_schedule.sql refuses without -v resume=1" "psql exited 0"
  elif grep -q 'a stop was requested' "$LOG" && cron_unscheduled; then
    pass "after a stop request, 03_schedule.sql refuses without -v resume=1 and schedules nothing"
  else
    fail "after a stop request, 03_schedule.sql refuses without -v resume=1" "$(tail -2 "$LOG")"
  fi
  if ! run_bundle 03_schedule.sql -v resume=1 -v batch_size=1000 -v sleep_ms=0; then
    fail "03_schedule.sql -v resume=1 schedules the job again" "$(tail -3 "$LOG")"
    return
  fi
  if wait_for 130 cron_finished && wait_for 10 cron_unscheduled; then
    pass "resumed: the job runs to completion and unschedules itself"
  else
    fail "resumed: the job runs to completion and unschedules itself" "finished: $(q "SELECT finished_at FROM $CTL_PROGRESS"); $(cron_job_count) jobs"
    return
  fi
  # pg_cron records the run that unscheduled its own job as "job canceled": the job was gone when
  # the run ended (its work is committed: the counts above). Every other run must succeed.
  local failed canceled
  failed=$(q "SELECT count(*) FROM cron.job_run_details WHERE status <> 'succeeded' AND return_message IS DISTINCT FROM 'job canceled'")
  canceled=$(q "SELECT count(*) FROM cron.job_run_details WHERE return_message = 'job canceled'")
  if [ "$failed" == 0 ] && [ "$canceled" -le 2 ] && ctl_verified; then
    pass "every run of the job succeeded ($(q "SELECT count(*) FROM cron.job_run_details") runs, $canceled ended by unscheduling itself); 04_verify.sql passes"
  else
    fail "every run of the job succeeded; 04_verify.sql passes" "$(q "SELECT string_agg(status || ': ' || coalesce(return_message, ''), '; ') FROM cron.job_run_details WHERE status <> 'succeeded'")"
  fi
}

# The hostile_names example, planned with "execution": "background_job", in the same database.
_check_cron_hostile() {
  local dir=$W/hostile
  mkdir -p "$dir/backfills"
  cp "$ROOT/examples/hostile_names/schema.sql" "$dir/"
  sed -e '/"execution"/d' -e 's/^{/{\n  "execution": "background_job",/' "$ROOT/examples/hostile_names/backfills/hostile.status.json" \
    >"$dir/backfills/hostile.status.json"
  if ! (cd "$dir" && "$TOOL" --requirement backfills/hostile.status.json --date 2026-11-21 --format sql --output bundle) >>"$LOG" 2>&1 ||
    ! psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$ROOT/examples/hostile_names/schema.sql" -f "$ROOT/examples/hostile_names/data.sql" >>"$LOG" 2>&1; then
    fail "hostile names: the bundle and the example's schema" "$(tail -3 "$LOG")"
    return
  fi
  BUNDLE=$dir/bundle
  if ! run_bundle 02_prepare.sql || ! run_bundle 03_schedule.sql -v sleep_ms=0; then
    fail "hostile names: 02_prepare.sql and 03_schedule.sql" "$(tail -3 "$LOG")"
    return
  fi
  local job
  job=$(q "SELECT jobname FROM cron.job")
  if wait_for 130 cron_no_job && run_bundle 04_verify.sql && [ "$(q "SELECT to_regclass('public.sentinel') IS NOT NULL")" == t ]; then
    pass "hostile names: the job ($(printf '%q' "$job")) runs to completion and unschedules itself; 04_verify.sql passes; public.sentinel is still there"
  else
    fail "hostile names: the job runs to completion and unschedules itself" "$(q "SELECT count(*) FROM cron.job") jobs; $(tail -2 "$LOG")"
  fi
}
cron_no_job() { [ "$(q "SELECT count(*) FROM cron.job")" == 0 ]; }
