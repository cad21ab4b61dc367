-- Weft schema 3 (PostgreSQL): tasks for people (human steps and free-standing tasks) and their files.
CREATE TABLE tasks (
    id              TEXT PRIMARY KEY,
    namespace       TEXT NOT NULL,
    run_id          TEXT,
    step            TEXT,
    attempt         INTEGER NOT NULL,
    title           TEXT NOT NULL,
    description     TEXT,
    assignee_user   TEXT,
    assignee_role   TEXT,
    assignee_filter TEXT,
    form            TEXT NOT NULL,
    vals            TEXT NOT NULL,
    actions         TEXT NOT NULL,
    status          TEXT NOT NULL,
    due_at          BIGINT,
    created_at      BIGINT NOT NULL,
    completed_at    BIGINT,
    completed_by    TEXT,
    action          TEXT,
    version         BIGINT NOT NULL
);
CREATE INDEX ix_tasks_run ON tasks (run_id, step, attempt);
CREATE INDEX ix_tasks_user ON tasks (assignee_user, status, created_at);
CREATE INDEX ix_tasks_role ON tasks (assignee_role, status, created_at);
CREATE INDEX ix_tasks_ns ON tasks (namespace, status, created_at);

CREATE TABLE task_files (
    id            TEXT PRIMARY KEY,
    task_id       TEXT NOT NULL,
    name          TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          BIGINT NOT NULL,
    content       BYTEA NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX ix_task_files_task ON task_files (task_id);
