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
# The Japanese plans carry the English plans' SQL, byte for byte: only the prose is worded.
pairs=0
sql_blocks() { awk '/^```sql$/ {inside = 1; next} /^```$/ {inside = 0} inside' "$1"; }
for english in "$root"/examples/*/expected/*.md; do
  case $english in *.ja.md | *.ja.detailed.md) continue ;; esac
  japanese=${english%.detailed.md}.ja.detailed.md
  [[ $english == *.detailed.md ]] || japanese=${english%.md}.ja.md
  pairs=$((pairs + 1))
  if ! diff <(sql_blocks "$english") <(sql_blocks "$japanese") >"$out/diff.txt" || [ ! -s "$japanese" ]; then
    echo "golden: the SQL of ${japanese#$root/} differs from ${english#$root/}:"
    head -20 "$out/diff.txt"
    failed=$((failed + 1))
  fi
done
count=$(ls -d "$root"/examples/*/ | wc -l)
echo "$count examples and $pairs English/Japanese plan pairs checked, $failed failed"
[ "$failed" -eq 0 ]
