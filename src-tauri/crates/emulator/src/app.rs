//! The state every request handler shares: the world, the clock, the token, fault settings and
//! the state file.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use crate::clock::Clock;
use crate::faults::FaultInjector;
use crate::model::State;

#[derive(Clone)]
pub struct App(pub Arc<AppInner>);

pub struct AppInner {
    pub state: Mutex<State>,
    pub clock: Clock,
    pub token: String,
    pub base_url: OnceLock<String>,
    pub faults: FaultInjector,
    pub state_file: Option<PathBuf>,
    pub log_requests: bool,
    /// Answer `GET /user/{userId}/workspaces` in the older Enterprise shape (see
    /// [`crate::EmulatorConfig::legacy_user_workspaces`]).
    pub legacy_user_workspaces: bool,
    snapshot_seq: AtomicU64,
    saved_seq: tokio::sync::Mutex<u64>,
}

impl std::ops::Deref for App {
    type Target = AppInner;
    fn deref(&self) -> &AppInner {
        &self.0
    }
}

impl App {
    pub fn new(
        state: State,
        clock: Clock,
        token: String,
        faults: FaultInjector,
        state_file: Option<PathBuf>,
        log_requests: bool,
        legacy_user_workspaces: bool,
    ) -> Self {
        App(Arc::new(AppInner {
            state: Mutex::new(state),
            clock,
            token,
            base_url: OnceLock::new(),
            faults,
            state_file,
            log_requests,
            legacy_user_workspaces,
            snapshot_seq: AtomicU64::new(0),
            saved_seq: tokio::sync::Mutex::new(0),
        }))
    }

    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn base_url(&self) -> &str {
        self.base_url.get().map(String::as_str).unwrap_or("")
    }

    /// Saves the state file (if any): the snapshot is taken under the state lock, then written
    /// to a temporary file and renamed over the old one, so a crash never leaves half a file.
    /// Snapshots taken later always win over earlier ones that finish writing after them.
    pub async fn persist(&self) -> std::io::Result<()> {
        let Some(path) = &self.state_file else {
            return Ok(());
        };
        let (seq, bytes) = {
            let st = self.lock();
            let seq = self.snapshot_seq.fetch_add(1, Ordering::SeqCst) + 1;
            (
                seq,
                serde_json::to_vec(&*st).map_err(std::io::Error::other)?,
            )
        };
        let mut saved = self.saved_seq.lock().await;
        if seq <= *saved {
            return Ok(());
        }
        let mut tmp = path.clone().into_os_string();
        tmp.push(format!(".tmp-{}", std::process::id()));
        let tmp = PathBuf::from(tmp);
        tokio::fs::write(&tmp, &bytes).await?;
        tokio::fs::rename(&tmp, path).await?;
        *saved = seq;
        Ok(())
    }
}
