-- Differential-privacy budget (optional DP mode, docs/privacy-dp.md).
--
-- dp_budget: the privacy-loss cap of one dataset for one period (a year by default, ε = 4). Charging
--   locks its row (SELECT ... FOR UPDATE), so concurrent release builds are serialised and cannot
--   overspend together.
-- dp_ledger: every mechanism run, with what it cost. Append-only: the budget left is the cap minus
--   the sum of the ledger, so changing or removing a row would hand back privacy already spent.
--
-- release_id is a release's id (e.g. 2025Q4.1, migration 0010). It has no foreign key yet because the
-- ledger is charged before the release row is inserted in the same transaction; when release builds
-- call the DP mode, add a DEFERRABLE INITIALLY DEFERRED foreign key in a new migration.

CREATE TABLE dp_budget (
    dataset_id text             NOT NULL CHECK (dataset_id <> ''),
    period     text             NOT NULL CHECK (period <> ''),
    eps_cap    double precision NOT NULL CHECK (eps_cap > 0 AND eps_cap <> 'Infinity'),
    created_at timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (dataset_id, period)
);

CREATE TABLE dp_ledger (
    id              bigint           GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dataset_id      text             NOT NULL,
    period          text             NOT NULL,
    release_id      text             NOT NULL CHECK (release_id <> ''),
    table_spec_hash text             NOT NULL CHECK (table_spec_hash ~ '^[0-9a-f]{64}$'),
    mechanism       text             NOT NULL CHECK (mechanism IN ('discrete_laplace', 'private_quantile')),
    d_in            integer          NOT NULL CHECK (d_in >= 1),
    scale           double precision NOT NULL CHECK (scale > 0 AND scale <> 'Infinity'),
    epsilon         double precision NOT NULL CHECK (epsilon > 0 AND epsilon <> 'Infinity'),
    created_at      timestamptz      NOT NULL DEFAULT now(),
    actor           text             NOT NULL CHECK (actor <> ''),
    FOREIGN KEY (dataset_id, period) REFERENCES dp_budget (dataset_id, period)
);
CREATE INDEX dp_ledger_budget ON dp_ledger (dataset_id, period);
CREATE INDEX dp_ledger_release ON dp_ledger (release_id);

CREATE FUNCTION refuse_dp_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'dp_ledger is append-only: privacy loss once spent is never given back (%)', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER dp_ledger_no_update_or_delete
    BEFORE UPDATE OR DELETE ON dp_ledger
    FOR EACH ROW EXECUTE FUNCTION refuse_dp_ledger_change();

CREATE TRIGGER dp_ledger_no_truncate
    BEFORE TRUNCATE ON dp_ledger
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_dp_ledger_change();
