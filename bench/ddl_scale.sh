#!/usr/bin/env bash
# Benchmark, not a test: how backfill-plan scales with the size of the schema file.
#
# Builds schema files of about 5, 20 and 50 MB from the four valid corpus schemas (pagila,
# synapse, danbooru, hatchet in ../shared/corpus), each copy in a schema of its own
# (`CREATE SCHEMA sN_name; SET search_path = sN_name;`, the file's own search_path settings
# removed and its `public.` qualifiers renamed), then reports for each size:
#   - backfill-plan planning one target: wall time and peak memory (/usr/bin/time -v);
#   - bench/parse_whole.c parsing the same file in one pg_query_parse call: the same figures.
#
# Usage: bench/ddl_scale.sh path/to/backfill-plan [sizes in MB, default "5 20 50"]
set -euo pipefail
tool=$(realpath "$1")
sizes=${2:-"5 20 50"}
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

# measure LABEL COMMAND...: prints wall seconds and peak RSS in MB from /usr/bin/time -v.
measure() {
  local label=$1
  shift
  if ! /usr/bin/time -v "$@" >"$work/out" 2>"$work/time"; then
    echo "  $label: FAILED: $(grep -v '^\s' "$work/time" | head -2 | tr '\n' ' ')"
    return
  fi
  local wall cpu rss
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time")
  # CPU seconds (user + system) as well: on a busy machine wall time also counts waiting.
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$work/time")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time")
  printf '  %-44s wall %8s   cpu %6ss   peak RSS %7.1f MB\n' "$label" "$wall" "$cpu" "$(echo "$rss / 1024" | bc -l)"
}

echo "backfill-plan: $("$tool" --version 2>/dev/null || echo "$tool")"
echo "machine: $(nproc) cores, $(uname -m), load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
for mb in $sizes; do
  file="$work/schema_${mb}mb.sql"
  copies=$(generate "$file" $((mb * 1000 * 1000)))
  bytes=$(stat -c %s "$file")
  echo "$mb MB: $bytes bytes, $copies copies of the 4 corpus files, $(grep -c '^CREATE TABLE' "$file") CREATE TABLE lines"
  # The target is in the last copy, so the whole file is read before it is found.
  measure "backfill-plan s${copies}_pagila.film.description" \
    "$tool" "s${copies}_pagila.film.description" --schema "$file" --set "'n/a'" --date 2026-01-01 --format json
  measure "parse_whole (one pg_query_parse call)" "$work/parse_whole" "$file"
  rm -f "$file"
done
