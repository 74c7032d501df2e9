--
-- Event log schema (pg_dump --schema-only style): a range-partitioned table, one partition
-- per quarter and a default partition.
--

SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);

CREATE TABLE public.events (
    id bigint NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    kind text NOT NULL,
    source text NOT NULL,
    severity text
)
PARTITION BY RANGE (occurred_at);

CREATE TABLE public.events_2024_q1 (
    id bigint NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    kind text NOT NULL,
    source text NOT NULL,
    severity text
);
CREATE TABLE public.events_2024_q2 (
    id bigint NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    kind text NOT NULL,
    source text NOT NULL,
    severity text
);
CREATE TABLE public.events_2024_q3 (
    id bigint NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    kind text NOT NULL,
    source text NOT NULL,
    severity text
);
CREATE TABLE public.events_default (
    id bigint NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    kind text NOT NULL,
    source text NOT NULL,
    severity text
);

ALTER TABLE ONLY public.events ATTACH PARTITION public.events_2024_q1 FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2024-04-01 00:00:00+00');
ALTER TABLE ONLY public.events ATTACH PARTITION public.events_2024_q2 FOR VALUES FROM ('2024-04-01 00:00:00+00') TO ('2024-07-01 00:00:00+00');
ALTER TABLE ONLY public.events ATTACH PARTITION public.events_2024_q3 FOR VALUES FROM ('2024-07-01 00:00:00+00') TO ('2024-10-01 00:00:00+00');
ALTER TABLE ONLY public.events ATTACH PARTITION public.events_default DEFAULT;

ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_pkey PRIMARY KEY (id, occurred_at);
ALTER TABLE ONLY public.events_2024_q1
    ADD CONSTRAINT events_2024_q1_pkey PRIMARY KEY (id, occurred_at);
ALTER TABLE ONLY public.events_2024_q2
    ADD CONSTRAINT events_2024_q2_pkey PRIMARY KEY (id, occurred_at);
ALTER TABLE ONLY public.events_2024_q3
    ADD CONSTRAINT events_2024_q3_pkey PRIMARY KEY (id, occurred_at);
ALTER TABLE ONLY public.events_default
    ADD CONSTRAINT events_default_pkey PRIMARY KEY (id, occurred_at);

ALTER INDEX public.events_pkey ATTACH PARTITION public.events_2024_q1_pkey;
ALTER INDEX public.events_pkey ATTACH PARTITION public.events_2024_q2_pkey;
ALTER INDEX public.events_pkey ATTACH PARTITION public.events_2024_q3_pkey;
ALTER INDEX public.events_pkey ATTACH PARTITION public.events_default_pkey;
