--
-- A customer directory (pg_dump --schema-only style). The application renames `name` to
-- `full_name`: old and new application versions run side by side during the deploy.
--

SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);

CREATE TABLE public.customers (
    id bigint NOT NULL,
    name text NOT NULL,
    email text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE ONLY public.customers ADD CONSTRAINT customers_pkey PRIMARY KEY (id);

CREATE INDEX customers_name_idx ON public.customers USING btree (name text_pattern_ops);
CREATE INDEX customers_name_created_idx ON public.customers USING btree (name, created_at DESC);
CREATE UNIQUE INDEX customers_email_key ON public.customers USING btree (email);
