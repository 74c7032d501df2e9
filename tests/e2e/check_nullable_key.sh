# A key that admits NULL (examples/nullable_key: Matrix Synapse's users, UNIQUE (name) on a
# nullable column, no primary key). A target row with a NULL key stops 01_preflight.sql; rows
# whose key the application makes NULL during the run are left alone by the batches and fail
# 04_verify.sql, saying why, until they have a key again; the NOT NULL the finding proposes runs.
# Then a composite key (a, b) with NULL b in many rows that need no change, where a window of the
# table could end on a NULL: every target row is still reached. Source after lib.sh; call
# check_nullable_key. Expects TOOL and WORK.
nk_setup() {
  e2e_scratch nullable_key "nullable key"
  local example=$ROOT/examples/nullable_key
  createdb "$DB" && psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$example/schema.sql" -f "$example/data.sql" >>"$LOG" 2>&1 &&
    (cd "$example" && "$TOOL" users.shadow_banned --date 2026-11-21 --format sql --output "$BUNDLE" &&
      "$TOOL" users.shadow_banned --date 2026-11-21 --format json >"$W/plan.json") >>"$LOG" 2>&1
}

# The statements the finding key.nullable proposes, between backticks in its advice.
nk_proposed_not_null() {
  node -e '
    const plan = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const f = plan.findings.find((f) => f.id === "key.nullable");
    for (const m of f.advice.matchAll(/`([^`]+)`/g)) if (/^(BEGIN; )?ALTER TABLE /.test(m[1])) console.log(m[1]);
  ' "$W/plan.json"
}

nk_users() {
  expect_eq "the plan pages by the nullable unique constraint and warns (key.nullable)" \
    "$(node -e 'const p = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
                console.log(p.key, p.findings.filter((f) => f.id === "key.nullable").map((f) => f.severity).join())' "$W/plan.json")" \
    "nullable unique constraint public.users_name_key (name text) warn"
  q "INSERT INTO public.users (name, admin, is_guest, deactivated) VALUES (NULL, 0, 0, 0), (NULL, 0, 0, 0)" >/dev/null
  local rc=0
  run_bundle 01_preflight.sql || rc=$?
  expect_eq "01_preflight.sql refuses two target rows with a NULL key (psql exit 3), saying why" "$rc|$(grep -c \
    'preflight failed: 2 target rows have a NULL in the key (name), and the batches, which page by the key, cannot reach them' "$LOG")" "3|1"
  expect_eq "01_preflight.sql counts them in its report" "$(grep -c 'target rows with a NULL key  *2 FAIL' "$LOG")" 1
  q "DELETE FROM public.users WHERE name IS NULL" >/dev/null
  expect_ok "01_preflight.sql passes once every target row has a key" 01_preflight.sql
  expect_ok "02_prepare.sql" 02_prepare.sql
  expect_ok "03_backfill.sql -v max_rows=1000" 03_backfill.sql -v max_rows=1000 -v sleep_ms=0
  # The application, during the run: a new user without a name, and a user not reached yet losing its name.
  q "INSERT INTO public.users (name, admin, is_guest, deactivated) VALUES (NULL, 0, 0, 0);
     UPDATE public.users SET name = NULL WHERE name = (SELECT max(name) FROM public.users WHERE shadow_banned IS NULL)" >/dev/null
  expect_ok "03_backfill.sql runs to the end with two NULL keys among the rows to change" 03_backfill.sql -v sleep_ms=0
  expect_eq "the batches left the rows with a NULL key alone, and changed every other" \
    "$(q "SELECT count(*) FILTER (WHERE name IS NULL), count(*) FILTER (WHERE name IS NOT NULL) FROM public.users WHERE shadow_banned IS NULL")" "2|0"
  rc=0
  run_bundle 04_verify.sql || rc=$?
  expect_eq "04_verify.sql fails on the two rows (psql exit 3), saying their key is NULL" \
    "$rc|$(grep -c 'verify failed: 2 rows still to change have a NULL in the key (name)' "$LOG")" "3|1"
  q "UPDATE public.users SET name = '@late' || ctid::text || ':example.org' WHERE name IS NULL" >/dev/null
  expect_ok "03_backfill.sql reaches them once they have a key" 03_backfill.sql -v sleep_ms=0
  expect_ok "04_verify.sql passes" 04_verify.sql
  # What the finding proposes so that no key is NULL again: NOT NULL through a validated CHECK.
  nk_proposed_not_null >"$W/not_null.sql"
  expect_eq "the finding proposes four statements" "$(wc -l <"$W/not_null.sql")" 4
  if PGOPTIONS="-c lock_timeout=2000" psql -X -v ON_ERROR_STOP=1 -d "$DB" -f "$W/not_null.sql" >>"$LOG" 2>&1; then
    pass "the proposed NOT NULL statements run"
  else
    fail "the proposed NOT NULL statements run" "$(tail -3 "$LOG")"
  fi
  expect_true "name is NOT NULL, and the helper CHECK is gone" \
    "SELECT attnotnull AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'public.users'::regclass AND contype = 'c')
     FROM pg_attribute WHERE attrelid = 'public.users'::regclass AND attname = 'name'"
  cat "$ROOT/examples/nullable_key/schema.sql" "$W/not_null.sql" >"$W/schema.sql"
  expect_eq "planned again with them, the key is an ordinary unique constraint" \
    "$("$TOOL" users.shadow_banned --schema "$W/schema.sql" --requirement "$ROOT/examples/nullable_key/backfills/users.shadow_banned.json" \
       --format json 2>>"$LOG" | node -e 'const p = JSON.parse(require("fs").readFileSync(0, "utf8"));
         console.log(p.key, p.findings.some((f) => f.id === "key.nullable"))')" \
    "unique constraint public.users_name_key (name text) false"
}

# (a, b) with four rows per a, the fourth with b NULL: ordered by the key, the 10,000th row, where
# the first window of batches of 100 would end, is (2500, NULL). Rows to change start at a = 2500.
nk_composite() {
  e2e_scratch nullable_composite "nullable composite key"
  printf '%s\n' 'CREATE TABLE pairs (a integer NOT NULL, b integer, v text, UNIQUE (a, b));' >"$W/schema.sql"
  createdb "$DB" && psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$W/schema.sql" >>"$LOG" 2>&1
  q "INSERT INTO pairs SELECT a, nullif(b, 4), CASE WHEN a < 2500 OR b = 4 THEN 'old' END
     FROM generate_series(1, 5000) AS a, generate_series(1, 4) AS b; ANALYZE pairs" >/dev/null
  if ! (cd "$W" && "$TOOL" pairs.v --set "'new'" --batch-size 100 --date 2026-11-21 --format sql --output "$BUNDLE") >>"$LOG" 2>&1; then
    fail "backfill-plan writes the bundle" "$(tail -3 "$LOG")"
    return
  fi
  expect_eq "the 10,000th row in key order has a NULL key" "$(q "SELECT b IS NULL FROM pairs ORDER BY a, b OFFSET 9999 LIMIT 1")" t
  expect_ok "01_preflight.sql passes (the rows with a NULL key need no change)" 01_preflight.sql
  expect_ok "02_prepare.sql" 02_prepare.sql
  expect_ok "03_backfill.sql -v batch_size=100" 03_backfill.sql -v batch_size=100 -v sleep_ms=0
  expect_eq "every row to change was reached, (2500, 1..3) too; none with a NULL key was touched" \
    "$(q "SELECT count(*) FILTER (WHERE v IS NULL), count(*) FILTER (WHERE b IS NULL AND v <> 'old') FROM pairs")" "0|0"
  expect_ok "04_verify.sql passes" 04_verify.sql
  expect_ok "90_rollback.sql" 90_rollback.sql -v sleep_ms=0
  expect_eq "the rollback restores every row" "$(q "SELECT count(*) FROM pairs WHERE v IS NULL")" 7503
}

check_nullable_key() {
  local started=$SECONDS
  if nk_setup; then nk_users; else fail "examples/nullable_key loads and is planned" "$(tail -3 "$LOG")"; fi
  dropdb "$DB" >/dev/null 2>&1 || true
  nk_composite
  dropdb "$DB" >/dev/null 2>&1 || true
  CHECK_PREFIX=
  echo "     (nullable key: $((SECONDS - started)) s)"
}
