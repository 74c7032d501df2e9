# A streaming standby of the private server that pg.sh starts, for the replica-lag tests.
# Source after pg.sh, with the primary running (PGHOST, PGPORT exported by pg_start).
# initdb -A trust in pg_start writes "local replication all trust", so the standby connects
# over the primary's unix socket without a password; wal_level=replica and max_wal_senders=10
# are PostgreSQL 15's defaults, so the primary needs no extra settings.
#   standby_require   returns 1 with a message when pg_basebackup is missing (the caller skips)
#   standby_start     pg_basebackup -R into its own folder, starts it on its own socket and
#                     port (hot_standby, wal_receiver_status_interval=1s), and waits until the
#                     primary's pg_stat_replication shows it 'streaming' (application_name
#                     backfill_standby, its cluster_name); sets SB_DIR, SB_PORT
#   standby_stop      stops it (fast, else immediate) and removes its folder; safe to call twice
#   sbq SQL           one query on the standby, like lib.sh's q on the primary
# STANDBY_OPTIONS adds server options (-c name=value ...) for the standby.

standby_require() {
  if [ ! -x "$PG_BIN/pg_basebackup" ]; then
    echo "pg_basebackup is missing ($PG_BIN/pg_basebackup)"
    return 1
  fi
}

standby_start() {
  [ -n "${PGHOST:-}" ] && [ -n "${PGPORT:-}" ] || { echo "standby_start: no primary (run pg_start first)"; return 1; }
  SB_DIR=$(mktemp -d /tmp/backfill-standby.XXXXXX)
  chown postgres: "$SB_DIR"
  chmod 700 "$SB_DIR"
  # -R writes standby.signal and primary_conninfo (host=the primary's socket folder, port);
  # -X stream copies the WAL written during the copy; -c fast: no wait for a checkpoint.
  runuser -u postgres -- "$PG_BIN/pg_basebackup" -h "$PGHOST" -p "$PGPORT" -U postgres -D "$SB_DIR/data" \
    -R -X stream -c fast >"$SB_DIR/basebackup.log" 2>&1 || { cat "$SB_DIR/basebackup.log"; return 1; }
  # A hot standby needs these at least as high as on the primary.
  local same
  same=$(psql -X -At -d postgres -c "SELECT string_agg(format('-c %s=%s', name, setting), ' ') FROM pg_settings
    WHERE name IN ('max_connections', 'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions', 'max_locks_per_transaction')") ||
    return 1
  SB_PORT=$((20000 + RANDOM % 20000))
  while [ "$SB_PORT" == "$PGPORT" ]; do SB_PORT=$((20000 + RANDOM % 20000)); done
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$SB_DIR/data" -l "$SB_DIR/server.log" -w -t 60 \
    -o "-k $SB_DIR -c listen_addresses='' -p $SB_PORT -c hot_standby=on -c wal_receiver_status_interval=1s \
       -c cluster_name=backfill_standby -c fsync=off $same ${STANDBY_OPTIONS:-}" \
    start >/dev/null || { cat "$SB_DIR/server.log"; return 1; }
  local state=
  for _ in $(seq 1 300); do
    state=$(psql -X -At -d postgres -c "SELECT state FROM pg_stat_replication WHERE application_name = 'backfill_standby'" 2>/dev/null)
    [ "$state" != streaming ] || return 0
    sleep 0.1
  done
  echo "the standby is not streaming after 30 s (state '$state'):"
  tail -20 "$SB_DIR/server.log"
  return 1
}

# pg_stop's own shutdown and removal, pointed at the standby's folder.
standby_stop() {
  [ -n "${SB_DIR:-}" ] || return 0
  PG_DIR=$SB_DIR pg_stop
  SB_DIR=
}

sbq() { psql -X -q -At -v ON_ERROR_STOP=1 -h "$SB_DIR" -p "$SB_PORT" -d postgres -c "$1"; }
