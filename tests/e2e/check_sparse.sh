# Rows to change spread thinly over a big table, under a tight statement_timeout: every batch
# must read only a bounded part of the table (a window after the cursor), or the first batch,
# and the last pass that finds nothing, time out on every resume and the run never ends.
# Source after lib.sh; call check_sparse ORDERS_EXAMPLE_DIR. Expects TOOL and WORK.
check_sparse() {
  local dir=$1
  DB=e2e_sparse
  W=$WORK/sparse
  LOG=$W/log
  BUNDLE=$W/bundle
  CHECK_PREFIX="sparse rows, statement_timeout 50 ms: "
  mkdir -p "$W/backfills"
  : >"$LOG"
  cp "$dir/schema.sql" "$W/"
  sed 's/"sleep_ms": [0-9]*/"sleep_ms": 0, "statement_timeout_ms": 50/' "$dir/backfills/orders.status.json" \
    >"$W/backfills/orders.status.json"
  createdb "$DB"
  psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$W/schema.sql" >>"$LOG" 2>&1
  # 1,000,000 orders, one in 1,000 without a status.
  q "INSERT INTO public.customers (id, email) SELECT i, 'c' || i FROM generate_series(1, 100) AS i;
     INSERT INTO public.orders (id, customer_id, status, total)
     SELECT i, 1 + i % 100, CASE WHEN i % 1000 <> 0 THEN 'shipped' END, 1 FROM generate_series(1, 1000000) AS i;
" >/dev/null
  q "VACUUM ANALYZE public.orders" >/dev/null
  if ! (cd "$W" && "$TOOL" orders.status --date 2026-11-21 --format sql --output "$BUNDLE") >>"$LOG" 2>&1; then
    fail "backfill-plan writes the bundle" "$(tail -3 "$LOG")"
    return
  fi
  run_bundle 02_prepare.sql || fail "02_prepare.sql" "psql failed"
  expect_ok "03_backfill.sql completes" 03_backfill.sql
  expect_eq "no row left to change, every changed row backed up" \
    "$(q "SELECT count(*) FROM public.orders WHERE status IS NULL")|$(q "SELECT count(*) FROM public.orders_status_backup_20261121")" \
    "0|1000"
  expect_ok "04_verify.sql passes" 04_verify.sql
  # The partial index the plan proposes for sparse rows: its CREATE runs as written in the plan,
  # and 99_cleanup.sql drops it if nobody did.
  local create
  create=$(cd "$W" && "$TOOL" orders.status --date 2026-11-21 --format json | grep -o 'CREATE INDEX CONCURRENTLY[^"]*' | head -1)
  if psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -c "$create" >>"$LOG" 2>&1; then pass "the proposed index is created as the plan writes it"; else fail "the proposed index is created as the plan writes it" "$create"; fi
  expect_eq "the proposed index exists" "$(q "SELECT count(*) FROM pg_indexes WHERE indexname = 'orders_status_backfill_todo'")" 1
  expect_ok "99_cleanup.sql (force) runs" 99_cleanup.sql -v force=1
  expect_eq "99_cleanup.sql dropped the proposed index, the backup and the progress table" \
    "$(q "SELECT count(*) FROM pg_class WHERE relname IN ('orders_status_backfill_todo', 'orders_status_backup_20261121', 'orders_status_progress_20261121')")" 0
  dropdb "$DB" >/dev/null 2>&1 || true
}
