#!/usr/bin/env bash
# The JSON plan of every example, in English and Japanese, validates against schemas/plan.schema.json, and every example's
# requirement file against schemas/requirement.schema.json (ajv-cli, pinned in tests/node).
# For the invalid requirement files in tests/requirements/invalid/, the schema and the tool agree:
# both reject each of them.
set -uo pipefail
tool=$(realpath "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
ajv=$root/tests/node/node_modules/.bin/ajv
if [ ! -x "$ajv" ]; then
  echo "json schema: skipped: tests/node is not installed (./bootstrap test installs it)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
check() {  # description, command...
  local what=$1
  shift
  if "$@" >"$work/out" 2>&1; then
    passed=$((passed + 1))
  else
    echo "FAIL $what"
    tail -5 "$work/out"
    failed=$((failed + 1))
  fi
}
validate() { "$ajv" validate --spec=draft2020 --strict=false -s "$1" -d "$2"; }
for requirement in "$root"/examples/*/backfills/*.json; do
  example=$(dirname "$(dirname "$requirement")")
  name=$(basename "$example")/$(basename "$requirement")
  # a refused requirement (expected/<base>.blocked.txt) has no plan to validate
  [ -f "$example/expected/$(basename "$requirement" .json).blocked.txt" ] && langs=() || langs=(en ja)
  for lang in "${langs[@]}"; do
    app=()  # an example with an application beside it: the JSON plan carries its code references
    [ ! -d "$example/app" ] || app=(--app-dir app)
    (cd "$example" && "$tool" --requirement "$requirement" --format json --lang "$lang" --date 2026-11-21 "${app[@]}") >"$work/plan.json"
    check "$lang plan of $name matches plan.schema.json" validate "$root/schemas/plan.schema.json" "$work/plan.json"
  done
  check "$name matches requirement.schema.json" validate "$root/schemas/requirement.schema.json" "$requirement"
done
for invalid in "$root"/tests/requirements/invalid/*.json; do
  [ -e "$invalid" ] || continue
  name=$(basename "$invalid")
  check "schema rejects $name" bash -c "! '$ajv' validate --spec=draft2020 --strict=false -s '$root/schemas/requirement.schema.json' -d '$invalid'"
  check "tool rejects $name" bash -c "cd '$root/examples/orders' && '$tool' --requirement '$invalid' >/dev/null; [ \$? -eq 1 ]"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
