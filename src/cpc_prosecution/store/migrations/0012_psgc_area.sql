-- The PSGC masterlist (domain brief §7.1): each area with its explicit parent, as the PSA lists it,
-- and its roll-up to the administrative region, the province (or independent city) and the city or
-- municipality, worked out once when a masterlist edition is loaded (`db load-psgc`). Metrics break
-- cases down by their place's roll-up; the codes are never sliced.

CREATE TABLE psgc_area (
    psgc              psgc PRIMARY KEY,
    label             text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),  -- the PSA's name of the area
    level             text NOT NULL CHECK (level IN ('REGION', 'PROVINCE', 'DISTRICT', 'CITY', 'MUNICIPALITY',
                                                     'SUB_MUNICIPALITY', 'SPECIAL_GEOGRAPHIC_AREA', 'BARANGAY')),
    parent_psgc       psgc REFERENCES psgc_area (psgc) DEFERRABLE INITIALLY DEFERRED,
    city_class        text CHECK (city_class IN ('HUC', 'ICC', 'CC')),
    admin_region      psgc NOT NULL,
    province          psgc,
    city_municipality psgc,
    psgc_version      text NOT NULL CHECK (psgc_version ~ '^[0-9]{4}Q[1-4]$'),
    CHECK ((level = 'REGION') = (parent_psgc IS NULL)),
    CHECK (city_class IS NULL OR level = 'CITY')
);
CREATE INDEX psgc_area_parent ON psgc_area (parent_psgc);
CREATE INDEX psgc_area_level ON psgc_area (level);
