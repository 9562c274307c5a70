use sqlx::SqliteConnection;

use crate::change::StoredEntity;
use crate::queue::{Rows, adopt_server_id, insert_change};

const WORKSPACE_ROWS: Rows = Rows {
    table: "workspaces",
    server_id: "workspace_id",
    scope: "account_id",
};
use crate::{
    ChangeOp, Entity, NewChange, OutboxRow, Result, Store, StoreError, Workspace, WorkspaceInput,
    WorkspaceRecord,
};

/// The workspace list as the window shows it: the org's name, and the state of the newest change
/// still queued for it (a conflict or rejection shows before a plain "waiting").
const WORKSPACE_VIEW: &str = "
    SELECT w.id, w.account_id, w.org_id, o.name AS org_name, w.workspace_id, w.name, w.full_name, w.description,
           w.visibility, w.role, w.personal, w.last_updated,
           (SELECT ob.state FROM outbox ob WHERE ob.entity = 'workspace' AND ob.local_id = w.id
             ORDER BY ob.state = 'waiting', ob.id DESC LIMIT 1) AS change_state,
           (SELECT ob.message FROM outbox ob WHERE ob.entity = 'workspace' AND ob.local_id = w.id
             ORDER BY ob.state = 'waiting', ob.id DESC LIMIT 1) AS change_message
    FROM workspaces w
    LEFT JOIN organizations o ON o.account_id = w.account_id AND o.org_id = w.org_id";

/// A workspace with a change still queued is the user's version until the change is sent:
/// a pull must not overwrite or delete it.
const NO_PENDING_CHANGE: &str = "NOT EXISTS (SELECT 1 FROM outbox ob WHERE ob.entity = 'workspace' AND ob.local_id = workspaces.id)";

impl Store {
    /// The user's own workspace, which the API addresses by leaving `workspaceId` out.
    pub async fn ensure_personal_workspace(&self, account_id: i64, user_name: &str) -> Result<i64> {
        let existing: Option<i64> =
            sqlx::query_scalar("SELECT id FROM workspaces WHERE account_id = ? AND personal = 1")
                .bind(account_id)
                .fetch_optional(self.pool())
                .await?;
        if let Some(id) = existing {
            return Ok(id);
        }
        Ok(sqlx::query_scalar(
            "INSERT INTO workspaces (account_id, personal, name, full_name, visibility, role)
             VALUES (?, 1, ?, ?, 'PRIVATE', 'owner') RETURNING id",
        )
        .bind(account_id)
        .bind(user_name)
        .bind(format!("{user_name} (user workspace)"))
        .fetch_one(self.pool())
        .await?)
    }

    pub async fn begin_workspace_listing(&self, account_id: i64) -> Result<i64> {
        self.next_gen("workspaces", "account_id = ?", account_id)
            .await
    }

    /// Writes one listing page of workspaces in one transaction, leaving alone any the user changed.
    /// A full name or visibility no response gave (None) keeps what an earlier response said.
    pub async fn upsert_workspaces(
        &self,
        account_id: i64,
        generation: i64,
        items: &[WorkspaceRecord],
    ) -> Result<()> {
        let mut tx = self.write().await?;
        for w in items {
            sqlx::query(crate::sql(format!(
                "INSERT INTO workspaces (account_id, org_id, workspace_id, name, full_name, description, visibility, role, last_updated, sync_gen)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                 ON CONFLICT (account_id, workspace_id) DO UPDATE SET
                    sync_gen = excluded.sync_gen,
                    role = COALESCE(excluded.role, workspaces.role),
                    org_id = excluded.org_id,
                    name = CASE WHEN {NO_PENDING_CHANGE} THEN excluded.name ELSE workspaces.name END,
                    full_name = CASE WHEN {NO_PENDING_CHANGE} THEN COALESCE(excluded.full_name, workspaces.full_name) ELSE workspaces.full_name END,
                    description = CASE WHEN {NO_PENDING_CHANGE} THEN excluded.description ELSE workspaces.description END,
                    visibility = CASE WHEN {NO_PENDING_CHANGE} THEN COALESCE(excluded.visibility, workspaces.visibility) ELSE workspaces.visibility END,
                    last_updated = CASE WHEN {NO_PENDING_CHANGE} THEN excluded.last_updated ELSE workspaces.last_updated END,
                    deleted = CASE WHEN {NO_PENDING_CHANGE} THEN 0 ELSE workspaces.deleted END"
            )))
            .bind(account_id)
            .bind(w.org_id)
            .bind(w.workspace_id)
            .bind(&w.name)
            .bind(&w.full_name)
            .bind(&w.description)
            .bind(w.visibility)
            .bind(&w.role)
            .bind(&w.last_updated)
            .bind(generation)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Records the user's role in a workspace as derived from what the server said (None: unknown),
    /// replacing what was known.
    pub async fn set_workspace_role(&self, id: i64, role: Option<&str>) -> Result<()> {
        sqlx::query("UPDATE workspaces SET role = ? WHERE id = ?")
            .bind(role)
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// After a completed listing of one organization's workspaces: the ones it did not return are
    /// marked deleted, except those with queued changes and those the server does not have yet.
    pub async fn finish_workspace_listing(
        &self,
        account_id: i64,
        org_id: Option<i64>,
        generation: i64,
    ) -> Result<u64> {
        let done = sqlx::query(crate::sql(format!(
            "UPDATE workspaces SET deleted = 1
             WHERE account_id = ?1 AND (?2 IS NULL OR org_id = ?2) AND personal = 0 AND workspace_id IS NOT NULL
               AND sync_gen < ?3 AND deleted = 0 AND {NO_PENDING_CHANGE}"
        )))
        .bind(account_id)
        .bind(org_id)
        .bind(generation)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected())
    }

    /// Workspaces of an account (of one organization when `org_id` is given), the personal one first.
    pub async fn workspaces(&self, account_id: i64, org_id: Option<i64>) -> Result<Vec<Workspace>> {
        Ok(sqlx::query_as(crate::sql(format!(
            "{WORKSPACE_VIEW} WHERE w.account_id = ?1 AND (?2 IS NULL OR w.org_id = ?2) AND w.deleted = 0
             ORDER BY w.personal DESC, o.name COLLATE NOCASE, w.name COLLATE NOCASE"
        )))
        .bind(account_id)
        .bind(org_id)
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn workspace(&self, id: i64) -> Result<Workspace> {
        sqlx::query_as(crate::sql(format!("{WORKSPACE_VIEW} WHERE w.id = ?")))
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("workspace {id}")))
    }

    /// The local id of a workspace the server knows.
    pub async fn workspace_local_id(
        &self,
        account_id: i64,
        workspace_id: Option<i64>,
    ) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM workspaces WHERE account_id = ? AND
               CASE WHEN ?2 IS NULL THEN personal = 1 ELSE workspace_id = ?2 END",
        )
        .bind(account_id)
        .bind(workspace_id)
        .fetch_optional(self.pool())
        .await?)
    }

    /// Another workspace of the same organization with this name (names are unique per organization).
    pub async fn workspace_named(
        &self,
        account_id: i64,
        org_id: i64,
        name: &str,
    ) -> Result<Option<Workspace>> {
        Ok(sqlx::query_as(crate::sql(format!(
            "{WORKSPACE_VIEW} WHERE w.account_id = ? AND w.org_id = ? AND w.name = ? COLLATE NOCASE AND w.deleted = 0"
        )))
        .bind(account_id)
        .bind(org_id)
        .bind(name)
        .fetch_optional(self.pool())
        .await?)
    }

    /// Whether another workspace of the organization here (not `except`) has this name.
    pub async fn workspace_name_taken(
        &self,
        account_id: i64,
        org_id: i64,
        name: &str,
        except: Option<i64>,
    ) -> Result<bool> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM workspaces WHERE account_id = ? AND org_id = ? AND name = ? COLLATE NOCASE
               AND deleted = 0 AND id IS NOT ? LIMIT 1",
        )
        .bind(account_id)
        .bind(org_id)
        .bind(name)
        .bind(except)
        .fetch_optional(self.pool())
        .await?;
        Ok(found.is_some())
    }

    /// Adds a workspace locally and queues its creation, in one transaction.
    pub async fn create_workspace_local(
        &self,
        account_id: i64,
        org_id: i64,
        input: &WorkspaceInput,
        change: &NewChange,
    ) -> Result<Workspace> {
        let mut tx = self.write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO workspaces (account_id, org_id, name, full_name, description, visibility, role)
             VALUES (?, ?, ?, ?, ?, ?, 'owner') RETURNING id",
        )
        .bind(account_id)
        .bind(org_id)
        .bind(&input.name)
        .bind(&input.full_name)
        .bind(&input.description)
        .bind(input.visibility)
        .fetch_one(&mut *tx)
        .await?;
        insert_change(&mut tx, account_id, Some(id), change).await?;
        tx.commit().await?;
        self.workspace(id).await
    }

    /// Edits a workspace locally and queues the update. An edit of a workspace whose creation is still
    /// queued is folded into that creation instead (one request, and nothing to conflict with).
    pub async fn update_workspace_local(
        &self,
        id: i64,
        input: &WorkspaceInput,
        change: &NewChange,
    ) -> Result<Workspace> {
        let current = self.workspace(id).await?;
        let mut tx = self.write().await?;
        sqlx::query("UPDATE workspaces SET name = ?, full_name = ?, description = ?, visibility = ? WHERE id = ?")
            .bind(&input.name)
            .bind(&input.full_name)
            .bind(&input.description)
            .bind(input.visibility)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        // Only a create that was never tried: one that may have reached the server already is
        // looked up by its name when retried, so its name must stay what was sent.
        let queued_create: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM outbox WHERE entity = 'workspace' AND op = 'create' AND local_id = ? AND state = 'waiting' AND attempts = 0",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        match queued_create {
            Some(create_id) => {
                sqlx::query(
                    "UPDATE outbox SET payload = ?, natural_key = ?, summary = ? WHERE id = ?",
                )
                .bind(serde_json::to_string(&change.payload)?)
                .bind(&change.natural_key)
                .bind(format!("Add workspace {}", input.name))
                .bind(create_id)
                .execute(&mut *tx)
                .await?;
            }
            None => {
                insert_change(&mut tx, current.account_id, Some(id), change).await?;
            }
        }
        tx.commit().await?;
        self.workspace(id).await
    }

    /// Deletes a workspace locally (hidden at once) and queues the deletion. A workspace the server
    /// never had simply disappears with its queued changes; one whose creation was tried (it may
    /// have reached the server) is hidden and its deletion queued behind the creation.
    pub async fn delete_workspace_local(&self, id: i64, change: &NewChange) -> Result<()> {
        let current = self.workspace(id).await?;
        let mut tx = self.write().await?;
        let tried_create: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM outbox WHERE entity = 'workspace' AND op = 'create' AND local_id = ? AND attempts > 0)",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        if current.workspace_id.is_none() && !tried_create {
            sqlx::query("DELETE FROM outbox WHERE entity = 'workspace' AND local_id = ?")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM workspaces WHERE id = ?")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        } else {
            sqlx::query("UPDATE workspaces SET deleted = 1 WHERE id = ?")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            insert_change(&mut tx, current.account_id, Some(id), change).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// `Store::complete_change` for a workspace: record the server's id of a created workspace
/// (folding in a twin a pull brought while the create's outcome was unknown) and its
/// `lastUpdated`, forget a deleted one. Runs inside that function's transaction.
async fn complete_workspace(
    conn: &mut SqliteConnection,
    row: &OutboxRow,
    local: i64,
    created_remote_id: Option<i64>,
    last_updated: Option<&str>,
) -> Result<()> {
    if let Some(remote) = created_remote_id {
        // Its pulled resources come back at the next pull.
        adopt_server_id(conn, Entity::Workspace, &WORKSPACE_ROWS, local, remote).await?;
    }
    if let Some(lu) = last_updated {
        sqlx::query("UPDATE workspaces SET last_updated = ? WHERE id = ?")
            .bind(lu)
            .bind(local)
            .execute(&mut *conn)
            .await?;
        // Later edits of the same workspace were made on top of this one: base them on
        // the version the server now has, or they would conflict with ourselves.
        sqlx::query(
            "UPDATE outbox SET base_last_updated = ? WHERE entity = 'workspace' AND local_id = ? AND id > ?",
        )
        .bind(lu)
        .bind(local)
        .bind(row.id)
        .execute(&mut *conn)
        .await?;
    }
    if row.op == ChangeOp::Delete {
        sqlx::query("DELETE FROM workspaces WHERE id = ?")
            .bind(local)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// `Store::discard_change` for a workspace ("Take theirs" / Discard): a local create disappears, a
/// local delete is restored, a local edit is replaced by the server's version at the next pull.
/// Runs inside that function's transaction.
async fn discard_workspace(conn: &mut SqliteConnection, op: ChangeOp, local: i64) -> Result<()> {
    match op {
        ChangeOp::Create => {
            sqlx::query("DELETE FROM workspaces WHERE id = ? AND workspace_id IS NULL")
                .bind(local)
                .execute(&mut *conn)
                .await?;
        }
        ChangeOp::Delete => {
            sqlx::query("UPDATE workspaces SET deleted = 0 WHERE id = ?")
                .bind(local)
                .execute(&mut *conn)
                .await?;
        }
        ChangeOp::Update => {
            // Let the next pull bring the server's version back.
            sqlx::query("UPDATE workspaces SET last_updated = NULL WHERE id = ?")
                .bind(local)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

/// How the store ends a workspace's queued changes (the entity table in `change.rs`).
pub(crate) struct WorkspaceChanges;

impl StoredEntity for WorkspaceChanges {
    async fn complete(
        conn: &mut SqliteConnection,
        row: &OutboxRow,
        created_remote_id: Option<i64>,
        last_updated: Option<&str>,
    ) -> Result<()> {
        match row.local_id {
            Some(local) => {
                complete_workspace(conn, row, local, created_remote_id, last_updated).await
            }
            None => Ok(()),
        }
    }

    async fn discard(conn: &mut SqliteConnection, row: &OutboxRow) -> Result<()> {
        match row.local_id {
            Some(local) => discard_workspace(conn, row.op, local).await,
            None => Ok(()),
        }
    }
}
