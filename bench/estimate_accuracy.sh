#!/usr/bin/env bash
# Benchmark (not a test): how close the plan's duration estimates come to the bundle's runs. For
# every example (its requirement without target_batch_ms) and each batch size, on one private
# PostgreSQL 15 server: the example's schema.sql and data.sql in a fresh database, the plan made
# for the rows there are to change (--rows N --batch-size B --sleep-ms 0), then 03_backfill.sql
# and 90_rollback.sql, each timed on the wall clock, against the plan's estimates of each.
# Also what a run costs besides its batches: 03_backfill.sql run again once complete (its counts of
# the rows to change, one per round, and psql's start), and the count alone (EXPLAIN ANALYZE) per
# thousand rows of the table, and the share of HOT updates. RUNS times each (a fresh database each time), the median printed.
# These set the constants of planner/analysis/batch_cost.h; the README has the table.
# Usage: bench/estimate_accuracy.sh path/to/backfill-plan
#   SIZES="5 1000 10000" (default)     EXAMPLES="orders triggers" (default: every example)
#   RUNS=3 (default 1): runs of each example and size, on a machine others share
#   PG_OPTIONS=... server options (default: durable commits, as on a production server:
#   fsync, synchronous_commit and full_page_writes on; tests/e2e/pg.sh turns them off)
#   KEEP=1 keeps the work folder (psql output of every run) and says where
set -euo pipefail
TOOL=$(realpath "$1")
SIZES=${SIZES:-"5 1000 10000"}
RUNS=${RUNS:-1}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
EXAMPLES=${EXAMPLES:-$(cd "$ROOT/examples" && echo */ | tr -d /)}
source "$ROOT/tests/e2e/pg.sh"
source "$ROOT/tests/e2e/lib.sh"
pg_require
export PG_OPTIONS=${PG_OPTIONS-"-c fsync=on -c synchronous_commit=on -c full_page_writes=on"}
WORK=$(mktemp -d /tmp/backfill-bench.XXXXXX)
trap 'pg_stop; if [ -n "${KEEP:-}" ]; then echo "work folder kept: $WORK"; else rm -rf "$WORK"; fi' EXIT
pg_start
LOG=$WORK/setup.log

# The example's requirement file: the first without adaptive batches (the estimate is for a
# fixed batch size).
requirement_of() {
  local file
  for file in "$1"/backfills/*.json; do
    grep -q '"target_batch_ms"' "$file" || { echo "backfills/$(basename "$file")"; return; }
  done
}

# plan_for DIR REQUIREMENT OUT [flags]: the JSON plan to OUT.json and the bundle to OUT/.
plan_for() {
  local dir=$1 requirement=$2 out=$3
  shift 3
  (cd "$dir" && "$TOOL" --requirement "$requirement" --date 2026-11-21 "$@" --format json) >"$out.json" 2>>"$LOG"
  (cd "$dir" && "$TOOL" --requirement "$requirement" --date 2026-11-21 "$@" --format sql --output "$out") >>"$LOG" 2>&1
}

# timed FILE [psql options]: runs a bundle file, prints its wall-clock seconds.
timed() {
  local file=$1 t0 t1
  shift
  t0=$(date +%s.%N)
  psql -X -v ON_ERROR_STOP=1 -d "$DB" "$@" -f "$BUNDLE/$file" >>"$W.log" 2>&1 || { echo "$file failed:" >&2; tail -5 "$W.log" >&2; exit 1; }
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
}

# measure DIR REQUIREMENT SIZE: one run in a fresh database; prints "rows s03 again_s calls03
# s90 calls90 count_ms_per_1k hot_percent" and leaves the plan in $W.json.
measure() {
  local dir=$1 requirement=$2 size=$3 rows s03 again calls03 s90 calls90 count_ms left
  no=$((no + 1))
  DB=estimate_$no W=$WORK/$no
  createdb "$DB"
  psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$dir/schema.sql" -f "$dir/data.sql" >>"$LOG" 2>&1
  # A first plan names the table and the rows to change; an expand-contract change adds the
  # column its backfill fills first.
  plan_for "$dir" "$requirement" "$W.first"
  set_from_file plan "$W.first.json"
  eval "$(psql -X -q -At -v ON_ERROR_STOP=1 -d "$DB" "${PSQL_FILE_VAR[@]}" -f "$ROOT/tests/e2e/describe.sql")"
  if [ "$KIND" == rename ] || [ "$KIND" == retype ]; then
    psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$W.first/00_expand.sql" >>"$LOG" 2>&1
  fi
  PENDING="($WHEREX) AND $REF.$COL IS DISTINCT FROM ($SETX)"
  rows=$(q "SELECT count(*) FROM $T WHERE $PENDING")
  plan_for "$dir" "$requirement" "$W" --rows "$rows" --batch-size "$size" --sleep-ms 0
  BUNDLE=$W
  psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$BUNDLE/02_prepare.sql" >>"$LOG" 2>&1
  q "VACUUM ANALYZE $T" >/dev/null
  q "CHECKPOINT" >/dev/null
  count_ms=$(q "EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) SELECT count(*) FROM $T WHERE $PENDING" |
    jq -r --argjson n "$(q "SELECT count(*) FROM $T")" '.[0]["Execution Time"] / ($n / 1000)')
  s03=$(timed 03_backfill.sql)
  calls03=$(q "SELECT batches FROM $PROGRESS")
  # What share of the updates were HOT (no index entry written), the table's partitions included.
  hot=$(q "SELECT coalesce(round(100.0 * sum(n_tup_hot_upd) / nullif(sum(n_tup_upd), 0)), 0)
           FROM pg_stat_user_tables WHERE relid IN (SELECT relid FROM pg_partition_tree('$T'::regclass))")
  left=$(q "SELECT count(*) FROM $T WHERE $PENDING")
  [ "$left" == 0 ] || { echo "$dir: 03_backfill.sql left $left rows to change" >&2; exit 1; }
  again=$(timed 03_backfill.sql)
  s90=$(timed 90_rollback.sql)
  calls90=$(q "SELECT count(DISTINCT batch_no) FROM $BACKUP")
  dropdb "$DB"
  echo "$rows $s03 $again $calls03 $s90 $calls90 $count_ms $hot"
}

# median: each column's median of the lines read.
median() {
  awk '{ for (i = 1; i <= NF; i++) v[i, NR] = $i } END {
    for (i = 1; i <= NF; i++) {
      n = 0; for (r = 1; r <= NR; r++) a[++n] = v[i, r]
      for (x = 1; x <= n; x++) for (y = x + 1; y <= n; y++) if (a[y] + 0 < a[x] + 0) { t = a[x]; a[x] = a[y]; a[y] = t }
      printf "%s%s", a[int((n + 1) / 2)], (i < NF ? " " : "\n")
    }
  }'
}

printf '%-16s %6s %7s %7s | %8s %8s %7s %8s %8s | %8s %8s %7s %8s | %9s %4s\n' example batch rows calls \
  est_03_s 03_s est/act again_s ms/call est_90_s 90_s est/act ms/call count_ms/1k hot%
no=0
for name in $EXAMPLES; do
  dir=$ROOT/examples/$name
  requirement=$(requirement_of "$dir")
  [ -n "$requirement" ] || continue
  for size in $SIZES; do
    for run in $(seq 1 "$RUNS"); do measure "$dir" "$requirement" "$size"; done >"$WORK/runs"
    read -r rows s03 again calls03 s90 calls90 count_ms hot < <(median <"$WORK/runs")
    # ms per call: the run's time less what a run with nothing to do takes, per batch.
    jq -r '.estimate | "\(.total_seconds) \(.rollback_seconds // 0)"' "$W.json" |
      awk -v name="$name" -v size="$size" -v rows="$rows" -v s03="$s03" -v again="$again" -v c03="$calls03" \
          -v s90="$s90" -v c90="$calls90" -v count="$count_ms" -v hot="$hot" '{
        printf "%-16s %6d %7d %7d | %8.2f %8.2f %7.2f %8.2f %8.2f | %8.2f %8.2f %7.2f %8.2f | %9.3f %4d\n",
               name, size, rows, c03, $1, s03, $1 / s03, again, 1000 * (s03 - again) / c03,
               $2, s90, $2 / s90, 1000 * s90 / c90, count, hot
      }'
  done
done
