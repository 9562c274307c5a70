//! `Towerdesk`: the one service the window's commands and the CLI call. Reads come from the local
//! store only; writes go to the store and the outbox in one transaction, then a push is started.
//!
//! One module per feature, each adding its own `impl Towerdesk` block: `accounts`, `workspaces`,
//! `participants`, `labels` (labels and Studios settings), `launchpad`, `runs`, `credits`,
//! `changes`, `app` (the window's status), `sync_loop` (syncs and the background loop) and
//! `events` (what the service tells its observers after a write or a sync); `permissions` builds
//! the listed views with what the user may do in them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use towerdesk_platform_api::RateLimiter;
use towerdesk_store::Store;

use crate::demo::{DemoHandle, DemoServer};
use crate::error::{AppError, CoreError, Result};
use crate::events::Events;
use crate::secrets::TokenVault;
use crate::status::LiveStatus;
use crate::sync;

mod accounts;
mod actions;
mod app;
mod changes;
mod compute_envs;
mod credits;
mod events;
mod labels;
mod launch;
mod launchpad;
mod org_people;
mod participants;
mod permissions;
mod pipelines;
mod runs;
mod search;
mod sync_loop;
mod workspaces;
pub use credits::{BudgetView, CreditsReport, CreditsScope, LocatedRuns, WorkspaceCredits};
pub use launch::{LaunchForm, LaunchOutcome, LaunchState, check_run_params};
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
    /// Held while an account's outbox is pushed: by a sync's push half, and by a launch sending
    /// its change at once (`send_now`), which so never waits for a pull.
    push_locks: Mutex<HashMap<i64, Arc<tokio::sync::Mutex<()>>>>,
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
    /// What changed, for the observers (`subscribe`; sent from `service/events.rs`).
    events: Events,
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
            push_locks: Mutex::new(HashMap::new()),
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
            events: Events::new(),
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
}
