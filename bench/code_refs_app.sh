#!/usr/bin/env bash
# Benchmark, not a test: --app-dir on a real application's repository (a clone of your own).
# Prints the wall time of planning TARGET with and without --app-dir (min of 3), the files read
# and the places found by kind, then every place that is not a migration, for reading by hand.
#
# Usage: bench/code_refs_app.sh path/to/backfill-plan APP_DIR SCHEMA TARGET [SET]
#   e.g. bench/code_refs_app.sh build/backfill-plan ~/src/maybe accounts.sql accounts.status "'active'"
set -euo pipefail
tool=$(realpath "$1") app=$(realpath "$2") schema=$(realpath "$3") target=$4 set=${5:-"NULL"}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
best() {  # min wall time of 3 runs of the tool with the given extra arguments
  local min=
  for _ in 1 2 3; do
    local start end t
    start=$(date +%s.%N)
    "$tool" "$target" --schema "$schema" --set "$set" --format json --date 2026-11-21 "$@" >"$work/plan.json"
    end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc)
    if [ -z "$min" ] || [ "$(echo "$t < $min" | bc)" = 1 ]; then min=$t; fi
  done
  printf '%.2f s' "$min"
}
without=$(best)
with=$(best --app-dir "$app")
node -e '
  const p = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")), c = p.application_code, kinds = {};
  for (const r of c.places) kinds[r.kind] = (kinds[r.kind] || 0) + 1;
  console.log(`${process.argv[2]} with --app-dir, ${process.argv[3]} without; ${c.files_listed} files read, ${c.places.length} places:`,
              JSON.stringify(kinds));
  for (const r of c.places) if (r.kind !== "migration") console.log(`  ${r.path}:${r.line} ${r.kind} (${r.construct}) ${r.text}`);
' "$work/plan.json" "$with" "$without"
