-- The case's folded state at its version, written by the append that made that version (same
-- statement), so that an append to a case a worker has not cached reads one row instead of reading
-- and folding the whole history. A cache, never the record: NULL (imported cases, older rows) or a
-- snapshot written by other code (its leading fingerprint differs) means "fold the history".
-- It holds what the fold derives (stages, dates, counts, accused positions), no personal data.
ALTER TABLE case_file ADD COLUMN state_snapshot bytea;
