-- Baselines and targets per metric measure, scope and period (the partnership's shared objectives).
CREATE TABLE metric_target (
    metric_id text             NOT NULL,
    measure   text             NOT NULL,
    category  text             NOT NULL DEFAULT '',
    scope     text             NOT NULL CHECK (scope IN ('all', 'judicial_region', 'office', 'court')),
    scope_id  text             NOT NULL DEFAULT '',
    period    text             NOT NULL,
    baseline  double precision NOT NULL,
    target    double precision NOT NULL,
    set_at    timestamptz      NOT NULL DEFAULT now(),
    set_by    text             NOT NULL,
    PRIMARY KEY (metric_id, measure, category, scope, scope_id, period)
);
