-- Weft schema 10 (SQLite): webhook subscriptions, their deliveries (an outbox written in the checkpoint's own
-- transaction), each delivery's attempts, and the Data Protection keys that encrypt the subscriptions' secrets.
-- events is the subscribed event names between commas (",run.started,run.failed,"). A delivery is pending until a
-- 2xx answer (delivered) or its give-up time (failed); lease_token fences the node that claimed it; due_at is
-- also the end of a claim's lease. Times are milliseconds since the Unix epoch (UTC).
CREATE TABLE webhook_subscriptions (
    id         TEXT PRIMARY KEY,
    namespace  TEXT NOT NULL,
    url        TEXT NOT NULL,
    events     TEXT NOT NULL,
    definition TEXT,
    secret     TEXT NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX ix_webhook_subscriptions_namespace ON webhook_subscriptions (namespace);

CREATE TABLE webhook_deliveries (
    id              TEXT PRIMARY KEY,
    subscription_id TEXT NOT NULL,
    namespace       TEXT NOT NULL,
    event           TEXT NOT NULL,
    occurred_at     INTEGER NOT NULL,
    data            TEXT NOT NULL,
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    due_at          INTEGER NOT NULL,
    since           INTEGER NOT NULL,
    lease_owner     TEXT,
    lease_token     INTEGER NOT NULL DEFAULT 0,
    last_status     INTEGER,
    last_error      TEXT,
    last_response   TEXT,
    last_attempt_at INTEGER,
    delivered_at    INTEGER
);
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (status, due_at);
CREATE INDEX ix_webhook_deliveries_subscription ON webhook_deliveries (subscription_id, occurred_at);

CREATE TABLE webhook_attempts (
    delivery_id TEXT NOT NULL,
    attempt     INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    node        TEXT NOT NULL,
    status      INTEGER,
    error       TEXT,
    response    TEXT,
    duration_ms INTEGER NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);

CREATE TABLE protection_keys (
    name       TEXT PRIMARY KEY,
    xml        TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
