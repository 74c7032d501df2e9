# What the triggers.self_write finding says, on PostgreSQL 15: a trigger on the table being
# backfilled that updates other rows of it (a child's update bumps its parent's counter) gives
# the parents the backfill already changed a row version the backfill did not record; 90 keeps
# them, counted as the application's, with the new value. The SELECT the finding advises lists
# exactly those rows, and restoring them by hand from the backup brings back every original
# value. Source after lib.sh and check_example.sh (grant_migration_role); call
# check_trigger_self_write. Expects TOOL, ROOT and WORK.
check_trigger_self_write() {
  local RUN_AS=  # grant_migration_role sets it for this check only
  e2e_scratch trigger_self_write "triggers: a trigger writing the backfilled table"
  cat >"$W/schema.sql" <<'SQL'
CREATE TABLE public.orders (id bigint PRIMARY KEY, parent_id bigint, status text, children_done int NOT NULL DEFAULT 0);
CREATE FUNCTION public.bump_parent() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
  UPDATE public.orders SET children_done = children_done + 1 WHERE id = NEW.parent_id;
  RETURN NEW;
END $$;
CREATE TRIGGER orders_bump AFTER UPDATE OF status ON public.orders
  FOR EACH ROW WHEN (NEW.parent_id IS NOT NULL) EXECUTE FUNCTION public.bump_parent();
SQL
  # 100 parents (ids 1-100) come first in key order, so their batch commits before any child's.
  printf '%s\n' "INSERT INTO public.orders (id) SELECT i FROM generate_series(1, 100) i;" \
    "INSERT INTO public.orders (id, parent_id) SELECT i, 1 + i % 100 FROM generate_series(101, 1000) i;" >"$W/data.sql"
  createdb "$DB"
  if ! psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$W/schema.sql" -f "$W/data.sql" >>"$LOG" 2>&1 ||
    ! (cd "$W" && "$TOOL" orders.status --set "'x'" --batch-size 100 --date 2026-11-21 --format sql --output "$BUNDLE") >>"$LOG" 2>&1 ||
    ! (cd "$W" && "$TOOL" orders.status --set "'x'" --batch-size 100 --date 2026-11-21 --detailed) >"$W/plan.md" 2>>"$LOG"; then
    fail "the schema loads and backfill-plan writes the bundle" "$(tail -3 "$LOG")"
    dropdb "$DB" >/dev/null 2>&1 || true
    return
  fi
  { flock 9 && grant_migration_role; } 9>"$WORK/migration_role.lock"
  expect_eq "the plan warns: the rollback cannot tell the trigger's writes from the application's" \
    "$(grep -c 'warn\*\* `triggers.self_write`: Trigger orders_bump on public.orders writes public.orders' "$W/plan.md")" 2
  local before
  before=$(q "SELECT md5(string_agg(id || ':' || coalesce(status, '-'), ',' ORDER BY id)) FROM public.orders")
  expect_ok "01_preflight.sql" 01_preflight.sql
  expect_ok "02_prepare.sql" 02_prepare.sql
  expect_ok "03_backfill.sql" 03_backfill.sql -v sleep_ms=0
  expect_eq "every row changed; every child bumped its parent once" \
    "$(q "SELECT count(*) FILTER (WHERE status = 'x'), sum(children_done) FROM public.orders")" "1000|900"
  expect_ok "90_rollback.sql" 90_rollback.sql -v sleep_ms=0
  local backup=public.orders_status_backup_20261121
  expect_eq "as the finding says: the parents are kept with the new value, counted as the application's" \
    "$(q "SELECT count(*) FILTER (WHERE status = 'x' AND parent_id IS NULL), count(*) FILTER (WHERE status IS NULL) FROM public.orders")|$(q "SELECT string_agg(state || '=' || n, ',' ORDER BY state) FROM (SELECT state, count(*) AS n FROM $backup GROUP BY state) s")" \
    "100|900|kept=100,restored=900"
  expect_eq "the SELECT the finding advises lists exactly those rows" \
    "$(q "SELECT count(*), min(id), max(id) FROM $backup WHERE state = 'kept'")" "100|1|100"
  q "UPDATE public.orders o SET status = b.old_value FROM $backup b WHERE b.state = 'kept' AND o.id = b.id" >/dev/null
  expect_eq "restored by hand from the backup: every original value is back" \
    "$(q "SELECT md5(string_agg(id || ':' || coalesce(status, '-'), ',' ORDER BY id)) FROM public.orders")" "$before"
  dropdb "$DB" >/dev/null 2>&1 || true
}
