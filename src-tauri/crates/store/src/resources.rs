//! What lives inside a workspace: participants, compute environments, credentials, actions, labels,
//! Studios settings, runs and pipelines. Each is written a listing page at a time (one transaction a page) with
//! a sync generation, and a completed listing marks what it did not return as deleted.

use crate::pipelines::{PIPELINE_CHANGE, PIPELINE_CHANGES, PIPELINE_NO_PENDING_CHANGE};
use crate::{
    ComputeEnv, Credential, Pipeline, PipelineRecord, PipelinesFrom, Result, Run, RunRecord, Store,
};

/// The tables filled per workspace, for the generic begin/finish of a listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkspaceListing {
    Participants,
    ComputeEnvs,
    Credentials,
    /// Pipeline actions (`store/src/actions.rs`).
    Actions,
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
            Self::Actions => "actions",
            Self::Labels => "labels",
            Self::Runs => "runs",
            Self::PipelineShares => "pipeline_shares",
        }
    }
}

/// How the pipelines of a listing page are linked to the workspaces they are shared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shares {
    /// Not at all (a workspace's own pipelines, `visibility=private`).
    None,
    /// The page is a workspace's "This and shared workspaces" listing: those owned by another
    /// workspace are shared with this one (`workspace` local id, `workspace_id` the server's).
    Into {
        workspace: i64,
        workspace_id: Option<i64>,
    },
    /// The page is an organization's shared pipelines (`visibility=shared`): each is shared with
    /// every workspace of the organization but its own.
    AcrossOrg { org_id: i64 },
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
        if listing == WorkspaceListing::Labels {
            // Labels added here and labels with queued changes stay (see labels.rs).
            return self
                .finish_label_listing(workspace_local_id, generation)
                .await;
        }
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
        let mut tx = self.write().await?;
        for c in items {
            sqlx::query(
                "INSERT INTO compute_envs (workspace_local_id, compute_env_id, name, platform, status, is_primary, work_dir, sync_gen)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                 ON CONFLICT (workspace_local_id, compute_env_id) DO UPDATE SET
                    name = excluded.name, platform = excluded.platform, status = excluded.status,
                    is_primary = excluded.is_primary, work_dir = excluded.work_dir,
                    sync_gen = excluded.sync_gen, deleted = 0",
            )
            .bind(ws)
            .bind(&c.id)
            .bind(&c.name)
            .bind(&c.platform)
            .bind(&c.status)
            .bind(c.primary)
            .bind(&c.work_dir)
            .bind(generation)
            .execute(&mut *tx)
            .await?;
        }
        // A Make primary still queued keeps its mark on screen until it is sent or discarded.
        crate::compute_envs::mark_pending_primary(&mut tx, ws, None).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn compute_envs(&self, ws: i64) -> Result<Vec<ComputeEnv>> {
        Ok(sqlx::query_as(
            "SELECT compute_env_id AS id, name, platform, status, is_primary AS \"primary\", work_dir FROM compute_envs
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
        let mut tx = self.write().await?;
        for c in items {
            sqlx::query(
                "INSERT INTO credentials (workspace_local_id, credentials_id, name, provider, last_used, sync_gen)
                 VALUES (?, ?, ?, ?, ?, ?)
                 ON CONFLICT (workspace_local_id, credentials_id) DO UPDATE SET
                    name = excluded.name, provider = excluded.provider, last_used = excluded.last_used,
                    sync_gen = excluded.sync_gen, deleted = 0",
            )
            .bind(ws)
            .bind(&c.id)
            .bind(&c.name)
            .bind(&c.provider)
            .bind(&c.last_used)
            .bind(generation)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn credentials(&self, ws: i64) -> Result<Vec<Credential>> {
        Ok(sqlx::query_as(
            "SELECT credentials_id AS id, name, provider, last_used FROM credentials
             WHERE workspace_local_id = ? AND deleted = 0 ORDER BY name COLLATE NOCASE",
        )
        .bind(ws)
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn upsert_runs(&self, ws: i64, generation: i64, items: &[RunRecord]) -> Result<()> {
        let mut tx = self.write().await?;
        for r in items {
            sqlx::query(
                "INSERT INTO runs (workspace_local_id, workflow_id, run_name, project_name, status, user_name, submitted, start,
                                   complete, progress_percent, cost, cpu_hours, memory_gib_hours, labels, sync_gen,
                                   pipeline_id, compute_env_id, platform, cpus, memory_req, peak_memory,
                                   billed_memory_gib_hours, estimate)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                 ON CONFLICT (workspace_local_id, workflow_id) DO UPDATE SET
                    run_name = excluded.run_name, project_name = excluded.project_name, status = excluded.status,
                    user_name = excluded.user_name, submitted = excluded.submitted, start = excluded.start,
                    complete = excluded.complete, progress_percent = excluded.progress_percent, cost = excluded.cost,
                    cpu_hours = excluded.cpu_hours, memory_gib_hours = excluded.memory_gib_hours,
                    labels = excluded.labels, sync_gen = excluded.sync_gen, deleted = 0,
                    pipeline_id = COALESCE(excluded.pipeline_id, runs.pipeline_id),
                    compute_env_id = COALESCE(excluded.compute_env_id, runs.compute_env_id),
                    platform = COALESCE(excluded.platform, runs.platform),
                    cpus = excluded.cpus, memory_req = excluded.memory_req, peak_memory = excluded.peak_memory,
                    billed_memory_gib_hours = excluded.billed_memory_gib_hours, estimate = excluded.estimate",
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
            .bind(serde_json::to_string(&r.labels)?)
            .bind(generation)
            .bind(r.usage.pipeline_id)
            .bind(&r.usage.compute_env_id)
            .bind(&r.usage.platform)
            .bind(r.usage.cpus)
            .bind(r.usage.memory_req)
            .bind(r.usage.peak_memory)
            .bind(r.usage.billed_memory_gib_hours)
            .bind(r.usage.estimate)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Whether a listing page (newest first) brought nothing new: every run on it is already
    /// here, finished, with the same status, and no run older than the page is still going here
    /// (a long run submitted before newer ones that finished must still be followed).
    pub async fn runs_settled(&self, ws: i64, items: &[RunRecord]) -> Result<bool> {
        let mut conn = self.pool().acquire().await?;
        let oldest = items.iter().filter_map(|r| r.submitted.as_deref()).min();
        if let Some(oldest) = oldest {
            let going: Option<i64> = sqlx::query_scalar(
                "SELECT 1 FROM runs WHERE workspace_local_id = ? AND deleted = 0 AND submitted < ?
                   AND status NOT IN ('succeeded', 'failed', 'cancelled', 'unknown') LIMIT 1",
            )
            .bind(ws)
            .bind(oldest)
            .fetch_optional(&mut *conn)
            .await?;
            if going.is_some() {
                return Ok(false);
            }
        }
        for r in items {
            if !crate::model::run_is_finished(&r.status) {
                return Ok(false);
            }
            let known: Option<i64> = sqlx::query_scalar(
                "SELECT 1 FROM runs WHERE workspace_local_id = ? AND workflow_id = ? AND status = ?
                   AND complete IS ? AND deleted = 0",
            )
            .bind(ws)
            .bind(&r.workflow_id)
            .bind(&r.status)
            .bind(&r.complete)
            .fetch_optional(&mut *conn)
            .await?;
            if known.is_none() {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// The newest runs of a workspace first.
    pub async fn runs(&self, ws: i64, limit: i64) -> Result<Vec<Run>> {
        Ok(sqlx::query_as(
            "SELECT id, workflow_id, run_name, project_name, status, user_name, submitted, start, complete,
                    progress_percent, cost, cpu_hours, memory_gib_hours, cost IS NULL AS cost_is_estimate,
                    labels, compute_env
             FROM runs WHERE workspace_local_id = ? AND deleted = 0 ORDER BY submitted DESC LIMIT ?",
        )
        .bind(ws)
        .bind(limit)
        .fetch_all(self.pool())
        .await?)
    }

    /// Writes pipelines under the workspaces that own them, and links them as shared as `shares`
    /// says (see [`Shares`]).
    pub async fn upsert_pipelines(
        &self,
        account_id: i64,
        shares: Shares,
        generation: i64,
        items: &[PipelineRecord],
    ) -> Result<()> {
        let mut tx = self.write().await?;
        for p in items {
            let written: Option<i64> = sqlx::query_scalar(crate::sql(format!(
                "INSERT INTO pipelines (account_id, pipeline_id, workspace_id, org_name, workspace_name, name, description,
                                        repository, icon, compute_env_id, compute_env_name, labels, last_updated, sync_gen)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                 ON CONFLICT (account_id, pipeline_id) DO UPDATE SET
                    workspace_id = excluded.workspace_id, org_name = excluded.org_name, workspace_name = excluded.workspace_name,
                    name = excluded.name, description = excluded.description, repository = excluded.repository,
                    icon = excluded.icon, compute_env_id = excluded.compute_env_id, compute_env_name = excluded.compute_env_name,
                    labels = excluded.labels, last_updated = excluded.last_updated,
                    sync_gen = MAX(pipelines.sync_gen, excluded.sync_gen), deleted = 0
                 WHERE {PIPELINE_NO_PENDING_CHANGE}
                 RETURNING id",
            )))
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
            .fetch_optional(&mut *tx)
            .await?;
            let local = match written {
                Some(id) => id,
                // A pipeline with a queued change is the user's version until it is sent: only
                // its generation moves, so a completed listing does not take it for deleted.
                None => {
                    sqlx::query_scalar(
                        "UPDATE pipelines SET sync_gen = MAX(sync_gen, ?) WHERE account_id = ? AND pipeline_id = ?
                         RETURNING id",
                    )
                    .bind(generation)
                    .bind(account_id)
                    .bind(p.pipeline_id)
                    .fetch_one(&mut *tx)
                    .await?
                }
            };
            match shares {
                Shares::None => {}
                Shares::Into {
                    workspace,
                    workspace_id,
                } => {
                    if p.workspace_id != workspace_id {
                        sqlx::query(
                            "INSERT INTO pipeline_shares (workspace_local_id, pipeline_local_id, sync_gen) VALUES (?, ?, ?)
                             ON CONFLICT DO UPDATE SET sync_gen = excluded.sync_gen",
                        )
                        .bind(workspace)
                        .bind(local)
                        .bind(generation)
                        .execute(&mut *tx)
                        .await?;
                    }
                }
                Shares::AcrossOrg { org_id } => {
                    // Every workspace of the organization the server knows, except the owner.
                    sqlx::query(
                        "INSERT INTO pipeline_shares (workspace_local_id, pipeline_local_id, sync_gen)
                         SELECT w.id, ?1, ?2 FROM workspaces w
                         WHERE w.account_id = ?3 AND w.org_id = ?4 AND w.personal = 0
                           AND w.workspace_id IS NOT NULL AND w.workspace_id IS NOT ?5
                         ON CONFLICT DO UPDATE SET sync_gen = excluded.sync_gen",
                    )
                    .bind(local)
                    .bind(generation)
                    .bind(account_id)
                    .bind(org_id)
                    .bind(p.workspace_id)
                    .execute(&mut *tx)
                    .await?;
                }
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
        let done = sqlx::query(crate::sql(format!(
            "UPDATE pipelines SET deleted = 1 WHERE account_id = ? AND workspace_id IS ? AND sync_gen < ? AND deleted = 0
               AND pipeline_id IS NOT NULL AND {PIPELINE_NO_PENDING_CHANGE}"
        )))
        .bind(account_id)
        .bind(workspace_id)
        .bind(generation)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected())
    }

    /// After a completed listing of an organization's shared pipelines (written with
    /// [`Shares::AcrossOrg`]): links it did not renew are gone, in every workspace of the org.
    pub async fn finish_org_shares(
        &self,
        account_id: i64,
        org_id: i64,
        generation: i64,
    ) -> Result<u64> {
        let done = sqlx::query(
            "DELETE FROM pipeline_shares WHERE sync_gen < ?
               AND workspace_local_id IN (SELECT id FROM workspaces WHERE account_id = ? AND org_id = ?)",
        )
        .bind(generation)
        .bind(account_id)
        .bind(org_id)
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
            PipelinesFrom::ThisWorkspace => String::new(),
            PipelinesFrom::ThisAndShared => {
                format!("UNION ALL
                 SELECT p.id, p.pipeline_id, p.name, p.description, p.repository, p.icon,
                        COALESCE(p.org_name || '/' || p.workspace_name, p.workspace_name, '') AS workspace_ref, 1 AS shared,
                        p.compute_env_name, p.labels, p.last_updated, {PIPELINE_CHANGE}
                 FROM pipeline_shares s JOIN pipelines p ON p.id = s.pipeline_local_id
                 LEFT JOIN pipeline_changes ch ON ch.local_id = p.id
                 WHERE s.workspace_local_id = ?1 AND p.deleted = 0
                   AND (?3 IS NULL OR p.name LIKE ?3 ESCAPE '\\' OR p.description LIKE ?3 ESCAPE '\\' OR p.repository LIKE ?3 ESCAPE '\\' OR p.labels LIKE ?3 ESCAPE '\\')")
            }
        };
        let sql = format!(
            "WITH {PIPELINE_CHANGES}
             SELECT * FROM (
               SELECT p.id, p.pipeline_id, p.name, p.description, p.repository, p.icon,
                      COALESCE(o.name || '/' || w.name, w.name) AS workspace_ref, 0 AS shared,
                      p.compute_env_name, p.labels, p.last_updated, {PIPELINE_CHANGE}
               FROM workspaces w
               JOIN pipelines p ON p.account_id = w.account_id AND p.workspace_id IS w.workspace_id
               LEFT JOIN organizations o ON o.account_id = w.account_id AND o.org_id = w.org_id
               LEFT JOIN pipeline_changes ch ON ch.local_id = p.id
               WHERE w.id = ?1 AND p.deleted = 0 AND (w.workspace_id IS NOT NULL OR w.personal = 1)
                 AND (?3 IS NULL OR p.name LIKE ?3 ESCAPE '\\' OR p.description LIKE ?3 ESCAPE '\\' OR p.repository LIKE ?3 ESCAPE '\\' OR p.labels LIKE ?3 ESCAPE '\\')
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
