//! `towerdesk-emulator`: run the Platform API emulator from the command line.

use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;

use clap::Parser;
use towerdesk_emulator::{EmulatorConfig, FaultKind, Faults, Scenario};

/// A Seqera Platform API server for tests, demos and benchmarks.
#[derive(Parser)]
#[command(name = "towerdesk-emulator", version)]
struct Args {
    /// Scenario to seed: demo, large, empty or collaborator.
    #[arg(long, default_value = "demo")]
    scenario: Scenario,
    /// The only accepted access token.
    #[arg(long, env = "TOWERDESK_EMULATOR_TOKEN", default_value = towerdesk_emulator::DEMO_TOKEN, hide_env_values = true)]
    token: String,
    /// Load state from FILE at start if present; save it after every write.
    #[arg(long = "state", value_name = "FILE")]
    state: Option<PathBuf>,
    /// Port to listen on (0 = any free port).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Address to bind.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Share of authenticated requests that fail (0.0 to 1.0).
    #[arg(long, default_value_t = 0.0)]
    fail_rate: f64,
    /// Delay added to every request, in milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Answer 429 when the token makes more than N requests per second.
    #[arg(long, value_name = "N")]
    rate_limit: Option<u32>,
    /// Seed of the scenario and of fault injection.
    #[arg(long, default_value_t = towerdesk_emulator::DEFAULT_SEED)]
    seed: u64,
    /// How long a timeout fault holds a request, in milliseconds.
    #[arg(long, default_value_t = 35_000)]
    timeout_ms: u64,
    /// Fault kinds to inject, comma-separated (500,502,503,429,timeout,drop,apply-500,apply-drop); default all.
    #[arg(long, value_delimiter = ',')]
    fault_kinds: Vec<FaultKind>,
    /// Answer GET /user/{userId}/workspaces as older Enterprise releases do (only orgId, orgName,
    /// orgLogoUrl, workspaceId and workspaceName in each item).
    #[arg(long)]
    legacy_user_workspaces: bool,
    /// Freeze the clock at this time (RFC 3339) instead of the system clock. Then each line
    /// `advance SECONDS` on standard input moves it forward and is answered `clock <time>` on
    /// standard output: tests see runs move exactly when they say so.
    #[arg(long, value_name = "TIME")]
    frozen_clock: Option<chrono::DateTime<chrono::Utc>>,
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        // Colours only on a terminal: a log written to a file is read by scripts and tests.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    if !(0.0..=1.0).contains(&args.fail_rate) {
        eprintln!("error: --fail-rate must be between 0.0 and 1.0");
        return std::process::ExitCode::from(2);
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let mut config = EmulatorConfig::new(args.scenario, args.token);
        config.port = args.port;
        config.bind = args.bind;
        config.state_file = args.state;
        config.log_requests = true;
        config.seed = args.seed;
        config.legacy_user_workspaces = args.legacy_user_workspaces;
        if let Some(at) = args.frozen_clock {
            config.clock = towerdesk_emulator::Clock::fake(at);
        }
        config.faults = Faults {
            fail_rate: args.fail_rate,
            latency_ms: args.latency_ms,
            rate_limit: args.rate_limit,
            seed: args.seed,
            timeout_ms: args.timeout_ms,
            kinds: args.fault_kinds,
            refused_paths: Vec::new(),
        };
        let emulator = match towerdesk_emulator::start(config).await {
            Ok(e) => e,
            Err(e) => {
                eprintln!("error: {e}");
                return std::process::ExitCode::FAILURE;
            }
        };
        let mut out = std::io::stdout();
        let _ = writeln!(out, "listening on {}", emulator.base_url());
        let _ = out.flush();
        if emulator.clock().is_fake() {
            let clock = emulator.clock().clone();
            tokio::spawn(advance_on_request(clock));
        }
        let _ = tokio::signal::ctrl_c().await;
        emulator.shutdown().await;
        std::process::ExitCode::SUCCESS
    })
}

/// Reads `advance SECONDS` lines from standard input and moves the frozen clock.
async fn advance_on_request(clock: towerdesk_emulator::Clock) {
    use tokio::io::AsyncBufReadExt;
    let mut lines = tokio::io::BufReader::new(tokio::io::stdin()).lines();
    while let Ok(Some(line)) = lines.next_line().await {
        let mut out = std::io::stdout();
        match line.trim().strip_prefix("advance ").map(str::parse::<i64>) {
            Some(Ok(secs)) => {
                clock.advance(chrono::Duration::seconds(secs));
                let _ = writeln!(out, "clock {}", clock.now().to_rfc3339());
            }
            _ => {
                let _ = writeln!(out, "error: say 'advance SECONDS', not '{}'", line.trim());
            }
        }
        let _ = out.flush();
    }
}
