-- Reference entities, identifiers only: prosecution offices, courts (RTC branches) and hotspots.
-- Places are 10-character PSGC strings; the hierarchy is never derived by slicing them.

CREATE DOMAIN psgc AS char(10) CHECK (VALUE ~ '^[0-9]{10}$');
CREATE DOMAIN reference_id AS text CHECK (VALUE ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$');

CREATE TABLE prosecution_office (
    office_id   reference_id PRIMARY KEY,
    office_type text         NOT NULL
        CHECK (office_type IN ('NATIONAL_PROSECUTION_STAFF', 'REGIONAL', 'PROVINCIAL', 'CITY')),
    psgc        psgc         NOT NULL,
    created_at  timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE court (
    court_id        reference_id PRIMARY KEY,
    judicial_region text         NOT NULL
        CHECK (judicial_region IN ('NCJR', 'R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8', 'R9', 'R10', 'R11', 'R12')),
    station_psgc    psgc         NOT NULL,
    branch_label    text         NOT NULL CHECK (branch_label ~ '^[A-Za-z0-9][A-Za-z0-9 .-]{0,39}$'),
    designation     text         NOT NULL CHECK (designation IN ('FAMILY', 'CYBERCRIME', 'REGULAR')),
    created_at      timestamptz  NOT NULL DEFAULT now(),
    UNIQUE (judicial_region, station_psgc, branch_label, designation)
);

CREATE TABLE hotspot (
    hotspot_id    reference_id PRIMARY KEY,
    psgc          psgc         NOT NULL,
    designated_by text         NOT NULL,
    basis         text         NOT NULL,
    valid_from    date         NOT NULL,
    valid_to      date,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
