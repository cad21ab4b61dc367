-- Weft schema 14 (SQLite): a number beside the id of every run, definition version, task and integration item,
-- unique per namespace and kind, never changed and never reused. Rows written before get numbers in creation order.
-- weft_numbers holds, per namespace and kind, the next number not yet handed out: numbers below it are taken
-- (written, or reserved by a node and perhaps lost with it), so a deleted row's number is not handed out again.
CREATE TABLE weft_numbers (
    namespace TEXT NOT NULL,
    kind      TEXT NOT NULL,
    next      INTEGER NOT NULL,
    PRIMARY KEY (namespace, kind)
) WITHOUT ROWID;
ALTER TABLE runs ADD COLUMN number INTEGER;
UPDATE runs SET number = n.number FROM (SELECT id, row_number() OVER (PARTITION BY namespace ORDER BY created_at, id) AS number FROM runs) n WHERE n.id = runs.id;
CREATE UNIQUE INDEX ix_runs_ns_number ON runs (namespace, number);
INSERT INTO weft_numbers (namespace, kind, next) SELECT namespace, 'run', MAX(number) + 1 FROM runs GROUP BY namespace;
ALTER TABLE definitions ADD COLUMN number INTEGER;
UPDATE definitions SET number = n.number FROM (SELECT id, row_number() OVER (PARTITION BY namespace ORDER BY created_at, id) AS number FROM definitions) n WHERE n.id = definitions.id;
CREATE UNIQUE INDEX ix_definitions_ns_number ON definitions (namespace, number);
INSERT INTO weft_numbers (namespace, kind, next) SELECT namespace, 'definition', MAX(number) + 1 FROM definitions GROUP BY namespace;
ALTER TABLE tasks ADD COLUMN number INTEGER;
UPDATE tasks SET number = n.number FROM (SELECT id, row_number() OVER (PARTITION BY namespace ORDER BY created_at, id) AS number FROM tasks) n WHERE n.id = tasks.id;
CREATE UNIQUE INDEX ix_tasks_ns_number ON tasks (namespace, number);
INSERT INTO weft_numbers (namespace, kind, next) SELECT namespace, 'task', MAX(number) + 1 FROM tasks GROUP BY namespace;
ALTER TABLE integration_items ADD COLUMN number INTEGER;
UPDATE integration_items SET number = n.number FROM (SELECT id, row_number() OVER (PARTITION BY namespace ORDER BY created_at, id) AS number FROM integration_items) n WHERE n.id = integration_items.id;
CREATE UNIQUE INDEX ix_integration_items_ns_number ON integration_items (namespace, number);
INSERT INTO weft_numbers (namespace, kind, next) SELECT namespace, 'item', MAX(number) + 1 FROM integration_items GROUP BY namespace;
