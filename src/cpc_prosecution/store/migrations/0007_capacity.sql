-- Prosecution capacity, as counts only: staffing snapshots of an office and trainings delivered.
-- No row names a person.

CREATE TABLE office_staffing (
    office_id               reference_id NOT NULL REFERENCES prosecution_office (office_id),
    as_of                   date         NOT NULL,
    positions_filled        integer      NOT NULL CHECK (positions_filled >= 0),
    positions_vacant        integer      NOT NULL CHECK (positions_vacant >= 0),
    carrying_caseload       integer      NOT NULL CHECK (carrying_caseload BETWEEN 0 AND positions_filled),
    trained_trafficking     integer      NOT NULL CHECK (trained_trafficking BETWEEN 0 AND positions_filled),
    trained_child_sensitive integer      NOT NULL CHECK (trained_child_sensitive BETWEEN 0 AND positions_filled),
    recorded_at             timestamptz  NOT NULL DEFAULT now(),
    recorded_by             text         NOT NULL,
    PRIMARY KEY (office_id, as_of)
);

CREATE TABLE training_event (
    training_id  uuid         PRIMARY KEY,
    office_id    reference_id NOT NULL REFERENCES prosecution_office (office_id),
    held_on      date         NOT NULL,
    topic        text         NOT NULL,
    provider     text         NOT NULL,
    participants integer      NOT NULL CHECK (participants > 0),
    hours        integer      NOT NULL CHECK (hours > 0),
    recorded_at  timestamptz  NOT NULL DEFAULT now(),
    recorded_by  text         NOT NULL
);
CREATE INDEX training_event_office ON training_event (office_id, held_on);
