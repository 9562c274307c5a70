//! Labels and Studios settings of a workspace: what a pull writes, what the window shows, and the
//! local edits queued for the server (outbox entities `label` and `workspace_settings`).
//!
//! A label added here has no server id yet (`labels.label_id` is NULL until its create is sent).
//! The queued changes carry the values they were based on (the Platform gives labels and settings
//! no `lastUpdated`), in their payload:
//! - `label` create: `{name, value, resource, isDefault}`
//! - `label` update: `{name, value, resource, isDefault, base: {name, value, isDefault}}`
//! - `label` delete: `{name, value, resource, isDefault, base: {name, value, isDefault}}`
//! - `workspace_settings` update: the fields it changes among `lifespanHours`,
//!   `privateStudioByDefault`, `containerRepository`, `nameStrategy`, and `base` with the same
//!   fields as they were (`{orgId, workspaceId, lifespanHours: 24, base: {lifespanHours: 8}}`;
//!   `lifespanHours` null: "Always keep the session running"; an empty repository or strategy:
//!   not set).
//!
//! A label or settings row with a queued change is the user's version until the change is sent:
//! a pull neither overwrites nor deletes it.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::SqliteConnection;

use crate::change::StoredEntity;
use crate::payloads::{LabelPayload, SettingsPayload, StudiosValues};
use crate::queue::{
    Rows, adopt_server_id, create_was_tried, fold_update, forget_changes, insert_change,
    rewrite_change, untried_change,
};
use crate::{ChangeOp, ChangeState, Entity, NewChange, OutboxRow, Result, Store, StoreError, now};

/// A label as the window shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Label {
    /// The local id (stable before the server has the label).
    pub id: i64,
    /// The server's id, None until the server has the label.
    pub label_id: Option<i64>,
    pub name: String,
    /// Set for resource labels (`name=value`).
    pub value: Option<String>,
    pub resource: bool,
    /// A resource label used by default in the compute environment form.
    pub is_default: bool,
    pub change_state: Option<ChangeState>,
    pub change_message: Option<String>,
}

impl Label {
    /// `name` or `name=value`, as the Platform writes it.
    pub fn text(&self) -> String {
        label_text(&self.name, self.value.as_deref())
    }
}

/// `name` or `name=value`.
pub fn label_text(name: &str, value: Option<&str>) -> String {
    match value {
        Some(v) => format!("{name}={v}"),
        None => name.to_string(),
    }
}

/// What a person types to add or edit a label. `resource` cannot change after creation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct LabelInput {
    pub name: String,
    pub value: Option<String>,
    pub resource: bool,
    pub is_default: bool,
}

/// What a person sets in Settings → Studios. A field left None is left as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct StudiosSettingsInput {
    /// Session lifespan in hours, 1 to 120, or 0 for "Always keep the session running" (the
    /// API's value).
    pub lifespan_hours: Option<i64>,
    /// Collaboration mode: true = Private, false = Collaborative.
    pub private_studio_by_default: Option<bool>,
    /// Container repository; empty: not set (the Platform's default).
    pub container_repository: Option<String>,
    /// Container naming strategy: `tagPrefix`, `imageSuffix` or `none`; empty: not set.
    pub name_strategy: Option<String>,
}

impl StudiosSettingsInput {
    /// Only the session lifespan (None: "Always keep the session running").
    pub fn lifespan(hours: Option<i64>) -> Self {
        Self {
            lifespan_hours: Some(hours.unwrap_or(0)),
            ..Self::default()
        }
    }
}

/// A label as a pull brings it from the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelRecord {
    pub label_id: i64,
    pub name: String,
    pub value: Option<String>,
    pub resource: bool,
    pub is_default: bool,
}

/// A workspace's Studios settings as a pull brings them. None in the last three: the server did
/// not send the field; an empty text: it sent null (not set, the Platform's default).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StudiosRecord {
    /// None = "Always keep the session running".
    pub lifespan_hours: Option<i64>,
    pub private_studio_by_default: Option<bool>,
    pub container_repository: Option<String>,
    pub name_strategy: Option<String>,
}

/// The Settings section's data: Studios settings and labels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceSettings {
    /// None = "Always keep the session running".
    pub studios_lifespan_hours: Option<i64>,
    /// Whether a sync has fetched the Studios settings (until then all of them are unknown).
    pub studios_known: bool,
    /// Collaboration mode: true = Private, false = Collaborative; None: the server did not say.
    pub studios_private_by_default: Option<bool>,
    /// Container repository; empty: not set (the Platform's default); None: the server did not say.
    pub studios_container_repository: Option<String>,
    /// Container naming strategy as the API spells it (`tagPrefix`, `imageSuffix`, `none`);
    /// empty: not set (the Platform's default); None: the server did not say.
    pub studios_name_strategy: Option<String>,
    pub studios_change_state: Option<ChangeState>,
    pub studios_change_message: Option<String>,
    pub labels: Vec<Label>,
}

const LABEL_VIEW: &str = "
    SELECT l.id, l.label_id, l.name, l.value, l.resource, l.is_default,
           (SELECT ob.state FROM outbox ob WHERE ob.entity = 'label' AND ob.local_id = l.id
             ORDER BY ob.state = 'waiting', ob.id DESC LIMIT 1) AS change_state,
           (SELECT ob.message FROM outbox ob WHERE ob.entity = 'label' AND ob.local_id = l.id
             ORDER BY ob.state = 'waiting', ob.id DESC LIMIT 1) AS change_message
    FROM labels l";

const LABEL_NO_PENDING_CHANGE: &str =
    "NOT EXISTS (SELECT 1 FROM outbox ob WHERE ob.entity = 'label' AND ob.local_id = labels.id)";

const SETTINGS_NO_PENDING_CHANGE: &str = "NOT EXISTS (SELECT 1 FROM outbox ob WHERE ob.entity = 'workspace_settings' AND ob.local_id = workspace_settings.workspace_local_id)";

impl Store {
    // ---- labels: pull ----

    /// Writes one listing page of labels, leaving alone any the user changed.
    pub async fn upsert_labels(
        &self,
        ws: i64,
        generation: i64,
        items: &[LabelRecord],
    ) -> Result<()> {
        let mut tx = self.write().await?;
        for l in items {
            sqlx::query(crate::sql(format!(
                "INSERT INTO labels (workspace_local_id, label_id, name, value, resource, is_default, sync_gen)
                 VALUES (?, ?, ?, ?, ?, ?, ?)
                 ON CONFLICT (workspace_local_id, label_id) DO UPDATE SET
                    sync_gen = excluded.sync_gen,
                    name = CASE WHEN {LABEL_NO_PENDING_CHANGE} THEN excluded.name ELSE labels.name END,
                    value = CASE WHEN {LABEL_NO_PENDING_CHANGE} THEN excluded.value ELSE labels.value END,
                    resource = CASE WHEN {LABEL_NO_PENDING_CHANGE} THEN excluded.resource ELSE labels.resource END,
                    is_default = CASE WHEN {LABEL_NO_PENDING_CHANGE} THEN excluded.is_default ELSE labels.is_default END,
                    deleted = CASE WHEN {LABEL_NO_PENDING_CHANGE} THEN 0 ELSE labels.deleted END"
            )))
            .bind(ws)
            .bind(l.label_id)
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

    /// After a completed label listing: the labels it did not return are gone from the server,
    /// except those with queued changes and those the server does not have yet.
    pub async fn finish_label_listing(&self, ws: i64, generation: i64) -> Result<u64> {
        let done = sqlx::query(crate::sql(format!(
            "UPDATE labels SET deleted = 1
             WHERE workspace_local_id = ? AND sync_gen < ? AND deleted = 0 AND label_id IS NOT NULL
               AND {LABEL_NO_PENDING_CHANGE}"
        )))
        .bind(ws)
        .bind(generation)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected())
    }

    // ---- labels: reads ----

    /// The workspace's labels (simple first, then resource labels), with the state of any queued change.
    pub async fn labels(&self, ws: i64) -> Result<Vec<Label>> {
        Ok(sqlx::query_as(crate::sql(format!(
            "{LABEL_VIEW} WHERE l.workspace_local_id = ? AND l.deleted = 0
             ORDER BY l.resource, l.name COLLATE NOCASE, l.value COLLATE NOCASE"
        )))
        .bind(ws)
        .fetch_all(self.pool())
        .await?)
    }

    /// One label by its local id (also a deleted one still waiting for its deletion to be sent).
    pub async fn label(&self, id: i64) -> Result<Label> {
        sqlx::query_as(crate::sql(format!("{LABEL_VIEW} WHERE l.id = ?")))
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("label {id}")))
    }

    /// The local id of the workspace a label belongs to.
    pub async fn label_workspace(&self, id: i64) -> Result<i64> {
        sqlx::query_scalar("SELECT workspace_local_id FROM labels WHERE id = ?")
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("label {id}")))
    }

    /// Another label of the workspace with this name (and value, for a resource label): the
    /// Platform keeps them unique, names compared without case.
    pub async fn label_named(
        &self,
        ws: i64,
        name: &str,
        value: Option<&str>,
        resource: bool,
    ) -> Result<Option<Label>> {
        Ok(sqlx::query_as(crate::sql(format!(
            "{LABEL_VIEW} WHERE l.workspace_local_id = ? AND l.deleted = 0 AND l.resource = ?
               AND l.name = ? COLLATE NOCASE AND l.value IS ?"
        )))
        .bind(ws)
        .bind(resource)
        .bind(name)
        .bind(value)
        .fetch_optional(self.pool())
        .await?)
    }

    // ---- labels: local writes ----

    /// Adds a label locally (no server id yet) and queues its creation, in one transaction.
    pub async fn create_label_local(
        &self,
        account_id: i64,
        ws: i64,
        input: &LabelInput,
        change: &NewChange,
    ) -> Result<Label> {
        let mut tx = self.write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO labels (workspace_local_id, name, value, resource, is_default)
             VALUES (?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(ws)
        .bind(&input.name)
        .bind(&input.value)
        .bind(input.resource)
        .bind(input.is_default)
        .fetch_one(&mut *tx)
        .await?;
        insert_change(&mut tx, account_id, Some(id), change).await?;
        tx.commit().await?;
        self.label(id).await
    }

    /// Edits a label locally and queues the update. An edit of a label whose creation was never
    /// tried is folded into that creation (`as_create`); an edit following another edit not yet
    /// tried is folded into it (keeping its base), and dropped if it returns to that base.
    pub async fn update_label_local(
        &self,
        account_id: i64,
        id: i64,
        input: &LabelInput,
        change: &NewChange,
        as_create: &NewChange,
    ) -> Result<Label> {
        let mut tx = self.write().await?;
        let done = sqlx::query(
            "UPDATE labels SET name = ?, value = ?, is_default = ? WHERE id = ? AND deleted = 0",
        )
        .bind(&input.name)
        .bind(&input.value)
        .bind(input.is_default)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("label {id}")));
        }
        let untried = untried_change(&mut tx, Entity::Label, id).await?;
        match untried {
            Some((cid, ChangeOp::Create, _)) => {
                rewrite_change(&mut tx, cid, &as_create.payload, &as_create.summary).await?;
            }
            Some((cid, ChangeOp::Update, payload)) => {
                fold_update(&mut tx, cid, &payload, change).await?;
            }
            _ => {
                insert_change(&mut tx, account_id, Some(id), change).await?;
            }
        }
        tx.commit().await?;
        self.label(id).await
    }

    /// Deletes a label locally (hidden at once) and queues the deletion. A label the server never
    /// had (its creation not tried) simply disappears with its queued changes.
    pub async fn delete_label_local(
        &self,
        account_id: i64,
        id: i64,
        change: &NewChange,
    ) -> Result<()> {
        let current = self.label(id).await?;
        let mut tx = self.write().await?;
        if current.label_id.is_none() && !create_was_tried(&mut tx, Entity::Label, id).await? {
            forget_changes(&mut tx, Entity::Label, id, None).await?;
            sqlx::query("DELETE FROM labels WHERE id = ?")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        } else {
            sqlx::query("UPDATE labels SET deleted = 1 WHERE id = ?")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            insert_change(&mut tx, account_id, Some(id), change).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    // ---- Studios settings ----

    /// Writes the Studios settings a pull fetched. Settings with a queued change stay the user's
    /// until it is sent.
    pub async fn set_workspace_settings(
        &self,
        ws: i64,
        settings: &StudiosRecord,
        raw: &Value,
    ) -> Result<()> {
        let keep = |col: &str| {
            format!(
                "{col} = CASE WHEN {SETTINGS_NO_PENDING_CHANGE} THEN excluded.{col} ELSE workspace_settings.{col} END"
            )
        };
        sqlx::query(crate::sql(format!(
            "INSERT INTO workspace_settings (workspace_local_id, studios_lifespan_hours,
                studios_private_by_default, studios_container_repository, studios_name_strategy,
                studios_raw, fetched_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (workspace_local_id) DO UPDATE SET
                {}, {}, {}, {},
                studios_raw = excluded.studios_raw, fetched_at = excluded.fetched_at",
            keep("studios_lifespan_hours"),
            keep("studios_private_by_default"),
            keep("studios_container_repository"),
            keep("studios_name_strategy"),
        )))
        .bind(ws)
        .bind(settings.lifespan_hours)
        .bind(settings.private_studio_by_default)
        .bind(&settings.container_repository)
        .bind(&settings.name_strategy)
        .bind(serde_json::to_string(raw)?)
        .bind(now())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Studios settings and labels of a workspace, with the state of queued changes.
    pub async fn workspace_settings(&self, ws: i64) -> Result<WorkspaceSettings> {
        type Row = (Option<i64>, Option<bool>, Option<String>, Option<String>);
        let row: Option<Row> = sqlx::query_as(
            "SELECT studios_lifespan_hours, studios_private_by_default,
                    studios_container_repository, studios_name_strategy
             FROM workspace_settings WHERE workspace_local_id = ?",
        )
        .bind(ws)
        .fetch_optional(self.pool())
        .await?;
        let change: Option<(ChangeState, Option<String>)> = sqlx::query_as(
            "SELECT state, message FROM outbox WHERE entity = 'workspace_settings' AND local_id = ?
             ORDER BY state = 'waiting', id DESC LIMIT 1",
        )
        .bind(ws)
        .fetch_optional(self.pool())
        .await?;
        let (studios_change_state, studios_change_message) = match change {
            Some((s, m)) => (Some(s), m),
            None => (None, None),
        };
        let studios_known = row.is_some();
        let (lifespan, private, repository, strategy) = row.unwrap_or_default();
        Ok(WorkspaceSettings {
            studios_lifespan_hours: lifespan,
            studios_known,
            studios_private_by_default: private,
            studios_container_repository: repository,
            studios_name_strategy: strategy,
            studios_change_state,
            studios_change_message,
            labels: self.labels(ws).await?,
        })
    }

    /// Sets Studios settings locally (the fields `change`'s payload has) and queues the update.
    /// Folded into an earlier update not yet tried ([`SettingsPayload::then`], its summary from
    /// `summary`), which goes when every field is back where it started.
    pub async fn update_studios_settings_local(
        &self,
        account_id: i64,
        ws: i64,
        change: &NewChange,
        summary: impl Fn(&SettingsPayload) -> String,
    ) -> Result<()> {
        let payload: SettingsPayload = serde_json::from_value(change.payload.clone())?;
        let mut tx = self.write().await?;
        let exists: Option<i64> = sqlx::query_scalar(
            "SELECT workspace_local_id FROM workspace_settings WHERE workspace_local_id = ?",
        )
        .bind(ws)
        .fetch_optional(&mut *tx)
        .await?;
        if exists.is_none() {
            return Err(StoreError::NotFound(format!(
                "Studios settings of workspace {ws}"
            )));
        }
        write_settings(&mut tx, ws, &payload.values).await?;
        match untried_change(&mut tx, Entity::WorkspaceSettings, ws).await? {
            Some((cid, _, old)) => {
                let old: SettingsPayload = serde_json::from_value(old)?;
                match old.then(&payload) {
                    Some(merged) => {
                        let text = summary(&merged);
                        rewrite_change(&mut tx, cid, &serde_json::to_value(&merged)?, &text)
                            .await?;
                    }
                    None => {
                        sqlx::query("DELETE FROM outbox WHERE id = ?")
                            .bind(cid)
                            .execute(&mut *tx)
                            .await?;
                    }
                }
            }
            None => {
                insert_change(&mut tx, account_id, Some(ws), change).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// One of our own writes (a Studios settings change) moved the server's `lastUpdated` of
    /// workspace `ws` from `from` to `to`: the workspace and its queued edits based on `from` are
    /// now based on `to`, or they would conflict with ourselves. Instants are compared, not text.
    pub async fn rebase_workspace_on_own_write(&self, ws: i64, from: &str, to: &str) -> Result<()> {
        let same = |t: Option<&str>| {
            t.and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
                .zip(chrono::DateTime::parse_from_rfc3339(from).ok())
                .is_some_and(|(a, b)| a == b)
        };
        let mut tx = self.write().await?;
        let rows: Vec<(i64, Option<String>)> = sqlx::query_as(
            "SELECT id, base_last_updated FROM outbox WHERE entity = 'workspace' AND local_id = ?",
        )
        .bind(ws)
        .fetch_all(&mut *tx)
        .await?;
        for (id, base) in rows {
            if same(base.as_deref()) {
                sqlx::query("UPDATE outbox SET base_last_updated = ? WHERE id = ?")
                    .bind(to)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        let current: Option<Option<String>> =
            sqlx::query_scalar("SELECT last_updated FROM workspaces WHERE id = ?")
                .bind(ws)
                .fetch_optional(&mut *tx)
                .await?;
        if same(current.flatten().as_deref()) {
            sqlx::query("UPDATE workspaces SET last_updated = ? WHERE id = ?")
                .bind(to)
                .bind(ws)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// "Keep mine" on a label or settings conflict: the change is now based on the values the
    /// server has (`base`; for settings, the fields the change sets), and goes back in the queue.
    pub async fn rebase_change(&self, id: i64, base: &Value) -> Result<()> {
        let row = self.outbox_row(id).await?;
        let mut payload: Value = serde_json::from_str(&row.payload)?;
        payload["base"] = base.clone();
        sqlx::query("UPDATE outbox SET payload = ? WHERE id = ?")
            .bind(serde_json::to_string(&payload)?)
            .bind(id)
            .execute(self.pool())
            .await?;
        self.retry_change(id, None).await
    }
}

/// `complete_change` for a label: record the server's id of a created label (folding in a twin a
/// pull brought while the create's outcome was unknown), forget a deleted one.
async fn complete_label(
    conn: &mut SqliteConnection,
    row: &OutboxRow,
    created_remote_id: Option<i64>,
) -> Result<()> {
    let Some(local) = row.local_id else {
        return Ok(());
    };
    if let Some(remote) = created_remote_id {
        let rows = Rows {
            table: "labels",
            server_id: "label_id",
            scope: "workspace_local_id",
        };
        adopt_server_id(conn, Entity::Label, &rows, local, remote).await?;
    }
    if row.op == ChangeOp::Delete {
        sqlx::query("DELETE FROM labels WHERE id = ?")
            .bind(local)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// `discard_change` for a label ("Take theirs"/Discard): a local create disappears with the
/// changes queued after it, a local delete is restored, a local edit goes back to its base values.
async fn discard_label(conn: &mut SqliteConnection, row: &OutboxRow) -> Result<()> {
    let Some(local) = row.local_id else {
        return Ok(());
    };
    match row.op {
        ChangeOp::Create => {
            forget_changes(conn, Entity::Label, local, Some(row.id)).await?;
            sqlx::query("DELETE FROM labels WHERE id = ? AND label_id IS NULL")
                .bind(local)
                .execute(&mut *conn)
                .await?;
        }
        ChangeOp::Delete => {
            sqlx::query("UPDATE labels SET deleted = 0 WHERE id = ?")
                .bind(local)
                .execute(&mut *conn)
                .await?;
        }
        ChangeOp::Update => {
            if let Some(base) = row.payload_as::<LabelPayload>()?.base {
                sqlx::query("UPDATE labels SET name = ?, value = ?, is_default = ? WHERE id = ?")
                    .bind(base.name)
                    .bind(base.value)
                    .bind(base.is_default)
                    .bind(local)
                    .execute(&mut *conn)
                    .await?;
            }
        }
    }
    Ok(())
}

/// Writes the Studios settings `values` has (the others stay) to workspace `ws`'s row.
async fn write_settings(
    conn: &mut SqliteConnection,
    ws: i64,
    values: &StudiosValues,
) -> Result<()> {
    if let Some(hours) = values.lifespan_hours {
        sqlx::query(
            "UPDATE workspace_settings SET studios_lifespan_hours = ? WHERE workspace_local_id = ?",
        )
        .bind(hours)
        .bind(ws)
        .execute(&mut *conn)
        .await?;
    }
    if let Some(private) = values.private_studio_by_default {
        sqlx::query(
            "UPDATE workspace_settings SET studios_private_by_default = ? WHERE workspace_local_id = ?",
        )
        .bind(private)
        .bind(ws)
        .execute(&mut *conn)
        .await?;
    }
    if let Some(repository) = &values.container_repository {
        sqlx::query(
            "UPDATE workspace_settings SET studios_container_repository = ? WHERE workspace_local_id = ?",
        )
        .bind(repository)
        .bind(ws)
        .execute(&mut *conn)
        .await?;
    }
    if let Some(strategy) = &values.name_strategy {
        sqlx::query(
            "UPDATE workspace_settings SET studios_name_strategy = ? WHERE workspace_local_id = ?",
        )
        .bind(strategy)
        .bind(ws)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// `discard_change` for Studios settings: the fields it changed go back to the values it was
/// based on.
async fn discard_settings(conn: &mut SqliteConnection, row: &OutboxRow) -> Result<()> {
    let Some(ws) = row.local_id else {
        return Ok(());
    };
    let base = row.payload_as::<SettingsPayload>()?.base;
    write_settings(conn, ws, &base).await
}

/// How the store ends a label's queued changes (the entity table in `change.rs`).
pub(crate) struct LabelChanges;

impl StoredEntity for LabelChanges {
    async fn complete(
        conn: &mut SqliteConnection,
        row: &OutboxRow,
        created_remote_id: Option<i64>,
        _last_updated: Option<&str>,
    ) -> Result<()> {
        complete_label(conn, row, created_remote_id).await
    }

    async fn discard(conn: &mut SqliteConnection, row: &OutboxRow) -> Result<()> {
        discard_label(conn, row).await
    }
}

/// How the store ends a Studios settings change (the entity table in `change.rs`).
pub(crate) struct SettingsChanges;

impl StoredEntity for SettingsChanges {
    /// Studios settings have no server id and nothing to forget.
    async fn complete(
        _conn: &mut SqliteConnection,
        _row: &OutboxRow,
        _created_remote_id: Option<i64>,
        _last_updated: Option<&str>,
    ) -> Result<()> {
        Ok(())
    }

    async fn discard(conn: &mut SqliteConnection, row: &OutboxRow) -> Result<()> {
        discard_settings(conn, row).await
    }
}
