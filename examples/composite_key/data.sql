-- Sample data: 16,000 shipments in 8 regions (2,000 each). Shipments booked before release 7
-- (numbers up to 1,400 in each region) have weight_kg NULL; later ones already have it.
INSERT INTO public.shipments (region, shipment_no, weight_g, weight_kg, carrier, created_at)
SELECT r.region, n, w.g,
       CASE WHEN n > 1400 THEN round(w.g / 1000.0, 3) END,
       (ARRAY['DHL', 'UPS', 'PostNL', 'GLS'])[1 + (n + r.no) % 4],
       timestamptz '2024-01-01' + n * interval '1 hour'
FROM unnest(ARRAY['eu-north', 'eu-west', 'eu-south', 'us-east', 'us-west', 'ap-south', 'ap-east', 'sa-east'])
       WITH ORDINALITY AS r(region, no),
     generate_series(1, 2000) AS n,
     LATERAL (SELECT 50 + (n * 7919 + r.no * 104729) % 30000 AS g) AS w;
ANALYZE public.shipments;
