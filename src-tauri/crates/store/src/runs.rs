//! A run's page as last read from the server (`run_details`), and the writes of a live refresh:
//! one run described and its progress read, outside a sync. The runs listing itself is in
//! `resources.rs` (`upsert_runs`, `runs`).

use serde::{Deserialize, Serialize};

use crate::{Result, Run, RunRecord, Store, StoreError};

/// A run's tasks by status: the Platform's tiles (Pending, Submitted, Running, Cached, Succeeded,
/// Failed, Aborted).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct TaskCounts {
    pub pending: i64,
    pub submitted: i64,
    pub running: i64,
    pub cached: i64,
    pub succeeded: i64,
    pub failed: i64,
    pub aborted: i64,
}

impl TaskCounts {
    pub fn total(&self) -> i64 {
        self.pending
            + self.submitted
            + self.running
            + self.cached
            + self.succeeded
            + self.failed
            + self.aborted
    }
}

/// One process of a run and its tasks by status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct ProcessProgress {
    pub process: String,
    pub tasks: TaskCounts,
}

/// What a run's page shows beyond its row in the list, as last read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RunDetails {
    pub work_dir: Option<String>,
    pub repository: Option<String>,
    pub revision: Option<String>,
    #[sqlx(json)]
    pub config_profiles: Vec<String>,
    /// The run's parameters, as JSON text (None: the server gave none).
    pub params: Option<String>,
    #[sqlx(json)]
    pub tasks: TaskCounts,
    #[sqlx(json)]
    pub processes: Vec<ProcessProgress>,
    /// CPU time of the finished tasks, in milliseconds.
    pub cpu_time_ms: Option<i64>,
    /// Resident memory of the finished tasks, in bytes.
    pub memory_rss: Option<i64>,
    /// From submission to completion (or to `read_at` while it runs), in milliseconds.
    pub wall_time_ms: Option<i64>,
    pub error_message: Option<String>,
    /// When this was read from the server (RFC 3339).
    pub read_at: String,
}

const RUN_COLUMNS: &str = "id, workflow_id, run_name, project_name, status, user_name, submitted, start, complete,
    progress_percent, cost, cpu_hours, memory_gib_hours, cost IS NULL AS cost_is_estimate, labels, compute_env";

impl Store {
    /// One run by its local id (a deleted one too: a page that was open stays readable).
    pub async fn run(&self, id: i64) -> Result<Run> {
        sqlx::query_as(crate::sql(format!(
            "SELECT {RUN_COLUMNS} FROM runs WHERE id = ?"
        )))
        .bind(id)
        .fetch_optional(self.pool())
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("run {id}")))
    }

    /// The local workspace a run belongs to.
    pub async fn run_workspace(&self, id: i64) -> Result<i64> {
        sqlx::query_scalar("SELECT workspace_local_id FROM runs WHERE id = ?")
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("run {id}")))
    }

    /// The local id of a run by its server id, in one workspace or in any of an account's.
    pub async fn run_local_id(&self, account_id: i64, workflow_id: &str) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT r.id FROM runs r JOIN workspaces w ON w.id = r.workspace_local_id
             WHERE w.account_id = ? AND r.workflow_id = ? ORDER BY r.deleted, r.id LIMIT 1",
        )
        .bind(account_id)
        .bind(workflow_id)
        .fetch_optional(self.pool())
        .await?)
    }

    /// The runs of a workspace that are still going (submitted or running), newest first.
    pub async fn active_runs(&self, ws: i64) -> Result<Vec<Run>> {
        Ok(sqlx::query_as(crate::sql(format!(
            "SELECT {RUN_COLUMNS} FROM runs WHERE workspace_local_id = ? AND deleted = 0
               AND status NOT IN ('succeeded', 'failed', 'cancelled', 'unknown')
             ORDER BY submitted DESC"
        )))
        .bind(ws)
        .fetch_all(self.pool())
        .await?)
    }

    /// The page of a run as last read, None when it never was.
    pub async fn run_details(&self, id: i64) -> Result<Option<RunDetails>> {
        Ok(sqlx::query_as(
            "SELECT work_dir, repository, revision, config_profiles, params, tasks, processes,
                    cpu_time_ms, memory_rss, wall_time_ms, error_message, read_at
             FROM run_details WHERE run_local_id = ?",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?)
    }

    /// Writes what one read of a run brought, in one transaction: its row (as a listing would,
    /// keeping its listing generation), the compute environment's name and its page. Returns the
    /// run's local id.
    pub async fn write_run_read(
        &self,
        ws: i64,
        run: &RunRecord,
        compute_env: Option<&str>,
        details: &RunDetails,
    ) -> Result<i64> {
        let mut tx = self.write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO runs (workspace_local_id, workflow_id, run_name, project_name, status, user_name, submitted, start,
                               complete, progress_percent, cost, cpu_hours, memory_gib_hours, labels, compute_env,
                               pipeline_id, compute_env_id, platform, cpus, memory_req, peak_memory,
                               billed_memory_gib_hours, estimate)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (workspace_local_id, workflow_id) DO UPDATE SET
                run_name = excluded.run_name, project_name = excluded.project_name, status = excluded.status,
                user_name = excluded.user_name, submitted = excluded.submitted, start = excluded.start,
                complete = excluded.complete, progress_percent = excluded.progress_percent, cost = excluded.cost,
                cpu_hours = excluded.cpu_hours, memory_gib_hours = excluded.memory_gib_hours,
                labels = excluded.labels, compute_env = COALESCE(excluded.compute_env, runs.compute_env), deleted = 0,
                pipeline_id = COALESCE(excluded.pipeline_id, runs.pipeline_id),
                compute_env_id = COALESCE(excluded.compute_env_id, runs.compute_env_id),
                platform = COALESCE(excluded.platform, runs.platform),
                cpus = excluded.cpus, memory_req = excluded.memory_req, peak_memory = excluded.peak_memory,
                billed_memory_gib_hours = excluded.billed_memory_gib_hours, estimate = excluded.estimate
             RETURNING id",
        )
        .bind(ws)
        .bind(&run.workflow_id)
        .bind(&run.run_name)
        .bind(&run.project_name)
        .bind(&run.status)
        .bind(&run.user_name)
        .bind(&run.submitted)
        .bind(&run.start)
        .bind(&run.complete)
        .bind(run.progress_percent)
        .bind(run.cost)
        .bind(run.cpu_hours)
        .bind(run.memory_gib_hours)
        .bind(serde_json::to_string(&run.labels)?)
        .bind(compute_env)
        .bind(run.usage.pipeline_id)
        .bind(&run.usage.compute_env_id)
        .bind(&run.usage.platform)
        .bind(run.usage.cpus)
        .bind(run.usage.memory_req)
        .bind(run.usage.peak_memory)
        .bind(run.usage.billed_memory_gib_hours)
        .bind(run.usage.estimate)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO run_details (run_local_id, work_dir, repository, revision, config_profiles, params, tasks,
                                      processes, cpu_time_ms, memory_rss, wall_time_ms, error_message, read_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (run_local_id) DO UPDATE SET
                work_dir = excluded.work_dir, repository = excluded.repository, revision = excluded.revision,
                config_profiles = excluded.config_profiles, params = excluded.params, tasks = excluded.tasks,
                processes = excluded.processes, cpu_time_ms = excluded.cpu_time_ms, memory_rss = excluded.memory_rss,
                wall_time_ms = excluded.wall_time_ms, error_message = excluded.error_message, read_at = excluded.read_at",
        )
        .bind(id)
        .bind(&details.work_dir)
        .bind(&details.repository)
        .bind(&details.revision)
        .bind(serde_json::to_string(&details.config_profiles)?)
        .bind(&details.params)
        .bind(serde_json::to_string(&details.tasks)?)
        .bind(serde_json::to_string(&details.processes)?)
        .bind(details.cpu_time_ms)
        .bind(details.memory_rss)
        .bind(details.wall_time_ms)
        .bind(&details.error_message)
        .bind(&details.read_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }
}
