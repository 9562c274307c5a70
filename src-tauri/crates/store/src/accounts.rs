use crate::{
    Account, AccountKind, AccountRow, OrgRecord, Organization, Result, Store, StoreError, now,
};

const ACCOUNT_COLUMNS: &str =
    "id, server_url, user_id, user_name, email, label, kind, token_expired, last_sync, last_error";

impl Store {
    /// Adds an account, or refreshes the one already kept for this server and user.
    pub async fn upsert_account(
        &self,
        server_url: &str,
        user_id: i64,
        user_name: &str,
        email: Option<&str>,
        label: &str,
        kind: AccountKind,
    ) -> Result<AccountRow> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO accounts (server_url, user_id, user_name, email, label, kind, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (server_url, user_id) DO UPDATE SET
                user_name = excluded.user_name, email = excluded.email, label = excluded.label,
                kind = excluded.kind, token_expired = 0
             RETURNING id",
        )
        .bind(server_url)
        .bind(user_id)
        .bind(user_name)
        .bind(email)
        .bind(label)
        .bind(kind)
        .bind(now())
        .fetch_one(self.pool())
        .await?;
        self.account_row(id).await
    }

    pub async fn account_rows(&self) -> Result<Vec<AccountRow>> {
        Ok(sqlx::query_as(crate::sql(format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts ORDER BY kind = 'demo', id"
        )))
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn accounts(&self) -> Result<Vec<Account>> {
        Ok(self
            .account_rows()
            .await?
            .iter()
            .map(AccountRow::account)
            .collect())
    }

    pub async fn account_row(&self, id: i64) -> Result<AccountRow> {
        sqlx::query_as(crate::sql(format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = ?"
        )))
        .bind(id)
        .fetch_optional(self.pool())
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("account {id}")))
    }

    /// Removes an account and, through foreign keys, everything kept for it (queued changes included).
    pub async fn delete_account(&self, id: i64) -> Result<()> {
        let done = sqlx::query("DELETE FROM accounts WHERE id = ?")
            .bind(id)
            .execute(self.pool())
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("account {id}")));
        }
        Ok(())
    }

    pub async fn set_account_synced(&self, id: i64, error: Option<&str>) -> Result<()> {
        if let Some(error) = error {
            sqlx::query("UPDATE accounts SET last_error = ? WHERE id = ?")
                .bind(error)
                .bind(id)
                .execute(self.pool())
                .await?;
        } else {
            sqlx::query("UPDATE accounts SET last_sync = ?, last_error = NULL WHERE id = ?")
                .bind(now())
                .bind(id)
                .execute(self.pool())
                .await?;
        }
        Ok(())
    }

    pub async fn set_token_expired(&self, id: i64, expired: bool) -> Result<()> {
        sqlx::query("UPDATE accounts SET token_expired = ? WHERE id = ?")
            .bind(expired)
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// The next sync generation for a listing: rows a completed listing did not touch keep an older one.
    pub(crate) async fn next_gen(&self, table: &str, scope_sql: &str, scope: i64) -> Result<i64> {
        let v: i64 = sqlx::query_scalar(crate::sql(format!(
            "SELECT COALESCE(MAX(sync_gen), 0) + 1 FROM {table} WHERE {scope_sql}"
        )))
        .bind(scope)
        .fetch_one(self.pool())
        .await?;
        Ok(v)
    }

    pub async fn begin_org_listing(&self, account_id: i64) -> Result<i64> {
        self.next_gen("organizations", "account_id = ?", account_id)
            .await
    }

    /// Writes one page of organizations in one transaction.
    pub async fn upsert_organizations(
        &self,
        account_id: i64,
        generation: i64,
        orgs: &[OrgRecord],
    ) -> Result<()> {
        let mut tx = self.write().await?;
        for o in orgs {
            sqlx::query(
                "INSERT INTO organizations (account_id, org_id, name, full_name, description, logo_url, role, sync_gen)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                 ON CONFLICT (account_id, org_id) DO UPDATE SET
                    name = excluded.name, full_name = excluded.full_name, description = excluded.description,
                    logo_url = excluded.logo_url, role = COALESCE(excluded.role, organizations.role),
                    sync_gen = excluded.sync_gen, deleted = 0",
            )
            .bind(account_id)
            .bind(o.org_id)
            .bind(&o.name)
            .bind(&o.full_name)
            .bind(&o.description)
            .bind(&o.logo_url)
            .bind(&o.role)
            .bind(generation)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// After a completed listing: organizations it did not return are marked deleted.
    pub async fn finish_org_listing(&self, account_id: i64, generation: i64) -> Result<u64> {
        let done = sqlx::query(
            "UPDATE organizations SET deleted = 1 WHERE account_id = ? AND sync_gen < ? AND deleted = 0",
        )
        .bind(account_id)
        .bind(generation)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected())
    }

    pub async fn organizations(&self, account_id: i64) -> Result<Vec<Organization>> {
        Ok(sqlx::query_as(
            "SELECT o.id, o.account_id, o.org_id, o.name, o.full_name, o.description, o.role,
                    (SELECT COUNT(*) FROM workspaces w
                      WHERE w.account_id = o.account_id AND w.org_id = o.org_id AND w.deleted = 0) AS workspace_count
             FROM organizations o WHERE o.account_id = ? AND o.deleted = 0 ORDER BY o.name COLLATE NOCASE",
        )
        .bind(account_id)
        .fetch_all(self.pool())
        .await?)
    }
}
