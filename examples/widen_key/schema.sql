--
-- Accounts keyed by a serial integer that will run out (pg_dump --schema-only style). The key is
-- widened to bigint under the same name while the application runs; invoices reference it.
--

SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);

CREATE TABLE public.accounts (
    id integer NOT NULL,
    email text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE SEQUENCE public.accounts_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.accounts_id_seq OWNED BY public.accounts.id;

ALTER TABLE ONLY public.accounts ALTER COLUMN id SET DEFAULT nextval('public.accounts_id_seq'::regclass);

CREATE TABLE public.invoices (
    id bigint NOT NULL,
    account_id integer NOT NULL,
    total numeric(12,2) NOT NULL
);

ALTER TABLE ONLY public.accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.invoices ADD CONSTRAINT invoices_pkey PRIMARY KEY (id);

CREATE INDEX invoices_account_id_idx ON public.invoices USING btree (account_id);

ALTER TABLE ONLY public.invoices
    ADD CONSTRAINT invoices_account_id_fkey FOREIGN KEY (account_id) REFERENCES public.accounts(id) ON DELETE CASCADE;

-- A report view: it groups by the key alone (the primary key makes email functionally
-- dependent), so it depends on the key's constraint as well as on the column.
CREATE VIEW public.account_totals WITH (security_barrier='true') AS
 SELECT a.id,
    a.email,
    count(i.id) AS invoices,
    COALESCE(sum(i.total), (0)::numeric) AS total
   FROM (public.accounts a
     LEFT JOIN public.invoices i ON ((i.account_id = a.id)))
  GROUP BY a.id;

COMMENT ON VIEW public.account_totals IS 'Invoices per account, for the billing dashboard.';

GRANT SELECT ON TABLE public.account_totals TO PUBLIC;
