-- Sample data: 6,000 users of one homeserver. shadow_banned is NULL for the accounts registered
-- before the column existed (two in three), false or true for the later ones. Every user has a
-- name: 01_preflight.sql refuses target rows with a NULL key (tests/e2e/check_nullable_key.sh
-- writes some).
INSERT INTO public.users (name, password_hash, creation_ts, admin, is_guest, deactivated, shadow_banned, user_type)
SELECT '@user' || i || ':example.org',
       CASE WHEN i % 9 = 0 THEN NULL ELSE '$2b$12$' || md5(i::text) END,
       1500000000 + i * 3600,
       CASE WHEN i % 1000 = 1 THEN 1 ELSE 0 END,
       CASE WHEN i % 50 = 0 THEN 1 ELSE 0 END,
       CASE WHEN i % 40 = 0 THEN 1 ELSE 0 END,
       CASE WHEN i % 3 = 0 THEN i % 100 = 0 END,
       CASE WHEN i % 200 = 0 THEN 'support' END
FROM generate_series(1, 6000) AS i;
ANALYZE public.users;
