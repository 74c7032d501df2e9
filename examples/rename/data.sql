-- Sample data for trying the bundle (and for the end-to-end tests): 20,000 customers.
INSERT INTO public.customers (id, name, email, created_at)
SELECT i, 'Customer ' || i, 'customer' || i || '@example.com', timestamptz '2023-01-01' + i * interval '1 hour'
FROM generate_series(1, 20000) AS i;
