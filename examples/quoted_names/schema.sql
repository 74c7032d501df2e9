--
-- Sales schema (pg_dump --schema-only style) with quoted, mixed-case names. The order lines
-- table has no primary key: a unique index on NOT NULL columns identifies its rows.
--

SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);

CREATE SCHEMA "Sales";

CREATE TABLE "Sales"."Order Lines" (
    "Order No" bigint NOT NULL,
    "Line No" integer NOT NULL,
    "Product Code" text NOT NULL,
    "Quantity" integer NOT NULL,
    "Shipped" boolean DEFAULT false NOT NULL,
    "Status Code" text,
    CONSTRAINT "Order Lines_Status Code_check" CHECK (("Status Code" = ANY (ARRAY['OPEN'::text, 'SHIPPED'::text, 'BACKORDER'::text])))
);

CREATE UNIQUE INDEX "Order Lines_Order No_Line No_key" ON "Sales"."Order Lines" USING btree ("Order No", "Line No");

CREATE INDEX "Order Lines_Product Code_idx" ON "Sales"."Order Lines" USING btree ("Product Code");
