#!/usr/bin/env bash
# Lints the SQL bundle of every example with squawk (npm package squawk-cli, pinned in
# tests/node/package-lock.json; `./bootstrap test` installs them there) and its default rules.
#
# The bundle files are psql scripts: squawk cannot parse meta-commands, so each file is converted
# first: meta-command lines (\set, \if, \else, \endif, \echo ...) are dropped, a query ended by
# \gexec or \gset ends with `;` instead, and psql variables become literals (:'x' -> 'x',
# :"x" -> "x", :x -> 0). Whole files are linted, so that the SET lock_timeout / statement_timeout
# and BEGIN/COMMIT around a DDL statement count. A rule that cannot apply to one statement is
# silenced next to it with `-- squawk-ignore <rule>`, and the plan says why. DDL that a finding
# proposes (its proposed_sql, or between backticks in its advice, alone or in a `BEGIN; ...; COMMIT;`
# of its own) is linted too.
# Usage: tests/squawk_test.sh TOOL    (exit 77: squawk is not installed)
set -uo pipefail
tool=$(realpath "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
squawk="$root/tests/node/node_modules/.bin/squawk"
if [ ! -x "$squawk" ] || ! "$squawk" --version >/dev/null 2>&1; then
  echo "squawk: not installed (./bootstrap test installs it); skipped"
  exit 77
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# psql script -> plain SQL (see above).
to_plain_sql() {
  sed -E \
    -e '/^[[:space:]]*\\/d' \
    -e 's/[[:space:]]*\\g(exec|set)?[[:space:]]*$/;/' \
    -e ":a; s/(^|[^:]):'[A-Za-z_][A-Za-z0-9_]*'/\\1'psql_variable'/; ta" \
    -e ':b; s/(^|[^:]):"[A-Za-z_][A-Za-z0-9_]*"/\1"psql_variable"/; tb' \
    -e ':c; s/(^|[^:]):[A-Za-z_][A-Za-z0-9_]*\b/\10/; tc' \
    "$1"
}

passed=0
failed=0
for example in "$root"/examples/*/; do
  name=$(basename "$example")
  for requirement in "$example"/backfills/*.json; do
    base=$(basename "$requirement" .json)
    [ -f "$example/expected/$base.blocked.txt" ] && continue  # refused: no bundle to lint
    bundle="$out/$name/$base"
    mkdir -p "$bundle/plain"
    if ! (cd "$example" && "$tool" --requirement "backfills/$base.json" --date 2026-11-21 --format sql \
          --output "$bundle/sql" >/dev/null 2>"$bundle/stderr"); then
      echo "squawk: $name/$base: the tool failed:"
      cat "$bundle/stderr"
      failed=$((failed + 1))
      continue
    fi
    # DDL the findings propose (e.g. the partial index for `where`): their proposed_sql, and any
    # statement quoted in their advice.
    if (cd "$example" && "$tool" --requirement "backfills/$base.json" --date 2026-11-21 --format json) \
        >"$bundle/plan.json" 2>>"$bundle/stderr"; then
      node -e '
        const plan = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
        const out = ["SET lock_timeout = '"'"'2s'"'"';", "SET statement_timeout = 0;"];
        for (const f of plan.findings || [])
          for (const sql of [...(f.proposed_sql || []), ...[...(f.advice || "").matchAll(/`([^`]+)`/g)].map((m) => m[1])])
            if (/^(BEGIN; )?(CREATE|DROP|ALTER|REFRESH)\b/.test(sql)) out.push(sql);
        if (out.length > 2) require("fs").writeFileSync(process.argv[2], out.join("\n") + "\n");
      ' "$bundle/plan.json" "$bundle/sql/findings_ddl.sql"
    fi
    for file in "$bundle"/sql/*.sql; do
      plain="$bundle/plain/$(basename "$file")"
      to_plain_sql "$file" >"$plain"
      if "$squawk" --reporter gcc "$plain" >"$plain.report" 2>&1; then
        passed=$((passed + 1))
      else
        echo "squawk: $name/$base/$(basename "$file"):"
        sed "s|$bundle/plain/||" "$plain.report"
        failed=$((failed + 1))
      fi
    done
  done
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
