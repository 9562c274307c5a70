//! The built-in demo: a local Platform server that the shell and the CLI hand to the core through
//! [`Options::demo`](crate::Options), so the product's core does not ship a test server. The one
//! implementation, [`EmulatorDemo`], is behind the `demo-emulator` feature, which only the app and
//! the CLI turn on.

use std::future::Future;
use std::path::Path;
use std::pin::Pin;

/// Why a demo server could not start.
pub type DemoError = Box<dyn std::error::Error + Send + Sync>;

/// What [`DemoServer::start`] returns: a future of the running server.
pub type DemoStart<'a> = Pin<Box<dyn Future<Output = Result<DemoHandle, DemoError>> + Send + 'a>>;

/// Starts the demo server "Open the demo" uses.
pub trait DemoServer: Send + Sync + std::fmt::Debug {
    /// Starts a server that remembers what the user did in it in `state_file`, like a real one.
    fn start<'a>(&'a self, state_file: &'a Path) -> DemoStart<'a>;
}

/// A running demo server: where it answers and the token it accepts. Dropping it stops the server.
pub struct DemoHandle {
    base_url: String,
    token: String,
    _server: Box<dyn Send>,
}

impl DemoHandle {
    /// `server` is whatever keeps the server running; it is dropped with the handle.
    pub fn new(
        base_url: impl Into<String>,
        token: impl Into<String>,
        server: impl Send + 'static,
    ) -> Self {
        Self {
            base_url: base_url.into(),
            token: token.into(),
            _server: Box::new(server),
        }
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn token(&self) -> &str {
        &self.token
    }
}

impl std::fmt::Debug for DemoHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DemoHandle")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

#[cfg(any(test, feature = "demo-emulator"))]
pub use emulator::EmulatorDemo;

#[cfg(any(test, feature = "demo-emulator"))]
mod emulator {
    use super::{DemoHandle, DemoServer, DemoStart};
    use std::path::Path;
    use towerdesk_emulator::{DEMO_TOKEN, EmulatorConfig};

    /// The demo served by `towerdesk-emulator`'s demo scenario, in this process.
    #[derive(Debug, Clone, Copy, Default)]
    pub struct EmulatorDemo;

    impl DemoServer for EmulatorDemo {
        fn start<'a>(&'a self, state_file: &'a Path) -> DemoStart<'a> {
            Box::pin(async move {
                let mut config = EmulatorConfig::demo(DEMO_TOKEN);
                config.state_file = Some(state_file.to_path_buf());
                let running = towerdesk_emulator::start(config).await?;
                Ok(DemoHandle::new(running.base_url(), DEMO_TOKEN, running))
            })
        }
    }
}
