//! A workspace's pipeline actions (GitHub webhooks, Tower launch hooks, ...), as the last listing
//! (`GET /actions`, not paged) saw them. Read-only here: nothing is queued, so a listing simply
//! overwrites; a completed listing marks what it did not return as deleted
//! (`finish_listing(WorkspaceListing::Actions, ..)`), a refused or failed one deletes nothing.

use crate::{ActionRecord, Result, Store};

impl Store {
    /// Writes one listing of the workspace's actions (local id `ws`) with `generation`, in one
    /// transaction.
    pub async fn upsert_actions(
        &self,
        ws: i64,
        generation: i64,
        items: &[ActionRecord],
    ) -> Result<()> {
        let mut tx = self.write().await?;
        for a in items {
            sqlx::query(
                "INSERT INTO actions (workspace_local_id, action_id, name, pipeline, source, status,
                                      last_seen, date_created, sync_gen)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                 ON CONFLICT (workspace_local_id, action_id) DO UPDATE SET
                    name = excluded.name, pipeline = excluded.pipeline, source = excluded.source,
                    status = excluded.status, last_seen = excluded.last_seen,
                    date_created = excluded.date_created, sync_gen = excluded.sync_gen, deleted = 0",
            )
            .bind(ws)
            .bind(&a.id)
            .bind(&a.name)
            .bind(&a.pipeline)
            .bind(&a.source)
            .bind(&a.status)
            .bind(&a.last_seen)
            .bind(&a.date_created)
            .bind(generation)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The workspace's actions, by name (without case).
    pub async fn actions(&self, ws: i64) -> Result<Vec<ActionRecord>> {
        Ok(sqlx::query_as(
            "SELECT action_id AS id, name, pipeline, source, status, last_seen, date_created
             FROM actions WHERE workspace_local_id = ? AND deleted = 0
             ORDER BY name COLLATE NOCASE, action_id",
        )
        .bind(ws)
        .fetch_all(self.pool())
        .await?)
    }
}
