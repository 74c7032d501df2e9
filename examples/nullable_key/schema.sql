--
-- Matrix Synapse's users table, as its full schema (v72, pg_dump style) has it: no primary key,
-- and UNIQUE (name) on a nullable column. From matrix-org/synapse (Apache License 2.0),
-- synapse/storage/schema/main/full_schemas/72/full.sql.postgres, with the columns and index of
-- this table only.
--

CREATE TABLE users (
    name text,
    password_hash text,
    creation_ts bigint,
    admin smallint DEFAULT 0 NOT NULL,
    upgrade_ts bigint,
    is_guest smallint DEFAULT 0 NOT NULL,
    appservice_id text,
    consent_version text,
    consent_server_notice_sent text,
    user_type text,
    deactivated smallint DEFAULT 0 NOT NULL,
    shadow_banned boolean,
    consent_ts bigint
);

ALTER TABLE ONLY users
    ADD CONSTRAINT users_name_key UNIQUE (name);

CREATE INDEX users_creation_ts ON users USING btree (creation_ts);
