-- Targets may also be set for an administrative region, a province (or independent city) or a city
-- or municipality (PSGC codes), read against the place breakdowns (docs/geography.md).
ALTER TABLE metric_target DROP CONSTRAINT metric_target_scope_check;
ALTER TABLE metric_target ADD CONSTRAINT metric_target_scope_check
    CHECK (scope IN ('all', 'judicial_region', 'office', 'court', 'admin_region', 'province', 'city_municipality'));
