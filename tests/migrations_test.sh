#!/usr/bin/env bash
# --format migrations: for each runner style, the files apply in order on a real PostgreSQL 15
# server the way a runner would (each file in one transaction), with the batched backfill run
# by psql between them, and the down files undo them in reverse order.
set -uo pipefail
TOOL=$(realpath "$1")
ROOT=${SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
source "$ROOT/tests/e2e/pg.sh"
source "$ROOT/tests/e2e/lib.sh"
pg_require
WORK=$(mktemp -d /tmp/backfill-migrations.XXXXXX)
trap 'pg_stop; rm -rf "$WORK"' EXIT
pg_start || { echo "could not start PostgreSQL"; echo "0 passed, 1 failed"; exit 1; }
LOG=$WORK/log
example=$ROOT/examples/orders

apply() { psql -X -q -v ON_ERROR_STOP=1 -1 -d "$DB" -f "$1" >>"$LOG" 2>&1; }

gates=0
for style in golang-migrate flyway plain; do
  DB=m_${style//-/_}
  CHECK_PREFIX="$style: "
  dir=$WORK/$style
  mkdir -p "$dir"
  createdb "$DB"
  psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$example/schema.sql" -f "$example/data.sql" >>"$LOG" 2>&1
  (cd "$example" && "$TOOL" orders.status --format migrations --style "$style" --output "$dir" --date 2026-11-21) 2>>"$LOG"
  (cd "$example" && "$TOOL" orders.status --format sql --output "$WORK/bundle-$style" --date 2026-11-21) 2>>"$LOG"
  case $style in
    golang-migrate) ups=("$dir"/*.up.sql) downs=("$dir"/*.down.sql) ;;
    flyway) ups=("$dir"/V*.sql) downs=("$dir"/U*.sql) ;;
    plain) ups=("$dir"/*.up.sql) downs=("$dir"/*.down.sql) ;;
  esac
  expect_eq "four up and four down migrations" "${#ups[@]}/${#downs[@]}" "4/4"
  (cd "$example" && "$TOOL" orders.status --format migrations --style "$style" --output "$dir" --date 2026-11-21) >/dev/null 2>&1
  expect_eq "writing again over existing migrations is refused (exit 4)" "$?" 4

  expect_eq "the prepare migration applies" "$(apply "${ups[0]}" && echo ok)" ok
  # A runner applies every pending migration in order, before anyone ran the backfill: the first
  # finalisation step must fail on its gate with nothing committed, and the application's writes
  # of NULL (old versions still run) must go on working.
  if apply "${ups[1]}"; then fail "before the backfill, the NOT NULL migration is refused" "it applied"; else pass "before the backfill, the NOT NULL migration is refused"; fi
  expect_eq "the refusal says to run the backfill" "$(grep -c 'has not completed: nothing was changed' "$LOG")" "$((++gates))"
  expect_eq "the refused migration committed nothing" \
    "$(q "SELECT count(*) FROM pg_constraint WHERE conrelid = 'orders'::regclass AND conname LIKE '%not_null%'")" 0
  expect_eq "the application still writes NULL" \
    "$(q "INSERT INTO orders (id, customer_id, total) SELECT max(id) + 1, 1, 1 FROM orders RETURNING status IS NULL")" t

  ok=true
  psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$WORK/bundle-$style/03_backfill.sql" >>"$LOG" 2>&1 || ok=false
  for up in "${ups[@]:1}"; do apply "$up" || ok=false; done
  expect_eq "after the psql backfill, the finalisation migrations apply" "$ok" true
  expect_eq "the column is NOT NULL" "$(q "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'status'")" t
  expect_eq "no NULL left" "$(q "SELECT count(*) FROM orders WHERE status IS NULL")" 0

  ok=true
  for ((i = ${#downs[@]} - 1; i >= 1; i--)); do apply "${downs[$i]}" || ok=false; done
  expect_eq "the finalisation down migrations apply in reverse order" "$ok" true
  expect_eq "the column is nullable again" "$(q "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'status'")" f
  if apply "${downs[0]}"; then fail "inside the retention period, the prepare down migration is refused" "it applied"; else pass "inside the retention period, the prepare down migration is refused"; fi
  expect_eq "the backup is still there" "$(q "SELECT count(*) FROM pg_class WHERE relname LIKE 'orders_status_%_20261121'")" 3
  q "UPDATE orders_status_backup_20261121 SET backed_up_at = now() - interval '8 days'" >/dev/null
  expect_eq "after the retention period, the prepare down migration applies" "$(apply "${downs[0]}" && echo ok)" ok
  expect_eq "the backup and progress tables are gone" "$(q "SELECT count(*) FROM pg_class WHERE relname LIKE 'orders_status_%_20261121'")" 0
done

# A rename: expand first, contract last, the batched copy and the concurrent index builds with
# psql between them; before the contract, the down migrations take the table back to where it was.
rename_example=$ROOT/examples/rename
CHECK_PREFIX="rename: "
for DB in m_rename m_rename_down; do
  createdb "$DB"
  psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$rename_example/schema.sql" -f "$rename_example/data.sql" >>"$LOG" 2>&1
done
dir=$WORK/rename
mkdir -p "$dir"
(cd "$rename_example" && "$TOOL" --requirement backfills/customers.name.json --format migrations --style golang-migrate --output "$dir" --date 2026-11-21) 2>>"$LOG"
(cd "$rename_example" && "$TOOL" --requirement backfills/customers.name.json --format sql --output "$WORK/bundle-rename" --date 2026-11-21) 2>>"$LOG"
ups=("$dir"/*.up.sql) downs=("$dir"/*.down.sql)
expect_eq "expand, prepare, three NOT NULL steps and contract, up and down" "${#ups[@]}/${#downs[@]}" "6/6"
DB=m_rename_down
ok=true
for up in "${ups[0]}" "${ups[1]}"; do apply "$up" || ok=false; done
expect_eq "the expand and prepare migrations apply" "$ok" true
expect_eq "the trigger copies an old version's insert" \
  "$(q "INSERT INTO customers (id, name, email) VALUES (100001, 'Ann', 'ann@example.com') RETURNING full_name")" Ann
ok=true
for down in "${downs[1]}" "${downs[0]}"; do apply "$down" || ok=false; done
expect_eq "their down migrations apply in reverse order" "$ok" true
expect_eq "the copy is gone, the original kept" \
  "$(q "SELECT string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'customers'::regclass AND attnum > 0 AND NOT attisdropped")" \
  "id,name,email,created_at"
DB=m_rename
ok=true
for up in "${ups[0]}" "${ups[1]}"; do apply "$up" || ok=false; done
if apply "${ups[5]}"; then fail "before the copy, the contract migration is refused" "it applied"; else pass "before the copy, the contract migration is refused"; fi
expect_eq "the refused contract kept the original column" \
  "$(q "SELECT count(*) FROM pg_attribute WHERE attrelid = 'customers'::regclass AND attname = 'name' AND NOT attisdropped")" 1
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$WORK/bundle-rename/03_backfill.sql" >>"$LOG" 2>&1 || ok=false
for up in "${ups[2]}" "${ups[3]}" "${ups[4]}"; do apply "$up" || ok=false; done
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$WORK/bundle-rename/06_copy_indexes.sql" >>"$LOG" 2>&1 || ok=false
apply "${ups[5]}" || ok=false
expect_eq "after the copy and the index builds (psql), the NOT NULL and contract migrations apply" "$ok" true
expect_eq "the original column is gone, the copy is NOT NULL" \
  "$(q "SELECT string_agg(attname || ':' || attnotnull, ',' ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'customers'::regclass AND attnum > 0 AND NOT attisdropped")" \
  "id:true,email:true,created_at:true,full_name:true"
expect_eq "the copied indexes carry the old names" \
  "$(q "SELECT string_agg(indexrelid::regclass::text, ',' ORDER BY indexrelid::regclass::text) FROM pg_index WHERE indrelid = 'customers'::regclass")" \
  "customers_email_key,customers_name_created_idx,customers_name_idx,customers_pkey"
if apply "${downs[5]}"; then fail "the contract's down migration refuses" "it applied"; else pass "the contract's down migration refuses"; fi

# A primary key widened in place (a retype without "to"): the switch is its own migration,
# between the NOT NULL steps and the contract, refused until the copy is complete and its key's
# index built (psql); after it the key is bigint under its own name, and its down migration
# points to 87_undo_switch.sql.
widen_example=$ROOT/examples/widen_key
CHECK_PREFIX="widen_key: "
DB=m_widen
createdb "$DB"
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$widen_example/schema.sql" -f "$widen_example/data.sql" >>"$LOG" 2>&1
dir=$WORK/widen
mkdir -p "$dir"
(cd "$widen_example" && "$TOOL" --requirement backfills/accounts.id.json --format migrations --style golang-migrate --output "$dir" --date 2026-11-21) 2>>"$LOG"
(cd "$widen_example" && "$TOOL" --requirement backfills/accounts.id.json --format sql --output "$WORK/bundle-widen" --date 2026-11-21) 2>>"$LOG"
ups=("$dir"/*.up.sql) downs=("$dir"/*.down.sql)
expect_eq "expand, prepare, three NOT NULL steps, switch and contract, up and down" "${#ups[@]}/${#downs[@]}" "7/7"
expect_eq "the sixth is the switch" "$(basename "${ups[5]}")" "20261121000006_backfill_accounts_id_new_switch.up.sql"
ok=true
for up in "${ups[0]}" "${ups[1]}"; do apply "$up" || ok=false; done
expect_eq "the expand and prepare migrations apply" "$ok" true
if apply "${ups[5]}"; then fail "before the copy, the switch migration is refused" "it applied"; else pass "before the copy, the switch migration is refused"; fi
if apply "${ups[6]}"; then fail "before the switch, the contract migration is refused" "it applied"; else pass "before the switch, the contract migration is refused"; fi
expect_eq "the refusals left the key as it was" \
  "$(q "SELECT format_type(a.atttypid, a.atttypmod) FROM pg_index AS i JOIN pg_attribute AS a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] WHERE i.indrelid = 'accounts'::regclass AND i.indisprimary")" integer
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$WORK/bundle-widen/03_backfill.sql" >>"$LOG" 2>&1 || ok=false
for up in "${ups[2]}" "${ups[3]}" "${ups[4]}"; do apply "$up" || ok=false; done
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$WORK/bundle-widen/06_copy_indexes.sql" >>"$LOG" 2>&1 || ok=false
apply "${ups[5]}" || ok=false
expect_eq "after the copy and the index builds (psql), the NOT NULL and switch migrations apply" "$ok" true
expect_eq "the key is bigint under its own name, the original swapped aside" \
  "$(q "SELECT string_agg(attname || ':' || format_type(atttypid, atttypmod), ',' ORDER BY attname) FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND attname IN ('id', 'id_old', 'id_new') AND NOT attisdropped")" \
  "id:bigint,id_old:integer"
expect_eq "invoices reference the new key, validated" \
  "$(q "SELECT convalidated FROM pg_constraint WHERE conname = 'invoices_account_id_fkey' AND confrelid = 'accounts'::regclass AND confkey = ARRAY[(SELECT attnum FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND attname = 'id')]::int2[]")" t
expect_eq "the sequence counts in bigint, owned by the key" \
  "$(q "SELECT pg_get_serial_sequence('public.accounts', 'id') || ':' || (SELECT format_type(seqtypid, NULL) FROM pg_sequence WHERE seqrelid = 'public.accounts_id_seq'::regclass)")" \
  "public.accounts_id_seq:bigint"
if apply "${downs[5]}"; then fail "the switch's down migration refuses" "it applied"; else pass "the switch's down migration refuses"; fi
expect_eq "its refusal names 87_undo_switch.sql" "$(grep -c 'run 87_undo_switch.sql with psql' "$LOG")" 1
apply "${ups[6]}" || ok=false
expect_eq "the contract migration applies after the switch" "$ok" true
expect_eq "the original is gone" "$(q "SELECT count(*) FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND attname = 'id_old' AND NOT attisdropped")" 0
expect_eq "a key past the integer range is written" \
  "$(q "SELECT setval('public.accounts_id_seq', 3000000000)" >/dev/null; q "INSERT INTO accounts (email) VALUES ('big@example.com') RETURNING id")" 3000000001

# An identity key widened in place: the switch moves the identity (its sequence's name,
# increment and position) to the copy, 87_undo_switch.sql (psql) moves it back, and the switch
# and contract migrations then finish the change.
CHECK_PREFIX="identity key: "
DB=m_identity
createdb "$DB"
mkdir -p "$WORK/identity/migrations"
cat >"$WORK/identity/schema.sql" <<'SQL'
CREATE TABLE public.items (id integer GENERATED ALWAYS AS IDENTITY (INCREMENT BY 2) PRIMARY KEY, name text);
CREATE TABLE public.tags (id bigint PRIMARY KEY, item_id int REFERENCES public.items);
SQL
echo '{"target": "public.items.id", "kind": "retype", "type": "bigint", "batch_size": 100}' >"$WORK/identity/items.id.json"
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$WORK/identity/schema.sql" \
  -c "INSERT INTO items (name) SELECT 'n' || g FROM generate_series(1, 500) AS g" \
  -c "INSERT INTO tags SELECT g, 1 + 2 * (g % 400) FROM generate_series(1, 300) AS g" >>"$LOG" 2>&1
(cd "$WORK/identity" && "$TOOL" --schema schema.sql --requirement items.id.json --format migrations --style plain --output migrations --date 2026-11-21 &&
  "$TOOL" --schema schema.sql --requirement items.id.json --format sql --output bundle --date 2026-11-21) 2>>"$LOG"
ups=("$WORK/identity/migrations"/*.up.sql)
bundle=$WORK/identity/bundle
ok=true
for up in "${ups[0]}" "${ups[1]}"; do apply "$up" || ok=false; done
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$bundle/03_backfill.sql" >>"$LOG" 2>&1 || ok=false
for up in "${ups[2]}" "${ups[3]}" "${ups[4]}"; do apply "$up" || ok=false; done
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$bundle/06_copy_indexes.sql" >>"$LOG" 2>&1 || ok=false
apply "${ups[5]}" || ok=false
expect_eq "expand, copy, NOT NULL, index builds and the switch apply" "$ok" true
identity="SELECT attidentity::text || ':' || format_type(atttypid, atttypmod) || ':' || pg_get_serial_sequence('public.items', 'id') FROM pg_attribute WHERE attrelid = 'items'::regclass AND attname = 'id'"
expect_eq "the identity is the widened key's, under its sequence's name" "$(q "$identity")" "a:bigint:public.items_id_seq"
expect_eq "it counts on from where it stood, by its increment" "$(q "INSERT INTO items (name) VALUES ('after') RETURNING id")" 1001
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$bundle/87_undo_switch.sql" >>"$LOG" 2>&1 || ok=false
expect_eq "87_undo_switch.sql moves it back" "$ok/$(q "$identity")" "true/a:integer:public.items_id_seq"
expect_eq "and on it counts" "$(q "INSERT INTO items (name) VALUES ('undone') RETURNING id")" 1003
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$bundle/06_copy_indexes.sql" >>"$LOG" 2>&1 || ok=false
apply "${ups[5]}" || ok=false
apply "${ups[6]}" || ok=false
expect_eq "the switch and the contract apply again" "$ok/$(q "$identity")" "true/a:bigint:public.items_id_seq"
expect_eq "every row and every reference is there" \
  "$(q "SELECT count(*) || '/' || (SELECT count(*) FROM tags JOIN items ON items.id = tags.item_id) FROM items")" "502/300"

[ "$FAILED" -eq 0 ] || tail -20 "$LOG"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
