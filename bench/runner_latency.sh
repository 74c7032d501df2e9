#!/usr/bin/env bash
# Benchmark (not a test, no verdict): what the application sees while the bundle's 03_backfill.sql
# runs. On one private PostgreSQL 15 server, ROWS orders of the orders example (70% from before
# the status column: NULL, to change), pgbench plays the application at a fixed rate: point reads
# and point updates by random id, half each (the update leaves status alone, but waits for a row
# a batch has locked). Each scenario starts from a freshly reloaded table:
#   baseline   pgbench alone (BASELINE_S seconds)
#   b10000     03_backfill.sql -v batch_size=10000 -v sleep_ms=0
#   b1000      03_backfill.sql -v batch_size=1000 -v sleep_ms=50
#   adaptive   03_backfill.sql -v target_batch_ms=100 -v min_batch_size=100 -v max_batch_size=20000 -v batch_size=1000
#   default    03_backfill.sql as generated (the example's batch_size 2000, sleep_ms 50)
#   pN         N runners together (-v runners=N -v runner=K, batch_size 2000, sleep_ms 0): p1 p2 p4
#              (not in the default list) compare their wall time
#   mono       one monolithic statement (the update and the backup insert, as
#              bench/bundle_vs_monolithic.sh runs it) on the same table
# pgbench runs from WARMUP_S before the backfill until TAIL_S after it; the application's figures
# count the transactions scheduled while the backfill ran (latency from the scheduled start, so a
# client held by a lock counts the transactions it could not start). Batch times are the duration
# of every batch CALL, from the server log (log_min_duration_statement=0 in the backfill's
# session only).
# With --triggers, two row triggers on public.orders (AFTER UPDATE, each writing a row to an
# audit table) make every update, the batch's and the application's, cost more; the bundle is
# planned from the schema with those triggers in it.
# Usage: bench/runner_latency.sh path/to/backfill-plan [--triggers]
#   ROWS=100000 (default 1000000)      SCENARIOS="baseline b10000" (default: all six, in that order)
#   RATE=500 CLIENTS=4 THREADS=2       BASELINE_S=20 WARMUP_S=2 TAIL_S=3
#   PG_OPTIONS=... server options (default shared_buffers=1GB, max_wal_size=8GB; empty: defaults)
#   KEEP=1 keeps the work folder (pgbench logs, psql output, server log) and says where
set -euo pipefail
TOOL=$(realpath "$1")
WITH_TRIGGERS=0
[ "${2:-}" == --triggers ] && WITH_TRIGGERS=1
ROWS=${ROWS:-1000000}
SCENARIOS=${SCENARIOS:-"baseline b10000 b1000 adaptive default mono"}
RATE=${RATE:-500}
CLIENTS=${CLIENTS:-4}
THREADS=${THREADS:-2}
BASELINE_S=${BASELINE_S:-20}
WARMUP_S=${WARMUP_S:-2}
TAIL_S=${TAIL_S:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/tests/e2e/pg.sh"
pg_require
command -v pgbench >/dev/null || { echo "skipped: pgbench is not installed"; exit 77; }
# Table, backup and indexes fit in shared_buffers, and max_wal_size forces no checkpoint in the
# middle of a run (as in the other benchmarks). The log line prefix gives each line its time.
export PG_OPTIONS=${PG_OPTIONS-"-c shared_buffers=1GB -c max_wal_size=8GB"}
PG_OPTIONS="$PG_OPTIONS -c log_line_prefix='%m [%p] %a '"
WORK=$(mktemp -d /tmp/backfill-bench.XXXXXX)
PGBENCH_PID=
cleanup() {
  if [ -n "$PGBENCH_PID" ]; then kill -TERM "$PGBENCH_PID" 2>/dev/null || true; wait "$PGBENCH_PID" 2>/dev/null || true; fi
  [ -z "${KEEP:-}" ] || [ -z "${PG_DIR:-}" ] || cp "$PG_DIR/server.log" "$WORK/" 2>/dev/null || true
  pg_stop
  if [ -n "${KEEP:-}" ]; then echo "work folder kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
started=$(date +%s)
pg_start
export PGDATABASE=bench
createdb bench
sql() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }

# The example, with the audit triggers for --triggers: the plan knows the schema it runs on.
cp -r "$ROOT/examples/orders" "$WORK/ex"
EX=$WORK/ex
if [ "$WITH_TRIGGERS" == 1 ]; then
  cat >>"$EX/schema.sql" <<'SQL'

CREATE TABLE public.order_audit (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id bigint NOT NULL,
    what text NOT NULL,
    old_value text,
    new_value text,
    changed_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);

CREATE FUNCTION public.audit_order_status() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  INSERT INTO public.order_audit (order_id, what, old_value, new_value) VALUES (NEW.id, 'status', OLD.status, NEW.status);
  RETURN NULL;
END
$$;

CREATE FUNCTION public.audit_order_total() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  INSERT INTO public.order_audit (order_id, what, old_value, new_value) VALUES (NEW.id, 'total', OLD.total::text, NEW.total::text);
  RETURN NULL;
END
$$;

CREATE TRIGGER orders_audit_status AFTER UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION public.audit_order_status();
CREATE TRIGGER orders_audit_total AFTER UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION public.audit_order_total();
SQL
fi
sql -f "$EX/schema.sql" >/dev/null
# The example's data.sql, scaled as bench/bundle_vs_monolithic.sh does it: 70% of the orders
# predate the status column (NULL). Kept in a copy that every scenario reloads from.
sql <<SQL
INSERT INTO public.customers (id, email) SELECT i, 'c' || i || '@example.com' FROM generate_series(1, 5000) AS i;
CREATE TABLE public.orders_pristine AS
SELECT i::bigint AS id, 1 + (i::bigint * 7919) % 5000 AS customer_id,
       CASE WHEN i <= $ROWS * 0.7 THEN NULL WHEN i % 10 = 0 THEN 'cancelled' WHEN i % 3 = 0 THEN 'shipped' ELSE 'pending' END AS status,
       (5 + (i * 37) % 995)::numeric(12,2) AS total, CASE WHEN i % 3 = 0 AND i % 10 <> 0 THEN now() END AS shipped_at,
       CASE WHEN i % 10 = 0 THEN now() END AS cancelled_at, now() AS created_at
FROM generate_series(1, $ROWS) AS i;
SQL
(cd "$EX" && "$TOOL" orders.status --date 2026-11-21 --format sql --output "$WORK/bundle" >/dev/null)
(cd "$EX" && "$TOOL" orders.status --date 2026-11-21 --format json) >"$WORK/plan.json"
eval "$(sql -v plan="$(cat "$WORK/plan.json")" -f "$ROOT/tests/e2e/describe.sql")"
TODO="SELECT count(*) FROM $T WHERE ($WHEREX) AND $REF.$COL IS DISTINCT FROM ($SETX)"
sql -f "$WORK/bundle/02_prepare.sql" >/dev/null
# The monolithic statement writes to a table like the bundle's backup (99_cleanup leaves it).
sql -c "CREATE TABLE public.bench_mono_backup (LIKE $BACKUP INCLUDING ALL)"

# The application: a point read or a point update by a random id, half each.
cat >"$WORK/read.sql" <<SQL
\set id random(1, $ROWS)
SELECT id, status, total FROM public.orders WHERE id = :id;
SQL
cat >"$WORK/update.sql" <<SQL
\set id random(1, $ROWS)
UPDATE public.orders SET total = total + 0 WHERE id = :id;
SQL

# reset: the bundle's objects dropped and made again, the table as loaded, vacuumed, checkpointed.
reset() {
  if [ "$(sql -c "SELECT to_regclass('$BACKUP') IS NOT NULL")" == t ]; then
    sql -v force=1 -f "$WORK/bundle/99_cleanup.sql" >/dev/null 2>>"$WORK/setup.log"
  fi
  sql -c "TRUNCATE public.orders, public.bench_mono_backup$([ "$WITH_TRIGGERS" == 1 ] && echo ", public.order_audit")" \
      -c "INSERT INTO public.orders (id, customer_id, status, total, shipped_at, cancelled_at, created_at)
          SELECT id, customer_id, status, total, shipped_at, cancelled_at, created_at FROM public.orders_pristine" >/dev/null
  sql -c "VACUUM ANALYZE public.orders" -c "CHECKPOINT" >/dev/null
  sql -f "$WORK/bundle/02_prepare.sql" >/dev/null
}

# pgbench_start NAME [-T seconds]: the application, in the background (PGBENCH_PID).
pgbench_start() {
  local name=$1
  shift
  mkdir -p "$WORK/pgb.$name"
  pgbench -n -M prepared -R "$RATE" -c "$CLIENTS" -j "$THREADS" "$@" \
    -f "$WORK/read.sql@1" -f "$WORK/update.sql@1" --log --log-prefix="$WORK/pgb.$name/tx" \
    >"$WORK/pgb.$name/out" 2>"$WORK/pgb.$name/err" &
  PGBENCH_PID=$!
}
# pgbench_stop: pgbench has no end of its own during a backfill (-T is long): terminated (SIGTERM:
# a background job of a script ignores SIGINT), it
# loses at most the last few hundred milliseconds of its log, which TAIL_S keeps out of the window.
pgbench_stop() {
  kill -TERM "$PGBENCH_PID" 2>/dev/null || true
  wait "$PGBENCH_PID" 2>/dev/null || true
  PGBENCH_PID=
}

# app_stats NAME T0 T1: "txns expected p50 p99 max update_p99 over_1s errors" (milliseconds) for
# the transactions scheduled in [T0, T1] (scheduled = completion - latency; pgbench's latency
# under -R counts from the scheduled start). Errors: failed transactions and aborted clients.
app_stats() {
  local name=$1 t0=$2 t1=$3 aborted
  aborted=$(grep -c 'aborted' "$WORK/pgb.$name/err" || true)
  cat "$WORK/pgb.$name"/tx.* | awk -v t0="$t0" -v t1="$t1" '
    $3 == "failed" { failed++; next }
    $3 == "skipped" { next }
    { end = $5 + $6 / 1e6; lat = $3 / 1000; s = end - lat / 1000
      if (s >= t0 && s <= t1) { print lat, $4 } }
    END { printf "%d\n", failed > "/dev/stderr" }' 2>"$WORK/pgb.$name/failed" | sort -n -k1,1 >"$WORK/pgb.$name/lat"
  awk -v t0="$t0" -v t1="$t1" -v rate="$RATE" -v failed="$(cat "$WORK/pgb.$name/failed")" -v aborted="$aborted" '
    { lat[++n] = $1; if ($2 == 1) upd[++u] = $1; if ($1 > 1000) slow++ }
    function pct(a, k, p, i) { if (!k) return 0; i = int(k * p / 100 + 0.999999); return a[i < 1 ? 1 : i] }
    END { printf "%d %d %.1f %.1f %.1f %.1f %d %d\n", n, (t1 - t0) * rate, pct(lat, n, 50), pct(lat, n, 99),
                 n ? lat[n] : 0, pct(upd, u, 99), slow, failed + aborted }' "$WORK/pgb.$name/lat"
}

# batch_stats FROM BATCHES: "p50 p99 max" of the first BATCHES batch CALLs in the server log from
# byte FROM. The CALLs that change rows come first (pass 1); then the CALLs that find the end of
# a pass, and after completion CALLs that return at once: not batches.
batch_stats() {
  tail -c +"$1" "$PG_DIR/server.log" | awk -v n="$2" '
    /duration: [0-9.]+ ms +statement: CALL [^ ]*_batch_/ {
      for (i = 1; i <= NF; i++) if ($i == "duration:") d = $(i + 1) + 0
      if (++k <= n) print d }' | sort -n | awk '
    { a[++n] = $1 }
    function pct(p, i) { i = int(n * p / 100 + 0.999999); return a[i < 1 ? 1 : i] }
    END { if (n) printf "%.1f %.1f %.1f\n", pct(50), pct(99), a[n]; else print "- - -" }'
}

now() { date +%s.%N; }
# scenario NAME: one row of the table in $WORK/row.NAME
run_scenario() {
  local name=$1 t0 t1 from rc=0 vars=() to_change changed batches passes left
  reset
  to_change=$(sql -c "$TODO")
  case $name in
    baseline)
      pgbench_start "$name" -T "$BASELINE_S"
      t0=$(now)
      wait "$PGBENCH_PID" || true
      PGBENCH_PID=
      t1=$(now)
      read -r n exp p50 p99 max u99 slow err < <(app_stats "$name" "$t0" "$t1")
      printf '%s|%.1f|-|-|-|%s / %s / %s|%s|%s|%s / %s|%s\n' "$name" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" \
        "$p50" "$p99" "$max" "$u99" "$slow" "$n" "$exp" "$err" >"$WORK/row.$name"
      echo "$p99" >"$WORK/baseline_p99"
      return ;;
    b10000) vars=(-v batch_size=10000 -v sleep_ms=0) ;;
    b1000) vars=(-v batch_size=1000 -v sleep_ms=50) ;;
    adaptive) vars=(-v target_batch_ms=100 -v min_batch_size=100 -v max_batch_size=20000 -v batch_size=1000) ;;
    default) vars=() ;;
    p[0-9]*) vars=(-v batch_size=2000 -v sleep_ms=0 -v runners="${name#p}") ;;
    mono) ;;
    *) echo "unknown scenario $name"; exit 2 ;;
  esac
  case $name in
    mono) echo "$name: one UPDATE ... FROM (SELECT ... FOR NO KEY UPDATE) and the backup INSERT, in one statement" ;;
    default) echo "$name: no -v (batch_size 2000, sleep_ms 50: the example's requirement)" ;;
    *) echo "$name: ${vars[*]}" ;;
  esac >>"$WORK/settings"
  pgbench_start "$name" -T 3600
  sleep "$WARMUP_S"
  from=$(($(stat -c %s "$PG_DIR/server.log") + 1))
  t0=$(now)
  if [ "$name" == mono ]; then
    PGOPTIONS="-c log_min_duration_statement=0" psql -X -q -v ON_ERROR_STOP=1 >"$WORK/$name.log" 2>&1 <<SQL || rc=$?
WITH todo AS (
  SELECT orders.id, orders.$COL AS old FROM $T AS orders
  WHERE ($WHEREX) AND orders.$COL IS DISTINCT FROM ($SETX) FOR NO KEY UPDATE
), changed AS (
  UPDATE $T AS orders SET $COL = $SETX FROM todo WHERE orders.id = todo.id
  RETURNING orders.id, todo.old, orders.$COL AS new
)
INSERT INTO public.bench_mono_backup (id, old_value, new_value, batch_no) SELECT id, old, new, 1 FROM changed;
SQL
  elif [[ $name == p[0-9]* ]]; then
    # N runners of one run, started together (stage 3's command with parallelism N)
    local k pids=()
    for k in $(seq 1 "${name#p}"); do
      PGOPTIONS="-c log_min_duration_statement=0" psql -X -v ON_ERROR_STOP=1 "${vars[@]}" -v runner="$k" \
        -f "$WORK/bundle/03_backfill.sql" >"$WORK/$name.$k.log" 2>&1 &
      pids+=($!)
    done
    for k in "${pids[@]}"; do wait "$k" || rc=$?; done
    cat "$WORK/$name".*.log >"$WORK/$name.log"
  else
    PGOPTIONS="-c log_min_duration_statement=0" psql -X -v ON_ERROR_STOP=1 "${vars[@]}" \
      -f "$WORK/bundle/03_backfill.sql" >"$WORK/$name.log" 2>&1 || rc=$?
  fi
  t1=$(now)
  sleep "$TAIL_S"
  pgbench_stop
  if [ "$rc" != 0 ]; then
    echo "$name failed (psql status $rc):"; tail -5 "$WORK/$name.log"; exit 1
  fi
  left=$(sql -c "$TODO")
  [ "$left" == 0 ] || { echo "$name left $left of $to_change rows to change"; exit 1; }
  read -r n exp p50 p99 max u99 slow err < <(app_stats "$name" "$t0" "$t1")
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
  rps=$(awk -v r="$to_change" -v w="$wall" 'BEGIN { printf "%d", r / w }')
  if [ "$name" == mono ]; then
    bp="1 statement"
  else
    read -r batches passes < <(sql -F ' ' -c "SELECT batches, pass FROM $PROGRESS")
    read -r b50 b99 bmax < <(batch_stats "$from" "$batches")
    bp="$batches x: $b50 / $b99 (max $bmax)"
    echo "$b99" >"$WORK/batch_p99.$name"
    [ "$passes" == 2 ] || bp="$bp (passes: $passes, later passes not counted)"
  fi
  echo "$p99 $err" >"$WORK/app_p99.$name"
  printf '%s|%s|%s|%s|%s|%s / %s / %s|%s|%s|%s / %s|%s\n' "$name" "$wall" "$to_change" "$rps" "$bp" \
    "$p50" "$p99" "$max" "$u99" "$slow" "$n" "$exp" "$err" >"$WORK/row.$name"
}

for s in $SCENARIOS; do
  echo "$(date +%T) $s ..." >&2
  run_scenario "$s"
  cat "$WORK/row.$s" >&2
done

echo
echo "settings: ROWS=$ROWS ($(sql -c "SELECT count(*) FROM public.orders_pristine WHERE status IS NULL") to change), triggers: $([ "$WITH_TRIGGERS" == 1 ] && echo "2 AFTER UPDATE row triggers writing to public.order_audit" || echo none)"
echo "  pgbench -n -M prepared -R $RATE -c $CLIENTS -j $THREADS: point read / point update (SET total = total + 0) by random id, 1:1"
echo "  server: PostgreSQL $(sql -c "SHOW server_version" | cut -d' ' -f1), fsync=off, synchronous_commit=off, $PG_OPTIONS"
echo "  machine: $(nproc) cores, load average before the run $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  bundle: 03_backfill.sql defaults batch_size 2000, sleep_ms 50, lock_timeout 2 s, statement_timeout 30 s, max_lock_waiters 5"
sed 's/^/  /' "$WORK/settings" 2>/dev/null || true
echo "  app window: transactions scheduled while the backfill ran (baseline: the whole ${BASELINE_S} s); latency from the scheduled start, ms"
echo
{
  echo "scenario|wall s|rows|rows/s|batches: p50 / p99 ms|app p50 / p99 / max ms|update p99 ms|app > 1 s|app txns / expected|app errors"
  for s in $SCENARIOS; do cat "$WORK/row.$s"; done
} | awk -F'|' '
  { for (i = 1; i <= NF; i++) { c[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } ; if (NF > nf) nf = NF }
  END { for (r = 1; r <= NR; r++) { line = "|"; for (i = 1; i <= nf; i++) line = line sprintf(" %-*s |", w[i], c[r, i]); print line
          if (r == 1) { line = "|"; for (i = 1; i <= nf; i++) { d = ""; for (j = 0; j < w[i] + 2; j++) d = d "-"; line = line d "|" } print line } } }'
# The issue's goal, as information (no exit status): batch p99 within 2x target_batch_ms, app p99
# within 2x the baseline's with no errors.
echo
echo "goal: batch p99 within 2x target_batch_ms (adaptive); app p99 within 2x the baseline's, no app errors"
if [ -f "$WORK/batch_p99.adaptive" ]; then
  awk -v b="$(cat "$WORK/batch_p99.adaptive")" 'BEGIN { printf "  adaptive: batch p99 %.1f ms = %.2fx the 100 ms target: %s\n", b, b / 100, b <= 200 ? "met" : "NOT met" }'
fi
if [ -f "$WORK/baseline_p99" ]; then
  for s in $SCENARIOS; do
    [ -f "$WORK/app_p99.$s" ] || continue
    read -r p e <"$WORK/app_p99.$s"
    awk -v s="$s" -v p="$p" -v e="$e" -v b="$(cat "$WORK/baseline_p99")" 'BEGIN {
      printf "  %s: app p99 %.1f ms = %.2fx the baseline'"'"'s %.1f ms, %d errors: %s\n", s, p, p / b, b, e, (p <= 2 * b && e == 0) ? "met" : "NOT met" }'
  done
fi
echo "total time: $(($(date +%s) - started)) s"
