-- The orders example's data.sql, scaled to :rows orders (psql -v rows=N): 5,000 customers, and
-- 70% of the orders (the lowest ids) predate the status column (NULL). Shared by the benchmarks
-- that run the orders example at scale.
INSERT INTO public.customers (id, email) SELECT i, 'c' || i || '@example.com' FROM generate_series(1, 5000) AS i;
INSERT INTO public.orders (id, customer_id, status, total, shipped_at, cancelled_at, created_at)
SELECT i, 1 + (i::bigint * 7919) % 5000,
       CASE WHEN i <= :rows * 0.7 THEN NULL WHEN i % 10 = 0 THEN 'cancelled' WHEN i % 3 = 0 THEN 'shipped' ELSE 'pending' END,
       (5 + (i * 37) % 995)::numeric, CASE WHEN i % 3 = 0 AND i % 10 <> 0 THEN now() END,
       CASE WHEN i % 10 = 0 THEN now() END, now()
FROM generate_series(1, :rows) AS i;
