#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, -fsanitize=fuzzer,address,undefined) and runs each for a
# given number of seconds, seeded from examples/ and ../shared/corpus/.
# Usage: tests/fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]   (default 60 s, all targets)
# Crashes are written to build-fuzz/findings/<target>/; each becomes a regression test input in
# tests/fuzz/regressions/, named <target>-<what>.<ext> (the target is the name up to its first dash).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_ddl fuzz_requirement fuzz_pipeline fuzz_embed fuzz_code_refs fuzz_focus)
build=$root/build-fuzz
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DBACKFILL_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target "${targets[@]}"

seeds=$build/seeds
rm -rf "$seeds"
mkdir -p "$seeds"/{fuzz_ddl,fuzz_requirement,fuzz_pipeline,fuzz_embed,fuzz_code_refs,fuzz_focus}
for schema in "$root"/examples/*/schema.sql; do cp "$schema" "$seeds/fuzz_ddl/$(basename "$(dirname "$schema")").sql"; done
if [ -d "$root/../shared/corpus" ]; then
  for schema in "$root"/../shared/corpus/*/schema.sql; do
    # Large files slow every execution down; seed with their first 40 KB.
    head -c 40000 "$schema" >"$seeds/fuzz_ddl/corpus-$(basename "$(dirname "$schema")").sql"
  done
else
  echo "fuzz: ../shared/corpus not found; seeding from examples only" >&2
fi
for requirement in "$root"/examples/*/backfills/*.json; do
  name=$(basename "$(dirname "$(dirname "$requirement")")")-$(basename "$requirement")
  cp "$requirement" "$seeds/fuzz_requirement/$name"
  { cat "$(dirname "$(dirname "$requirement")")/schema.sql"; printf '\n-- requirement --\n'; cat "$requirement"; } \
    >"$seeds/fuzz_pipeline/$name"
done
# Expressions: every set and where of the examples, and the tricky ones of planner/sql/embed_test.cc.
n=0
for requirement in "$root"/examples/*/backfills/*.json; do
  { grep -oE '"(set|where)": "([^"\\]|\\.)*"' "$requirement" || true; } | sed -E 's/^"(set|where)": "//; s/"$//; s/\\"/"/g; s/\\\\/\\/g' |
    while IFS= read -r expression; do n=$((n + 1)); printf '%s' "$expression" >"$seeds/fuzz_embed/example-$(basename "$requirement" .json)-$n"; done
done
printf '%s' "U&'d!0061t' UESCAPE '!' || E'\\n' || \$t\$x\$t\$" >"$seeds/fuzz_embed/tricky-1"
printf '%s' "'a\\' || 'b'
  'c' -- comment
|| \"q\"\"\" /* c */ IS NULL" >"$seeds/fuzz_embed/tricky-2"
# Code references: each file of the example application, its first byte choosing the language.
n=0
while IFS= read -r -d '' source; do
  n=$((n + 1))
  { printf "\\$(printf '%03o' $((n % 10)))"; cat "$source"; } >"$seeds/fuzz_code_refs/app-$n"
done < <(find "$root/examples/orders/app" -type f -print0 | sort -z)
# The focused read: the schemas, each also with its first table renamed t (the focus).
for schema in "$seeds"/fuzz_ddl/*; do
  cp "$schema" "$seeds/fuzz_focus/$(basename "$schema")"
  first=$(grep -oiE -m1 'CREATE TABLE (public\.)?[a-z_]+' "$schema" | sed -E 's/.* (public\.)?//') || true
  if [ -n "$first" ]; then sed -E "s/\b$first\b/t/g" "$schema" >"$seeds/fuzz_focus/t-$(basename "$schema")"; fi
done
[ -d "$root/tests/fuzz/regressions" ] && for f in "$root"/tests/fuzz/regressions/*; do
  name=$(basename "$f"); target=${name%%-*}; [ -d "$seeds/$target" ] && cp "$f" "$seeds/$target/"; done

export LSAN_OPTIONS=suppressions=$root/tests/fuzz/lsan.supp
for target in "${targets[@]}"; do
  work=$build/corpus/$target
  findings=$build/findings/$target
  mkdir -p "$work" "$findings"
  echo "fuzz: $target for $seconds s"
  "$build/$target" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=4096 -timeout=60 \
    -artifact_prefix="$findings/" -print_final_stats=1 "$work" "$seeds/$target" 2>&1 |
    grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY|Done)" || true
  ls "$findings" | sed "s|^|fuzz: finding: $findings/|"
done
