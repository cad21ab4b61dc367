-- Weft schema 4 (PostgreSQL): integration items, the queues external workers poll.
-- status: available, leased, completed, failed, cancelled. lease_token fences every change after a lease;
-- attempts counts deliveries (leases). Times are milliseconds since the Unix epoch (UTC).
CREATE TABLE integration_items (
    id           TEXT PRIMARY KEY,
    namespace    TEXT NOT NULL,
    queue        TEXT NOT NULL,
    run_id       TEXT NOT NULL,
    step         TEXT NOT NULL,
    attempt      BIGINT NOT NULL,
    fields       TEXT NOT NULL,
    result       TEXT,
    status       TEXT NOT NULL,
    lease_owner  TEXT,
    lease_token  BIGINT NOT NULL DEFAULT 0,
    lease_until  BIGINT,
    attempts     BIGINT NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL,
    completed_at BIGINT
);
CREATE INDEX ix_integration_items_queue ON integration_items (namespace, queue, status, created_at);
CREATE INDEX ix_integration_items_run ON integration_items (run_id);
