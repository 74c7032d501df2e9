-- Sample data: 15,000 accounts with uuid keys. About 40% of the addresses have capitals
-- (written before release 3.1) and need the fix; the rest are lower case already.
INSERT INTO public.accounts (id, email, display_name, plan, created_at)
SELECT md5('account' || i)::uuid,
       CASE WHEN i % 5 < 2 THEN initcap(name) || '.' || upper(substr(md5(i::text), 1, 3)) || '@Example.COM'
            ELSE name || '.' || substr(md5(i::text), 1, 3) || '@example.com' END,
       CASE WHEN i % 7 = 0 THEN NULL ELSE initcap(name) END,
       (ARRAY['free', 'pro', 'team'])[1 + i % 3],
       timestamptz '2022-06-01' + i * interval '47 minutes'
FROM generate_series(1, 15000) AS i,
     LATERAL (SELECT (ARRAY['anna', 'bram', 'chloe', 'daan', 'eva', 'finn', 'gijs', 'hana'])[1 + i % 8] || i AS name) AS n;
ANALYZE public.accounts;
