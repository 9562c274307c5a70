//! Launches (outbox entity `launch`) and launch drafts (`drafts` rows of kind `launch`).
//!
//! A launch form is kept as a draft from the first keystroke: its values are the JSON of a
//! [`LaunchInput`] in `drafts.body`, the run name its title. Launching queues a `launch` change
//! whose `local_id` is the draft's id, in the same transaction that marks the draft `waiting`;
//! when the server has the run the draft is `published`; a discarded launch is a `draft` again,
//! so nothing typed is lost. The run itself comes in with the next pull of the workspace's runs.
//!
//! Pipeline drafts (kind `pipeline`) have their own functions elsewhere; everything here filters
//! on `kind = 'launch'`.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

use crate::change::StoredEntity;
use crate::queue::insert_change;
use crate::{NewChange, OutboxRow, Result, Store, StoreError, now};

/// What a person fills in on the launch form (the Platform's fields). `None` leaves the field to
/// the pipeline's saved launch settings.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct LaunchInput {
    /// The pipeline's local id (a Launchpad row).
    pub pipeline_id: i64,
    /// "Workflow run name".
    #[serde(default)]
    pub run_name: String,
    /// "Compute environment": the server's id of the environment chosen (None: the rule's).
    #[serde(default)]
    pub compute_env_id: Option<String>,
    /// "Labels": the workspace's labels (names, or `name=value` for resource labels) to give the
    /// run, beside those the server adds (the pipeline's and the workspace's default labels).
    #[serde(default)]
    pub labels: Vec<String>,
    #[serde(default)]
    pub work_dir: Option<String>,
    #[serde(default)]
    pub revision: Option<String>,
    /// "Config profiles".
    #[serde(default)]
    pub config_profiles: Vec<String>,
    /// "Run parameters" as JSON or YAML text.
    #[serde(default)]
    pub params_text: Option<String>,
    #[serde(default)]
    pub pre_run_script: Option<String>,
    #[serde(default)]
    pub post_run_script: Option<String>,
    /// "Nextflow config file".
    #[serde(default)]
    pub config_text: Option<String>,
    #[serde(default)]
    pub stub_run: bool,
}

/// A launch draft as the window and the CLI show it: its state is its queued change's when it
/// has one (waiting, rejected with the server's words), else the draft's own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct LaunchDraft {
    pub id: i64,
    pub workspace_id: Option<i64>,
    pub title: String,
    pub input: LaunchInput,
    /// `draft`, `waiting`, `published`, `rejected` or `conflict`.
    pub state: String,
    pub message: Option<String>,
    pub updated_at: String,
}

/// A pipeline as a launch needs it, seen from the launching workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct LaunchPipeline {
    /// The local id.
    pub id: i64,
    /// The server's id.
    pub pipeline_id: i64,
    pub name: String,
    pub repository: Option<String>,
    /// The server id of the workspace that owns the pipeline (None: a personal workspace).
    pub owner_workspace_id: Option<i64>,
    /// `org/workspace` of the owner.
    pub owner_ref: String,
    /// Listed from a shared workspace, not the launching one's own.
    pub shared: bool,
    pub compute_env_id: Option<String>,
    pub compute_env_name: Option<String>,
}

const DRAFT_VIEW: &str = "
    SELECT d.id, d.workspace_local_id, d.title, d.body, d.updated_at,
           COALESCE((SELECT ob.state FROM outbox ob WHERE ob.entity = 'launch' AND ob.local_id = d.id
                     ORDER BY ob.id DESC LIMIT 1), d.state) AS state,
           (SELECT ob.message FROM outbox ob WHERE ob.entity = 'launch' AND ob.local_id = d.id
             ORDER BY ob.id DESC LIMIT 1) AS message
    FROM drafts d";

type DraftRow = (
    i64,
    Option<i64>,
    String,
    String,
    String,
    String,
    Option<String>,
);

fn draft_of(row: DraftRow) -> Result<LaunchDraft> {
    let (id, workspace_id, title, body, updated_at, state, message) = row;
    Ok(LaunchDraft {
        id,
        workspace_id,
        title,
        input: serde_json::from_str(&body)?,
        state,
        message,
        updated_at,
    })
}

/// The pipelines workspace `?1` (local id) may launch: its own and those shared with it, on the
/// server (a pipeline added here and not yet sent has no server id to launch).
const LAUNCHABLE: &str = "
    SELECT p.id, p.pipeline_id, p.name, p.repository, p.workspace_id AS owner_workspace_id,
           COALESCE(p.org_name || '/' || p.workspace_name, p.workspace_name, '') AS owner_ref,
           (p.workspace_id IS NOT w.workspace_id) AS shared,
           p.compute_env_id, p.compute_env_name
    FROM workspaces w JOIN pipelines p ON p.account_id = w.account_id
    WHERE w.id = ?1 AND p.deleted = 0 AND p.pipeline_id IS NOT NULL
      AND (p.workspace_id IS w.workspace_id
           OR EXISTS (SELECT 1 FROM pipeline_shares s
                      WHERE s.workspace_local_id = w.id AND s.pipeline_local_id = p.id))";

impl Store {
    /// The Launchpad pipeline of workspace `ws` (local id) a run was launched from, for Relaunch:
    /// the one with the server id `pipeline_id` when the server said it, else one whose
    /// repository is `repository`: first one whose compute environment is the run's
    /// (`compute_env_id`), then the workspace's own before a shared one. None when the workspace
    /// launches no such pipeline.
    pub async fn launch_pipeline_of_run(
        &self,
        ws: i64,
        pipeline_id: Option<i64>,
        repository: Option<&str>,
        compute_env_id: Option<&str>,
    ) -> Result<Option<LaunchPipeline>> {
        if let Some(id) = pipeline_id {
            let by_id: Option<LaunchPipeline> =
                sqlx::query_as(crate::sql(format!("{LAUNCHABLE} AND p.pipeline_id = ?2")))
                    .bind(ws)
                    .bind(id)
                    .fetch_optional(self.pool())
                    .await?;
            if by_id.is_some() {
                return Ok(by_id);
            }
        }
        let Some(repository) = repository.filter(|r| !r.trim().is_empty()) else {
            return Ok(None);
        };
        Ok(sqlx::query_as(crate::sql(format!(
            "{LAUNCHABLE} AND p.repository = ?2
             ORDER BY (p.compute_env_id IS NOT NULL AND p.compute_env_id IS ?3) DESC, shared, p.name, p.id
             LIMIT 1"
        )))
        .bind(ws)
        .bind(repository.trim())
        .bind(compute_env_id)
        .fetch_optional(self.pool())
        .await?)
    }

    /// The pipeline `pipeline` (local id) as workspace `ws` (local id) sees it: its own, or one
    /// shared with it. Not found when the workspace does not see it.
    pub async fn launch_pipeline(&self, ws: i64, pipeline: i64) -> Result<LaunchPipeline> {
        let found: Option<LaunchPipeline> =
            sqlx::query_as(crate::sql(format!("{LAUNCHABLE} AND p.id = ?2")))
                .bind(ws)
                .bind(pipeline)
                .fetch_optional(self.pool())
                .await?;
        match found {
            Some(p) => Ok(p),
            None => {
                // A pipeline added here whose creation has not reached the server has no server
                // id to launch: say so, rather than "not found".
                let unsent: Option<String> = sqlx::query_scalar(
                    "SELECT name FROM pipelines WHERE id = ? AND pipeline_id IS NULL AND deleted = 0",
                )
                .bind(pipeline)
                .fetch_optional(self.pool())
                .await?;
                Err(StoreError::NotFound(match unsent {
                    Some(name) => format!(
                        "{name} is not on the server yet: it can be launched once its creation has been sent"
                    ),
                    None => format!("pipeline {pipeline} in workspace {ws}"),
                }))
            }
        }
    }

    /// Whether the workspace already has a run named `name` (ignoring case), as kept here.
    pub async fn run_name_taken(&self, ws: i64, name: &str) -> Result<bool> {
        Ok(sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM runs WHERE workspace_local_id = ? AND deleted = 0
                              AND run_name = ? COLLATE NOCASE)",
        )
        .bind(ws)
        .bind(name)
        .fetch_one(self.pool())
        .await?)
    }

    /// Keeps a half-filled launch form: a new draft (`id` None) or the values of draft `id`.
    /// Returns the draft's id. A draft already queued or launched is not rewritten (its launch is
    /// on its way): the values become a new draft.
    pub async fn save_launch_draft(
        &self,
        account_id: i64,
        ws: i64,
        id: Option<i64>,
        input: &LaunchInput,
    ) -> Result<i64> {
        let mut tx = self.write().await?;
        let id = upsert_draft(&mut tx, account_id, ws, id, input, "draft").await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The launch draft `id`.
    pub async fn launch_draft(&self, id: i64) -> Result<LaunchDraft> {
        let row: Option<DraftRow> = sqlx::query_as(crate::sql(format!(
            "{DRAFT_VIEW} WHERE d.id = ? AND d.kind = 'launch'"
        )))
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        draft_of(row.ok_or_else(|| StoreError::NotFound(format!("launch draft {id}")))?)
    }

    /// The newest launch draft of `pipeline` (local id) in workspace `ws` not yet launched.
    pub async fn launch_draft_for(&self, ws: i64, pipeline: i64) -> Result<Option<LaunchDraft>> {
        let row: Option<DraftRow> = sqlx::query_as(crate::sql(format!(
            "{DRAFT_VIEW} WHERE d.kind = 'launch' AND d.workspace_local_id = ? AND d.state = 'draft'
               AND json_extract(d.body, '$.pipelineId') = ?
             ORDER BY d.updated_at DESC, d.id DESC LIMIT 1"
        )))
        .bind(ws)
        .bind(pipeline)
        .fetch_optional(self.pool())
        .await?;
        row.map(draft_of).transpose()
    }

    /// The account's launch drafts, newest first.
    pub async fn launch_drafts(&self, account_id: i64) -> Result<Vec<LaunchDraft>> {
        let rows: Vec<DraftRow> = sqlx::query_as(crate::sql(format!(
            "{DRAFT_VIEW} WHERE d.kind = 'launch' AND d.account_id = ?
             ORDER BY d.updated_at DESC, d.id DESC"
        )))
        .bind(account_id)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(draft_of).collect()
    }

    /// Queues a launch: the draft (new, or `id`) keeps the form's values and is `waiting`, and
    /// the change names it, in one transaction. Returns (draft id, change id).
    pub async fn queue_launch(
        &self,
        account_id: i64,
        ws: i64,
        id: Option<i64>,
        input: &LaunchInput,
        change: &NewChange,
    ) -> Result<(i64, i64)> {
        let mut tx = self.write().await?;
        let draft = upsert_draft(&mut tx, account_id, ws, id, input, "waiting").await?;
        let change_id = insert_change(&mut tx, account_id, Some(draft), change).await?;
        tx.commit().await?;
        Ok((draft, change_id))
    }
}

async fn upsert_draft(
    conn: &mut SqliteConnection,
    account_id: i64,
    ws: i64,
    id: Option<i64>,
    input: &LaunchInput,
    state: &str,
) -> Result<i64> {
    let body = serde_json::to_string(input)?;
    let title = input.run_name.trim().to_string();
    let at = now();
    if let Some(id) = id {
        let current: Option<String> =
            sqlx::query_scalar("SELECT state FROM drafts WHERE id = ? AND kind = 'launch'")
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?;
        // Already launched or queued: these values are a new draft.
        if current.as_deref() == Some("draft") {
            sqlx::query(
                "UPDATE drafts SET title = ?, body = ?, state = ?, updated_at = ? WHERE id = ?",
            )
            .bind(&title)
            .bind(&body)
            .bind(state)
            .bind(&at)
            .bind(id)
            .execute(&mut *conn)
            .await?;
            return Ok(id);
        }
    }
    Ok(sqlx::query_scalar(
        "INSERT INTO drafts (account_id, workspace_local_id, kind, title, body, state, created_at, updated_at)
         VALUES (?, ?, 'launch', ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(account_id)
    .bind(ws)
    .bind(&title)
    .bind(&body)
    .bind(state)
    .bind(&at)
    .bind(&at)
    .fetch_one(&mut *conn)
    .await?)
}

async fn set_draft_state(conn: &mut SqliteConnection, row: &OutboxRow, state: &str) -> Result<()> {
    if let Some(id) = row.local_id {
        sqlx::query("UPDATE drafts SET state = ?, updated_at = ? WHERE id = ? AND kind = 'launch'")
            .bind(state)
            .bind(now())
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// How the store ends a launch (the entity table in `change.rs`).
pub(crate) struct LaunchChanges;

impl StoredEntity for LaunchChanges {
    /// The server has the run: the draft is published (the run comes with the next pull).
    async fn complete(
        conn: &mut SqliteConnection,
        row: &OutboxRow,
        _created_remote_id: Option<i64>,
        _last_updated: Option<&str>,
    ) -> Result<()> {
        set_draft_state(conn, row, "published").await
    }

    /// The launch is let go: the form's values stay, as a draft again.
    async fn discard(conn: &mut SqliteConnection, row: &OutboxRow) -> Result<()> {
        set_draft_state(conn, row, "draft").await
    }
}

/// A run launched from here that has finished and was not announced yet.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct FinishedLaunch {
    /// The launch's draft.
    pub draft_id: i64,
    pub run_id: i64,
    pub run_name: String,
    /// As the store keeps it: `succeeded`, `failed`, `cancelled` or `unknown`.
    pub status: String,
    pub workspace_id: i64,
    /// `organization/workspace`.
    pub workspace_ref: String,
}

impl Store {
    /// The runs launched from here (published launch drafts of `account_id`) that have finished
    /// and were not announced yet, found by their run name in the launching workspace.
    pub async fn finished_launches(&self, account_id: i64) -> Result<Vec<FinishedLaunch>> {
        Ok(sqlx::query_as(
            "SELECT d.id AS draft_id, r.id AS run_id, r.run_name, r.status, w.id AS workspace_id,
                    COALESCE(o.name || '/' || w.name, w.name) AS workspace_ref
             FROM drafts d
             JOIN runs r ON r.workspace_local_id = d.workspace_local_id
                        AND r.run_name = json_extract(d.body, '$.runName') AND r.deleted = 0
             JOIN workspaces w ON w.id = d.workspace_local_id
             LEFT JOIN organizations o ON o.account_id = w.account_id AND o.org_id = w.org_id
             WHERE d.account_id = ? AND d.kind = 'launch' AND d.state = 'published'
               AND d.notified_at IS NULL
               AND r.status IN ('succeeded', 'failed', 'cancelled', 'unknown')
             ORDER BY d.id",
        )
        .bind(account_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// The workspaces (local ids) of the account where a run launched from here has not been
    /// seen finished yet: a pull lists their runs every time, so the run's end is told soon.
    pub async fn workspaces_awaiting_launches(&self, account_id: i64) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT workspace_local_id FROM drafts
             WHERE account_id = ? AND kind = 'launch' AND state = 'published' AND notified_at IS NULL
             ORDER BY workspace_local_id",
        )
        .bind(account_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// Records that the launch `draft_id`'s finished run was announced: never again.
    pub async fn launch_notified(&self, draft_id: i64) -> Result<()> {
        sqlx::query("UPDATE drafts SET notified_at = ? WHERE id = ? AND kind = 'launch'")
            .bind(now())
            .bind(draft_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
