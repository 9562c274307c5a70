-- no-transaction
-- Pipelines added, edited and deleted in Towerdesk, and the drafts of their forms.
--
-- A pipeline added offline has no server id until its create is sent, so `pipelines.pipeline_id`
-- becomes nullable (several NULLs do not clash: SQLite's UNIQUE treats NULLs as distinct), and
-- `form` keeps the fields of the pipeline form a local write set (JSON; the pull does not list
-- them, so it is NULL for pipelines only ever pulled).
--
-- SQLite cannot drop a NOT NULL in place, and `pipeline_shares` references pipelines with
-- ON DELETE CASCADE (which a DROP TABLE would fire with foreign keys on), so this follows SQLite's
-- table-rebuild procedure like 20261201000001: foreign keys off (outside a transaction, hence
-- `no-transaction`), the rebuild in one transaction of its own keeping every id, foreign keys on.
--
-- A draft is linked to the pipeline it edits (`pipeline_local_id`) and, once published, to the
-- queued change that carries it (`change_id`; the change's state and the server's words are read
-- from the outbox while it is queued).
PRAGMA foreign_keys = OFF;

BEGIN IMMEDIATE;

CREATE TABLE pipelines_rebuilt (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    pipeline_id      INTEGER,
    workspace_id     INTEGER,
    org_name         TEXT,
    workspace_name   TEXT,
    name             TEXT    NOT NULL,
    description      TEXT,
    repository       TEXT,
    icon             TEXT,
    compute_env_id   TEXT,
    compute_env_name TEXT,
    labels           TEXT    NOT NULL DEFAULT '[]',
    last_updated     TEXT,
    deleted          INTEGER NOT NULL DEFAULT 0,
    sync_gen         INTEGER NOT NULL DEFAULT 0,
    form             TEXT,
    UNIQUE (account_id, pipeline_id)
);

INSERT INTO pipelines_rebuilt
    (id, account_id, pipeline_id, workspace_id, org_name, workspace_name, name, description, repository, icon,
     compute_env_id, compute_env_name, labels, last_updated, deleted, sync_gen)
SELECT id, account_id, pipeline_id, workspace_id, org_name, workspace_name, name, description, repository, icon,
       compute_env_id, compute_env_name, labels, last_updated, deleted, sync_gen
FROM pipelines;

DROP TABLE pipelines;

ALTER TABLE pipelines_rebuilt RENAME TO pipelines;

CREATE INDEX pipelines_by_owner ON pipelines (account_id, workspace_id, name);

ALTER TABLE drafts ADD COLUMN pipeline_local_id INTEGER REFERENCES pipelines (id) ON DELETE SET NULL;
ALTER TABLE drafts ADD COLUMN change_id INTEGER;

COMMIT;

PRAGMA foreign_keys = ON;
