#!/usr/bin/env bash
# Regenerates every example's committed plans and SQL bundle and compares them byte for byte.
# To accept a deliberate change: tests/regenerate_examples.sh, then read the diff.
set -euo pipefail
tool=$(realpath "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$root/tests/regenerate_examples.sh" "$tool" "$out"
failed=0
for example in "$root"/examples/*/; do
  name=$(basename "$example")
  if ! diff -r "$example/expected" "$out/$name/expected" >"$out/diff.txt"; then
    echo "golden: examples/$name/expected differs from what the tool writes now:"
    head -40 "$out/diff.txt"
    failed=$((failed + 1))
  fi
done
count=$(ls -d "$root"/examples/*/ | wc -l)
echo "$((count - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
