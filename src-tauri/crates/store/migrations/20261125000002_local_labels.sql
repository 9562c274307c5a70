-- Labels written offline: a label added in Towerdesk has no server id until the server has it, so
-- label_id becomes nullable (SQLite cannot drop a NOT NULL in place: the table is rebuilt, keeping
-- its rows, ids and the unique). Several NULL label_ids do not clash: SQLite's UNIQUE treats NULLs
-- as distinct. Nothing references labels, so dropping the old table is safe with foreign keys on.
CREATE TABLE labels_new (
    id                 INTEGER PRIMARY KEY,
    workspace_local_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    label_id           INTEGER,
    name               TEXT    NOT NULL,
    value              TEXT,
    resource           INTEGER NOT NULL DEFAULT 0,
    is_default         INTEGER NOT NULL DEFAULT 0,
    deleted            INTEGER NOT NULL DEFAULT 0,
    sync_gen           INTEGER NOT NULL DEFAULT 0,
    UNIQUE (workspace_local_id, label_id)
);

INSERT INTO labels_new (id, workspace_local_id, label_id, name, value, resource, is_default, deleted, sync_gen)
    SELECT id, workspace_local_id, label_id, name, value, resource, is_default, deleted, sync_gen FROM labels;

DROP TABLE labels;
ALTER TABLE labels_new RENAME TO labels;
