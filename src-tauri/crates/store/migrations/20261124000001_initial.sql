-- Towerdesk local store, schema 1. Forward-only: never edit a released migration, add a new one.
-- Local ids (INTEGER PRIMARY KEY) are stable before the server knows an object; remote ids sit beside them.

CREATE TABLE accounts (
    id            INTEGER PRIMARY KEY,
    server_url    TEXT    NOT NULL,
    user_id       INTEGER NOT NULL,
    user_name     TEXT    NOT NULL,
    email         TEXT,
    label         TEXT    NOT NULL,
    kind          TEXT    NOT NULL CHECK (kind IN ('demo', 'keyring', 'environment')),
    token_expired INTEGER NOT NULL DEFAULT 0,
    last_sync     TEXT,
    last_error    TEXT,
    created_at    TEXT    NOT NULL,
    UNIQUE (server_url, user_id)
);

CREATE TABLE organizations (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    org_id      INTEGER NOT NULL,
    name        TEXT    NOT NULL,
    full_name   TEXT,
    description TEXT,
    logo_url    TEXT,
    role        TEXT,
    deleted     INTEGER NOT NULL DEFAULT 0,
    sync_gen           INTEGER NOT NULL DEFAULT 0,
    UNIQUE (account_id, org_id)
);

-- org_id NULL with personal = 1 is the user's own workspace; workspace_id is NULL until the server has it.
CREATE TABLE workspaces (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    org_id        INTEGER,
    workspace_id  INTEGER,
    personal      INTEGER NOT NULL DEFAULT 0,
    name          TEXT    NOT NULL,
    full_name     TEXT    NOT NULL,
    description   TEXT,
    visibility    TEXT    NOT NULL DEFAULT 'PRIVATE',
    role          TEXT,
    last_updated  TEXT,
    deleted       INTEGER NOT NULL DEFAULT 0,
    sync_gen           INTEGER NOT NULL DEFAULT 0,
    UNIQUE (account_id, workspace_id)
);
CREATE INDEX workspaces_by_org ON workspaces (account_id, org_id, visibility, name);

CREATE TABLE participants (
    id                 INTEGER PRIMARY KEY,
    workspace_local_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    participant_id     INTEGER NOT NULL,
    type               TEXT    NOT NULL,
    member_id          INTEGER,
    team_id            INTEGER,
    user_name          TEXT,
    name               TEXT    NOT NULL,
    email              TEXT,
    role               TEXT    NOT NULL,
    deleted            INTEGER NOT NULL DEFAULT 0,
    sync_gen           INTEGER NOT NULL DEFAULT 0,
    UNIQUE (workspace_local_id, participant_id)
);

CREATE TABLE compute_envs (
    id                 INTEGER PRIMARY KEY,
    workspace_local_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    compute_env_id     TEXT    NOT NULL,
    name               TEXT    NOT NULL,
    platform           TEXT,
    status             TEXT,
    is_primary         INTEGER NOT NULL DEFAULT 0,
    deleted            INTEGER NOT NULL DEFAULT 0,
    sync_gen           INTEGER NOT NULL DEFAULT 0,
    UNIQUE (workspace_local_id, compute_env_id)
);

-- Metadata only: secrets never leave the server (and would live in the OS keyring if they did).
CREATE TABLE credentials (
    id                 INTEGER PRIMARY KEY,
    workspace_local_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    credentials_id     TEXT    NOT NULL,
    name               TEXT    NOT NULL,
    provider           TEXT,
    deleted            INTEGER NOT NULL DEFAULT 0,
    sync_gen           INTEGER NOT NULL DEFAULT 0,
    UNIQUE (workspace_local_id, credentials_id)
);

-- A pipeline is stored once per account, under the workspace that owns it (workspace_id is the server's id,
-- NULL for the personal workspace). A pipeline that another workspace sees through "This and shared
-- workspaces" gets a row in pipeline_shares for that workspace, so the Launchpad list is two index lookups.
CREATE TABLE pipelines (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    pipeline_id      INTEGER NOT NULL,
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
    sync_gen           INTEGER NOT NULL DEFAULT 0,
    UNIQUE (account_id, pipeline_id)
);
CREATE INDEX pipelines_by_owner ON pipelines (account_id, workspace_id, name);

CREATE TABLE pipeline_shares (
    workspace_local_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    pipeline_local_id  INTEGER NOT NULL REFERENCES pipelines (id) ON DELETE CASCADE,
    sync_gen           INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (workspace_local_id, pipeline_local_id)
) WITHOUT ROWID;
CREATE INDEX pipeline_shares_by_pipeline ON pipeline_shares (pipeline_local_id);

CREATE TABLE runs (
    id                 INTEGER PRIMARY KEY,
    workspace_local_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    workflow_id        TEXT    NOT NULL,
    run_name           TEXT    NOT NULL,
    project_name       TEXT,
    status             TEXT    NOT NULL,
    user_name          TEXT,
    submitted          TEXT,
    start              TEXT,
    complete           TEXT,
    progress_percent   REAL,
    cost               REAL,
    cpu_hours          REAL,
    memory_gib_hours   REAL,
    deleted            INTEGER NOT NULL DEFAULT 0,
    sync_gen           INTEGER NOT NULL DEFAULT 0,
    UNIQUE (workspace_local_id, workflow_id)
);
CREATE INDEX runs_by_workspace_time ON runs (workspace_local_id, submitted DESC);

-- Spend per workspace and month, kept by triggers so the Credits dashboard never scans runs.
-- Runs with a server cost add to cost; runs without add their CPU and memory to the estimate columns.
-- The credit rates are applied by towerdesk-core, not here.
CREATE TABLE run_spend (
    workspace_local_id    INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    month                 TEXT    NOT NULL,
    runs                  INTEGER NOT NULL DEFAULT 0,
    cost                  REAL    NOT NULL DEFAULT 0,
    estimated_runs        INTEGER NOT NULL DEFAULT 0,
    estimated_cpu_hours   REAL    NOT NULL DEFAULT 0,
    estimated_mem_hours   REAL    NOT NULL DEFAULT 0,
    cpu_hours             REAL    NOT NULL DEFAULT 0,
    memory_gib_hours      REAL    NOT NULL DEFAULT 0,
    PRIMARY KEY (workspace_local_id, month)
) WITHOUT ROWID;

CREATE TRIGGER runs_spend_insert AFTER INSERT ON runs WHEN NEW.deleted = 0 BEGIN
    INSERT INTO run_spend (workspace_local_id, month) VALUES (NEW.workspace_local_id, COALESCE(substr(NEW.submitted, 1, 7), 'unknown'))
        ON CONFLICT DO NOTHING;
    UPDATE run_spend SET
        runs = runs + 1,
        cost = cost + COALESCE(NEW.cost, 0),
        estimated_runs = estimated_runs + (NEW.cost IS NULL),
        estimated_cpu_hours = estimated_cpu_hours + CASE WHEN NEW.cost IS NULL THEN COALESCE(NEW.cpu_hours, 0) ELSE 0 END,
        estimated_mem_hours = estimated_mem_hours + CASE WHEN NEW.cost IS NULL THEN COALESCE(NEW.memory_gib_hours, 0) ELSE 0 END,
        cpu_hours = cpu_hours + COALESCE(NEW.cpu_hours, 0),
        memory_gib_hours = memory_gib_hours + COALESCE(NEW.memory_gib_hours, 0)
    WHERE workspace_local_id = NEW.workspace_local_id AND month = COALESCE(substr(NEW.submitted, 1, 7), 'unknown');
END;

CREATE TRIGGER runs_spend_delete AFTER DELETE ON runs WHEN OLD.deleted = 0 BEGIN
    UPDATE run_spend SET
        runs = runs - 1,
        cost = cost - COALESCE(OLD.cost, 0),
        estimated_runs = estimated_runs - (OLD.cost IS NULL),
        estimated_cpu_hours = estimated_cpu_hours - CASE WHEN OLD.cost IS NULL THEN COALESCE(OLD.cpu_hours, 0) ELSE 0 END,
        estimated_mem_hours = estimated_mem_hours - CASE WHEN OLD.cost IS NULL THEN COALESCE(OLD.memory_gib_hours, 0) ELSE 0 END,
        cpu_hours = cpu_hours - COALESCE(OLD.cpu_hours, 0),
        memory_gib_hours = memory_gib_hours - COALESCE(OLD.memory_gib_hours, 0)
    WHERE workspace_local_id = OLD.workspace_local_id AND month = COALESCE(substr(OLD.submitted, 1, 7), 'unknown');
END;

-- An update is a delete of the old values plus an insert of the new ones.
CREATE TRIGGER runs_spend_update AFTER UPDATE OF cost, cpu_hours, memory_gib_hours, submitted, deleted, workspace_local_id ON runs BEGIN
    UPDATE run_spend SET
        runs = runs - 1,
        cost = cost - COALESCE(OLD.cost, 0),
        estimated_runs = estimated_runs - (OLD.cost IS NULL),
        estimated_cpu_hours = estimated_cpu_hours - CASE WHEN OLD.cost IS NULL THEN COALESCE(OLD.cpu_hours, 0) ELSE 0 END,
        estimated_mem_hours = estimated_mem_hours - CASE WHEN OLD.cost IS NULL THEN COALESCE(OLD.memory_gib_hours, 0) ELSE 0 END,
        cpu_hours = cpu_hours - COALESCE(OLD.cpu_hours, 0),
        memory_gib_hours = memory_gib_hours - COALESCE(OLD.memory_gib_hours, 0)
    WHERE OLD.deleted = 0 AND workspace_local_id = OLD.workspace_local_id AND month = COALESCE(substr(OLD.submitted, 1, 7), 'unknown');
    INSERT INTO run_spend (workspace_local_id, month)
        SELECT NEW.workspace_local_id, COALESCE(substr(NEW.submitted, 1, 7), 'unknown') WHERE NEW.deleted = 0
        ON CONFLICT DO NOTHING;
    UPDATE run_spend SET
        runs = runs + 1,
        cost = cost + COALESCE(NEW.cost, 0),
        estimated_runs = estimated_runs + (NEW.cost IS NULL),
        estimated_cpu_hours = estimated_cpu_hours + CASE WHEN NEW.cost IS NULL THEN COALESCE(NEW.cpu_hours, 0) ELSE 0 END,
        estimated_mem_hours = estimated_mem_hours + CASE WHEN NEW.cost IS NULL THEN COALESCE(NEW.memory_gib_hours, 0) ELSE 0 END,
        cpu_hours = cpu_hours + COALESCE(NEW.cpu_hours, 0),
        memory_gib_hours = memory_gib_hours + COALESCE(NEW.memory_gib_hours, 0)
    WHERE NEW.deleted = 0 AND workspace_local_id = NEW.workspace_local_id AND month = COALESCE(substr(NEW.submitted, 1, 7), 'unknown');
END;

CREATE TABLE labels (
    id                 INTEGER PRIMARY KEY,
    workspace_local_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    label_id           INTEGER NOT NULL,
    name               TEXT    NOT NULL,
    value              TEXT,
    resource           INTEGER NOT NULL DEFAULT 0,
    is_default         INTEGER NOT NULL DEFAULT 0,
    deleted            INTEGER NOT NULL DEFAULT 0,
    sync_gen           INTEGER NOT NULL DEFAULT 0,
    UNIQUE (workspace_local_id, label_id)
);

-- studios_lifespan_hours NULL means "Always keep the session running".
CREATE TABLE workspace_settings (
    workspace_local_id     INTEGER PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
    studios_lifespan_hours INTEGER,
    studios_raw            TEXT,
    fetched_at             TEXT NOT NULL
);

-- Pipelines and launch settings written offline; published through the outbox.
CREATE TABLE drafts (
    id                 INTEGER PRIMARY KEY,
    account_id         INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    workspace_local_id INTEGER REFERENCES workspaces (id) ON DELETE CASCADE,
    kind               TEXT    NOT NULL CHECK (kind IN ('pipeline', 'launch')),
    title              TEXT    NOT NULL,
    body               TEXT    NOT NULL,
    state              TEXT    NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'waiting', 'published', 'rejected', 'conflict')),
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL
);
CREATE INDEX drafts_by_account ON drafts (account_id, updated_at DESC);

-- Every local change waiting for the server, in order (id). Written in the same transaction as the change.
CREATE TABLE outbox (
    id                INTEGER PRIMARY KEY,
    account_id        INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    entity            TEXT    NOT NULL,
    op                TEXT    NOT NULL,
    local_id          INTEGER,
    natural_key       TEXT,
    payload           TEXT    NOT NULL,
    base_last_updated TEXT,
    summary           TEXT    NOT NULL,
    state             TEXT    NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'conflict', 'rejected')),
    attempts          INTEGER NOT NULL DEFAULT 0,
    next_attempt_at   TEXT,
    message           TEXT,
    created_at        TEXT    NOT NULL
);
CREATE INDEX outbox_by_account ON outbox (account_id, state, id);
CREATE INDEX outbox_by_local ON outbox (entity, local_id);

-- One row per listing that completed, so a resync can skip what has not changed.
CREATE TABLE sync_cursors (
    account_id     INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    scope          TEXT    NOT NULL,
    completed_at   TEXT    NOT NULL,
    item_count     INTEGER NOT NULL,
    fingerprint    TEXT,
    PRIMARY KEY (account_id, scope)
) WITHOUT ROWID;
