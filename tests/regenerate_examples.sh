#!/usr/bin/env bash
# Writes each example's plans (simple and detailed Markdown, in English and Japanese) and SQL bundle, for every
# requirement file in its backfills/ folder, with a fixed date so output is reproducible. A requirement the tool
# refuses as blocked (a table with no key to page by: the plan exits 1 and --check exits 3) gets
# expected/<base>.blocked.txt instead, with both commands' exit codes and messages; any other failure stops here.
# Usage: tests/regenerate_examples.sh TOOL [OUTPUT_ROOT]   (default: the examples themselves)
set -euo pipefail
tool=$(realpath "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
dest=${2:-$root/examples}
date=2026-11-21
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# Runs the tool in the example's folder, printing "$ backfill-plan ARGS", its stderr and "exit N".
refusal() {
  local rc=0
  (cd "$example" && "$tool" "$@" >/dev/null 2>"$scratch/stderr") || rc=$?
  echo "\$ backfill-plan $*"
  cat "$scratch/stderr"
  echo "exit $rc"
}

# The plan is refused and --check calls it blocked: the blocked result is the expected output.
record_blocked() {
  local base=$1 rc=0
  (cd "$example" && "$tool" --requirement "backfills/$base.json" --date "$date" --check >/dev/null 2>&1) || rc=$?
  [ "$rc" -eq 3 ] || return 1
  { refusal --requirement "backfills/$base.json" --date "$date"
    refusal --requirement "backfills/$base.json" --date "$date" --check; } >"$target_dir/$base.blocked.txt"
}

for example in "$root"/examples/*/; do
  name=$(basename "$example")
  target_dir="$dest/$name/expected"
  rm -rf "$target_dir"
  mkdir -p "$target_dir"
  for requirement in "$example"/backfills/*.json; do
    base=$(basename "$requirement" .json)
    if ! (cd "$example" && "$tool" --requirement "backfills/$base.json" --date "$date" >"$target_dir/$base.md" 2>"$scratch/plan.err"); then
      rm -f "$target_dir/$base.md"
      record_blocked "$base" || { cat "$scratch/plan.err" >&2; echo "regenerate: $name/$base: the tool failed" >&2; exit 1; }
      continue
    fi
    cat "$scratch/plan.err" >&2
    # An example with an application beside it (app/) lists the code that refers to the column.
    app=()
    [ ! -d "$example/app" ] || app=(--app-dir app)
    (cd "$example" && "$tool" --requirement "backfills/$base.json" --date "$date" --detailed "${app[@]}" >"$target_dir/$base.detailed.md")
    (cd "$example" && "$tool" --requirement "backfills/$base.json" --date "$date" --lang ja >"$target_dir/$base.ja.md")
    (cd "$example" && "$tool" --requirement "backfills/$base.json" --date "$date" --lang ja --detailed "${app[@]}" >"$target_dir/$base.ja.detailed.md")
    (cd "$example" && "$tool" --requirement "backfills/$base.json" --date "$date" --format sql --output "$target_dir/$base.sql")
  done
done
