-- The worklist (GET /v1/worklist) reads the open legal clocks by due date: an index on the open
-- ones only (a clock is open while ended_on is NULL; docs/worklist.md).
CREATE INDEX case_clock_open_due ON case_clock (due_on) WHERE ended_on IS NULL;
