-- Sample data: 3,000 orders with 1 to 5 lines each. Lines of orders up to 2,000 were entered
-- before "Status Code" existed and have it NULL; later lines already carry one.
INSERT INTO "Sales"."Order Lines" ("Order No", "Line No", "Product Code", "Quantity", "Shipped", "Status Code")
SELECT o, l, 'P-' || lpad(((o * 31 + l * 17) % 900)::text, 4, '0'), q, o % 3 = 0,
       CASE WHEN o > 2000 THEN CASE WHEN o % 3 = 0 THEN 'SHIPPED' WHEN q > 90 THEN 'BACKORDER' ELSE 'OPEN' END END
FROM generate_series(1, 3000) AS o,
     generate_series(1, 1 + o % 5) AS l,
     LATERAL (SELECT 1 + (o * 13 + l * 7) % 100 AS q) AS x;
ANALYZE "Sales"."Order Lines";
