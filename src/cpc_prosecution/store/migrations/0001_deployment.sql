-- The identity of this database as a cpc-prosecution store: one row, written once.
-- Later features (first-start admin key, release provenance) read it to know which deployment they are in.
CREATE TABLE deployment (
    singleton     boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    deployment_id uuid        NOT NULL DEFAULT gen_random_uuid(),
    created_at    timestamptz NOT NULL DEFAULT now()
);

INSERT INTO deployment DEFAULT VALUES;
