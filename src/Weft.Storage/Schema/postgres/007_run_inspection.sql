-- Weft schema 7 (PostgreSQL): run tags, business key and initiator, and indexes for the run listing's filters and sorts.
ALTER TABLE runs ADD COLUMN tags TEXT;
ALTER TABLE runs ADD COLUMN business_key TEXT;
ALTER TABLE runs ADD COLUMN initiator TEXT;
-- Runs stored before this script: their initiator is in the state document.
UPDATE runs SET initiator = state::jsonb ->> 'initiator';
CREATE UNIQUE INDEX ux_runs_business_key ON runs (namespace, definition_name, business_key) WHERE business_key IS NOT NULL;
CREATE INDEX ix_runs_ns_business_key ON runs (namespace, business_key) WHERE business_key IS NOT NULL;
CREATE INDEX ix_runs_ns_initiator_created ON runs (namespace, initiator, created_at, id) WHERE initiator IS NOT NULL;
CREATE INDEX ix_runs_ns_updated ON runs (namespace, updated_at, id);
CREATE INDEX ix_runs_ns_definition_name ON runs (namespace, definition_name COLLATE "C", id);
CREATE INDEX ix_runs_ns_status ON runs (namespace, status, id);

-- One row per tag of a run, written with the run's first row; a tag filter is an EXISTS on (key, value).
CREATE TABLE run_tags (
    run_id  TEXT NOT NULL,
    tag_key TEXT NOT NULL,
    value   TEXT NOT NULL,
    PRIMARY KEY (run_id, tag_key)
);
CREATE INDEX ix_run_tags_key_value ON run_tags (tag_key, value, run_id);
