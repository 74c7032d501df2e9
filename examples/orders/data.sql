-- Sample data for trying the bundle (and for tests/e2e_test.sh): 500 customers and 20,000
-- orders. Orders older than the status column (ids up to 14,000) have status NULL and need
-- the backfill; newer ones were written with a status by the application and must be left alone.
INSERT INTO public.customers (id, email, created_at)
SELECT i, 'customer' || i || '@example.com', timestamptz '2023-01-01' + i * interval '1 hour'
FROM generate_series(1, 500) AS i;

INSERT INTO public.orders (id, customer_id, status, total, shipped_at, cancelled_at, created_at)
SELECT i,
       1 + (i * 7919) % 500,
       CASE WHEN i <= 14000 THEN NULL
            WHEN i % 10 = 0 THEN 'cancelled'
            WHEN i % 3 = 0 THEN 'shipped'
            ELSE 'pending' END,
       round((5 + (i * 37) % 995)::numeric + (i % 100) / 100.0, 2),
       CASE WHEN i % 3 = 0 AND i % 10 <> 0 THEN created + interval '2 days' END,
       CASE WHEN i % 10 = 0 THEN created + interval '3 hours' END,
       created
FROM generate_series(1, 20000) AS i,
     LATERAL (SELECT timestamptz '2024-01-01' + i * interval '20 minutes' AS created) AS c;

SELECT setval('public.orders_id_seq', 20000);
ANALYZE public.customers, public.orders;
