-- More of the per-case projection for metrics (issue 6): the heaviest offence charged and its group,
-- refiling and revival dates, court dismissals by coded reason, sentences by band, postponements by
-- coded reason; and case_clock, one row per legal obligation clock of a case, rewritten with the
-- summary. Existing rows get zeros and NULLs here: run `cpc-prosecution db rebuild-summaries` after
-- upgrading to fill them from the events (its --check lists the cases that still differ).

ALTER TABLE case_summary
    ADD COLUMN heaviest_offence                             text,
    ADD COLUMN offence_group                                text,
    ADD COLUMN last_refiled_on                              date,
    ADD COLUMN revivals                                     integer NOT NULL DEFAULT 0,
    ADD COLUMN last_revived_on                              date,
    ADD COLUMN accused_dismissed_lack_of_probable_cause     integer NOT NULL DEFAULT 0,
    ADD COLUMN accused_dismissed_speedy_trial_violation     integer NOT NULL DEFAULT 0,
    ADD COLUMN accused_dismissed_motion_to_quash_granted    integer NOT NULL DEFAULT 0,
    ADD COLUMN accused_dismissed_lack_of_jurisdiction       integer NOT NULL DEFAULT 0,
    ADD COLUMN accused_dismissed_death_of_accused           integer NOT NULL DEFAULT 0,
    ADD COLUMN accused_dismissed_victim_desistance          integer NOT NULL DEFAULT 0,
    ADD COLUMN accused_dismissed_information_withdrawn      integer NOT NULL DEFAULT 0,
    ADD COLUMN accused_dismissed_provisional_dismissal_lapsed integer NOT NULL DEFAULT 0,
    ADD COLUMN accused_dismissed_other                      integer NOT NULL DEFAULT 0,
    ADD COLUMN accused_sentenced_light                      integer NOT NULL DEFAULT 0,
    ADD COLUMN accused_sentenced_correctional               integer NOT NULL DEFAULT 0,
    ADD COLUMN accused_sentenced_afflictive_6_12            integer NOT NULL DEFAULT 0,
    ADD COLUMN accused_sentenced_afflictive_12_20           integer NOT NULL DEFAULT 0,
    ADD COLUMN accused_sentenced_reclusion_perpetua         integer NOT NULL DEFAULT 0,
    ADD COLUMN accused_sentenced_life_imprisonment          integer NOT NULL DEFAULT 0,
    ADD COLUMN accused_sentenced_unspecified                integer NOT NULL DEFAULT 0,
    ADD COLUMN postponements_absence_of_prosecutor          integer NOT NULL DEFAULT 0,
    ADD COLUMN postponements_absence_of_defence_counsel     integer NOT NULL DEFAULT 0,
    ADD COLUMN postponements_absence_of_accused             integer NOT NULL DEFAULT 0,
    ADD COLUMN postponements_accused_not_brought_from_detention integer NOT NULL DEFAULT 0,
    ADD COLUMN postponements_absence_of_witness             integer NOT NULL DEFAULT 0,
    ADD COLUMN postponements_child_witness_unavailable      integer NOT NULL DEFAULT 0,
    ADD COLUMN postponements_judge_unavailable              integer NOT NULL DEFAULT 0,
    ADD COLUMN postponements_court_suspension_or_calamity   integer NOT NULL DEFAULT 0,
    ADD COLUMN postponements_pending_motion                 integer NOT NULL DEFAULT 0,
    ADD COLUMN postponements_interpreter_unavailable        integer NOT NULL DEFAULT 0,
    ADD COLUMN postponements_live_link_equipment_failure    integer NOT NULL DEFAULT 0,
    ADD COLUMN postponements_plea_negotiation               integer NOT NULL DEFAULT 0,
    ADD COLUMN postponements_other                          integer NOT NULL DEFAULT 0;

CREATE INDEX case_summary_offence_group ON case_summary (offence_group);

-- The legal clocks of each case at its latest event (domain.clocks.outcomes.clock_outcomes): only the
-- latest run of each rule and scope; waiting periods and clocks made moot are left out. Accused are
-- positions (A1, A2, ...), never persons.
CREATE TABLE case_clock (
    case_id     uuid NOT NULL REFERENCES case_file (case_id),
    rule_id     text NOT NULL,
    accused     text,
    started_on  date NOT NULL,
    due_on      date NOT NULL,
    ended_on    date,
    on_time     boolean,
    paused      boolean NOT NULL
);

CREATE INDEX case_clock_case ON case_clock (case_id);
