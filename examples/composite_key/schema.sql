--
-- Logistics schema (pg_dump --schema-only style): shipments are numbered per region.
--

SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);

CREATE TABLE public.shipments (
    region text NOT NULL,
    shipment_no integer NOT NULL,
    weight_g integer NOT NULL,
    weight_kg numeric(10,3),
    carrier text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT shipments_weight_g_check CHECK ((weight_g > 0))
);

COMMENT ON COLUMN public.shipments.weight_kg IS 'replaces weight_g; NULL for shipments booked before release 7';

ALTER TABLE ONLY public.shipments
    ADD CONSTRAINT shipments_pkey PRIMARY KEY (region, shipment_no);

CREATE INDEX shipments_carrier_idx ON public.shipments USING btree (carrier);
