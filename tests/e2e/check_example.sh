# Runs one example's SQL bundle on the private server and checks what a user would notice:
# the table untouched before 03, exact stage sizes, completion, verify, re-runs, a terminated
# run resumed, concurrent application writes kept, rollbacks byte for byte, NOT NULL.
# Source after pg.sh and lib.sh; call check_example EXAMPLE_DIR REQUIREMENT_JSON.
# Expects TOOL (the backfill-plan binary) and WORK (a scratch folder).
E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
E2E_DB_NO=0

# "(l.a, l.b) = (r.a, r.b)" over the key columns.
key_eq() { echo "($(qualify "$1" "$KEYS")) = ($(qualify "$2" "$KEYS"))"; }
# "x.a, x.b" from "a, b" (a list of quoted names without commas inside).
qualify() {
  local out= name
  local IFS=$'\n'
  for name in $(echo "$2" | sed 's/, /\n/g'); do out+="${out:+, }$1.$name"; done
  echo "$out"
}

fingerprint() { q "SELECT md5(string_agg(ROW($COLS)::text, '|' ORDER BY ROW($COLS)::text)) FROM $T"; }
pending() { q "SELECT count(*) FROM $T WHERE $PENDING"; }
backed_up() { q "SELECT count(*) FROM $BACKUP"; }
# Rows whose compared columns differ from the snapshot taken before the run (a missing or an
# extra row counts too), leaving out rows the application wrote.
differs_from_snapshot() {
  q "SELECT count(*) FROM e2e.snapshot AS s FULL JOIN $T ON $(key_eq s "$REF")
     WHERE ROW($(qualify s "$COLS"))::text IS DISTINCT FROM ROW($(qualify "$REF" "$COLS"))::text
       AND NOT EXISTS (SELECT 1 FROM e2e.app_writes AS w
                       WHERE w.e2e_key IN (ROW($(qualify s "$KEYS"))::text, ROW($(qualify "$REF" "$KEYS"))::text))"
}

# Starts 03_backfill.sql in the background and waits until it has committed N batches.
start_backfill_in_background() {
  local min_batches=$1
  shift
  echo "--- 03_backfill.sql (background) $*" >>"$LOG"
  psql -X -v ON_ERROR_STOP=1 -d "$DB" ${RUN_AS:+-U "$RUN_AS"} "$@" -f "$BUNDLE/03_backfill.sql" >>"$LOG" 2>&1 &
  BG_PID=$!
  local i
  for i in $(seq 1 300); do
    [ "$(q "SELECT batches >= $min_batches OR finished_at IS NOT NULL FROM $PROGRESS")" == t ] && return 0
    kill -0 "$BG_PID" 2>/dev/null || return 0
    sleep 0.1
  done
}

wait_background() {
  local rc=0
  wait "$BG_PID" || rc=$?
  BG_PID=
  return $rc
}

# The role the bundle runs as: USAGE and CREATE on the schemas, the table rights the work and the
# table's triggers need, owner of nothing (05_finalize.sql, and a rollback after it, run as the
# owner). Where the table has row-level security it is given BYPASSRLS, as the plan says.
grant_migration_role() {
  q "DO \$\$
     DECLARE s text;
     BEGIN
       IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'e2e_migrator') THEN CREATE ROLE e2e_migrator LOGIN; END IF;
       FOR s IN SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' LOOP
         EXECUTE format('GRANT USAGE, CREATE ON SCHEMA %I TO e2e_migrator', s);
         EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO e2e_migrator', s);
         EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO e2e_migrator', s);
       END LOOP;
       IF EXISTS (SELECT FROM pg_class WHERE relrowsecurity AND relnamespace::regnamespace::text NOT LIKE 'pg\\_%') THEN
         ALTER ROLE e2e_migrator BYPASSRLS;
       ELSE
         ALTER ROLE e2e_migrator NOBYPASSRLS;
       END IF;
     END \$\$" >/dev/null
  RUN_AS=e2e_migrator
}

# Creates $DB with the example's schema.sql and data.sql, grants the migration role, writes the
# bundle to $BUNDLE and the plan to $W/plan.json and sets what describe.sql says (T, COL ...).
load_example() {
  local dir=$1 requirement=$2
  createdb "$DB" || return 1
  if ! psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$dir/schema.sql" >>"$LOG" 2>&1 ||
    ! psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$dir/data.sql" >>"$LOG" 2>&1; then
    fail "schema.sql and data.sql load" "$(tail -3 "$LOG")"
    return 1
  fi
  # one at a time (check_expand_contract runs examples side by side): two ALTER ROLE of the
  # server's one role at once may collide
  { flock 9 && grant_migration_role; } 9>"$WORK/migration_role.lock"
  local rel=backfills/$(basename "$requirement")
  if ! (cd "$dir" && "$TOOL" --requirement "$rel" --date 2026-11-21 --format sql --output "$BUNDLE") >>"$LOG" 2>&1 ||
    ! (cd "$dir" && "$TOOL" --requirement "$rel" --date 2026-11-21 --format json) >"$W/plan.json" 2>>"$LOG"; then
    fail "backfill-plan writes the bundle" "$(tail -3 "$LOG")"
    return 1
  fi
  set_from_file plan "$W/plan.json"
  eval "$(psql -X -q -At -v ON_ERROR_STOP=1 -d "$DB" "${PSQL_FILE_VAR[@]}" -f "$E2E_DIR/describe.sql")"
}

setup_example() {
  local dir=$1 requirement=$2
  E2E_DB_NO=$((E2E_DB_NO + 1))
  DB=e2e_$E2E_DB_NO
  NAME=$(basename "$dir")/$(basename "$requirement" .json)
  W=$WORK/$E2E_DB_NO
  mkdir -p "$W"
  LOG=$W/log
  BUNDLE=$W/bundle
  CHECK_PREFIX="$NAME: "
  : >"$LOG"
  load_example "$dir" "$requirement" || return 1
  # An expand-contract requirement ("kind": "rename" or "retype") backfills the column that
  # 00_expand.sql adds: it runs first, as the table's owner, and its trigger stays through every
  # scenario (check_expand_contract.sh checks the rest of that bundle).
  if expand_contract_kind; then
    if ! RUN_AS= run_bundle 00_expand.sql; then
      fail "00_expand.sql runs first (as the table's owner)" "$(tail -3 "$LOG")"
      return 1
    fi
  fi
  # Columns a trigger maintains (updated_at ...) change with any update: find them with a no-op
  # update of one row, rolled back, and compare everything else.
  local ignore
  ignore=$(q "BEGIN;
    WITH before AS (SELECT to_jsonb($REF.*) AS j FROM $T LIMIT 1),
         after AS (UPDATE $T SET $COL = $REF.$COL WHERE to_jsonb($REF.*) = (SELECT j FROM before)
                   RETURNING to_jsonb($REF.*) AS j)
    SELECT quote_literal(coalesce(array_agg(DISTINCT b.key), '{}')::text)
    FROM before, after, jsonb_each(before.j) AS b JOIN jsonb_each(after.j) AS a USING (key)
    WHERE a.value IS DISTINCT FROM b.value;
    ROLLBACK;")
  COLS=$(q "SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute
            WHERE attrelid = '$T'::regclass AND attnum > 0 AND NOT attisdropped
              AND attname <> ALL (${ignore:-'{}'}::text[])")
  [ "$ignore" == "'{}'" ] || echo "     ($NAME: columns set by triggers, not compared: $ignore)"
  PENDING="($WHEREX) AND $REF.$COL IS DISTINCT FROM ($SETX)"
  q "CREATE SCHEMA e2e; CREATE TABLE e2e.snapshot AS SELECT * FROM $T;
     CREATE TABLE e2e.app_writes (e2e_key text PRIMARY KEY, e2e_value text, e2e_kind text NOT NULL);
     CREATE TABLE e2e.app_values AS SELECT DISTINCT $REF.$COL AS e2e_v FROM $T
       WHERE (($PENDING)) IS NOT TRUE AND $REF.$COL IS NOT NULL LIMIT 50;" >/dev/null
  PENDING0=$(pending)
  FP0=$(fingerprint)
}

# After 02_prepare.sql: the key columns are the backup table's columns before its own eight.
read_keys() {
  KEYS=$(q "SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute
            WHERE attrelid = '$BACKUP'::regclass AND attnum > 0 AND NOT attisdropped
              AND attnum <= (SELECT max(attnum) - 8 FROM pg_attribute WHERE attrelid = '$BACKUP'::regclass)")
}

cleanup_bundle() {
  run_bundle 99_cleanup.sql -v force=1 || fail "99_cleanup.sql -v force=1" "psql failed"
}

# Stage 1, stage 2, the full run, verify, a second run, NOT NULL, rollback and cleanup.
scenario_stages() {
  [ "$PENDING0" -gt 3000 ] && pass "data.sql gives $PENDING0 rows to change" ||
    fail "data.sql gives enough rows to change" "$PENDING0 rows"
  # (right after 00_expand.sql every row needs its copy, unless the copy of its value is NULL)
  if ! expand_contract_kind; then
    [ "$(q "SELECT count(*) FROM $T")" -gt "$PENDING0" ] && pass "data.sql has rows that need no change" ||
      fail "data.sql has rows that need no change"
  fi
  expect_ok "01_preflight.sql passes" 01_preflight.sql
  expect_eq "01_preflight.sql leaves the table as it was" "$(fingerprint)" "$FP0"
  expect_ok "02_prepare.sql runs" 02_prepare.sql
  expect_ok "02_prepare.sql runs again (re-runnable)" 02_prepare.sql
  expect_eq "02_prepare.sql leaves the table as it was" "$(fingerprint)" "$FP0"
  read_keys
  expect_refused "04_verify.sql fails before the backfill" 04_verify.sql

  expect_ok "03_backfill.sql -v max_rows=10" 03_backfill.sql -v max_rows=10 -v sleep_ms=0
  expect_eq "stage 1 backs up exactly 10 rows" "$(backed_up)" 10
  expect_eq "stage 1 changes exactly 10 rows" "$(pending)" $((PENDING0 - 10))
  expect_ok "03_backfill.sql -v max_rows=1000" 03_backfill.sql -v max_rows=1000 -v sleep_ms=0
  expect_eq "stage 2 backs up exactly 1,000 more rows" "$(backed_up)" 1010
  expect_eq "stage 2 changes exactly 1,000 more rows" "$(pending)" $((PENDING0 - 1010))
  # Every query the plan prints for people to run (analysis, progress, the stages' checks, the
  # preflight counts, monitoring) runs on the server, mid-backfill, as the migration role.
  local queries=0
  set_from_file plan "$W/plan.json"
  queries=$(psql -X -q -At -d "$DB" "${PSQL_FILE_VAR[@]}" \
    -f <(echo 'SELECT count(*) FROM ('; cat "$E2E_DIR/plan_queries.sql"; echo ') AS plan_queries;') 2>>"$LOG")
  echo "--- the plan's queries ($queries)" >>"$LOG"
  if psql -X -q -At -v ON_ERROR_STOP=1 -d "$DB" ${RUN_AS:+-U "$RUN_AS"} "${PSQL_FILE_VAR[@]}" \
    -c '\o /dev/null' -f <(cat "$E2E_DIR/plan_queries.sql"; echo '\gexec') >>"$LOG" 2>&1 && [ "$queries" -gt 5 ]; then
    pass "every query the plan prints runs ($queries)"
  else
    fail "every query the plan prints runs" "see the log"
  fi
  expect_ok "03_backfill.sql full run" 03_backfill.sql -v sleep_ms=0
  expect_eq "the full run leaves no row to change" "$(pending)" 0
  expect_eq "one backup row per changed row" "$(backed_up)" "$PENDING0"
  expect_eq "rows that needed no change are untouched" \
    "$(q "SELECT count(*) FROM e2e.snapshot AS s JOIN $T ON $(key_eq s "$REF")
          WHERE ROW($(qualify s "$COLS"))::text IS DISTINCT FROM ROW($(qualify "$REF" "$COLS"))::text
            AND NOT EXISTS (SELECT 1 FROM $BACKUP AS b WHERE $(key_eq b s))")" 0
  expect_eq "changed rows hold the new value; the backup holds the old one" \
    "$(q "SELECT count(*) FROM $BACKUP AS b JOIN e2e.snapshot AS s ON $(key_eq b s) JOIN $T ON $(key_eq b "$REF")
          WHERE b.old_value::text IS DISTINCT FROM s.$COL::text OR b.new_value::text IS DISTINCT FROM $REF.$COL::text
          UNION ALL
          SELECT count(*) FROM $T WHERE EXISTS (SELECT 1 FROM $BACKUP AS b WHERE $(key_eq b "$REF"))
            AND $REF.$COL IS DISTINCT FROM ($SETX)")" $'0\n0'
  expect_ok "04_verify.sql passes after the run" 04_verify.sql
  local fp_done
  fp_done=$(fingerprint)
  expect_ok "03_backfill.sql runs again after completion" 03_backfill.sql -v sleep_ms=0
  expect_eq "the second full run changes nothing" "$(fingerprint)|$(backed_up)" "$fp_done|$PENDING0"
  # The backup copied to a file (95), the way its usage line says: psql's output is the file.
  local copy=$W/backup.copy
  echo "--- 95_backup_to_file.sql > $copy" >>"$LOG"
  if psql -X -v ON_ERROR_STOP=1 -d "$DB" ${RUN_AS:+-U "$RUN_AS"} -f "$BUNDLE/95_backup_to_file.sql" >"$copy" 2>>"$LOG"; then
    pass "95_backup_to_file.sql writes the backup to a file"
  else
    fail "95_backup_to_file.sql writes the backup to a file" "$(tail -3 "$LOG")"
  fi
  expect_eq "the file holds one line per backup row, and nothing else" "$(wc -l <"$copy" | tr -d ' ')" "$PENDING0"

  if [ "$NOT_NULL_AFTER" == true ]; then
    RUN_AS= PGOPTIONS="-c client_min_messages=debug1" expect_ok "05_finalize.sql runs (as the table's owner)" 05_finalize.sql
    # SET NOT NULL takes ACCESS EXCLUSIVE: it must trust the validated CHECK, on every partition
    # too, instead of scanning the table (PostgreSQL says so at DEBUG1).
    expect_eq "SET NOT NULL scans nothing (the validated CHECK proves it, on every partition)" \
      "$(sed -n '/^--- 05_finalize.sql/,$p' "$LOG" | grep -c 'are sufficient to prove that it does not contain nulls')" \
      "$(q "SELECT 1 + count(*) FROM pg_partition_tree('$T'::regclass) WHERE isleaf AND relid <> '$T'::regclass")"
    expect_eq "05_finalize.sql leaves the column NOT NULL" "$(q "SELECT attnotnull FROM pg_attribute
      WHERE attrelid = '$T'::regclass AND attname = '$COL_NAME'")" t
    expect_eq "05_finalize.sql leaves no helper constraint" \
      "$(q "SELECT count(*) FROM pg_constraint WHERE conname LIKE '%not_null_2026%'")" 0
  fi
  expect_refused "99_cleanup.sql refuses while the backup is young" 99_cleanup.sql
  # The backup table lost (99 -v force=1), made again (02), and loaded from the file (96, as its
  # usage line says: the file after the script on psql's input): the rollback below restores
  # from what the file gave back.
  expect_ok "99_cleanup.sql -v force=1 drops the backup before the rollback" 99_cleanup.sql -v force=1
  expect_ok "02_prepare.sql makes the backup table again" 02_prepare.sql
  restore_file() {
    echo "--- cat 96_restore_backup_file.sql backup.copy | psql -f -" >>"$LOG"
    cat "$BUNDLE/96_restore_backup_file.sql" "$copy" |
      psql -X -v ON_ERROR_STOP=1 -d "$DB" ${RUN_AS:+-U "$RUN_AS"} -f - >>"$LOG" 2>&1
  }
  if restore_file; then pass "96_restore_backup_file.sql loads the file"; else fail "96_restore_backup_file.sql loads the file" "$(tail -3 "$LOG")"; fi
  expect_eq "the backup holds every row again" "$(backed_up)" "$PENDING0"
  if restore_file; then fail "96_restore_backup_file.sql refuses a table that is not empty" "psql exited 0"
  else pass "96_restore_backup_file.sql refuses a table that is not empty"; fi
  expect_eq "the refused load added nothing" "$(backed_up)" "$PENDING0"
  if [ "$NOT_NULL_AFTER" == true ]; then
    # After 05 the old NULLs need DROP NOT NULL: the owner's right.
    RUN_AS= expect_ok "90_rollback.sql runs (as the owner: 05 ran)" 90_rollback.sql -v sleep_ms=0
  else
    expect_ok "90_rollback.sql runs" 90_rollback.sql -v sleep_ms=0
  fi
  if [ "$NOT_NULL_AFTER" == true ]; then
    expect_eq "90_rollback.sql after 05 makes the column nullable again" "$(q "SELECT attnotnull FROM pg_attribute
      WHERE attrelid = '$T'::regclass AND attname = '$COL_NAME'")" f
  fi
  expect_eq "90_rollback.sql restores every row byte for byte" "$(differs_from_snapshot)" 0
  expect_eq "after 90_rollback.sql the table is as before (fingerprint)" "$(fingerprint)" "$FP0"
  expect_ok "99_cleanup.sql -v force=1" 99_cleanup.sql -v force=1
  expect_eq "99_cleanup.sql drops the backup and progress tables" \
    "$(q "SELECT to_regclass('$BACKUP') IS NULL AND to_regclass('$PROGRESS') IS NULL")" t
}

# A run terminated mid-way from another session, resumed; then 91 for batches 2..3.
scenario_terminated() {
  run_bundle 02_prepare.sql || fail "02_prepare.sql" "psql failed"
  start_backfill_in_background 3 -v batch_size=100 -v sleep_ms=20
  local killed
  killed=$(q "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
              WHERE application_name LIKE 'backfill %' AND datname = current_database()) AS t")
  if wait_background; then fail "the terminated run fails" "psql exited 0 (killed $killed)"; else pass "the terminated run fails"; fi
  local left done_rows
  left=$(pending)
  done_rows=$(backed_up)
  [ "$left" -gt 0 ] && [ "$done_rows" -gt 0 ] && pass "the run was terminated mid-way ($done_rows rows done)" ||
    fail "the run was terminated mid-way" "$left rows left, $done_rows backed up"
  expect_eq "the terminated run backed up exactly the rows it changed" "$(q "SELECT count(*) FROM $T WHERE $PENDING")" \
    $((PENDING0 - done_rows))
  expect_ok "03_backfill.sql resumes" 03_backfill.sql -v sleep_ms=0
  expect_eq "the resumed run leaves no row to change" "$(pending)" 0
  expect_eq "the resumed run: one backup row per changed row" \
    "$(backed_up)|$(q "SELECT count(*) FROM e2e.snapshot AS s JOIN $T ON $(key_eq s "$REF")
                       WHERE ROW($(qualify s "$COLS"))::text IS DISTINCT FROM ROW($(qualify "$REF" "$COLS"))::text")" \
    "$PENDING0|$PENDING0"
  expect_eq "the resumed run: the backup holds every original value" \
    "$(q "SELECT count(*) FROM $BACKUP AS b JOIN e2e.snapshot AS s ON $(key_eq b s) WHERE b.old_value::text IS NOT DISTINCT FROM s.$COL::text")" \
    "$PENDING0"
  expect_ok "04_verify.sql passes after the resumed run" 04_verify.sql

  local chosen
  chosen=$(q "SELECT count(*) FROM $BACKUP WHERE batch_no BETWEEN 2 AND 3")
  expect_ok "91_rollback_batches.sql -v first_batch=2 -v last_batch=3" 91_rollback_batches.sql -v first_batch=2 -v last_batch=3 -v sleep_ms=0
  expect_eq "91 restores the rows of batches 2 and 3 byte for byte" \
    "$(q "SELECT count(*) FROM $BACKUP AS b JOIN e2e.snapshot AS s ON $(key_eq b s) JOIN $T ON $(key_eq b "$REF")
          WHERE b.batch_no BETWEEN 2 AND 3 AND b.state = 'restored'
            AND ROW($(qualify s "$COLS"))::text = ROW($(qualify "$REF" "$COLS"))::text")" "$chosen"
  expect_eq "91 leaves the rows of other batches with their new values" \
    "$(q "SELECT count(*) FROM $BACKUP AS b JOIN $T ON $(key_eq b "$REF")
          WHERE b.batch_no NOT BETWEEN 2 AND 3 AND b.state = 'applied' AND b.new_value::text = $REF.$COL::text")" \
    $((PENDING0 - chosen))
  expect_eq "after 91 exactly those rows need the change again" "$(pending)" "$chosen"
  expect_ok "90_rollback.sql after 91" 90_rollback.sql -v sleep_ms=0
  expect_eq "after 91 and 90 the table is as before (fingerprint)" "$(fingerprint)" "$FP0"
  cleanup_bundle
}

# "x.a AS e2e_k1, x.b AS e2e_k2" and "pick.e2e_k1, pick.e2e_k2": names no expression uses.
pick_columns() {
  local out= name n=0
  local IFS=$'\n'
  for name in $(echo "$KEYS" | sed 's/, /\n/g'); do n=$((n + 1)); out+="${out:+, }$1.$name AS e2e_k$n"; done
  echo "$out"
}
pick_row() {
  local out= n
  for n in $(seq 1 "$(echo "$KEYS" | sed 's/, /\n/g' | wc -l)"); do out+="${out:+, }pick.e2e_k$n"; done
  echo "$out"
}

# The application's writes, in a loop while the backfill runs: it overwrites the target
# column of rows the backfill changed (behind the cursor) and of rows just ahead of the
# cursor (in or next to the batch being written), and inserts rows that need the change
# and rows that already have a value. Every write is logged in e2e.app_writes.
app_workload_sql() {
  local ins_cols ins_behind ins_ahead alter_col alter_type behind ahead
  IFS='|' read -r alter_col alter_type < <(q "SELECT quote_ident(a.attname), t.typname FROM pg_attribute AS a
      JOIN pg_type AS t ON t.oid = a.atttypid
      WHERE a.attrelid = '$BACKUP'::regclass AND quote_ident(a.attname) IN ($(echo "$KEYS" | sed "s/\([^,]*\)/'\1'/g; s/' /'/g"))
      ORDER BY t.typname IN ('int4', 'int8', 'numeric') DESC, t.typname = 'uuid' DESC, a.attnum LIMIT 1")
  case $alter_type in
    int4 | int8 | numeric) behind="-$REF.$alter_col"; ahead="$REF.$alter_col + 1000000000" ;;
    uuid) behind="gen_random_uuid()"; ahead="gen_random_uuid()" ;;
    *) behind="$REF.$alter_col || '-a'"; ahead="$REF.$alter_col || '-b'" ;;
  esac
  # A column in a unique index cannot take another row's value: the application writes its own.
  local unique
  unique=$(q "SELECT count(*) > 0 FROM pg_index AS i JOIN pg_attribute AS a ON a.attrelid = i.indrelid
              WHERE i.indrelid = '$T'::regclass AND i.indisunique AND a.attname = '${COL_NAME//\'/\'\'}'
                AND (a.attnum = ANY (i.indkey) OR pg_get_expr(i.indexprs, i.indrelid) LIKE '%' || quote_ident(a.attname) || '%')")
  ins_cols=$(q "SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute
                WHERE attrelid = '$T'::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''")
  local c exprs_behind= exprs_ahead=
  local IFS=$'\n'
  for c in $(echo "$ins_cols" | sed 's/, /\n/g'); do
    local e_b="$REF.$c" e_a="$REF.$c"
    [ "$c" == "$alter_col" ] && e_b=$behind && e_a=$ahead
    [ "$c" == "$COL" ] && e_a="(SELECT e2e_v FROM e2e.app_values ORDER BY e2e_v IS NOT DISTINCT FROM ($SETX), random() LIMIT 1)"
    [ "$c" == "$COL" ] && [ "$unique" == t ] && e_a="($e_a || '.app' || i || 'c')"
    exprs_behind+="${exprs_behind:+, }$e_b"
    exprs_ahead+="${exprs_ahead:+, }$e_a"
  done
  unset IFS
  local app_value="(SELECT e2e_v FROM e2e.app_values ORDER BY e2e_v IS NOT DISTINCT FROM $REF.$COL, e2e_v IS NOT DISTINCT FROM ($SETX), random() LIMIT 1)"
  local app_value_ahead=$app_value
  if [ "$unique" == t ]; then
    app_value="($app_value || '.app' || i || 'a')"
    app_value_ahead="($app_value_ahead || '.app' || i || 'b')"
  fi
  local cursor_row
  cursor_row=$(q "SELECT string_agg('p.cursor_' || n, ', ') FROM generate_series(1, (SELECT count(*) FROM pg_attribute
      WHERE attrelid = '$PROGRESS'::regclass AND attname LIKE 'cursor\_%')::int) AS n")
  cat <<SQL
DO \$app\$
BEGIN
  FOR i IN 1..40 LOOP
    EXIT WHEN (SELECT finished_at IS NOT NULL FROM $PROGRESS);
    -- one transaction per round; a deadlock with a batch (a trigger locking a parent row both
    -- take: triggers.row_locks) loses the round's writes, as an application would retry them
    BEGIN
    -- a row the backfill changed: the application writes another value
    WITH pick AS (
      SELECT $(pick_columns b) FROM $BACKUP AS b JOIN $T ON $(key_eq b "$REF")
      WHERE b.state = 'applied' AND $REF.$COL IS NOT DISTINCT FROM b.new_value
      ORDER BY b.batch_no DESC, random() LIMIT 1
    ), changed AS (
      UPDATE $T SET $COL = $app_value FROM pick WHERE ($(qualify "$REF" "$KEYS")) = ($(pick_row))
      RETURNING ROW($(qualify "$REF" "$KEYS"))::text AS k, $REF.$COL::text AS v
    )
    INSERT INTO e2e.app_writes SELECT k, v, 'behind' FROM changed ON CONFLICT (e2e_key) DO UPDATE SET e2e_value = EXCLUDED.e2e_value, e2e_kind = EXCLUDED.e2e_kind;
    -- a row just ahead of the cursor: in the batch being written, or the next one
    WITH pick AS (
      SELECT $(pick_columns "$REF") FROM $T
      WHERE $PENDING
        AND (SELECT p.cursor_1 IS NULL OR ($(qualify "$REF" "$KEYS")) > ($cursor_row) FROM $PROGRESS AS p)
      ORDER BY $(qualify "$REF" "$KEYS") OFFSET i % 30 LIMIT 1
    ), changed AS (
      UPDATE $T SET $COL = $app_value_ahead FROM pick WHERE ($(qualify "$REF" "$KEYS")) = ($(pick_row))
      RETURNING ROW($(qualify "$REF" "$KEYS"))::text AS k, $REF.$COL::text AS v
    )
    INSERT INTO e2e.app_writes SELECT k, v, 'ahead' FROM changed ON CONFLICT (e2e_key) DO UPDATE SET e2e_value = EXCLUDED.e2e_value, e2e_kind = EXCLUDED.e2e_kind;
    -- new rows: one that needs the change (a copy of an old row), one written with a value
    WITH added AS (
      INSERT INTO $T ($ins_cols)
      SELECT $exprs_behind FROM e2e.snapshot AS $REF WHERE $PENDING
      ORDER BY $(qualify "$REF" "$KEYS") OFFSET i * 7 LIMIT 1
      RETURNING ROW($(qualify "$REF" "$KEYS"))::text AS k, $REF.$COL::text AS v
    )
    INSERT INTO e2e.app_writes SELECT k, v, 'insert-pending' FROM added;
    WITH added AS (
      INSERT INTO $T ($ins_cols)
      SELECT $exprs_ahead FROM e2e.snapshot AS $REF WHERE $PENDING
      ORDER BY $(qualify "$REF" "$KEYS") OFFSET i * 7 + 3 LIMIT 1
      RETURNING ROW($(qualify "$REF" "$KEYS"))::text AS k, $REF.$COL::text AS v
    )
    INSERT INTO e2e.app_writes SELECT k, v, 'insert-value' FROM added;
    EXCEPTION WHEN deadlock_detected THEN
      RAISE NOTICE 'e2e: application transaction deadlocked with a batch';
    END;
    COMMIT;
    PERFORM pg_sleep(0.05);
  END LOOP;
END
\$app\$;
SQL
}

scenario_concurrent() {
  run_bundle 02_prepare.sql || fail "02_prepare.sql" "psql failed"
  app_workload_sql >"$W/app.sql"
  start_backfill_in_background 2 -v batch_size=100 -v sleep_ms=40
  local app_rc=0
  psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$W/app.sql" >>"$LOG" 2>&1 || app_rc=$?
  local bg_rc=0
  wait_background || bg_rc=$?
  expect_eq "the application's session and the backfill both succeed" "$app_rc|$bg_rc" "0|0"
  # Only where the plan warns that a trigger locks rows of another table may the application's
  # transactions deadlock with the batches.
  local deadlocks
  deadlocks=$(grep -c 'e2e: application transaction deadlocked with a batch' "$LOG")
  if grep -q '"triggers.row_locks"' "$W/plan.json"; then
    echo "     ($NAME: $deadlocks application transactions deadlocked with a batch, as triggers.row_locks warns)"
  else
    expect_eq "no application transaction deadlocked with a batch" "$deadlocks" 0
  fi
  expect_true "the application wrote behind the cursor, ahead of it and inserted rows" \
    "SELECT count(DISTINCT e2e_kind) = 4 FROM e2e.app_writes"
  expect_ok "03_backfill.sql again after the application stopped" 03_backfill.sql -v sleep_ms=0
  expect_eq "no row left to change" "$(pending)" 0
  expect_ok "04_verify.sql passes" 04_verify.sql
  local app_rows="FROM e2e.app_writes AS w JOIN $T ON ROW($(qualify "$REF" "$KEYS"))::text = w.e2e_key"
  expect_eq "no application write was lost or overwritten" \
    "$(q "SELECT count(*) $app_rows WHERE w.e2e_kind <> 'insert-pending' AND $REF.$COL::text IS NOT DISTINCT FROM w.e2e_value")" \
    "$(q "SELECT count(*) FROM e2e.app_writes WHERE e2e_kind <> 'insert-pending'")"
  expect_eq "inserted rows that needed the change were changed" \
    "$(q "SELECT count(*) $app_rows WHERE w.e2e_kind = 'insert-pending' AND $REF.$COL IS NOT DISTINCT FROM ($SETX)")" \
    "$(q "SELECT count(*) FROM e2e.app_writes WHERE e2e_kind = 'insert-pending'")"
  expect_eq "rows the application did not write are the snapshot's or the new value" \
    "$(q "SELECT count(*) FROM $T
          WHERE NOT EXISTS (SELECT 1 FROM e2e.app_writes AS w WHERE w.e2e_key = ROW($(qualify "$REF" "$KEYS"))::text)
            AND EXISTS (SELECT 1 FROM e2e.snapshot AS s WHERE $(key_eq s "$REF")
                        AND ROW($(qualify s "$COLS"))::text IS DISTINCT FROM ROW($(qualify "$REF" "$COLS"))::text)
            AND NOT ((($PENDING)) IS NOT TRUE AND EXISTS (SELECT 1 FROM $BACKUP AS b WHERE $(key_eq b "$REF")))")" 0
  expect_ok "90_rollback.sql" 90_rollback.sql -v sleep_ms=0
  expect_eq "90_rollback.sql restores every row the application left alone, byte for byte" "$(differs_from_snapshot)" 0
  expect_eq "90_rollback.sql leaves the application's rows as it wrote them" \
    "$(q "SELECT count(*) $app_rows WHERE $REF.$COL::text IS NOT DISTINCT FROM w.e2e_value")" \
    "$(q "SELECT count(*) FROM e2e.app_writes")"
  expect_eq "90_rollback.sql marks the rows the application changed after the backfill as kept" \
    "$(q "SELECT count(*) FROM $BACKUP AS b JOIN e2e.app_writes AS w ON w.e2e_key = ROW($(qualify b "$KEYS"))::text
          WHERE w.e2e_kind <> 'insert-pending' AND b.state <> 'kept'")" 0
  cleanup_bundle
}

expand_contract_kind() { [ "$KIND" == rename ] || [ "$KIND" == retype ]; }

check_example() {
  if ! setup_example "$1" "$2"; then
    RUN_AS=
    return
  fi
  local started=$SECONDS
  scenario_stages
  scenario_terminated
  # The application of scenario_concurrent writes the backfilled column alone; with a rename or
  # a retype two application versions write the two columns: check_expand_contract.sh.
  if expand_contract_kind; then
    echo "     ($NAME: concurrent writes are checked by check_expand_contract.sh, or check_widen_key.sh for a retype that keeps the name)"
  else
    scenario_concurrent
  fi
  # An example may state what must still hold after every script has run (a sentinel table
  # that hostile names must not have dropped, say): invariant.sql, one query returning true.
  if [ -f "$1/invariant.sql" ]; then
    expect_true "invariant.sql still holds after every script" "$(cat "$1/invariant.sql")"
  fi
  echo "     ($NAME: $((SECONDS - started)) s)"
  RUN_AS=  # the checks after the examples run as the server's superuser
  dropdb "$DB" >/dev/null 2>&1 || true
}
