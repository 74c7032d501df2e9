#!/usr/bin/env bash
# Outputs for pipelines: --all (one plan per requirement file plus an index, non-zero when any
# fails, after planning the rest), --check (exit 3 on a blocking finding), --template-dir, --lang.
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

# A table with no key to page by: no plan can be written (exit 1), and a CI gate reads it as
# blocked (--check exits 3); --all lists it as blocked and still exits 1, as for bad input.
cat >"$work/no_key.sql" <<'SQL'
CREATE TABLE orders (id bigint PRIMARY KEY, status text);
CREATE TABLE staging (event_id text NOT NULL, admin smallint DEFAULT 0 NOT NULL, thread_id text);
SQL
"$tool" staging.thread_id --schema "$work/no_key.sql" --set "'main'" >/dev/null 2>"$work/err"
expect "a table with no key: the plan exits 1" "$?" 1
"$tool" staging.thread_id --schema "$work/no_key.sql" --set "'main'" --check >/dev/null 2>"$work/err"
expect "a table with no key: --check exits 3" "$?" 3
expect "a table with no key: --check says why, and proposes a key" \
  "$(grep -c 'has no primary key, and no unique index without WHERE or expression items, to page by.*ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY' "$work/err")" 1
mkdir -p "$work/no_key_reqs"
echo '{"target": "orders.status", "set": "'"'"'x'"'"'"}' >"$work/no_key_reqs/a.json"
echo '{"target": "staging.thread_id", "set": "'"'"'main'"'"'"}' >"$work/no_key_reqs/b.json"
"$tool" --all "$work/no_key_reqs" --schema "$work/no_key.sql" --output "$work/no_key_out" --date 2026-11-21 2>"$work/err"
expect "--all with a table with no key exits 1" "$?" 1
expect "--all plans the others" "$(ls "$work/no_key_out" | tr '\n' ' ')" "a.md index.md "
expect "--all lists it as blocked, with the proposed key" \
  "$(grep -c '^| b.json | | | | blocked, no plan: table public.staging has no primary key, .*ADD PRIMARY KEY USING INDEX staging_pkey;) |$' "$work/no_key_out/index.md")" 1

mkdir -p "$work/templates"
printf '# Runbook for {{{target.display}}}\n{{#files}}\n- {{{name}}}\n{{/files}}\n' >"$work/templates/plan.en.md.mustache"
expect "--template-dir renders the team's template" "$("$tool" orders.status --template-dir "$work/templates" | head -1)" "# Runbook for orders.status"
printf '{{#files}}\n' >"$work/templates/plan.en.md.mustache"
"$tool" orders.status --template-dir "$work/templates" >/dev/null 2>"$work/err"
expect "a broken template is exit 1" "$?" 1
expect "the error names the template file" "$(grep -c 'plan.en.md.mustache' "$work/err")" 1

"$tool" orders.status --format json --detailed >/dev/null 2>&1
expect "--detailed with --format json is a usage error" "$?" 2

# --lang ja: the Japanese plan, with the issue's headings; the JSON plan's prose too; the SQL
# formats refuse it (their text is the same in every language).
"$tool" orders.status --lang ja --detailed --date 2026-11-21 >"$work/ja.md"
expect "--lang ja exits 0" "$?" 0
expect "--lang ja titles the plan in Japanese" "$(head -1 "$work/ja.md")" "# バックフィル計画: orders.status"
expect "--lang ja has every section heading" "$(grep -E '^## ' "$work/ja.md" | tr '\n' '|')" \
  "## サマリー|## 実行フロー|## 概要|## データ分析クエリ|## 戦略|## バックアップ手順|## バックフィル SQL|## ロールバック SQL|## モニタリング項目|## 実行チェックリスト|## 緊急停止手順|## 過渡期のアプリケーション対応|"
"$tool" orders.status --lang ja --format json --date 2026-11-21 >"$work/ja.json"
expect "--lang ja --format json records the language" "$(grep -c '"lang": "ja"' "$work/ja.json")" 1
expect "--lang ja --format json words the prose in Japanese" "$(grep -c '"title": "列の値の分布"' "$work/ja.json")" 1
"$tool" orders.status --lang ja --format sql --output "$work/ja-bundle" >/dev/null 2>"$work/err"
expect "--lang ja --format sql is a usage error" "$?" 2
expect "the error says why" "$(grep -c 'the SQL is the same in every language' "$work/err")" 1
"$tool" orders.status --lang de >/dev/null 2>"$work/err"
expect "--lang de is a usage error" "$?" 2
cp "$work/reqs/a.json" "$work/reqs/c.json" "$work/" && mkdir -p "$work/ja-reqs" && mv "$work/a.json" "$work/c.json" "$work/ja-reqs/"
"$tool" --all "$work/ja-reqs" --output "$work/ja-out" --lang ja --date 2026-11-21 2>/dev/null
expect "--all --lang ja writes a Japanese index" "$(head -1 "$work/ja-out/index.md")" "# バックフィル計画一覧"
expect "--all --lang ja writes Japanese plans" "$(head -1 "$work/ja-out/a.md")" "# バックフィル計画: orders.status"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
