-- Weft schema 6 (SQLite): child runs link to the parent run and step that started them.
ALTER TABLE runs ADD COLUMN parent_run_id TEXT;
ALTER TABLE runs ADD COLUMN parent_step TEXT;
ALTER TABLE runs ADD COLUMN parent_attempt INTEGER;
CREATE INDEX ix_runs_parent ON runs (parent_run_id, created_at, id) WHERE parent_run_id IS NOT NULL;
