# A retype without "to" (examples/widen_key: public.accounts.id integer, a serial key that
# public.invoices.account_id references ON DELETE CASCADE, widened to bigint under its own name),
# on the private server, while the application writes all the time: two psql sessions looping
# over one-row transactions, one on accounts (inserts taking the key from its default, updates
# of emails, deletes that cascade to invoices) and one inserting invoices for existing accounts.
# Every committed write is recorded with its order in e2e.writes (in the write's transaction),
# every failed one in e2e.errors, each with how long it took, so that the rows both tables must
# hold are known (e2e.expected_accounts, e2e.expected_invoices).
# 1. The way back: 00, then 80_undo_expand.sql: the schema exactly as before, nothing lost.
# 2. Forward: 00, 01, 02, 03 (terminated mid-way, then resumed), 04, 05, 06, 86, 06 again; the
#    copy id_new = id in every row it has reached.
# 3. 07_switch.sql while a session holds ACCESS SHARE on accounts: once for longer than all its
#    retries (it gives up, the schema exactly pre-switch), once released after its first retry
#    (it succeeds); meanwhile no write waits much longer than lock_timeout.
# 4. After the switch: id is the bigint primary key, the foreign key is validated and references
#    it, the sequence is bigint and owned by it, id_old = id everywhere (the trigger keeps it so
#    for the writes since), plpgsql_check finds nothing in the trigger function; 80 and 86
#    refuse.
# 5. 87_undo_switch.sql: the schema exactly as after 05, every row id_new = id; 06 and 07 again,
#    07 while a report reads invoices and an account is deleted (cascading): the delete, queued
#    behind 07, must not be the deadlock's victim.
# 6. The sequence past 2147483647: inserts go on (id_old NULL); 87 refuses, changing nothing.
#    Beside, in a database of its own: the sequence past it with no row beyond (a rolled-back
#    insert); 87 must then change nothing either and leave inserts working.
# 7. 08_contract.sql: id_old, the trigger and its function gone, both tables as the model says;
#    08 again, 80 and 86 refuse (the column's new type is their sign of a contract), changing
#    nothing.
# At the end: no application write failed (an invoice refused by the foreign key only for an
# account the model says was deleted, or for one past 2147483647: invoices.account_id stays
# integer, which the plan says), none took or waited between writes longer than 3000 ms,
# both wrote during every script that ran 0.3 s or more.
# Source after lib.sh and check_example.sh; call check_widen_key [EXAMPLE_DIR]. Expects TOOL,
# WORK and ROOT.

# Pause between two writes of one writer (seconds).
WK_WRITER_SLEEP_S=${WK_WRITER_SLEEP_S:-0.01}
# A writer stops by itself after this long, whatever happens to the check.
WK_WRITER_MAX_S=150
# The longest a write may take, or a writer pause between two writes: lock_timeout (2000 ms) and
# some slack.
WK_MAX_WAIT_MS=3000

# The schema's shape, for "exactly as before": columns (with their number, type, NOT NULL and
# default) of every table and view in public, constraints, indexes, triggers (with their
# function's source), functions, sequences (type, bounds, owning column) and views (definition,
# options, grants, owner, comment).
WK_FINGERPRINT_SQL=$(cat <<'SQL'
SELECT string_agg(line, E'\n' ORDER BY line) FROM (
  SELECT format('column %s.%s #%s %s%s%s', c.relname, a.attname, a.attnum, format_type(a.atttypid, a.atttypmod),
                CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END, ' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid)) AS line
  FROM pg_class AS c
  JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  LEFT JOIN pg_attrdef AS d ON d.adrelid = c.oid AND d.adnum = a.attnum
  WHERE c.relnamespace = 'public'::regnamespace AND c.relname IN ('accounts', 'invoices') OR c.relkind = 'v' AND c.relnamespace = 'public'::regnamespace
  UNION ALL
  SELECT format('constraint %s %s %s%s', conrelid::regclass, conname, pg_get_constraintdef(oid), CASE WHEN convalidated THEN '' ELSE ' (not validated)' END)
  FROM pg_constraint WHERE conrelid IN ('public.accounts'::regclass, 'public.invoices'::regclass)
  UNION ALL
  SELECT format('index %s%s%s', pg_get_indexdef(indexrelid), CASE WHEN indisprimary THEN ' (primary)' ELSE '' END,
                CASE WHEN indisvalid AND indisready THEN '' ELSE ' (invalid)' END)
  FROM pg_index WHERE indrelid IN ('public.accounts'::regclass, 'public.invoices'::regclass)
  UNION ALL
  SELECT format('trigger %s, function source md5 %s %s', pg_get_triggerdef(t.oid), md5(p.prosrc), p.proconfig)
  FROM pg_trigger AS t JOIN pg_proc AS p ON p.oid = t.tgfoid
  WHERE NOT t.tgisinternal AND t.tgrelid IN ('public.accounts'::regclass, 'public.invoices'::regclass)
  UNION ALL
  SELECT format('function %s', oid::regprocedure) FROM pg_proc WHERE pronamespace = 'public'::regnamespace
  UNION ALL
  SELECT format('sequence %s AS %s %s..%s owned by %s', s.seqrelid::regclass, s.seqtypid::regtype, s.seqmin, s.seqmax,
                coalesce((SELECT d.refobjid::regclass || '.' || a.attname FROM pg_depend AS d
                          JOIN pg_attribute AS a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                          WHERE d.classid = 'pg_class'::regclass AND d.objid = s.seqrelid AND d.deptype = 'a'), 'nothing'))
  FROM pg_sequence AS s JOIN pg_class AS c ON c.oid = s.seqrelid WHERE c.relnamespace = 'public'::regnamespace
  UNION ALL
  SELECT format('view %s AS %s WITH %s grants %s owner %s comment %s', oid::regclass, pg_get_viewdef(oid), reloptions, relacl,
                relowner::regrole, obj_description(oid, 'pg_class'))
  FROM pg_class WHERE relkind = 'v' AND relnamespace = 'public'::regnamespace
) AS f
SQL
)
wk_fingerprint() { q "$WK_FINGERPRINT_SQL"; }

# One field of a JSON file (psql parses it).
wk_json() { set_from_file doc "$1"; psql -X -q -At -v ON_ERROR_STOP=1 -d postgres "${PSQL_FILE_VAR[@]}" -f - <<<"SELECT :'doc'::jsonb #>> '{$2}'" 2>/dev/null; }

# wk_same NAME EXPECTED ACTUAL: two fingerprints; else the lines that differ.
wk_same() {
  if [ -n "$2" ] && [ "$2" == "$3" ]; then
    pass "$1"
  else
    fail "$1" "the schema differs (< expected, > actual):"
    diff <(echo "$2") <(echo "$3") | grep '^[<>]' | head -20 | sed 's/^/       | /'
  fi
}

# wk_none NAME SQL: SQL (one text column) returns no row; else the count and the first three.
wk_none() {
  local got
  got=$(q "SELECT count(*) || coalesce(': ' || string_agg(r, ' ') FILTER (WHERE n <= 3), '')
           FROM (SELECT row_number() OVER () AS n, r FROM ($2) AS s (r)) AS b")
  if [ "$got" == 0 ]; then pass "$1"; else fail "$1" "${got:-the query failed (see the log)}"; fi
}

# Both tables hold what the writers wrote: the model in the same snapshot as the tables.
wk_model() {
  wk_none "$1: every account the model says exists exists, with its email, and no other (id, email, expected email)" \
    "SELECT ROW(coalesce(t.id, e.id), t.email, e.email)::text
     FROM e2e.expected_accounts AS e FULL JOIN public.accounts AS t ON t.id = e.id
     WHERE t.id IS NULL OR e.id IS NULL OR t.email IS DISTINCT FROM e.email"
  wk_none "$1: every invoice the model says exists exists, and no other (id, account_id, expected account_id)" \
    "SELECT ROW(coalesce(t.id, e.id), t.account_id, e.account_id)::text
     FROM e2e.expected_invoices AS e FULL JOIN public.invoices AS t ON t.id = e.id
     WHERE t.id IS NULL OR e.id IS NULL OR t.account_id IS DISTINCT FROM e.account_id"
}

# wk_in_step NAME COLUMN [CONDITION]: every row (meeting CONDITION) has COLUMN = id.
wk_in_step() {
  wk_none "$1 (id, $2)" "SELECT ROW(id, $2)::text FROM public.accounts WHERE ($2 IS DISTINCT FROM id) AND (${3:-true})"
}

# The last write's number handed out so far.
wk_mark() { q "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM e2e.write_no"; }

wk_column_exists() { q "SELECT count(*) FROM pg_attribute WHERE attrelid = 'public.accounts'::regclass AND attname = '$1' AND NOT attisdropped"; }
wk_triggers() { q "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'public.accounts'::regclass AND NOT tgisinternal"; }

# The writers: SIDE accounts or invoices, one write a transaction, until e2e.control says stop.
wk_writer_sql() {
  local side=$1 write
  if [ "$side" == accounts ]; then
    write=$(cat <<SQL
      IF w_r < 0.3 THEN
        w_e := 'e2e' || w_n || '@example.com';
        INSERT INTO public.accounts (email) VALUES (w_e) RETURNING id INTO w_k;
        INSERT INTO e2e.writes (side, op, account_id, email, started) VALUES ('accounts', 'insert', w_k, w_e, w_t);
      ELSE
        -- mostly a row of the data, else one of the last accounts inserted
        -- (account 1 is left to wk_switch_beside_report)
        w_k := CASE WHEN random() < 0.7 THEN 2 + floor(random() * ($WK_KEY_MAX - 1))::bigint
                    ELSE (SELECT w.account_id FROM e2e.writes AS w WHERE w.side = 'accounts' AND w.op = 'insert'
                          ORDER BY w.seq DESC OFFSET floor(random() * 4)::int LIMIT 1) END;
        IF w_r < 0.9 THEN
          w_e := 'changed' || w_n || '@example.com';
          UPDATE public.accounts SET email = w_e WHERE id = w_k;
          IF FOUND THEN
            INSERT INTO e2e.writes (side, op, account_id, email, started) VALUES ('accounts', 'update', w_k, w_e, w_t);
          END IF;
        ELSE
          DELETE FROM public.accounts WHERE id = w_k;
          IF FOUND THEN
            INSERT INTO e2e.writes (side, op, account_id, started) VALUES ('accounts', 'delete', w_k, w_t);
          END IF;
        END IF;
      END IF;
SQL
)
  else
    write=$(cat <<SQL
      w_k := nextval('e2e.invoice_ids');
      w_a := coalesce(CASE WHEN w_r < 0.7 THEN NULL
                           ELSE (SELECT w.account_id FROM e2e.writes AS w WHERE w.side = 'accounts' AND w.op = 'insert'
                                 ORDER BY w.seq DESC OFFSET floor(random() * 4)::int LIMIT 1) END,
                      1 + floor(random() * $WK_KEY_MAX)::bigint);
      INSERT INTO public.invoices (id, account_id, total) VALUES (w_k, w_a, 9.99 + w_n % 100);
      INSERT INTO e2e.writes (side, op, account_id, invoice_id, started) VALUES ('invoices', 'insert', w_a, w_k, w_t);
SQL
)
  fi
  cat <<SQL
SET application_name = 'e2e $side writer';
DO \$app\$
DECLARE
  w_k bigint;
  w_a bigint;
  w_e text;
  w_op text;
  w_n bigint := 0;
  w_r float8;
  w_t timestamptz;
  w_until timestamptz := clock_timestamp() + interval '$WK_WRITER_MAX_S s';
BEGIN
  LOOP
    EXIT WHEN (SELECT stop FROM e2e.control WHERE side = '$side') OR clock_timestamp() > w_until;
    w_n := w_n + 1;
    w_r := random();
    w_t := clock_timestamp();
    w_a := NULL;
    w_k := NULL;
    w_op := CASE WHEN '$side' = 'invoices' OR w_r < 0.3 THEN 'insert' WHEN w_r < 0.9 THEN 'update' ELSE 'delete' END;
    BEGIN
$write
    EXCEPTION WHEN OTHERS THEN
      INSERT INTO e2e.errors (side, op, sqlstate, message, account_id, started) VALUES ('$side', w_op, SQLSTATE, SQLERRM, coalesce(w_a, w_k), w_t);
    END;
    COMMIT;
    PERFORM pg_sleep($WK_WRITER_SLEEP_S);
  END LOOP;
END
\$app\$;
SQL
}

wk_start_writers() {
  local side mark i
  mark=$(wk_mark)
  for side in accounts invoices; do
    wk_writer_sql $side >"$W/writer_$side.sql"
    psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$W/writer_$side.sql" >>"$W/writer_$side.log" 2>&1 &
    if [ $side == accounts ]; then WK_ACCOUNTS_PID=$!; else WK_INVOICES_PID=$!; fi
  done
  # both writing before the first script (3 s at most)
  for i in $(seq 1 30); do
    [ "$(q "SELECT count(DISTINCT side) FROM e2e.writes WHERE seq > $mark")" == 2 ] && break
    sleep 0.1
  done
}

wk_stop_writers() {
  local side pid rc
  q "UPDATE e2e.control SET stop = true" >/dev/null
  for side in accounts invoices; do
    if [ $side == accounts ]; then pid=$WK_ACCOUNTS_PID; WK_ACCOUNTS_PID=; else pid=$WK_INVOICES_PID; WK_INVOICES_PID=; fi
    [ -n "$pid" ] || continue
    rc=0
    wait "$pid" || rc=$?
    if [ $rc -eq 0 ]; then
      pass "the $side writer ran to the end"
    else
      fail "the $side writer ran to the end" "psql exited $rc:"
      tail -5 "$W/writer_$side.log" | sed 's/^/       | /'
    fi
  done
}

# until each writer has written N more rows (5 s at most)
wk_await_writes() {
  local mark=$1 n=$2 i
  for i in $(seq 1 50); do
    [ "$(q "SELECT count(*) FILTER (WHERE side = 'accounts' AND op = 'insert') >= $n AND count(*) FILTER (WHERE side = 'invoices') >= $n
            FROM e2e.writes WHERE seq > $mark")" == t ] && return 0
    sleep 0.1
  done
  return 1
}

# The bundle's files, with when each ran, for the report of the writes meanwhile.
wk_phase() { WK_PHASES+=("$1|$2|$(date +%s.%N)"); }
wk_run() {
  local started rc=0
  started=$(date +%s.%N)
  run_bundle "$@" || rc=$?
  wk_phase "$1" "$started"
  return $rc
}
wk_ok() {
  local started
  started=$(date +%s.%N)
  expect_ok "$@"
  wk_phase "$2" "$started"
}
wk_refused() {
  local started
  started=$(date +%s.%N)
  expect_refused "$@"
  wk_phase "$2" "$started"
}

# A session that holds ACCESS SHARE on accounts (an open transaction that read it) until
# wk_release_lock, 40 s at most.
wk_hold_lock() {
  q "UPDATE e2e.lock_holder SET release = false" >/dev/null
  PGAPPNAME=e2e_lock_holder psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -c "BEGIN" \
    -c "SELECT count(*) FROM public.accounts WHERE email LIKE 'user1@%'" \
    -c "DO \$hold\$ BEGIN
          WHILE NOT (SELECT release FROM e2e.lock_holder) AND clock_timestamp() < statement_timestamp() + interval '40 s' LOOP
            PERFORM pg_sleep(0.02);
          END LOOP;
        END \$hold\$" -c "COMMIT" >>"$LOG" 2>&1 &
  WK_HOLDER_PID=$!
  local i
  for i in $(seq 1 100); do
    [ "$(q "SELECT count(*) > 0 FROM pg_locks AS l JOIN pg_stat_activity AS a USING (pid)
            WHERE a.application_name = 'e2e_lock_holder' AND a.datname = current_database()
              AND l.relation = 'public.accounts'::regclass AND l.granted")" == t ] && return 0
    sleep 0.05
  done
  return 1
}
wk_release_lock() {
  q "UPDATE e2e.lock_holder SET release = true" >/dev/null
  [ -z "$WK_HOLDER_PID" ] || wait "$WK_HOLDER_PID" 2>/dev/null
  WK_HOLDER_PID=
}

# The longest write (ms) and the longest pause between two writes of one writer (ms) from
# STARTED to ENDED (epoch seconds): "longest write|longest gap".
wk_waits() {
  q "SELECT coalesce(round(max(ms)), 0) || '|' || coalesce(round(max(gap)), 0) FROM (
       SELECT extract(epoch FROM at - started) * 1000 AS ms,
              extract(epoch FROM at - lag(at) OVER (PARTITION BY side ORDER BY at)) * 1000 AS gap
       FROM (SELECT side, started, at FROM e2e.writes UNION ALL SELECT side, started, at FROM e2e.errors) AS w
       WHERE at BETWEEN to_timestamp($1) AND to_timestamp($2) + interval '3 s') AS g"
}

# plpgsql_check on FUNCTION (the sync trigger function unless given), as a trigger of accounts,
# every warning on: "count: findings".
wk_plpgsql_findings() {
  q "SELECT count(*) || coalesce(': ' || string_agg(level || ' at line ' || coalesce(lineno::text, '?') || ': ' || message
                                                  || coalesce(' (' || statement || ')', ''), '; '), '')
     FROM e2e.plpgsql_check_function_tb('$1'::regprocedure, 'public.accounts'::regclass,
       performance_warnings => true, extra_warnings => true, security_warnings => true)"
}
wk_plpgsql_check() {
  local findings
  if ! q "CREATE EXTENSION IF NOT EXISTS plpgsql_check SCHEMA e2e" >/dev/null; then
    fail "$1" "CREATE EXTENSION plpgsql_check failed (${PLPGSQL_INSTALL_HINT:-package postgresql-15-plpgsql-check})"
    return
  fi
  findings=$(wk_plpgsql_findings "$WK_SYNC_FUNCTION")
  if [ "$findings" == 0 ]; then pass "$1"; else fail "$1" "${findings:-the query failed (see the log)}"; fi
}

# The schema, data and model; the writers' tables.
wk_setup() {
  local dir=$1 requirement=$dir/backfills/accounts.id.json
  DB=e2e_widen_key
  NAME=$(basename "$dir")
  W=$WORK/widen_key
  mkdir -p "$W"
  LOG=$W/log
  BUNDLE=$W/bundle
  CHECK_PREFIX="$NAME: "
  WK_PHASES=()
  : >"$LOG"
  if [ ! -f "$requirement" ]; then
    fail "the example has backfills/accounts.id.json" "$requirement"
    return 1
  fi
  load_example "$dir" "$requirement" || return 1
  if [ "$T" != public.accounts ] || [ "$KIND" != retype ] || [ -n "$(wk_json "$requirement" to)" ]; then
    fail "the example suits the check" "a retype of public.accounts.id without \"to\" (target '$T', kind '$KIND')"
    return 1
  fi
  WK_KEY_MAX=$(q "SELECT max(id) FROM public.accounts")
  WK_SEQUENCE=$(q "SELECT pg_get_serial_sequence('public.accounts', 'id')")
  [ -n "$WK_SEQUENCE" ] || { fail "accounts.id has a serial sequence" "pg_get_serial_sequence gives nothing"; return 1; }
  q "CREATE SCHEMA e2e;
     CREATE TABLE e2e.accounts0 AS SELECT id::bigint AS id, email FROM public.accounts;
     CREATE TABLE e2e.invoices0 AS SELECT id, account_id::bigint AS account_id FROM public.invoices;
     CREATE SEQUENCE e2e.write_no;
     CREATE SEQUENCE e2e.invoice_ids START 1000001;
     CREATE TABLE e2e.writes (seq bigint PRIMARY KEY DEFAULT nextval('e2e.write_no'), side text NOT NULL, op text NOT NULL,
                              account_id bigint, invoice_id bigint, email text,
                              started timestamptz NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp());
     CREATE INDEX ON e2e.writes (account_id, seq);
     CREATE TABLE e2e.errors (side text NOT NULL, op text, sqlstate text, message text, account_id bigint,
                              started timestamptz NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp());
     CREATE TABLE e2e.control (side text PRIMARY KEY, stop boolean NOT NULL DEFAULT false);
     INSERT INTO e2e.control (side) VALUES ('accounts'), ('invoices');
     CREATE TABLE e2e.lock_holder (release boolean NOT NULL);
     INSERT INTO e2e.lock_holder VALUES (true);
     -- the last write to an account wins; a delete removes it (its invoices with it)
     CREATE VIEW e2e.expected_accounts AS
       WITH last AS (SELECT DISTINCT ON (account_id) account_id, op, email FROM e2e.writes
                     WHERE side = 'accounts' ORDER BY account_id, seq DESC)
       SELECT coalesce(a.id, l.account_id) AS id, coalesce(l.email, a.email) AS email
       FROM e2e.accounts0 AS a FULL JOIN last AS l ON l.account_id = a.id
       WHERE l.op IS DISTINCT FROM 'delete';
     CREATE VIEW e2e.expected_invoices AS
       SELECT i.id, i.account_id
       FROM (SELECT id, account_id FROM e2e.invoices0
             UNION ALL SELECT invoice_id, account_id FROM e2e.writes WHERE side = 'invoices' AND op = 'insert') AS i
       WHERE NOT EXISTS (SELECT 1 FROM e2e.writes AS d WHERE d.side = 'accounts' AND d.op = 'delete' AND d.account_id = i.account_id);
     ANALYZE e2e.accounts0, e2e.invoices0;" >/dev/null || { fail "the model's tables" "$(tail -3 "$LOG")"; return 1; }
}

# Beside the main database, with no writers: the switch, then the sequence past 2147483647 with
# no row beyond it (the insert that took the value rolled back), then 87. It can only refuse
# (the sequence cannot become integer again), and must then leave everything as it was and the
# application's inserts working. Writes "rc|schema unchanged|insert" to $W/seq_probe.
wk_sequence_probe() {
  local DB=${DB}_sequence LOG=$W/seq_probe.log f before after insert rc=0
  : >"$LOG"
  createdb "$DB" >>"$LOG" 2>&1 &&
    psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$1/schema.sql" -f "$1/data.sql" >>"$LOG" 2>&1 || { echo "setup failed" >"$W/seq_probe"; return; }
  for f in 00_expand 02_prepare 03_backfill 04_verify 05_finalize 06_copy_indexes 07_switch; do
    psql -X -v ON_ERROR_STOP=1 -d "$DB" -v sleep_ms=0 -f "$BUNDLE/$f.sql" >>"$LOG" 2>&1 || { echo "$f.sql failed" >"$W/seq_probe"; return; }
  done
  q "SELECT setval('$WK_SEQUENCE', 2147483657)" >/dev/null
  psql -X -q -d "$DB" -c "BEGIN" -c "INSERT INTO public.accounts (email) VALUES ('rolled back')" -c "ROLLBACK" >>"$LOG" 2>&1
  before=$(wk_fingerprint)
  echo "--- 87_undo_switch.sql (sequence past integer, no row beyond)" >>"$LOG"
  psql -X -v ON_ERROR_STOP=1 -d "$DB" -f "$BUNDLE/87_undo_switch.sql" >>"$LOG" 2>&1 || rc=$?
  after=$(wk_fingerprint)
  insert=$(q "INSERT INTO public.accounts (email) VALUES ('after 87') RETURNING 'inserted ' || id")
  [ -n "$insert" ] || insert="insert failed: $(grep ERROR "$LOG" | tail -1)"
  {
    echo "$rc|$([ "$before" == "$after" ] && echo unchanged || echo changed)|$insert"
    diff <(echo "$before") <(echo "$after") | grep '^[<>]' | head -10
    grep ERROR "$LOG" | tail -2
  } >"$W/seq_probe"
  dropdb "$DB" >/dev/null 2>&1 || true
}

wk_report_sequence_probe() {
  local first
  first=$(head -1 "$W/seq_probe" 2>/dev/null)
  if [[ $first =~ ^[1-9][0-9]*\|unchanged\|inserted\ [0-9]+$ ]]; then
    pass "87 with the sequence past 2147483647 and no row beyond it refuses, changes nothing, inserts go on ($first)"
  else
    fail "87 with the sequence past 2147483647 and no row beyond it refuses, changes nothing, inserts go on" \
      "exit status|schema|insert after it: ${first:-no result}"
    tail -n +2 "$W/seq_probe" 2>/dev/null | sed 's/^/       | /'
  fi
}

# 1. The way back.
wk_round_back() {
  local f0 mark
  f0=$(wk_fingerprint)
  RUN_AS= wk_ok "00_expand.sql" 00_expand.sql
  # a write numbered after 00 returned ran after 00 committed
  mark=$(wk_mark)
  WK_SYNC_FUNCTION=$(q "SELECT tgfoid::regprocedure::text FROM pg_trigger WHERE tgrelid = 'public.accounts'::regclass AND NOT tgisinternal LIMIT 1")
  expect_eq "00_expand.sql adds id_new bigint (nullable) and one BEFORE INSERT OR UPDATE row trigger" \
    "$(q "SELECT format_type(atttypid, atttypmod) || ' ' || attnotnull FROM pg_attribute WHERE attrelid = 'public.accounts'::regclass AND attname = 'id_new'")|$(q "SELECT string_agg(tgtype::text, ',') FROM pg_trigger WHERE tgrelid = 'public.accounts'::regclass AND NOT tgisinternal")" \
    "bigint false|23"
  wk_await_writes "$(wk_mark)" 3 || true
  wk_in_step "after 00: accounts inserted since have id_new = id" id_new \
    "id IN (SELECT account_id FROM e2e.writes WHERE side = 'accounts' AND op = 'insert' AND seq > $mark)"
  wk_none "after 00: no row has an id_new other than its id" "SELECT ROW(id, id_new)::text FROM public.accounts WHERE id_new <> id"
  RUN_AS= wk_ok "80_undo_expand.sql" 80_undo_expand.sql
  wk_same "80_undo_expand.sql leaves the schema exactly as before 00 (no id_new, no trigger, no function)" "$f0" "$(wk_fingerprint)"
  expect_eq "80_undo_expand.sql drops the sync function" "$(q "SELECT to_regprocedure('$WK_SYNC_FUNCTION') IS NULL")" t
  wk_model "after 00 and 80"
}

# 2. The way forward to 06.
wk_round_forward() {
  local mark
  mark=$(wk_mark)
  RUN_AS= wk_ok "00_expand.sql again" 00_expand.sql
  # 00's trigger function, kept aside: after the switch the lint must find it wrong
  q "DO \$copy\$ BEGIN
       EXECUTE format('CREATE FUNCTION e2e.sync_before() RETURNS trigger LANGUAGE plpgsql AS %L',
                      (SELECT prosrc FROM pg_proc WHERE oid = '$WK_SYNC_FUNCTION'::regprocedure));
     END \$copy\$" >/dev/null
  wk_ok "01_preflight.sql" 01_preflight.sql
  wk_ok "02_prepare.sql" 02_prepare.sql
  wk_none "after 00 and 02: no row has an id_new other than its id" "SELECT ROW(id, id_new)::text FROM public.accounts WHERE id_new <> id"
  # 03 terminated mid-way, then resumed
  local b0 killed left done_rows
  b0=$(date +%s.%N)
  start_backfill_in_background 3 -v batch_size=500 -v sleep_ms=20
  killed=$(q "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
              WHERE application_name = '$APP_NAME' AND datname = current_database()) AS t")
  if wait_background; then fail "the terminated 03_backfill.sql fails" "psql exited 0 (killed $killed)"; else pass "the terminated 03_backfill.sql fails"; fi
  wk_phase "03_backfill.sql (terminated)" "$b0"
  left=$(q "SELECT count(*) FROM public.accounts WHERE id_new IS NULL")
  done_rows=$(q "SELECT count(*) FROM $BACKUP")
  [ "${left:-0}" -gt 0 ] && [ "${done_rows:-0}" -gt 0 ] && pass "03 was terminated mid-way ($done_rows rows done, $left left)" ||
    fail "03 was terminated mid-way" "$left rows left, $done_rows backed up"
  wk_none "after the terminated 03: no row has an id_new other than its id" "SELECT ROW(id, id_new)::text FROM public.accounts WHERE id_new <> id"
  wk_ok "03_backfill.sql resumes" 03_backfill.sql -v sleep_ms=0
  # its last line: pass | batches | rows changed | rows changed this run | status
  local this_run
  this_run=$(grep -E '\| complete *$' "$LOG" | tail -1 | awk -F'|' '{gsub(/ /, "", $4); print $4}')
  [ -n "$this_run" ] && [ "$this_run" -le "${left:-0}" ] && pass "the resumed run changed only the rows left ($this_run of $left)" ||
    fail "the resumed run changed only the rows left" "it says it changed '$this_run' rows; $left were left"
  wk_in_step "after 03: every row has id_new = id" id_new
  wk_ok "04_verify.sql" 04_verify.sql
  wk_in_step "after 04: every row has id_new = id" id_new
  RUN_AS= wk_ok "05_finalize.sql" 05_finalize.sql
  expect_eq "05_finalize.sql makes id_new NOT NULL, its CHECK gone" \
    "$(q "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'public.accounts'::regclass AND attname = 'id_new'")|$(q "SELECT count(*) FROM pg_constraint WHERE conrelid = 'public.accounts'::regclass AND contype = 'c'")" "t|0"
  wk_in_step "after 05: every row has id_new = id" id_new
  WK_F5=$(wk_fingerprint)
  RUN_AS= wk_ok "06_copy_indexes.sql" 06_copy_indexes.sql
  wk_check_copies "06_copy_indexes.sql"
  wk_in_step "after 06: every row has id_new = id" id_new
  RUN_AS= wk_ok "86_undo_copy_indexes.sql" 86_undo_copy_indexes.sql
  wk_same "86_undo_copy_indexes.sql leaves the schema exactly as after 05" "$WK_F5" "$(wk_fingerprint)"
  RUN_AS= wk_ok "06_copy_indexes.sql again" 06_copy_indexes.sql
  wk_check_copies "06_copy_indexes.sql again"
  wk_in_step "after 06 again: every row has id_new = id" id_new
  wk_model "after 06"
}

# After 06: a valid unique index on id_new, and a validated copy of the foreign key referencing
# it with the original's actions; the originals as they were.
wk_check_copies() {
  expect_eq "$1 builds a valid unique index on id_new and a validated FOREIGN KEY (account_id) REFERENCES accounts(id_new) ON DELETE CASCADE" \
    "$(q "SELECT count(*) FROM pg_index AS i JOIN pg_attribute AS a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
          WHERE i.indrelid = 'public.accounts'::regclass AND i.indisunique AND i.indisvalid AND i.indnkeyatts = 1 AND i.indpred IS NULL AND a.attname = 'id_new'")|$(q "SELECT string_agg(pg_get_constraintdef(oid) || ' ' || convalidated, ', ') FROM pg_constraint
          WHERE conrelid = 'public.invoices'::regclass AND contype = 'f' AND conname <> 'invoices_account_id_fkey'")|$(q "SELECT pg_get_constraintdef(oid) || ' ' || convalidated FROM pg_constraint WHERE conrelid = 'public.invoices'::regclass AND conname = 'invoices_account_id_fkey'")" \
    "1|FOREIGN KEY (account_id) REFERENCES accounts(id_new) ON DELETE CASCADE true|FOREIGN KEY (account_id) REFERENCES accounts(id) ON DELETE CASCADE true"
}

# 3. The switch, under a held lock: given up, then retried and done.
wk_switch() {
  local f6 started elapsed waits rc out
  f6=$(wk_fingerprint)
  WK_SEQ_PROBE_PID=
  wk_sequence_probe "$1" &
  WK_SEQ_PROBE_PID=$!
  # held for longer than every retry (5, pausing 0.1 to 1.6 s, each waiting lock_timeout)
  if wk_hold_lock; then
    started=$(date +%s.%N)
    : >"$W/switch_fail.log"
    psql -X -v ON_ERROR_STOP=1 -d "$DB" -f "$BUNDLE/07_switch.sql" >"$W/switch_fail.log" 2>&1 && rc=0 || rc=$?
    cat "$W/switch_fail.log" >>"$LOG"
    wk_phase "07_switch.sql (given up)" "$started"
    elapsed=$(awk "BEGIN { printf \"%d\", ($(date +%s.%N) - $started) * 1000 }")
    wk_release_lock
    expect_eq "07_switch.sql retries 5 times while a session holds ACCESS SHARE on accounts, then gives up ($elapsed ms)" \
      "$([ $rc -ne 0 ] && echo failed)|$(grep -c 'retry [1-5] of 5' "$W/switch_fail.log")|$(grep -c 'ERROR:.*after 5 retries' "$W/switch_fail.log")" "failed|5|1"
    [ $rc -ne 0 ] || tail -5 "$W/switch_fail.log" | sed 's/^/       | /'
    wk_same "the switch that gave up leaves the schema exactly as before it" "$f6" "$(wk_fingerprint)"
    waits=$(wk_waits "$started" "$(date +%s.%N)")
    [ "${waits%|*}" -lt $WK_MAX_WAIT_MS ] && [ "${waits#*|}" -lt $WK_MAX_WAIT_MS ] &&
      pass "meanwhile no write took longer than $WK_MAX_WAIT_MS ms, nor paused longer (longest write|pause: $waits ms)" ||
      fail "meanwhile no write took longer than $WK_MAX_WAIT_MS ms, nor paused longer" "longest write|pause: $waits ms"
  else
    fail "a session holds ACCESS SHARE on accounts" "the lock holder did not get its lock"
    wk_release_lock
  fi
  wk_in_step "after the switch that gave up: every row has id_new = id" id_new

  # released after the first retry
  if wk_hold_lock; then
    local pid i
    started=$(date +%s.%N)
    : >"$W/switch.log"
    psql -X -v ON_ERROR_STOP=1 -d "$DB" -f "$BUNDLE/07_switch.sql" >"$W/switch.log" 2>&1 &
    pid=$!
    for i in $(seq 1 100); do
      grep -q 'retry 1 of' "$W/switch.log" && break
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    wk_release_lock
    rc=0
    wait "$pid" || rc=$?
    cat "$W/switch.log" >>"$LOG"
    wk_phase "07_switch.sql" "$started"
    elapsed=$(awk "BEGIN { printf \"%d\", ($(date +%s.%N) - $started) * 1000 }")
    expect_eq "07_switch.sql retries on lock_timeout while a session holds ACCESS SHARE, then succeeds once it commits ($elapsed ms)" \
      "$([ "$(grep -c 'lock timeout.*retry 1 of 5' "$W/switch.log")" -ge 1 ] && echo retried)|$rc" "retried|0"
    [ $rc -eq 0 ] || tail -8 "$W/switch.log" | sed 's/^/       | /'
    waits=$(wk_waits "$started" "$(date +%s.%N)")
    [ "${waits%|*}" -lt $WK_MAX_WAIT_MS ] && [ "${waits#*|}" -lt $WK_MAX_WAIT_MS ] &&
      pass "meanwhile no write took longer than $WK_MAX_WAIT_MS ms, nor paused longer (longest write|pause: $waits ms)" ||
      fail "meanwhile no write took longer than $WK_MAX_WAIT_MS ms, nor paused longer" "longest write|pause: $waits ms"
  else
    fail "a session holds ACCESS SHARE on accounts" "the lock holder did not get its lock"
    wk_release_lock
    RUN_AS= wk_ok "07_switch.sql" 07_switch.sql
  fi
  WK_SWITCH_MARK=$(wk_mark)
  WK_F7=$(wk_fingerprint)
  out=$(psql -X -v ON_ERROR_STOP=1 -d "$DB" -f "$BUNDLE/07_switch.sql" 2>&1) && rc=0 || rc=$?
  echo "--- 07_switch.sql again: $out" >>"$LOG"
  expect_eq "07_switch.sql again says it already switched, changing nothing" \
    "$rc|$(grep -c 'already switched' <<<"$out")|$([ "$WK_F7" == "$(wk_fingerprint)" ] && echo unchanged)" "0|1|unchanged"
  wk_after_switch "after 07"
  wk_plpgsql_check "plpgsql_check finds nothing in the sync function after the switch ($WK_SYNC_FUNCTION, as a trigger of accounts)"
  local before
  before=$(wk_plpgsql_findings e2e.sync_before\(\))
  [[ $before =~ ^[1-9].*id_new ]] && pass "the same lint finds 00's function wrong for the switched table (${before:0:120})" ||
    fail "the same lint finds 00's function wrong for the switched table" "findings: '$before'"
  RUN_AS= wk_refused "80_undo_expand.sql refuses after the switch" 80_undo_expand.sql
  RUN_AS= wk_refused "86_undo_copy_indexes.sql refuses after the switch" 86_undo_copy_indexes.sql
  wk_same "the refused 80 and 86 leave the schema as 07 left it" "$WK_F7" "$(wk_fingerprint)"
}

# 4. The switched schema: the key, its reference, its sequence and the copy kept by the trigger.
wk_after_switch() {
  local when=$1
  expect_eq "$when: accounts.id is bigint NOT NULL with the sequence's default, accounts.id_old integer without a default" \
    "$(q "SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod) || CASE WHEN attnotnull THEN ' not null' ELSE '' END
                            || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), ''), ', ' ORDER BY attname)
          FROM pg_attribute AS a LEFT JOIN pg_attrdef AS d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
          WHERE a.attrelid = 'public.accounts'::regclass AND a.attname IN ('id', 'id_old', 'id_new') AND NOT a.attisdropped")" \
    "id bigint not null default nextval('${WK_SEQUENCE#public.}'::regclass), id_old integer"
  expect_eq "$when: the primary key accounts_pkey is on accounts.id alone (pg_constraint and pg_index)" \
    "$(q "SELECT c.conname || ' ' || pg_get_constraintdef(c.oid) || ' ' || i.indisprimary || ' ' || i.indisvalid || ' ' || (SELECT string_agg(attname, ',') FROM pg_attribute WHERE attrelid = i.indrelid AND attnum = ANY (i.indkey::int2[]))
          FROM pg_constraint AS c JOIN pg_index AS i ON i.indexrelid = c.conindid
          WHERE c.conrelid = 'public.accounts'::regclass AND c.contype = 'p'")" \
    "accounts_pkey PRIMARY KEY (id) true true id"
  expect_eq "$when: invoices has one foreign key, invoices_account_id_fkey, validated, referencing accounts(id) ON DELETE CASCADE" \
    "$(q "SELECT string_agg(conname || ' ' || pg_get_constraintdef(oid) || ' ' || convalidated || ' ' || (SELECT attname FROM pg_attribute WHERE attrelid = confrelid AND attnum = confkey[1]), ', ')
          FROM pg_constraint WHERE conrelid = 'public.invoices'::regclass AND contype = 'f'")" \
    "invoices_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id) ON DELETE CASCADE true id"
  expect_eq "$when: the sequence is bigint (up to 9223372036854775807) and owned by accounts.id" \
    "$(q "SELECT seqtypid::regtype || ' ' || seqmax FROM pg_sequence WHERE seqrelid = '$WK_SEQUENCE'::regclass")|$(q "SELECT pg_get_serial_sequence('public.accounts', 'id')")|$(q "SELECT pg_get_serial_sequence('public.accounts', 'id_old')")" \
    "bigint 9223372036854775807|$WK_SEQUENCE|"
  wk_in_step "$when: every row has id_old = id" id_old
  wk_model "$when"
}

# 5. The way back from the switch, and the switch again.
wk_undo_switch() {
  wk_await_writes "$WK_SWITCH_MARK" 3 ||
    fail "the writers wrote after the switch" "fewer than 3 inserts each since"
  wk_none "accounts inserted after the switch exist, with id_old = id set by the trigger (write, id, id_old)" \
    "SELECT ROW(w.account_id, t.id, t.id_old)::text FROM e2e.writes AS w LEFT JOIN public.accounts AS t ON t.id = w.account_id
     WHERE w.side = 'accounts' AND w.op = 'insert' AND w.seq > $WK_SWITCH_MARK
       AND NOT EXISTS (SELECT 1 FROM e2e.writes AS d WHERE d.side = 'accounts' AND d.op = 'delete' AND d.account_id = w.account_id)
       AND t.id_old IS DISTINCT FROM t.id"
  expect_true "the writers inserted accounts and invoices after the switch" \
    "SELECT count(*) FILTER (WHERE side = 'accounts' AND op = 'insert') > 0 AND count(*) FILTER (WHERE side = 'invoices') > 0 FROM e2e.writes WHERE seq > $WK_SWITCH_MARK"
  RUN_AS= wk_ok "87_undo_switch.sql" 87_undo_switch.sql
  wk_same "87_undo_switch.sql: the schema exactly as after 05 (integer id the key, the foreign key on it, the sequence integer and owned by it, the first trigger function)" \
    "$WK_F5" "$(wk_fingerprint)"
  wk_in_step "after 87: every row has id_new = id" id_new
  wk_model "after 87 (rows written since the switch included)"
  wk_plpgsql_check "plpgsql_check finds nothing in the sync function after 87 ($WK_SYNC_FUNCTION)"
  RUN_AS= wk_ok "87_undo_switch.sql again (nothing to undo)" 87_undo_switch.sql
  RUN_AS= wk_ok "06_copy_indexes.sql after 87" 06_copy_indexes.sql
  wk_switch_beside_report
  wk_same "the second switch leaves the schema exactly as the first" "$WK_F7" "$(wk_fingerprint)"
  wk_after_switch "after the second 07"
}

# 07 again, while a report reads invoices (ACCESS SHARE for 1 s): 07 queues for its lock on
# invoices; then the application deletes account 1 (one statement, cascading to its invoices),
# which takes accounts and queues for invoices behind 07; the report ends, 07 takes invoices and
# waits for accounts. The delete must not fail (a deadlock it is chosen for is a lost write): 07
# is the one that can give up and retry.
wk_switch_beside_report() {
  local started pid report_pid i rc=0 got invoices
  invoices=$(q "SELECT count(*) FROM public.invoices WHERE account_id = 1")
  started=$(date +%s.%N)
  PGAPPNAME=e2e_report psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -c "BEGIN" -c "SELECT count(*) FROM public.invoices" \
    -c "SELECT pg_sleep(1)" -c "COMMIT" >>"$LOG" 2>&1 &
  report_pid=$!
  for i in $(seq 1 50); do
    [ "$(q "SELECT count(*) > 0 FROM pg_locks AS l JOIN pg_stat_activity AS a USING (pid)
            WHERE a.application_name = 'e2e_report' AND l.relation = 'public.invoices'::regclass AND l.granted")" == t ] && break
    sleep 0.02
  done
  : >"$W/switch2.log"
  psql -X -v ON_ERROR_STOP=1 -d "$DB" -f "$BUNDLE/07_switch.sql" >"$W/switch2.log" 2>&1 &
  pid=$!
  for i in $(seq 1 50); do
    [ "$(q "SELECT count(*) > 0 FROM pg_locks WHERE relation = 'public.invoices'::regclass AND mode = 'AccessExclusiveLock' AND NOT granted")" == t ] && break
    sleep 0.02
  done
  got=$(q "WITH d AS (DELETE FROM public.accounts WHERE id = 1 RETURNING id),
                w AS (INSERT INTO e2e.writes (side, op, account_id, started) SELECT 'accounts', 'delete', id, statement_timestamp() FROM d)
           SELECT count(*) FROM d") || got="failed: $(grep ERROR "$LOG" | tail -1)"
  wait "$pid" || rc=$?
  wait "$report_pid"
  cat "$W/switch2.log" >>"$LOG"
  wk_phase "07_switch.sql (after 87, a report reading invoices)" "$started"
  expect_eq "07_switch.sql after 87 succeeds beside a report on invoices" "$rc" 0
  [ $rc -eq 0 ] || tail -5 "$W/switch2.log" | sed 's/^/       | /'
  expect_eq "meanwhile a one-statement DELETE of an account ($invoices invoices, cascading) queued behind 07's lock on invoices succeeds" "$got" 1
}

# 6. The key past integer.
wk_overflow() {
  local got f out rc
  q "SELECT setval('$WK_SEQUENCE', 2147483747)" >/dev/null
  got=$(q "WITH i AS (INSERT INTO public.accounts (email) VALUES ('big@example.com') RETURNING id, id_old),
                r AS (INSERT INTO e2e.writes (side, op, account_id, email, started) SELECT 'accounts', 'insert', id, 'big@example.com', clock_timestamp() FROM i)
           SELECT (id > 2147483647) || ' ' || id || '|' || coalesce(id_old::text, 'NULL') FROM i")
  expect_eq "past 2147483647 an insert takes its key from the sequence, id_old NULL (${got#* })" "${got%% *}|${got#*|}" "true|NULL"
  wk_await_writes "$(wk_mark)" 2 || true
  wk_none "the writers' accounts inserted past 2147483647 have id_old NULL (id, id_old)" \
    "SELECT ROW(id, id_old)::text FROM public.accounts WHERE id > 2147483647 AND id_old IS NOT NULL"
  wk_in_step "every account up to 2147483647 has id_old = id" id_old "id <= 2147483647"
  f=$(wk_fingerprint)
  local started=$(date +%s.%N)
  out=$(psql -X -v ON_ERROR_STOP=1 -d "$DB" -f "$BUNDLE/87_undo_switch.sql" 2>&1) && rc=0 || rc=$?
  wk_phase "87_undo_switch.sql (refused)" "$started"
  echo "--- 87_undo_switch.sql past integer: $out" >>"$LOG"
  expect_eq "87_undo_switch.sql refuses: rows hold values the original type cannot" \
    "$([ $rc -ne 0 ] && echo refused)|$(grep -c 'rows hold values the original type cannot' <<<"$out")" "refused|1"
  [ $rc -ne 0 ] || grep -E 'ERROR|NOTICE' <<<"$out" | tail -3 | sed 's/^/       | /'
  wk_same "the refused 87 changes nothing" "$f" "$(wk_fingerprint)"
  wk_model "after the refused 87"
}

# 7. The contract.
wk_contract() {
  local f out rc
  RUN_AS= wk_ok "08_contract.sql" 08_contract.sql
  expect_eq "08_contract.sql drops id_old, the trigger and its function" \
    "$(wk_column_exists id_old)|$(wk_column_exists id)|$(wk_triggers)|$(q "SELECT to_regprocedure('$WK_SYNC_FUNCTION') IS NULL")" "0|1|0|t"
  expect_eq "after 08: id bigint NOT NULL the primary key, the sequence bigint and owned by it, the foreign key validated on it" \
    "$(q "SELECT format_type(atttypid, atttypmod) || ' ' || attnotnull FROM pg_attribute WHERE attrelid = 'public.accounts'::regclass AND attname = 'id'")|$(q "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'public.accounts'::regclass AND contype = 'p'")|$(q "SELECT seqtypid::regtype FROM pg_sequence WHERE seqrelid = '$WK_SEQUENCE'::regclass")|$(q "SELECT pg_get_serial_sequence('public.accounts', 'id')")|$(q "SELECT string_agg(pg_get_constraintdef(oid) || ' ' || convalidated, ', ') FROM pg_constraint WHERE conrelid = 'public.invoices'::regclass AND contype = 'f'")" \
    "bigint true|PRIMARY KEY (id)|bigint|$WK_SEQUENCE|FOREIGN KEY (account_id) REFERENCES accounts(id) ON DELETE CASCADE true"
  sleep 0.3  # the writers write to the contracted table
  f=$(wk_fingerprint)
  RUN_AS= wk_refused "08_contract.sql again refuses (it ran already)" 08_contract.sql
  # After 08 both refuse: the column has the new type (their sign of a contract).
  RUN_AS= wk_refused "80_undo_expand.sql refuses after 08" 80_undo_expand.sql
  RUN_AS= wk_refused "86_undo_copy_indexes.sql refuses after 08" 86_undo_copy_indexes.sql
  wk_same "08 again, 80 and 86 after 08 leave the schema as it was" "$f" "$(wk_fingerprint)"
}

# The end: the writers stopped, what they saw.
wk_final() {
  wk_stop_writers
  wk_model "at the end"
  wk_none "every invoice references an existing account (invoice, account_id)" \
    "SELECT ROW(i.id, i.account_id)::text FROM public.invoices AS i WHERE NOT EXISTS (SELECT 1 FROM public.accounts AS a WHERE a.id = i.account_id)"
  local entry file before after values= names= i=0
  for entry in "${WK_PHASES[@]}"; do
    IFS='|' read -r file before after <<<"$entry"
    values+="${values:+, }($i, $before, $after)"
    names+="${names:+, }(\$n\$$file\$n\$, $before, $after)"
    i=$((i + 1))
  done
  # invoices.account_id stays integer (the plan says to widen it with a plan of its own)
  local overflowed
  overflowed=$(q "SELECT count(*) FROM e2e.errors WHERE side = 'invoices' AND sqlstate = '22003' AND account_id > 2147483647")
  wk_none "no application write failed, but invoices refused for accounts the model says were deleted, or for accounts past 2147483647 ($overflowed: invoices.account_id is integer, as the plan says) (side, op, SQLSTATE, message, writes, during)" \
    "SELECT ROW(side, op, sqlstate, min(message), count(*), string_agg(DISTINCT coalesce(p.name, 'no script'), ', '))::text
     FROM e2e.errors AS e
     LEFT JOIN (VALUES ${names:-(NULL, 0, 0)}) AS p (name, started, ended) ON e.at BETWEEN to_timestamp(p.started) AND to_timestamp(p.ended)
     WHERE NOT (side = 'invoices' AND sqlstate = '23503' AND NOT EXISTS (SELECT 1 FROM e2e.expected_accounts AS x WHERE x.id = e.account_id))
       AND NOT (side = 'invoices' AND sqlstate = '22003' AND account_id > 2147483647)
     GROUP BY side, op, sqlstate"
  local waits total
  waits=$(wk_waits 0 "$(date +%s.%N)")
  total=$(q "SELECT string_agg(side || ' ' || op || ' ' || n, ', ' ORDER BY side, op) FROM (SELECT side, op, count(*) AS n FROM e2e.writes GROUP BY 1, 2) AS c")
  [ "${waits%|*}" -lt $WK_MAX_WAIT_MS ] && [ "${waits#*|}" -lt $WK_MAX_WAIT_MS ] &&
    pass "through the whole run no write took longer than $WK_MAX_WAIT_MS ms, nor paused longer (longest write|pause: $waits ms; $total)" ||
    fail "through the whole run no write took longer than $WK_MAX_WAIT_MS ms, nor paused longer" "longest write|pause: $waits ms"
  # per script, in the log; both writers wrote during each that ran 0.3 s or more
  local counts n a inv ms missing=
  counts=$(q "SELECT p.i, count(*) FILTER (WHERE w.side = 'accounts'), count(*) FILTER (WHERE w.side = 'invoices'),
                     coalesce(round(max(extract(epoch FROM w.at - w.started) * 1000)), 0)
              FROM (VALUES $values) AS p (i, started, ended)
              LEFT JOIN e2e.writes AS w ON w.at BETWEEN to_timestamp(p.started) AND to_timestamp(p.ended)
              GROUP BY p.i ORDER BY p.i")
  while IFS='|' read -r n a inv ms; do
    IFS='|' read -r file before after <<<"${WK_PHASES[$n]}"
    echo "--- writes during $file: accounts $a, invoices $inv, longest $ms ms ($(awk "BEGIN { printf \"%.2f\", $after - $before }") s)" >>"$LOG"
    if awk "BEGIN { exit !($after - $before >= 0.3) }" && { [ "$a" -eq 0 ] || [ "$inv" -eq 0 ]; }; then missing+=" $file"; fi
  done <<<"$counts"
  if [ -n "$counts" ] && [ -z "$missing" ]; then
    pass "both writers wrote during every script of 0.3 s or more (per script in the log)"
  else
    fail "both writers wrote during every script of 0.3 s or more" "not during:${missing:- (the query failed)}"
  fi
}

check_widen_key() {
  local started=$SECONDS dir=${1:-$ROOT/examples/widen_key}
  local saved_passed=$PASSED saved_failed=$FAILED
  WK_ACCOUNTS_PID= WK_INVOICES_PID= WK_HOLDER_PID= WK_SEQ_PROBE_PID=
  if wk_setup "$dir"; then
    wk_start_writers
    wk_round_back
    wk_round_forward
    wk_switch "$dir"
    wk_undo_switch
    wk_overflow
    wk_contract
    wk_final
    [ -z "$WK_SEQ_PROBE_PID" ] || wait "$WK_SEQ_PROBE_PID"
    WK_SEQ_PROBE_PID=
    wk_report_sequence_probe
  fi
  # whatever failed, no writer or lock holder outlives the check
  [ -z "$WK_ACCOUNTS_PID$WK_INVOICES_PID$WK_HOLDER_PID" ] ||
    q "UPDATE e2e.control SET stop = true; UPDATE e2e.lock_holder SET release = true" >/dev/null
  local pid
  for pid in $WK_ACCOUNTS_PID $WK_INVOICES_PID $WK_HOLDER_PID $WK_SEQ_PROBE_PID; do wait "$pid" 2>/dev/null; done
  [ -z "${BG_PID:-}" ] || wait_background
  echo "     (widen_key: $((PASSED + FAILED - saved_passed - saved_failed)) checks, $((SECONDS - started)) s)"
  [ "$FAILED" -eq "$saved_failed" ] || [ -z "${KEEP_LOGS:-}" ] || echo "     (widen_key log: $LOG)"
  CHECK_PREFIX=
  dropdb "$DB" >/dev/null 2>&1 || true
}
