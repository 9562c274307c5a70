//! Pipelines added, edited and deleted here (outbox entity `pipeline`), and the drafts of the
//! forms being typed (the `drafts` table, kinds `pipeline` and `launch`).
//!
//! A pipeline added here has no server id yet (`pipelines.pipeline_id` is NULL until its create
//! is sent); `pipelines.form` keeps the form's fields a local write set. A pipeline with a queued
//! change is the user's version until the change is sent: a pull neither overwrites nor deletes
//! it (`PIPELINE_NO_PENDING_CHANGE`, used by `resources.rs`).
//!
//! A draft holds what was typed, exactly (its `body` is the form as JSON), from the first
//! keystroke. Publishing it queues the pipeline's change and links the draft to it (`change_id`);
//! while the change is queued the draft's state is the change's (waiting, rejected, conflict, with
//! the server's words); once the server has it, `published`. Discarding the change ("Take
//! theirs"/Discard) gives the draft back as a draft: nothing typed is lost.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

use crate::change::StoredEntity;
use crate::queue::{
    Rows, adopt_server_id, create_was_tried, forget_changes, insert_change, untried_change,
};
use crate::{ChangeOp, Entity, NewChange, OutboxRow, Result, Store, StoreError, now};

/// The state and message of each pipeline's newest queued change (the Launchpad's columns), as a
/// table computed once per query (`WITH`), joined as `ch` on `ch.local_id = p.id`: the outbox
/// is usually empty, and a subquery per row cost the Launchpad of 2,194 pipelines about 2 ms.
/// The newest change that is not waiting wins (it says why the pipeline is not sent yet), else
/// the newest waiting one.
pub(crate) const PIPELINE_CHANGES: &str = "pipeline_changes AS MATERIALIZED (
    SELECT local_id, state, message FROM (
      SELECT local_id, state, message,
             ROW_NUMBER() OVER (PARTITION BY local_id ORDER BY state = 'waiting', id DESC) AS n
      FROM outbox WHERE entity = 'pipeline' AND local_id IS NOT NULL)
    WHERE n = 1)";

/// The Launchpad's change columns from [`PIPELINE_CHANGES`].
pub(crate) const PIPELINE_CHANGE: &str = "ch.state AS change_state, ch.message AS change_message";

pub(crate) const PIPELINE_NO_PENDING_CHANGE: &str = "NOT EXISTS (SELECT 1 FROM outbox ob WHERE ob.entity = 'pipeline' AND ob.local_id = pipelines.id)";

/// The pipeline form, as typed (the Platform's fields: Name, Description, Labels, Compute
/// environment, Pipeline to launch, Revision, Config profiles, Work directory, Pipeline
/// parameters, Pre-run script, Post-run script, Nextflow config file). Empty text is "not set".
/// A draft keeps it exactly; the core tidies it when it is published.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct PipelineInput {
    pub name: String,
    pub description: String,
    /// Label names of the workspace.
    pub labels: Vec<String>,
    /// The workspace's compute environment (its server id); empty: none chosen.
    pub compute_env_id: String,
    /// "Pipeline to launch": the Git URL.
    pub pipeline: String,
    pub revision: String,
    pub config_profiles: Vec<String>,
    pub work_dir: String,
    /// "Pipeline parameters": JSON or YAML.
    pub params_text: String,
    pub pre_run_script: String,
    pub post_run_script: String,
    /// "Nextflow config file".
    pub config_text: String,
}

/// What a draft is the form of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, sqlx::Type)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
#[sqlx(rename_all = "snake_case", type_name = "TEXT")]
pub enum DraftKind {
    Pipeline,
    Launch,
}

/// Where a draft is: being typed, queued (waiting), on the server (published), or held back by the
/// server (rejected, conflict).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, sqlx::Type)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
#[sqlx(rename_all = "snake_case", type_name = "TEXT")]
pub enum DraftState {
    Draft,
    Waiting,
    Published,
    Rejected,
    Conflict,
}

/// A draft as the Drafts view shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Draft {
    pub id: i64,
    pub account_id: i64,
    /// The local workspace it is for.
    pub workspace_id: Option<i64>,
    /// `org/workspace` (or the personal workspace's name).
    pub workspace_ref: String,
    pub kind: DraftKind,
    /// The name typed so far.
    pub title: String,
    /// The form, exactly as typed (JSON).
    pub body: String,
    pub state: DraftState,
    /// The server's words when the change was rejected or met a conflict.
    pub message: Option<String>,
    /// The local pipeline it edits (or, once published, the one it added).
    pub pipeline_local_id: Option<i64>,
    /// The queued change carrying it, once published.
    pub change_id: Option<i64>,
    pub updated_at: String,
}

const DRAFT_VIEW: &str = "
    SELECT d.id, d.account_id, d.workspace_local_id AS workspace_id,
           COALESCE(o.name || '/' || w.name, w.name, '') AS workspace_ref,
           d.kind, d.title, d.body, COALESCE(ob.state, d.state) AS state, ob.message,
           d.pipeline_local_id, d.change_id, d.updated_at
    FROM drafts d
    LEFT JOIN workspaces w ON w.id = d.workspace_local_id
    LEFT JOIN organizations o ON o.account_id = w.account_id AND o.org_id = w.org_id
    LEFT JOIN outbox ob ON ob.id = d.change_id";

/// A pipeline row as the core reads it to check and queue a change.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct LocalPipeline {
    pub id: i64,
    pub account_id: i64,
    pub pipeline_id: Option<i64>,
    /// The owning workspace's server id (None: a personal workspace).
    pub workspace_id: Option<i64>,
    pub name: String,
    pub description: Option<String>,
    pub repository: Option<String>,
    pub compute_env_id: Option<String>,
    #[sqlx(json)]
    pub labels: Vec<String>,
    pub last_updated: Option<String>,
    pub form: Option<String>,
    pub deleted: bool,
}

impl LocalPipeline {
    /// The form as it was last published here, or (a pipeline only ever pulled) what the listing
    /// told: name, description, labels, compute environment, repository.
    pub fn input(&self) -> PipelineInput {
        if let Some(form) = self
            .form
            .as_deref()
            .and_then(|f| serde_json::from_str::<PipelineInput>(f).ok())
        {
            return form;
        }
        PipelineInput {
            name: self.name.clone(),
            description: self.description.clone().unwrap_or_default(),
            labels: self.labels.clone(),
            compute_env_id: self.compute_env_id.clone().unwrap_or_default(),
            pipeline: self.repository.clone().unwrap_or_default(),
            ..PipelineInput::default()
        }
    }
}

const LOCAL_PIPELINE: &str =
    "SELECT id, account_id, pipeline_id, workspace_id, name, description, repository,
    compute_env_id, labels, last_updated, form, deleted FROM pipelines";

fn text(s: &str) -> Option<&str> {
    Some(s.trim()).filter(|s| !s.is_empty())
}

impl Store {
    // ---- pipelines: reads ----

    /// One pipeline by its local id (also a deleted one still waiting for its deletion to be sent).
    pub async fn pipeline(&self, id: i64) -> Result<LocalPipeline> {
        sqlx::query_as(crate::sql(format!("{LOCAL_PIPELINE} WHERE id = ?")))
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("pipeline {id}")))
    }

    /// Pipelines named `name` (without case) that a new one in workspace `ws` would clash with:
    /// those of the workspace, or (`org_wide`, a shared workspace) of every workspace of its
    /// organization.
    pub async fn pipelines_named(
        &self,
        ws: i64,
        name: &str,
        org_wide: bool,
    ) -> Result<Vec<LocalPipeline>> {
        Ok(sqlx::query_as(crate::sql(format!(
            "{LOCAL_PIPELINE} WHERE deleted = 0 AND name = ?2 COLLATE NOCASE AND id IN (
               SELECT p.id FROM workspaces me
               JOIN workspaces w ON w.account_id = me.account_id
                 AND (w.id = me.id OR (?3 AND me.org_id IS NOT NULL AND w.org_id = me.org_id))
               JOIN pipelines p ON p.account_id = w.account_id AND p.workspace_id IS w.workspace_id
                 AND (w.workspace_id IS NOT NULL OR w.id = me.id)
               WHERE me.id = ?1)"
        )))
        .bind(ws)
        .bind(name.trim())
        .bind(org_wide)
        .fetch_all(self.pool())
        .await?)
    }

    // ---- pipelines: local writes ----

    /// Adds a pipeline locally in workspace `ws` (no server id yet) and queues its creation, in
    /// one transaction; `draft` (the form it came from) is linked to the change.
    pub async fn create_pipeline_local(
        &self,
        account_id: i64,
        ws: i64,
        input: &PipelineInput,
        change: &NewChange,
        draft: Option<i64>,
    ) -> Result<i64> {
        let mut tx = self.write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO pipelines (account_id, pipeline_id, workspace_id, org_name, workspace_name, name, description,
                                    repository, compute_env_id, compute_env_name, labels, form)
             SELECT w.account_id, NULL, w.workspace_id, o.name, w.name, ?2, ?3, ?4, ?5,
                    (SELECT c.name FROM compute_envs c WHERE c.workspace_local_id = w.id AND c.compute_env_id = ?5),
                    ?6, ?7
             FROM workspaces w LEFT JOIN organizations o ON o.account_id = w.account_id AND o.org_id = w.org_id
             WHERE w.id = ?1
             RETURNING id",
        )
        .bind(ws)
        .bind(input.name.trim())
        .bind(text(&input.description))
        .bind(text(&input.pipeline))
        .bind(text(&input.compute_env_id))
        .bind(serde_json::to_string(&input.labels)?)
        .bind(serde_json::to_string(input)?)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("workspace {ws}")))?;
        let change_id = insert_change(&mut tx, account_id, Some(id), change).await?;
        link_draft(&mut tx, draft, id, change_id).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Edits a pipeline locally and queues the update. An edit of a pipeline whose creation was
    /// never tried is folded into that creation (`as_create`); an edit following another edit not
    /// yet tried replaces it (its base stays). `draft` is linked to the resulting change.
    pub async fn update_pipeline_local(
        &self,
        account_id: i64,
        id: i64,
        input: &PipelineInput,
        change: &NewChange,
        as_create: &NewChange,
        draft: Option<i64>,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        write_fields(&mut tx, id, input).await?;
        let change_id = match untried_change(&mut tx, Entity::Pipeline, id).await? {
            Some((cid, ChangeOp::Create, _)) => {
                rewrite(&mut tx, cid, as_create).await?;
                cid
            }
            Some((cid, ChangeOp::Update, _)) => {
                rewrite(&mut tx, cid, change).await?;
                cid
            }
            _ => insert_change(&mut tx, account_id, Some(id), change).await?,
        };
        link_draft(&mut tx, draft, id, change_id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A draft published again while its change is still queued (rejected or conflicting: the
    /// user fixed it): the change carries the new fields and goes back in the queue, and the local
    /// pipeline shows them, in one transaction.
    pub async fn requeue_pipeline_change(
        &self,
        change_id: i64,
        input: &PipelineInput,
        change: &NewChange,
    ) -> Result<()> {
        let row = self.outbox_row(change_id).await?;
        let Some(local) = row.local_id else {
            return Err(StoreError::NotFound(format!(
                "pipeline of change {change_id}"
            )));
        };
        let mut tx = self.write().await?;
        write_fields(&mut tx, local, input).await?;
        sqlx::query(
            "UPDATE outbox SET payload = ?, natural_key = ?, summary = ?, state = 'waiting', message = NULL,
                next_attempt_at = NULL WHERE id = ?",
        )
        .bind(serde_json::to_string(&change.payload)?)
        .bind(&change.natural_key)
        .bind(&change.summary)
        .bind(change_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes a pipeline locally (hidden at once) and queues the deletion. A pipeline the server
    /// never had (its creation not tried) disappears with its queued changes; its drafts become
    /// drafts again.
    pub async fn delete_pipeline_local(
        &self,
        account_id: i64,
        id: i64,
        change: &NewChange,
    ) -> Result<()> {
        let current = self.pipeline(id).await?;
        let mut tx = self.write().await?;
        if current.pipeline_id.is_none() && !create_was_tried(&mut tx, Entity::Pipeline, id).await?
        {
            unlink_drafts(&mut tx, id, None).await?;
            forget_changes(&mut tx, Entity::Pipeline, id, None).await?;
            sqlx::query("DELETE FROM pipelines WHERE id = ?")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        } else {
            sqlx::query("UPDATE pipelines SET deleted = 1 WHERE id = ?")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            insert_change(&mut tx, account_id, Some(id), change).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    // ---- drafts ----

    /// Saves a form being typed: a new draft (`id` None) or the same one again. A published draft
    /// typed into again is an edit of the pipeline it published.
    #[allow(clippy::too_many_arguments)]
    pub async fn save_draft(
        &self,
        account_id: i64,
        id: Option<i64>,
        ws: Option<i64>,
        kind: DraftKind,
        title: &str,
        body: &str,
        pipeline_local_id: Option<i64>,
    ) -> Result<Draft> {
        let at = now();
        let id = match id {
            Some(id) => {
                let done = sqlx::query(
                    "UPDATE drafts SET title = ?, body = ?, updated_at = ?,
                        pipeline_local_id = COALESCE(pipeline_local_id, ?),
                        change_id = CASE WHEN state = 'published' THEN NULL ELSE change_id END,
                        state = CASE WHEN state = 'published' THEN 'draft' ELSE state END
                     WHERE id = ? AND account_id = ?",
                )
                .bind(title)
                .bind(body)
                .bind(&at)
                .bind(pipeline_local_id)
                .bind(id)
                .bind(account_id)
                .execute(self.pool())
                .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound(format!("draft {id}")));
                }
                id
            }
            None => {
                sqlx::query_scalar(
                    "INSERT INTO drafts (account_id, workspace_local_id, kind, title, body, pipeline_local_id, created_at, updated_at)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                )
                .bind(account_id)
                .bind(ws)
                .bind(kind)
                .bind(title)
                .bind(body)
                .bind(pipeline_local_id)
                .bind(&at)
                .bind(&at)
                .fetch_one(self.pool())
                .await?
            }
        };
        self.draft(id).await
    }

    pub async fn draft(&self, id: i64) -> Result<Draft> {
        sqlx::query_as(crate::sql(format!("{DRAFT_VIEW} WHERE d.id = ?")))
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("draft {id}")))
    }

    /// The account's drafts, most recently typed first (`kind`: only those of one kind).
    pub async fn drafts(&self, account_id: i64, kind: Option<DraftKind>) -> Result<Vec<Draft>> {
        Ok(sqlx::query_as(crate::sql(format!(
            "{DRAFT_VIEW} WHERE d.account_id = ?1 AND (?2 IS NULL OR d.kind = ?2)
             ORDER BY d.updated_at DESC, d.id DESC"
        )))
        .bind(account_id)
        .bind(kind)
        .fetch_all(self.pool())
        .await?)
    }

    /// Forgets a draft (what it published, if anything, stays queued or on the server).
    pub async fn delete_draft(&self, id: i64) -> Result<()> {
        let done = sqlx::query("DELETE FROM drafts WHERE id = ?")
            .bind(id)
            .execute(self.pool())
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("draft {id}")));
        }
        Ok(())
    }
}

async fn write_fields(conn: &mut SqliteConnection, id: i64, input: &PipelineInput) -> Result<()> {
    let done = sqlx::query(
        "UPDATE pipelines SET name = ?2, description = ?3, repository = ?4, compute_env_id = ?5,
            compute_env_name = (SELECT c.name FROM compute_envs c JOIN workspaces w ON w.id = c.workspace_local_id
                                WHERE w.account_id = pipelines.account_id AND w.workspace_id IS pipelines.workspace_id
                                  AND c.compute_env_id = ?5 LIMIT 1),
            labels = ?6, form = ?7
         WHERE id = ?1 AND deleted = 0",
    )
    .bind(id)
    .bind(input.name.trim())
    .bind(text(&input.description))
    .bind(text(&input.pipeline))
    .bind(text(&input.compute_env_id))
    .bind(serde_json::to_string(&input.labels)?)
    .bind(serde_json::to_string(input)?)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound(format!("pipeline {id}")));
    }
    Ok(())
}

async fn rewrite(conn: &mut SqliteConnection, id: i64, change: &NewChange) -> Result<()> {
    sqlx::query("UPDATE outbox SET payload = ?, natural_key = ?, summary = ? WHERE id = ?")
        .bind(serde_json::to_string(&change.payload)?)
        .bind(&change.natural_key)
        .bind(&change.summary)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A published draft follows its change.
async fn link_draft(
    conn: &mut SqliteConnection,
    draft: Option<i64>,
    pipeline: i64,
    change: i64,
) -> Result<()> {
    if let Some(draft) = draft {
        sqlx::query(
            "UPDATE drafts SET change_id = ?, pipeline_local_id = ?, state = 'waiting', updated_at = ? WHERE id = ?",
        )
        .bind(change)
        .bind(pipeline)
        .bind(now())
        .bind(draft)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The drafts of pipeline `local`'s queued changes (all of them, or only `change`) are drafts
/// again: their change is going away unsent.
async fn unlink_drafts(conn: &mut SqliteConnection, local: i64, change: Option<i64>) -> Result<()> {
    sqlx::query(
        "UPDATE drafts SET state = 'draft', change_id = NULL
         WHERE change_id IN (SELECT id FROM outbox WHERE entity = 'pipeline' AND local_id = ?1 AND (?2 IS NULL OR id = ?2))",
    )
    .bind(local)
    .bind(change)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// How the store ends a pipeline's queued changes (the entity table in `change.rs`).
pub(crate) struct PipelineChanges;

impl StoredEntity for PipelineChanges {
    /// Records the server's id of a created pipeline (folding in a twin a pull brought while the
    /// create's outcome was unknown) and its `lastUpdated`; forgets a deleted one. The drafts it
    /// carried are published.
    async fn complete(
        conn: &mut SqliteConnection,
        row: &OutboxRow,
        created_remote_id: Option<i64>,
        last_updated: Option<&str>,
    ) -> Result<()> {
        sqlx::query("UPDATE drafts SET state = 'published' WHERE change_id = ?")
            .bind(row.id)
            .execute(&mut *conn)
            .await?;
        let Some(local) = row.local_id else {
            return Ok(());
        };
        if let Some(remote) = created_remote_id {
            let rows = Rows {
                table: "pipelines",
                server_id: "pipeline_id",
                scope: "account_id",
            };
            adopt_server_id(conn, Entity::Pipeline, &rows, local, remote).await?;
        }
        if row.op == ChangeOp::Delete {
            sqlx::query("DELETE FROM pipelines WHERE id = ?")
                .bind(local)
                .execute(&mut *conn)
                .await?;
        } else if let Some(lu) = last_updated {
            sqlx::query("UPDATE pipelines SET last_updated = ? WHERE id = ?")
                .bind(lu)
                .bind(local)
                .execute(&mut *conn)
                .await?;
            // Later edits were based on the version this change made.
            sqlx::query(
                "UPDATE outbox SET base_last_updated = ? WHERE entity = 'pipeline' AND local_id = ? AND id <> ?
                   AND op <> 'create'",
            )
            .bind(lu)
            .bind(local)
            .bind(row.id)
            .execute(&mut *conn)
            .await?;
        }
        Ok(())
    }

    /// A local create disappears with the changes queued after it, a local delete is undone, a
    /// local edit is replaced by the server's version at the next pull. The drafts come back as
    /// drafts, with what was typed.
    async fn discard(conn: &mut SqliteConnection, row: &OutboxRow) -> Result<()> {
        let Some(local) = row.local_id else {
            return Ok(());
        };
        match row.op {
            ChangeOp::Create => {
                unlink_drafts(conn, local, None).await?;
                forget_changes(conn, Entity::Pipeline, local, Some(row.id)).await?;
                sqlx::query("DELETE FROM pipelines WHERE id = ? AND pipeline_id IS NULL")
                    .bind(local)
                    .execute(&mut *conn)
                    .await?;
            }
            ChangeOp::Delete => {
                sqlx::query("UPDATE pipelines SET deleted = 0 WHERE id = ?")
                    .bind(local)
                    .execute(&mut *conn)
                    .await?;
            }
            ChangeOp::Update => {
                unlink_drafts(conn, local, Some(row.id)).await?;
                sqlx::query("UPDATE pipelines SET form = NULL WHERE id = ?")
                    .bind(local)
                    .execute(&mut *conn)
                    .await?;
            }
        }
        Ok(())
    }
}
