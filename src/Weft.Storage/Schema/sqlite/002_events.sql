-- Weft schema 2 (SQLite): event steps. Times are milliseconds since the Unix epoch (UTC).

-- A run's event step waiting for an event: one row per waiting step attempt, deleted when an event
-- matches it, when its timeout fires, or when the run ends.
CREATE TABLE event_waits (
    id          TEXT PRIMARY KEY,
    namespace   TEXT NOT NULL,
    name        TEXT NOT NULL,
    correlation TEXT NOT NULL,
    run_id      TEXT NOT NULL,
    step        TEXT NOT NULL,
    attempt     INTEGER NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX ix_event_waits_match ON event_waits (namespace, name, correlation, created_at, id);
CREATE INDEX ix_event_waits_run ON event_waits (run_id, name);

-- An event that arrived before any run waited for it, kept until expires_at for the first run that does.
-- signal is the document handed to the waiting step (id, name, correlation, payload, receivedAt).
CREATE TABLE kept_events (
    id          TEXT PRIMARY KEY,
    namespace   TEXT NOT NULL,
    name        TEXT NOT NULL,
    correlation TEXT NOT NULL,
    payload     TEXT,
    signal      TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    consumed_at INTEGER,
    consumed_by TEXT
);
CREATE INDEX ix_kept_events_match ON kept_events (namespace, name, correlation, received_at, id) WHERE consumed_at IS NULL;
CREATE INDEX ix_kept_events_expires ON kept_events (expires_at);
CREATE INDEX ix_kept_events_consumed_by ON kept_events (consumed_by) WHERE consumed_by IS NOT NULL;
