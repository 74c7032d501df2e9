#!/usr/bin/env bash
# Writes each example's plans (simple and detailed Markdown, in English and Japanese) and SQL bundle, for every
# requirement file in its backfills/ folder, with a fixed date so output is reproducible.
# Usage: tests/regenerate_examples.sh TOOL [OUTPUT_ROOT]   (default: the examples themselves)
set -euo pipefail
tool=$(realpath "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
dest=${2:-$root/examples}
date=2026-11-21
for example in "$root"/examples/*/; do
  name=$(basename "$example")
  target_dir="$dest/$name/expected"
  rm -rf "$target_dir"
  mkdir -p "$target_dir"
  for requirement in "$example"/backfills/*.json; do
    base=$(basename "$requirement" .json)
    (cd "$example" && "$tool" --requirement "backfills/$base.json" --date "$date" >"$target_dir/$base.md")
    (cd "$example" && "$tool" --requirement "backfills/$base.json" --date "$date" --detailed >"$target_dir/$base.detailed.md")
    (cd "$example" && "$tool" --requirement "backfills/$base.json" --date "$date" --lang ja >"$target_dir/$base.ja.md")
    (cd "$example" && "$tool" --requirement "backfills/$base.json" --date "$date" --lang ja --detailed >"$target_dir/$base.ja.detailed.md")
    (cd "$example" && "$tool" --requirement "backfills/$base.json" --date "$date" --format sql --output "$target_dir/$base.sql")
  done
done
