# A table with no key to page by (examples/no_key: Matrix Synapse's event_push_actions_staging,
# no primary key and no unique index): the plan is refused (exit 1; --check exits 3) and the
# refusal proposes a key. Its statements are run here as the tool writes them, on the example's
# schema and data, then on a partitioned table without a key; the table planned again with them
# has a primary key, and its bundle runs. Source after lib.sh; call check_no_key. Expects TOOL and WORK.

# The statements of a refusal's suggestion, one per line: after "one statement at a time: ", to
# the parenthesis that closes the suggestion.
nok_statements() {
  sed -n 's/.*one statement at a time: \(.*\))$/\1/p' "$1" | sed 's/; /;\n/g'
}

# nok_run NAME SCHEMA_FILE TARGET [DATA_FILE]: the refusal, and its proposal run; $W/schema.sql is
# the schema with the proposal's statements added.
nok_run() {
  local name=$1 schema=$2 target=$3 data=${4:-}
  e2e_scratch "no_key_$name" "no key ($name)"
  createdb "$DB" && psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$schema" ${data:+-f "$data"} >>"$LOG" 2>&1 ||
    { fail "the schema loads" "$(tail -3 "$LOG")"; return 1; }
  local rc=0 check_rc=0
  "$TOOL" "$target" --schema "$schema" --set "'x'" --date 2026-11-21 >/dev/null 2>"$W/refusal" || rc=$?
  "$TOOL" "$target" --schema "$schema" --set "'x'" --date 2026-11-21 --check >/dev/null 2>"$W/check" || check_rc=$?
  expect_eq "the plan is refused (exit 1), --check calls it blocked (exit 3)" "$rc|$check_rc" "1|3"
  expect_eq "the refusal says why" "$(grep -c 'has no primary key, and no unique index without WHERE or expression items, to page by' "$W/refusal")" 1
  nok_statements "$W/refusal" >"$W/proposed.sql"
  echo "--- proposed:" >>"$LOG"
  cat "$W/proposed.sql" >>"$LOG"
  [ -s "$W/proposed.sql" ] && pass "the refusal proposes statements" || fail "the refusal proposes statements" "$(cat "$W/refusal")"
  # psql -f sends each statement on its own, outside a transaction (CREATE INDEX CONCURRENTLY needs that)
  if psql -X -v ON_ERROR_STOP=1 -d "$DB" -f "$W/proposed.sql" >>"$LOG" 2>&1; then
    pass "the proposed statements run on PostgreSQL 15"
  else
    fail "the proposed statements run on PostgreSQL 15" "$(tail -3 "$LOG")"
  fi
  cat "$schema" "$W/proposed.sql" >"$W/schema.sql"
}

nok_example() {
  local example=$ROOT/examples/no_key rows
  nok_run example "$example/schema.sql" event_push_actions_staging.thread_id "$example/data.sql" || return
  expect_true "the new column is the primary key, an identity numbering every row once" \
    "SELECT a.attidentity = 'a' AND a.atttypid = 'bigint'::regtype AND i.indisprimary AND i.indisvalid
            AND (SELECT count(DISTINCT id) = count(*) AND count(*) = 3000 FROM public.event_push_actions_staging)
     FROM pg_index AS i JOIN pg_attribute AS a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
     WHERE i.indrelid = 'public.event_push_actions_staging'::regclass AND i.indisprimary AND a.attname = 'id'"
  expect_eq "the application's insert without the column still works, numbered" \
    "$(q "INSERT INTO public.event_push_actions_staging (event_id, user_id, actions, notif, highlight)
          VALUES ('\$e', '@u', '[]', 1, 0) RETURNING id")" 3001
  # planned again from the schema with the statements added: it pages by the new key, and runs
  if (cd "$example" && "$TOOL" --schema "$W/schema.sql" --requirement backfills/event_push_actions_staging.thread_id.json \
        --date 2026-11-21 --format sql --output "$BUNDLE") >>"$LOG" 2>&1; then
    pass "planned again with them, the plan is written"
  else
    fail "planned again with them, the plan is written" "$(tail -3 "$LOG")"
    return
  fi
  expect_eq "it pages by the new primary key" "$(grep -c 'keyset pagination over primary key public.event_push_actions_staging_pkey' \
    <(cd "$example" && "$TOOL" --schema "$W/schema.sql" --requirement backfills/event_push_actions_staging.thread_id.json --date 2026-11-21))" 1
  rows=$(q "SELECT count(*) FROM public.event_push_actions_staging WHERE thread_id IS NULL")
  expect_ok "01_preflight.sql" 01_preflight.sql
  expect_ok "02_prepare.sql" 02_prepare.sql
  expect_ok "03_backfill.sql" 03_backfill.sql -v sleep_ms=0
  expect_ok "04_verify.sql" 04_verify.sql
  expect_eq "every thread_id is filled, each row backed up once" \
    "$(q "SELECT count(*) FROM public.event_push_actions_staging WHERE thread_id IS NULL")|$(q "SELECT rows_done FROM public.event_push_actions_staging_thread_id_progress_20261121")" \
    "0|$rows"
}

nok_partitioned() {
  printf '%s\n' \
    'CREATE TABLE events (at date NOT NULL, region text NOT NULL, kind text) PARTITION BY RANGE (at);' \
    "CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01') PARTITION BY LIST (region);" \
    "CREATE TABLE events_2024_eu PARTITION OF events_2024 FOR VALUES IN ('eu');" \
    "CREATE TABLE events_2024_us PARTITION OF events_2024 FOR VALUES IN ('us');" \
    "CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');" \
    >"$WORK/no_key_partitioned.sql"
  printf '%s\n' "INSERT INTO events SELECT date '2024-06-01' + i, (ARRAY['eu', 'us'])[1 + i % 2], NULL FROM generate_series(0, 399) AS i;" \
    >"$WORK/no_key_partitioned_data.sql"
  nok_run partitioned "$WORK/no_key_partitioned.sql" events.kind "$WORK/no_key_partitioned_data.sql" || return
  expect_true "the primary key holds the new column and both levels' partition key columns, on every partition" \
    "SELECT pg_get_indexdef(i.indexrelid) LIKE '%(id, at, region)' AND
            (SELECT count(*) FROM pg_partition_tree('public.events'::regclass) AS t JOIN pg_index AS x ON x.indrelid = t.relid
             WHERE x.indisprimary) = 5
            AND (SELECT count(DISTINCT id) = 400 FROM public.events)
     FROM pg_index AS i WHERE i.indrelid = 'public.events'::regclass AND i.indisprimary"
  expect_eq "planned again with them, it pages by the new primary key" \
    "$("$TOOL" events.kind --schema "$W/schema.sql" --set "'x'" --format json 2>>"$LOG" |
       node -e 'console.log(JSON.parse(require("fs").readFileSync(0, "utf8")).key)')" \
    "primary key public.events_pkey (id bigint, at date, region text)"
}

check_no_key() {
  local started=$SECONDS
  nok_example
  dropdb "$DB" >/dev/null 2>&1 || true
  nok_partitioned
  dropdb "$DB" >/dev/null 2>&1 || true
  CHECK_PREFIX=
  echo "     (no key: $((SECONDS - started)) s)"
}
