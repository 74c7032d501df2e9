#!/usr/bin/env bash
# Every input a fuzzer once crashed on (tests/fuzz/regressions/<target>-<what>) must now be
# refused cleanly: exit 1 with a message on stderr, never a signal or an internal error.
set -uo pipefail
tool=$(realpath "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
for input in "$root"/tests/fuzz/regressions/*; do
  name=$(basename "$input")
  case "$name" in
    fuzz_ddl-*) args=(orders.status --schema "$input" --set "'x'") ;;
    fuzz_embed-*) args=(orders.status --schema "$root/examples/orders/schema.sql" --set "$(cat "$input")") ;;
    fuzz_requirement-*) args=(--schema "$root/examples/orders/schema.sql" --requirement "$input") ;;
    fuzz_pipeline-*)
      sed '/^-- requirement --$/,$d' "$input" >"$work/schema.sql"
      sed '1,/^-- requirement --$/d' "$input" >"$work/requirement.json"
      args=(--schema "$work/schema.sql" --requirement "$work/requirement.json") ;;
    *) continue ;;
  esac
  "$tool" "${args[@]}" --date 2026-01-15 >"$work/out" 2>"$work/err"
  code=$?
  if [ "$code" -le 1 ] && { [ "$code" -eq 0 ] || [ -s "$work/err" ]; }; then
    passed=$((passed + 1))
  else
    echo "FAIL $name: exit $code"; head -5 "$work/err"
    failed=$((failed + 1))
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
