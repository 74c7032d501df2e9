-- The SQL a JSON plan prints for people to run by hand, one query text per row: analysis and
-- progress queries, each stage's check, the preflight counts, the monitoring queries.
-- psql -c "\set plan `cat plan.json`" -f plan_queries.sql
SELECT q FROM (
  SELECT x->>'sql' AS q FROM jsonb_array_elements(:'plan'::jsonb->'analysis_queries') AS x
  UNION ALL SELECT x->>'sql' FROM jsonb_array_elements(:'plan'::jsonb->'progress_queries') AS x
  UNION ALL SELECT x->>'verify_sql' FROM jsonb_array_elements(:'plan'::jsonb->'stages') AS x
  UNION ALL SELECT x->>'sql' FROM jsonb_array_elements(:'plan'::jsonb->'preflight') AS x
  UNION ALL SELECT x->>'how' FROM jsonb_array_elements(:'plan'::jsonb->'monitoring') AS x
  UNION ALL SELECT x->>'sql' FROM jsonb_array_elements(:'plan'::jsonb->'control') AS x  -- the state query; its UPDATEs are not read-only
) AS all_queries
WHERE q ~* '^\s*(SELECT|WITH)\s'
