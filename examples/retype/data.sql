-- Sample data for trying the bundle (and for the end-to-end tests): 20,000 products, one in
-- ten without a price.
INSERT INTO public.products (id, title, price, updated_at)
SELECT i, 'Product ' || i, CASE WHEN i % 10 = 0 THEN NULL ELSE round((i % 5000) + (i % 100) / 100.0, 2) END,
       timestamptz '2024-01-01' + i * interval '1 minute'
FROM generate_series(1, 20000) AS i;
