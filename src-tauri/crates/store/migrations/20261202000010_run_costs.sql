-- Credits (issue 12): what the breakdowns need on each run, a summary the triggers keep, and the
-- two kinds of local credits data (budgets, an organization's entered credits).
--
-- On runs (NULL: the server has not said, never a guess):
--   pipeline_id     the Launchpad pipeline's server id (the listing's `pipelineInfo.id`)
--   compute_env_id  the compute environment's id (the run's launch, `GET /workflow/{id}/launch`)
--   platform        its platform (`platform.id` of `GET /workflow/{id}`: `aws-batch`,
--                   `seqeracompute-platform`...); Seqera Compute runs are billed in credits,
--                   the others are cloud cost in USD
--   cpus            CPUs requested by the run's tasks (`progress.workflowProgress.cpus`)
--   memory_req      memory requested by its tasks, bytes (`memoryReq`)
--   peak_memory     its peak memory, bytes (`peakMemory`)
--   billed_memory_gib_hours  memory GiB-hours as billed (requested memory, else peak with a
--                   2 GB floor, over the CPU time; towerdesk-core's credits rules)
--   estimate        for a run with no server cost: its CPU-hours and billed GiB-hours at the
--                   credit rates (towerdesk-core), else NULL
ALTER TABLE runs ADD COLUMN pipeline_id INTEGER;
ALTER TABLE runs ADD COLUMN compute_env_id TEXT;
ALTER TABLE runs ADD COLUMN platform TEXT;
ALTER TABLE runs ADD COLUMN cpus INTEGER;
ALTER TABLE runs ADD COLUMN memory_req INTEGER;
ALTER TABLE runs ADD COLUMN peak_memory INTEGER;
ALTER TABLE runs ADD COLUMN billed_memory_gib_hours REAL;
ALTER TABLE runs ADD COLUMN estimate REAL;

-- Runs kept before this version: the estimate the earlier build showed (CPU-hours and resident
-- GiB-hours at the rates); the next listing recomputes it from what the server sends.
UPDATE runs SET estimate = COALESCE(cpu_hours, 0) * 0.1 + COALESCE(memory_gib_hours, 0) * 0.025
WHERE cost IS NULL AND (cpu_hours IS NOT NULL OR memory_gib_hours IS NOT NULL);

-- Spend per workspace, UTC hour of submission (`YYYY-MM-DDTHH`, so days, weeks and months in any
-- whole-hour time zone are sums of rows), pipeline (project name), user, compute environment and
-- platform; '' where the run does not say. cost sums the server's cost, estimate the estimates of
-- the runs without one (estimated_runs of them; unpriced_runs have neither).
CREATE TABLE run_costs (
    workspace_local_id      INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    hour                    TEXT    NOT NULL,
    pipeline                TEXT    NOT NULL,
    user_name               TEXT    NOT NULL,
    compute_env             TEXT    NOT NULL,
    platform                TEXT    NOT NULL,
    runs                    INTEGER NOT NULL DEFAULT 0,
    cost                    REAL    NOT NULL DEFAULT 0,
    estimated_runs          INTEGER NOT NULL DEFAULT 0,
    estimate                REAL    NOT NULL DEFAULT 0,
    unpriced_runs           INTEGER NOT NULL DEFAULT 0,
    cpu_hours               REAL    NOT NULL DEFAULT 0,
    memory_gib_hours        REAL    NOT NULL DEFAULT 0,
    PRIMARY KEY (workspace_local_id, hour, pipeline, user_name, compute_env, platform)
) WITHOUT ROWID;
CREATE INDEX run_costs_by_hour ON run_costs (hour);

INSERT INTO run_costs (workspace_local_id, hour, pipeline, user_name, compute_env, platform, runs, cost,
                       estimated_runs, estimate, unpriced_runs, cpu_hours, memory_gib_hours)
SELECT workspace_local_id, COALESCE(substr(submitted, 1, 13), ''), COALESCE(project_name, ''),
       COALESCE(user_name, ''), COALESCE(compute_env, ''), COALESCE(platform, ''), count(*),
       total(cost), total(cost IS NULL AND estimate IS NOT NULL),
       total(CASE WHEN cost IS NULL THEN estimate END), total(cost IS NULL AND estimate IS NULL),
       total(cpu_hours), total(COALESCE(billed_memory_gib_hours, memory_gib_hours))
FROM runs WHERE deleted = 0
GROUP BY 1, 2, 3, 4, 5, 6;

CREATE TRIGGER runs_costs_insert AFTER INSERT ON runs WHEN NEW.deleted = 0 BEGIN
    INSERT INTO run_costs (workspace_local_id, hour, pipeline, user_name, compute_env, platform)
    VALUES (NEW.workspace_local_id, COALESCE(substr(NEW.submitted, 1, 13), ''), COALESCE(NEW.project_name, ''),
            COALESCE(NEW.user_name, ''), COALESCE(NEW.compute_env, ''), COALESCE(NEW.platform, ''))
    ON CONFLICT DO NOTHING;
    UPDATE run_costs SET
        runs = runs + 1,
        cost = cost + COALESCE(NEW.cost, 0),
        estimated_runs = estimated_runs + (NEW.cost IS NULL AND NEW.estimate IS NOT NULL),
        estimate = estimate + CASE WHEN NEW.cost IS NULL THEN COALESCE(NEW.estimate, 0) ELSE 0 END,
        unpriced_runs = unpriced_runs + (NEW.cost IS NULL AND NEW.estimate IS NULL),
        cpu_hours = cpu_hours + COALESCE(NEW.cpu_hours, 0),
        memory_gib_hours = memory_gib_hours + COALESCE(NEW.billed_memory_gib_hours, NEW.memory_gib_hours, 0)
    WHERE workspace_local_id = NEW.workspace_local_id AND hour = COALESCE(substr(NEW.submitted, 1, 13), '')
      AND pipeline = COALESCE(NEW.project_name, '') AND user_name = COALESCE(NEW.user_name, '')
      AND compute_env = COALESCE(NEW.compute_env, '') AND platform = COALESCE(NEW.platform, '');
END;

CREATE TRIGGER runs_costs_delete AFTER DELETE ON runs WHEN OLD.deleted = 0 BEGIN
    UPDATE run_costs SET
        runs = runs - 1,
        cost = cost - COALESCE(OLD.cost, 0),
        estimated_runs = estimated_runs - (OLD.cost IS NULL AND OLD.estimate IS NOT NULL),
        estimate = estimate - CASE WHEN OLD.cost IS NULL THEN COALESCE(OLD.estimate, 0) ELSE 0 END,
        unpriced_runs = unpriced_runs - (OLD.cost IS NULL AND OLD.estimate IS NULL),
        cpu_hours = cpu_hours - COALESCE(OLD.cpu_hours, 0),
        memory_gib_hours = memory_gib_hours - COALESCE(OLD.billed_memory_gib_hours, OLD.memory_gib_hours, 0)
    WHERE workspace_local_id = OLD.workspace_local_id AND hour = COALESCE(substr(OLD.submitted, 1, 13), '')
      AND pipeline = COALESCE(OLD.project_name, '') AND user_name = COALESCE(OLD.user_name, '')
      AND compute_env = COALESCE(OLD.compute_env, '') AND platform = COALESCE(OLD.platform, '');
END;

-- An update is a delete of the old values plus an insert of the new ones.
CREATE TRIGGER runs_costs_update AFTER UPDATE OF cost, estimate, cpu_hours, memory_gib_hours, billed_memory_gib_hours,
        submitted, deleted, workspace_local_id, project_name, user_name, compute_env, platform ON runs BEGIN
    UPDATE run_costs SET
        runs = runs - 1,
        cost = cost - COALESCE(OLD.cost, 0),
        estimated_runs = estimated_runs - (OLD.cost IS NULL AND OLD.estimate IS NOT NULL),
        estimate = estimate - CASE WHEN OLD.cost IS NULL THEN COALESCE(OLD.estimate, 0) ELSE 0 END,
        unpriced_runs = unpriced_runs - (OLD.cost IS NULL AND OLD.estimate IS NULL),
        cpu_hours = cpu_hours - COALESCE(OLD.cpu_hours, 0),
        memory_gib_hours = memory_gib_hours - COALESCE(OLD.billed_memory_gib_hours, OLD.memory_gib_hours, 0)
    WHERE OLD.deleted = 0
      AND workspace_local_id = OLD.workspace_local_id AND hour = COALESCE(substr(OLD.submitted, 1, 13), '')
      AND pipeline = COALESCE(OLD.project_name, '') AND user_name = COALESCE(OLD.user_name, '')
      AND compute_env = COALESCE(OLD.compute_env, '') AND platform = COALESCE(OLD.platform, '');
    INSERT INTO run_costs (workspace_local_id, hour, pipeline, user_name, compute_env, platform)
        SELECT NEW.workspace_local_id, COALESCE(substr(NEW.submitted, 1, 13), ''), COALESCE(NEW.project_name, ''),
               COALESCE(NEW.user_name, ''), COALESCE(NEW.compute_env, ''), COALESCE(NEW.platform, '')
        WHERE NEW.deleted = 0
        ON CONFLICT DO NOTHING;
    UPDATE run_costs SET
        runs = runs + 1,
        cost = cost + COALESCE(NEW.cost, 0),
        estimated_runs = estimated_runs + (NEW.cost IS NULL AND NEW.estimate IS NOT NULL),
        estimate = estimate + CASE WHEN NEW.cost IS NULL THEN COALESCE(NEW.estimate, 0) ELSE 0 END,
        unpriced_runs = unpriced_runs + (NEW.cost IS NULL AND NEW.estimate IS NULL),
        cpu_hours = cpu_hours + COALESCE(NEW.cpu_hours, 0),
        memory_gib_hours = memory_gib_hours + COALESCE(NEW.billed_memory_gib_hours, NEW.memory_gib_hours, 0)
    WHERE NEW.deleted = 0
      AND workspace_local_id = NEW.workspace_local_id AND hour = COALESCE(substr(NEW.submitted, 1, 13), '')
      AND pipeline = COALESCE(NEW.project_name, '') AND user_name = COALESCE(NEW.user_name, '')
      AND compute_env = COALESCE(NEW.compute_env, '') AND platform = COALESCE(NEW.platform, '');
END;

-- The same per workspace, UTC month (`YYYY-MM`) and platform only: a few rows per workspace and
-- month whatever the number of runs, so spend by workspace (or by UTC month) over everything or
-- whole months reads this, not the hour rows (as many as runs when runs are sparse).
CREATE TABLE run_costs_month (
    workspace_local_id      INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    month                   TEXT    NOT NULL,
    platform                TEXT    NOT NULL,
    runs                    INTEGER NOT NULL DEFAULT 0,
    cost                    REAL    NOT NULL DEFAULT 0,
    estimated_runs          INTEGER NOT NULL DEFAULT 0,
    estimate                REAL    NOT NULL DEFAULT 0,
    unpriced_runs           INTEGER NOT NULL DEFAULT 0,
    cpu_hours               REAL    NOT NULL DEFAULT 0,
    memory_gib_hours        REAL    NOT NULL DEFAULT 0,
    PRIMARY KEY (workspace_local_id, month, platform)
) WITHOUT ROWID;
CREATE INDEX run_costs_month_by_month ON run_costs_month (month);

INSERT INTO run_costs_month (workspace_local_id, month, platform, runs, cost, estimated_runs, estimate,
                             unpriced_runs, cpu_hours, memory_gib_hours)
SELECT workspace_local_id, substr(hour, 1, 7), platform, sum(runs), total(cost), sum(estimated_runs),
       total(estimate), sum(unpriced_runs), total(cpu_hours), total(memory_gib_hours)
FROM run_costs GROUP BY 1, 2, 3;

CREATE TRIGGER runs_costs_month_insert AFTER INSERT ON runs WHEN NEW.deleted = 0 BEGIN
    INSERT INTO run_costs_month (workspace_local_id, month, platform)
    VALUES (NEW.workspace_local_id, COALESCE(substr(NEW.submitted, 1, 7), ''), COALESCE(NEW.platform, ''))
    ON CONFLICT DO NOTHING;
    UPDATE run_costs_month SET
        runs = runs + 1,
        cost = cost + COALESCE(NEW.cost, 0),
        estimated_runs = estimated_runs + (NEW.cost IS NULL AND NEW.estimate IS NOT NULL),
        estimate = estimate + CASE WHEN NEW.cost IS NULL THEN COALESCE(NEW.estimate, 0) ELSE 0 END,
        unpriced_runs = unpriced_runs + (NEW.cost IS NULL AND NEW.estimate IS NULL),
        cpu_hours = cpu_hours + COALESCE(NEW.cpu_hours, 0),
        memory_gib_hours = memory_gib_hours + COALESCE(NEW.billed_memory_gib_hours, NEW.memory_gib_hours, 0)
    WHERE workspace_local_id = NEW.workspace_local_id AND month = COALESCE(substr(NEW.submitted, 1, 7), '')
      AND platform = COALESCE(NEW.platform, '');
END;

CREATE TRIGGER runs_costs_month_delete AFTER DELETE ON runs WHEN OLD.deleted = 0 BEGIN
    UPDATE run_costs_month SET
        runs = runs - 1,
        cost = cost - COALESCE(OLD.cost, 0),
        estimated_runs = estimated_runs - (OLD.cost IS NULL AND OLD.estimate IS NOT NULL),
        estimate = estimate - CASE WHEN OLD.cost IS NULL THEN COALESCE(OLD.estimate, 0) ELSE 0 END,
        unpriced_runs = unpriced_runs - (OLD.cost IS NULL AND OLD.estimate IS NULL),
        cpu_hours = cpu_hours - COALESCE(OLD.cpu_hours, 0),
        memory_gib_hours = memory_gib_hours - COALESCE(OLD.billed_memory_gib_hours, OLD.memory_gib_hours, 0)
    WHERE workspace_local_id = OLD.workspace_local_id AND month = COALESCE(substr(OLD.submitted, 1, 7), '')
      AND platform = COALESCE(OLD.platform, '');
END;

CREATE TRIGGER runs_costs_month_update AFTER UPDATE OF cost, estimate, cpu_hours, memory_gib_hours, billed_memory_gib_hours,
        submitted, deleted, workspace_local_id, platform ON runs BEGIN
    UPDATE run_costs_month SET
        runs = runs - 1,
        cost = cost - COALESCE(OLD.cost, 0),
        estimated_runs = estimated_runs - (OLD.cost IS NULL AND OLD.estimate IS NOT NULL),
        estimate = estimate - CASE WHEN OLD.cost IS NULL THEN COALESCE(OLD.estimate, 0) ELSE 0 END,
        unpriced_runs = unpriced_runs - (OLD.cost IS NULL AND OLD.estimate IS NULL),
        cpu_hours = cpu_hours - COALESCE(OLD.cpu_hours, 0),
        memory_gib_hours = memory_gib_hours - COALESCE(OLD.billed_memory_gib_hours, OLD.memory_gib_hours, 0)
    WHERE OLD.deleted = 0
      AND workspace_local_id = OLD.workspace_local_id AND month = COALESCE(substr(OLD.submitted, 1, 7), '')
      AND platform = COALESCE(OLD.platform, '');
    INSERT INTO run_costs_month (workspace_local_id, month, platform)
        SELECT NEW.workspace_local_id, COALESCE(substr(NEW.submitted, 1, 7), ''), COALESCE(NEW.platform, '')
        WHERE NEW.deleted = 0
        ON CONFLICT DO NOTHING;
    UPDATE run_costs_month SET
        runs = runs + 1,
        cost = cost + COALESCE(NEW.cost, 0),
        estimated_runs = estimated_runs + (NEW.cost IS NULL AND NEW.estimate IS NOT NULL),
        estimate = estimate + CASE WHEN NEW.cost IS NULL THEN COALESCE(NEW.estimate, 0) ELSE 0 END,
        unpriced_runs = unpriced_runs + (NEW.cost IS NULL AND NEW.estimate IS NULL),
        cpu_hours = cpu_hours + COALESCE(NEW.cpu_hours, 0),
        memory_gib_hours = memory_gib_hours + COALESCE(NEW.billed_memory_gib_hours, NEW.memory_gib_hours, 0)
    WHERE NEW.deleted = 0
      AND workspace_local_id = NEW.workspace_local_id AND month = COALESCE(substr(NEW.submitted, 1, 7), '')
      AND platform = COALESCE(NEW.platform, '');
END;

-- Local data (never sent): a monthly budget of a workspace (workspace_local_id) or of an
-- organization (org_id, workspace_local_id NULL), in credits (Seqera Compute) or in USD (cloud
-- cost), never both summed.
CREATE TABLE budgets (
    id                 INTEGER PRIMARY KEY,
    account_id         INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    workspace_local_id INTEGER REFERENCES workspaces (id) ON DELETE CASCADE,
    org_id             INTEGER,
    unit               TEXT    NOT NULL CHECK (unit IN ('credits', 'usd')),
    monthly_amount     REAL    NOT NULL CHECK (monthly_amount >= 0),
    updated_at         TEXT    NOT NULL,
    CHECK ((workspace_local_id IS NULL) <> (org_id IS NULL))
);
CREATE UNIQUE INDEX budgets_of_workspace ON budgets (workspace_local_id, unit) WHERE workspace_local_id IS NOT NULL;
CREATE UNIQUE INDEX budgets_of_org ON budgets (account_id, org_id, unit) WHERE org_id IS NOT NULL;

-- Local data (never sent): the credits an organization bought, as the user entered them here (the
-- API has no balance endpoint); the balance left is these minus the credits spent.
CREATE TABLE org_credits (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    org_id     INTEGER NOT NULL,
    credits    REAL    NOT NULL CHECK (credits >= 0),
    entered_at TEXT    NOT NULL,
    PRIMARY KEY (account_id, org_id)
) WITHOUT ROWID;
