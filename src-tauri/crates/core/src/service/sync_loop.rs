//! Syncs: one account at a time (push, then pull), in the background after a local change, and the
//! loop that keeps every account fresh while the app runs; the workspace on screen is pulled first.

use std::collections::HashMap;
use std::sync::Arc;

use super::Towerdesk;
use crate::error::{AppError, CoreError, ErrorKind, Result};
use crate::sync;

impl Towerdesk {
    /// Pushes the account's queued changes, then pulls. One sync per account at a time: a second
    /// call waits for the running one and then syncs again.
    pub async fn sync_account(self: &Arc<Self>, account_id: i64) -> Result<(), AppError> {
        let lock = account_lock(&self.sync_locks, account_id)?;
        let _guard = lock.lock().await;
        let store = self.store()?.clone();
        let row = store.account_row(account_id).await?;
        let client = self.client(&row).await?;
        self.update_live(account_id, |l| {
            l.syncing = true;
            l.progress = None;
            l.counting_since = None;
        });
        self.status_changed(account_id);
        let observer = self.sync_observer(account_id);
        let focus = || self.focused_workspace(account_id);
        let freshness = || self.freshness();
        let cx = sync::SyncContext {
            store: &store,
            client: &client,
            account: &row,
            progress: &observer,
            focus: &focus,
            freshness: &freshness,
        };
        let pushed = {
            let push_lock = account_lock(&self.push_locks, account_id)?;
            let _pushing = push_lock.lock().await;
            sync::push(&cx).await
        };
        let result = match pushed {
            Ok(()) => sync::pull(&cx).await,
            Err(e) => Err(e),
        };
        self.requests_sent
            .fetch_add(client.requests_sent(), std::sync::atomic::Ordering::Relaxed);
        self.update_live(account_id, |l| {
            l.syncing = false;
            l.progress = None;
        });
        let result = result.map_err(|e| self.note_sync_error(account_id, e));
        // A refused token pauses the account (a pull's 401 too, not only a push's), and says so
        // once, when it goes from working to refused.
        if let Err(e) = &result
            && e.kind == ErrorKind::AuthExpired
        {
            store.set_token_expired(account_id, true).await?;
            if !row.token_expired {
                let (title, body) =
                    crate::status::token_expired_words(&row.user_name, &row.server_url);
                self.events.send(crate::events::CoreEvent::TokenExpired {
                    account_id,
                    title,
                    body,
                });
            }
        }
        let recorded = match &result {
            Ok(()) => {
                self.update_live(account_id, |l| l.reachable = Some(true));
                store.set_account_synced(account_id, None).await
            }
            Err(e) => store.set_account_synced(account_id, Some(&e.message)).await,
        };
        // Ended, recorded or not: the window reads the status again either way.
        self.status_changed(account_id);
        recorded?;
        if result.is_ok() {
            self.announce_finished_launches(account_id).await?;
            self.announce_budget_crossings(
                account_id,
                &jiff::tz::TimeZone::system(),
                chrono::Utc::now(),
            )
            .await?;
        }
        result
    }

    /// Sends the account's queued changes now, without the pull of a sync: what a launch does so
    /// that it waits at most for another push, not for a sync's whole pull.
    pub(super) async fn send_now(self: &Arc<Self>, account_id: i64) -> Result<(), AppError> {
        let store = self.store()?.clone();
        let row = store.account_row(account_id).await?;
        let client = self.client(&row).await?;
        let push_lock = account_lock(&self.push_locks, account_id)?;
        let _pushing = push_lock.lock().await;
        let pushed = sync::push_account(&store, &client, &row, sync::PUSH_PATIENCE).await;
        self.requests_sent
            .fetch_add(client.requests_sent(), std::sync::atomic::Ordering::Relaxed);
        self.status_changed(account_id);
        match pushed {
            Ok(_) => {
                self.update_live(account_id, |l| l.reachable = Some(true));
                Ok(())
            }
            Err(e) => Err(self.note_sync_error(account_id, e)),
        }
    }

    fn note_sync_error(&self, account_id: i64, e: CoreError) -> AppError {
        let e = AppError::from(e);
        if e.kind == ErrorKind::Offline {
            self.update_live(account_id, |l| l.reachable = Some(false));
        }
        e
    }

    /// After a local change: sync in the background when this run does that (the app).
    pub(super) fn after_change(self: &Arc<Self>, account_id: i64) {
        if self.auto_sync {
            self.spawn_sync(account_id);
        }
    }

    /// Keeps every account fresh while the app runs: a sync of each account at start and then every
    /// `every`, and sooner (every `every / 10`, at least 5 s) for an account with changes waiting, so
    /// work queued offline goes out soon after the server is back.
    pub fn start_background_sync(self: &Arc<Self>, every: std::time::Duration) {
        let this = Arc::clone(self);
        let tick = (every / 10).max(std::time::Duration::from_secs(5));
        tokio::spawn(async move {
            let mut last_full: HashMap<i64, tokio::time::Instant> = HashMap::new();
            loop {
                let Ok(store) = this.store() else { return };
                let rows = store.account_rows().await.unwrap_or_default();
                for row in rows.iter().filter(|r| !r.token_expired) {
                    let waiting = store
                        .change_counts(row.id)
                        .await
                        .map(|c| c.waiting)
                        .unwrap_or(0);
                    let due = last_full.get(&row.id).is_none_or(|t| t.elapsed() >= every);
                    if due || waiting > 0 {
                        last_full.insert(row.id, tokio::time::Instant::now());
                        if let Err(e) = this.sync_account(row.id).await {
                            tracing::info!(account_id = row.id, kind = ?e.kind, "background sync: {}", e.message);
                        }
                    }
                }
                tokio::time::sleep(tick).await;
            }
        });
    }

    /// Starts a sync in the background (after a local change, or after adding an account).
    pub fn spawn_sync(self: &Arc<Self>, account_id: i64) {
        let this = Arc::clone(self);
        tokio::spawn(async move {
            if let Err(e) = this.sync_account(account_id).await {
                tracing::warn!(account_id, kind = ?e.kind, "background sync failed: {}", e.message);
            }
        });
    }

    /// Notes the workspace the window shows, so the next pull of its account brings it first.
    pub async fn focus_workspace(&self, workspace: i64) -> Result<(), AppError> {
        let ws = self.store()?.workspace(workspace).await?;
        if let Ok(mut f) = self.focus.lock() {
            f.insert(ws.account_id, ws.id);
        }
        Ok(())
    }

    pub(crate) fn focused_workspace(&self, account_id: i64) -> Option<i64> {
        self.focus
            .lock()
            .ok()
            .and_then(|f| f.get(&account_id).copied())
    }
}

/// The lock of one account in a map of them (created on first use).
fn account_lock(
    locks: &std::sync::Mutex<HashMap<i64, Arc<tokio::sync::Mutex<()>>>>,
    account_id: i64,
) -> Result<Arc<tokio::sync::Mutex<()>>, AppError> {
    let mut locks = locks
        .lock()
        .map_err(|_| AppError::new(ErrorKind::Internal, "sync lock poisoned"))?;
    Ok(locks.entry(account_id).or_default().clone())
}
