-- API keys and the audit log.
--
-- api_key: a key is shown once; only the SHA-256 of its secret part is kept, beside a short public
--   prefix that identifies it in listings and logs-free audits. Keys carry a role and a scope
--   (offices and/or judicial regions); they expire or are revoked, never deleted.
-- audit_log: who (key id), what (operation, case id, result) and when, for every write and every read
--   of a case record. Append-only, like case_event.

CREATE TABLE api_key (
    key_id      uuid        PRIMARY KEY,
    prefix      text        NOT NULL UNIQUE CHECK (prefix ~ '^[a-z0-9]{8}$'),
    secret_hash bytea       NOT NULL CHECK (octet_length(secret_hash) = 32),
    role        text        NOT NULL CHECK (role IN ('admin', 'liaison', 'analyst', 'viewer')),
    offices     text[]      NOT NULL DEFAULT '{}',
    regions     text[]      NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  uuid        REFERENCES api_key (key_id),
    expires_at  timestamptz,
    revoked_at  timestamptz
);

CREATE TABLE audit_log (
    entry_id   bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT now(),
    key_id     uuid,
    role       text,
    operation  text        NOT NULL,
    case_id    uuid,
    result     text        NOT NULL
);
CREATE INDEX audit_log_case ON audit_log (case_id, entry_id) WHERE case_id IS NOT NULL;
CREATE INDEX audit_log_key ON audit_log (key_id, entry_id);

CREATE FUNCTION refuse_audit_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only (%)', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER audit_log_no_update_or_delete
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_log_change();

CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_log_change();
