#!/usr/bin/env bash
# Benchmark (not a test): a plain batched UPDATE of the orders example's status, 350 chunks of
# 2,000 ids on 1,000,000 rows (700,000 to change), no backup and no progress row: the batch time
# the table itself costs as the run goes on, with and without the customer_id index. The
# difference shows how much of bundle_vs_monolithic.sh's last/first ratio is the table's own
# index maintenance (non-HOT updates add an entry to every index) rather than the bundle's.
# A third run ages the table first (every row updated twice, then VACUUM), as a production table
# is after earlier writes: its pages have the free space a fresh load's packed pages lack.
# Usage: bench/chunked_update.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/tests/e2e/pg.sh"
pg_require
export PG_OPTIONS=${PG_OPTIONS-"-c shared_buffers=1GB -c max_wal_size=8GB"}
trap 'pg_stop' EXIT
pg_start
psql -X -q -v ON_ERROR_STOP=1 -f "$ROOT/examples/orders/schema.sql" >/dev/null
run() {
  psql -X -q -v ON_ERROR_STOP=1 -v rows=1000000 <<SQL
TRUNCATE public.orders, public.customers;
\i '$ROOT/bench/orders_data.sql'
VACUUM ANALYZE public.orders;
SQL
  if [ -n "${AGE:-}" ]; then
    psql -X -q -v ON_ERROR_STOP=1 -c 'UPDATE public.orders SET total = total' -c 'VACUUM public.orders' \
      -c 'UPDATE public.orders SET total = total' -c 'VACUUM ANALYZE public.orders'
  fi
  psql -X -q -v ON_ERROR_STOP=1 -c CHECKPOINT
  psql -X -q <<'SQL'
SQL
  psql -X -q -At -v ON_ERROR_STOP=1 -v label="$1" <<'SQL'
CREATE TEMP TABLE chunk (k int, s float8);
DO $$
DECLARE t0 timestamptz;
BEGIN
  FOR k IN 0..349 LOOP
    t0 := clock_timestamp();
    UPDATE public.orders
    SET status = CASE WHEN cancelled_at IS NOT NULL THEN 'cancelled' WHEN shipped_at IS NOT NULL THEN 'shipped' ELSE 'pending' END
    WHERE id > k * 2000 AND id <= (k + 1) * 2000 AND status IS NULL;
    INSERT INTO chunk VALUES (k, extract(epoch FROM clock_timestamp() - t0));
    COMMIT;
  END LOOP;
END $$;
WITH d AS (SELECT ntile(10) OVER (ORDER BY k) AS decile, s FROM chunk),
     t AS (SELECT decile, sum(s) AS s FROM d GROUP BY decile)
SELECT :'label' || ': seconds per tenth ' || string_agg(round(s::numeric, 2)::text, ' ' ORDER BY decile)
       || ', last/first ' || round((sum(s) FILTER (WHERE decile = 10) / sum(s) FILTER (WHERE decile = 1))::numeric, 2) || 'x'
FROM t;
SQL
}
run "with orders_customer_id_idx"
AGE=1 run "with it, the table aged first"
psql -X -q -v ON_ERROR_STOP=1 -c 'DROP INDEX public.orders_customer_id_idx'
run "without it"
