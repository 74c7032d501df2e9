# Starts and stops a private PostgreSQL 15 server for the end-to-end tests. Source this file.
# The server listens only on a unix socket in its own temporary folder, so it can neither
# clash with another server on the machine nor be reached from outside. postgres refuses to
# run as root, so the folder belongs to the postgres user and the server runs as that user.
#   pg_start    creates the folder, initdb, starts; exports PGHOST, PGPORT, PGUSER
#   pg_stop     stops the server (fast) and removes the folder; safe to call twice
# PG_OPTIONS adds server options (-c name=value ...), e.g. for benchmarks; @PG_DIR@ in it stands
# for the folder (the socket's, e.g. for cron.host).
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

# 77 tells ctest the test was skipped: without the server binaries there is nothing to run.
pg_require() {
  if [ ! -x "$PG_BIN/postgres" ] || ! command -v psql >/dev/null || ! id postgres >/dev/null 2>&1; then
    echo "skipped: PostgreSQL 15 is not installed ($PG_BIN/postgres, psql and the postgres user are needed)"
    exit 77
  fi
}

pg_start() {
  PG_DIR=$(mktemp -d /tmp/backfill-e2e.XXXXXX)
  chown postgres: "$PG_DIR"
  chmod 700 "$PG_DIR"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres --locale=C.UTF-8 -E UTF8 \
    >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log"; return 1; }
  # Durability is not under test: without fsync the run is faster on a small machine.
  local port=$((20000 + RANDOM % 20000)) options=${PG_OPTIONS:-}
  options=${options//@PG_DIR@/$PG_DIR}
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-k $PG_DIR -c listen_addresses='' -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=30 $options" \
    start >/dev/null || { cat "$PG_DIR/server.log"; return 1; }
  export PGHOST=$PG_DIR PGPORT=$port PGUSER=postgres PGDATABASE=postgres
}

pg_stop() {
  [ -n "${PG_DIR:-}" ] || return 0
  if [ -f "$PG_DIR/data/postmaster.pid" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 60 stop >/dev/null 2>&1 ||
      runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$PG_DIR"
  PG_DIR=
}
