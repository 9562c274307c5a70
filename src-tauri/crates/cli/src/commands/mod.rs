//! One module per command group; each reads the local store or writes through the core.

pub mod accounts;
pub mod bench;
pub mod credits;
pub mod drafts;
pub mod launch;
pub mod participants;
pub mod pipelines;
pub mod runs;
pub mod status;
pub mod sync;
pub mod workspaces;

use crate::args::{Command, ParticipantsCmd, PipelinesCmd};
use crate::context::Ctx;
use crate::error::Result;

pub async fn run(ctx: &Ctx, command: Command) -> Result<()> {
    match command {
        Command::Sync(args) => sync::run(ctx, &args).await,
        Command::Workspaces(cmd) => workspaces::run(ctx, cmd).await,
        Command::Participants(ParticipantsCmd::List { workspace, output }) => {
            participants::list(ctx, &workspace.workspace, output.output).await
        }
        Command::Participants(cmd) => participants::write(ctx, cmd).await,
        Command::Pipelines(PipelinesCmd::List {
            workspace,
            visibility,
            output,
        }) => pipelines::list(ctx, &workspace.workspace, visibility, output.output).await,
        Command::Runs(cmd) => runs::run(ctx, cmd).await,
        Command::Launch(args) => launch::run(ctx, args).await,
        Command::Pipelines(cmd) => pipelines::write(ctx, cmd).await,
        Command::Drafts(cmd) => drafts::run(ctx, cmd).await,
        Command::Status(output) => status::run(ctx, output.output).await,
        Command::Bench(cmd) => bench::run(ctx, cmd).await,
        Command::Accounts(cmd) => accounts::run(ctx, cmd).await,
        Command::Credits(args) => credits::report(ctx, args).await,
        Command::Budgets(cmd) => credits::budgets(ctx, cmd).await,
    }
}
