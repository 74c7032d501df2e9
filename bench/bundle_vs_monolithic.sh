#!/usr/bin/env bash
# Benchmark (not a test): the bundle's full run of 03_backfill.sql (sleep_ms=0) against one
# monolithic statement doing the same update and backup, on 1,000,000 rows of the orders
# example, on one private PostgreSQL 15 server, both timed in the same psql session.
# Also compares the time of the first 10% of batches with the last 10% (backed_up_at), and the
# session backend's CPU time and the WAL each side writes.
# Usage: bench/bundle_vs_monolithic.sh path/to/backfill-plan [rows]
#        DROP_INDEX=orders_customer_id_idx bench/bundle_vs_monolithic.sh ...  (both sides without that
#        index: what the table's own index maintenance costs, apart from the bundle's)
#        AGE=1 bench/bundle_vs_monolithic.sh ...  (both tables as a production table is after earlier
#        writes: every row updated twice and VACUUMed before the measure, so that the heap and the
#        indexes have the free space such a table has, rather than a fresh load's packed pages)
set -euo pipefail
TOOL=$(realpath "$1")
ROWS=${2:-1000000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/tests/e2e/pg.sh"
pg_require
# The default shared_buffers (128 MB) is smaller than the table plus its backup: later batches
# would pay for evicting dirty pages and a checkpoint could land in either side. Measure the
# bundle, not that; PG_OPTIONS= (empty) runs with the defaults.
export PG_OPTIONS=${PG_OPTIONS-"-c shared_buffers=1GB -c max_wal_size=8GB"}
WORK=$(mktemp -d /tmp/backfill-bench.XXXXXX)
trap 'pg_stop; rm -rf "$WORK"' EXIT
pg_start
export PGDATABASE=bench
createdb bench
EX=$ROOT/examples/orders
psql -X -q -v ON_ERROR_STOP=1 -f "$EX/schema.sql" >/dev/null
if [ -n "${DROP_INDEX:-}" ]; then
  psql -X -q -v ON_ERROR_STOP=1 -v index="$DROP_INDEX" <<<'DROP INDEX public.:"index";'
fi
psql -X -q -v ON_ERROR_STOP=1 -v rows="$ROWS" -f "$ROOT/bench/orders_data.sql"
(cd "$EX" && "$TOOL" orders.status --date 2026-11-21 --format sql --output "$WORK/bundle" >/dev/null)
(cd "$EX" && "$TOOL" orders.status --date 2026-11-21 --format json) >"$WORK/plan.json"
eval "$(psql -X -q -At -v ON_ERROR_STOP=1 -v plan="$(cat "$WORK/plan.json")" -f "$ROOT/tests/e2e/describe.sql")"
psql -X -q -v ON_ERROR_STOP=1 -f "$WORK/bundle/02_prepare.sql" >/dev/null
# The monolithic side works on an identical copy with an identical backup table.
psql -X -q -v ON_ERROR_STOP=1 <<SQL
CREATE SCHEMA mono;
CREATE TABLE mono.orders (LIKE public.orders INCLUDING ALL);
INSERT INTO mono.orders SELECT * FROM public.orders;
CREATE TABLE mono.backup (LIKE $BACKUP INCLUDING ALL);
VACUUM ANALYZE public.orders, mono.orders;
SQL
if [ -n "${AGE:-}" ]; then
  for t in public.orders mono.orders; do
    psql -X -q -v ON_ERROR_STOP=1 -c "UPDATE $t SET total = total" -c "VACUUM $t" -c "UPDATE $t SET total = total" -c "VACUUM ANALYZE $t"
  done
fi
psql -X -q -v ON_ERROR_STOP=1 -c CHECKPOINT
psql -X -q <<'SQL'
SQL
TO_CHANGE=$(psql -X -At -c "SELECT count(*) FROM $T WHERE ($WHEREX) AND $REF.$COL IS DISTINCT FROM ($SETX)")
echo "rows: $ROWS, to change: $TO_CHANGE"
# CPU: the session's backend's user + system time (/proc/PID/stat, clock ticks) around each side;
# WAL: the bytes each side writes (pg_current_wal_lsn). Both sides run in the same session.
psql -X -q -v ON_ERROR_STOP=1 -v sleep_ms=0 >"$WORK/run.log" 2>&1 <<SQL
SELECT pg_backend_pid() AS backend \gset
\setenv BACKEND :backend
\! awk '{ print \$14 + \$15 }' /proc/\$BACKEND/stat >>$WORK/cpu
SELECT clock_timestamp() AS t0, pg_current_wal_lsn() AS w0 \gset
\ir $WORK/bundle/03_backfill.sql
SELECT extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) AS bundle_s,
       pg_wal_lsn_diff(pg_current_wal_lsn(), :'w0') AS bundle_wal \gset
\! awk '{ print \$14 + \$15 }' /proc/\$BACKEND/stat >>$WORK/cpu
CHECKPOINT;
\! awk '{ print \$14 + \$15 }' /proc/\$BACKEND/stat >>$WORK/cpu
SELECT clock_timestamp() AS t0, pg_current_wal_lsn() AS w0 \gset
WITH todo AS (
  SELECT orders.id, orders.$COL AS old FROM mono.orders AS orders
  WHERE ($WHEREX) AND orders.$COL IS DISTINCT FROM ($SETX) FOR NO KEY UPDATE
), changed AS (
  UPDATE mono.orders AS orders SET $COL = $SETX FROM todo WHERE orders.id = todo.id
  RETURNING orders.id, todo.old, orders.$COL AS new
)
INSERT INTO mono.backup (id, old_value, new_value, batch_no) SELECT id, old, new, 1 FROM changed;
SELECT extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) AS mono_s,
       pg_wal_lsn_diff(pg_current_wal_lsn(), :'w0') AS mono_wal \gset
\! awk '{ print \$14 + \$15 }' /proc/\$BACKEND/stat >>$WORK/cpu
\echo RESULT :bundle_s :mono_s :bundle_wal :mono_wal
SQL
read -r _ bundle_s mono_s bundle_wal mono_wal < <(grep '^RESULT' "$WORK/run.log")
ticks=$(getconf CLK_TCK)
read -r bundle_cpu mono_cpu < <(awk -v t="$ticks" '{ c[NR] = $1 } END { printf "%.2f %.2f\n", (c[2] - c[1]) / t, (c[4] - c[3]) / t }' "$WORK/cpu")
psql -X -At -c "SELECT count(*) FROM $T WHERE ($WHEREX) AND $REF.$COL IS DISTINCT FROM ($SETX)" |
  grep -qx 0 || { echo "the bundle's run did not finish:"; tail "$WORK/run.log"; exit 1; }
[ "$(psql -X -At -c "SELECT count(*) FROM mono.backup")" == "$TO_CHANGE" ] || { echo "monolithic backup count differs"; exit 1; }
# Each batch's time: from the previous batch's last backup row to its own last one.
psql -X -At -F ' ' >"$WORK/batches" <<SQL
WITH b AS (SELECT batch_no, max(backed_up_at) AS done FROM $BACKUP GROUP BY batch_no),
     d AS (SELECT batch_no, extract(epoch FROM done - lag(done) OVER (ORDER BY batch_no)) AS s,
                  ntile(10) OVER (ORDER BY batch_no) AS decile FROM b)
SELECT count(*), sum(s) FILTER (WHERE decile = 1), sum(s) FILTER (WHERE decile = 10) FROM d;
SQL
read -r batches first_s last_s <"$WORK/batches"
echo "seconds per tenth of the batches: $(psql -X -At -c "
  WITH b AS (SELECT batch_no, max(backed_up_at) AS done FROM $BACKUP GROUP BY batch_no),
       d AS (SELECT extract(epoch FROM done - lag(done) OVER (ORDER BY batch_no)) AS s,
                    ntile(10) OVER (ORDER BY batch_no) AS decile FROM b)
  SELECT string_agg(round(t, 2)::text, ' ' ORDER BY decile) FROM (SELECT decile, sum(s) AS t FROM d GROUP BY decile) AS x")"
grep -i 'notice:  \(pass\|complete\)' "$WORK/run.log" | sed 's/.*NOTICE: */  /' || true
passes=$(psql -X -At -c "SELECT pass FROM $PROGRESS")
awk -v b="$bundle_s" -v m="$mono_s" -v n="$batches" -v f="$first_s" -v l="$last_s" -v p="$passes" \
    -v bc="$bundle_cpu" -v mc="$mono_cpu" -v bw="$bundle_wal" -v mw="$mono_wal" 'BEGIN {
  printf "bundle 03_backfill.sql (sleep_ms=0): %.2f s, %d batches, %d passes\n", b, n, p
  printf "monolithic statement:               %.2f s\n", m
  printf "bundle / monolithic:                %.2fx\n", b / m
  printf "backend CPU, bundle / monolithic:   %.2f s / %.2f s = %.2fx\n", bc, mc, bc / mc
  printf "WAL, bundle / monolithic:           %.0f MB / %.0f MB = %.2fx\n", bw / 1048576, mw / 1048576, bw / mw
  printf "first 10%% of batches: %.3f s, last 10%%: %.3f s\n", f, l
  printf "last 10%% / first 10%%:              %.2fx\n", l / f
}'
