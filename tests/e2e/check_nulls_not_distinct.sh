# UNIQUE NULLS NOT DISTINCT (PostgreSQL 15): NULL keys conflict with each other, so a backfill
# that writes NULL into several rows must be refused by 01_preflight.sql, as the server refuses
# its batch; with a plain UNIQUE the same backfill is fine. Source after lib.sh; call
# check_nulls_not_distinct. Expects TOOL and WORK.
check_nulls_not_distinct() {
  local nulls
  for nulls in "NULLS NOT DISTINCT" ""; do
    DB=e2e_nulls
    W=$WORK/nulls${nulls:+_not_distinct}
    LOG=$W/log
    BUNDLE=$W/bundle
    CHECK_PREFIX="UNIQUE ${nulls:-NULLS DISTINCT}, three codes set to NULL: "
    mkdir -p "$W/backfills"
    printf '%s\n' '{"target": "codes.code", "kind": "fix", "set": "CASE WHEN code LIKE '"'x%'"' THEN NULL ELSE code END", "where": "code LIKE '"'x%'"'"}' \
      >"$W/backfills/codes.code.json"
    : >"$LOG"
    printf 'CREATE TABLE codes (id bigint PRIMARY KEY, code text, CONSTRAINT codes_code_key UNIQUE %s (code));\n' "$nulls" \
      >"$W/schema.sql"
    createdb "$DB"
    psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$W/schema.sql" >>"$LOG" 2>&1
    q "INSERT INTO codes VALUES (1, 'a'), (2, 'x2'), (3, 'b'), (4, 'x4'), (5, 'x5')" >/dev/null
    if ! (cd "$W" && "$TOOL" codes.code --date 2026-11-21 --format sql --output "$BUNDLE") >>"$LOG" 2>&1; then
      fail "backfill-plan writes the bundle" "$(tail -3 "$LOG")"
      dropdb "$DB" >/dev/null 2>&1 || true
      continue
    fi
    run_bundle 02_prepare.sql || fail "02_prepare.sql" "psql failed"
    if [ -n "$nulls" ]; then
      expect_refused "01_preflight.sql refuses" 01_preflight.sql
      expect_eq "01_preflight.sql counts the three rows" \
        "$(grep -c "unique codes_code_key: would-be duplicates *3 FAIL" "$LOG")" 1
      expect_refused "03_backfill.sql fails as the preflight said" 03_backfill.sql
      expect_eq "no row changed" "$(q "SELECT count(*) FROM codes WHERE code IS NULL")" 0
    else
      expect_ok "01_preflight.sql passes" 01_preflight.sql
      expect_ok "03_backfill.sql completes" 03_backfill.sql
      expect_eq "the three rows hold NULL" "$(q "SELECT count(*) FROM codes WHERE code IS NULL")" 3
    fi
    dropdb "$DB" >/dev/null 2>&1 || true
  done
}
