-- Weft schema 1 (PostgreSQL). Times are milliseconds since the Unix epoch (UTC).
CREATE TABLE namespaces (
    name        TEXT PRIMARY KEY,
    created_at  BIGINT NOT NULL
);
INSERT INTO namespaces (name, created_at) VALUES ('default', 0);

CREATE TABLE definitions (
    id          TEXT PRIMARY KEY,
    namespace   TEXT NOT NULL REFERENCES namespaces (name),
    name        TEXT NOT NULL,
    version     INTEGER NOT NULL,
    hash        TEXT NOT NULL,
    format      TEXT NOT NULL,
    source      TEXT NOT NULL,
    description TEXT,
    created_at  BIGINT NOT NULL,
    UNIQUE (namespace, name, version)
);
CREATE INDEX ix_definitions_hash ON definitions (namespace, name, hash);

CREATE TABLE runs (
    id                 TEXT PRIMARY KEY,
    namespace          TEXT NOT NULL,
    definition_id      TEXT NOT NULL,
    definition_name    TEXT NOT NULL,
    definition_version INTEGER NOT NULL,
    status             INTEGER NOT NULL,
    input              TEXT NOT NULL,
    state              TEXT NOT NULL,
    output             TEXT,
    error              TEXT,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL,
    ended_at           BIGINT,
    version            BIGINT NOT NULL
);
CREATE INDEX ix_runs_ns_created ON runs (namespace, created_at, id);
CREATE INDEX ix_runs_ns_definition_created ON runs (namespace, definition_name, created_at, id);
CREATE INDEX ix_runs_ns_status_created ON runs (namespace, status, created_at, id);

CREATE TABLE history (
    run_id  TEXT NOT NULL,
    seq     BIGINT NOT NULL,
    at      BIGINT NOT NULL,
    type    TEXT NOT NULL,
    step    TEXT,
    data    TEXT,
    PRIMARY KEY (run_id, seq)
);

-- The work queue. A row is claimable when due_at <= now: claiming moves due_at to the lease's end,
-- so one index serves timers, retries and expired leases alike. token fences the claim.
CREATE TABLE work (
    id       TEXT PRIMARY KEY,
    run_id   TEXT NOT NULL,
    kind     INTEGER NOT NULL,
    step     TEXT,
    attempt  INTEGER NOT NULL,
    due_at   BIGINT NOT NULL,
    owner    TEXT,
    token    BIGINT NOT NULL,
    payload  TEXT
);
CREATE INDEX ix_work_due ON work (due_at);
CREATE INDEX ix_work_run ON work (run_id);
CREATE INDEX ix_work_owner ON work (owner) WHERE owner IS NOT NULL;
