//! Workspace participants: the pulled listing, and the adds, role changes and removals made here,
//! each applied to the table at once and queued (outbox entity `participant`) in one transaction.
//!
//! A participant added here has no server id (`participant_id` NULL) until its add is sent. A row
//! with a queued change is the user's version: a pull neither overwrites nor deletes it.

use crate::change::StoredEntity;
use crate::queue::{
    Rows, adopt_server_id, create_was_tried, forget_changes, insert_change, rewrite_change,
    untried_change,
};
use crate::{
    ChangeOp, Entity, NewChange, OutboxRow, Participant, ParticipantRecord, Result, Store,
    StoreError,
};

/// The participants as the window shows them, with the state of the newest change still queued
/// for each (a conflict or rejection shows before a plain "waiting").
const PARTICIPANT_VIEW: &str = "
    SELECT p.id, p.participant_id, p.type, p.member_id, p.team_id, p.user_name, p.name, p.email, p.role,
           (SELECT ob.state FROM outbox ob WHERE ob.entity = 'participant' AND ob.local_id = p.id
             ORDER BY ob.state = 'waiting', ob.id DESC LIMIT 1) AS change_state,
           (SELECT ob.message FROM outbox ob WHERE ob.entity = 'participant' AND ob.local_id = p.id
             ORDER BY ob.state = 'waiting', ob.id DESC LIMIT 1) AS change_message
    FROM participants p";

/// A participant with a change still queued is the user's version until the change is sent.
const NO_PENDING_CHANGE: &str = "NOT EXISTS (SELECT 1 FROM outbox ob WHERE ob.entity = 'participant' AND ob.local_id = participants.id)";

/// A participant added here, before the server has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewParticipantRow {
    /// `MEMBER`, `TEAM` or `COLLABORATOR`.
    pub kind: String,
    pub member_id: Option<i64>,
    pub team_id: Option<i64>,
    pub user_name: Option<String>,
    pub name: String,
    pub email: Option<String>,
    pub role: String,
}

impl Store {
    /// Writes one listing page of participants in one transaction. A row the user changed (a
    /// queued change) is left as it is; a row added here whose add the server has already made
    /// (same member, team or email) takes the server's id instead of showing twice.
    pub async fn upsert_participants(
        &self,
        ws: i64,
        generation: i64,
        items: &[ParticipantRecord],
    ) -> Result<()> {
        let mut tx = self.write().await?;
        for p in items {
            let known: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM participants WHERE workspace_local_id = ? AND participant_id = ?",
            )
            .bind(ws)
            .bind(p.participant_id)
            .fetch_optional(&mut *tx)
            .await?;
            if known.is_none() {
                sqlx::query(
                    "UPDATE participants SET participant_id = ?2
                     WHERE id = (SELECT id FROM participants
                                 WHERE workspace_local_id = ?1 AND participant_id IS NULL AND (
                                     (?3 IS NOT NULL AND team_id = ?3)
                                  OR (?4 IS NOT NULL AND member_id = ?4)
                                  OR (team_id IS NULL AND member_id IS NULL AND (
                                         (?5 IS NOT NULL AND user_name = ?5 COLLATE NOCASE)
                                      OR (?6 IS NOT NULL AND email = ?6 COLLATE NOCASE))))
                                 ORDER BY id LIMIT 1)",
                )
                .bind(ws)
                .bind(p.participant_id)
                .bind(p.team_id)
                .bind(p.member_id)
                .bind(&p.user_name)
                .bind(&p.email)
                .execute(&mut *tx)
                .await?;
            }
            sqlx::query(crate::sql(format!(
                "INSERT INTO participants (workspace_local_id, participant_id, type, member_id, team_id, user_name, name, email, role, sync_gen)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                 ON CONFLICT (workspace_local_id, participant_id) DO UPDATE SET
                    type = excluded.type, member_id = excluded.member_id, team_id = excluded.team_id,
                    user_name = excluded.user_name, name = excluded.name, email = excluded.email,
                    role = excluded.role, sync_gen = excluded.sync_gen, deleted = 0
                 WHERE {NO_PENDING_CHANGE}"
            )))
            .bind(ws)
            .bind(p.participant_id)
            .bind(&p.kind)
            .bind(p.member_id)
            .bind(p.team_id)
            .bind(&p.user_name)
            .bind(&p.name)
            .bind(&p.email)
            .bind(&p.role)
            .bind(generation)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// After a completed listing of a workspace's participants: those it did not return are gone
    /// from the server, except rows with queued changes and rows the server does not have yet.
    pub async fn finish_participant_listing(&self, ws: i64, generation: i64) -> Result<u64> {
        let done = sqlx::query(crate::sql(format!(
            "UPDATE participants SET deleted = 1
             WHERE workspace_local_id = ? AND sync_gen < ? AND deleted = 0
               AND participant_id IS NOT NULL AND {NO_PENDING_CHANGE}"
        )))
        .bind(ws)
        .bind(generation)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected())
    }

    /// The participants of a workspace (local id): teams first, then people, by name.
    pub async fn participants(&self, ws: i64) -> Result<Vec<Participant>> {
        Ok(sqlx::query_as(crate::sql(format!(
            "{PARTICIPANT_VIEW} WHERE p.workspace_local_id = ? AND p.deleted = 0
             ORDER BY p.type = 'TEAM' DESC, p.name COLLATE NOCASE, p.id"
        )))
        .bind(ws)
        .fetch_all(self.pool())
        .await?)
    }

    /// One participant by local id (also one removed here whose removal is still queued).
    pub async fn participant(&self, id: i64) -> Result<Participant> {
        sqlx::query_as(crate::sql(format!("{PARTICIPANT_VIEW} WHERE p.id = ?")))
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("participant {id}")))
    }

    /// The local id of the workspace a participant belongs to.
    pub async fn participant_workspace(&self, id: i64) -> Result<i64> {
        sqlx::query_scalar("SELECT workspace_local_id FROM participants WHERE id = ?")
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("participant {id}")))
    }

    /// Adds a participant locally and queues the add, in one transaction.
    pub async fn add_participant_local(
        &self,
        account_id: i64,
        ws: i64,
        row: &NewParticipantRow,
        change: &NewChange,
    ) -> Result<Participant> {
        let mut tx = self.write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO participants (workspace_local_id, type, member_id, team_id, user_name, name, email, role)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(ws)
        .bind(&row.kind)
        .bind(row.member_id)
        .bind(row.team_id)
        .bind(&row.user_name)
        .bind(&row.name)
        .bind(&row.email)
        .bind(&row.role)
        .fetch_one(&mut *tx)
        .await?;
        insert_change(&mut tx, account_id, Some(id), change).await?;
        tx.commit().await?;
        self.participant(id).await
    }

    /// Changes a participant's role locally and queues the change. A participant whose add is
    /// still queued and was never tried gets the new role in that add instead (one request less,
    /// and nothing to conflict with).
    pub async fn set_participant_role_local(
        &self,
        account_id: i64,
        id: i64,
        role: &str,
        change: &NewChange,
    ) -> Result<Participant> {
        let mut tx = self.write().await?;
        sqlx::query("UPDATE participants SET role = ? WHERE id = ?")
            .bind(role)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        match untried_change(&mut tx, Entity::Participant, id).await? {
            Some((add_id, ChangeOp::Create, mut payload)) => {
                payload["role"] = serde_json::Value::String(role.to_string());
                let name: Option<String> =
                    sqlx::query_scalar("SELECT name FROM participants WHERE id = ?")
                        .bind(id)
                        .fetch_optional(&mut *tx)
                        .await?;
                let summary = format!("Add participant {} as {role}", name.unwrap_or_default());
                rewrite_change(&mut tx, add_id, &payload, &summary).await?;
            }
            _ => {
                insert_change(&mut tx, account_id, Some(id), change).await?;
            }
        }
        tx.commit().await?;
        self.participant(id).await
    }

    /// Removes a participant locally (hidden at once) and queues the removal. One the server never
    /// had simply disappears with its queued changes; one whose add was tried (it may have reached
    /// the server) is hidden and its removal queued behind the add.
    pub async fn remove_participant_local(
        &self,
        account_id: i64,
        id: i64,
        change: &NewChange,
    ) -> Result<()> {
        let current = self.participant(id).await?;
        let mut tx = self.write().await?;
        if current.participant_id.is_none()
            && !create_was_tried(&mut tx, Entity::Participant, id).await?
        {
            forget_changes(&mut tx, Entity::Participant, id, None).await?;
            sqlx::query("DELETE FROM participants WHERE id = ?")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        } else {
            sqlx::query("UPDATE participants SET deleted = 1 WHERE id = ?")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            insert_change(&mut tx, account_id, Some(id), change).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The server made the participant (its add answered): record its id at once, so that a
    /// failure of what follows (setting the role) does not lose which participant it is.
    pub async fn set_participant_remote_id(&self, id: i64, participant_id: i64) -> Result<()> {
        let mut tx = self.write().await?;
        adopt_remote_id(&mut tx, id, participant_id).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Gives the local row `id` the server's `participant_id`. A pull that ran while the add's outcome
/// was unknown may have brought the server's participant in as a row of its own: that twin is
/// folded into ours (its queued changes move over), or the id could not be recorded.
async fn adopt_remote_id(
    conn: &mut sqlx::SqliteConnection,
    id: i64,
    participant_id: i64,
) -> Result<()> {
    let rows = Rows {
        table: "participants",
        server_id: "participant_id",
        scope: "workspace_local_id",
    };
    adopt_server_id(conn, Entity::Participant, &rows, id, participant_id).await?;
    Ok(())
}

/// `Store::complete_change` for a participant change the server has: an add records the server's
/// id, a removal drops the row. Runs inside that function's transaction.
async fn complete_participant_change(
    conn: &mut sqlx::SqliteConnection,
    op: ChangeOp,
    local: i64,
    created_remote_id: Option<i64>,
) -> Result<()> {
    match op {
        ChangeOp::Create => {
            if let Some(remote) = created_remote_id {
                adopt_remote_id(conn, local, remote).await?;
            }
        }
        ChangeOp::Delete => {
            sqlx::query("DELETE FROM participants WHERE id = ?")
                .bind(local)
                .execute(&mut *conn)
                .await?;
        }
        ChangeOp::Update => {}
    }
    Ok(())
}

/// `Store::discard_change` for a participant change ("Take theirs" / Discard): an add the server
/// never had disappears with the changes queued behind it, a removal is undone, a role change goes
/// back to the role it was based on (kept in `base_last_updated`; the next pull brings the server's).
/// Runs inside that function's transaction.
async fn discard_participant_change(
    conn: &mut sqlx::SqliteConnection,
    op: ChangeOp,
    local: i64,
    change_id: i64,
    base_role: Option<&str>,
) -> Result<()> {
    match op {
        ChangeOp::Create => {
            let gone =
                sqlx::query("DELETE FROM participants WHERE id = ? AND participant_id IS NULL")
                    .bind(local)
                    .execute(&mut *conn)
                    .await?;
            if gone.rows_affected() > 0 {
                forget_changes(conn, Entity::Participant, local, Some(change_id)).await?;
            }
        }
        ChangeOp::Delete => {
            sqlx::query("UPDATE participants SET deleted = 0 WHERE id = ?")
                .bind(local)
                .execute(&mut *conn)
                .await?;
        }
        ChangeOp::Update => {
            if let Some(role) = base_role {
                sqlx::query("UPDATE participants SET role = ? WHERE id = ?")
                    .bind(role)
                    .bind(local)
                    .execute(&mut *conn)
                    .await?;
            }
        }
    }
    Ok(())
}

/// How the store ends a participant's queued changes (the entity table in `change.rs`).
pub(crate) struct ParticipantChanges;

impl StoredEntity for ParticipantChanges {
    async fn complete(
        conn: &mut sqlx::SqliteConnection,
        row: &OutboxRow,
        created_remote_id: Option<i64>,
        _last_updated: Option<&str>,
    ) -> Result<()> {
        match row.local_id {
            Some(local) => {
                complete_participant_change(conn, row.op, local, created_remote_id).await
            }
            None => Ok(()),
        }
    }

    async fn discard(conn: &mut sqlx::SqliteConnection, row: &OutboxRow) -> Result<()> {
        match row.local_id {
            Some(local) => {
                let base_role = row.base_last_updated.as_deref();
                discard_participant_change(conn, row.op, local, row.id, base_role).await
            }
            None => Ok(()),
        }
    }
}
