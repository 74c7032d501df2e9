-- Sample data for trying the bundle (and for tests/e2e_test.sh): 6,000 projects of 20 tenants.
-- Projects older than the state column (ids up to 4,500) have state NULL and need the
-- backfill; newer ones were written with a state by the application and must be left alone.
-- Loaded by the table owner, to whom the policies do not apply (no FORCE ROW LEVEL SECURITY).
INSERT INTO public.projects (id, tenant_id, name, state, archived_at, created_at)
SELECT i,
       1 + (i * 7919) % 20,
       'project ' || i,
       CASE WHEN i <= 4500 THEN NULL
            WHEN i % 7 = 0 THEN 'archived'
            ELSE 'active' END,
       CASE WHEN i % 7 = 0 THEN created + interval '90 days' END,
       created
FROM generate_series(1, 6000) AS i,
     LATERAL (SELECT timestamptz '2023-01-01' + i * interval '2 hours' AS created) AS c;

ANALYZE public.projects;
