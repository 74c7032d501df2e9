--
-- Matrix Synapse's event_push_actions_staging table, as its full schema (v72, pg_dump style) has
-- it: no primary key and no unique index, only an index on event_id, which many rows share. From
-- matrix-org/synapse (Apache License 2.0), synapse/storage/schema/main/full_schemas/72/full.sql.postgres,
-- with this table only. The plan is refused: no key to page by (expected/*.blocked.txt).
--

CREATE TABLE event_push_actions_staging (
    event_id text NOT NULL,
    user_id text NOT NULL,
    actions text NOT NULL,
    notif smallint NOT NULL,
    highlight smallint NOT NULL,
    unread smallint,
    thread_id text
);

CREATE INDEX event_push_actions_staging_id ON event_push_actions_staging USING btree (event_id);
