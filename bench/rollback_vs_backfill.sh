#!/usr/bin/env bash
# Benchmark (with a verdict): is the rollback as cheap as the backfill it undoes? On one private
# PostgreSQL 15 server, a table like the orders example with ROWS orders, every one without a
# status (all ROWS rows to change). For each batch size: 03_backfill.sql (-v sleep_ms=0
# -v batch_size=N), then 90_rollback.sql (-v sleep_ms=0), each timed on the wall clock, and
# the slowest single batch of each from the server log (log_min_duration_statement=0 in those
# two sessions only: the duration of every top-level CALL, one per batch). Between sizes the
# table is reloaded from a copy and 99_cleanup.sql / 02_prepare.sql start the bundle afresh.
# Exits 1 when 90 takes more than 1.5x as long as 03 at any size, or when a restore batch is
# slower than the statement_timeout (30 s; 90 then stops with an error).
# Usage: bench/rollback_vs_backfill.sh path/to/backfill-plan
#   ROWS=100000 (default 1000000)   SIZES="500 1000" (default "500 1000 2000 5000 10000")
#   PG_OPTIONS=... server options (default shared_buffers=1GB, max_wal_size=8GB; empty: defaults)
#   KEEP=1 keeps the work folder (psql output and server log of every run) and says where
set -euo pipefail
TOOL=$(realpath "$1")
ROWS=${ROWS:-1000000}
SIZES=${SIZES:-"500 1000 2000 5000 10000"}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/tests/e2e/pg.sh"
pg_require
# Table, backup and indexes fit in shared_buffers, and no checkpoint is forced by max_wal_size
# in the middle of a run: what is measured is the bundle's SQL.
export PG_OPTIONS=${PG_OPTIONS-"-c shared_buffers=1GB -c max_wal_size=8GB"}
WORK=$(mktemp -d /tmp/backfill-bench.XXXXXX)
trap 'pg_stop; if [ -n "${KEEP:-}" ]; then echo "work folder kept: $WORK"; else rm -rf "$WORK"; fi' EXIT
pg_start
export PGDATABASE=bench
createdb bench
EX=$ROOT/examples/orders
sql() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }
sql -f "$EX/schema.sql" >/dev/null
# ROWS orders from before the status column (NULL): a third shipped, a tenth cancelled.
sql <<SQL
INSERT INTO public.customers (id, email) SELECT i, 'c' || i || '@example.com' FROM generate_series(1, 5000) AS i;
CREATE TABLE public.orders_pristine AS
SELECT i::bigint AS id, 1 + (i::bigint * 7919) % 5000 AS customer_id, NULL::text AS status,
       (5 + (i * 37) % 995)::numeric(12,2) AS total,
       CASE WHEN i % 3 = 0 AND i % 10 <> 0 THEN now() END AS shipped_at,
       CASE WHEN i % 10 = 0 THEN now() END AS cancelled_at, now() AS created_at
FROM generate_series(1, $ROWS) AS i;
SQL
(cd "$EX" && "$TOOL" orders.status --date 2026-11-21 --format sql --output "$WORK/bundle" >/dev/null)
(cd "$EX" && "$TOOL" orders.status --date 2026-11-21 --format json) >"$WORK/plan.json"
eval "$(sql -v plan="$(cat "$WORK/plan.json")" -f "$ROOT/tests/e2e/describe.sql")"
TODO="SELECT count(*) FROM $T WHERE ($WHEREX) AND $REF.$COL IS DISTINCT FROM ($SETX)"

# run_timed FILE OUT [psql options]: runs a bundle file with every statement's duration in the
# server log; writes "wall_seconds slowest_call_ms calls" to OUT, returns psql's status.
run_timed() {
  local file=$1 out=$2 rc=0 from t0 t1
  shift 2
  from=$(($(stat -c %s "$PG_DIR/server.log") + 1))
  t0=$(date +%s.%N)
  PGOPTIONS="-c log_min_duration_statement=0" psql -X -v ON_ERROR_STOP=1 "$@" -f "$WORK/bundle/$file" \
    >"$WORK/$file.log" 2>&1 || rc=$?
  t1=$(date +%s.%N)
  tail -c +"$from" "$PG_DIR/server.log" >"$WORK/$file.server.log"
  awk -v t0="$t0" -v t1="$t1" '
    /duration: [0-9.]+ ms +statement: CALL / {
      for (i = 1; i <= NF; i++) if ($i == "duration:") d = $(i + 1) + 0
      n++; if (d > max) max = d
    }
    END { printf "%.3f %.1f %d\n", t1 - t0, max, n }' "$WORK/$file.server.log" >"$out"
  return $rc
}

status=0
printf '%-10s %10s %10s %8s %10s %10s %14s %14s\n' batch_size 03_s 90_s 90/03 03_calls 90_calls \
  slowest_03_ms slowest_90_ms
results=()
for n in $SIZES; do
  # A fresh start: the bundle's objects dropped, the table as loaded, vacuumed, checkpointed.
  if [ "$(sql -c "SELECT to_regclass('$BACKUP') IS NOT NULL")" == t ]; then
    sql -v force=1 -f "$WORK/bundle/99_cleanup.sql" >/dev/null 2>>"$WORK/setup.log"
  fi
  sql -c "TRUNCATE public.orders; INSERT INTO public.orders SELECT * FROM public.orders_pristine" >/dev/null
  sql -c "VACUUM ANALYZE public.orders" -c "CHECKPOINT" >/dev/null
  sql -f "$WORK/bundle/02_prepare.sql" >/dev/null
  to_change=$(sql -c "$TODO")
  if ! run_timed 03_backfill.sql "$WORK/03.$n" -v sleep_ms=0 -v batch_size="$n"; then
    echo "03_backfill.sql failed at batch size $n:"
    tail -5 "$WORK/03_backfill.sql.log"
    exit 1
  fi
  left=$(sql -c "$TODO")
  [ "$left" == 0 ] || { echo "03_backfill.sql left $left of $to_change rows at batch size $n"; exit 1; }
  sql -c "CHECKPOINT" >/dev/null
  rc90=0
  run_timed 90_rollback.sql "$WORK/90.$n" -v sleep_ms=0 || rc90=$?
  read -r b_s b_max b_calls <"$WORK/03.$n"
  read -r r_s r_max r_calls <"$WORK/90.$n"
  restored=$(sql -c "$TODO")
  printf '%-10s %10.2f %10.2f %7.2fx %10d %10d %14.1f %14.1f\n' "$n" "$b_s" "$r_s" \
    "$(awk -v r="$r_s" -v b="$b_s" 'BEGIN { print r / b }')" "$b_calls" "$r_calls" "$b_max" "$r_max"
  if [ "$rc90" != 0 ]; then
    echo "  90_rollback.sql failed at batch size $n: $(grep -m1 'ERROR' "$WORK/90_rollback.sql.log" || tail -1 "$WORK/90_rollback.sql.log")"
    status=1
  elif [ "$restored" != "$to_change" ]; then
    echo "  90_rollback.sql restored $restored of $to_change rows at batch size $n"
    status=1
  fi
  if awk -v r="$r_s" -v b="$b_s" 'BEGIN { exit !(r > 1.5 * b) }'; then
    results+=("batch size $n: 90 takes $(awk -v r="$r_s" -v b="$b_s" 'BEGIN { printf "%.2f", r / b }')x as long as 03 (limit 1.5x)")
    status=1
  fi
  if awk -v m="$r_max" 'BEGIN { exit !(m > 30000) }' || grep -q 'statement timeout' "$WORK/90_rollback.sql.log"; then
    results+=("batch size $n: a restore batch is slower than the statement_timeout (30 s)")
    status=1
  fi
done
echo "rows: $ROWS, all to change; sleep_ms=0; times on the wall clock, slowest CALL from the server log"
for r in "${results[@]}"; do echo "FAIL: $r"; done
[ "$status" == 0 ] && echo "ok: 90 within 1.5x of 03 at every size, every restore batch under 30 s"
exit "$status"
