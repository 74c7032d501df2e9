-- Prints shell assignments describing one backfill, from the tool's JSON plan (psql variable
-- plan) and the catalog of the loaded schema. Read by check_example.sh with eval.
\set QUIET on
\pset format unaligned
\pset tuples_only on
CREATE OR REPLACE FUNCTION pg_temp.sh(name text, value text) RETURNS text
LANGUAGE sql AS $$ SELECT name || '=''' || replace(coalesce(value, ''), '''', '''\''''') || '''' $$;
WITH p AS (SELECT :'plan'::jsonb AS j),
     t AS (SELECT (j #>> '{target,table}')::regclass AS oid, j FROM p)
SELECT pg_temp.sh('T', j #>> '{target,table}') || E'\n' ||
       pg_temp.sh('REF', quote_ident(c.relname)) || E'\n' ||
       pg_temp.sh('COL', j #>> '{target,column}') || E'\n' ||
       pg_temp.sh('COL_NAME', (parse_ident(j #>> '{target,column}'))[1]) || E'\n' ||
       pg_temp.sh('SETX', j #>> '{requirement,set}') || E'\n' ||
       pg_temp.sh('WHEREX', j #>> '{requirement,where}') || E'\n' ||
       pg_temp.sh('KIND', j #>> '{requirement,kind}') || E'\n' ||
       pg_temp.sh('NOT_NULL_AFTER', j #>> '{requirement,not_null_after}') || E'\n' ||
       pg_temp.sh('BACKUP', quote_ident(j #>> '{objects,schema}') || '.' || quote_ident(j #>> '{objects,backup_table}')) || E'\n' ||
       pg_temp.sh('PROGRESS', quote_ident(j #>> '{objects,schema}') || '.' || quote_ident(j #>> '{objects,progress_table}')) || E'\n' ||
       pg_temp.sh('APP_NAME', 'backfill ' || (j #>> '{objects,backup_table}')) || E'\n' ||
       pg_temp.sh('PARTITIONED', (c.relkind = 'p')::text) || E'\n' ||
       pg_temp.sh('TRIGGERS', (SELECT count(*)::text FROM pg_trigger WHERE tgrelid = t.oid AND NOT tgisinternal))
FROM t JOIN pg_class c ON c.oid = t.oid;
