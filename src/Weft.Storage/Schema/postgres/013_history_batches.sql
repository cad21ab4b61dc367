-- Weft schema 13 (PostgreSQL): a checkpoint's history events in one row, not one row each.
-- events is a JSON array of {seq, at, type, step?, data?} in seq order; first_seq is its first event's seq. A run of
-- in-process steps writes ten events or so per checkpoint: one row and one index entry instead of ten. Rows written
-- before this schema stay in history and are read with these (a run's events are both tables' rows in seq order).
CREATE TABLE history_batches (
    run_id    TEXT NOT NULL,
    first_seq BIGINT NOT NULL,
    events    TEXT NOT NULL,
    PRIMARY KEY (run_id, first_seq)
);
