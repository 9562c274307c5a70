//! `towerdesk-cli`: Towerdesk without a window. The same core as the app: reads come from the
//! local store, writes go to the store and the outbox and are then pushed by a sync.

mod args;
mod commands;
mod context;
mod error;
mod output;

use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

fn main() -> ExitCode {
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    // Logs are for diagnosis (RUST_LOG=debug) and go to stderr; by default only errors.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("off")),
        )
        .init();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let result = runtime.block_on(async {
        let ctx = context::Ctx::open(&cli.global).await?;
        commands::run(&ctx, cli.command).await
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", e.line());
            ExitCode::from(e.exit_code())
        }
    }
}

/// Help and version are printed as clap prints them; a usage mistake is bad input: one line on
/// stderr, exit 1.
fn usage_error(e: clap::Error) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            ExitCode::from(if e.use_stderr() { 1 } else { 0 })
        }
        _ => {
            // clap's message is its first paragraph ("error: ..." and, for missing arguments, the
            // indented names); the usage and tips that follow are left to --help.
            let text = e.to_string();
            let message: Vec<&str> = text
                .lines()
                .map(str::trim)
                .skip_while(|l| l.is_empty())
                .take_while(|l| !l.is_empty() && !l.starts_with("Usage:"))
                .collect();
            eprintln!("{} (see --help)", message.join(" "));
            ExitCode::from(1)
        }
    }
}
