//! Make primary on a workspace's compute environment: the local mark and the queued change
//! (outbox entity `primary_compute_env`, always an update, its local id the workspace's: a
//! workspace has one primary compute environment). Payload: `{workspaceId, computeEnvId, name,
//! base: {computeEnvId}}`, the base being the primary one it replaces (None: there was none).
//!
//! The mark is set here at once (the former primary loses it). While a Make primary of the
//! workspace is queued (waiting, rejected or in conflict), a pull writes the server's rows but
//! keeps the mark where the change puts it; once the change is gone, the next pull's `primary`
//! flags are the server's. Discard puts the mark back on the base.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

use crate::change::StoredEntity;
use crate::payloads::PrimaryComputeEnvPayload;
use crate::queue::{fold_update, insert_change, untried_change};
use crate::{ChangeState, ComputeEnv, Entity, NewChange, OutboxRow, Result, Store, StoreError};

/// A compute environment as the section lists it: the stored row and the state of a queued
/// Make primary of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
pub struct ComputeEnvEntry {
    #[serde(flatten)]
    #[sqlx(flatten)]
    pub env: ComputeEnv,
    pub change_state: Option<ChangeState>,
    pub change_message: Option<String>,
}

/// The queued Make primary changes of the workspace `{ws}` (an SQL expression), newest first.
fn pending(ws: &str, except: &str) -> String {
    format!(
        "SELECT json_extract(ob.payload, '$.computeEnvId') FROM outbox ob
         WHERE ob.entity = 'primary_compute_env' AND ob.local_id = {ws} {except}
         ORDER BY ob.id DESC LIMIT 1"
    )
}

/// Puts the mark where the newest queued Make primary of workspace `ws` puts it, if there is one
/// (other than the change `except`).
pub(crate) async fn mark_pending_primary(
    conn: &mut SqliteConnection,
    ws: i64,
    except: Option<i64>,
) -> Result<()> {
    let except = match except {
        Some(id) => format!("AND ob.id != {id}"),
        None => String::new(),
    };
    let target = pending("?", &except);
    sqlx::query(crate::sql(format!(
        "UPDATE compute_envs SET is_primary = (compute_env_id IS ({target}))
         WHERE workspace_local_id = ? AND EXISTS ({target})"
    )))
    .bind(ws)
    .bind(ws)
    .bind(ws)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

impl Store {
    /// The workspace's compute environments (the primary one first), each with the state and
    /// message of a queued Make primary of it.
    pub async fn compute_env_entries(&self, ws: i64) -> Result<Vec<ComputeEnvEntry>> {
        let change = |col: &str| {
            format!(
                "(SELECT ob.{col} FROM outbox ob WHERE ob.entity = 'primary_compute_env'
                   AND ob.local_id = c.workspace_local_id
                   AND json_extract(ob.payload, '$.computeEnvId') = c.compute_env_id
                 ORDER BY ob.state = 'waiting', ob.id DESC LIMIT 1)"
            )
        };
        Ok(sqlx::query_as(crate::sql(format!(
            "SELECT c.compute_env_id AS id, c.name, c.platform, c.status, c.is_primary AS \"primary\",
                    c.work_dir, {} AS change_state, {} AS change_message
             FROM compute_envs c
             WHERE c.workspace_local_id = ? AND c.deleted = 0
             ORDER BY c.is_primary DESC, c.name COLLATE NOCASE",
            change("state"),
            change("message")
        )))
        .bind(ws)
        .fetch_all(self.pool())
        .await?)
    }

    /// Make primary, here and queued: the mark moves to `compute_env_id` at once (the former
    /// primary loses it) and the change is queued, in one transaction. A Make primary not yet
    /// tried is folded into (keeping what it replaced), and dropped when it returns there.
    pub async fn make_primary_compute_env_local(
        &self,
        account_id: i64,
        ws: i64,
        compute_env_id: &str,
        change: &NewChange,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM compute_envs WHERE workspace_local_id = ? AND compute_env_id = ? AND deleted = 0",
        )
        .bind(ws)
        .bind(compute_env_id)
        .fetch_optional(&mut *tx)
        .await?;
        if found.is_none() {
            return Err(StoreError::NotFound(format!(
                "compute environment {compute_env_id}"
            )));
        }
        sqlx::query(
            "UPDATE compute_envs SET is_primary = (compute_env_id = ?) WHERE workspace_local_id = ?",
        )
        .bind(compute_env_id)
        .bind(ws)
        .execute(&mut *tx)
        .await?;
        match untried_change(&mut tx, Entity::PrimaryComputeEnv, ws).await? {
            Some((cid, _, payload)) => fold_update(&mut tx, cid, &payload, change).await?,
            None => {
                insert_change(&mut tx, account_id, Some(ws), change).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }
}

/// How the store ends a Make primary (the entity table in `change.rs`).
pub(crate) struct PrimaryComputeEnvChanges;

impl StoredEntity for PrimaryComputeEnvChanges {
    /// The server has it: the mark is already where it is here; the next pull says the rest.
    async fn complete(
        _conn: &mut SqliteConnection,
        _row: &OutboxRow,
        _created_remote_id: Option<i64>,
        _last_updated: Option<&str>,
    ) -> Result<()> {
        Ok(())
    }

    /// Discard: the mark goes back to the compute environment the change replaced (none if
    /// there was none), unless another Make primary of the workspace is still queued.
    async fn discard(conn: &mut SqliteConnection, row: &OutboxRow) -> Result<()> {
        let Some(ws) = row.local_id else {
            return Ok(());
        };
        let base = row.payload_as::<PrimaryComputeEnvPayload>()?.base;
        sqlx::query(
            "UPDATE compute_envs SET is_primary = (compute_env_id IS ?) WHERE workspace_local_id = ?",
        )
        .bind(base.compute_env_id)
        .bind(ws)
        .execute(&mut *conn)
        .await?;
        mark_pending_primary(conn, ws, Some(row.id)).await
    }
}
