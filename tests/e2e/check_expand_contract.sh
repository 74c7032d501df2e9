# Expand-contract requirements ("kind": "rename" or "retype"), on the private server, while two
# application versions write all the time: an OLD one that inserts and updates only the original
# column and a NEW one that inserts and updates only the new column (each a psql session looping
# over one-row transactions). Every write is recorded with its order in e2e.writes, so that the
# values every row must hold are known (e2e.expected: the last write wins; the other column is
# f(old) = the requirement's "using" (rename: the same value) or g(new) = its "reverse").
# Round 1 (the way back): 00_expand.sql fails within lock_timeout while a session holds ACCESS
# SHARE and succeeds once it is gone; a backfill running when 80_undo_expand.sql drops the copy
# stops; the original column is then exactly as the versions left it (the NEW version's writes
# included); 00, 02 and 03 again straight after 80 must copy every row again or 04 refuse.
# Round 2 (the way forward): 00 again, 03 terminated mid-way and resumed, 04, 90 (the copy back
# to its state before the backfill, the versions' writes kept), 03 -v resume=1, 05 (when the
# original is NOT NULL), 06 (valid copies of every index of the original column, the same
# definitions with the column replaced), 86, 06 again, then 08_contract.sql retrying while a
# session holds a row lock; after it the table holds the new column only, with the model's value
# in every row, the indexes under their old names, no trigger and no function. Last, that both
# versions wrote during every script they ran beside.
# 00, 05, 06, 08, 80 and 86 run as the table's owner, the others as the migration role.
# The requirements run side by side, a database each.
# Source after lib.sh and check_example.sh; call check_expand_contract [EXAMPLE_DIR ...] (default:
# every example whose requirement is a rename or a retype with a "to"; a retype without one keeps
# the column's name and is check_widen_key.sh's). Expects TOOL, WORK and ROOT.

# Pause between two writes of one version (seconds): some 50 to 100 writes a second each.
EC_WRITER_SLEEP_S=${EC_WRITER_SLEEP_S:-0.01}
# A version stops by itself after this long, whatever happens to the check.
EC_WRITER_MAX_S=120

# One field of a JSON file (psql parses it).
ec_json() { set_from_file doc "$1"; psql -X -q -At -v ON_ERROR_STOP=1 -d postgres "${PSQL_FILE_VAR[@]}" -f - <<<"SELECT :'doc'::jsonb #>> '{$2}'" 2>/dev/null; }

# The last write's number handed out so far (a sequence: uncommitted writes count too).
ec_mark() { q "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM e2e.write_no"; }

# Values a version writes, by example: w_k is the row's key, w_n the version's write count, so
# that every value is new (a write that changes nothing would not be a change for the trigger).
# OLD_VALUE is of the original column's type, NEW_VALUE of the new one's.
ec_values() {
  case $1 in
    rename)
      OLD_VALUE="'old ' || w_k || '.' || w_n"
      NEW_VALUE="'new ' || w_k || '.' || w_n" ;;
    retype)
      # euros with cents (and now and then no price) for the old version, whole cents for the new
      OLD_VALUE="CASE WHEN w_n % 25 = 0 THEN NULL ELSE 100000 + w_n + 0.25 END"
      NEW_VALUE="200000000 + w_n * 100 + 75" ;;
    *) return 1 ;;
  esac
}

# The application version SIDE (old or new), writing COLUMN of TYPE with VALUE until
# e2e.control says stop: one write a transaction, a fifth of them inserts, the rest updates of a
# row of the data (mostly) or one of the last rows either version inserted.
ec_writer_sql() {
  local side=$1 column=$2 type=$3 value=$4
  cat <<SQL
SET application_name = 'e2e $side version';
DO \$app\$
DECLARE
  w_k bigint;
  w_v text;
  w_n bigint := 0;
  w_r float8;
  w_until timestamptz := clock_timestamp() + interval '$EC_WRITER_MAX_S s';
BEGIN
  LOOP
    EXIT WHEN (SELECT stop FROM e2e.control WHERE side = '$side') OR clock_timestamp() > w_until;
    w_n := w_n + 1;
    w_r := random();
    IF w_r < 0.2 THEN
      w_k := nextval('e2e.ids');
      w_v := $value;
      INSERT INTO $T ($KEY, $column$INS_COLS) VALUES (w_k, w_v::$type$INS_VALUES);
      INSERT INTO e2e.writes (id, side, op, value) VALUES (w_k, '$side', 'insert', w_v);
    ELSE
      w_k := CASE WHEN w_r < 0.8 THEN $KEY_MIN + floor(random() * ($KEY_MAX - $KEY_MIN + 1))::bigint
                  ELSE (SELECT w.id FROM e2e.writes AS w WHERE w.op = 'insert'
                        ORDER BY w.seq DESC OFFSET floor(random() * 4)::int LIMIT 1) END;
      w_v := $value;
      UPDATE $T SET $column = w_v::$type WHERE $KEY = w_k;
      IF FOUND THEN
        INSERT INTO e2e.writes (id, side, op, value) VALUES (w_k, '$side', 'update', w_v);
      END IF;
    END IF;
    COMMIT;
    PERFORM pg_sleep($EC_WRITER_SLEEP_S);
  END LOOP;
END
\$app\$;
SQL
}

ec_start_writer() {
  local side=$1
  q "UPDATE e2e.control SET stop = false WHERE side = '$side'" >/dev/null
  if [ "$side" == old ]; then
    ec_writer_sql old "$OLD" "$OLD_TYPE" "$OLD_VALUE" >"$W/writer_old.sql"
  else
    ec_writer_sql new "$NEW" "$NEW_TYPE" "$NEW_VALUE" >"$W/writer_new.sql"
  fi
  local mark i
  mark=$(ec_mark)
  psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$W/writer_$side.sql" >>"$W/writer_$side.log" 2>&1 &
  if [ "$side" == old ]; then EC_OLD_PID=$!; else EC_NEW_PID=$!; fi
  # writing before the next script starts (3 s at most)
  for i in $(seq 1 30); do
    [ "$(q "SELECT count(*) FROM e2e.writes WHERE side = '$side' AND seq > $mark")" == 0 ] || break
    sleep 0.1
  done
}

# Stops a version and checks that every one of its writes succeeded.
ec_stop_writer() {
  local side=$1 pid rc=0
  if [ "$side" == old ]; then pid=$EC_OLD_PID; EC_OLD_PID=; else pid=$EC_NEW_PID; EC_NEW_PID=; fi
  [ -n "$pid" ] || return 0
  q "UPDATE e2e.control SET stop = true WHERE side = '$side'" >/dev/null
  wait "$pid" || rc=$?
  if [ $rc -eq 0 ]; then
    pass "the ${side^^} version's writes all succeeded ($2)"
  else
    fail "the ${side^^} version's writes all succeeded ($2)" "psql exited $rc:"
    tail -5 "$W/writer_$side.log" | sed 's/^/       | /'
  fi
}

# The bundle files, with when each ran (this machine's clock, the server's too) noted for the
# check at the end that the versions wrote meanwhile.
ec_phase() { EC_PHASES+=("$1|$EC_RUNNING|$2|$(date +%s.%N)"); }
ec_run() {
  local started rc=0
  started=$(date +%s.%N)
  run_bundle "$@" || rc=$?
  ec_phase "$1" "$started"
  return $rc
}
ec_ok() {
  local started
  started=$(date +%s.%N)
  expect_ok "$@"
  ec_phase "$2" "$started"
}
ec_refused() {
  local started
  started=$(date +%s.%N)
  expect_refused "$@"
  ec_phase "$2" "$started"
}

# ec_none NAME CONDITION [NAME CONDITION ...]: for each, no row of the table joined to the model
# (t and e) meets CONDITION; else the count and the first three: (key, original column, new
# column, expected original, expected new, the version that wrote last). EC_SHOW_OLD and
# EC_SHOW_NEW say which of the two columns exist. One query for all (the model once).
ec_none() {
  local sql= i=0 names=() got line
  while [ $# -gt 1 ]; do
    names+=("$1")
    sql+="${sql:+ UNION ALL }
      SELECT $i, count(*) || coalesce(': ' || string_agg(r, ' ') FILTER (WHERE n <= 3), '')
      FROM (SELECT row_number() OVER (ORDER BY coalesce(t.$KEY, e.id)) AS n,
                   ROW(coalesce(t.$KEY, e.id), $EC_SHOW_OLD, $EC_SHOW_NEW, e.exp_old, e.exp_new, e.last_side)::text AS r
            FROM e FULL JOIN $T AS t ON t.$KEY = e.id
            WHERE $2) AS bad"
    i=$((i + 1))
    shift 2
  done
  got=$(q "WITH e AS MATERIALIZED (SELECT * FROM e2e.expected) $sql ORDER BY 1")
  for i in "${!names[@]}"; do
    line=$(grep "^$i|" <<<"$got")
    line=${line#*|}
    if [ "$line" == 0 ]; then
      pass "${names[$i]}"
    else
      fail "${names[$i]}" "${line:-the query failed (see the log)} (key, $OLD_NAME, $NEW_NAME, expected both, last writer)"
    fi
  done
}

ec_column_exists() { q "SELECT count(*) FROM pg_attribute WHERE attrelid = '$T'::regclass AND attname = '$1' AND NOT attisdropped"; }
ec_triggers() { q "SELECT count(*) FROM pg_trigger WHERE tgrelid = '$T'::regclass AND NOT tgisinternal"; }

# The indexes that depend on column NAME (those DROP COLUMN drops), as "name: definition after ON".
ec_indexes_on() {
  q "SELECT coalesce(string_agg(c.relname || ': ' || regexp_replace(pg_get_indexdef(c.oid), '^.*? ON ', 'ON '), E'\n' ORDER BY c.relname), '')
     FROM pg_class AS c
     WHERE c.relkind = 'i' AND c.oid IN (
       SELECT d.objid FROM pg_depend AS d JOIN pg_attribute AS a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
       WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
         AND d.refobjid = '$T'::regclass AND a.attname = '$1')"
}

# A session that holds LOCK_SQL in an open transaction until ec_release_lock.
ec_hold_lock() {
  q "UPDATE e2e.lock_holder SET release = false" >/dev/null
  PGAPPNAME=e2e_lock_holder psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -c "BEGIN" -c "$1" \
    -c "DO \$hold\$ BEGIN
          WHILE NOT (SELECT release FROM e2e.lock_holder) AND clock_timestamp() < statement_timestamp() + interval '30 s' LOOP
            PERFORM pg_sleep(0.02);
          END LOOP;
        END \$hold\$" -c "COMMIT" >>"$LOG" 2>&1 &
  EC_HOLDER_PID=$!
  local i
  for i in $(seq 1 100); do
    [ "$(q "SELECT count(*) FROM pg_locks AS l JOIN pg_stat_activity AS a USING (pid)
            WHERE a.application_name = 'e2e_lock_holder' AND a.datname = current_database()
              AND l.relation = '$T'::regclass AND l.granted")" -gt 0 ] && return 0
    sleep 0.05
  done
  return 1
}
ec_release_lock() {
  q "UPDATE e2e.lock_holder SET release = true" >/dev/null
  wait "$EC_HOLDER_PID" 2>/dev/null
  EC_HOLDER_PID=
}

ec_setup() {
  local dir=$1 requirement=$2
  DB=e2e_ec_$3
  NAME=$(basename "$dir")/$(basename "$requirement" .json)
  W=$WORK/ec_$3
  mkdir -p "$W"
  LOG=$W/log
  BUNDLE=$W/bundle
  CHECK_PREFIX="$NAME: expand-contract: "
  EC_PHASES=()
  EC_RUNNING=
  : >"$LOG"
  if ! ec_values "$(basename "$dir")"; then
    fail "the check knows what the application versions write" "add the example to ec_values in $(basename "${BASH_SOURCE[0]}")"
    return 1
  fi
  load_example "$dir" "$requirement" || return 1
  local target
  target=$(ec_json "$requirement" target)
  OLD_NAME=$(q "SELECT (parse_ident('${target//\'/\'\'}'))[cardinality(parse_ident('${target//\'/\'\'}'))]")
  NEW_NAME=$(ec_json "$requirement" to)
  OLD=$(q "SELECT quote_ident('$OLD_NAME')")
  NEW=$(q "SELECT quote_ident('$NEW_NAME')")
  OLD_TYPE=$(q "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '$T'::regclass AND attname = '$OLD_NAME'")
  OLD_NOT_NULL=$(q "SELECT attnotnull FROM pg_attribute WHERE attrelid = '$T'::regclass AND attname = '$OLD_NAME'")
  local using reverse
  if [ "$KIND" == retype ]; then
    NEW_TYPE=$(ec_json "$requirement" type)
    using=$(ec_json "$requirement" using)
    reverse=$(ec_json "$requirement" reverse)
  else
    NEW_TYPE=$OLD_TYPE
    using=$OLD
    reverse=$NEW
  fi
  EC_USING=$using EC_REVERSE=$reverse
  # The key: a single integer column (the writers make up keys above the data's).
  KEY=$(q "SELECT quote_ident(a.attname) FROM pg_index AS i JOIN pg_attribute AS a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
           WHERE i.indrelid = '$T'::regclass AND i.indisprimary AND i.indnkeyatts = 1 AND a.atttypid IN ('int4'::regtype, 'int8'::regtype)")
  if [ -z "$KEY" ] || [ -z "$OLD_TYPE" ] || [ -z "$NEW_NAME" ] || [ -z "$reverse" ]; then
    fail "the example suits the check" "needs a single integer primary key, the original column, \"to\" and a reverse (key '$KEY', type '$OLD_TYPE', to '$NEW_NAME', reverse '$reverse')"
    return 1
  fi
  read -r KEY_MIN KEY_MAX < <(q "SELECT min($KEY) || ' ' || max($KEY) FROM $T")
  # Other columns an insert must give (NOT NULL, no default): text made from the key.
  INS_COLS=$(q "SELECT coalesce(string_agg(', ' || quote_ident(attname), '' ORDER BY attnum), '') FROM pg_attribute
                WHERE attrelid = '$T'::regclass AND attnum > 0 AND NOT attisdropped AND attnotnull AND NOT atthasdef
                  AND attgenerated = '' AND quote_ident(attname) NOT IN ('$KEY', '$OLD', '$NEW')")
  INS_VALUES=$(q "SELECT coalesce(string_agg(', ''e2e ' || attname || ' '' || w_k', '' ORDER BY attnum), '') FROM pg_attribute
                  WHERE attrelid = '$T'::regclass AND attnum > 0 AND NOT attisdropped AND attnotnull AND NOT atthasdef
                    AND attgenerated = '' AND quote_ident(attname) NOT IN ('$KEY', '$OLD', '$NEW')")
  EC_ROW_MISSING="t.$KEY IS NULL OR e.id IS NULL"
  EC_SHOW_OLD="t.$OLD::text"
  EC_SHOW_NEW="NULL::text"
  # The model: the values before any write, every write in order, f and g, and what each row
  # must hold (the last write wins; a row nobody wrote holds its original value).
  if ! q "CREATE SCHEMA e2e;
     CREATE TABLE e2e.snapshot AS SELECT $KEY AS id, $OLD AS old FROM $T;
     CREATE SEQUENCE e2e.write_no;
     CREATE SEQUENCE e2e.ids START $((KEY_MAX + 1000001));
     CREATE TABLE e2e.writes (seq bigint PRIMARY KEY DEFAULT nextval('e2e.write_no'), id bigint NOT NULL,
                              side text NOT NULL, op text NOT NULL, value text, at timestamptz DEFAULT clock_timestamp());
     CREATE INDEX ON e2e.writes (id, seq);
     ANALYZE e2e.snapshot;
     CREATE TABLE e2e.control (side text PRIMARY KEY, stop boolean NOT NULL DEFAULT false);
     INSERT INTO e2e.control (side) VALUES ('old'), ('new');
     CREATE TABLE e2e.lock_holder (release boolean NOT NULL);
     INSERT INTO e2e.lock_holder VALUES (true);
     CREATE FUNCTION e2e.f($OLD $OLD_TYPE) RETURNS $NEW_TYPE LANGUAGE sql IMMUTABLE
       AS \$f\$ SELECT ($using)::$NEW_TYPE \$f\$;
     CREATE FUNCTION e2e.g($NEW $NEW_TYPE) RETURNS $OLD_TYPE LANGUAGE sql IMMUTABLE
       AS \$g\$ SELECT ($reverse)::$OLD_TYPE \$g\$;
     CREATE VIEW e2e.expected AS
       SELECT k.id, w.side AS last_side, w.seq AS last_seq,
              (CASE w.side WHEN 'old' THEN w.value::$OLD_TYPE WHEN 'new' THEN e2e.g(w.value::$NEW_TYPE) ELSE s.old END)::$OLD_TYPE AS exp_old,
              CASE w.side WHEN 'old' THEN e2e.f(w.value::$OLD_TYPE) WHEN 'new' THEN w.value::$NEW_TYPE ELSE e2e.f(s.old) END AS exp_new
       FROM (SELECT id FROM e2e.snapshot UNION SELECT id FROM e2e.writes WHERE op = 'insert') AS k
       LEFT JOIN e2e.snapshot AS s ON s.id = k.id
       LEFT JOIN (SELECT DISTINCT ON (id) id, side, value, seq FROM e2e.writes ORDER BY id, seq DESC) AS w ON w.id = k.id;
     CREATE TABLE e2e.old_indexes AS
       SELECT c.relname AS name, quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS qualified,
              pg_get_indexdef(c.oid) AS def, regexp_replace(pg_get_indexdef(c.oid), '^.*? ON ', 'ON ') AS tail,
              regexp_replace(regexp_replace(pg_get_indexdef(c.oid), '^.*? ON ', 'ON '), '\m' || '$OLD_NAME' || '\M', '$NEW_NAME', 'g') AS copy_tail,
              'copied'::text AS how
       FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
       WHERE c.relkind = 'i' AND c.oid IN (
         SELECT d.objid FROM pg_depend AS d JOIN pg_attribute AS a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
         WHERE d.classid = 'pg_class'::regclass AND d.refobjid = '$T'::regclass AND a.attname = '$OLD_NAME');" >/dev/null; then
    fail "the model's tables and functions" "$(tail -3 "$LOG")"
    return 1
  fi
  OLD_INDEXES=$(ec_indexes_on "$OLD_NAME")
  return 0
}

# After 06: every index of the original column has a valid copy on the new one (the same
# definition, the column replaced, under another name), or the plan leaves it to the reader
# ("Left to you": its name in the plan's change.by_hand); those get how = 'by hand'.
ec_check_copies() {
  local copies missing= name qualified by_hand
  copies=$(ec_copies)
  by_hand=$(ec_json "$W/plan.json" change,by_hand)
  while IFS='|' read -r name qualified; do
    [ -n "$name" ] || continue
    if grep -qF "index $qualified " <<<"$by_hand"; then
      q "UPDATE e2e.old_indexes SET how = 'by hand' WHERE name = '$name'" >/dev/null
    else
      missing+=" $name"
    fi
  done < <(q "SELECT name, qualified FROM e2e.old_indexes
              WHERE copy_tail <> ALL (string_to_array(\$copies\$$copies\$copies\$, E'\n')) ORDER BY name")
  EC_BY_HAND=$(q "SELECT string_agg(name, ', ' ORDER BY name) FROM e2e.old_indexes WHERE how = 'by hand'")
  expect_eq "06 builds a valid copy of every index of $OLD_NAME on $NEW_NAME${EC_BY_HAND:+ (the plan leaves $EC_BY_HAND to you)}" \
    "${missing:-none missing}|$copies" \
    "none missing|$(q "SELECT coalesce(string_agg(copy_tail, E'\n' ORDER BY copy_tail), '') FROM e2e.old_indexes WHERE how = 'copied'")"
}

# What the plan leaves to you, done as it says: CREATE INDEX CONCURRENTLY on the new column
# (the definition with the column replaced), named <old name>_by_hand.
ec_build_by_hand() {
  [ -n "$EC_BY_HAND" ] || return 0
  local sql
  sql=$(q "SELECT string_agg(regexp_replace(def, '^(CREATE (UNIQUE )?INDEX ).*? ON ', '\1CONCURRENTLY ' || quote_ident(name || '_by_hand') || ' ON ')
                             || ';', E'\n')
           FROM (SELECT name, regexp_replace(def, '\m' || '$OLD_NAME' || '\M', '$NEW_NAME', 'g') AS def
                 FROM e2e.old_indexes WHERE how = 'by hand') AS h")
  echo "--- by hand: $sql" >>"$LOG"
  if psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -c "$sql" >>"$LOG" 2>&1; then
    pass "what the plan leaves to you builds as it says ($EC_BY_HAND, CREATE INDEX CONCURRENTLY on $NEW_NAME)"
  else
    fail "what the plan leaves to you builds as it says" "$(tail -2 "$LOG")"
  fi
}

# The definitions (after ON) of the valid indexes on the new column, sorted.
ec_copies() {
  q "SELECT coalesce(string_agg(regexp_replace(pg_get_indexdef(i.indexrelid), '^.*? ON ', 'ON '), E'\n'
                                ORDER BY regexp_replace(pg_get_indexdef(i.indexrelid), '^.*? ON ', 'ON ')), '')
     FROM pg_index AS i
     WHERE i.indrelid = '$T'::regclass AND i.indisvalid AND i.indisready AND i.indexrelid IN (
       SELECT d.objid FROM pg_depend AS d JOIN pg_attribute AS a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
       WHERE d.classid = 'pg_class'::regclass AND d.refobjid = '$T'::regclass AND a.attname = '$NEW_NAME')"
}

# After 00: the column and the trigger are there; the versions' writes since are in step; rows
# nobody wrote since have no new value yet; the original column is as the versions left it.
ec_after_expand() {
  local before=$1 after=$2
  expect_eq "00_expand.sql adds $NEW_NAME (nullable) and one BEFORE INSERT OR UPDATE row trigger" \
    "$(q "SELECT count(*) FILTER (WHERE NOT attnotnull) FROM pg_attribute WHERE attrelid = '$T'::regclass AND attname = '$NEW_NAME' AND NOT attisdropped")|$(q "SELECT string_agg(tgtype::text, ',') FROM pg_trigger WHERE tgrelid = '$T'::regclass AND NOT tgisinternal")" \
    "1|23"
  SYNC_FUNCTION=$(q "SELECT tgfoid::regprocedure::text FROM pg_trigger WHERE tgrelid = '$T'::regclass AND NOT tgisinternal LIMIT 1")
  EC_SHOW_NEW="t.$NEW::text"
  # until each version has written a few rows since 00 (3 s at most)
  local written i
  for i in $(seq 1 30); do
    written=$(q "SELECT count(*) FILTER (WHERE side = 'old') || '|' || count(*) FILTER (WHERE side = 'new')
                 FROM e2e.writes WHERE seq > $after")
    [[ $written =~ ^([0-9]+)\|([0-9]+)$ ]] && [ "${BASH_REMATCH[1]}" -ge 5 ] && [ "${BASH_REMATCH[2]}" -ge 5 ] && break
    sleep 0.1
  done
  [[ $written =~ ^[1-9][0-9]*\|[1-9][0-9]*$ ]] && pass "both versions wrote after 00_expand.sql (writes OLD|NEW: $written)" ||
    fail "both versions wrote rows after 00_expand.sql" "OLD|NEW: $written"
  ec_none "rows written since 00_expand.sql hold both columns in step, as the versions wrote them" \
    "e.last_seq > $after AND (t.$NEW IS DISTINCT FROM e.exp_new OR t.$OLD IS DISTINCT FROM e.exp_old OR t.$NEW IS DISTINCT FROM e2e.f(t.$OLD))" \
    "rows nobody wrote since 00_expand.sql have no $NEW_NAME yet" "coalesce(e.last_seq, 0) <= $before AND t.$NEW IS NOT NULL" \
    "every row's $OLD_NAME is as the versions left it" "$EC_ROW_MISSING OR t.$OLD IS DISTINCT FROM e.exp_old"
}

# Every row in step and as the model says.
ec_all_in_step() {
  local when=$1
  ec_none "$when: every row is in step ($NEW_NAME = f($OLD_NAME))" "t.$NEW IS DISTINCT FROM e2e.f(t.$OLD)" \
    "$when: rows the NEW version wrote last have $OLD_NAME = g($NEW_NAME)" "e.last_side = 'new' AND t.$OLD IS DISTINCT FROM e2e.g(t.$NEW)" \
    "$when: every row holds what the versions wrote (nothing lost)" \
    "$EC_ROW_MISSING OR t.$OLD IS DISTINCT FROM e.exp_old OR t.$NEW IS DISTINCT FROM e.exp_new"
}

# Round 1: 00 under a held lock, then the way back (80) during a backfill.
ec_round_undo() {
  EC_RUNNING=old
  ec_start_writer old
  local before after started elapsed
  if ec_hold_lock "LOCK TABLE $T IN ACCESS SHARE MODE"; then
    started=$(date +%s%N)
    RUN_AS= ec_refused "00_expand.sql gives up while a session holds ACCESS SHARE" 00_expand.sql
    elapsed=$((($(date +%s%N) - started) / 1000000))
    ec_release_lock
    expect_eq "00_expand.sql fails on lock_timeout, within $elapsed ms (limit 5000), changing nothing" \
      "$(grep -c 'canceling statement due to lock timeout' "$LOG")|$([ $elapsed -lt 5000 ] && echo fast)|$(ec_column_exists "$NEW_NAME")|$(ec_triggers)" \
      "1|fast|0|0"
  else
    fail "a session holds ACCESS SHARE on $T" "the lock holder did not get its lock"
    ec_release_lock
  fi
  before=$(ec_mark)
  RUN_AS= ec_ok "00_expand.sql succeeds once the lock is gone" 00_expand.sql
  after=$(ec_mark)
  EC_RUNNING=old+new
  ec_start_writer new
  ec_after_expand "$before" "$after"

  ec_ok "02_prepare.sql" 02_prepare.sql
  local b0
  b0=$(date +%s.%N)
  start_backfill_in_background 2 -v batch_size=500 -v sleep_ms=50
  EC_PHASES+=("03_backfill.sql (background)|$EC_RUNNING|$b0|$(date +%s.%N)")
  [ "$(q "SELECT batches FROM $PROGRESS")" -ge 2 ] && pass "a backfill is running (as the migration role)" ||
    fail "a backfill is running" "$(q "SELECT batches FROM $PROGRESS") batches"
  # New versions are rolled back before the copy is dropped; old ones go on writing.
  ec_stop_writer new "before 80_undo_expand.sql"
  EC_RUNNING=old
  RUN_AS= ec_ok "80_undo_expand.sql while the backfill runs" 80_undo_expand.sql
  local bg_rc=0
  wait_background || bg_rc=$?
  [ $bg_rc -ne 0 ] && pass "the running backfill stops (psql $bg_rc)" || fail "the running backfill stops" "03_backfill.sql exited 0"
  EC_SHOW_NEW="NULL::text"
  expect_eq "80_undo_expand.sql drops $NEW_NAME, the trigger and its function" \
    "$(ec_column_exists "$NEW_NAME")|$(ec_triggers)|$(q "SELECT to_regprocedure('$SYNC_FUNCTION') IS NULL")" "0|0|t"
  sleep 0.2
  expect_true "the NEW version's writes are among them" "SELECT count(*) > 0 FROM e2e.writes WHERE side = 'new'"
  ec_none "after 80_undo_expand.sql every row's $OLD_NAME is exactly as the versions left it" \
    "$EC_ROW_MISSING OR t.$OLD IS DISTINCT FROM e.exp_old"
  ec_redo_after_undo
  ec_ok "99_cleanup.sql -v force=1 after 80_undo_expand.sql" 99_cleanup.sql -v force=1
}

# The way forward again straight after 80, the backfill's tables still there (nothing says to
# run 99 first): 00, 02, 03 (and -v resume=1, as 03's hint says after an undo). Either the
# copy is made again for every row, or 04 refuses: a 04 that passes, with copies missing, lets
# 08 drop the original column and every value with it. Then undone again for round 2.
ec_redo_after_undo() {
  RUN_AS= ec_ok "00_expand.sql again straight after 80 (backfill tables left)" 00_expand.sql
  EC_SHOW_NEW="t.$NEW::text"
  ec_run 02_prepare.sql || true
  ec_run 03_backfill.sql -v sleep_ms=0 || ec_run 03_backfill.sql -v resume=1 -v sleep_ms=0 || true
  if ec_run 04_verify.sql; then
    ec_none "after 80, 00 and 03 -v resume=1, 04 passes only when every row has its copy again" \
      "t.$NEW IS DISTINCT FROM e2e.f(t.$OLD)"
  else
    pass "after 80, 00 and 03 -v resume=1, 04 refuses: copies are missing"
  fi
  RUN_AS= ec_ok "80_undo_expand.sql again" 80_undo_expand.sql
  EC_SHOW_NEW="NULL::text"
}

# Round 2: the way forward, to 08.
ec_round_contract() {
  local before after
  before=$(ec_mark)
  RUN_AS= ec_ok "00_expand.sql again" 00_expand.sql
  after=$(ec_mark)
  EC_RUNNING=old+new
  ec_start_writer new
  RUN_AS= ec_ok "00_expand.sql once more (re-runnable)" 00_expand.sql
  ec_after_expand "$before" "$after"

  ec_ok "01_preflight.sql" 01_preflight.sql
  ec_ok "02_prepare.sql" 02_prepare.sql
  # 03 terminated mid-way, then resumed.
  local b0
  b0=$(date +%s.%N)
  start_backfill_in_background 3 -v batch_size=500 -v sleep_ms=20
  local killed
  killed=$(q "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
              WHERE application_name LIKE 'backfill %' AND datname = current_database()) AS t")
  if wait_background; then fail "the terminated run fails" "psql exited 0 (killed $killed)"; else pass "the terminated run fails"; fi
  EC_PHASES+=("03_backfill.sql (terminated)|$EC_RUNNING|$b0|$(date +%s.%N)")
  local left done_rows
  left=$(q "SELECT count(*) FROM $T WHERE $NEW IS DISTINCT FROM e2e.f($OLD)")
  done_rows=$(q "SELECT count(*) FROM $BACKUP")
  [ "${left:-0}" -gt 0 ] && [ "${done_rows:-0}" -gt 0 ] && pass "the run was terminated mid-way ($done_rows rows done, $left left)" ||
    fail "the run was terminated mid-way" "$left rows left, $done_rows backed up"
  ec_ok "03_backfill.sql resumes" 03_backfill.sql -v sleep_ms=0
  ec_ok "04_verify.sql" 04_verify.sql
  ec_all_in_step "after 03 and 04"

  ec_ok "90_rollback.sql" 90_rollback.sql -v sleep_ms=0
  sleep 0.1
  ec_none "90_rollback.sql leaves every row's $OLD_NAME as the versions left it" "$EC_ROW_MISSING OR t.$OLD IS DISTINCT FROM e.exp_old" \
    "90_rollback.sql keeps the versions' values in the rows they wrote since 00" \
    "e.last_seq > $after AND t.$NEW IS DISTINCT FROM e.exp_new" \
    "90_rollback.sql returns the rows nobody wrote since 00 to no $NEW_NAME" \
    "coalesce(e.last_seq, 0) <= $before AND t.$NEW IS NOT NULL" \
    "90_rollback.sql: every other row has no $NEW_NAME or the versions' value" \
    "e.last_seq > $before AND e.last_seq <= $after AND t.$NEW IS NOT NULL AND t.$NEW IS DISTINCT FROM e.exp_new"
  local states
  states=$(q "SELECT count(*) FILTER (WHERE state = 'restored') || ' restored, ' || count(*) FILTER (WHERE state = 'kept') || ' kept' FROM $BACKUP")
  expect_true "90_rollback.sql restored rows and kept rows the versions wrote ($states)" \
    "SELECT count(*) FILTER (WHERE state = 'restored') > 0 AND count(*) FILTER (WHERE state = 'kept') > 0 FROM $BACKUP"

  ec_ok "03_backfill.sql -v resume=1 after the rollback" 03_backfill.sql -v resume=1 -v sleep_ms=0
  ec_ok "04_verify.sql after the resumed run" 04_verify.sql
  ec_all_in_step "after 03 -v resume=1 and 04"

  if [ "$OLD_NOT_NULL" == t ]; then
    RUN_AS= ec_ok "05_finalize.sql (as the owner)" 05_finalize.sql
    expect_eq "05_finalize.sql makes $NEW_NAME NOT NULL" \
      "$(q "SELECT attnotnull FROM pg_attribute WHERE attrelid = '$T'::regclass AND attname = '$NEW_NAME'")" t
  fi

  RUN_AS= ec_ok "06_copy_indexes.sql" 06_copy_indexes.sql
  ec_check_copies
  expect_eq "06 leaves the indexes of $OLD_NAME as they were" "$(ec_indexes_on "$OLD_NAME")" "$OLD_INDEXES"
  RUN_AS= ec_ok "86_undo_copy_indexes.sql" 86_undo_copy_indexes.sql
  expect_eq "86 drops the copies and leaves the originals" "$(ec_indexes_on "$NEW_NAME")|$(ec_indexes_on "$OLD_NAME")" "|$OLD_INDEXES"
  RUN_AS= ec_ok "06_copy_indexes.sql again" 06_copy_indexes.sql
  ec_build_by_hand

  # The old versions are gone before the contract; the new ones go on writing through it.
  ec_stop_writer old "before 08_contract.sql"
  EC_RUNNING=new
  ec_all_in_step "before 08"
  if ec_hold_lock "SELECT 1 FROM $T WHERE $KEY = $KEY_MIN FOR UPDATE"; then
    local started elapsed rc=0 i
    before=$(date +%s.%N)
    started=$(date +%s%N)
    echo "--- 08_contract.sql (background, a session holds a row lock)" >>"$LOG"
    : >"$W/contract.log"
    psql -X -v ON_ERROR_STOP=1 -d "$DB" -f "$BUNDLE/08_contract.sql" >>"$W/contract.log" 2>&1 &
    local pid=$!
    for i in $(seq 1 150); do
      grep -q 'retry 1 of' "$W/contract.log" && break
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    ec_release_lock
    wait "$pid" || rc=$?
    elapsed=$((($(date +%s%N) - started) / 1000000))
    cat "$W/contract.log" >>"$LOG"
    after=$(date +%s.%N)
    EC_PHASES+=("08_contract.sql|$EC_RUNNING|$before|$after")
    expect_eq "08_contract.sql retries on lock_timeout while a session holds a row lock, then succeeds ($elapsed ms)" \
      "$(grep -c 'canceling statement due to lock timeout.*retry 1 of' "$W/contract.log")|$rc" "1|0"
    [ $rc -eq 0 ] || tail -10 "$W/contract.log" | sed 's/^/       | /'
    # Its waits queue the application's writes behind it, each for lock_timeout at most.
    local gap
    gap=$(q "SELECT coalesce(round(extract(epoch FROM max(gap)) * 1000), 0) FROM (
               SELECT at - lag(at) OVER (ORDER BY seq) AS gap FROM e2e.writes
               WHERE side = 'new' AND at BETWEEN to_timestamp($before) AND to_timestamp($after)) AS g")
    [ "${gap:-99999}" -lt 3000 ] && pass "meanwhile the NEW version waited $gap ms at most (lock_timeout: 2000 ms)" ||
      fail "meanwhile the NEW version waited less than 3000 ms" "its longest wait: $gap ms"
  else
    fail "a session holds a row lock on $T" "the lock holder did not get its lock"
    ec_release_lock
  fi
  EC_SHOW_OLD="NULL::text"
  sleep 0.3  # the new version writes to the contracted table
  ec_stop_writer new "through and after 08_contract.sql"
  EC_RUNNING=
  expect_eq "08_contract.sql drops $OLD_NAME, the trigger and its function" \
    "$(ec_column_exists "$OLD_NAME")|$(ec_column_exists "$NEW_NAME")|$(ec_triggers)|$(q "SELECT to_regprocedure('$SYNC_FUNCTION') IS NULL")" \
    "0|1|0|t"
  ec_none "after 08_contract.sql every row's $NEW_NAME is the model's" "$EC_ROW_MISSING OR t.$NEW IS DISTINCT FROM e.exp_new"
  expect_eq "after 08_contract.sql the indexes have the old names and definitions, on $NEW_NAME${EC_BY_HAND:+ (those built by hand their own names)}" \
    "$(ec_indexes_on "$NEW_NAME")" \
    "$(q "SELECT coalesce(string_agg(n || ': ' || copy_tail, E'\n' ORDER BY n), '')
          FROM (SELECT CASE how WHEN 'copied' THEN name ELSE name || '_by_hand' END AS n, copy_tail FROM e2e.old_indexes) AS i")"
  expect_eq "after 08_contract.sql $NEW_NAME is NOT NULL exactly when $OLD_NAME was" \
    "$(q "SELECT attnotnull FROM pg_attribute WHERE attrelid = '$T'::regclass AND attname = '$NEW_NAME'")" "$OLD_NOT_NULL"
  RUN_AS= ec_refused "80_undo_expand.sql refuses after 08_contract.sql" 80_undo_expand.sql
  expect_eq "the refused 80 leaves $NEW_NAME" "$(ec_column_exists "$NEW_NAME")" 1
  ec_ok "99_cleanup.sql -v force=1" 99_cleanup.sql -v force=1
}

# Both versions wrote during every script they ran beside (one query for all the scripts).
ec_phases_report() {
  local entry file sides before after values= i=0 counts missing=
  for entry in "${EC_PHASES[@]}"; do
    IFS='|' read -r file sides before after <<<"$entry"
    values+="${values:+, }($i, $before, $after)"
    i=$((i + 1))
  done
  counts=$(q "SELECT p.i, count(*) FILTER (WHERE w.side = 'old'), count(*) FILTER (WHERE w.side = 'new')
              FROM (VALUES $values) AS p (i, started, ended)
              LEFT JOIN e2e.writes AS w ON w.at BETWEEN to_timestamp(p.started) AND to_timestamp(p.ended)
              GROUP BY p.i ORDER BY p.i")
  local n old_writes new_writes
  while IFS='|' read -r n old_writes new_writes; do
    IFS='|' read -r file sides before after <<<"${EC_PHASES[$n]}"
    echo "--- writes during $file: OLD $old_writes, NEW $new_writes (running: ${sides:-none})" >>"$LOG"
    { [[ $sides == *old* ]] && [ "$old_writes" -eq 0 ]; } && missing+=" $file (OLD)"
    { [[ $sides == *new* ]] && [ "$new_writes" -eq 0 ]; } && missing+=" $file (NEW)"
  done <<<"$counts"
  local total
  total=$(q "SELECT count(*) FILTER (WHERE side = 'old') || ' OLD, ' || count(*) FILTER (WHERE side = 'new') || ' NEW' FROM e2e.writes")
  if [ -n "$counts" ] && [ -z "$missing" ]; then
    pass "both versions wrote during every script ($total writes; per script in the log)"
  else
    fail "both versions wrote during every script" "none during:${missing:- (the query failed)}"
  fi
}

# One requirement: writes its report on stdout and "PASSED FAILED" (its own counts) to COUNTS.
# The trigger's rules one write at a time, in a database of its own (the schema, no data, no
# writers): either side written alone reaches the other, a write to both that disagree leaves
# the new column's value on both, and a session with backfill_plan.sync = off is not synced.
ec_trigger_rules() {
  local dir=$1 main_db=$DB
  DB=${main_db}_rules
  createdb "$DB" &&
    psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$dir/schema.sql" >>"$LOG" 2>&1 &&
    q "CREATE SCHEMA e2e;
       CREATE FUNCTION e2e.f($OLD $OLD_TYPE) RETURNS $NEW_TYPE LANGUAGE sql IMMUTABLE AS \$f\$ SELECT ($EC_USING)::$NEW_TYPE \$f\$;
       CREATE FUNCTION e2e.g($NEW $NEW_TYPE) RETURNS $OLD_TYPE LANGUAGE sql IMMUTABLE AS \$g\$ SELECT ($EC_REVERSE)::$OLD_TYPE \$g\$;" >/dev/null &&
    psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$BUNDLE/00_expand.sql" >>"$LOG" 2>&1 || {
    fail "the trigger's rules: a database with 00_expand.sql" "$(tail -3 "$LOG")"
    DB=$main_db
    return
  }
  local old new
  old() { echo "(SELECT $OLD_VALUE FROM (SELECT $1::bigint AS w_k, $2 AS w_n) AS s)"; }
  new() { echo "(SELECT $NEW_VALUE FROM (SELECT $1::bigint AS w_k, $2 AS w_n) AS s)"; }
  insert() {  # KEY COLUMNS VALUES
    q "INSERT INTO $T ($KEY, $2$INS_COLS) SELECT w_k, $3$INS_VALUES FROM (SELECT $1::bigint AS w_k) AS s" >/dev/null
  }
  row_is() {  # NAME KEY EXPECTED_OLD EXPECTED_NEW
    expect_eq "the trigger's rules: $1" \
      "$(q "SELECT ($OLD IS NOT DISTINCT FROM $3) || '|' || ($NEW IS NOT DISTINCT FROM $4) FROM $T WHERE $KEY = $2")" "true|true"
  }
  insert 1 "$OLD" "$(old 1 1)"
  row_is "an old version's INSERT fills the new column" 1 "$(old 1 1)" "e2e.f($(old 1 1))"
  insert 2 "$NEW" "$(new 2 2)"
  row_is "a new version's INSERT fills the old column" 2 "e2e.g($(new 2 2))" "$(new 2 2)"
  insert 3 "$OLD, $NEW" "$(old 3 3), $(new 3 3)"
  row_is "an INSERT of both that disagree keeps the new column's value on both" 3 "e2e.g($(new 3 3))" "$(new 3 3)"
  q "UPDATE $T SET $OLD = $(old 1 4) WHERE $KEY = 1" >/dev/null
  row_is "an old version's UPDATE reaches the new column" 1 "$(old 1 4)" "e2e.f($(old 1 4))"
  q "UPDATE $T SET $NEW = $(new 1 5) WHERE $KEY = 1" >/dev/null
  row_is "a new version's UPDATE reaches the old column" 1 "e2e.g($(new 1 5))" "$(new 1 5)"
  q "UPDATE $T SET $OLD = $(old 2 6), $NEW = $(new 2 6) WHERE $KEY = 2" >/dev/null
  row_is "an UPDATE of both that disagree keeps the new column's value on both" 2 "e2e.g($(new 2 6))" "$(new 2 6)"
  q "SET backfill_plan.sync = 'off'; INSERT INTO $T ($KEY, $OLD$INS_COLS) SELECT w_k, $(old 7 7)$INS_VALUES FROM (SELECT 7::bigint AS w_k) AS s" >/dev/null
  row_is "a session with backfill_plan.sync = off is not synced" 7 "$(old 7 7)" "NULL"
  dropdb "$DB" >/dev/null 2>&1
  DB=$main_db
}

check_expand_contract_one() {
  local started=$SECONDS
  PASSED=0 FAILED=0
  EC_OLD_PID= EC_NEW_PID= EC_HOLDER_PID= EC_BY_HAND=
  if ec_setup "$1" "$2" "$3"; then
    ec_trigger_rules "$1"
    ec_round_undo
    ec_round_contract
    ec_phases_report
  fi
  # whatever failed, no version or lock holder outlives the check
  [ -z "$EC_OLD_PID$EC_NEW_PID$EC_HOLDER_PID" ] || q "UPDATE e2e.control SET stop = true; UPDATE e2e.lock_holder SET release = true" >/dev/null
  local pid
  for pid in $EC_OLD_PID $EC_NEW_PID $EC_HOLDER_PID; do wait "$pid" 2>/dev/null; done
  [ -z "${BG_PID:-}" ] || wait_background
  echo "     ($NAME expand-contract: $((SECONDS - started)) s)"
  echo "$PASSED $FAILED" >"$4"
  dropdb "$DB" >/dev/null 2>&1 || true
}

# The requirements run side by side, a database each; their reports are printed in order.
check_expand_contract() {
  local examples=("$@") example requirement kind no=0 pids=() outs=()
  [ ${#examples[@]} -gt 0 ] || examples=("$ROOT"/examples/*/)
  local started=$SECONDS
  for example in "${examples[@]}"; do
    example=${example%/}
    for requirement in "$example"/backfills/*.json; do
      kind=$(ec_json "$requirement" kind)
      [ "$kind" == rename ] || [ "$kind" == retype ] || continue
      # a retype without "to" keeps the column's name: check_widen_key.sh checks it
      [ "$kind" == rename ] || [ -n "$(ec_json "$requirement" to)" ] || continue
      no=$((no + 1))
      mkdir -p "$WORK/ec_$no"
      (check_expand_contract_one "$example" "$requirement" "$no" "$WORK/ec_$no/counts") >"$WORK/ec_$no/out" 2>&1 &
      pids+=($!)
      outs+=("$WORK/ec_$no")
    done
  done
  local i counts
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}"
    cat "${outs[$i]}/out"
    read -r -a counts <"${outs[$i]}/counts" || counts=(0 1)
    PASSED=$((PASSED + counts[0]))
    FAILED=$((FAILED + counts[1]))
  done
  [ $no -gt 0 ] || fail "expand-contract: an example with a rename or a retype" "none found"
  echo "     (expand-contract: $((SECONDS - started)) s)"
}
