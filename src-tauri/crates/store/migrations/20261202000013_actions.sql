-- Pipeline actions (issue 14: the Actions section), as `GET /actions` lists them per workspace.
-- The listing is not paged; every field but the ids may be missing on a real server, so all are
-- nullable but the name (an empty text when the server gave none, as for credentials) and NULL
-- means the server did not say. `source` and `status` are kept as the API spells them
-- (`github`, `tower`, `ACTIVE`, ...), unknown values included; `pipeline` is the repository URL
-- the action launches. Dates are RFC 3339. The account is the workspace's.
CREATE TABLE actions (
    id                 INTEGER PRIMARY KEY,
    workspace_local_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    action_id          TEXT    NOT NULL,
    name               TEXT    NOT NULL,
    pipeline           TEXT,
    source             TEXT,
    status             TEXT,
    last_seen          TEXT,
    date_created       TEXT,
    deleted            INTEGER NOT NULL DEFAULT 0,
    sync_gen           INTEGER NOT NULL DEFAULT 0,
    UNIQUE (workspace_local_id, action_id)
);
