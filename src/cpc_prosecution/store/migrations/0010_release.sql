-- Disclosure-controlled releases (privacy.md §4): immutable once stored.
-- `release` and `release_table` hold what the public API serves, as the exact bytes built once;
-- `release_internal` holds the true tables and the suppression pattern, never served, kept so that a
-- revision can be audited together with everything already published.

CREATE TABLE release (
    release_id        text        PRIMARY KEY CHECK (release_id ~ '^[0-9]{4}Q[1-4]\.[1-9][0-9]{0,3}$'),
    period            text        NOT NULL CHECK (period ~ '^[0-9]{4}Q[1-4]$'),
    revision          integer     NOT NULL CHECK (revision >= 1),
    catalogue_version text        NOT NULL,
    parameters        jsonb       NOT NULL,
    data_cutoff       date        NOT NULL,
    built_at          timestamptz NOT NULL,
    built_by          text        NOT NULL,
    content_hash      char(64)    NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
    document          bytea       NOT NULL,
    UNIQUE (period, revision),
    CHECK (release_id = period || '.' || revision)
);

CREATE TABLE release_table (
    release_id text  NOT NULL REFERENCES release (release_id),
    table_id   text  NOT NULL,
    json       bytea NOT NULL,
    csv        bytea NOT NULL,
    PRIMARY KEY (release_id, table_id)
);

CREATE TABLE release_internal (
    release_id text  PRIMARY KEY REFERENCES release (release_id),
    geography  bytea NOT NULL,
    tables     bytea NOT NULL,
    protection bytea NOT NULL
);

CREATE FUNCTION refuse_release_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is immutable: build a revision instead of %', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER release_immutable BEFORE UPDATE OR DELETE ON release
    FOR EACH ROW EXECUTE FUNCTION refuse_release_change();
CREATE TRIGGER release_no_truncate BEFORE TRUNCATE ON release
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_release_change();
CREATE TRIGGER release_table_immutable BEFORE UPDATE OR DELETE ON release_table
    FOR EACH ROW EXECUTE FUNCTION refuse_release_change();
CREATE TRIGGER release_table_no_truncate BEFORE TRUNCATE ON release_table
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_release_change();
CREATE TRIGGER release_internal_immutable BEFORE UPDATE OR DELETE ON release_internal
    FOR EACH ROW EXECUTE FUNCTION refuse_release_change();
CREATE TRIGGER release_internal_no_truncate BEFORE TRUNCATE ON release_internal
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_release_change();
