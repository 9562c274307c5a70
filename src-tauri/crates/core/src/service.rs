//! `Towerdesk`: the one service the window's commands and the CLI call. Reads come from the local
//! store only; writes go to the store and the outbox in one transaction, then a push is started.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use towerdesk_platform_api::{PlatformClient, RateLimiter};
use towerdesk_store::{
    Account, AccountKind, AccountRow, ChangeItem, ComputeEnv, NewChange, Organization, Participant,
    Pipeline, PipelinesFrom, Run, Store, Workspace, WorkspaceInput,
};

use crate::credits::{self, CreditRates, CreditsDashboard};
use crate::demo::{DemoHandle, DemoServer};
use crate::error::{AppError, CoreError, ErrorKind, Result};
use crate::rules::{self, FieldError};
use crate::secrets::{TokenVault, entry_name};
use crate::status::{self, AccountStatus, AppState, LiveStatus, StoreInfo, SyncProgress};
use crate::sync;

mod labels;
mod participants;
pub use participants::ParticipantCandidate;

/// The server URL recorded for the built-in demo: its server gets a new port every run.
pub const DEMO_SERVER_URL: &str = "towerdesk-demo";
pub const SEQERA_CLOUD_URL: &str = "https://api.cloud.seqera.io";

#[derive(Debug, Clone)]
pub struct Options {
    /// The server "Open the demo" starts, handed in by the app and the CLI (None: this build has
    /// no demo, and opening it says so).
    pub demo: Option<Arc<dyn DemoServer>>,
    pub data_dir: PathBuf,
    pub profile: String,
    /// Where tokens of added accounts are kept: the OS keyring in the app and CLI.
    pub vault: TokenVault,
    /// Start a sync in the background after each local change (the app). The CLI syncs itself
    /// before it exits instead, so no request is left half way.
    pub auto_sync: bool,
}

impl Options {
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        Self {
            demo: None,
            data_dir: data_dir.into(),
            profile: "default".into(),
            vault: TokenVault::Keyring,
            auto_sync: true,
        }
    }
}

#[cfg(test)]
impl Options {
    /// A run for unit tests: tokens in memory only, no background sync.
    pub(crate) fn for_tests(data_dir: &Path) -> Self {
        Self {
            vault: TokenVault::memory(),
            auto_sync: false,
            ..Self::new(data_dir)
        }
    }
}

pub struct Towerdesk {
    store: std::result::Result<Store, AppError>,
    data_dir: PathBuf,
    vault: TokenVault,
    auto_sync: bool,
    /// Tokens used for this run only (from the environment, or the demo's): never saved.
    session_tokens: TokenVault,
    live: Mutex<HashMap<i64, LiveStatus>>,
    sync_locks: Mutex<HashMap<i64, Arc<tokio::sync::Mutex<()>>>>,
    /// The workspace (local id) the window shows, per account: a pull takes it first.
    focus: Mutex<HashMap<i64, i64>>,
    demo: Option<Arc<dyn DemoServer>>,
    /// The demo server of this run, once started.
    running_demo: tokio::sync::Mutex<Option<DemoHandle>>,
    /// One pace per account, shared by every client made for it, so consecutive syncs together
    /// stay under the Platform's 20 requests per second per token.
    limiters: Mutex<HashMap<i64, RateLimiter>>,
    /// Whole-request timeout of the clients (`TOWERDESK_HTTP_TIMEOUT_MS`, else the client's default).
    request_timeout: Mutex<Option<std::time::Duration>>,
    /// Requests per second per account (None: the Platform's documented 20).
    requests_per_second: Mutex<Option<f64>>,
    /// Requests sent by the syncs of this run (for the soak test and diagnostics).
    requests_sent: std::sync::atomic::AtomicU64,
    /// What a pull may leave as it is (see [`sync::Freshness`]).
    freshness: Mutex<sync::Freshness>,
}

impl std::fmt::Debug for Towerdesk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Towerdesk")
            .field("data_dir", &self.data_dir)
            .finish_non_exhaustive()
    }
}

impl Towerdesk {
    /// Opens the profile's database. Never fails: a database that cannot be opened is reported by
    /// [`Towerdesk::app_state`] so the window can say why.
    pub async fn open(options: Options) -> Arc<Self> {
        let path = towerdesk_store::database_path(&options.data_dir, &options.profile);
        let store = Store::open(&path)
            .await
            .map_err(|e| AppError::from(CoreError::from(e)));
        if let Err(e) = &store {
            tracing::error!(kind = ?e.kind, "local database unavailable: {}", e.message);
        }
        Arc::new(Self {
            store,
            data_dir: options.data_dir,
            vault: options.vault,
            auto_sync: options.auto_sync,
            session_tokens: TokenVault::memory(),
            live: Mutex::new(HashMap::new()),
            sync_locks: Mutex::new(HashMap::new()),
            focus: Mutex::new(HashMap::new()),
            demo: options.demo,
            running_demo: tokio::sync::Mutex::new(None),
            limiters: Mutex::new(HashMap::new()),
            request_timeout: Mutex::new(
                std::env::var("TOWERDESK_HTTP_TIMEOUT_MS")
                    .ok()
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .filter(|ms| *ms > 0)
                    .map(std::time::Duration::from_millis),
            ),
            requests_sent: std::sync::atomic::AtomicU64::new(0),
            requests_per_second: Mutex::new(None),
            freshness: Mutex::new(sync::Freshness::DEFAULT),
        })
    }

    /// What the syncs from now on may leave as it is: [`sync::Freshness::DEFAULT`] unless set
    /// (`towerdesk-cli sync --full` sets [`sync::Freshness::ALWAYS`]).
    pub fn set_freshness(&self, freshness: sync::Freshness) {
        if let Ok(mut f) = self.freshness.lock() {
            *f = freshness;
        }
    }

    pub(crate) fn freshness(&self) -> sync::Freshness {
        self.freshness
            .lock()
            .map(|f| *f)
            .unwrap_or(sync::Freshness::DEFAULT)
    }

    /// Paces the clients made from now on at `per_second` requests per account (None: the
    /// Platform's documented 20 per second; tests against the local emulator go faster).
    pub fn set_requests_per_second(&self, per_second: Option<f64>) {
        if let Ok(mut r) = self.requests_per_second.lock() {
            *r = per_second;
        }
        if let Ok(mut limiters) = self.limiters.lock() {
            limiters.clear();
        }
    }

    /// Sets the whole-request timeout of the clients made from now on (None: the client's default).
    pub fn set_request_timeout(&self, timeout: Option<std::time::Duration>) {
        if let Ok(mut t) = self.request_timeout.lock() {
            *t = timeout;
        }
    }

    /// How many HTTP requests the syncs of this run have sent.
    pub fn requests_sent(&self) -> u64 {
        self.requests_sent
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn store(&self) -> Result<&Store, AppError> {
        self.store.as_ref().map_err(Clone::clone)
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    // ---- status ----

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

    pub(crate) fn progress(
        &self,
        account_id: i64,
        what: impl Into<String>,
        done: i64,
        total: Option<i64>,
    ) {
        let what = what.into();
        tracing::debug!(account_id, %what, done, ?total, "sync progress");
        self.update_live(account_id, |l| {
            l.progress = Some(SyncProgress { what, done, total })
        });
    }

    // ---- accounts ----

    /// Starts (once per run) the built-in demo server and returns its account, syncing it.
    pub async fn open_demo(self: &Arc<Self>) -> Result<Account, AppError> {
        let store = self.store()?;
        let (base_url, token) = self.demo_server().await?;
        let client = PlatformClient::new(&base_url, &token)?;
        let user = client.user_info().await?;
        let user = user
            .user
            .ok_or_else(|| AppError::new(ErrorKind::Server, "The demo server sent no user."))?;
        let name = user.user_name.clone().unwrap_or_else(|| "demo".into());
        let row = store
            .upsert_account(
                DEMO_SERVER_URL,
                user.id.unwrap_or(0),
                &name,
                user.email.as_deref(),
                "Demo",
                AccountKind::Demo,
            )
            .await?;
        store.ensure_personal_workspace(row.id, &name).await?;
        self.sync_account(row.id).await?;
        Ok(row.account())
    }

    /// The demo server's base URL and token, started on first use.
    async fn demo_server(&self) -> Result<(String, String), AppError> {
        let mut running = self.running_demo.lock().await;
        if let Some(handle) = running.as_ref() {
            return Ok((handle.base_url().to_string(), handle.token().to_string()));
        }
        let Some(demo) = &self.demo else {
            return Err(AppError::new(
                ErrorKind::Internal,
                "The demo is not available in this build of Towerdesk.",
            ));
        };
        // The demo server remembers what the user did in it, like a real one would.
        let handle = demo
            .start(&self.data_dir.join("demo-platform.json"))
            .await
            .map_err(|e| {
                AppError::new(
                    ErrorKind::Internal,
                    format!("The demo server could not start: {e}"),
                )
            })?;
        let server = (handle.base_url().to_string(), handle.token().to_string());
        *running = Some(handle);
        Ok(server)
    }

    /// Checks the token with `/user-info`, keeps it in the OS keyring, records the account and syncs it.
    pub async fn add_account(
        self: &Arc<Self>,
        server_url: &str,
        token: &str,
    ) -> Result<Account, AppError> {
        let row = self
            .register_account(server_url, token, AccountKind::Keyring)
            .await?;
        self.after_change(row.id);
        Ok(row.account())
    }

    /// Uses a token from `TOWER_ACCESS_TOKEN` for this run: the account's data is kept like any
    /// other, the token is not.
    pub async fn use_environment_token(
        self: &Arc<Self>,
        server_url: &str,
        token: &str,
    ) -> Result<Account, AppError> {
        Ok(self
            .register_account(server_url, token, AccountKind::Environment)
            .await?
            .account())
    }

    async fn register_account(
        &self,
        server_url: &str,
        token: &str,
        kind: AccountKind,
    ) -> Result<AccountRow, AppError> {
        let store = self.store()?;
        let token = token.trim();
        if token.is_empty() {
            return Err(AppError::new(
                ErrorKind::Validation,
                "Enter an access token.",
            ));
        }
        let server_url = normalize_server_url(server_url)?;
        let client = PlatformClient::new(&server_url, token)?;
        let info = client.user_info().await?;
        let user = info.user.ok_or_else(|| {
            AppError::new(ErrorKind::Server, "The server sent no user for this token.")
        })?;
        let user_id = user.id.ok_or_else(|| {
            AppError::new(ErrorKind::Server, "The server sent a user without an id.")
        })?;
        let name = user
            .user_name
            .clone()
            .unwrap_or_else(|| format!("user {user_id}"));
        let entry = entry_name(&server_url, &name);
        match kind {
            AccountKind::Keyring => self.vault.save(&entry, token)?,
            _ => self.session_tokens.save(&entry, token)?,
        }
        let row = store
            .upsert_account(
                &server_url,
                user_id,
                &name,
                user.email.as_deref(),
                &server_label(&server_url),
                kind,
            )
            .await?;
        store.set_token_expired(row.id, false).await?;
        store.ensure_personal_workspace(row.id, &name).await?;
        self.update_live(row.id, |l| l.reachable = Some(true));
        Ok(row)
    }

    /// Removes the account's keyring entry and everything kept for it locally.
    pub async fn remove_account(&self, account_id: i64) -> Result<(), AppError> {
        let store = self.store()?;
        let row = store.account_row(account_id).await?;
        if row.kind == AccountKind::Keyring {
            self.vault
                .delete(&entry_name(&row.server_url, &row.user_name))?;
        }
        store.delete_account(account_id).await?;
        Ok(())
    }

    /// A client for the account, or why there is none (no token, keyring unavailable).
    pub async fn client(&self, row: &AccountRow) -> Result<PlatformClient, AppError> {
        let (url, token) = match row.kind {
            AccountKind::Demo => {
                let (url, token) = self.demo_server().await?;
                (url, Some(token))
            }
            AccountKind::Environment => (
                row.server_url.clone(),
                self.session_tokens
                    .load(&entry_name(&row.server_url, &row.user_name))?,
            ),
            AccountKind::Keyring => {
                let entry = entry_name(&row.server_url, &row.user_name);
                let token = match self.session_tokens.load(&entry)? {
                    Some(t) => Some(t),
                    None => self.vault.load(&entry)?,
                };
                (row.server_url.clone(), token)
            }
        };
        let token = token.ok_or_else(|| {
            AppError::new(
                ErrorKind::AuthExpired,
                format!(
                    "No access token is available for {} on {}. Add the token again.",
                    row.user_name, row.label
                ),
            )
        })?;
        let mut client = PlatformClient::new(&url, token)?;
        if let Ok(mut limiters) = self.limiters.lock() {
            let rate = self.requests_per_second.lock().ok().and_then(|r| *r);
            let limiter = limiters.entry(row.id).or_insert_with(|| match rate {
                Some(r) => RateLimiter::new(r),
                None => client.rate_limiter().clone(),
            });
            client = client.with_rate_limiter(limiter.clone());
        }
        if let Some(t) = self.request_timeout.lock().ok().and_then(|t| *t) {
            client = client.with_request_timeout(t);
        }
        Ok(client)
    }

    // ---- sync ----

    /// Pushes the account's queued changes, then pulls. One sync per account at a time: a second
    /// call waits for the running one and then syncs again.
    pub async fn sync_account(self: &Arc<Self>, account_id: i64) -> Result<(), AppError> {
        let lock = {
            let mut locks = self
                .sync_locks
                .lock()
                .map_err(|_| AppError::new(ErrorKind::Internal, "sync lock poisoned"))?;
            locks.entry(account_id).or_default().clone()
        };
        let _guard = lock.lock().await;
        let store = self.store()?.clone();
        let row = store.account_row(account_id).await?;
        let client = self.client(&row).await?;
        self.update_live(account_id, |l| {
            l.syncing = true;
            l.progress = None;
        });
        let result = sync::sync_account(self, &store, &client, &row).await;
        self.requests_sent
            .fetch_add(client.requests_sent(), std::sync::atomic::Ordering::Relaxed);
        self.update_live(account_id, |l| {
            l.syncing = false;
            l.progress = None;
        });
        let result = result.map_err(|e| self.note_sync_error(account_id, e));
        match &result {
            Ok(()) => {
                store.set_account_synced(account_id, None).await?;
                self.update_live(account_id, |l| l.reachable = Some(true));
            }
            Err(e) => {
                store
                    .set_account_synced(account_id, Some(&e.message))
                    .await?;
            }
        }
        result
    }

    fn note_sync_error(&self, account_id: i64, e: CoreError) -> AppError {
        let e = AppError::from(e);
        if e.kind == ErrorKind::Offline {
            self.update_live(account_id, |l| l.reachable = Some(false));
        }
        e
    }

    /// After a local change: sync in the background when this run does that (the app).
    fn after_change(self: &Arc<Self>, account_id: i64) {
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

    // ---- reads (local store only) ----

    pub async fn organizations(&self, account_id: i64) -> Result<Vec<Organization>, AppError> {
        self.store()?
            .organizations(account_id)
            .await
            .map_err(AppError::from)
    }

    pub async fn workspaces(
        &self,
        account_id: i64,
        org_id: Option<i64>,
    ) -> Result<Vec<Workspace>, AppError> {
        self.store()?
            .workspaces(account_id, org_id)
            .await
            .map_err(AppError::from)
    }

    pub async fn pipelines(
        &self,
        workspace: i64,
        from: PipelinesFrom,
        search: Option<&str>,
    ) -> Result<Vec<Pipeline>, AppError> {
        self.store()?
            .pipelines(workspace, from, search)
            .await
            .map_err(AppError::from)
    }

    pub async fn runs(&self, workspace: i64) -> Result<Vec<Run>, AppError> {
        self.store()?
            .runs(workspace, 500)
            .await
            .map_err(AppError::from)
    }

    pub async fn participants(&self, workspace: i64) -> Result<Vec<Participant>, AppError> {
        self.store()?
            .participants(workspace)
            .await
            .map_err(AppError::from)
    }

    pub async fn compute_envs(&self, workspace: i64) -> Result<Vec<ComputeEnv>, AppError> {
        self.store()?
            .compute_envs(workspace)
            .await
            .map_err(AppError::from)
    }

    pub async fn credits(&self, account_id: Option<i64>) -> Result<CreditsDashboard, AppError> {
        let rows = self.store()?.spend(account_id).await?;
        Ok(credits::dashboard(&rows, CreditRates::PLATFORM))
    }

    pub async fn changes(&self, account_id: Option<i64>) -> Result<Vec<ChangeItem>, AppError> {
        let mut items = self.store()?.changes(account_id).await?;
        for c in &mut items {
            c.editable = c.entity == "workspace"
                && c.local_id.is_some()
                && sync::decide::Op::parse(&c.op)
                    .is_some_and(|op| sync::decide::may_edit(op, c.state, c.attempts).is_ok());
        }
        Ok(items)
    }

    /// The Changes panel's Edit: new fields for a queued workspace create or edit (one that was
    /// rejected, say for a name taken meanwhile). Checked like a new edit; the change goes back in
    /// the queue with them.
    pub async fn edit_workspace_change(
        self: &Arc<Self>,
        change: i64,
        input: WorkspaceInput,
    ) -> Result<Workspace, AppError> {
        let input = tidy(input);
        let store = self.store()?;
        let row = store.outbox_row(change).await?;
        let op = sync::decide::Op::parse(&row.op);
        let (Some(op), "workspace", Some(local)) = (op, row.entity.as_str(), row.local_id) else {
            return Err(AppError::new(
                ErrorKind::Validation,
                "Only a queued change of a workspace can be edited here.",
            ));
        };
        sync::decide::may_edit(op, row.state, row.attempts)
            .map_err(|why| AppError::new(ErrorKind::Validation, why))?;
        let queued: serde_json::Value = serde_json::from_str(&row.payload).map_err(|e| {
            AppError::new(
                ErrorKind::Internal,
                format!("The queued change could not be read: {e}"),
            )
        })?;
        let org_id = queued["orgId"].as_i64().ok_or_else(|| {
            AppError::new(
                ErrorKind::Internal,
                "The queued change names no organization.",
            )
        })?;
        self.refuse_invalid(row.account_id, org_id, &input, Some(local))
            .await?;
        let op = if op == sync::decide::Op::Create {
            "create"
        } else {
            "update"
        };
        let edited = sync::workspace_change(
            op,
            org_id,
            &input,
            queued["workspaceId"].as_i64(),
            row.base_last_updated.clone(),
        );
        store.edit_workspace_change(change, &input, &edited).await?;
        self.after_change(row.account_id);
        store.workspace(local).await.map_err(AppError::from)
    }

    // ---- writes (store + outbox, then a push) ----

    pub async fn check_workspace_input(
        &self,
        account_id: i64,
        org_id: i64,
        input: &WorkspaceInput,
        workspace: Option<i64>,
    ) -> Result<Vec<FieldError>, AppError> {
        let taken = self
            .store()?
            .workspace_name_taken(account_id, org_id, input.name.trim(), workspace)
            .await?;
        Ok(rules::check_workspace_input(input, taken))
    }

    pub async fn create_workspace(
        self: &Arc<Self>,
        account_id: i64,
        org_id: i64,
        input: WorkspaceInput,
    ) -> Result<Workspace, AppError> {
        let input = tidy(input);
        let store = self.store()?;
        let orgs = store.organizations(account_id).await?;
        let org = orgs.iter().find(|o| o.org_id == org_id).ok_or_else(|| {
            AppError::new(
                ErrorKind::NotFound,
                "That organization is not known here. Sync and try again.",
            )
        })?;
        if !rules::may_add_workspace(org.role.as_deref()) {
            return Err(AppError::new(
                ErrorKind::Forbidden,
                format!("Only owners of {} can add workspaces.", org.name),
            ));
        }
        self.refuse_invalid(account_id, org_id, &input, None)
            .await?;
        let change = sync::workspace_change("create", org_id, &input, None, None);
        let ws = store
            .create_workspace_local(account_id, org_id, &input, &change)
            .await?;
        self.after_change(account_id);
        Ok(ws)
    }

    pub async fn update_workspace(
        self: &Arc<Self>,
        workspace: i64,
        input: WorkspaceInput,
    ) -> Result<Workspace, AppError> {
        let input = tidy(input);
        let store = self.store()?;
        let current = store.workspace(workspace).await?;
        let org_id = self.admin_org(&current)?;
        self.refuse_invalid(current.account_id, org_id, &input, Some(workspace))
            .await?;
        let change = sync::workspace_change(
            "update",
            org_id,
            &input,
            current.workspace_id,
            current.last_updated.clone(),
        );
        let ws = store
            .update_workspace_local(workspace, &input, &change)
            .await?;
        self.after_change(current.account_id);
        Ok(ws)
    }

    pub async fn delete_workspace(self: &Arc<Self>, workspace: i64) -> Result<(), AppError> {
        let store = self.store()?;
        let current = store.workspace(workspace).await?;
        let org_id = self.admin_org(&current)?;
        if !rules::may_delete_workspace(current.role.as_deref()) {
            return Err(AppError::new(
                ErrorKind::Forbidden,
                format!(
                    "Only an owner of {} can delete it ({}).",
                    current.name,
                    rules::your_role(current.role.as_deref())
                ),
            ));
        }
        let change = NewChange {
            entity: "workspace",
            op: "delete",
            natural_key: Some(format!("{org_id}/{}", current.name)),
            payload: serde_json::json!({ "orgId": org_id, "workspaceId": current.workspace_id }),
            base_last_updated: current.last_updated.clone(),
            summary: format!("Delete workspace {}", current.name),
        };
        store.delete_workspace_local(workspace, &change).await?;
        self.after_change(current.account_id);
        Ok(())
    }

    fn admin_org(&self, ws: &Workspace) -> Result<i64, AppError> {
        let org_id = ws.org_id.ok_or_else(|| {
            AppError::new(
                ErrorKind::Validation,
                "The personal workspace cannot be edited or deleted.",
            )
        })?;
        if !rules::may_administer(ws.role.as_deref()) {
            return Err(AppError::new(
                ErrorKind::Forbidden,
                format!(
                    "Only owners and admins can edit or delete {} ({}).",
                    ws.name,
                    rules::your_role(ws.role.as_deref())
                ),
            ));
        }
        Ok(org_id)
    }

    async fn refuse_invalid(
        &self,
        account_id: i64,
        org_id: i64,
        input: &WorkspaceInput,
        ws: Option<i64>,
    ) -> Result<(), AppError> {
        let errors = self
            .check_workspace_input(account_id, org_id, input, ws)
            .await?;
        match errors.first() {
            Some(first) => Err(AppError::new(ErrorKind::Validation, first.message.clone())),
            None => Ok(()),
        }
    }

    pub async fn retry_change(self: &Arc<Self>, change: i64) -> Result<(), AppError> {
        let store = self.store()?;
        let row = store.outbox_row(change).await?;
        // "Keep mine" on a label or Studios settings conflict: based on the server's values now.
        if row.state == towerdesk_store::ChangeState::Conflict
            && matches!(row.entity.as_str(), "label" | "workspace_settings")
        {
            self.keep_mine_values(&row).await?;
            self.after_change(row.account_id);
            return Ok(());
        }
        // "Keep mine" on a conflict: base the change on the server's version the conflict was
        // about; for an edit of a workspace deleted on the server, create it again.
        let mut rebase = None;
        if let (towerdesk_store::ChangeState::Conflict, "workspace", Some(local)) =
            (row.state, row.entity.as_str(), row.local_id)
        {
            let account = store.account_row(row.account_id).await?;
            let ws = store.workspace(local).await?;
            if let (Some(org), Some(id)) = (ws.org_id, ws.workspace_id) {
                let client = self.client(&account).await?;
                match client.describe_workspace(org, id).await {
                    Ok(w) => rebase = w.last_updated.map(|t| t.to_rfc3339()),
                    Err(e) => {
                        let kind = e.kind();
                        let listed =
                            sync::push::listed_after_failed_lookup(&client, org, id, &kind).await;
                        let op =
                            sync::decide::Op::parse(&row.op).unwrap_or(sync::decide::Op::Update);
                        if op == sync::decide::Op::Update
                            && sync::decide::gone_on_lookup(op, 0, &kind, listed)
                        {
                            store.recreate_workspace_change(change).await?;
                            self.after_change(row.account_id);
                            return Ok(());
                        }
                        return Err(AppError::from(e));
                    }
                }
            }
        }
        if let (towerdesk_store::ChangeState::Conflict, "participant", Some(local)) =
            (row.state, row.entity.as_str(), row.local_id)
        {
            rebase = self.participant_server_role(row.account_id, local).await?;
        }
        store.retry_change(change, rebase.as_deref()).await?;
        self.after_change(row.account_id);
        Ok(())
    }

    pub async fn discard_change(&self, change: i64) -> Result<(), AppError> {
        self.store()?
            .discard_change(change)
            .await
            .map_err(AppError::from)
    }
}

fn tidy(input: WorkspaceInput) -> WorkspaceInput {
    WorkspaceInput {
        name: input.name.trim().to_string(),
        full_name: input.full_name.trim().to_string(),
        description: input
            .description
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty()),
        visibility: input.visibility,
    }
}

/// `https://api.cloud.seqera.io` for an empty field; no trailing slash; a scheme is required.
pub fn normalize_server_url(raw: &str) -> Result<String, AppError> {
    let raw = raw.trim().trim_end_matches('/');
    if raw.is_empty() {
        return Ok(SEQERA_CLOUD_URL.to_string());
    }
    let parsed = url::Url::parse(raw).map_err(|e| {
        AppError::new(
            ErrorKind::Validation,
            format!("'{raw}' is not a server URL ({e}). Use e.g. https://api.cloud.seqera.io or https://tower.example.com/api."),
        )
    })?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(AppError::new(
            ErrorKind::Validation,
            format!("'{raw}' is not an http(s) server URL. Use e.g. https://api.cloud.seqera.io."),
        ));
    }
    Ok(raw.to_string())
}

/// "Seqera Cloud" for the cloud API, else the host name.
pub fn server_label(server_url: &str) -> String {
    match url::Url::parse(server_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
    {
        Some(h) if h == "api.cloud.seqera.io" || h == "api.tower.nf" => "Seqera Cloud".into(),
        Some(h) => h,
        None => server_url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn without_a_demo_server_open_the_demo_says_this_build_has_none() {
        let dir = tempfile::tempdir().unwrap();
        let tower = Towerdesk::open(Options::for_tests(dir.path())).await;
        let err = tower.open_demo().await.unwrap_err();
        assert_eq!(err.kind, ErrorKind::Internal);
        assert!(err.message.contains("not available"), "{}", err.message);
    }

    #[tokio::test]
    async fn the_demo_server_handed_in_is_started_once_and_synced() {
        let dir = tempfile::tempdir().unwrap();
        let tower = Towerdesk::open(Options {
            demo: Some(Arc::new(crate::demo::EmulatorDemo)),
            ..Options::for_tests(dir.path())
        })
        .await;
        tower.set_requests_per_second(Some(1000.0));
        let account = tower.open_demo().await.unwrap();
        assert_eq!(account.server_url, DEMO_SERVER_URL);
        assert_eq!(account.kind, AccountKind::Demo);
        assert!(!tower.organizations(account.id).await.unwrap().is_empty());
        let first = tower.demo_server().await.unwrap();
        let again = tower.open_demo().await.unwrap();
        assert_eq!(again.id, account.id);
        assert_eq!(
            tower.demo_server().await.unwrap(),
            first,
            "one server per run"
        );
    }

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

    #[test]
    fn server_urls() {
        assert_eq!(normalize_server_url("").unwrap(), SEQERA_CLOUD_URL);
        assert_eq!(
            normalize_server_url(" https://tower.example.com/api/ ").unwrap(),
            "https://tower.example.com/api"
        );
        assert_eq!(
            normalize_server_url("tower.example.com").unwrap_err().kind,
            ErrorKind::Validation
        );
        assert_eq!(
            normalize_server_url("ftp://x").unwrap_err().kind,
            ErrorKind::Validation
        );
        assert_eq!(server_label("https://api.cloud.seqera.io"), "Seqera Cloud");
        assert_eq!(
            server_label("https://tower.example.com/api"),
            "tower.example.com"
        );
    }
}
