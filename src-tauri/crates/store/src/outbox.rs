use crate::change::{StoredEntity, with_stored_entity};
use crate::{
    ChangeItem, ChangeOp, ChangeState, Entity, NewChange, OutboxRow, Result, Store, StoreError,
};

const OUTBOX_COLUMNS: &str = "id, account_id, entity, op, local_id, natural_key, payload, base_last_updated, state, attempts, next_attempt_at, message";

/// Counts of queued changes for the status bar.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChangeCounts {
    pub waiting: i64,
    pub conflicts: i64,
    pub rejected: i64,
}

impl Store {
    pub async fn change_counts(&self, account_id: i64) -> Result<ChangeCounts> {
        let (waiting, conflicts, rejected): (i64, i64, i64) = sqlx::query_as(
            "SELECT COALESCE(SUM(state = 'waiting'), 0), COALESCE(SUM(state = 'conflict'), 0), COALESCE(SUM(state = 'rejected'), 0)
             FROM outbox WHERE account_id = ?",
        )
        .bind(account_id)
        .fetch_one(self.pool())
        .await?;
        Ok(ChangeCounts {
            waiting,
            conflicts,
            rejected,
        })
    }

    pub async fn changes(&self, account_id: Option<i64>) -> Result<Vec<ChangeItem>> {
        Ok(sqlx::query_as(
            "SELECT id, account_id, entity, op, summary, state, message, created_at, attempts, local_id
             FROM outbox WHERE ?1 IS NULL OR account_id = ?1 ORDER BY id",
        )
        .bind(account_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// The account's queued changes in the order they were made, whatever their state.
    pub async fn outbox(&self, account_id: i64) -> Result<Vec<OutboxRow>> {
        Ok(sqlx::query_as(crate::sql(format!(
            "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE account_id = ? ORDER BY id"
        )))
        .bind(account_id)
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn outbox_row(&self, id: i64) -> Result<OutboxRow> {
        sqlx::query_as(crate::sql(format!(
            "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE id = ?"
        )))
        .bind(id)
        .fetch_optional(self.pool())
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("change {id}")))
    }

    /// Records that an attempt is starting, before its request leaves.
    pub async fn start_attempt(&self, id: i64) -> Result<()> {
        sqlx::query("UPDATE outbox SET attempts = attempts + 1 WHERE id = ?")
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// The server has the change: drop it from the queue. For a create, record the server's id.
    pub async fn complete_change(
        &self,
        id: i64,
        created_remote_id: Option<i64>,
        last_updated: Option<&str>,
    ) -> Result<()> {
        let row = self.outbox_row(id).await?;
        let mut tx = self.write().await?;
        with_stored_entity!(row.entity, |E| {
            E::complete(&mut tx, &row, created_remote_id, last_updated).await?
        });
        sqlx::query("DELETE FROM outbox WHERE id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        // The server's version must come back at the next pull, whichever workspace it is in.
        sqlx::query("DELETE FROM sync_cursors WHERE account_id = ? AND scope LIKE 'workspace:%'")
            .bind(row.account_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A change the server refused, or one that met a newer version: kept, with the server's words.
    pub async fn set_change_state(
        &self,
        id: i64,
        state: ChangeState,
        message: Option<&str>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE outbox SET state = ?, message = ?, next_attempt_at = NULL WHERE id = ?",
        )
        .bind(state)
        .bind(message)
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// A change that could not be sent this time (server error, rate limit, network): try again later.
    pub async fn defer_change(&self, id: i64, next_attempt_at: &str, message: &str) -> Result<()> {
        sqlx::query("UPDATE outbox SET next_attempt_at = ?, message = ? WHERE id = ?")
            .bind(next_attempt_at)
            .bind(message)
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Puts a rejected or conflicting change back in the queue; for a conflict the user chose "keep mine",
    /// so the change is rebased on the server's current version.
    pub async fn retry_change(&self, id: i64, rebase_on: Option<&str>) -> Result<()> {
        let done = sqlx::query(
            "UPDATE outbox SET state = 'waiting', message = NULL, next_attempt_at = NULL,
                base_last_updated = COALESCE(?, base_last_updated) WHERE id = ?",
        )
        .bind(rebase_on)
        .bind(id)
        .execute(self.pool())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("change {id}")));
        }
        Ok(())
    }

    /// Rewrites a queued workspace create or edit with new fields (the Changes panel's Edit): the
    /// change goes back in the queue with them, and the local workspace shows them, in one
    /// transaction.
    pub async fn edit_workspace_change(
        &self,
        id: i64,
        input: &crate::WorkspaceInput,
        change: &NewChange,
    ) -> Result<()> {
        let row = self.outbox_row(id).await?;
        let Some(local) = row.local_id else {
            return Err(StoreError::NotFound(format!("workspace of change {id}")));
        };
        let mut tx = self.write().await?;
        sqlx::query(
            "UPDATE outbox SET payload = ?, natural_key = ?, summary = ?, state = 'waiting', message = NULL,
                next_attempt_at = NULL WHERE id = ?",
        )
        .bind(serde_json::to_string(&change.payload)?)
        .bind(&change.natural_key)
        .bind(&change.summary)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE workspaces SET name = ?, full_name = ?, description = ?, visibility = ?, deleted = 0 WHERE id = ?",
        )
        .bind(&input.name)
        .bind(&input.full_name)
        .bind(&input.description)
        .bind(input.visibility)
        .bind(local)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// "Keep mine" for an edit of a workspace that was deleted on the server: the edit becomes a
    /// create of the workspace with the user's fields, sent as a new one (the local row forgets
    /// the old server id). Edits queued after it follow the new workspace.
    pub async fn recreate_workspace_change(&self, id: i64) -> Result<()> {
        let row = self.outbox_row(id).await?;
        let (Some(local), Entity::Workspace, ChangeOp::Update) = (row.local_id, row.entity, row.op)
        else {
            return Err(StoreError::NotFound(format!(
                "queued edit of a workspace {id}"
            )));
        };
        let mut tx = self.write().await?;
        sqlx::query(
            "UPDATE outbox SET op = 'create', state = 'waiting', message = NULL, next_attempt_at = NULL,
                attempts = 0, base_last_updated = NULL,
                summary = 'Add workspace ' || COALESCE(json_extract(payload, '$.name'), '') || ' again'
             WHERE id = ?",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE workspaces SET workspace_id = NULL, last_updated = NULL, deleted = 0 WHERE id = ?",
        )
        .bind(local)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Drops a queued change and undoes it locally ("take theirs"): a local create disappears, a local
    /// delete is restored, a local edit is replaced by the server's version at the next pull.
    pub async fn discard_change(&self, id: i64) -> Result<()> {
        let row = self.outbox_row(id).await?;
        let mut tx = self.write().await?;
        with_stored_entity!(row.entity, |E| E::discard(&mut tx, &row).await?);
        sqlx::query("DELETE FROM outbox WHERE id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        // The server's version must come back at the next pull, whichever workspace it is in.
        sqlx::query("DELETE FROM sync_cursors WHERE account_id = ? AND scope LIKE 'workspace:%'")
            .bind(row.account_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
