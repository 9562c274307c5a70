//! The queued-row primitives every entity's local writes and endings share: queue a change in the
//! caller's transaction, fold an edit into an untried change, move or forget an object's changes.
//! This module knows no entity; the entities' modules use it (arrows point one way: `outbox` →
//! the table in `change` → each entity's module → here).

use serde_json::Value;
use sqlx::SqliteConnection;

use crate::payloads::ChangePayload;
use crate::{ChangeOp, Entity, OutboxRow, Result, StoreError, now};

/// A local change to queue for the server, written in the same transaction as the change itself.
#[derive(Debug, Clone, PartialEq)]
pub struct NewChange {
    pub entity: Entity,
    pub op: ChangeOp,
    /// What identifies the object on the server without its id (e.g. `orgId/name`), used to adopt
    /// an object a lost create did make instead of creating it twice.
    pub natural_key: Option<String>,
    /// The entity's payload as JSON; written through [`NewChange::of`] from its typed payload.
    pub payload: Value,
    /// The server's `lastUpdated` the change was based on (updates and deletes). Participants
    /// have no `lastUpdated`: for them it is the role a role change was based on.
    pub base_last_updated: Option<String>,
    pub summary: String,
}

impl NewChange {
    /// A change of the entity `P` belongs to, carrying `payload`.
    pub fn of<P: ChangePayload>(
        op: ChangeOp,
        payload: &P,
        natural_key: Option<String>,
        base_last_updated: Option<String>,
        summary: impl Into<String>,
    ) -> Self {
        Self {
            entity: P::ENTITY,
            op,
            natural_key,
            // A payload is plain data (strings, numbers, options): it always serializes.
            payload: serde_json::to_value(payload).unwrap_or(Value::Null),
            base_last_updated,
            summary: summary.into(),
        }
    }
}

impl OutboxRow {
    /// The change's payload, read as the entity's typed payload. A row of another entity, or one
    /// whose JSON does not fit, is an error naming the change (never a guess).
    pub fn payload_as<P: ChangePayload>(&self) -> Result<P> {
        if self.entity != P::ENTITY {
            return Err(StoreError::NotFound(format!(
                "a {} payload in change {} (it is a {} change)",
                P::ENTITY,
                self.id,
                self.entity
            )));
        }
        Ok(serde_json::from_str(&self.payload)?)
    }
}

pub(crate) async fn insert_change(
    conn: &mut SqliteConnection,
    account_id: i64,
    local_id: Option<i64>,
    change: &NewChange,
) -> Result<i64> {
    let id = sqlx::query_scalar(
        "INSERT INTO outbox (account_id, entity, op, local_id, natural_key, payload, base_last_updated, summary, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(account_id)
    .bind(change.entity)
    .bind(change.op)
    .bind(local_id)
    .bind(&change.natural_key)
    .bind(serde_json::to_string(&change.payload)?)
    .bind(&change.base_last_updated)
    .bind(&change.summary)
    .bind(now())
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// The newest change of an object, when it is waiting and was never tried: (id, op, payload).
pub(crate) async fn untried_change(
    conn: &mut SqliteConnection,
    entity: Entity,
    local_id: i64,
) -> Result<Option<(i64, ChangeOp, Value)>> {
    let row: Option<(i64, ChangeOp, String, String, i64)> = sqlx::query_as(
        "SELECT id, op, payload, state, attempts FROM outbox WHERE entity = ? AND local_id = ?
         ORDER BY id DESC LIMIT 1",
    )
    .bind(entity)
    .bind(local_id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(match row {
        Some((id, op, payload, state, 0)) if state == "waiting" => {
            Some((id, op, serde_json::from_str(&payload)?))
        }
        _ => None,
    })
}

/// Gives a queued change a new payload and summary (an edit folded into it).
pub(crate) async fn rewrite_change(
    conn: &mut SqliteConnection,
    id: i64,
    payload: &Value,
    summary: &str,
) -> Result<()> {
    sqlx::query("UPDATE outbox SET payload = ?, summary = ? WHERE id = ?")
        .bind(serde_json::to_string(payload)?)
        .bind(summary)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Folds a new update into an untried one: the new values on the old base. When the new values
/// are the old base again, there is nothing left to send and the change goes.
pub(crate) async fn fold_update(
    conn: &mut SqliteConnection,
    id: i64,
    old: &Value,
    change: &NewChange,
) -> Result<()> {
    let mut payload = change.payload.clone();
    payload["base"] = old.get("base").cloned().unwrap_or(Value::Null);
    let back_to_base = payload
        .get("base")
        .and_then(Value::as_object)
        .is_some_and(|base| base.iter().all(|(k, v)| payload.get(k) == Some(v)));
    if back_to_base {
        sqlx::query("DELETE FROM outbox WHERE id = ?")
            .bind(id)
            .execute(&mut *conn)
            .await?;
        Ok(())
    } else {
        rewrite_change(conn, id, &payload, &change.summary).await
    }
}

/// Whether the object's create was ever tried (it may then be on the server, its answer lost).
pub(crate) async fn create_was_tried(
    conn: &mut SqliteConnection,
    entity: Entity,
    local_id: i64,
) -> Result<bool> {
    Ok(sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM outbox WHERE entity = ? AND op = 'create' AND local_id = ? AND attempts > 0)",
    )
    .bind(entity)
    .bind(local_id)
    .fetch_one(&mut *conn)
    .await?)
}

/// The object's queued changes, except `keep` (the one being ended), are forgotten: it never
/// reached the server and is going away.
pub(crate) async fn forget_changes(
    conn: &mut SqliteConnection,
    entity: Entity,
    local_id: i64,
    keep: Option<i64>,
) -> Result<()> {
    sqlx::query("DELETE FROM outbox WHERE entity = ? AND local_id = ? AND id IS NOT ?")
        .bind(entity)
        .bind(local_id)
        .bind(keep)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The changes queued for local row `from` now belong to `to` (a twin a pull brought in while a
/// create's outcome was unknown is folded into the row the user made).
pub(crate) async fn move_changes(
    conn: &mut SqliteConnection,
    entity: Entity,
    from: i64,
    to: i64,
) -> Result<()> {
    sqlx::query("UPDATE outbox SET local_id = ? WHERE entity = ? AND local_id = ?")
        .bind(to)
        .bind(entity)
        .bind(from)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Where an entity's local rows live: the table, its server-id column, and the column within which
/// a server id is unique (the account for workspaces, the workspace for what is in one).
pub(crate) struct Rows {
    pub table: &'static str,
    pub server_id: &'static str,
    pub scope: &'static str,
}

/// Gives local row `local` the server's id `remote`. A pull that ran while the create's outcome
/// was unknown may have brought the server's object in as a row of its own: that twin is folded
/// into the row the user made (its queued changes move over), or the id could not be recorded and
/// the object would show twice.
pub(crate) async fn adopt_server_id(
    conn: &mut SqliteConnection,
    entity: Entity,
    rows: &Rows,
    local: i64,
    remote: i64,
) -> Result<()> {
    let Rows {
        table,
        server_id,
        scope,
    } = rows;
    let twin: Option<i64> = sqlx::query_scalar(crate::sql(format!(
        "SELECT t.id FROM {table} t JOIN {table} me ON me.id = ?1
         WHERE t.{scope} = me.{scope} AND t.{server_id} = ?2 AND t.id <> ?1"
    )))
    .bind(local)
    .bind(remote)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(twin) = twin {
        move_changes(conn, entity, twin, local).await?;
        sqlx::query(crate::sql(format!("DELETE FROM {table} WHERE id = ?")))
            .bind(twin)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query(crate::sql(format!(
        "UPDATE {table} SET {server_id} = ? WHERE id = ?"
    )))
    .bind(remote)
    .bind(local)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
