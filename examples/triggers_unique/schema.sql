--
-- Accounts with a login handle: a trigger keeps a search column and updated_at in step, another
-- writes every change of the handle to an audit table. Handles are unique, case-insensitively.
--

CREATE DOMAIN public.handle_text AS text
    CONSTRAINT handle_text_check CHECK (VALUE ~ '^[a-z0-9_.-]{3,30}$');

CREATE TABLE public.accounts (
    id bigint NOT NULL,
    email text NOT NULL,
    display_name text NOT NULL,
    handle public.handle_text,
    handle_search text,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT accounts_pkey PRIMARY KEY (id)
);

CREATE TABLE public.account_audit (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id bigint NOT NULL,
    old_handle text,
    new_handle text,
    changed_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE UNIQUE INDEX accounts_handle_key ON public.accounts USING btree (lower((handle)::text));
CREATE INDEX accounts_email_idx ON public.accounts USING btree (email);

CREATE FUNCTION public.accounts_maintain() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  NEW.handle_search := lower(NEW.handle::text);
  NEW.updated_at := now();
  RETURN NEW;
END
$$;

CREATE FUNCTION public.accounts_audit() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  INSERT INTO public.account_audit (account_id, old_handle, new_handle)
  VALUES (OLD.id, OLD.handle, NEW.handle);
  RETURN NULL;
END
$$;

CREATE TRIGGER accounts_maintain BEFORE INSERT OR UPDATE ON public.accounts
    FOR EACH ROW EXECUTE FUNCTION public.accounts_maintain();

CREATE TRIGGER accounts_audit AFTER UPDATE OF handle ON public.accounts
    FOR EACH ROW WHEN (OLD.handle IS DISTINCT FROM NEW.handle) EXECUTE FUNCTION public.accounts_audit();
