//! The window's status: the local database, and each account's connection, sync progress and
//! queued changes.

use towerdesk_store::AccountRow;

use super::Towerdesk;
use crate::error::{AppError, Result};
use crate::status::{self, AccountStatus, AppState, LiveStatus, StoreInfo, SyncProgress};

impl Towerdesk {
    pub async fn app_state(&self) -> Result<AppState, AppError> {
        let store = match &self.store {
            Ok(s) => s,
            Err(e) => {
                return Ok(AppState {
                    store: None,
                    store_error: Some(e.clone()),
                    accounts: Vec::new(),
                });
            }
        };
        let mut accounts = Vec::new();
        for row in store.account_rows().await? {
            accounts.push(self.account_status(&row).await?);
        }
        Ok(AppState {
            store: Some(StoreInfo {
                path: store.path().display().to_string(),
                schema_version: store.schema_version(),
            }),
            store_error: None,
            accounts,
        })
    }

    pub async fn account_status(&self, row: &AccountRow) -> Result<AccountStatus, AppError> {
        let counts = self.store()?.change_counts(row.id).await?;
        let live = self.live_status(row.id);
        Ok(AccountStatus {
            account: row.account(),
            connection: status::connection(row.token_expired, row.last_sync.as_deref(), &live),
            progress: live.progress.clone(),
            pending: counts.waiting,
            conflicts: counts.conflicts,
            rejected: counts.rejected,
            last_sync: row.last_sync.clone(),
            last_error: row.last_error.clone(),
        })
    }

    fn live_status(&self, account_id: i64) -> LiveStatus {
        self.live
            .lock()
            .map(|m| m.get(&account_id).cloned().unwrap_or_default())
            .unwrap_or_default()
    }

    pub(crate) fn update_live(&self, account_id: i64, f: impl FnOnce(&mut LiveStatus)) {
        if let Ok(mut m) = self.live.lock() {
            f(m.entry(account_id).or_default());
        }
    }

    /// Records what the running sync of the account is doing, with how long it has left
    /// ([`status::seconds_left`], timed from the first report with a total); returns it.
    pub(crate) fn progress(
        &self,
        account_id: i64,
        what: impl Into<String>,
        done: i64,
        total: Option<i64>,
    ) -> SyncProgress {
        let what = what.into();
        tracing::debug!(account_id, %what, done, ?total, "sync progress");
        let mut progress = SyncProgress {
            what,
            done,
            total,
            seconds_left: None,
        };
        self.update_live(account_id, |l| {
            if total.is_some() {
                let since = *l.counting_since.get_or_insert_with(std::time::Instant::now);
                progress.seconds_left = status::seconds_left(since.elapsed(), done, total);
            }
            l.progress = Some(progress.clone());
        });
        progress
    }
}

#[cfg(test)]
mod tests {
    use towerdesk_store::Store;

    use super::super::Options;
    use super::*;
    use crate::error::ErrorKind;
    use crate::secrets::TokenVault;

    #[tokio::test]
    async fn a_database_from_a_newer_towerdesk_is_reported_to_the_window_not_opened() {
        let dir = tempfile::tempdir().unwrap();
        let path = towerdesk_store::database_path(dir.path(), "default");
        {
            let store = Store::open(&path).await.unwrap();
            sqlx::query("INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (99990101000000, 'from the future', 1, x'00', 0)")
                .execute(store.pool())
                .await
                .unwrap();
            store.close().await;
        }
        let before = std::fs::read(&path).unwrap();
        let tower = Towerdesk::open(Options {
            vault: TokenVault::memory(),
            ..Options::new(dir.path())
        })
        .await;
        let state = tower.app_state().await.unwrap();
        assert!(state.store.is_none());
        let err = state.store_error.expect("the window is told why");
        assert_eq!(err.kind, ErrorKind::StoreTooNew);
        assert!(
            err.message.contains("newer version of Towerdesk"),
            "{}",
            err.message
        );
        // Every other command says the same instead of touching the file.
        assert_eq!(
            tower.workspaces(1, None).await.unwrap_err().kind,
            ErrorKind::StoreTooNew
        );
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "the file is left as it was"
        );
    }
}
