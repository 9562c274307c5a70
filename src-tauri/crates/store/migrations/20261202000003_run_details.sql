-- A run's page as last read from the server, so it opens offline with its last known state.
-- runs.labels: the run's labels (`name` or `name=value`, a JSON array) for the `label:` search.
-- runs.compute_env: the compute environment's name, known once the run was described.
ALTER TABLE runs ADD COLUMN labels TEXT NOT NULL DEFAULT '[]';
ALTER TABLE runs ADD COLUMN compute_env TEXT;

-- One row per run whose page was read (`GET /workflow/{id}` and `/progress`). tasks is the run's
-- task counters and processes the same per process (JSON, as towerdesk-store's TaskCounts and
-- ProcessProgress); params the run's parameters as the server gave them (a JSON object).
CREATE TABLE run_details (
    run_local_id  INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
    work_dir      TEXT,
    repository    TEXT,
    revision      TEXT,
    config_profiles TEXT NOT NULL DEFAULT '[]',
    params        TEXT,
    tasks         TEXT    NOT NULL,
    processes     TEXT    NOT NULL,
    cpu_time_ms   INTEGER,
    memory_rss    INTEGER,
    wall_time_ms  INTEGER,
    error_message TEXT,
    read_at       TEXT    NOT NULL
) WITHOUT ROWID;
