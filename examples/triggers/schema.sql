--
-- Help desk schema (pg_dump --schema-only style): tickets with a text primary key, a trigger
-- that maintains updated_at, an audit trigger that records every change (unless the session
-- sets helpdesk.skip_audit) and a trigger that bumps the ticket's queue's updated_at.
--

SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);

CREATE FUNCTION public.touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  NEW.updated_at := clock_timestamp();
  RETURN NEW;
END
$$;

CREATE FUNCTION public.audit_ticket() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  IF current_setting('helpdesk.skip_audit', true) = 'on' THEN
    RETURN NULL;
  END IF;
  INSERT INTO public.ticket_audit (ticket_id, old_priority_label, new_priority_label)
  VALUES (NEW.id, OLD.priority_label, NEW.priority_label);
  RETURN NULL;
END
$$;

CREATE FUNCTION public.bump_queue() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  UPDATE public.ticket_queues SET updated_at = clock_timestamp() WHERE id = NEW.queue_id;
  RETURN NULL;
END
$$;

CREATE TABLE public.ticket_queues (
    id bigint NOT NULL,
    name text NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.tickets (
    id text NOT NULL,
    subject text NOT NULL,
    priority integer NOT NULL,
    priority_label text,
    assignee text,
    queue_id bigint NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT tickets_priority_check CHECK (((priority >= 1) AND (priority <= 4)))
);

CREATE TABLE public.ticket_audit (
    id bigint NOT NULL,
    ticket_id text NOT NULL,
    old_priority_label text,
    new_priority_label text,
    changed_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);

CREATE SEQUENCE public.ticket_audit_id_seq START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;
ALTER SEQUENCE public.ticket_audit_id_seq OWNED BY public.ticket_audit.id;
ALTER TABLE ONLY public.ticket_audit ALTER COLUMN id SET DEFAULT nextval('public.ticket_audit_id_seq'::regclass);

ALTER TABLE ONLY public.ticket_queues
    ADD CONSTRAINT ticket_queues_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.tickets
    ADD CONSTRAINT tickets_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.tickets
    ADD CONSTRAINT tickets_queue_id_fkey FOREIGN KEY (queue_id) REFERENCES public.ticket_queues(id);
ALTER TABLE ONLY public.ticket_audit
    ADD CONSTRAINT ticket_audit_pkey PRIMARY KEY (id);

CREATE INDEX tickets_queue_id_idx ON public.tickets USING btree (queue_id);
CREATE INDEX ticket_audit_ticket_id_idx ON public.ticket_audit USING btree (ticket_id);

CREATE TRIGGER tickets_touch_updated_at BEFORE UPDATE ON public.tickets FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();
CREATE TRIGGER tickets_audit AFTER UPDATE ON public.tickets FOR EACH ROW EXECUTE FUNCTION public.audit_ticket();
CREATE TRIGGER tickets_bump_queue AFTER UPDATE ON public.tickets FOR EACH ROW EXECUTE FUNCTION public.bump_queue();
