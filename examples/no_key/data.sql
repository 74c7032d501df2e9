-- Sample data: 3,000 push actions of 500 events (six users notified of each), a third of them
-- staged before threads existed (thread_id NULL). tests/e2e/check_no_key.sh runs the key the
-- refusal proposes on it.
INSERT INTO public.event_push_actions_staging (event_id, user_id, actions, notif, highlight, unread, thread_id)
SELECT '$event' || (i / 6) || ':example.org',
       '@user' || (i % 6) || ':example.org',
       '["notify"]',
       1,
       CASE WHEN i % 10 = 0 THEN 1 ELSE 0 END,
       CASE WHEN i % 4 = 0 THEN NULL ELSE 1 END,
       CASE WHEN i % 3 = 0 THEN NULL ELSE 'main' END
FROM generate_series(0, 2999) AS i;
ANALYZE public.event_push_actions_staging;
