#!/usr/bin/env bash
# Outputs for pipelines: --all (one plan per requirement file plus an index, non-zero when any
# fails, after planning the rest), --check (exit 3 on a blocking finding), --template-dir.
set -uo pipefail
tool=$(realpath "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
expect() {  # description, actual, expected
  if [ "$2" == "$3" ]; then passed=$((passed + 1)); else echo "FAIL $1: got '$2', expected '$3'"; failed=$((failed + 1)); fi
}
cd "$root/examples/orders"

mkdir -p "$work/reqs"
cp backfills/orders.status.json "$work/reqs/a.json"
echo '{"target": "orders.missing", "set": "1"}' >"$work/reqs/b.json"
echo '{"target": "orders.total", "kind": "fix", "set": "round(total)", "where": "total <> round(total)"}' >"$work/reqs/c.json"
"$tool" --all "$work/reqs" --output "$work/out" --date 2026-11-21 2>"$work/err"
expect "--all exits 1 when one file fails" "$?" 1
expect "--all still plans the others" "$(ls "$work/out" | tr '\n' ' ')" "a.md c.md index.md "
expect "--all names the failing file" "$(grep -c 'b.json' "$work/err")" 1
expect "the index links every plan" "$(grep -c '](a.md)\|](c.md)' "$work/out/index.md")" 2
rm "$work/reqs/b.json"
"$tool" --all "$work/reqs" --output "$work/out2" --date 2026-11-21 2>/dev/null
expect "--all exits 0 when all plan" "$?" 0

cat >"$work/unique.sql" <<'SQL'
CREATE TABLE coupons (id bigint PRIMARY KEY, code text);
CREATE UNIQUE INDEX coupons_code ON coupons (code);
SQL
# One constant for every row of a unique column: the second row would violate the index.
"$tool" coupons.code --schema "$work/unique.sql" --set "'SPRING'" --check >/dev/null 2>"$work/err"
code=$?
expect "--check exits 3 on a blocking finding" "$code" 3
expect "--check prints the blocking finding" "$(grep -c '^block ' "$work/err")" 1
"$tool" orders.status --check >/dev/null 2>&1
expect "--check exits 0 without one" "$?" 0

mkdir -p "$work/templates"
printf '# Runbook for {{{target.display}}}\n{{#files}}\n- {{{name}}}\n{{/files}}\n' >"$work/templates/plan.en.md.mustache"
expect "--template-dir renders the team's template" "$("$tool" orders.status --template-dir "$work/templates" | head -1)" "# Runbook for orders.status"
printf '{{#files}}\n' >"$work/templates/plan.en.md.mustache"
"$tool" orders.status --template-dir "$work/templates" >/dev/null 2>"$work/err"
expect "a broken template is exit 1" "$?" 1
expect "the error names the template file" "$(grep -c 'plan.en.md.mustache' "$work/err")" 1

"$tool" orders.status --format json --detailed >/dev/null 2>&1
expect "--detailed with --format json is a usage error" "$?" 2
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
