--
-- A product catalogue (pg_dump --schema-only style). Prices move from numeric euros to whole
-- cents in a bigint, while old application versions still read and write the euros.
--

SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);

CREATE TABLE public.products (
    id bigint NOT NULL,
    title text NOT NULL,
    price numeric(12,2),
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE ONLY public.products ADD CONSTRAINT products_pkey PRIMARY KEY (id);

CREATE INDEX products_price_idx ON public.products USING btree (price) WHERE (price IS NOT NULL);
CREATE INDEX products_title_price_idx ON public.products USING btree (title, price);
