# The rollback's promises, each tried the way it broke before: application writes that a value
# cannot tell apart (delete and re-insert, the backfill's own value), rows changed twice, a
# rollback while a run goes on, concurrent runs with their own max_rows, a migration role that
# owns nothing, row-level security, table rewrites, guards, NULL new values, a partitioned
# table's cleanup, and a run that cannot converge because the application keeps writing.
# Source after pg.sh and lib.sh; call check_rollback_safety. Expects TOOL and WORK.
SAFETY_NO=0

# The next scenario's database, folder, log and bundle path, and its check prefix.
safety_new() {
  SAFETY_NO=$((SAFETY_NO + 1))
  DB=e2e_safety_$SAFETY_NO
  W=$WORK/safety_$SAFETY_NO
  LOG=$W/log
  BUNDLE=$W/bundle
  CHECK_PREFIX="rollback safety ($1): "
  mkdir -p "$W/backfills"
  : >"$LOG"
}

# The migration role: USAGE and CREATE on the schema, SELECT and UPDATE on public.items.
safety_migrator() {
  q "DROP ROLE IF EXISTS e2e_safety_migrator; CREATE ROLE e2e_safety_migrator LOGIN;
     GRANT USAGE, CREATE ON SCHEMA public TO e2e_safety_migrator;
     GRANT SELECT, UPDATE ON public.items TO e2e_safety_migrator;" >/dev/null
}

# A fresh database with public.items (2,000 rows: NULL, and 'stale' every tenth), its bundle for
# a fill of v with `where` v IS NULL OR v = 'stale', and a snapshot. Extra requirement keys: $1.
safety_setup() {
  local extra=${1:-} name=${2:-items}
  safety_new "$name"
  cat >"$W/schema.sql" <<'SQL'
CREATE TABLE public.items (id bigint PRIMARY KEY, v text, other integer NOT NULL DEFAULT 0);
SQL
  cat >"$W/backfills/items.v.json" <<JSON
{"target": "public.items.v", "kind": "fill", "set": "'new-' || id", "where": "v IS NULL OR v = 'stale'",
 "batch_size": 100, "sleep_ms": 0 $extra}
JSON
  createdb "$DB"
  psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$W/schema.sql" >>"$LOG" 2>&1
  q "INSERT INTO public.items (id, v) SELECT g, CASE WHEN g % 10 = 0 THEN 'stale' END FROM generate_series(1, 2000) AS g;
     CREATE TABLE public.items_snapshot AS SELECT * FROM public.items;" >/dev/null
  (cd "$W" && "$TOOL" --requirement backfills/items.v.json --date 2026-11-21 --format sql --output "$BUNDLE") >>"$LOG" 2>&1 ||
    fail "backfill-plan writes the bundle" "$(tail -3 "$LOG")"
}

# Rows that differ from the snapshot, leaving out the keys given (a SQL list).
safety_changed() {
  q "SELECT count(*) FROM public.items_snapshot AS s FULL JOIN public.items AS i USING (id)
     WHERE ROW(s.v, s.other) IS DISTINCT FROM ROW(i.v, i.other) AND id NOT IN (${1:-0})"
}

# ABA: the application deletes a row and inserts it again with the value the backfill wrote,
# writes the backfill's own value into another, and changes another column of a third. None of
# them can be told apart from the backfill's writes by value; all three are the application's.
safety_aba() {
  safety_setup "" "same values, other versions"
  run_bundle 02_prepare.sql
  expect_ok "03_backfill.sql completes" 03_backfill.sql
  q "DELETE FROM public.items WHERE id = 1; INSERT INTO public.items (id, v) VALUES (1, 'new-1');
     UPDATE public.items SET v = 'new-2' WHERE id = 2; UPDATE public.items SET other = 7 WHERE id = 3;
     UPDATE public.items SET v = 'new-10' WHERE id = 10;" >/dev/null
  q "VACUUM FULL public.items" >/dev/null
  expect_ok "90_rollback.sql runs after the application's writes and a VACUUM FULL" 90_rollback.sql
  expect_eq "the application's rows keep what it wrote" \
    "$(q "SELECT string_agg(id || '=' || v || '/' || other, ' ' ORDER BY id) FROM public.items WHERE id IN (1, 2, 3, 10)")" \
    "1=new-1/0 2=new-2/0 3=new-3/7 10=new-10/0"
  expect_eq "they are counted as kept" \
    "$(q "SELECT string_agg(id::text, ' ' ORDER BY id) FROM public.items_v_backup_20261121 WHERE state = 'kept'")" "1 2 3 10"
  expect_eq "every other row is back as it was, through the table rewrite" "$(safety_changed "1, 2, 3, 10")" 0
}

# Twice backfilled: changed by the backfill, written by the application, changed again by a
# later run. The rollback restores the application's value, not the value before the first run.
# With on_application_write keep, the later run leaves the application's write alone.
safety_twice() {
  safety_setup "" "a row changed twice"
  run_bundle 02_prepare.sql
  expect_ok "03_backfill.sql completes" 03_backfill.sql
  q "UPDATE public.items SET v = NULL WHERE id IN (20, 21)" >/dev/null
  expect_ok "03_backfill.sql again (reapply: fill's default)" 03_backfill.sql
  expect_eq "the later run changed the application's NULLs again" "$(q "SELECT string_agg(v, ' ' ORDER BY id) FROM public.items WHERE id IN (20, 21)")" "new-20 new-21"
  expect_eq "the backup holds the value just before the last change" \
    "$(q "SELECT count(*) FROM public.items_v_backup_20261121 WHERE id IN (20, 21) AND old_value IS NULL")" 2
  expect_ok "90_rollback.sql" 90_rollback.sql
  expect_eq "the rollback restores the application's NULL, not the value before the first run" \
    "$(q "SELECT count(*) FROM public.items WHERE id IN (20, 21) AND v IS NULL")" 2
  expect_eq "every other row is back as it was" "$(safety_changed "20, 21")" 0

  safety_setup ', "on_application_write": "keep"' "keep the application's writes"
  run_bundle 02_prepare.sql
  expect_ok "03_backfill.sql completes" 03_backfill.sql
  q "UPDATE public.items SET v = 'stale' WHERE id = 31" >/dev/null
  expect_ok "03_backfill.sql again" 03_backfill.sql
  expect_eq "keep: the later run leaves the application's write" "$(q "SELECT v FROM public.items WHERE id = 31")" stale
  expect_ok "04_verify.sql passes, counting the row as the application's" 04_verify.sql
  expect_eq "04 names it" "$(grep -c '1 of them written again by the application since' "$LOG")" 1
  expect_ok "90_rollback.sql" 90_rollback.sql
  expect_eq "the rollback keeps it" "$(q "SELECT v FROM public.items WHERE id = 31")" stale
  expect_eq "every other row is back as it was" "$(safety_changed "31")" 0
}

# 90 while 03 runs: the run stops at its next batch, nothing is backfilled again behind the
# rollback, a later 03 refuses, and 03 -v resume=1 goes on.
safety_rollback_during_run() {
  safety_setup "" "rollback during a run"
  run_bundle 02_prepare.sql
  echo "--- 03_backfill.sql (background)" >>"$LOG"
  psql -X -v ON_ERROR_STOP=1 -d "$DB" -v batch_size=20 -v sleep_ms=40 -f "$BUNDLE/03_backfill.sql" >"$W/run.out" 2>&1 &
  BG_PID=$!
  local i
  for i in $(seq 1 100); do
    [ "$(q "SELECT batches >= 5 FROM public.items_v_progress_20261121")" == t ] && break
    sleep 0.1
  done
  expect_ok "90_rollback.sql during the run" 90_rollback.sql -v sleep_ms=0
  local rc=0
  wait "$BG_PID" || rc=$?
  BG_PID=
  expect_eq "the running 03 stopped with an error" "$([ $rc -ne 0 ] && echo yes)" yes
  expect_eq "it said why" "$(grep -c 'a rollback (90_rollback.sql) started at' "$W/run.out")" 1
  expect_ok "90_rollback.sql again restores what the last batch wrote" 90_rollback.sql -v sleep_ms=0
  expect_eq "the table is as it was" "$(safety_changed)" 0
  expect_refused "a later 03 refuses" 03_backfill.sql
  expect_eq "it says how to resume" "$(grep -c 'run 03_backfill.sql -v resume=1' "$LOG")" 1
  expect_eq "and changed nothing" "$(safety_changed)" 0
  expect_ok "03 -v resume=1 backfills again" 03_backfill.sql -v resume=1
  expect_eq "to the end" "$(q "SELECT count(*) FROM public.items WHERE v IS NULL OR v = 'stale'")" 0
  expect_ok "04_verify.sql passes" 04_verify.sql
}

# Two runs at once: a staged run of 10 started during a full run changes exactly 10 rows, and the
# full run still goes to the end.
safety_concurrent_runs() {
  safety_setup "" "concurrent runs"
  run_bundle 02_prepare.sql
  psql -X -v ON_ERROR_STOP=1 -d "$DB" -v batch_size=20 -v sleep_ms=30 -f "$BUNDLE/03_backfill.sql" >"$W/full.out" 2>&1 &
  BG_PID=$!
  local i
  for i in $(seq 1 100); do
    [ "$(q "SELECT batches >= 3 FROM public.items_v_progress_20261121")" == t ] && break
    sleep 0.1
  done
  psql -X -A -F '|' -v ON_ERROR_STOP=1 -d "$DB" -v max_rows=10 -v batch_size=20 -v sleep_ms=0 \
    -f "$BUNDLE/03_backfill.sql" >"$W/staged.out" 2>&1
  expect_eq "the staged run changed exactly its 10 rows" "$(grep -E '^[0-9]+\|' "$W/staged.out" | cut -d'|' -f4,5)" "10|stopped at max_rows"
  local rc=0
  wait "$BG_PID" || rc=$?
  BG_PID=
  expect_eq "the full run completed" "$rc|$(grep -c ' complete$' "$W/full.out")" "0|1"
  expect_eq "nothing left to change" "$(q "SELECT count(*) FROM public.items WHERE v IS NULL OR v = 'stale'")" 0
}

# A migration role: USAGE and CREATE on the schema, SELECT and UPDATE on the table, owner of
# nothing else. It runs 01-04, 91 and 90; the table is back as it was.
safety_migration_role() {
  safety_setup "" "a role that owns nothing"
  safety_migrator
  local f
  for f in 01_preflight.sql 02_prepare.sql "03_backfill.sql -v max_rows=10" 03_backfill.sql 04_verify.sql \
    "91_rollback_batches.sql -v first_batch=2 -v last_batch=4" 90_rollback.sql; do
    # shellcheck disable=SC2086
    PGUSER=e2e_safety_migrator expect_ok "as the migration role: $f" $f
  done
  expect_eq "the table is as it was" "$(safety_changed)" 0
  PGUSER=e2e_safety_migrator expect_ok "as the migration role: 99_cleanup.sql -v force=1" 99_cleanup.sql -v force=1
  dropdb "$DB" >/dev/null 2>&1
  q "DROP ROLE e2e_safety_migrator" >/dev/null
}

# After 05_finalize.sql the old NULLs need NOT NULL dropped, which only the owner may do: the
# migration role's 90 stops before changing anything (the backfill is not even stopped), and the
# owner's 90 restores everything.
safety_owner_needed() {
  safety_setup ', "not_null_after": true' "NOT NULL to undo"
  safety_migrator
  PGUSER=e2e_safety_migrator expect_ok "as the migration role: 02_prepare.sql" 02_prepare.sql
  PGUSER=e2e_safety_migrator expect_ok "as the migration role: 03_backfill.sql" 03_backfill.sql
  expect_ok "as the owner: 05_finalize.sql" 05_finalize.sql
  local before
  before=$(q "SELECT md5(string_agg(v, ',' ORDER BY id)) FROM public.items")
  PGUSER=e2e_safety_migrator expect_refused "as the migration role: 90_rollback.sql refuses" 90_rollback.sql
  expect_eq "saying the owner must run it" "$(grep -c 'which only the owner of public.items may do: nothing was changed' "$LOG")" 1
  expect_eq "before changing anything: the backfill is not stopped, no row restored" \
    "$(q "SELECT stopped_at IS NULL FROM public.items_v_progress_20261121")|$(q "SELECT md5(string_agg(v, ',' ORDER BY id)) FROM public.items")" \
    "t|$before"
  expect_ok "as the owner: 90_rollback.sql" 90_rollback.sql
  expect_eq "the table is as it was, nullable again" \
    "$(safety_changed)|$(q "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'public.items'::regclass AND attname = 'v'")" "0|f"
  dropdb "$DB" >/dev/null 2>&1
  q "DROP ROLE e2e_safety_migrator" >/dev/null
}

# Row-level security: a role its policies apply to would see one tenant's rows; every script that
# reads or changes the table refuses to run as it, and says who may.
safety_row_security() {
  safety_setup "" "row-level security"
  q "ALTER TABLE public.items ADD COLUMN tenant text NOT NULL DEFAULT 'a';
     UPDATE public.items SET tenant = 'b' WHERE id % 2 = 0;
     ALTER TABLE public.items ENABLE ROW LEVEL SECURITY;
     CREATE POLICY tenant_rows ON public.items USING (tenant = current_setting('app.tenant', true));
     DROP ROLE IF EXISTS e2e_safety_tenant; CREATE ROLE e2e_safety_tenant LOGIN;
     GRANT USAGE ON SCHEMA public TO e2e_safety_tenant; GRANT SELECT, UPDATE ON public.items TO e2e_safety_tenant;" >/dev/null
  run_bundle 02_prepare.sql
  q "GRANT SELECT, INSERT, UPDATE ON public.items_v_backup_20261121, public.items_v_progress_20261121 TO e2e_safety_tenant" >/dev/null
  local f
  for f in 01_preflight.sql 03_backfill.sql 04_verify.sql 90_rollback.sql; do
    PGUSER=e2e_safety_tenant PGOPTIONS="-c app.tenant=a" expect_refused "as a role the policies apply to: $f refuses" "$f"
  done
  expect_eq "each said why" "$(grep -c 'row-level security applies to role e2e_safety_tenant' "$LOG")" 4
  expect_eq "nothing changed" "$(q "SELECT count(*) FROM public.items AS i JOIN public.items_snapshot AS s USING (id) WHERE i.v IS DISTINCT FROM s.v")" 0
  expect_ok "as the owner, 03_backfill.sql sees and changes every row" 03_backfill.sql
  expect_eq "every tenant's rows" "$(q "SELECT count(*) FROM public.items WHERE v IS NULL OR v = 'stale'")" 0
  dropdb "$DB" >/dev/null 2>&1
  q "DROP ROLE e2e_safety_tenant" >/dev/null
}

# Guards end with a message and a non-zero exit, before changing anything.
safety_guards() {
  safety_setup "" "guards"
  run_bundle 02_prepare.sql
  expect_refused "91 without first_batch refuses" 91_rollback_batches.sql
  expect_eq "saying what to give" "$(grep -c 'first_batch is not set' "$LOG")" 1
  expect_refused "03 with a batch_size that is not a number refuses" 03_backfill.sql -v batch_size=ten -v on_error=maybe
  expect_eq "naming both variables" "$(grep -c 'psql variables: batch_size must be a whole number of rows, 1 or more; on_error must be stop or skip' "$LOG")" 1
  expect_ok "03_backfill.sql" 03_backfill.sql
  expect_refused "99 inside the retention period refuses" 99_cleanup.sql
  expect_eq "saying how long the backup is kept" "$(grep -c 'is younger than 7 days' "$LOG")" 1
  expect_eq "and drops nothing" "$(q "SELECT to_regclass('public.items_v_backup_20261121') IS NOT NULL")" t
  expect_eq "no guard divides by zero" "$(grep -c 'division by zero' "$LOG")" 0
}

# Rows whose new value is NULL: 01 counts them, 03 completes, 04 passes naming them; with
# not_null_after, 01 and 04 fail.
safety_null_values() {
  safety_setup "" "new values that are NULL"
  sed -i "s/\"set\": \"'new-' || id\"/\"set\": \"CASE WHEN id % 7 <> 0 THEN 'new-' || id END\"/" "$W/backfills/items.v.json"
  rm -rf "$BUNDLE"
  (cd "$W" && "$TOOL" --requirement backfills/items.v.json --date 2026-11-21 --format sql --output "$BUNDLE") >>"$LOG" 2>&1
  local nulls
  nulls=$(q "SELECT count(*) FROM public.items WHERE (v IS NULL OR v = 'stale') AND id % 7 = 0")
  expect_ok "01_preflight.sql passes" 01_preflight.sql
  expect_eq "01 counts the rows whose new value is NULL" \
    "$(grep -c "new value is NULL (the row stays or becomes NULL) *$nulls\$" "$LOG")" 1
  run_bundle 02_prepare.sql
  expect_ok "03_backfill.sql completes" 03_backfill.sql
  expect_ok "04_verify.sql passes" 04_verify.sql
  expect_eq "04 names them" "$(grep -c "$nulls rows whose new value is NULL" "$LOG")" 1
  sed -i 's/"sleep_ms": 0/"sleep_ms": 0, "not_null_after": true/' "$W/backfills/items.v.json"
  rm -rf "$BUNDLE"
  (cd "$W" && "$TOOL" --requirement backfills/items.v.json --date 2026-11-21 --format sql --output "$BUNDLE") >>"$LOG" 2>&1
  expect_refused "with not_null_after, 01_preflight.sql fails" 01_preflight.sql
  expect_refused "with not_null_after, 04_verify.sql fails" 04_verify.sql
  expect_eq "04 says the rows would stay NULL" "$(grep -c "$nulls rows would stay NULL" "$LOG")" 1
}

# 99 on a partitioned table with the proposed index created (CONCURRENTLY cannot build or drop an
# index on a partitioned table): it completes, and drops the index first.
safety_partitioned_cleanup() {
  safety_new "partitioned cleanup"
  cat >"$W/schema.sql" <<'SQL'
CREATE TABLE public.events (id bigint NOT NULL, at date NOT NULL, sev text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE public.events_1 PARTITION OF public.events FOR VALUES FROM ('2026-01-01') TO ('2026-07-01');
CREATE TABLE public.events_2 PARTITION OF public.events FOR VALUES FROM ('2026-07-01') TO ('2027-01-01');
SQL
  echo '{"target": "public.events.sev", "kind": "fill", "set": "'"'"'info'"'"'", "batch_size": 100, "sleep_ms": 0}' >"$W/backfills/events.sev.json"
  createdb "$DB"
  psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$W/schema.sql" >>"$LOG" 2>&1
  q "INSERT INTO public.events SELECT g, date '2026-01-01' + g % 300, NULL FROM generate_series(1, 500) AS g" >/dev/null
  (cd "$W" && "$TOOL" --requirement backfills/events.sev.json --date 2026-11-21 --format sql --output "$BUNDLE") >>"$LOG" 2>&1
  run_bundle 02_prepare.sql
  expect_ok "03_backfill.sql" 03_backfill.sql
  # The index the plan proposes, run as the plan writes it: one per partition, with psql.
  (cd "$W" && "$TOOL" --requirement backfills/events.sev.json --date 2026-11-21 --format json) >"$W/plan.json" 2>>"$LOG"
  set_from_file plan "$W/plan.json"
  psql -X -q -At -d "$DB" "${PSQL_FILE_VAR[@]}" -f - >"$W/create_index.sql" 2>>"$LOG" <<'SQL'
SELECT x->'proposed_sql'->>0
FROM jsonb_array_elements(:'plan'::jsonb->'findings') AS x WHERE x->>'id' = 'predicate.unindexed';
SQL
  expect_eq "the plan proposes the index with psql, partition by partition" "$(grep -c 'gexec$' "$W/create_index.sql")" 1
  expect_ok "which runs as the plan writes it" ../create_index.sql
  expect_eq "one index on each partition" \
    "$(q "SELECT string_agg(indexname, ' ' ORDER BY indexname) FROM pg_indexes WHERE indexname LIKE '%backfill_todo'")" \
    "events_1_backfill_todo events_2_backfill_todo"
  # And one a person made on the table itself (it cannot be made CONCURRENTLY).
  q "CREATE INDEX events_sev_backfill_todo ON public.events (id, at) WHERE sev IS NULL" >/dev/null
  expect_eq "99_cleanup.sql drops the index on the partitioned table" "$(grep -c 'DROP INDEX IF EXISTS public.events_sev_backfill_todo;' "$BUNDLE/99_cleanup.sql")" 1
  expect_ok "99_cleanup.sql -v force=1 completes" 99_cleanup.sql -v force=1
  expect_eq "the indexes, the backup and the progress table are gone" \
    "$(q "SELECT count(*) FROM pg_class WHERE relname LIKE '%backfill_todo' OR relname IN ('events_sev_backup_20261121', 'events_sev_progress_20261121')")" 0
}

# The application keeps writing the old value behind the cursor: 03 cannot finish, and says why.
safety_no_convergence() {
  safety_setup "" "the application keeps writing the old value"
  run_bundle 02_prepare.sql
  psql -X -q -d "$DB" -c "DO \$\$ BEGIN FOR i IN 1..400 LOOP
      UPDATE public.items SET v = NULL WHERE id = 1 + (i * 37) % 2000; COMMIT; PERFORM pg_sleep(0.02);
    END LOOP; END \$\$" >>"$LOG" 2>&1 &
  local app=$!
  psql -X -v ON_ERROR_STOP=1 -d "$DB" -v batch_size=50 -v sleep_ms=20 -f "$BUNDLE/03_backfill.sql" >"$W/run.out" 2>&1
  expect_eq "03 ends its rounds saying the application still writes the old value" \
    "$(grep -c 'the application still writes rows that need the backfill' "$W/run.out")" 1
  kill "$app" 2>/dev/null
  wait "$app" 2>/dev/null
}

check_rollback_safety() {
  local started=$SECONDS
  safety_aba
  safety_twice
  safety_rollback_during_run
  safety_concurrent_runs
  safety_migration_role
  safety_owner_needed
  safety_row_security
  safety_guards
  safety_null_values
  safety_partitioned_cleanup
  safety_no_convergence
  echo "     (rollback safety: $((SECONDS - started)) s)"
}
