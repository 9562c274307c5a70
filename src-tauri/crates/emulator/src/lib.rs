//! `towerdesk-emulator`: a Seqera Platform API server for tests, demos and benchmarks.
//!
//! It serves the subset of the Platform REST API (spec 1.187.0) that Towerdesk uses, with the
//! same paths, camelCase JSON bodies, enums, paging and `{"message"}` errors, over real HTTP on
//! loopback. It seeds named scenarios deterministically, moves runs through their states as
//! time passes (computed from the clock, so a fake clock drives them in tests), can save its
//! state to a file, and injects faults on request: error statuses, 429s, timeouts, dropped
//! connections and failures after a write was applied.
//!
//! It is an independent implementation of the spec: it must not depend on
//! `towerdesk-platform-api` (the client it tests), nor on the app, core or store crates.

mod api;
mod app;
mod clock;
mod dto;
mod error;
mod faults;
mod model;
mod names;
mod rng;
mod runs;
mod scenario;
mod server;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use clock::Clock;
pub use error::EmulatorError;
pub use faults::{FaultKind, Faults};
pub use names::is_valid_name;
pub use scenario::{DEMO_USER_EMAIL, DEMO_USER_NAME, Scenario};

/// The token the demo mode uses; any other token gets 401.
pub const DEMO_TOKEN: &str = "towerdesk-demo-token";
/// The seed scenarios use unless told otherwise.
pub const DEFAULT_SEED: u64 = 42;

/// Counts of the `large` scenario.
pub mod large {
    pub use crate::scenario::large_counts::*;
}

/// How to start an emulator. Its `Debug` output leaves the token out.
#[derive(Clone)]
pub struct EmulatorConfig {
    pub scenario: Scenario,
    /// The only token accepted (`Authorization: Bearer <token>`).
    pub token: String,
    /// 0 = any free port.
    pub port: u16,
    pub bind: IpAddr,
    /// Loaded at start when it exists (instead of seeding); saved after every write.
    pub state_file: Option<PathBuf>,
    pub faults: Faults,
    /// Log one line per request (method, path and query, status, milliseconds) via `tracing`.
    pub log_requests: bool,
    /// The scenario's seed.
    pub seed: u64,
    /// The emulator's notion of now; [`Clock::fake`] lets tests move runs along.
    pub clock: Clock,
    /// Answer `GET /user/{userId}/workspaces` as older Enterprise releases do: every
    /// `orgsAndWorkspaces` item has only `orgId`, `orgName`, `orgLogoUrl` (null), `workspaceId`
    /// and `workspaceName` (both null on an organization's row); no `roles`, `visibility`,
    /// `workspaceFullName` or `orgType`. Off by default (the spec's shape).
    pub legacy_user_workspaces: bool,
}

impl std::fmt::Debug for EmulatorConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmulatorConfig")
            .field("scenario", &self.scenario)
            .field("token", &"<redacted>")
            .field("port", &self.port)
            .field("bind", &self.bind)
            .field("state_file", &self.state_file)
            .field("faults", &self.faults)
            .field("log_requests", &self.log_requests)
            .field("seed", &self.seed)
            .field("clock", &self.clock)
            .field("legacy_user_workspaces", &self.legacy_user_workspaces)
            .finish()
    }
}

impl EmulatorConfig {
    pub fn new(scenario: Scenario, token: impl Into<String>) -> Self {
        Self {
            scenario,
            token: token.into(),
            port: 0,
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            state_file: None,
            faults: Faults::default(),
            log_requests: false,
            seed: DEFAULT_SEED,
            clock: Clock::system(),
            legacy_user_workspaces: false,
        }
    }

    /// The `demo` scenario on 127.0.0.1, any port, no faults.
    pub fn demo(token: impl Into<String>) -> Self {
        Self::new(Scenario::Demo, token)
    }
}

/// A running emulator. Dropping it stops the server.
pub struct RunningEmulator {
    addr: SocketAddr,
    clock: Clock,
    shutdown: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for RunningEmulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunningEmulator")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl RunningEmulator {
    /// Like `http://127.0.0.1:PORT` (no trailing slash).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The emulator's clock (move it when it is a fake one).
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Stops accepting connections, closes open ones and waits for the server to end.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for RunningEmulator {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}

fn load_state(path: &std::path::Path) -> Result<Option<model::State>, EmulatorError> {
    match std::fs::read(path) {
        Ok(bytes) => {
            let mut st: model::State =
                serde_json::from_slice(&bytes).map_err(|source| EmulatorError::StateFormat {
                    path: path.to_path_buf(),
                    source,
                })?;
            st.rebuild_run_index();
            Ok(Some(st))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(EmulatorError::StateFile {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Seeds (or loads) the world, binds the port and serves in the background (on the current
/// tokio runtime, which must be running).
pub async fn start(config: EmulatorConfig) -> Result<RunningEmulator, EmulatorError> {
    let loaded = match &config.state_file {
        Some(p) => load_state(p)?,
        None => None,
    };
    let fresh = loaded.is_none();
    let state = match loaded {
        Some(st) => st,
        None => scenario::build(config.scenario, config.seed, config.clock.now()),
    };
    let addr = SocketAddr::new(config.bind, config.port);
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|source| EmulatorError::Bind { addr, source })?;
    let addr = listener
        .local_addr()
        .map_err(|source| EmulatorError::Bind { addr, source })?;
    let app = app::App::new(
        state,
        config.clock.clone(),
        config.token,
        faults::FaultInjector::new(config.faults),
        config.state_file.clone(),
        config.log_requests,
        config.legacy_user_workspaces,
    );
    let _ = app.base_url.set(format!("http://{addr}"));
    if fresh && config.state_file.is_some() {
        app.persist()
            .await
            .map_err(|source| EmulatorError::StateFile {
                path: config.state_file.clone().unwrap_or_default(),
                source,
            })?;
    }
    let router = api::router(app);
    let (tx, rx) = watch::channel(false);
    let task = tokio::spawn(server::serve(listener, router, rx));
    Ok(RunningEmulator {
        addr,
        clock: config.clock,
        shutdown: tx,
        task: Some(task),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_config_debug_output_hides_the_token() {
        let c = EmulatorConfig::demo("super-secret-token");
        let shown = format!("{c:?}");
        assert!(!shown.contains("super-secret-token"), "{shown}");
        assert!(shown.contains("<redacted>"));
        assert!(shown.contains("legacy_user_workspaces: false"), "{shown}");
    }

    #[test]
    fn scenarios_parse_by_name() {
        assert_eq!("demo".parse::<Scenario>().unwrap(), Scenario::Demo);
        assert_eq!("LARGE".parse::<Scenario>().unwrap(), Scenario::Large);
        assert_eq!("empty".parse::<Scenario>().unwrap(), Scenario::Empty);
        assert_eq!(
            "collaborator".parse::<Scenario>().unwrap(),
            Scenario::Collaborator
        );
        for s in [
            Scenario::Demo,
            Scenario::Large,
            Scenario::Empty,
            Scenario::Collaborator,
        ] {
            assert_eq!(s.as_str().parse::<Scenario>().unwrap(), s);
        }
        assert!("huge".parse::<Scenario>().is_err());
    }
}
