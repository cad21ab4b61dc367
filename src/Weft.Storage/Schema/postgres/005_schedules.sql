-- Weft schema 5 (PostgreSQL): cron schedules of definitions, and the ticks they started runs for.
-- A schedule row belongs to the latest deployed version of its definition (a new version replaces them).
-- Claimed like work: lease_owner/lease_until, taken only when lease_until has passed.
CREATE TABLE schedules (
    namespace          TEXT NOT NULL,
    definition_name    TEXT NOT NULL,
    schedule_id        TEXT NOT NULL,
    definition_version INTEGER NOT NULL,
    cron               TEXT NOT NULL,
    timezone           TEXT NOT NULL,
    input              TEXT NOT NULL,
    misfire            TEXT NOT NULL,
    enabled            INTEGER NOT NULL,
    next_at            BIGINT,
    last_tick          BIGINT,
    lease_owner        TEXT,
    lease_until        BIGINT NOT NULL,
    PRIMARY KEY (namespace, definition_name, schedule_id)
);
CREATE INDEX ix_schedules_due ON schedules (next_at) WHERE enabled = 1;

-- One row per tick that started a run: the primary key is what keeps two nodes from starting a tick twice.
CREATE TABLE schedule_ticks (
    namespace       TEXT NOT NULL,
    definition_name TEXT NOT NULL,
    schedule_id     TEXT NOT NULL,
    tick            BIGINT NOT NULL,
    run_id          TEXT NOT NULL,
    PRIMARY KEY (namespace, definition_name, schedule_id, tick)
);
