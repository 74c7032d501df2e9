-- Rows for examples/triggers_unique: 50,000 accounts, 40,000 of them without a handle.
-- Load after schema.sql:  psql -f schema.sql -f data.sql
INSERT INTO public.accounts (id, email, display_name, handle)
SELECT g,
       'User.' || g || CASE WHEN g % 7 = 0 THEN '+news' ELSE '' END || '@example.com',
       'User ' || g,
       CASE WHEN g > 40000 THEN 'member_' || g END
FROM generate_series(1, 50000) AS g;
ANALYZE public.accounts;
