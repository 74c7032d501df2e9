# Every statement a finding proposes (findings[].proposed_sql in the JSON plan) runs on PostgreSQL
# as the plan writes it, in its order: for every example and requirement, then for `where`s that
# CREATE INDEX would refuse as an index predicate (now(), casts, date arithmetic, sub-queries)
# and random combinations of them, on the orders and the partitioned example. A statement the
# server rejects fails the check; so does a proposed index that is not there after its CREATE, or
# still there after its DROP.
# Source after lib.sh; call check_proposed_ddl. Expects TOOL, WORK and ROOT.

# Conditions on public.orders, each alone a `where` the tool accepts.
PROPOSED_ORDERS_WHERES=(
  "status IS NULL" "created_at < now() - interval '30 days'" "created_at < '2025-01-01'"
  "created_at::date = '2025-01-01'" "total > 10" "lower(status) = 'x'" "to_char(created_at, 'YYYY') = '2024'"
  "customer_id IN (SELECT c.id FROM public.customers AS c)" "shipped_at IS NOT NULL" "total::int = 3"
  "cancelled_at + interval '1 day' < '2025-01-01'" "status || customer_id = 'x1'" "created_at < CURRENT_DATE"
  "date_trunc('day', created_at) < '2025-01-01'" "customer_id % 7 = 0" "abs(total) > 5" "status LIKE 'p%'"
  "created_at < '2025-01-01'::date" "created_at > '2024-01-01'::timestamptz" "btrim(status) <> ''"
  "status::varchar(4) = 'pend'" "coalesce(shipped_at, cancelled_at) IS NULL" "status = ANY (ARRAY['a', 'b'])"
)
PROPOSED_EVENTS_WHERES=(
  "severity IS NULL" "occurred_at < now() - interval '1 day'" "kind LIKE '%error%'" "occurred_at::date < '2024-06-01'"
  "occurred_at >= '2024-04-01'" "source = 'api' AND severity IS NULL"
)

# proposed_ddl_case DB EXAMPLE_DIR LABEL TOOL_ARGS...: plans in EXAMPLE_DIR with TOOL_ARGS, then
# runs each finding's proposed statements in DB. Sets PROPOSED_RAN to the number it ran.
proposed_ddl_case() {
  local db=$1 dir=$2 label=$3 plan=$W/plan.json
  shift 3
  PROPOSED_RAN=0
  if ! (cd "$dir" && "$TOOL" "$@" --date 2026-11-21 --format json >"$plan" 2>>"$LOG"); then
    fail "$label: backfill-plan writes the JSON plan" "$(tail -2 "$LOG")"
    return
  fi
  # One line per proposed statement: the finding's id, a tab, the statement (each is one line).
  set_from_file plan "$plan"
  if ! psql -X -q -At -F $'\t' -v ON_ERROR_STOP=1 -d "$db" "${PSQL_FILE_VAR[@]}" -f - >"$W/statements" 2>>"$LOG" <<'SQL'; then
SELECT f.finding->>'id', s.sql
FROM jsonb_array_elements(:'plan'::jsonb->'findings') WITH ORDINALITY AS f(finding, n),
     jsonb_array_elements_text(f.finding->'proposed_sql') WITH ORDINALITY AS s(sql, n)
ORDER BY f.n, s.n;
SQL
    fail "$label: the proposed statements are read from the plan" "$(tail -2 "$LOG")"
    return
  fi
  local id sql previous= k=0
  while IFS=$'\t' read -r id sql; do
    [ "$id" = "$previous" ] || k=0
    previous=$id
    printf '%s\n' "$sql" >"$W/statement.sql"
    echo "--- $label: $id [$k]: $sql" >>"$LOG"
    if ! psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$W/statement.sql" >>"$LOG" 2>&1; then
      fail "$label: $id statement $((k + 1)) runs" "$sql -- $(tail -1 "$LOG")"
      return
    fi
    PROPOSED_RAN=$((PROPOSED_RAN + 1))
    if [ "$id" = predicate.unindexed ]; then
      local left
      left=$(psql -X -q -At -d "$db" -c "SELECT count(*) FROM pg_indexes WHERE indexname LIKE '%backfill_todo'" 2>>"$LOG")
      if { [ "$k" -eq 0 ] && [ "$left" = 0 ]; } || { [ "$k" -eq 1 ] && [ "$left" != 0 ]; }; then
        fail "$label: $id statement $((k + 1)) leaves the index $([ "$k" -eq 0 ] && echo made || echo dropped)" \
          "$left indexes named *_backfill_todo after: $sql"
        return
      fi
    fi
    k=$((k + 1))
  done <"$W/statements"
}

check_proposed_ddl() {
  W=$WORK/proposed
  LOG=$W/log
  CHECK_PREFIX="proposed DDL: "
  mkdir -p "$W"
  : >"$LOG"
  local example requirement db total=0 cases=0 proposing=0
  for example in "$ROOT"/examples/*/; do
    example=${example%/}
    db=e2e_proposed_$(basename "$example")
    createdb "$db" && psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$example/schema.sql" >>"$LOG" 2>&1 ||
      { fail "$(basename "$example"): schema.sql loads"; continue; }
    for requirement in "$example"/backfills/*.json; do
      # refused (no key to page by): no plan, so no finding; check_no_key runs the key it proposes
      [ -f "$example/expected/$(basename "$requirement" .json).blocked.txt" ] && continue
      proposed_ddl_case "$db" "$example" "$(basename "$example")/$(basename "$requirement")" --requirement "$requirement"
      total=$((total + PROPOSED_RAN))
    done
  done
  # The conditions alone, then random combinations of them (the seed is printed to repeat a run).
  local seed=${PROPOSED_SEED:-$RANDOM} list where i
  RANDOM=$seed
  for list in orders events; do
    local -n atoms=PROPOSED_${list^^}_WHERES
    local dir=$ROOT/examples/orders target=orders.status
    [ "$list" = events ] && dir=$ROOT/examples/partitioned target=events.severity
    db=e2e_proposed_$(basename "$dir")
    local wheres=("${atoms[@]}")
    for ((i = 0; i < 15; i++)); do
      local a=${atoms[RANDOM % ${#atoms[@]}]} b=${atoms[RANDOM % ${#atoms[@]}]} ops=(AND OR)
      wheres+=("($a) ${ops[RANDOM % 2]} ($b)")
    done
    for where in "${wheres[@]}"; do
      proposed_ddl_case "$db" "$dir" "$target --where \"$where\"" "$target" --where "$where"
      cases=$((cases + 1))
      [ "$PROPOSED_RAN" -eq 0 ] || proposing=$((proposing + 1))
      total=$((total + PROPOSED_RAN))
    done
  done
  # A check that ran nothing proves nothing: most conditions read an indexable column.
  if [ "$proposing" -ge $((cases / 2)) ]; then
    pass "$total proposed statements ran ($proposing of $cases conditions proposed an index; seed $seed)"
  else
    fail "most conditions propose an index" "$proposing of $cases did (seed $seed)"
  fi
}
