-- no-transaction
-- A workspace's full name and visibility may be unknown: older Platform releases list a user's
-- workspaces with only their ids and names, and a collaborator may not list the organization's
-- workspaces. NULL now means "no response said", so the window can show "unknown" instead of a
-- guessed "Private" or the name repeated as the full name.
--
-- SQLite cannot drop a NOT NULL constraint in place, and six tables reference workspaces (with
-- ON DELETE CASCADE, which a DROP TABLE would fire with foreign keys on), so this follows SQLite's
-- documented table-rebuild procedure: foreign keys off (which only works outside a transaction,
-- hence `no-transaction`), the rebuild in one transaction of its own (ids kept, so every reference
-- still holds), foreign keys back on. The store backs the file up before this runs.
PRAGMA foreign_keys = OFF;

BEGIN IMMEDIATE;

CREATE TABLE workspaces_rebuilt (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    org_id        INTEGER,
    workspace_id  INTEGER,
    personal      INTEGER NOT NULL DEFAULT 0,
    name          TEXT    NOT NULL,
    full_name     TEXT,
    description   TEXT,
    visibility    TEXT,
    role          TEXT,
    last_updated  TEXT,
    deleted       INTEGER NOT NULL DEFAULT 0,
    sync_gen      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (account_id, workspace_id)
);

INSERT INTO workspaces_rebuilt
    (id, account_id, org_id, workspace_id, personal, name, full_name, description, visibility, role, last_updated, deleted, sync_gen)
SELECT id, account_id, org_id, workspace_id, personal, name, full_name, description, visibility, role, last_updated, deleted, sync_gen
FROM workspaces;

DROP TABLE workspaces;

ALTER TABLE workspaces_rebuilt RENAME TO workspaces;

CREATE INDEX workspaces_by_org ON workspaces (account_id, org_id, visibility, name);

-- What earlier versions stored may have been a guess (the name as full name, 'PRIVATE' for no
-- visibility), and which values were told cannot be known now: forget them for every workspace
-- the server holds and the user has no queued change for, so the next sync fills them from what
-- the server says. The personal workspace keeps its own.
UPDATE workspaces SET full_name = NULL, visibility = NULL
WHERE personal = 0 AND workspace_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM outbox ob WHERE ob.entity = 'workspace' AND ob.local_id = workspaces.id);

COMMIT;

PRAGMA foreign_keys = ON;
