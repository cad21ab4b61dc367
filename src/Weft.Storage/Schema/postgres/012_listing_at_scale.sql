-- Weft schema 12 (PostgreSQL): the run listing at a million runs: tag filters, a status sorted by update time.
-- A tag row carries its run's namespace and creation time (both fixed for the run's life, written once with the
-- run), so a tag filter walks one index in the listing's default order (newest first) and stops at the page,
-- instead of probing run_tags for every run it walks.
ALTER TABLE run_tags ADD COLUMN run_namespace TEXT NOT NULL DEFAULT '';
ALTER TABLE run_tags ADD COLUMN run_created_at BIGINT NOT NULL DEFAULT 0;
UPDATE run_tags t SET run_namespace = r.namespace, run_created_at = r.created_at FROM runs r WHERE r.id = t.run_id;
DROP INDEX ix_run_tags_key_value;
CREATE INDEX ix_run_tags_ns_key_value_created ON run_tags (run_namespace, tag_key, value, run_created_at, run_id);
-- A status sorted by update time ("what failed lately", deep pages included). Every index of runs is written on
-- every checkpoint here anyway (updated_at is indexed, so no update is HOT): one more.
CREATE INDEX ix_runs_ns_status_updated ON runs (namespace, status, updated_at, id);
ANALYZE run_tags;
-- An update-time range sorted by creation time (the default order): the update index carries created_at, so the
-- range's rows are found and ordered without reading them (no extra write: this index is written on every checkpoint).
CREATE INDEX ix_runs_ns_updated_v2 ON runs (namespace, updated_at, id) INCLUDE (created_at);
DROP INDEX ix_runs_ns_updated;
ALTER INDEX ix_runs_ns_updated_v2 RENAME TO ix_runs_ns_updated;
-- Sorting by name or by status breaks ties by creation time (then id), so the filter's index serves the sort as well:
-- ix_runs_ns_status and ix_runs_ns_definition_name go, two indexes fewer for every checkpoint to write. The name
-- index stores names in the "C" collation (code point order, as the listing sorts them).
DROP INDEX ix_runs_ns_status;
DROP INDEX ix_runs_ns_definition_name;
CREATE INDEX ix_runs_ns_definition_created_c ON runs (namespace, definition_name COLLATE "C", created_at, id);
DROP INDEX ix_runs_ns_definition_created;
ALTER INDEX ix_runs_ns_definition_created_c RENAME TO ix_runs_ns_definition_created;
-- The creation index carries updated_at: an update range in creation order (walked from the range's end, see the
-- listing) filters without reading rows. No extra write here: every index of runs is written on every checkpoint.
CREATE INDEX ix_runs_ns_created_v2 ON runs (namespace, created_at, id) INCLUDE (updated_at);
DROP INDEX ix_runs_ns_created;
ALTER INDEX ix_runs_ns_created_v2 RENAME TO ix_runs_ns_created;
