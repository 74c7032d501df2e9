# Lints every PL/pgSQL routine 02_prepare.sql creates (the batch procedure, begin() and the
# restore procedure) with plpgsql_check (package postgresql-15-plpgsql-check), with the
# performance, extra and security warnings on; for a rename or a retype also the trigger function
# 00_expand.sql creates (checked against its table, as a trigger). One check per example and
# requirement: a database with the example's schema.sql only (02 needs no rows), 00_expand.sql
# (when the bundle has it) and 02_prepare.sql run by psql, then every plpgsql function and
# procedure that was not in pg_proc before them. Any finding fails the check and is printed as
# routine:lineno: level: message, then the statement and context, then the line of the file
# that created the routine it points at. A self-test first proves the same lint reports a routine
# with an unused variable and a hidden cast, and leaves out a routine that existed before.
# The examples run in parallel, a database each, on the one server.
# Source after lib.sh; call check_plpgsql. Expects TOOL, WORK and ROOT.

PLPGSQL_INSTALL_HINT="run ./bootstrap test (it installs postgresql-15-plpgsql-check)"
# At most this many examples at once (a connection each; the server takes 30).
PLPGSQL_JOBS=${PLPGSQL_JOBS:-8}

# The findings, one per row, for the plpgsql routines the file_no-th file created
# (e2e_plpgsql.created); the psql variable file holds that file's text, to point at its lines.
PLPGSQL_FINDINGS_SQL=$(cat <<'SQL'
WITH routines AS (
  SELECT p.oid, format('%I.%I', n.nspname, p.proname) AS name, p.prosrc,
         strpos(:'file', p.prosrc) AS at,
         coalesce((SELECT t.tgrelid FROM pg_trigger AS t WHERE t.tgfoid = p.oid LIMIT 1), 0) AS relid
  FROM pg_proc AS p
  JOIN pg_namespace AS n ON n.oid = p.pronamespace
  JOIN pg_language AS l ON l.oid = p.prolang
  WHERE l.lanname = 'plpgsql' AND p.oid IN (SELECT oid FROM e2e_plpgsql.created WHERE file_no = :file_no)
), findings AS (
  SELECT r.name, r.prosrc, r.at, f.*,
         -- a declaration's finding is reported at its block; the context names the line
         coalesce(substring(f.context FROM 'initialization on line (\d+)')::int, f.lineno) AS line
  FROM routines AS r,
       e2e_plpgsql.plpgsql_check_function_tb(r.oid, r.relid, performance_warnings => true,
                                             extra_warnings => true, security_warnings => true) AS f
)
SELECT name || ':' || coalesce(lineno::text, '?') || ': ' || level || ': ' || message
       || coalesce(' (' || nullif(concat_ws('; ', detail, hint), '') || ')', '')
       || E'\n    ' || concat_ws(', ', coalesce(statement, 'no statement'), context)
       || coalesce(E'\n    query: ' || query || coalesce(' (at character ' || position || ')', ''), '')
       || CASE WHEN at > 0 AND line IS NOT NULL THEN
            E'\n    ' || :'file_name' || ':'
            || (length(left(:'file', at - 1)) - length(replace(left(:'file', at - 1), E'\n', '')) + line)
            || ': ' || btrim(split_part(prosrc, E'\n', line))
          ELSE '' END
FROM findings
ORDER BY name, lineno, line, message;
SQL
)

# plpgsql_lint SCHEMA_FILE FILE...: in $DB (fresh), loads SCHEMA_FILE, notes pg_proc, runs each
# FILE in turn (noting which routines each created), then prints the number of plpgsql routines
# they created on the first line and the findings after it. Returns 1 when SCHEMA_FILE or a FILE
# fails, 2 when plpgsql_check cannot be created (the log says why).
plpgsql_lint() {
  local schema=$1 file no=0
  shift
  psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$schema" \
    -c "CREATE SCHEMA e2e_plpgsql; CREATE TABLE e2e_plpgsql.procs_before AS SELECT oid FROM pg_proc;
        CREATE TABLE e2e_plpgsql.created (oid oid PRIMARY KEY, file_no int NOT NULL)" >>"$LOG" 2>&1 || return 1
  for file in "$@"; do
    no=$((no + 1))
    echo "--- $(basename "$file")" >>"$LOG"
    psql -X -v ON_ERROR_STOP=1 -d "$DB" -f "$file" >>"$LOG" 2>&1 || return 1
    q "INSERT INTO e2e_plpgsql.created SELECT p.oid, $no FROM pg_proc AS p JOIN pg_language AS l ON l.oid = p.prolang
       WHERE l.lanname = 'plpgsql' AND p.oid NOT IN (SELECT oid FROM e2e_plpgsql.procs_before)
       ON CONFLICT (oid) DO NOTHING" >/dev/null || return 1
  done
  q "CREATE EXTENSION IF NOT EXISTS plpgsql_check SCHEMA e2e_plpgsql" >/dev/null || return 2
  q "SELECT count(*) FROM e2e_plpgsql.created" || return 1
  no=0
  for file in "$@"; do
    no=$((no + 1))
    set_from_file file "$file"
    psql -X -q -At -v ON_ERROR_STOP=1 -d "$DB" "${PSQL_FILE_VAR[@]}" -v file_name="$(basename "$file")" -v file_no=$no \
      -f <(echo "$PLPGSQL_FINDINGS_SQL") 2>>"$LOG" || return 1
  done
}

# One example's requirement, in the background: writes $W/lint (plpgsql_lint's output) and
# $W/status (what failed, empty when the lint ran).
plpgsql_example() {
  local dir=$1 requirement=$2 rc=0
  mkdir -p "$W"
  : >"$LOG"
  : >"$W/status"
  if ! createdb "$DB" >>"$LOG" 2>&1; then echo "createdb failed" >"$W/status"; return; fi
  if ! (cd "$dir" && "$TOOL" --requirement "backfills/$(basename "$requirement")" --date 2026-11-21 \
    --format sql --output "$BUNDLE") >>"$LOG" 2>&1; then
    echo "backfill-plan did not write the bundle" >"$W/status"
  else
    local files=("$BUNDLE/02_prepare.sql")
    [ ! -f "$BUNDLE/00_expand.sql" ] || files=("$BUNDLE/00_expand.sql" "${files[@]}")
    plpgsql_lint "$dir/schema.sql" "${files[@]}" >"$W/lint" || rc=$?
    echo "${files[*]##*/}" >"$W/files"
    case $rc in
      1) echo "schema.sql or ${files[*]##*/} failed" >"$W/status" ;;
      2) echo "CREATE EXTENSION plpgsql_check failed: $PLPGSQL_INSTALL_HINT" >"$W/status" ;;
    esac
  fi
  dropdb "$DB" >/dev/null 2>&1 || true
}

# pass when the lint ran, found routines and no finding; else fail with the findings.
plpgsql_report() {
  local files status routines findings
  files=$(sed "s/ /'s and /" "$W/files" 2>/dev/null)
  local name="plpgsql_check finds nothing in ${files:-02_prepare.sql}'s routines"
  status=$(cat "$W/status" 2>/dev/null)
  routines=$(head -1 "$W/lint" 2>/dev/null)
  findings=$(tail -n +2 "$W/lint" 2>/dev/null)
  if [ -n "$status" ]; then
    fail "$name" "$status"
    tail -5 "$LOG" | sed 's/^/       | /'
  elif [ "${routines:-0}" -eq 0 ]; then
    fail "$name" "${files:-02_prepare.sql} created no plpgsql routine: nothing was checked"
  elif [ -n "$findings" ]; then
    fail "$name" "$(grep -c '^[^ ]' <<<"$findings") findings in $routines routines:"
    sed 's/^/       | /' <<<"$findings"
  else
    pass "$name ($routines routines)"
  fi
}

# The lint reports what it must and nothing from before the snapshot: a routine with an unused
# variable and a hidden cast (integer to bigint) created by the file, beside one as bad that the
# schema already had.
plpgsql_self_test() {
  DB=e2e_plpgsql_self_test
  W=$WORK/plpgsql_self_test
  LOG=$W/log
  CHECK_PREFIX="plpgsql_check self-test: "
  mkdir -p "$W"
  : >"$LOG"
  local bad='LANGUAGE plpgsql AS $$
DECLARE
  v_unused text;
BEGIN
  RETURN p_n;
END
$$;'
  echo "CREATE FUNCTION public.e2e_bad_before(p_n integer) RETURNS bigint $bad" >"$W/schema.sql"
  echo "CREATE FUNCTION public.e2e_bad(p_n integer) RETURNS bigint $bad" >"$W/bad.sql"
  createdb "$DB" >>"$LOG" 2>&1
  local rc=0 out
  out=$(plpgsql_lint "$W/schema.sql" "$W/bad.sql") || rc=$?
  dropdb "$DB" >/dev/null 2>&1 || true
  if [ $rc -eq 2 ]; then
    fail "CREATE EXTENSION plpgsql_check" \
      "$(grep ERROR "$LOG" | tail -1): $PLPGSQL_INSTALL_HINT"
    return 1
  fi
  expect_eq "the lint runs and sees the one routine the file created" "$rc|$(head -1 <<<"$out")" "0|1"
  expect_eq "it reports the unused variable at its line" \
    "$(grep -xc 'public.e2e_bad:3: warning: unused variable "v_unused"' <<<"$out")" 1
  expect_eq "it reports the hidden cast of RETURN, with its line in the file" \
    "$(grep -c '^public.e2e_bad:5: performance: .*Hidden casting' <<<"$out")|$(grep -xc '    bad.sql:5: RETURN p_n;' <<<"$out")" "1|1"
  expect_eq "it leaves out the routine the schema already had" "$(grep -c e2e_bad_before <<<"$out")" 0
  return 0
}

check_plpgsql() {
  local started=$SECONDS
  plpgsql_self_test || return
  local example requirement no=0 names=() dirs=()
  for example in "$ROOT"/examples/*/; do
    for requirement in "$example"backfills/*.json; do
      [ -f "$example/expected/$(basename "$requirement" .json).blocked.txt" ] && continue  # refused: no bundle
      no=$((no + 1))
      while [ "$(jobs -rp | wc -l)" -ge "$PLPGSQL_JOBS" ]; do wait -n; done
      names+=("$(basename "$example")/$(basename "$requirement" .json)")
      dirs+=("$WORK/plpgsql_$no")
      DB=e2e_plpgsql_$no W=$WORK/plpgsql_$no LOG=$WORK/plpgsql_$no/log BUNDLE=$WORK/plpgsql_$no/bundle \
        plpgsql_example "$example" "$requirement" &
    done
  done
  wait
  local i
  for i in "${!names[@]}"; do
    W=${dirs[$i]}
    LOG=$W/log
    CHECK_PREFIX="${names[$i]}: "
    plpgsql_report
  done
  CHECK_PREFIX=
  echo "     (plpgsql_check: $((SECONDS - started)) s)"
}
