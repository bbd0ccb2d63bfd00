-- What CourTools-faithful M2-M5 and counting per accused need from the per-case projection (issue 14):
-- the days the case was placed inactive and reactivated; per accused charged in court (position order,
-- no person's details) the filing and disposition days and their own inactive periods; the trial
-- settings and postponements until the trial began; and `child_testified_in_court` renamed to
-- `child_testified`, since it is true for any child testimony, by live link or deposition too (the
-- courtroom is `testimonies_in_courtroom`). Existing rows get empty arrays and zeros here: run
-- `cpc-prosecution db rebuild-summaries` after upgrading to fill them from the events (its --check
-- lists the cases that still differ).

ALTER TABLE case_summary RENAME COLUMN child_testified_in_court TO child_testified;

ALTER TABLE case_summary
    ADD COLUMN placed_inactive_on           date[]    NOT NULL DEFAULT '{}',
    ADD COLUMN reactivated_on               date[]    NOT NULL DEFAULT '{}',
    ADD COLUMN accused_filed_on             date[]    NOT NULL DEFAULT '{}',
    ADD COLUMN accused_disposed_on          date[]    NOT NULL DEFAULT '{}',
    ADD COLUMN accused_inactive_of          integer[] NOT NULL DEFAULT '{}',
    ADD COLUMN accused_inactive_from        date[]    NOT NULL DEFAULT '{}',
    ADD COLUMN accused_inactive_until       date[]    NOT NULL DEFAULT '{}',
    ADD COLUMN trial_settings_before_trial  integer   NOT NULL DEFAULT 0,
    ADD COLUMN postponements_before_trial   integer   NOT NULL DEFAULT 0;
