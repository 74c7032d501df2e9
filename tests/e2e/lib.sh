# Helpers for the end-to-end checks: psql wrappers and pass/fail bookkeeping. Source this file.
# Expects DB (the database), BUNDLE (the bundle folder) and LOG (a file for psql output).
PASSED=${PASSED:-0}
FAILED=${FAILED:-0}
CHECK_PREFIX=${CHECK_PREFIX:-}

# set_from_file NAME FILE: the psql options that set variable NAME to the text of FILE. A plan or
# a bundle file can be larger than one command-line argument may be (128 KiB), so psql reads the
# file itself. Use as: psql "${PSQL_FILE_VAR[@]}" ... after calling it.
set_from_file() { PSQL_FILE_VAR=(-c "\\set $1 \`cat '$2'\`"); }

# wait_for SECONDS COMMAND...: polls every 0.2 s until the command succeeds (status 1 if it never does).
wait_for() {
  local tries=$(($1 * 5))
  shift
  while [ "$tries" -gt 0 ]; do
    "$@" && return 0
    tries=$((tries - 1))
    sleep 0.2
  done
  return 1
}

# e2e_scratch NAME PREFIX: a database, folder, log and bundle path of one check's own (DB=e2e_NAME,
# W=$WORK/NAME); its lines start with "PREFIX: ".
e2e_scratch() {
  DB=e2e_$1
  W=$WORK/$1
  LOG=$W/log
  BUNDLE=$W/bundle
  CHECK_PREFIX="$2: "
  mkdir -p "$W"
  : >"$LOG"
}

# One value from one query; errors go to the log and leave the value empty.
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$DB" -c "$1" 2>>"$LOG"; }

# Runs a file of the bundle with extra psql options; the exit status is psql's. RUN_AS, when set,
# is the role it runs as (the examples run as a migration role that owns nothing).
run_bundle() {
  local file=$1
  shift
  echo "--- $file $* ${RUN_AS:+(as $RUN_AS)}" >>"$LOG"
  psql -X -v ON_ERROR_STOP=1 -d "$DB" ${RUN_AS:+-U "$RUN_AS"} "$@" -f "$BUNDLE/$file" >>"$LOG" 2>&1
}

pass() { PASSED=$((PASSED + 1)); echo "ok   - $CHECK_PREFIX$1"; }
fail() {
  FAILED=$((FAILED + 1))
  echo "FAIL - $CHECK_PREFIX$1"
  [ -z "${2:-}" ] || echo "       $2"
}

# expect_eq NAME ACTUAL EXPECTED
expect_eq() {
  if [ "$2" == "$3" ]; then pass "$1"; else fail "$1" "got '$2', expected '$3'"; fi
}

# expect_true NAME SQL: the query must return t.
expect_true() {
  local got
  got=$(q "$2")
  if [ "$got" == t ]; then pass "$1"; else fail "$1" "got '$got' from: $2"; fi
}

# expect_ok NAME FILE [psql options]: the bundle file must succeed.
expect_ok() {
  local name=$1
  shift
  if run_bundle "$@"; then pass "$name"; else fail "$name" "psql failed; see the log below"; tail -15 "$LOG" | sed 's/^/       | /'; fi
}

# expect_refused NAME FILE [psql options]: the bundle file must fail (exit status not 0).
expect_refused() {
  local name=$1
  shift
  if run_bundle "$@"; then fail "$name" "psql exited 0"; else pass "$name"; fi
}
