#!/usr/bin/env bash
# The security guarantees of README's Security section, one part per class of attack in
# tests/security/*.sh. Each part takes the tool's path, prints "ok   - ..." or "FAIL - ..." per
# check and exits non-zero when a check failed (77 when it must skip, saying why).
# Usage: bash tests/security_test.sh path/to/backfill-plan
set -uo pipefail
shopt -s nullglob
tool=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
passed=0
failed=0
parts_failed=0
for part in "$here"/security/*.sh; do
  name=$(basename "$part" .sh)
  echo "== $name"
  out=$(mktemp)
  bash "$part" "$tool" 2>&1 | tee "$out"
  code=${PIPESTATUS[0]}
  p=$(grep -c '^ok ' "$out")
  f=$(grep -c '^FAIL' "$out")
  rm -f "$out"
  passed=$((passed + p))
  failed=$((failed + f))
  if [ "$code" -eq 77 ]; then
    echo "== $name skipped"
  elif [ "$code" -ne 0 ]; then
    parts_failed=$((parts_failed + 1))
    [ "$f" -gt 0 ] || failed=$((failed + 1))
  fi
done
echo "security: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$parts_failed" -eq 0 ]
