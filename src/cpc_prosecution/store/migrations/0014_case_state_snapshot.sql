-- The case's folded state at its version, written by the append that made that version (same
-- statement), so that an append to a case a worker has not cached reads one row instead of reading
-- and folding the whole history. A cache, never the record: NULL (imported cases, older rows) or a
-- snapshot written by other code (`snapshot_format`, the fingerprint of the code that wrote it,
-- differs) means "fold the history"; so does a snapshot of another version than the row's
-- (`snapshot_version`: code from before this migration moves `version` on without touching the
-- snapshot, e.g. during a rolling upgrade). The fingerprint has its own small column so that a read
-- can compare it without decompressing the snapshot.
-- It holds what the fold derives (stages, dates, counts, accused positions), no personal data.
ALTER TABLE case_file
    ADD COLUMN state_snapshot bytea,
    ADD COLUMN snapshot_format bytea,
    ADD COLUMN snapshot_version integer;
