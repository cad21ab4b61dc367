-- Weft schema 11 (PostgreSQL): partial business-key search through a pg_trgm GIN index (runs with a key only).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX ix_runs_business_key_trgm ON runs USING gin (lower(business_key) gin_trgm_ops) WHERE business_key IS NOT NULL;
