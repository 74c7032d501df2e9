-- Sample data: 18,000 events spread over the three quarterly partitions and the default
-- partition (late 2024). Events up to id 13,000 predate the severity column (NULL).
INSERT INTO public.events (id, occurred_at, kind, source, severity)
SELECT i, timestamptz '2024-01-01 00:00:00+00' + i * interval '22 minutes', k.kind,
       (ARRAY['api', 'worker', 'scheduler'])[1 + i % 3],
       CASE WHEN i > 13000 THEN CASE WHEN k.kind LIKE '%error%' THEN 'error' WHEN k.kind LIKE '%retry%' THEN 'warning' ELSE 'info' END END
FROM generate_series(1, 18000) AS i,
     LATERAL (SELECT (ARRAY['job.started', 'job.done', 'job.retry', 'http.error', 'login', 'db.error'])[1 + (i * 7) % 6] AS kind) AS k;
ANALYZE public.events;
