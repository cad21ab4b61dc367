-- Weft schema 12 (SQLite): the run listing at a million runs: tag filters, a status sorted by update time.
-- A tag row carries its run's namespace and creation time (both fixed for the run's life, written once with the
-- run), so a tag filter walks one index in the listing's default order (newest first) and stops at the page,
-- instead of probing run_tags for every run it walks.
ALTER TABLE run_tags ADD COLUMN run_namespace TEXT NOT NULL DEFAULT '';
ALTER TABLE run_tags ADD COLUMN run_created_at INTEGER NOT NULL DEFAULT 0;
UPDATE run_tags SET (run_namespace, run_created_at) = (SELECT namespace, created_at FROM runs WHERE runs.id = run_tags.run_id);
DROP INDEX ix_run_tags_key_value;
CREATE INDEX ix_run_tags_ns_key_value_created ON run_tags (run_namespace, tag_key, value, run_created_at, run_id);
-- A status sorted by update time ("what failed lately", deep pages included). updated_at changes on every
-- checkpoint and status on most, so this index is rewritten about as often as ix_runs_ns_updated already is.
CREATE INDEX ix_runs_ns_status_updated ON runs (namespace, status, updated_at, id);
-- An update-time range sorted by creation time (the default order): the update index carries created_at, so the
-- range's rows are found and ordered without reading them (no extra write: this index is written on every checkpoint).
DROP INDEX ix_runs_ns_updated;
CREATE INDEX ix_runs_ns_updated ON runs (namespace, updated_at, id, created_at);
-- Sorting by name or by status breaks ties by creation time (then id), so the filter's index serves the sort as well:
-- ix_runs_ns_status and ix_runs_ns_definition_name go, two indexes fewer for a run's insert to write.
DROP INDEX ix_runs_ns_status;
DROP INDEX ix_runs_ns_definition_name;
