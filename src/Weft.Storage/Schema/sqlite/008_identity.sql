-- Weft schema 8 (SQLite): identity and access. Secrets, API tokens, refresh tokens and codes are stored as SHA-256
-- hashes of high-entropy random values; passwords as ASP.NET Core Identity password hashes; never in clear.
CREATE TABLE signing_keys (
    kid         TEXT PRIMARY KEY,
    algorithm   TEXT NOT NULL,
    private_key TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    retired_at  BIGINT
);
CREATE TABLE clients (
    client_id           TEXT PRIMARY KEY,
    secret_hash         TEXT NOT NULL,
    name                TEXT NOT NULL,
    allow_impersonation INTEGER NOT NULL,
    redirect_uris       TEXT NOT NULL,
    created_at          BIGINT NOT NULL
);
CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    name          TEXT,
    email         TEXT,
    password_hash TEXT,
    roles         TEXT NOT NULL,
    attributes    TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX ix_users_email ON users (email);
-- principal is 'user:<id>' or 'client:<id>'; namespace '*' grants the role in every namespace.
CREATE TABLE role_grants (
    principal TEXT NOT NULL,
    namespace TEXT NOT NULL,
    role      TEXT NOT NULL,
    PRIMARY KEY (principal, namespace, role)
);
CREATE INDEX ix_role_grants_role ON role_grants (namespace, role);
CREATE TABLE api_tokens (
    id         TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    principal  TEXT NOT NULL,
    name       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX ix_api_tokens_principal ON api_tokens (principal, created_at);
CREATE TABLE refresh_tokens (
    token_hash  TEXT PRIMARY KEY,
    principal   TEXT NOT NULL,
    client_id   TEXT NOT NULL,
    expires_at  BIGINT NOT NULL,
    revoked_at  BIGINT,
    replaced_by TEXT
);
CREATE TABLE auth_codes (
    code_hash      TEXT PRIMARY KEY,
    client_id      TEXT NOT NULL,
    user_id        TEXT NOT NULL,
    redirect_uri   TEXT NOT NULL,
    code_challenge TEXT NOT NULL,
    expires_at     BIGINT NOT NULL,
    used_at        BIGINT
);
