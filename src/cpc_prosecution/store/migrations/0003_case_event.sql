-- Cases as append-only event histories.
--
-- case_file: one row per case, holding its owner and its version (the seq of its last event), which
--   appends compare against (optimistic concurrency) and lock (SELECT ... FOR UPDATE).
-- case_event: the source of truth; never updated or deleted (corrections are events).
-- case_docket: docket numbers as keyed hashes only (HMAC-SHA256, scoped by office or court).
-- idempotency_record: the first successful response to a request carrying an Idempotency-Key.

CREATE TABLE case_file (
    case_id    uuid         PRIMARY KEY,
    list_order bigint       GENERATED ALWAYS AS IDENTITY UNIQUE,
    office_id  reference_id NOT NULL REFERENCES prosecution_office (office_id),
    case_type  text         NOT NULL,
    version    integer      NOT NULL CHECK (version >= 0),
    opened_at  timestamptz  NOT NULL DEFAULT now(),
    opened_by  text         NOT NULL
);

-- No foreign key to case_file: the service writes both in one transaction, and bulk imports COPY
-- events at full speed.
CREATE TABLE case_event (
    case_id         uuid        NOT NULL,
    seq             integer     NOT NULL CHECK (seq > 0),
    type            text        NOT NULL,
    occurred_on     date        NOT NULL,
    payload         jsonb       NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    recorded_by     text        NOT NULL,
    idempotency_key text,
    PRIMARY KEY (case_id, seq)
);

CREATE FUNCTION refuse_case_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'case_event is append-only: record a correction event instead of %', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER case_event_no_update_or_delete
    BEFORE UPDATE OR DELETE ON case_event
    FOR EACH ROW EXECUTE FUNCTION refuse_case_event_change();

CREATE TRIGGER case_event_no_truncate
    BEFORE TRUNCATE ON case_event
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_case_event_change();

CREATE TABLE case_docket (
    kind        text         NOT NULL CHECK (kind IN ('nps', 'criminal_case')),
    scope_id    reference_id NOT NULL,
    docket_hash bytea        NOT NULL CHECK (octet_length(docket_hash) = 32),
    case_id     uuid         NOT NULL REFERENCES case_file (case_id),
    added_at    timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, scope_id, docket_hash)
);
CREATE INDEX case_docket_case ON case_docket (case_id);

CREATE TABLE idempotency_record (
    client      text        NOT NULL,
    key         text        NOT NULL,
    fingerprint bytea       NOT NULL,
    status      smallint    NOT NULL,
    response    jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (client, key)
);
