//! Shared helpers of the sync engine's integration tests: an emulator on loopback, a Towerdesk
//! service on a temporary data dir with an account whose token lives only in memory, a client
//! that reads the server's truth, and a model of the workspaces the user intends to have.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use towerdesk_core::platform_api::PlatformClient;
use towerdesk_core::{Options, TokenVault, Towerdesk, Visibility, WorkspaceInput};
use towerdesk_emulator::{EmulatorConfig, Faults, RunningEmulator};

/// The account's token in these tests: a string unlike anything else, so a scan for it means something.
pub const TOKEN: &str = "tdk-sync-test-9f2c7e41b8d3a6";

pub fn config(faults: Faults, state_file: Option<PathBuf>, port: u16) -> EmulatorConfig {
    let mut c = EmulatorConfig::demo(TOKEN);
    c.faults = faults;
    c.state_file = state_file;
    c.port = port;
    c
}

/// Starts an emulator; on a fixed port it retries a little while the old one lets go of it.
pub async fn start(config: EmulatorConfig) -> RunningEmulator {
    let mut last = None;
    for _ in 0..50 {
        match towerdesk_emulator::start(config.clone()).await {
            Ok(e) => return e,
            Err(e) => {
                last = Some(e);
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
    panic!("the emulator did not start: {last:?}");
}

pub async fn open(dir: &std::path::Path) -> Arc<Towerdesk> {
    let tower = Towerdesk::open(Options {
        demo: None,
        data_dir: dir.to_path_buf(),
        profile: "default".into(),
        vault: TokenVault::memory(),
        auto_sync: false,
    })
    .await;
    tower.store().expect("the store opens");
    tower.set_requests_per_second(Some(TEST_RATE));
    tower
}

/// The tests pace their syncs at this rate against the local emulator (the product's default, 20
/// per second per token, is kept by the soak run, which measures it).
pub const TEST_RATE: f64 = 200.0;

/// Registers the test token for `base_url` (checked with /user-info; retried through faults).
pub async fn register(tower: &Arc<Towerdesk>, base_url: &str) -> i64 {
    for _ in 0..100 {
        if let Ok(a) = tower.use_environment_token(base_url, TOKEN).await {
            return a.id;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("could not register the account at {base_url}");
}

/// A client that reads the server's truth, unpaced.
pub fn truth(base_url: &str) -> PlatformClient {
    PlatformClient::new(base_url, TOKEN)
        .expect("client")
        .with_rate_limit(0.0)
        .with_request_timeout(Duration::from_secs(5))
}

/// Retries a read through injected faults.
pub async fn retry<T, E: std::fmt::Debug, F, Fut>(mut f: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, E>>,
{
    let mut last = None;
    for _ in 0..200 {
        match f().await {
            Ok(v) => return v,
            Err(e) => last = Some(e),
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("a read kept failing: {last:?}");
}

pub async fn org_id(client: &PlatformClient, name: &str) -> i64 {
    let orgs = retry(|| client.list_orgs()).await;
    orgs.iter()
        .find(|o| o.name.as_deref() == Some(name))
        .and_then(|o| o.org_id)
        .unwrap_or_else(|| panic!("no organization {name}"))
}

/// What a workspace should look like: the fields a user edits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Fields {
    pub full_name: String,
    pub description: String,
    pub visibility: String,
}

impl Fields {
    pub fn of_input(i: &WorkspaceInput) -> Self {
        Self {
            full_name: i.full_name.clone(),
            description: i.description.clone().unwrap_or_default(),
            visibility: i.visibility.as_str().to_string(),
        }
    }
}

/// The server's workspaces of an organization, by name (reads retried through faults).
pub async fn server_workspaces(client: &PlatformClient, org: i64) -> BTreeMap<String, Fields> {
    let list = retry(|| client.list_workspaces(org)).await;
    let mut out = BTreeMap::new();
    for w in list {
        let name = w.name.clone().unwrap_or_default();
        let fields = Fields {
            full_name: w.full_name.clone().unwrap_or_default(),
            description: w.description.clone().unwrap_or_default(),
            visibility: w
                .visibility
                .as_ref()
                .map(|v| v.as_str().to_string())
                .unwrap_or_default(),
        };
        assert!(
            out.insert(name.clone(), fields).is_none(),
            "the server lists {name} twice"
        );
    }
    out
}

pub fn input(
    name: &str,
    full_name: &str,
    description: Option<&str>,
    shared: bool,
) -> WorkspaceInput {
    WorkspaceInput {
        name: name.into(),
        full_name: full_name.into(),
        description: description.map(str::to_string),
        visibility: if shared {
            Visibility::Shared
        } else {
            Visibility::Private
        },
    }
}

/// Syncs until nothing is waiting; panics after `rounds` syncs. Between syncs it waits until the
/// first deferred change is due again (its backoff), as the app's scheduler would. Returns the
/// rounds used and the errors the failed syncs reported.
pub async fn sync_until_drained(
    tower: &Arc<Towerdesk>,
    account: i64,
    rounds: usize,
) -> (usize, Vec<String>) {
    let store = tower.store().unwrap().clone();
    let mut errors = Vec::new();
    for round in 1..=rounds {
        let result = tower.sync_account(account).await;
        if let Err(e) = &result {
            errors.push(e.message.clone());
        }
        let counts = store.change_counts(account).await.unwrap();
        if counts.waiting == 0 {
            return (round, errors);
        }
        let now = chrono::Utc::now();
        let due = store
            .outbox(account)
            .await
            .unwrap()
            .iter()
            .filter_map(|r| r.next_attempt_at.as_deref())
            .filter_map(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(&chrono::Utc))
            .min();
        let wait = due
            .and_then(|t| (t - now).to_std().ok())
            .unwrap_or_default()
            .min(Duration::from_secs(15));
        // Offline (a restart, refused connections): give the server a moment at least.
        let floor = if result.is_err() { 100 } else { 0 };
        tokio::time::sleep(wait.max(Duration::from_millis(floor))).await;
    }
    let counts = store.change_counts(account).await.unwrap();
    panic!("the queue was not drained in {rounds} syncs: {counts:?}");
}

/// Every file under `dir` (recursively) whose bytes contain `needle`.
pub fn files_containing(dir: &std::path::Path, needle: &[u8]) -> (Vec<PathBuf>, usize) {
    let mut hits = Vec::new();
    let mut scanned = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                scanned += 1;
                if bytes.windows(needle.len()).any(|w| w == needle) {
                    hits.push(path);
                }
            }
        }
    }
    (hits, scanned)
}

/// Log lines captured by the test binary's global `tracing` subscriber. The lines only ever grow:
/// the tests of a binary run at once and share them, so each test's handle keeps where its own
/// view starts (`clear` moves it), and no test can erase what another is about to count.
#[derive(Clone, Default)]
pub struct LogBuffer {
    lines: Arc<std::sync::Mutex<Vec<u8>>>,
    from: Arc<std::sync::atomic::AtomicUsize>,
}

impl LogBuffer {
    /// What was logged since this handle was made or last cleared.
    pub fn text(&self) -> String {
        let lines = self.lines.lock().unwrap();
        let from = self
            .from
            .load(std::sync::atomic::Ordering::SeqCst)
            .min(lines.len());
        String::from_utf8_lossy(&lines[from..]).into_owned()
    }

    /// Starts this handle's view at what is logged from now on (the others' are not touched).
    pub fn clear(&self) {
        let len = self.lines.lock().unwrap().len();
        self.from.store(len, std::sync::atomic::Ordering::SeqCst);
    }
}

impl std::io::Write for LogBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.lines.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Installs (once per test binary) a subscriber writing every event `filter` lets through to a
/// buffer, and returns the buffer.
pub fn capture_logs(filter: &str) -> LogBuffer {
    static BUFFER: std::sync::OnceLock<LogBuffer> = std::sync::OnceLock::new();
    BUFFER.get_or_init(|| {
        let buffer = LogBuffer::default();
        let writer = buffer.clone();
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .init();
        buffer
    });
    // A handle of its own: its `clear` moves only its own view.
    let shared = BUFFER.get().expect("initialised above");
    LogBuffer {
        lines: shared.lines.clone(),
        from: Arc::new(std::sync::atomic::AtomicUsize::new(0)),
    }
}

/// The server state the user intends: per organization, workspace name → fields. Every local
/// write a test makes goes through here too, so the end state can be checked exactly.
#[derive(Debug, Clone, Default)]
pub struct Model {
    pub orgs: BTreeMap<i64, BTreeMap<String, Fields>>,
    /// Local workspace id → (org, current name) of the workspaces the test writes to.
    pub local: BTreeMap<i64, (i64, String)>,
    /// (org, name) of the workspaces the user deleted.
    pub deleted: std::collections::BTreeSet<(i64, String)>,
}

/// How the server differs from the intended state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Diff {
    /// Intended workspaces missing or with other fields, plus deleted ones still there.
    pub lost: usize,
    /// Workspaces the server has that were never intended (a create sent twice, an old name kept).
    pub duplicated: usize,
}

impl Model {
    /// Starts from what the server has now and the local rows that mirror it.
    pub async fn load(
        tower: &Arc<Towerdesk>,
        account: i64,
        client: &PlatformClient,
        orgs: &[i64],
    ) -> Self {
        let mut m = Model::default();
        for &org in orgs {
            m.orgs.insert(org, server_workspaces(client, org).await);
        }
        for w in tower
            .store()
            .unwrap()
            .workspaces(account, None)
            .await
            .unwrap()
        {
            if let Some(org) = w.org_id.filter(|o| orgs.contains(o)) {
                m.local.insert(w.id, (org, w.name.clone()));
            }
        }
        m
    }

    pub async fn create(
        &mut self,
        tower: &Arc<Towerdesk>,
        account: i64,
        org: i64,
        i: WorkspaceInput,
    ) -> i64 {
        let ws = tower
            .create_workspace(account, org, i.clone())
            .await
            .unwrap_or_else(|e| panic!("create {}: {e:?}", i.name));
        self.orgs
            .entry(org)
            .or_default()
            .insert(i.name.clone(), Fields::of_input(&i));
        self.local.insert(ws.id, (org, i.name));
        ws.id
    }

    pub async fn update(&mut self, tower: &Arc<Towerdesk>, local: i64, i: WorkspaceInput) {
        tower
            .update_workspace(local, i.clone())
            .await
            .unwrap_or_else(|e| panic!("update {}: {e:?}", i.name));
        let (org, old) = self.local[&local].clone();
        let ws = self.orgs.get_mut(&org).unwrap();
        ws.remove(&old);
        ws.insert(i.name.clone(), Fields::of_input(&i));
        self.local.insert(local, (org, i.name));
    }

    pub async fn delete(&mut self, tower: &Arc<Towerdesk>, local: i64) {
        tower
            .delete_workspace(local)
            .await
            .unwrap_or_else(|e| panic!("delete {local}: {e:?}"));
        let (org, name) = self.local.remove(&local).unwrap();
        self.orgs.get_mut(&org).unwrap().remove(&name);
        self.deleted.insert((org, name));
    }

    /// Compares the server with the intended state (reads retried through faults).
    pub async fn diff(&self, client: &PlatformClient) -> Diff {
        let mut d = Diff::default();
        for (org, want) in &self.orgs {
            let got = server_workspaces(client, *org).await;
            for (name, fields) in want {
                if got.get(name) != Some(fields) {
                    eprintln!(
                        "lost or wrong: {name}: want {fields:?}, server {:?}",
                        got.get(name)
                    );
                    d.lost += 1;
                }
            }
            for name in got.keys().filter(|n| !want.contains_key(*n)) {
                if self.deleted.contains(&(*org, name.clone())) {
                    eprintln!("deleted, still on the server: {name}");
                    d.lost += 1;
                } else {
                    eprintln!("not intended: {name}");
                    d.duplicated += 1;
                }
            }
        }
        d
    }
}
