# The ways the triggers.skip finding offers to skip a trigger in the backfill's own session, run
# on examples/triggers: the setting the audit trigger checks, given to 03 through PGOPTIONS (no
# audit rows for the backfill, while the application's writes keep theirs and the other triggers
# still run), the rollback without it (every restore audited, as the plan says), and
# session_replication_role, refused to a role without the right and, after GRANT SET ON
# PARAMETER (PostgreSQL 15), skipping every ordinary trigger. Source after lib.sh and
# check_example.sh (grant_migration_role); call check_trigger_skip. Expects TOOL, ROOT and WORK.
check_trigger_skip() {
  local RUN_AS=  # grant_migration_role sets it for this check only, not for those after it
  e2e_scratch trigger_skip "triggers: skipped in 03's session only"
  local dir=$ROOT/examples/triggers rel=backfills/tickets.priority_label.json
  createdb "$DB"
  if ! psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$dir/schema.sql" -f "$dir/data.sql" >>"$LOG" 2>&1 ||
    ! (cd "$dir" && "$TOOL" --requirement "$rel" --date 2026-11-21 --format sql --output "$BUNDLE") >>"$LOG" 2>&1 ||
    ! (cd "$dir" && "$TOOL" --requirement "$rel" --date 2026-11-21 --detailed) >"$W/plan.md" 2>>"$LOG"; then
    fail "example loads and backfill-plan writes the bundle" "$(tail -3 "$LOG")"
    dropdb "$DB" >/dev/null 2>&1 || true
    return
  fi
  { flock 9 && grant_migration_role; } 9>"$WORK/migration_role.lock"
  expect_eq "the plan gives the setting to 03 through PGOPTIONS" \
    "$(grep -c "run 03 with PGOPTIONS='-c helpdesk.skip_audit=on'" "$W/plan.md")" 1
  expect_ok "01_preflight.sql" 01_preflight.sql
  expect_ok "02_prepare.sql" 02_prepare.sql
  local queues_before
  queues_before=$(q "SELECT count(*) FROM public.ticket_queues WHERE updated_at = timestamptz '2024-03-01'")
  PGOPTIONS='-c helpdesk.skip_audit=on' expect_ok "03_backfill.sql with PGOPTIONS='-c helpdesk.skip_audit=on'" 03_backfill.sql
  expect_eq "every row changed" "$(q "SELECT count(*) FROM public.tickets WHERE priority_label IS NULL")" 0
  expect_eq "no audit row for the backfill" "$(q "SELECT count(*) FROM public.ticket_audit")" 0
  expect_eq "the other triggers ran: every queue bumped" \
    "$queues_before|$(q "SELECT count(*) FROM public.ticket_queues WHERE updated_at = timestamptz '2024-03-01'")" "4|0"
  q "UPDATE public.tickets SET assignee = 'agent1' WHERE id = 'TCK-000001'" >/dev/null
  expect_eq "an application write to a backfilled row (another session) is audited" "$(q "SELECT count(*) FROM public.ticket_audit")" 1
  expect_ok "90_rollback.sql without the setting" 90_rollback.sql
  expect_eq "the rollback's restores are audited: a row per restored row" \
    "$(q "SELECT count(*) FROM public.ticket_audit")|$(q "SELECT count(*) FROM public.tickets WHERE priority_label IS NULL")" \
    "9000|8999"
  PGOPTIONS='-c session_replication_role=replica' expect_refused \
    "session_replication_role refused to the migration role without the right" 03_backfill.sql -v resume=1
  expect_eq "... with the server's message" "$(grep -c 'permission denied to set parameter "session_replication_role"' "$LOG")" 1
  q "GRANT SET ON PARAMETER session_replication_role TO e2e_migrator" >/dev/null
  local stamp
  stamp=$(q "SELECT md5(string_agg(updated_at::text, ',' ORDER BY id)) FROM public.tickets")
  PGOPTIONS='-c session_replication_role=replica' expect_ok \
    "after GRANT SET ON PARAMETER session_replication_role (PostgreSQL 15), 03 runs with it" 03_backfill.sql -v resume=1
  expect_eq "every ordinary trigger skipped: no audit row, updated_at untouched" \
    "$(q "SELECT count(*) FROM public.tickets WHERE priority_label IS NULL")|$(q "SELECT count(*) FROM public.ticket_audit")|$(q "SELECT md5(string_agg(updated_at::text, ',' ORDER BY id)) FROM public.tickets")" \
    "0|9000|$stamp"
  q "REVOKE SET ON PARAMETER session_replication_role FROM e2e_migrator" >/dev/null
  dropdb "$DB" >/dev/null 2>&1 || true
}
