-- Sample data for trying the bundle (and for the end-to-end tests): 20,000 accounts, each with
-- one or two invoices; the key's sequence is where the rows leave it.
INSERT INTO public.accounts (id, email, created_at)
SELECT i, 'user' || i || '@example.com', timestamptz '2024-01-01' + i * interval '1 minute'
FROM generate_series(1, 20000) AS i;
SELECT pg_catalog.setval('public.accounts_id_seq', 20000);
INSERT INTO public.invoices (id, account_id, total)
SELECT i, 1 + (i * 7919) % 20000, (i % 900) + 0.99
FROM generate_series(1, 30000) AS i;
