# Parallel runners (03_backfill.sql -v runners=N -v runner=K) on the orders example (14,000 rows
# to change), with the application updating other columns of random rows all along:
#   - N = 1, 2 and 4 give the same end state: every row's status as one runner gives it, every
#     application write kept, one backup row per changed row, 04_verify.sql passing;
#   - the pass is split into N key ranges and ended once, by one runner, which sweeps alone;
#   - a runner terminated mid-run loses nothing: its range is taken over, the run completes;
#   - 90_rollback.sql after a parallel run restores every status and keeps the application's writes.
# Source after lib.sh and check_control.sh (ctl_* helpers); call check_parallel.

# The application: updates total of random rows until stopped, recording the last value written.
par_start_writer() {
  q "CREATE TABLE IF NOT EXISTS public.e2e_app_writes (id bigint PRIMARY KEY, total numeric NOT NULL)" >/dev/null
  psql -X -q -d "$DB" >>"$LOG" 2>&1 <<'SQL' &
DO $$
DECLARE k bigint; t numeric;
BEGIN
  FOR i IN 1..100000 LOOP
    k := 1 + floor(random() * 20000)::bigint;
    UPDATE public.orders SET total = total + 1 WHERE id = k RETURNING total INTO t;
    INSERT INTO public.e2e_app_writes VALUES (k, t) ON CONFLICT (id) DO UPDATE SET total = EXCLUDED.total;
    COMMIT;
    EXIT WHEN EXISTS (SELECT 1 FROM public.e2e_app_stop);
    PERFORM pg_sleep(0.002);
  END LOOP;
END $$;
SQL
  PAR_WRITER=$!
}
par_stop_writer() { q "INSERT INTO public.e2e_app_stop VALUES (1)" >/dev/null; wait "$PAR_WRITER" 2>/dev/null; }

# status of every row, in one md5: the same whatever the runners
par_statuses() { q "SELECT md5(string_agg(id || ':' || coalesce(status, '-'), ',' ORDER BY id)) FROM public.orders"; }
par_app_writes_kept() { q "SELECT count(*) FROM public.e2e_app_writes AS w JOIN public.orders AS o USING (id) WHERE o.total <> w.total"; }

# par_run N [KILL]: N runners together (KILL: runner 1's session terminated after its first
# batches, with 100 ms between batches so that it is caught mid-run).
par_run() {
  local n=$1 kill=${2:-} k pids=() rc=0 sleep=0 first=()
  [ -z "$kill" ] || sleep=100
  ctl_reset || return 1
  q "CREATE TABLE public.e2e_app_stop (x int)" >/dev/null
  par_start_writer
  for k in $(seq 1 "$n"); do
    # runner 1 says its backend's pid first, so that it can be terminated
    first=()
    [ "$k" != 1 ] || first=(-c "SELECT 'runner backend ' || pg_backend_pid()")
    psql -X -v ON_ERROR_STOP=1 -d "$DB" -v runners="$n" -v runner="$k" -v sleep_ms="$sleep" "${first[@]}" \
      -f "$BUNDLE/03_backfill.sql" >"$W/runner_$n.$k.log" 2>&1 &
    pids+=($!)
  done
  if [ -n "$kill" ]; then
    wait_for 20 ctl_range_batches_at_least 1 3
    local backend
    backend=$(grep -o -m1 'runner backend [0-9]*' "$W/runner_$n.1.log" | grep -o '[0-9]*$')
    q "SELECT pg_terminate_backend($backend)" >/dev/null
  fi
  for k in "${!pids[@]}"; do wait "${pids[$k]}" || rc=$((rc + 1)); done
  par_stop_writer
  PAR_FAILED_RUNNERS=$rc
}
ctl_range_batches_at_least() { [ "$(q "SELECT coalesce((SELECT batches FROM $CTL_RANGES WHERE range_no = $1), -1)")" -ge "$2" ] 2>/dev/null; }

check_parallel() {
  local RUN_AS=
  CHECK_PREFIX="parallel: "
  DB=e2e_parallel
  W=$WORK/parallel
  LOG=$W/log
  mkdir -p "$W"
  : >"$LOG"
  CTL_RANGES=public.orders_status_ranges_20261121
  local t0=$SECONDS expected=
  ctl_bundle parallel '"batch_size": 200, "sleep_ms": 0, "parallelism": 4'
  for n in 1 2 4; do
    par_run "$n" || { fail "$n runners: 02_prepare.sql" "$(tail -3 "$LOG")"; return; }
    local statuses pending backed kept ended
    statuses=$(par_statuses)
    pending=$(q "SELECT count(*) FROM public.orders WHERE status IS NULL")
    backed=$(q "SELECT count(*) FROM $CTL_BACKUP WHERE state = 'applied'")
    kept=$(par_app_writes_kept)
    ended=$(cat "$W"/runner_"$n".*.log | grep -c 'ends the pass and sweeps the table alone')
    [ -n "$expected" ] || expected=$statuses
    if [ "$PAR_FAILED_RUNNERS" == 0 ] && [ "$pending" == 0 ] && [ "$backed" == 14000 ] && [ "$kept" == 0 ] &&
      [ "$statuses" == "$expected" ] && ctl_verified && { [ "$n" == 1 ] || [ "$ended" == 1 ]; }; then
      pass "$n runner(s) with the application writing: the same statuses as one runner, 14,000 rows backed up once, every application write kept, 04_verify.sql passes$([ "$n" == 1 ] || echo ", the split pass ended once")"
    else
      fail "$n runner(s): the same end state as one runner" "failed runners $PAR_FAILED_RUNNERS, pending $pending, backed up $backed, writes lost $kept, statuses $([ "$statuses" == "$expected" ] && echo same || echo differ), pass ended $ended times"
    fi
    if [ "$n" == 4 ]; then
      local per_range
      per_range=$(q "SELECT count(DISTINCT batch_no) FROM $CTL_BACKUP")
      [ "$per_range" -gt 0 ] || true
      # A row the application wrote after its batch is kept as the application left it.
      local restored kept_rows nulls
      if run_bundle 90_rollback.sql -v sleep_ms=0; then
        restored=$(q "SELECT count(*) FROM $CTL_BACKUP WHERE state = 'restored'")
        kept_rows=$(q "SELECT count(*) FROM $CTL_BACKUP WHERE state = 'kept'")
        nulls=$(q "SELECT count(*) FROM public.orders WHERE status IS NULL")
      fi
      if [ -n "$restored" ] && [ "$nulls" == "$restored" ] && [ $((restored + kept_rows)) == 14000 ] && [ "$(par_app_writes_kept)" == 0 ] &&
        [ "$(q "SELECT count(*) FROM $CTL_BACKUP AS b WHERE b.state = 'kept' AND b.id NOT IN (SELECT id FROM public.e2e_app_writes)")" == 0 ]; then
        pass "90_rollback.sql after 4 runners ($per_range batch numbers): $restored statuses restored, $kept_rows rows the application wrote since kept as it wrote them"
      else
        fail "90_rollback.sql after 4 runners restores every status" "$(tail -3 "$LOG")"
      fi
    fi
  done
  par_run 2 kill || { fail "a runner terminated: 02_prepare.sql" "$(tail -3 "$LOG")"; return; }
  if [ "$PAR_FAILED_RUNNERS" == 1 ] && [ "$(q "SELECT count(*) FROM public.orders WHERE status IS NULL")" == 0 ] &&
    [ "$(q "SELECT count(*) FROM $CTL_BACKUP WHERE state = 'applied'")" == 14000 ] && [ "$(par_app_writes_kept)" == 0 ] &&
    [ "$(par_statuses)" == "$expected" ] && grep -q 'terminating connection' "$W"/runner_2.1.log; then
    pass "runner 1 of 2 terminated mid-run: the other takes its range over, the run completes with the same end state"
  else
    fail "a runner terminated mid-run: the run completes" "failed runners $PAR_FAILED_RUNNERS; pending $(q "SELECT count(*) FROM public.orders WHERE status IS NULL"); $(tail -2 "$W"/runner_2.1.log)"
  fi
  dropdb --if-exists "$DB" >/dev/null 2>&1
  echo "     (parallel: $((SECONDS - t0)) s)"
  CHECK_PREFIX=
}
