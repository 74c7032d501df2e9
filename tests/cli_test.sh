#!/usr/bin/env bash
# The command line's error paths and exit codes (planner/diagnostic.h), and that a plan is
# byte-identical from run to run with the same --date.
# Usage: bash tests/cli_test.sh path/to/backfill-plan
set -uo pipefail
tool=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

cat >schema.sql <<'SQL'
CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL);
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  customer_id bigint REFERENCES customers,
  status text,
  note text
);
CREATE VIEW open_orders AS SELECT id, status FROM orders;
SQL
printf 'CREATE TABLE a (id int);\n\nCREATE TABLE b (id int,, x int);\n' >broken.sql
mkdir schema_dir
requirement() { printf '%s\n' "$1" >"$2"; }
requirement '{"target": "orders.status", "set": "'"'"'pending'"'"'"}' good.json
requirement '{"target": "orders.status", "set": "'"'"'x'"'"'", "batchsize": 10}' unknown_key.json
requirement '{"target": "orders.status", "set": "'"'"'x'"'"'", "batch_size": "10"}' wrong_type.json
requirement '{"target": "orders.status", "set": "'"'"'x'"'"'",
  "batch_size": 0}' batch_zero.json
requirement '{"target": "orders.status", "set": "1, 2"}' two_expressions.json
requirement '{"target": "orders.status", "set": "'"'"'x'"'"'; DELETE FROM orders"}' second_statement.json
requirement '{"target": "orders.status", "set": "'"'"'x'"'"';"}' semicolon.json
requirement '{"target": "orders.status", "set": "(WITH d AS (DELETE FROM orders RETURNING id) SELECT min(id)::text FROM d)"}' cte.json
requirement '{"target": "orders.note", "set": "'"'"'x'"'"'"}' other_target.json

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() {
  failed=$((failed + 1))
  echo "FAIL: $1"
  echo "  exit code: $code"
  sed 's/^/  stderr: /' err.txt | head -8
}

# run ARGS...: runs the tool, leaving the exit code in $code, stdout in out.txt, stderr in err.txt.
run() {
  "$tool" "$@" >out.txt 2>err.txt
  code=$?
}

# expect NAME CODE STDERR_REGEX ARGS...: the exit code and a line of stderr matching the regex.
expect() {
  local name=$1 want=$2 pattern=$3
  shift 3
  run "$@"
  if [ "$code" -eq "$want" ] && grep -Eq -- "$pattern" err.txt; then pass; else fail "$name (want exit $want, stderr /$pattern/)"; fi
}

date_flag=(--date 2026-11-21)

expect "missing schema file" 1 'no-such-schema\.sql: schema file not found' \
  orders.status --schema no-such-schema.sql --set "'x'"
expect "directory as schema" 1 'schema_dir: schema file is a directory' \
  orders.status --schema schema_dir --set "'x'"
expect "syntax error: file:line:col" 1 '^broken\.sql:3:24: syntax error at or near ","' \
  orders.status --schema broken.sql --set "'x'"
if grep -qx '                       ^' err.txt && grep -qx 'CREATE TABLE b (id int,, x int);' err.txt; then pass; else fail "syntax error: source line and caret"; fi
expect "unknown target table" 1 'table "order" is not in the schema file \(did you mean orders\?\)' \
  order.status --set "'x'"
expect "unknown target column" 1 'column stauts is not in table public.orders \(did you mean status\?\)' \
  orders.stauts --set "'x'"
expect "view target" 1 'public.open_orders is a view' open_orders.status --set "'x'"
expect "unknown requirement key" 1 '^unknown_key\.json:1:[0-9]+: unknown key "batchsize" \(did you mean batch_size\?\)' \
  --requirement unknown_key.json
expect "wrong type" 1 '^wrong_type\.json:1:[0-9]+: "batch_size" must be a number, not string' --requirement wrong_type.json
expect "batch_size 0" 1 '^batch_zero\.json:2:3: "batch_size" is 0, outside 1\.\.1000000' --requirement batch_zero.json
expect "--batch-size 0" 2 'batch-size' orders.status --set "'x'" --batch-size 0
expect "set with two expressions" 1 'holds 2 expressions' --requirement two_expressions.json
expect "set with a second statement" 1 'holds 2 statements' --requirement second_statement.json
expect "set with a semicolon" 1 'contains a semicolon' --requirement semicolon.json
expect "set with a data-modifying CTE" 1 'data-modifying statement \(Delete\)' --requirement cte.json
expect "--set with two expressions" 1 '^--set: `set`: holds 2 expressions' orders.status --set "1, 2"
expect "target disagreeing with the command line" 1 'disagrees with orders.status on the command line' \
  orders.status --requirement other_target.json
expect "unknown flag" 2 'backfill-plan: .*--frobnicate' orders.status --set "'x'" --frobnicate
expect "bad --date (no such day)" 2 '"2026-02-30" is not a date' orders.status --set "'x'" --date 2026-02-30
expect "bad --date (not a date)" 2 '"tomorrow" is not a date' orders.status --set "'x'" --date tomorrow
expect "--format sql without --output" 2 '--format sql writes a folder of files \(add --output DIR\)' \
  orders.status --set "'x'" --format sql "${date_flag[@]}"
expect "--format of an unknown kind" 2 'format' orders.status --set "'x'" --format html
expect "no target at all" 2 'no target given' --set "'x'"

run orders.status --set "'x'" --output missing/plan.md "${date_flag[@]}"
if [ "$code" -eq 4 ] && [ ! -e missing ]; then pass; else fail "--output into a missing folder (want exit 4, nothing created)"; fi
run orders.status --set "'x'" --format sql --output missing/deeper/bundle "${date_flag[@]}"
if [ "$code" -eq 4 ] && [ ! -e missing ]; then pass; else fail "--format sql --output into a missing folder (want exit 4, nothing created)"; fi
leftovers=$(find . -name '*.tmp*' -o -name '.*tmp*' | grep -v '^\.$' || true)
if [ -z "$leftovers" ]; then pass; else failed=$((failed + 1)); echo "FAIL: temporary files left behind: $leftovers"; fi

# Success: exit 0, nothing on stderr, and the same bytes every time with the same --date.
for format in markdown json; do
  detailed=()
  [ "$format" = markdown ] && detailed=(--detailed)
  run orders.status --requirement good.json "${detailed[@]}" --format "$format" "${date_flag[@]}"
  first_code=$code
  cp out.txt "first.$format"
  run orders.status --requirement good.json "${detailed[@]}" --format "$format" "${date_flag[@]}"
  if [ "$first_code" -eq 0 ] && [ "$code" -eq 0 ] && [ -s "first.$format" ] && cmp -s "first.$format" out.txt; then
    pass
  else
    fail "--format $format is byte-identical across two runs"
  fi
done
if grep -q 20261121 first.markdown; then pass; else failed=$((failed + 1)); echo "FAIL: --date does not reach the plan"; fi
run orders.status --requirement good.json --format sql --output bundle1 "${date_flag[@]}"
first_code=$code
run orders.status --requirement good.json --format sql --output bundle2 "${date_flag[@]}"
if [ "$first_code" -eq 0 ] && [ "$code" -eq 0 ] && [ -n "$(ls bundle1)" ] && diff -r bundle1 bundle2 >/dev/null; then
  pass
else
  fail "--format sql bundle is byte-identical across two runs"
fi
run orders.status --requirement good.json --output plan.md "${date_flag[@]}"
if [ "$code" -eq 0 ] && [ ! -s out.txt ] && cmp -s plan.md <("$tool" orders.status --requirement good.json "${date_flag[@]}"); then
  pass
else
  fail "--output writes the same bytes as stdout"
fi
run --help
if [ "$code" -eq 0 ] && grep -q 'Exit codes' out.txt; then pass; else fail "--help exits 0 and lists the exit codes"; fi


# Bad input (hardening): each case exits non-zero, names the problem and its place, and leaves
# no output file behind (nor a temporary one beside it).
# refused NAME CODE STDERR_REGEX ARGS...
refused() {
  local name=$1 want=$2 pattern=$3
  shift 3
  rm -rf result.md .result.md.*
  run "$@" --output result.md
  if [ "$code" -eq "$want" ] && grep -Eq -- "$pattern" err.txt && [ -z "$(ls -A | grep -E '^\.?result\.md')" ]; then
    pass
  else
    fail "$name (want exit $want, stderr /$pattern/, no result.md)"
  fi
}
: >empty.sql
printf 'CREATE TABLE t (id int PRIMARY KEY, \x00\x01\x02 garbage);\n' >binary.sql
printf 'CREATE TABLE t (id int PRIMARY KEY, name text);\nCOMMENT ON TABLE t IS '"'"'caf\xe9'"'"';\n' >latin1.sql
printf 'CREATE TABLE t (id int PRIMARY KEY, a text);\nCREATE TABLE t (id int PRIMARY KEY, a text);\n' >twice.sql
printf 'Dear team,\nplease add the column.\n' >letter.sql
cat >kinds.sql <<'SQL'
CREATE SCHEMA app;
CREATE TABLE app.items (id bigint PRIMARY KEY, price numeric, total numeric GENERATED ALWAYS AS (price * 2) STORED, label text);
CREATE MATERIALIZED VIEW app.item_totals AS SELECT id, total FROM app.items;
CREATE FOREIGN TABLE app.remote_items (id bigint, label text) SERVER elsewhere;
SQL
requirement '{"target": "orders.status", "set": "'"'"'x'"'"'",, }' json_syntax.json
requirement '{"target": "orders.status", "set": "'"'"'x'"'"'", "batch_size": -5}' negative.json
requirement '{"target": "orders.status", "set": "'"'"'x'"'"'", "sleep_ms": 31536000000}' year.json
requirement '{"target": "orders.status", "set": "'"'"'x'"'"'", "setx": 1}' near_key.json
requirement '{"target": "orders.status", "set": "(SELECT 1 FROM (WITH u AS (UPDATE orders SET note = 1 RETURNING 1) SELECT 1 FROM u) s)::text"}' nested_dml.json
requirement '{"target": "orders.status", "where": "status IS NULL OR id IN (SELECT id FROM orders FOR UPDATE)", "set": "'"'"'x'"'"'"}' locking.json
deep="$(printf '%*s' 200 '' | tr ' ' '(')1$(printf '%*s' 200 '' | tr ' ' ')')"
requirement '{"target": "orders.status", "set": "'"$deep"'"}' deep.json
refused "empty schema file" 1 'empty\.sql: the schema file is empty' orders.status --schema empty.sql --set "'x'"
refused "binary schema file" 1 'binary\.sql:1:[0-9]+: the schema file is binary' orders.status --schema binary.sql --set "'x'"
refused "invalid UTF-8" 1 'latin1\.sql:2:[0-9]+: the schema file is not valid UTF-8' t.name --schema latin1.sql --set "'x'"
refused "duplicate CREATE TABLE" 1 'twice\.sql:2:1: table public\.t is already defined at line 1' t.a --schema twice.sql --set "'x'"
refused "not SQL at all" 1 'letter\.sql:1:1: syntax error at or near "Dear"' t.a --schema letter.sql --set "'x'"
refused "missing schema file" 1 'nowhere\.sql: schema file not found' t.a --schema nowhere.sql --set "'x'"
refused "unknown schema" 1 'schema "?apps"? is not in the schema file \(did you mean app\?\)' apps.items.label --schema kinds.sql --set "'x'"
refused "materialized view" 1 'app\.item_totals is a materialized view' app.item_totals.total --schema kinds.sql --set "1"
refused "foreign table" 1 'app\.remote_items is a foreign table' app.remote_items.label --schema kinds.sql --set "'x'"
refused "generated column" 1 'column total is generated' app.items.total --schema kinds.sql --set "1"
refused "malformed quoting" 1 'unterminated quoted name' '"orders.status' --set "'x'"
refused "JSON syntax error with line and column" 1 '^json_syntax\.json:1:[0-9]+: invalid JSON' --requirement json_syntax.json
refused "negative batch_size" 1 '"batch_size" is -5, outside 1\.\.1000000' --requirement negative.json
refused "a sleep of a year" 1 '"sleep_ms" is 31536000000, outside 0\.\.600000' --requirement year.json
refused "unknown key with the closest suggestion" 1 'unknown key "setx" \(did you mean set\?\)' --requirement near_key.json
refused "data-modifying sub-query" 1 'data-modifying statement \(Update\)' --requirement nested_dml.json
refused "row locks in where" 1 'takes row locks' --requirement locking.json
refused "deeply nested expression" 1 'nests parentheses deeper than 64 levels' --requirement deep.json
refused "conflicting flags" 2 '--detailed applies to --format markdown only' orders.status --set "'x'" --format json --detailed
run orders.status --set "'x'" --output missing/plan.md
if [ "$code" -eq 4 ] && grep -q 'folder missing does not exist' err.txt && [ ! -e missing ]; then pass; else fail "output in a missing folder"; fi
run orders.status --set "CASE WHEN pg_sleep(0) IS NULL THEN 'x' END"
if [ "$code" -eq 0 ] && grep -q 'warning: `set` calls pg_sleep()' err.txt; then pass; else fail "pg_sleep in set warns"; fi

# Skipped statements: a pg_dump --clean file drops constraints before their tables exist. One
# line counts them by kind; --verbose lists each at its line.
{
  for i in $(seq 1 40); do echo "ALTER TABLE IF EXISTS ONLY public.orders DROP CONSTRAINT IF EXISTS orders_c$i;"; done
  echo '\connect shop'
  cat schema.sql
} >clean_dump.sql
run orders.status --schema clean_dump.sql --set "'x'" "${date_flag[@]}"
if [ "$code" -eq 0 ] && [ "$(wc -l <err.txt)" -eq 1 ] &&
  grep -qxF 'clean_dump.sql: note: 41 statements skipped (ALTER TABLE ... DROP CONSTRAINT: 40, psql \connect: 1); --verbose lists them' err.txt; then
  pass
else
  fail "skipped statements are counted on one line"
fi
run orders.status --schema clean_dump.sql --set "'x'" "${date_flag[@]}" --verbose
if [ "$code" -eq 0 ] && [ "$(grep -c ': note: ' err.txt)" -eq 41 ] &&
  grep -qxF 'clean_dump.sql:40: note: ALTER TABLE names table public.orders, which the file never creates; skipped' err.txt &&
  grep -qxF 'clean_dump.sql:41: note: skipped psql meta-command \connect shop' err.txt && ! grep -q 'statements skipped' err.txt; then
  pass
else
  fail "--verbose lists each skipped statement at its line"
fi
run orders.status --set "'x'" "${date_flag[@]}"
if [ "$code" -eq 0 ] && [ ! -s err.txt ]; then pass; else fail "nothing skipped, no note"; fi

# A batch estimated over the statement_timeout can never commit: --check blocks it.
expect "--check blocks a batch over the statement_timeout" 3 '^block sizing\.batch_over_timeout: A batch of 1,000,000 rows' \
  orders.status --set "'x'" --batch-size 1000000 --check
run orders.status --set "'x'" --batch-size 1000 --check
if [ "$code" -eq 0 ] && [ ! -s err.txt ]; then pass; else fail "--check passes a batch well within the statement_timeout"; fi

# --check --annotations github: block and warn findings as GitHub Actions workflow commands on
# stdout, at the requirement's target; the exit code is --check's.
requirement '{"target": "orders.status", "set": "'"'"'x'"'"'",
  "batch_size": 1000000}' huge_batch.json
run --requirement huge_batch.json --check --annotations github
if [ "$code" -eq 3 ] && grep -Eq '^::error file=huge_batch\.json,line=1,col=[0-9]+,title=backfill-plan sizing\.batch_over_timeout::A batch of 1,000,000 rows' out.txt &&
  ! grep -vq '^::\(error\|warning\) ' out.txt; then pass; else fail "--annotations github: an error line per block finding, exit 3"; cat out.txt; fi
run orders.status --set "'x'" --batch-size 1000 --check --annotations github
if [ "$code" -eq 0 ] && [ ! -s out.txt ]; then pass; else fail "--annotations github: nothing printed when nothing warns"; fi
printf 'CREATE TABLE events (payload text, flag text);\n' >no_key.sql
requirement '{"target": "events.flag", "set": "'"'"'x'"'"'"}' no_key.json
run --schema no_key.sql --requirement no_key.json --check --annotations github
if [ "$code" -eq 3 ] &&
  grep -Eq '^::error file=no_key\.json,line=1,col=[0-9]+,title=backfill-plan%3A no key to page by::table public\.events has no primary key' out.txt
then pass; else fail "--annotations github: a table with no key is an error annotation, exit 3"; cat out.txt; fi
expect "--annotations without --check" 2 '--annotations goes with --check' orders.status --set "'x'" --annotations github
expect "--annotations with an unknown format" 2 'annotations' orders.status --set "'x'" --check --annotations gitlab

# --version: the tool's version, the same in the JSON plan and in every bundle file's header.
run --version
version=$(sed -n 's/^backfill-plan \([0-9]*\.[0-9]*\.[0-9]*\)$/\1/p' out.txt)
if [ "$code" -eq 0 ] && [ -n "$version" ]; then pass; else fail "--version prints backfill-plan X.Y.Z"; fi
run orders.status --set "'x'" --format json "${date_flag[@]}"
if grep -q "\"generator\": *{\"name\": *\"backfill-plan\", *\"version\": *\"$version\"}" out.txt ||
  node -e 'const p=JSON.parse(require("fs").readFileSync("out.txt","utf8")); process.exit(p.generator.version===process.argv[1]?0:1)' "$version" 2>/dev/null
then pass; else fail "the JSON plan carries the version"; fi
run orders.status --set "'x'" --format sql --output bundle_v "${date_flag[@]}"
headers=$(grep -L "^-- Backfill of .* (generated by backfill-plan $version; review before running)\.\$" bundle_v/*.sql | wc -l)
if [ "$code" -eq 0 ] && [ "$headers" -eq 0 ] && ls bundle_v/*.sql >/dev/null 2>&1; then pass; else fail "every bundle file's header names the version"; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
