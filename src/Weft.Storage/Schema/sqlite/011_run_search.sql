-- Weft schema 11 (SQLite): partial business-key search through an FTS5 trigram index.
-- Written by a trigger on INSERT only: a run's business key never changes, so checkpoints (UPDATEs) do not touch it.
CREATE VIRTUAL TABLE run_key_search USING fts5(business_key, run_id UNINDEXED, tokenize = 'trigram');
INSERT INTO run_key_search (business_key, run_id) SELECT business_key, id FROM runs WHERE business_key IS NOT NULL;
CREATE TRIGGER tr_runs_key_search AFTER INSERT ON runs WHEN NEW.business_key IS NOT NULL
BEGIN
    INSERT INTO run_key_search (business_key, run_id) VALUES (NEW.business_key, NEW.id);
END;
