//! Sync cursors: when a listing last completed, per account and scope (`workspace:12`,
//! `runs:12`, ...), so a resync can leave alone what it fetched a moment ago.

use crate::{Result, Store, now};

impl Store {
    /// When the listing `scope` last completed (RFC 3339), if ever.
    pub async fn cursor(&self, account_id: i64, scope: &str) -> Result<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT completed_at FROM sync_cursors WHERE account_id = ? AND scope = ?",
        )
        .bind(account_id)
        .bind(scope)
        .fetch_optional(self.pool())
        .await?)
    }

    /// Records that the listing `scope` completed now, with how many items it returned.
    pub async fn set_cursor(&self, account_id: i64, scope: &str, item_count: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO sync_cursors (account_id, scope, completed_at, item_count) VALUES (?, ?, ?, ?)
             ON CONFLICT (account_id, scope) DO UPDATE SET
                completed_at = excluded.completed_at, item_count = excluded.item_count",
        )
        .bind(account_id)
        .bind(scope)
        .bind(now())
        .bind(item_count)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Forgets every cursor of an account: the next sync fetches everything again.
    pub async fn clear_cursors(&self, account_id: i64) -> Result<()> {
        sqlx::query("DELETE FROM sync_cursors WHERE account_id = ?")
            .bind(account_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
