#!/usr/bin/env bash
# Benchmark, not a test: how backfill-plan scales with the size of the schema file.
#
# Builds schema files of about 5, 20 and 50 MB from the four valid corpus schemas (pagila,
# synapse, danbooru, hatchet in ../shared/corpus), each copy in a schema of its own
# (`CREATE SCHEMA sN_name; SET search_path = sN_name;`, the file's own search_path settings
# removed and its `public.` qualifiers renamed), then, for each size, runs RUNS times (default 3)
# in turn, in the same run:
#   - backfill-plan planning one target (in the last copy, so the whole file is read first);
#   - bench/parse_whole.c parsing the same file in one pg_query_parse call;
# and reports each one's wall time, CPU time (user + system) and peak RSS (/usr/bin/time -v),
# min and median, and backfill-plan's as ratios to the whole-file parse (min and median of the
# per-run ratios) and its peak memory against the file's size.
#
# Usage: bench/ddl_scale.sh path/to/backfill-plan [sizes in MB, default "5 20 50"] [runs, default 3]
set -euo pipefail
tool=$(realpath "$1")
sizes=${2:-"5 20 50"}
runs=${3:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${CORPUS_DIR:-$root/../shared/corpus}
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
for name in pagila synapse danbooru hatchet; do
  [ -f "$corpus/$name/schema.sql" ] || { echo "corpus file $corpus/$name/schema.sql is missing" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cc -O2 -o "$work/parse_whole" "$root/bench/parse_whole.c" -lpg_query

# One corpus file moved into schema $2: its search_path settings dropped, public. renamed.
relocate() {
  local file=$1 schema=$2
  printf 'CREATE SCHEMA %s;\nSET search_path = %s;\n' "$schema" "$schema"
  sed -E -e '/^SET search_path/d' -e "/set_config\('search_path'/d" \
         -e "s/\bpublic\./$schema./g" "$file"
  printf '\n'
}

# generate FILE BYTES: whole copies of the four files until FILE holds at least BYTES.
generate() {
  local out=$1 want=$2 n=0
  : >"$out"
  while [ "$(stat -c %s "$out")" -lt "$want" ]; do
    n=$((n + 1))
    for name in pagila synapse danbooru hatchet; do relocate "$corpus/$name/schema.sql" "s${n}_$name" >>"$out"; done
  done
  echo "$n"
}

# measure COMMAND...: one run; prints "wall cpu rss_kb", or FAILED.
measure() {
  if ! /usr/bin/time -v "$@" >"$work/out" 2>"$work/time"; then
    echo "FAILED: $(grep -v '^\s' "$work/time" | head -2 | tr '\n' ' ')" >&2
    return 1
  fi
  # Wall clock as h:mm:ss or m:ss.ss, in seconds; CPU as user + system: on a busy machine wall
  # time also counts waiting.
  local wall cpu rss
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time" |
    awk -F: '{s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.3f", s}')
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.3f", s}' "$work/time")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time")
  echo "$wall $cpu $rss"
}

# min_median VALUES...: "min median" of the numbers given.
min_median() {
  printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3g %.3g", v[1], m}'
}

echo "backfill-plan: $("$tool" --version 2>/dev/null || echo "$tool")"
echo "machine: $(nproc) cores, $(uname -m), load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ); $runs runs"
for mb in $sizes; do
  file="$work/schema_${mb}mb.sql"
  copies=$(generate "$file" $((mb * 1000 * 1000)))
  bytes=$(stat -c %s "$file")
  echo "$mb MB: $bytes bytes, $copies copies of the 4 corpus files, $(grep -c '^CREATE TABLE' "$file") CREATE TABLE lines"
  target="s${copies}_pagila.film.description"
  tool_wall=() tool_cpu=() tool_rss=() parse_wall=() parse_cpu=() parse_rss=() r_wall=() r_cpu=() r_rss=() r_file=()
  for ((i = 0; i < runs; i++)); do
    read -r tw tc tr < <(measure "$tool" "$target" --schema "$file" --set "'n/a'" --date 2026-01-01 --format json) || exit 1
    read -r pw pc pr < <(measure "$work/parse_whole" "$file") || exit 1
    tool_wall+=("$tw") tool_cpu+=("$tc") tool_rss+=("$((tr / 1024))")
    parse_wall+=("$pw") parse_cpu+=("$pc") parse_rss+=("$((pr / 1024))")
    r_wall+=("$(echo "$tw / $pw" | bc -l)") r_cpu+=("$(echo "$tc / $pc" | bc -l)")
    r_rss+=("$(echo "$tr / $pr" | bc -l)") r_file+=("$(echo "$tr * 1024 / $bytes" | bc -l)")
  done
  printf '  %-40s wall %-13s cpu %-13s peak RSS MB %s\n' "backfill-plan $target (min median)" \
    "$(min_median "${tool_wall[@]}")" "$(min_median "${tool_cpu[@]}")" "$(min_median "${tool_rss[@]}")"
  printf '  %-40s wall %-13s cpu %-13s peak RSS MB %s\n' "parse_whole (one pg_query_parse call)" \
    "$(min_median "${parse_wall[@]}")" "$(min_median "${parse_cpu[@]}")" "$(min_median "${parse_rss[@]}")"
  printf '  %-40s wall %-13s cpu %-13s peak RSS %s; peak RSS / file size %s\n' "ratio backfill-plan / parse_whole" \
    "$(min_median "${r_wall[@]}")" "$(min_median "${r_cpu[@]}")" "$(min_median "${r_rss[@]}")" "$(min_median "${r_file[@]}")"
  rm -f "$file"
done
