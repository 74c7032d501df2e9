#!/usr/bin/env bash
# Security, files and command line (issue 10, classes 6 and 8): the CLI never destroys or leaks
# a file it did not create, and no control character from the input reaches a message, a plan's
# prose or the --all index raw.
# Usage: bash tests/security/files_and_cli.sh path/to/backfill-plan
# Prints "ok   - <check>" or "FAIL - <check>" per check; exits 1 if any failed.
set -uo pipefail
tool=$(realpath "$1")
lib=$(cd "$(dirname "$0")" && pwd)/lib/checks.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
failed=0
source "$lib"
# run ARGS...: the tool with a timeout (a hang fails instead of blocking the suite); exit code
# in $code, stdout in out.txt, stderr in err.txt.
run() {
  timeout 20 "$tool" "$@" >out.txt 2>err.txt
  code=$?
}
one_line() { [ "$(wc -l <err.txt)" -le "${1:-1}" ]; }
no_control_bytes() { ! LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$1" && ! tr -d '\n\t' <"$1" | LC_ALL=C grep -qP '\x00|\xe2\x80[\xa8-\xae]|\xe2\x81[\xa6-\xa9]'; }
no_control_in_stderr() { ! LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' err.txt && ! LC_ALL=C grep -qP '\x00|\xe2\x80[\xa8-\xae]|\xe2\x81[\xa6-\xa9]' err.txt; }
stderr_has() { grep -Eq -- "$1" err.txt; }
mode_of() { stat -c %a "$1"; }

cat >schema.sql <<'SQL'
CREATE TABLE orders (id bigint PRIMARY KEY, status text, note text);
CREATE TABLE "index" (id bigint PRIMARY KEY, label text);
SQL
printf '{"target": "orders.status", "set": "'"'"'new'"'"'"}\n' >good.json
printf '{"target": "orders.status", "set": "'"'"'new'"'"'", "not_null_after": true}\n' >not_null.json
date_flag=(--date 2026-11-21)
echo "secret" >victim.txt
victim_sum=$(md5sum <victim.txt)
victim_untouched() { [ -f victim.txt ] && [ ! -L victim.txt ] && [ "$(md5sum <victim.txt)" = "$victim_sum" ]; }

# --- Class 6: temporary files ------------------------------------------------------------
# The old temporary name was ".plan.md.tmp.<pid>"; links planted at every pid the next run
# could get must not redirect the write (one perl process plants them all, so that planting
# does not use up the pids).
perl -e 'symlink("victim.txt", ".plan.md.tmp.$_") for ($$ + 1 .. $$ + 300)'
run orders.status --requirement good.json --output plan.md "${date_flag[@]}"
check "planted links at guessable temporary names do not redirect --output" \
  eval '[ "$code" -eq 0 ] && victim_untouched && [ -f plan.md ] && [ ! -L plan.md ] && grep -q "^# Backfill plan" plan.md'
rm -f .plan.md.tmp.*
check "no temporary file is left beside the output" eval '[ -z "$(ls -A | grep -E "^\.plan\.md\..*tmp")" ]'
rm -f plan.md
(umask 022 && timeout 20 "$tool" orders.status --requirement good.json --output plan.md "${date_flag[@]}" 2>err.txt)
check "a new output file's mode is 0666 less the umask (022: 644), not mkstemp's 600" eval '[ "$(mode_of plan.md)" = 644 ]'
rm -f plan.md
(umask 077 && timeout 20 "$tool" orders.status --requirement good.json --output plan.md "${date_flag[@]}" 2>err.txt)
check "a new output file's mode follows a strict umask (077: 600)" eval '[ "$(mode_of plan.md)" = 600 ]'
chmod 640 plan.md
(umask 000 && timeout 20 "$tool" orders.status --requirement good.json --output plan.md "${date_flag[@]}" 2>err.txt)
check "a replaced output file keeps its own mode (640)" eval '[ "$(mode_of plan.md)" = 640 ]'

# --- Class 6: --output is a link, a device, a FIFO ----------------------------------------
ln -s victim.txt link.md
run orders.status --requirement good.json --output link.md "${date_flag[@]}"
check "--output a symbolic link is refused (exit 4), the link and its target untouched" \
  eval '[ "$code" -eq 4 ] && [ -L link.md ] && [ "$(readlink link.md)" = victim.txt ] && victim_untouched'
check "... saying it is a symbolic link and to give the real path" stderr_has '^link\.md: .*is a symbolic link; give the real path'
ln -s nowhere.md dangling.md
run orders.status --requirement good.json --output dangling.md "${date_flag[@]}"
check "--output a dangling symbolic link is refused, nothing created through it" \
  eval '[ "$code" -eq 4 ] && [ -L dangling.md ] && [ ! -e nowhere.md ]'
# A private character device where possible (as root, the old code would have renamed a file
# over the real /dev/null); otherwise /dev/null itself, which a non-root run cannot replace.
null_device=/dev/null
mknod devnull c 1 3 2>/dev/null && null_device=$work/devnull
run orders.status --requirement good.json --output "$null_device" "${date_flag[@]}"
check "--output a character device writes in place (exit 0) and the device stays a device" \
  eval '[ "$code" -eq 0 ] && [ -c "$null_device" ] && [ ! -s out.txt ]'
run orders.status --requirement good.json --output /dev/stdout "${date_flag[@]}"
check "--output /dev/stdout writes the plan to stdout, here a file" eval '[ "$code" -eq 0 ] && [ -f out.txt ] && grep -q "^# Backfill plan" out.txt'
timeout 20 "$tool" orders.status --requirement good.json --output /dev/stdout "${date_flag[@]}" 2>err.txt | grep -c "^# Backfill plan" >piped.txt
check "--output /dev/stdout writes the plan to stdout, here a pipe" eval '[ "$(cat piped.txt)" = 1 ]'
mkfifo out.fifo
(timeout 20 cat out.fifo >from_fifo.txt) &
reader=$!
run orders.status --requirement good.json --output out.fifo "${date_flag[@]}"
wait "$reader"
check "--output a FIFO writes through it in place, the FIFO stays a FIFO" \
  eval '[ "$code" -eq 0 ] && [ -p out.fifo ] && grep -q "^# Backfill plan" from_fifo.txt'
mkdir folder_out
run orders.status --requirement good.json --output folder_out "${date_flag[@]}"
check "--output a folder is refused (exit 4)" eval '[ "$code" -eq 4 ] && [ -d folder_out ] && stderr_has "it is a folder"'

# --- Class 6: the SQL bundle folder --------------------------------------------------------
mkdir mine
echo "select 'my own work';" >mine/01_preflight.sql
echo "select 'my notes';" >mine/notes.sql
mine_sum=$(cat mine/* | md5sum)
run orders.status --requirement good.json --format sql --output mine "${date_flag[@]}"
check "--format sql refuses a folder of the user's own .sql files (exit 4), untouched" \
  eval '[ "$code" -eq 4 ] && [ "$(cat mine/* | md5sum)" = "$mine_sum" ] && [ "$(ls mine | wc -l)" -eq 2 ]'
check "... naming a file backfill-plan did not write" stderr_has "^mine: .*holds (01_preflight|notes)\.sql, which backfill-plan did not write"
run orders.status --requirement not_null.json --format sql --output bundle "${date_flag[@]}"
first=$code
run orders.status --requirement good.json --format sql --output bundle "${date_flag[@]}"
check "a bundle replaces its own earlier bundle; the stale 05_finalize.sql (it carries the header) goes" \
  eval '[ "$first" -eq 0 ] && [ "$code" -eq 0 ] && [ -f bundle/01_preflight.sql ] && [ ! -e bundle/05_finalize.sql ]'
echo "-- my own finalize script" >bundle/05_finalize.sql
run orders.status --requirement good.json --format sql --output bundle "${date_flag[@]}"
check "a bundle-named file without the generated header stops the replacement (exit 4), kept" \
  eval '[ "$code" -eq 4 ] && grep -q "my own finalize" bundle/05_finalize.sql'
rm bundle/05_finalize.sql
ln -s ../victim.txt bundle/06_extra.sql
run orders.status --requirement good.json --format sql --output bundle "${date_flag[@]}"
check "a symbolic link inside the bundle folder stops the replacement, link and target kept" \
  eval '[ "$code" -eq 4 ] && [ -L bundle/06_extra.sql ] && victim_untouched'
rm bundle/06_extra.sql
mkdir real_bundle && ln -s real_bundle bundle_link
run orders.status --requirement good.json --format sql --output bundle_link "${date_flag[@]}"
check "--format sql --output a symbolic link is refused (exit 4), the link kept" \
  eval '[ "$code" -eq 4 ] && [ -L bundle_link ] && [ -z "$(ls real_bundle)" ] && stderr_has "is a symbolic link; give the real path"'
check "no staging folder is left behind" eval '[ -z "$(ls -A | grep -E "^\..*tmp")" ]'

# --- Class 6: migrations -------------------------------------------------------------------
mkdir migrations
run orders.status --requirement good.json --format migrations --output migrations "${date_flag[@]}"
count=$(ls migrations | wc -l)
run orders.status --requirement good.json --format migrations --output migrations "${date_flag[@]}"
check "migrations already written are never overwritten (exit 4), none added" \
  eval '[ "$code" -eq 4 ] && [ "$(ls migrations | wc -l)" -eq "$count" ]'
mkdir migrations2
ln -s ../victim.txt migrations2/0001_backfill_orders_status_prepare.up.sql
run orders.status --requirement good.json --format migrations --output migrations2 "${date_flag[@]}"
check "a link at a migration's name is refused, nothing written through it, nothing else written" \
  eval '[ "$code" -eq 4 ] && victim_untouched && [ "$(ls migrations2 | wc -l)" -eq 1 ]'
{
  printf 'CREATE TABLE "Sales/../x.y" ("Caf\xc3\xa9 \xe6\xb3\xa8 ''q" bigint PRIMARY KEY, "st\\atus" text);\n'
  printf 'CREATE TABLE "..\\\\" (id bigint PRIMARY KEY, "a/b" text);\n'
} >hostile.sql
mkdir hostile_migrations
run '"Sales/../x.y"."st\atus"' --schema hostile.sql --set "'x'" --format migrations --output hostile_migrations "${date_flag[@]}"
first=$code
run '"..\\"."a/b"' --schema hostile.sql --set "'x'" --format migrations --style flyway --output hostile_migrations "${date_flag[@]}"
names_ok() {
  [ "$(find hostile_migrations -mindepth 1 | wc -l)" -eq "$(find hostile_migrations -mindepth 1 -maxdepth 1 -type f | wc -l)" ] &&
    [ -z "$(ls hostile_migrations | grep -Ev '^[UV]?[0-9]+__?[a-z0-9_]+(\.up|\.down)?\.sql$')" ] &&
    [ -z "$(ls hostile_migrations | grep -F '..')" ] && [ "$(ls hostile_migrations | wc -l)" -gt 0 ]
}
# (Names with control characters are refused before any file is named; MigrationSlug's unit
# test covers them.)
check "migration file names from hostile identifiers hold only [a-z0-9_] (no /, .., quotes, spaces)" \
  eval '[ "$first" -eq 0 ] && [ "$code" -eq 0 ] && names_ok'

# --- Class 6: --template-dir ----------------------------------------------------------------
mkdir tpl_link tpl_fifo tpl_big tpl_deep tpl_ok
ln -s /etc/passwd tpl_link/plan.en.md.mustache
run orders.status --requirement good.json --template-dir tpl_link "${date_flag[@]}"
check "a template that is a link out of the folder (/etc/passwd) is refused (exit 1), nothing printed" \
  eval '[ "$code" -eq 1 ] && [ ! -s out.txt ] && stderr_has "symbolic link leading out of tpl_link"'
mkfifo tpl_fifo/plan.en.md.mustache
run orders.status --requirement good.json --template-dir tpl_fifo "${date_flag[@]}"
check "a template that is a FIFO is refused at once (exit 1)" eval '[ "$code" -eq 1 ] && stderr_has "named pipe"'
head -c $((1024 * 1024 + 1)) /dev/zero | tr '\0' x >tpl_big/plan.en.md.mustache
run orders.status --requirement good.json --template-dir tpl_big "${date_flag[@]}"
check "a template over 1 MiB is refused (exit 1)" eval '[ "$code" -eq 1 ] && stderr_has "larger than the limit of 1 MiB"'
deep() { for i in $(seq "$1"); do printf '{{#detailed}}'; done; printf 'x'; for i in $(seq "$1"); do printf '{{/detailed}}'; done; echo; }
{ echo "# deep"; deep 33; } >tpl_deep/plan.en.md.mustache
run orders.status --requirement good.json --template-dir tpl_deep --detailed "${date_flag[@]}"
check "a template nesting sections 33 deep is refused at file:line:col (exit 1)" \
  eval '[ "$code" -eq 1 ] && stderr_has "tpl_deep/plan\.en\.md\.mustache:2:417: mustache sections nest deeper than 32 levels"'
deep 32 >tpl_ok/plan.en.md.mustache
run orders.status --requirement good.json --template-dir tpl_ok --detailed "${date_flag[@]}"
check "32 levels still render" eval '[ "$code" -eq 0 ] && [ "$(cat out.txt)" = x ]'

# --- Class 6: input files --------------------------------------------------------------------
mkfifo schema.fifo req.fifo
run orders.status --schema schema.fifo --set "'x'"
check "a FIFO as the schema is refused at once (exit 1), without waiting for a writer" \
  eval '[ "$code" -eq 1 ] && stderr_has "^schema\.fifo: schema file is a named pipe \(FIFO\), not a regular file"'
run orders.status --requirement req.fifo
check "a FIFO as the requirement is refused at once (exit 1)" eval '[ "$code" -eq 1 ] && stderr_has "^req\.fifo: requirement file is a named pipe"'
run orders.status --schema /dev/zero --set "'x'"
check "/dev/zero as the schema is refused (exit 1), not read forever" \
  eval '[ "$code" -eq 1 ] && stderr_has "^/dev/zero: schema file is a character device, not a regular file"'
truncate -s $((1024 * 1024 * 1024 + 1)) huge.sql
run orders.status --schema huge.sql --set "'x'"
check "a schema over 1 GiB is refused before it is read (exit 1)" \
  eval '[ "$code" -eq 1 ] && stderr_has "^huge\.sql: schema file is larger than the limit of 1 GiB"'
rm huge.sql
{ printf '{"target": "orders.status", "set": "'"'"'x'"'"'", "reason": "'; head -c $((17 * 1024 * 1024)) /dev/zero | tr '\0' a; printf '"}\n'; } >big.json
run orders.status --requirement big.json
check "a 17 MiB requirement is refused (exit 1)" \
  eval '[ "$code" -eq 1 ] && stderr_has "^big\.json: requirement file is larger than the limit of 16 MiB"'
rm big.json
ln -s schema.sql schema_link.sql
run orders.status --schema schema_link.sql --requirement good.json "${date_flag[@]}"
check "a symbolic link to a regular schema file is read" eval '[ "$code" -eq 0 ]'
printf '{\n  "target": "orders.status",\n  "where": "id > 0",\n  "set": "'"'"'x'"'"'",\n  "wh\\u0065re": "true"\n}\n' >twice.json
run orders.status --requirement twice.json
check "a key given twice is an error naming the key at line:col (exit 1)" \
  eval '[ "$code" -eq 1 ] && stderr_has "^twice\.json:5:3: key \"where\" is given twice in one object"'

# --- Class 6: --all ----------------------------------------------------------------------------
mkdir all all_out
printf '{"target": "index.label", "set": "'"'"'x'"'"'"}\n' >all/index.json
printf '{"target": "orders.status", "set": "'"'"'a'"'"'"}\n' >all/a_first.json
printf '{"target": "public.orders.status", "set": "'"'"'b'"'"'"}\n' >all/b_same_target.json
printf '{"target": "orders.note", "set": "'"'"'n'"'"'"}\n' >all/Note.json
printf '{"target": "orders.note", "set": "'"'"'m'"'"'"}\n' >all/note.json
printf '{"target": "index.label", "set": "'"'"'y'"'"'"}\n' >all/label.json
run --all all --output all_out "${date_flag[@]}"
check "--all: a requirement file named index is refused, the index page is the index" \
  eval '[ "$code" -eq 1 ] && stderr_has "^all/index\.json: its plan would be named index\.md" && grep -q "^# Backfill plans" all_out/index.md'
check "--all: a second requirement for the same target is refused; the first plan is intact" \
  eval 'stderr_has "^all/b_same_target\.json: plans public\.orders\.status again, as a_first\.json does" && grep -q "'"'"'a'"'"'" all_out/a_first.md && [ ! -e all_out/b_same_target.md ]'
check "--all: plan names that differ only by case are refused, not overwritten" \
  eval 'stderr_has "^all/note\.json: its plan would be named note\.md, as the plan of Note\.json is" && [ "$(ls all_out | grep -ci "^note\.md$")" -eq 1 ]'
check "--all: a table named index is planned under its file's name" eval 'grep -q "(label.md)" all_out/index.md && [ -f all_out/label.md ]'
check "--all: the failures are in the index" eval '[ "$(grep -c "failed: " all_out/index.md)" -eq 3 ]'
run --all all --output all_out "${date_flag[@]}"
check "--all may run again over its own output folder" eval '[ "$code" -eq 1 ] && ! stderr_has "not written by backfill-plan"'
mkdir all_mine && echo "my notes" >all_mine/label.md
run --all all --output all_mine "${date_flag[@]}"
check "--all never overwrites a file of the user's that has a plan's name" \
  eval '[ "$code" -eq 4 ] && grep -q "my notes" all_mine/label.md && stderr_has "^all_mine/label\.md: exists and was not written by backfill-plan"'
mkdir all_foreign_index && echo "# Our wiki" >all_foreign_index/index.md
run --all all --output all_foreign_index "${date_flag[@]}"
check "--all refuses a folder whose index.md it did not write, writing nothing (exit 4)" \
  eval '[ "$code" -eq 4 ] && [ "$(cat all_foreign_index/index.md)" = "# Our wiki" ] && [ "$(ls all_foreign_index | wc -l)" -eq 1 ]'
printf 'CREATE TABLE broken (id int,, x int);\n' >broken.sql
run --all all --output all_new --schema broken.sql "${date_flag[@]}"
check "--all creates no output folder when the schema does not load" eval '[ "$code" -eq 1 ] && [ ! -e all_new ]'

# --- Class 8: control characters never reach a message, a plan or the index raw ----------------
run $'orders.sta\ntus\x1b[31m' --set "'x'"
check "a target with a newline and ESC is echoed escaped, on one line" \
  eval '[ "$code" -ne 0 ] && one_line && no_control_in_stderr && stderr_has "sta(\\\\n|\\\\000A)tus"'
printf '{"target": "orders.status", "set": "'"'"'x'"'"'", "ev\\u001b]0;owned\\u0007il\\u202e": 1}\n' >evil_key.json
run orders.status --requirement evil_key.json
check "an unknown key with ESC, BEL and U+202E is echoed escaped" \
  eval '[ "$code" -eq 1 ] && one_line && no_control_in_stderr && stderr_has "ev\\\\x1b\]0;owned\\\\x07il\\\\u202e"'
printf '{"target": "orders.status", "set": "'"'"'x'"'"'", "kind": "fi\\u0000x"}\n' >nul_value.json
run orders.status --requirement nul_value.json
check "a value with a NUL is echoed as \\x00" eval '[ "$code" -eq 1 ] && one_line && no_control_in_stderr && stderr_has "fi\\\\x00x"'
run orders.status --requirement $'missing\n\xe2\x80\xaeevil.json'
check "a file name with a newline and U+202E is echoed escaped" \
  eval '[ "$code" -eq 1 ] && one_line && no_control_in_stderr && stderr_has "missing\\\\n\\\\u202eevil\.json"'
run orders.status --set "'x'" $'--frob\x1bnicate'
check "an unknown flag with ESC is echoed escaped" eval '[ "$code" -eq 2 ] && no_control_in_stderr'
printf '{"target": "orders.status", "set": "'"'"'x'"'"'", "reason": "tickets\\n```\\n# Injected heading\\n| x | y |\\u0000\\u001b[2J\\u202e\\u2028"}\n' >evil_reason.json
run orders.status --requirement evil_reason.json --detailed "${date_flag[@]}"
cp out.txt evil_plan.md
check "a reason with newline, fence, heading, NUL, ESC and bidi cannot break the Markdown" \
  eval '[ "$code" -eq 0 ] && ! grep -q "^# Injected" evil_plan.md && [ "$(grep -c "^\`\`\`\$" evil_plan.md)" -eq "$(grep -c "^\`\`\`[a-z]" evil_plan.md)" ]'
check "... its control characters are escaped in the Overview, on one line" \
  eval 'grep -Fq "| Reason for the backfill | tickets \`\`\` # Injected heading \\| x \\| y \\|\\x00\\x1b[2J\\u202e\\u2028 |" evil_plan.md && no_control_bytes evil_plan.md'
printf 'CREATE TABLE "t\x01\xe2\x80\xae" (id bigint PRIMARY KEY, "c\x1b" text);\n' >ctl.sql
run $'"t\x01\xe2\x80\xae"."c\x1b"' --schema ctl.sql --set "'x'" "${date_flag[@]}"
# Either the plan names them escaped, or they are refused with a clean one-line message.
check "identifiers with control characters are escaped in the plan's heading and Overview, or refused cleanly" \
  eval '{ [ "$code" -ne 0 ] && [ ! -s out.txt ] && one_line && no_control_in_stderr; } ||
        { [ "$code" -eq 0 ] && head -1 out.txt | grep -Fq "t\\x01\\u202e" && ! head -1 out.txt | LC_ALL=C grep -qP "[\x01\x1b]|\xe2\x80\xae" &&
          grep "^| Column |" out.txt | grep -Fq "c\\x1b"; }'
mkdir all_ctl
printf '{"target": "orders.status", "set": "'"'"'x'"'"'"}\n' >all_ctl/$'ok\x1b[1m\xe2\x80\xae.json'
printf '{"target": "orders.nope\\u001b[31m", "set": "1"}\n' >all_ctl/$'bad\n.json'
run --all all_ctl --output all_ctl_out "${date_flag[@]}"
check "--all: file names and messages with control characters are escaped in the index and on stderr" \
  eval '[ "$code" -eq 1 ] && no_control_bytes all_ctl_out/index.md && no_control_in_stderr && grep -Fq "| bad .json |" all_ctl_out/index.md && grep -Fq "[ok\\x1b\\[1m\\u202e.md](" all_ctl_out/index.md'

[ "$failed" -eq 0 ]
