#!/usr/bin/env bash
# `./bootstrap plan > plan.md` is a clean plan: stdout holds the plan for examples/orders and
# nothing else (install and build messages go to stderr). It runs only for the build that
# ./bootstrap made (build/backfill-plan), whose rebuild is then a no-op.
# Usage: bash tests/bootstrap_test.sh path/to/backfill-plan
set -uo pipefail
tool=$(realpath "$1")
root=${SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
if [ "$tool" != "$(realpath -m "$root/build/backfill-plan")" ]; then
  echo "bootstrap: skipped: the tool under test is not $root/build/backfill-plan (./bootstrap test builds that one)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root" || exit 1
./bootstrap plan >"$work/plan.md" 2>"$work/stderr.txt"
code=$?
(cd examples/orders && "$tool" orders.status --detailed) >"$work/direct.md" 2>/dev/null
passed=0 failed=0
check() { if eval "$2"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $1"; fi; }
check "./bootstrap plan exits 0" '[ "$code" -eq 0 ]'
check "stdout is the plan alone, byte for byte what the tool prints" 'cmp -s "$work/plan.md" "$work/direct.md"'
check "the plan starts with its title" '[ "$(head -1 "$work/plan.md")" = "# Backfill plan: orders.status" ]'
[ "$failed" -eq 0 ] || { head -5 "$work/plan.md"; tail -5 "$work/stderr.txt"; }
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
