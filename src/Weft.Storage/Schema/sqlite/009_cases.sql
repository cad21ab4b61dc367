-- Weft schema 9 (SQLite): cases (the people and companies runs are about), parameter sets, and the run's case.
CREATE TABLE cases (
    id              TEXT PRIMARY KEY,
    namespace       TEXT NOT NULL,
    first_name      TEXT,
    last_name       TEXT,
    personal_number TEXT,
    email           TEXT,
    company_name    TEXT,
    company_number  TEXT,
    company_address TEXT,
    attributes      TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    erased_at       INTEGER
);
-- Ids are UUIDv7 (time-ordered): the listing pages newest first by id.
CREATE INDEX ix_cases_ns_id ON cases (namespace, id);

-- A run's case and the case as it was at start (what expressions see as subject); erasure rewrites subject.
ALTER TABLE runs ADD COLUMN case_id TEXT;
ALTER TABLE runs ADD COLUMN subject TEXT;
CREATE INDEX ix_runs_ns_case_created ON runs (namespace, case_id, created_at, id) WHERE case_id IS NOT NULL;

CREATE TABLE parameter_sets (
    id          TEXT PRIMARY KEY,
    namespace   TEXT NOT NULL,
    definition  TEXT NOT NULL,
    name        TEXT NOT NULL,
    version     INTEGER,
    input       TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    UNIQUE (namespace, definition, name)
);
