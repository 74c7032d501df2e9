#!/usr/bin/env bash
# Class 5: the schema reader sees what psql and PostgreSQL see. Lines that psql would act on
# (COPY data and its end `\.`, backslash commands) inside a literal, a dollar-quoted body, a
# quoted identifier or a comment are part of it, so they cannot hide the trigger that follows
# from the analysis. Class 1's self-check: a plan is written only if every backslash command psql
# would find in it, under either setting of standard_conforming_strings, is one the plan emits.
# Usage: bash tests/security/reader_and_selfcheck.sh path/to/backfill-plan
set -uo pipefail
tool=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
ok() { echo "ok   - $1"; }
fail() {
  echo "FAIL - $1"
  failed=1
}

# A schema: the table, then $1 (the hiding place), then a trigger that rewrites the target.
schema_with() {
  printf '%s\n' "CREATE TABLE t (id bigint PRIMARY KEY, v text);" "$1" \
    "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN NEW.v := upper(NEW.v); RETURN NEW; END \$\$;" \
    "CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();"
}

# The JSON plan for t.v must still report the trigger.
check_trigger_seen() {
  local what=$1 hiding=$2
  schema_with "$hiding" >"$work/schema.sql"
  if "$tool" t.v --schema "$work/schema.sql" --set "'x'" --date 2026-01-15 --format json >"$work/plan.json" 2>"$work/err" &&
    grep -q '"triggers\.row_update"' "$work/plan.json"; then
    ok "reader: trigger after $what is analysed"
  else
    fail "reader: trigger after $what is analysed"
    head -3 "$work/err"
  fi
}

nl=$'\n'
tab=$'\t'
for payload in "${nl}\\.${nl}" "${nl}COPY x FROM stdin;${nl}" "${nl}\\i /etc/passwd${nl}" "${nl}\\connect other${nl}"; do
  label=$(printf '%s' "$payload" | tr -d '\n')
  check_trigger_seen "a function body holding '$label'" \
    "CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS \$body\$ BEGIN RETURN '${payload}'; END \$body\$;"
  check_trigger_seen "a multi-line string literal holding '$label'" "COMMENT ON TABLE t IS 'note${payload}';"
  check_trigger_seen "an E'' literal holding '$label'" "COMMENT ON TABLE t IS E'it\\'s${payload}';"
  check_trigger_seen "a quoted identifier holding '$label'" "CREATE TABLE \"odd${payload}name\" (id int);"
  check_trigger_seen "a nested comment holding '$label'" "/* a /* b */ ${payload} */"
done

# Real COPY data and a real \connect outside quotes are still psql's.
schema_with "COPY t (id, v) FROM stdin;${nl}1${nl}CREATE TRIGGER fake AFTER UPDATE ON t EXECUTE FUNCTION touch();${nl}\\.${nl}\\connect other" \
  >"$work/schema.sql"
if "$tool" t.v --schema "$work/schema.sql" --set "'x'" --date 2026-01-15 --format json --verbose >"$work/plan.json" 2>"$work/err" &&
  grep -q '"triggers\.row_update"' "$work/plan.json" && ! grep -q '"fake"' "$work/plan.json"; then
  ok "reader: COPY data is data, and the trigger after it is analysed"
else
  fail "reader: COPY data is data, and the trigger after it is analysed"
  head -3 "$work/err"
fi
if grep -q 'skipped psql meta-command \\connect other' "$work/err"; then
  ok "reader: a real \\connect outside quotes is skipped with a note"
else
  fail "reader: a real \\connect outside quotes is skipped with a note"
  head -3 "$work/err"
fi

# psql ends statements itself and does not join literals across lines (the server does): text
# that only a joined literal would hide is sent, so the file is refused rather than read with the
# trigger hidden inside one long literal.
printf '%s\n' "CREATE TABLE t (id bigint PRIMARY KEY, v text);" "COMMENT ON TABLE t IS E'x'" \
  "'\\' ; CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN RETURN NEW; END \$\$; --';" \
  >"$work/schema.sql"
"$tool" t.v --schema "$work/schema.sql" --set "'x'" --date 2026-01-15 --format json >/dev/null 2>"$work/err"
code=$?
if [ "$code" -eq 1 ] && grep -q 'schema.sql:2:23: unterminated' "$work/err"; then
  ok "reader: a literal psql splits differently is an error, not a hiding place"
else
  fail "reader: a literal psql splits differently is an error, not a hiding place (exit $code)"
  head -3 "$work/err"
fi

# \copy ... from stdin reads its data from the file too.
schema_with "\\copy t from stdin${nl}1${tab}CREATE TABLE x (${nl}\\." >"$work/schema.sql"
if "$tool" t.v --schema "$work/schema.sql" --set "'x'" --date 2026-01-15 --format json >"$work/plan.json" 2>"$work/err" &&
  grep -q '"triggers\.row_update"' "$work/plan.json"; then
  ok "reader: \\copy from stdin data is data, and the trigger after it is analysed"
else
  fail "reader: \\copy from stdin data is data, and the trigger after it is analysed"
  head -3 "$work/err"
fi

# Self-check: an expression whose literals hold psql commands gives a plan only if psql, under
# either setting, would find no command in it; otherwise nothing is written and the exit code is
# 5. The plans written are then run with psql below, which must run none of the commands.
schema_with "" >"$work/schema.sql"
marker="$work/pwned"
hostile=("'a\\' || ' \\! touch $marker --'"
  "'x${nl}\\! touch $marker${nl}'"
  "E'a\\'' || ' \\! touch $marker --'"
  "\$q\$ \\! touch $marker \$q\$"
  "'a' || \"v\" /* \\! touch $marker */")
plans=()
for i in "${!hostile[@]}"; do
  set=${hostile[$i]}
  out="$work/plan$i"
  "$tool" t.v --schema "$work/schema.sql" --set "$set" --date 2026-01-15 --format sql --output "$out" \
    >/dev/null 2>"$work/err"
  code=$?
  if [ "$code" -eq 5 ] && [ ! -e "$out" ] && grep -q 'psql command' "$work/err"; then
    ok "self-check: --set $set is refused (exit 5, nothing written)"
  elif [ "$code" -eq 0 ]; then
    plans+=("$out")
  else
    fail "self-check: --set $set gives a plan or exit 5, not exit $code"
    head -3 "$work/err"
  fi
done

# With a PostgreSQL server, run each such plan under both settings of the server's
# standard_conforming_strings (which psql's lexer follows): no command runs.
here=$(cd "$(dirname "$0")/.." && pwd)
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
if [ "${#plans[@]}" -eq 0 ]; then
  :
elif [ -x "$PG_BIN/postgres" ] && command -v psql >/dev/null && id postgres >/dev/null 2>&1; then
  # shellcheck source=../e2e/pg.sh
  source "$here/e2e/pg.sh"
  trap 'pg_stop; rm -rf "$work"' EXIT
  chmod 755 "$work"  # the server runs as postgres and reads nothing here, but psql writes as us
  if pg_start; then
    for plan in "${plans[@]}"; do
      for setting in on off; do
        psql -X -q -c "DROP SCHEMA public CASCADE; CREATE SCHEMA public" >/dev/null 2>&1
        psql -X -q -v ON_ERROR_STOP=1 -f "$work/schema.sql" >/dev/null 2>&1
        psql -X -q -c "INSERT INTO t SELECT g, NULL FROM generate_series(1, 20) g" >/dev/null 2>&1
        ran=0
        for file in 01_preflight 02_prepare 03_backfill 04_verify 90_rollback 99_cleanup; do
          PGOPTIONS="-c standard_conforming_strings=$setting" psql -X -q -v force=1 -f "$plan/$file.sql" \
            >"$work/psql.out" 2>&1 && ran=$((ran + 1))
        done
        set=${hostile[${plan##*plan}]}
        if [ -e "$marker" ]; then
          fail "psql: the plan for --set $set runs no shell command (standard_conforming_strings=$setting)"
          rm -f "$marker"
        elif [ "$ran" -lt 4 ]; then
          fail "psql: the plan for --set $set runs (standard_conforming_strings=$setting): only $ran files succeeded"
          tail -3 "$work/psql.out"
        else
          ok "psql: the plan for --set $set runs no shell command (standard_conforming_strings=$setting)"
        fi
      done
    done
  else
    fail "psql: the private server did not start"
  fi
else
  for plan in "${plans[@]}"; do echo "# not judged without PostgreSQL 15: the plan in $plan"; done
fi

exit "$failed"
