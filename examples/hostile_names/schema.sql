-- Names chosen to break naive quoting: quotes, semicolons, comment markers, dollar quotes,
-- spaces, Unicode, reserved words, and names at the 63-byte limit.

CREATE SCHEMA "Ünïcode ""Schema""; --";

CREATE TABLE public.sentinel (id integer PRIMARY KEY, note text NOT NULL);

CREATE TABLE "Ünïcode ""Schema""; --"."Order$$Lines; DROP TABLE public.sentinel; --" (
    "Key; --""id""" bigint NOT NULL,
    "select" text,
    "St'atus ""Co--de""$$" text,
    "ccccccccccccccccccccccccccccccccccccccccccccccccccccccc_63bytes" integer DEFAULT 0 NOT NULL,
    "updated at" timestamp with time zone
);

ALTER TABLE ONLY "Ünïcode ""Schema""; --"."Order$$Lines; DROP TABLE public.sentinel; --"
    ADD CONSTRAINT "pk""; DROP TABLE public.sentinel; --" PRIMARY KEY ("Key; --""id""");

CREATE INDEX "ix_éééééééééééééééééééééééééééé_end" ON "Ünïcode ""Schema""; --"."Order$$Lines; DROP TABLE public.sentinel; --" USING btree ("St'atus ""Co--de""$$");

CREATE FUNCTION "Ünïcode ""Schema""; --"."touch$body$"() RETURNS trigger
    LANGUAGE plpgsql
    AS $f$
BEGIN
  NEW."updated at" := now();
  RETURN NEW;
END
$f$;

CREATE TRIGGER "trg""; DROP TABLE public.sentinel; --" BEFORE UPDATE ON "Ünïcode ""Schema""; --"."Order$$Lines; DROP TABLE public.sentinel; --"
    FOR EACH ROW EXECUTE FUNCTION "Ünïcode ""Schema""; --"."touch$body$"();
