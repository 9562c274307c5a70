//! What lives inside a workspace: participants, compute environments, credentials, labels, Studios
//! settings, runs and pipelines. Each is written a listing page at a time (one transaction a page) with
//! a sync generation, and a completed listing marks what it did not return as deleted.

use crate::{
    ComputeEnv, Credential, Label, Pipeline, PipelineRecord, PipelinesFrom, Result, Run, RunRecord,
    Store, WorkspaceSettings, now,
};

/// The tables filled per workspace, for the generic begin/finish of a listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkspaceListing {
    Participants,
    ComputeEnvs,
    Credentials,
    Labels,
    Runs,
    PipelineShares,
}

impl WorkspaceListing {
    fn table(self) -> &'static str {
        match self {
            Self::Participants => "participants",
            Self::ComputeEnvs => "compute_envs",
            Self::Credentials => "credentials",
            Self::Labels => "labels",
            Self::Runs => "runs",
            Self::PipelineShares => "pipeline_shares",
        }
    }
}

impl Store {
    pub async fn begin_listing(
        &self,
        listing: WorkspaceListing,
        workspace_local_id: i64,
    ) -> Result<i64> {
        self.next_gen(
            listing.table(),
            "workspace_local_id = ?",
            workspace_local_id,
        )
        .await
    }

    /// After a completed listing: what it did not return is gone from the server.
    pub async fn finish_listing(
        &self,
        listing: WorkspaceListing,
        workspace_local_id: i64,
        generation: i64,
    ) -> Result<u64> {
        let sql = match listing {
            // Rows with queued changes and rows the server does not have yet stay.
            WorkspaceListing::Participants => {
                return self
                    .finish_participant_listing(workspace_local_id, generation)
                    .await;
            }
            // A share is a link, not an object: drop it.
            WorkspaceListing::PipelineShares => {
                "DELETE FROM pipeline_shares WHERE workspace_local_id = ? AND sync_gen < ?"
                    .to_string()
            }
            other => format!(
                "UPDATE {} SET deleted = 1 WHERE workspace_local_id = ? AND sync_gen < ? AND deleted = 0",
                other.table()
            ),
        };
        let done = sqlx::query(crate::sql(sql))
            .bind(workspace_local_id)
            .bind(generation)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected())
    }

    pub async fn upsert_compute_envs(
        &self,
        ws: i64,
        generation: i64,
        items: &[ComputeEnv],
    ) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        for c in items {
            sqlx::query(
                "INSERT INTO compute_envs (workspace_local_id, compute_env_id, name, platform, status, is_primary, sync_gen)
                 VALUES (?, ?, ?, ?, ?, ?, ?)
                 ON CONFLICT (workspace_local_id, compute_env_id) DO UPDATE SET
                    name = excluded.name, platform = excluded.platform, status = excluded.status,
                    is_primary = excluded.is_primary, sync_gen = excluded.sync_gen, deleted = 0",
            )
            .bind(ws)
            .bind(&c.id)
            .bind(&c.name)
            .bind(&c.platform)
            .bind(&c.status)
            .bind(c.primary)
            .bind(generation)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn compute_envs(&self, ws: i64) -> Result<Vec<ComputeEnv>> {
        Ok(sqlx::query_as(
            "SELECT compute_env_id AS id, name, platform, status, is_primary AS \"primary\" FROM compute_envs
             WHERE workspace_local_id = ? AND deleted = 0 ORDER BY is_primary DESC, name COLLATE NOCASE",
        )
        .bind(ws)
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn upsert_credentials(
        &self,
        ws: i64,
        generation: i64,
        items: &[Credential],
    ) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        for c in items {
            sqlx::query(
                "INSERT INTO credentials (workspace_local_id, credentials_id, name, provider, sync_gen)
                 VALUES (?, ?, ?, ?, ?)
                 ON CONFLICT (workspace_local_id, credentials_id) DO UPDATE SET
                    name = excluded.name, provider = excluded.provider, sync_gen = excluded.sync_gen, deleted = 0",
            )
            .bind(ws)
            .bind(&c.id)
            .bind(&c.name)
            .bind(&c.provider)
            .bind(generation)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn credentials(&self, ws: i64) -> Result<Vec<Credential>> {
        Ok(sqlx::query_as(
            "SELECT credentials_id AS id, name, provider FROM credentials
             WHERE workspace_local_id = ? AND deleted = 0 ORDER BY name COLLATE NOCASE",
        )
        .bind(ws)
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn upsert_labels(&self, ws: i64, generation: i64, items: &[Label]) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        for l in items {
            sqlx::query(
                "INSERT INTO labels (workspace_local_id, label_id, name, value, resource, is_default, sync_gen)
                 VALUES (?, ?, ?, ?, ?, ?, ?)
                 ON CONFLICT (workspace_local_id, label_id) DO UPDATE SET
                    name = excluded.name, value = excluded.value, resource = excluded.resource,
                    is_default = excluded.is_default, sync_gen = excluded.sync_gen, deleted = 0",
            )
            .bind(ws)
            .bind(l.id)
            .bind(&l.name)
            .bind(&l.value)
            .bind(l.resource)
            .bind(l.is_default)
            .bind(generation)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn labels(&self, ws: i64) -> Result<Vec<Label>> {
        Ok(sqlx::query_as(
            "SELECT label_id AS id, name, value, resource, is_default FROM labels
             WHERE workspace_local_id = ? AND deleted = 0 ORDER BY resource, name COLLATE NOCASE",
        )
        .bind(ws)
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn set_workspace_settings(
        &self,
        ws: i64,
        lifespan_hours: Option<i64>,
        raw: &serde_json::Value,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO workspace_settings (workspace_local_id, studios_lifespan_hours, studios_raw, fetched_at)
             VALUES (?, ?, ?, ?)
             ON CONFLICT (workspace_local_id) DO UPDATE SET studios_lifespan_hours = excluded.studios_lifespan_hours,
                studios_raw = excluded.studios_raw, fetched_at = excluded.fetched_at",
        )
        .bind(ws)
        .bind(lifespan_hours)
        .bind(serde_json::to_string(raw)?)
        .bind(now())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Studios settings and labels; `None` until a sync has fetched the settings.
    pub async fn workspace_settings(&self, ws: i64) -> Result<Option<WorkspaceSettings>> {
        let row: Option<(Option<i64>,)> = sqlx::query_as(
            "SELECT studios_lifespan_hours FROM workspace_settings WHERE workspace_local_id = ?",
        )
        .bind(ws)
        .fetch_optional(self.pool())
        .await?;
        let Some((studios_lifespan_hours,)) = row else {
            return Ok(None);
        };
        Ok(Some(WorkspaceSettings {
            studios_lifespan_hours,
            labels: self.labels(ws).await?,
        }))
    }

    pub async fn upsert_runs(&self, ws: i64, generation: i64, items: &[RunRecord]) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        for r in items {
            sqlx::query(
                "INSERT INTO runs (workspace_local_id, workflow_id, run_name, project_name, status, user_name, submitted, start,
                                   complete, progress_percent, cost, cpu_hours, memory_gib_hours, sync_gen)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                 ON CONFLICT (workspace_local_id, workflow_id) DO UPDATE SET
                    run_name = excluded.run_name, project_name = excluded.project_name, status = excluded.status,
                    user_name = excluded.user_name, submitted = excluded.submitted, start = excluded.start,
                    complete = excluded.complete, progress_percent = excluded.progress_percent, cost = excluded.cost,
                    cpu_hours = excluded.cpu_hours, memory_gib_hours = excluded.memory_gib_hours,
                    sync_gen = excluded.sync_gen, deleted = 0",
            )
            .bind(ws)
            .bind(&r.workflow_id)
            .bind(&r.run_name)
            .bind(&r.project_name)
            .bind(&r.status)
            .bind(&r.user_name)
            .bind(&r.submitted)
            .bind(&r.start)
            .bind(&r.complete)
            .bind(r.progress_percent)
            .bind(r.cost)
            .bind(r.cpu_hours)
            .bind(r.memory_gib_hours)
            .bind(generation)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The newest runs of a workspace first.
    pub async fn runs(&self, ws: i64, limit: i64) -> Result<Vec<Run>> {
        Ok(sqlx::query_as(
            "SELECT id, workflow_id, run_name, project_name, status, user_name, submitted, start, complete,
                    progress_percent, cost, cpu_hours, memory_gib_hours, cost IS NULL AS cost_is_estimate
             FROM runs WHERE workspace_local_id = ? AND deleted = 0 ORDER BY submitted DESC LIMIT ?",
        )
        .bind(ws)
        .bind(limit)
        .fetch_all(self.pool())
        .await?)
    }

    /// Writes pipelines under the workspaces that own them. When `shared_into` is given, the page
    /// came from that workspace's "This and shared workspaces" listing and pipelines owned by
    /// another workspace are linked to it as shared.
    pub async fn upsert_pipelines(
        &self,
        account_id: i64,
        shared_into: Option<(i64, Option<i64>)>,
        generation: i64,
        items: &[PipelineRecord],
    ) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        for p in items {
            let local: i64 = sqlx::query_scalar(
                "INSERT INTO pipelines (account_id, pipeline_id, workspace_id, org_name, workspace_name, name, description,
                                        repository, icon, compute_env_id, compute_env_name, labels, last_updated, sync_gen)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                 ON CONFLICT (account_id, pipeline_id) DO UPDATE SET
                    workspace_id = excluded.workspace_id, org_name = excluded.org_name, workspace_name = excluded.workspace_name,
                    name = excluded.name, description = excluded.description, repository = excluded.repository,
                    icon = excluded.icon, compute_env_id = excluded.compute_env_id, compute_env_name = excluded.compute_env_name,
                    labels = excluded.labels, last_updated = excluded.last_updated,
                    sync_gen = MAX(pipelines.sync_gen, excluded.sync_gen), deleted = 0
                 RETURNING id",
            )
            .bind(account_id)
            .bind(p.pipeline_id)
            .bind(p.workspace_id)
            .bind(&p.org_name)
            .bind(&p.workspace_name)
            .bind(&p.name)
            .bind(&p.description)
            .bind(&p.repository)
            .bind(&p.icon)
            .bind(&p.compute_env_id)
            .bind(&p.compute_env_name)
            .bind(serde_json::to_string(&p.labels)?)
            .bind(&p.last_updated)
            .bind(generation)
            .fetch_one(&mut *tx)
            .await?;
            if let Some((ws_local, ws_remote)) = shared_into
                && p.workspace_id != ws_remote
            {
                sqlx::query(
                    "INSERT INTO pipeline_shares (workspace_local_id, pipeline_local_id, sync_gen) VALUES (?, ?, ?)
                     ON CONFLICT DO UPDATE SET sync_gen = excluded.sync_gen",
                )
                .bind(ws_local)
                .bind(local)
                .bind(generation)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// Pipeline listings share one generation counter per account: a shared pipeline is written
    /// during other workspaces' listings, so a per-workspace counter would not order them.
    pub async fn begin_pipeline_listing(&self, account_id: i64) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COALESCE(MAX(sync_gen), 0) + 1 FROM pipelines WHERE account_id = ?",
        )
        .bind(account_id)
        .fetch_one(self.pool())
        .await?)
    }

    /// After a completed listing of a workspace's own pipelines: those it did not return are gone.
    pub async fn finish_pipeline_listing(
        &self,
        account_id: i64,
        workspace_id: Option<i64>,
        generation: i64,
    ) -> Result<u64> {
        let done = sqlx::query(
            "UPDATE pipelines SET deleted = 1 WHERE account_id = ? AND workspace_id IS ? AND sync_gen < ? AND deleted = 0",
        )
        .bind(account_id)
        .bind(workspace_id)
        .bind(generation)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected())
    }

    /// The Launchpad: a workspace's own pipelines, plus (for "This and shared workspaces") those
    /// shared with it. Both halves are index lookups (`pipelines_by_owner`, `pipeline_shares`' key).
    pub async fn pipelines(
        &self,
        ws: i64,
        from: PipelinesFrom,
        search: Option<&str>,
    ) -> Result<Vec<Pipeline>> {
        let pattern = search.map(str::trim).filter(|s| !s.is_empty()).map(|s| {
            format!(
                "%{}%",
                s.replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            )
        });
        let shared_half = match from {
            PipelinesFrom::ThisWorkspace => "",
            PipelinesFrom::ThisAndShared => {
                "UNION ALL
                 SELECT p.id, p.pipeline_id, p.name, p.description, p.repository, p.icon,
                        COALESCE(p.org_name || '/' || p.workspace_name, p.workspace_name, '') AS workspace_ref, 1 AS shared,
                        p.compute_env_name, p.labels, p.last_updated
                 FROM pipeline_shares s JOIN pipelines p ON p.id = s.pipeline_local_id
                 WHERE s.workspace_local_id = ?1 AND p.deleted = 0
                   AND (?3 IS NULL OR p.name LIKE ?3 ESCAPE '\\' OR p.description LIKE ?3 ESCAPE '\\' OR p.repository LIKE ?3 ESCAPE '\\')"
            }
        };
        let sql = format!(
            "SELECT * FROM (
               SELECT p.id, p.pipeline_id, p.name, p.description, p.repository, p.icon,
                      COALESCE(o.name || '/' || w.name, w.name) AS workspace_ref, 0 AS shared,
                      p.compute_env_name, p.labels, p.last_updated
               FROM workspaces w
               JOIN pipelines p ON p.account_id = w.account_id AND p.workspace_id IS w.workspace_id
               LEFT JOIN organizations o ON o.account_id = w.account_id AND o.org_id = w.org_id
               WHERE w.id = ?1 AND p.deleted = 0 AND (w.workspace_id IS NOT NULL OR w.personal = 1)
                 AND (?3 IS NULL OR p.name LIKE ?3 ESCAPE '\\' OR p.description LIKE ?3 ESCAPE '\\' OR p.repository LIKE ?3 ESCAPE '\\')
               {shared_half}
             ) ORDER BY name COLLATE NOCASE LIMIT ?2"
        );
        Ok(sqlx::query_as(crate::sql(sql))
            .bind(ws)
            .bind(5000_i64)
            .bind(pattern)
            .fetch_all(self.pool())
            .await?)
    }
}
