#!/usr/bin/env bash
# Security, side effects (issue 10, class 7): what a function called in `set` or `where` does is
# judged, not looked up in a fixed list: a function of the schema by its definition (COPY ... TO
# PROGRAM, writes, dblink, the functions it calls), a built-in by the curated table (query_to_xml
# runs SQL text), and a function nobody defines is unknown.
# Usage: bash tests/security/side_effects.sh path/to/backfill-plan
# Prints "ok   - <check>" or "FAIL - <check>" per check; exits 1 if any failed.
set -uo pipefail
tool=$(realpath "$1")
lib=$(cd "$(dirname "$0")" && pwd)/lib/checks.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
failed=0
source "$lib"
# plan SET [WHERE] [ARGS...]: the JSON plan of t.c in plan.json, exit code in $code, stderr in err.txt.
plan() {
  local set=$1 where=${2:-}
  shift 2 2>/dev/null || shift
  if [ -n "$where" ]; then
    timeout 20 "$tool" t.c --set "$set" --where "$where" --format json --date 2026-11-21 "$@" >plan.json 2>err.txt
  else
    timeout 20 "$tool" t.c --set "$set" --format json --date 2026-11-21 "$@" >plan.json 2>err.txt
  fi
  code=$?
}
# check_mode SET [WHERE]: the exit code of --check in $check_code.
check_mode() {
  if [ -n "${2:-}" ]; then
    timeout 20 "$tool" t.c --set "$1" --where "$2" --check --date 2026-11-21 >/dev/null 2>check_err.txt
  else
    timeout 20 "$tool" t.c --set "$1" --check --date 2026-11-21 >/dev/null 2>check_err.txt
  fi
  check_code=$?
}
# finding ID SEVERITY [TEXT]: plan.json has the finding with that severity (and TEXT in its title).
finding() {
  python3 - "$1" "$2" "${3:-}" <<'PY'
import json, sys
fid, severity, text = sys.argv[1:4]
plan = json.load(open("plan.json"))
sys.exit(0 if any(f["id"] == fid and f["severity"] == severity and text in f["title"] for f in plan["findings"]) else 1)
PY
}
no_finding() {  # PREFIX: no finding id starts with it
  python3 - "$1" <<'PY'
import json, sys
plan = json.load(open("plan.json"))
sys.exit(1 if any(f["id"].startswith(sys.argv[1]) for f in plan["findings"]) else 0)
PY
}
# warning TEXT: the plan's warnings have a line with TEXT.
warning() {
  python3 - "$1" <<'PY'
import json, sys
plan = json.load(open("plan.json"))
sys.exit(0 if any(sys.argv[1] in w for w in plan["warnings"]) else 1)
PY
}

cat >schema.sql <<'SQL'
CREATE TABLE t (id bigint PRIMARY KEY, c text);
CREATE TABLE audit_log (id bigint, at timestamptz);
CREATE FUNCTION shell(v text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  COPY (SELECT 1) TO PROGRAM 'id';
  RETURN v;
END $$;
CREATE FUNCTION logged(v text) RETURNS text LANGUAGE sql AS $$
  INSERT INTO audit_log VALUES (1, now());
  SELECT v;
$$;
CREATE FUNCTION remote(v text) RETURNS text LANGUAGE sql AS $$
  SELECT dblink_exec('dbname=app', 'DELETE FROM t');
  SELECT v;
$$;
CREATE FUNCTION outer_fn(v text) RETURNS text IMMUTABLE LANGUAGE sql AS $$ SELECT logged(v) $$;
CREATE FUNCTION owner_rights(v text) RETURNS text STABLE SECURITY DEFINER LANGUAGE sql AS $$ SELECT v $$;
CREATE FUNCTION clean(v text) RETURNS text IMMUTABLE LANGUAGE sql AS $$ SELECT lower(v) $$;
SQL

plan "public.shell(c)"
check "a schema function that runs COPY ... TO PROGRAM blocks (expressions.side_effect)" \
  eval '[ "$code" -eq 0 ] && finding expressions.side_effect block "runs the shell command '"'"'id'"'"' on the database server"'
check_mode "public.shell(c)"
check "--check exits 3 for COPY ... TO PROGRAM in a called function" eval '[ "$check_code" -eq 3 ] && grep -q "block expressions.side_effect" check_err.txt'

plan "public.logged(c)"
check "a schema function that INSERTs warns with what it writes" \
  eval 'finding expressions.side_effect warn "calls public.logged() on every row, which writes to audit_log (INSERT)"'
check "the VOLATILE (default) schema function counts as volatile" \
  eval 'finding expressions.volatile info "public.logged() is VOLATILE in the schema file"'
check "the plan's warning and stderr say the finding's sentence" \
  eval 'warning "SIDE EFFECT: \`set\` calls public.logged() on every row, which writes to audit_log (INSERT)" && grep -q "warning: \`set\` calls public.logged() on every row, which writes to audit_log (INSERT)" err.txt'
check_mode "public.logged(c)"
check "--check exits 0 for a warning" eval '[ "$check_code" -eq 0 ]'

plan "public.remote(c)"
check "a schema function that calls dblink_exec warns, with the SQL text it sends" \
  eval 'finding expressions.side_effect warn "calls dblink_exec(), which runs SQL text over another connection" && finding expressions.side_effect warn "writes to t (DELETE) (via the SQL text given to dblink_exec())"'

plan "public.outer_fn(c)"
check "a function calling another that writes warns transitively" \
  eval 'finding expressions.side_effect warn "writes to audit_log (INSERT) (via public.logged())"'

plan "query_to_xml('DELETE FROM t', true, false, '')::text"
check "query_to_xml('DELETE ...') in set warns: it runs SQL text" \
  eval 'finding expressions.side_effect warn "runs the SQL text it is given" && finding expressions.side_effect warn "refuses its DELETE"'

plan "slugify(c)"
check "a function neither defined nor known is expressions.function_unknown (warn), with the reason" \
  eval 'finding expressions.function_unknown warn "calls slugify(), which is not defined in the schema file and is not a known built-in: its effects cannot be judged"'
plan "ext.slugify(c)"
check "so is one qualified with a schema the file does not define it in" \
  eval 'finding expressions.function_unknown warn "calls ext.slugify(), which is not defined"'
check_mode "slugify(c)"
check "--check exits 0 for an unknown function (a warning)" eval '[ "$check_code" -eq 0 ]'

plan "public.owner_rights(c)"
check "a SECURITY DEFINER function without a pinned search_path is mentioned (warn)" \
  eval 'finding expressions.security_definer warn "does not pin search_path"'

plan "'x'" "public.logged(c) IS NOT NULL"
check "a call in where is judged and named as where's" \
  eval 'finding expressions.side_effect warn "\`where\` calls public.logged() on every row"'

plan "left(regexp_replace(lower(split_part(c, '@', 1)), '[^a-z]', '', 'g'), 20) || '-' || round(id / 3.0)::text"
check "ordinary built-ins give no expressions finding" eval '[ "$code" -eq 0 ] && no_finding expressions.'

plan "public.logged(c)" "" --lang ja
check "the findings are worded in Japanese with --lang ja" \
  eval 'finding expressions.side_effect warn "が行ごとに public.logged() を呼び出しています: audit_log に書き込む (INSERT)"'

exit "$failed"
