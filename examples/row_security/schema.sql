--
-- Multi-tenant project tracker (pg_dump --schema-only style): every tenant sees only its own
-- projects through row-level security. The application sets app.tenant_id per connection;
-- a session that has not set it sees no project at all (current_setting(..., true) is NULL).
--

SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);

CREATE TABLE public.projects (
    id bigint NOT NULL,
    tenant_id bigint NOT NULL,
    name text NOT NULL,
    state text,
    archived_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT projects_state_check CHECK ((state = ANY (ARRAY['active'::text, 'archived'::text])))
);

ALTER TABLE public.projects OWNER TO postgres;

COMMENT ON COLUMN public.projects.state IS 'active or archived; NULL for projects created before the state column';

ALTER TABLE ONLY public.projects
    ADD CONSTRAINT projects_pkey PRIMARY KEY (id);

CREATE INDEX projects_tenant_id_idx ON public.projects USING btree (tenant_id);

ALTER TABLE public.projects ENABLE ROW LEVEL SECURITY;

CREATE POLICY tenant_isolation ON public.projects
    USING ((tenant_id = (current_setting('app.tenant_id'::text, true))::bigint))
    WITH CHECK ((tenant_id = (current_setting('app.tenant_id'::text, true))::bigint));

GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE public.projects TO PUBLIC;
