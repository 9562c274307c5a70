//! The command line, with `tw`'s conventions: `TOWER_ACCESS_TOKEN`, `TOWER_API_ENDPOINT`,
//! `TOWER_WORKSPACE_ID`, workspace references as a numeric id or `Org/Workspace`, `--output json`.
//!
//! The access token is read from the environment only (never a flag: a flag would show it in the
//! process list and the shell history).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Towerdesk from the command line: reads and writes the local store, syncs it with Seqera Platform.
#[derive(Debug, Parser)]
#[command(name = "towerdesk-cli", version, about, propagate_version = true)]
#[command(
    after_help = "Environment: TOWER_ACCESS_TOKEN (a token for this run, never saved), TOWER_API_ENDPOINT, \
TOWER_WORKSPACE_ID, TOWERDESK_DATA_DIR."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct Global {
    /// Where Towerdesk keeps its data (default: the app's own data directory).
    #[arg(long, env = "TOWERDESK_DATA_DIR", global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// The Platform API endpoint used with TOWER_ACCESS_TOKEN.
    #[arg(
        short = 'u',
        long = "url",
        env = "TOWER_API_ENDPOINT",
        default_value = crate::context::DEFAULT_ENDPOINT,
        global = true
    )]
    pub url: String,
    /// The local account to use (see `towerdesk-cli status`); default: the only (or first) one.
    #[arg(long, global = true, value_name = "ID")]
    pub account: Option<i64>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Send queued changes, then fetch what the token can see into the local store. A resync
    /// leaves what it fetched in the last 15 minutes and stops listing runs at the first page with
    /// nothing new; `--full` fetches everything again.
    Sync(SyncArgs),
    /// Workspaces of your organizations.
    #[command(subcommand)]
    Workspaces(WorkspacesCmd),
    /// Members, teams and collaborators of a workspace.
    #[command(subcommand)]
    Participants(ParticipantsCmd),
    /// The Launchpad: pipelines of a workspace.
    #[command(subcommand)]
    Pipelines(PipelinesCmd),
    /// Runs of a workspace: list (from the local store), view and cancel (on the server).
    #[command(subcommand)]
    Runs(RunsCmd),
    /// Launch a Launchpad pipeline: on the compute environment the Platform's rule picks (a shared
    /// pipeline's own, else the workspace's primary one) unless --compute-env says another, with
    /// the run parameters of --params-file checked against the pipeline's schema first. Offline it
    /// fails unless --when-online queues it, to be sent once when the server answers.
    Launch(LaunchArgs),
    /// Drafts of pipeline forms kept here, and publishing them.
    #[command(subcommand)]
    Drafts(DraftsCmd),
    /// Queued changes and the last sync of the account.
    Status(OutputArg),
    /// Accounts kept on this computer (tokens in the OS keyring).
    #[command(subcommand)]
    Accounts(AccountsCmd),
    /// Spend from the local store: credits (Seqera Compute) and cloud cost (other compute
    /// environments, USD) apart, each with its estimated part, by workspace, pipeline, user,
    /// compute environment, day, week or month. Without --workspace or --org: every account.
    Credits(CreditsArgs),
    /// Monthly budgets of workspaces and organizations (kept here, never sent).
    #[command(subcommand)]
    Budgets(BudgetsCmd),
    /// Diagnostics for the benchmarks.
    #[command(subcommand, hide = true)]
    Bench(BenchCmd),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Output {
    /// Aligned columns for people.
    #[default]
    Table,
    /// A JSON array (a JSON object for `status`) on stdout and nothing else there.
    Json,
}

/// `credits`' output: a table, JSON, or CSV (the table shown, to save).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ReportOutput {
    #[default]
    Table,
    /// A JSON array of rows on stdout and nothing else there.
    Json,
    /// Comma-separated values with a header line (the JSON's field names), on stdout.
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "kebab-case")]
pub enum ByArg {
    Workspace,
    Pipeline,
    User,
    ComputeEnv,
    Day,
    Week,
    Month,
}

#[derive(Debug, Args)]
pub struct CreditsArgs {
    /// One workspace: a numeric id or ORG/WORKSPACE.
    #[arg(short = 'w', long, value_name = "ORG/WS", conflicts_with = "org")]
    pub workspace: Option<String>,
    /// One organization (its name).
    #[arg(long, value_name = "ORG")]
    pub org: Option<String>,
    /// First day (YYYY-MM-DD, in --tz), inclusive.
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day (YYYY-MM-DD, in --tz), inclusive.
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// What each row is.
    #[arg(long, value_enum, default_value_t = ByArg::Workspace)]
    pub by: ByArg,
    /// The time zone of the days, weeks and months (an IANA name; default UTC).
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportOutput::Table)]
    pub output: ReportOutput,
    /// First read from the server up to N runs of the scope whose compute environment is not
    /// known here (one request each), so that their spend counts as credits or cloud cost.
    #[arg(long, value_name = "N")]
    pub locate: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "lowercase")]
pub enum UnitArg {
    /// Seqera Compute credits.
    Credits,
    /// Cloud cost, USD.
    Usd,
}

#[derive(Debug, Subcommand)]
pub enum BudgetsCmd {
    /// Set (or replace) the monthly budget of a workspace or an organization.
    Set {
        #[arg(
            short = 'w',
            long,
            value_name = "ORG/WS",
            conflicts_with = "org",
            required_unless_present = "org"
        )]
        workspace: Option<String>,
        #[arg(long, value_name = "ORG")]
        org: Option<String>,
        /// Credits (Seqera Compute) or usd (cloud cost).
        #[arg(long, value_enum, default_value_t = UnitArg::Credits)]
        unit: UnitArg,
        /// The monthly amount.
        amount: f64,
    },
    /// The budgets kept here.
    List(OutputArg),
    /// Remove a budget by its id (see `budgets list`).
    Remove { id: i64 },
}

#[derive(Debug, Args)]
pub struct OutputArg {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Output::Table)]
    pub output: Output,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "lowercase")]
pub enum VisibilityArg {
    Private,
    Shared,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
#[value(rename_all = "lowercase")]
pub enum PipelineVisibilityArg {
    /// This workspace's own pipelines.
    #[default]
    Private,
    /// Only pipelines shared from the organization's shared workspaces.
    Shared,
    /// This and shared workspaces.
    All,
}

#[derive(Debug, Args)]
pub struct WorkspaceRef {
    /// A numeric workspace id or ORG/WORKSPACE.
    #[arg(short = 'w', long, env = "TOWER_WORKSPACE_ID", value_name = "ORG/WS")]
    pub workspace: String,
}

#[derive(Debug, Args)]
pub struct LaunchArgs {
    #[command(flatten)]
    pub workspace: WorkspaceRef,
    /// The pipeline's name on the Launchpad (its own or one shared with the workspace), or its
    /// numeric id.
    pub pipeline: String,
    /// Run parameters, JSON or YAML (checked against the pipeline's nextflow_schema.json).
    #[arg(long, value_name = "FILE")]
    pub params_file: Option<PathBuf>,
    /// The compute environment, by name or id (default: the rule's choice).
    #[arg(long, value_name = "NAME")]
    pub compute_env: Option<String>,
    /// The Workflow run name (default: a fresh random one like grave_williams).
    #[arg(long, value_name = "NAME")]
    pub run_name: Option<String>,
    /// When the server cannot be reached, queue the launch (sent once, at the next sync that
    /// reaches it) and say "queued" instead of failing.
    #[arg(long)]
    pub when_online: bool,
}

#[derive(Debug, Subcommand)]
pub enum AccountsCmd {
    /// List the accounts kept here.
    List {
        #[command(flatten)]
        output: OutputArg,
    },
    /// Add an account for TOWER_API_ENDPOINT (or --url): the token is checked with the server and
    /// kept in the OS keyring. It is read from standard input, or from TOWER_ACCESS_TOKEN.
    Add {
        /// Read the access token from standard input (one line).
        #[arg(long)]
        token_stdin: bool,
    },
    /// Remove an account from this computer: its local data, its queued changes and its keyring entry.
    /// Nothing changes on the server.
    Remove {
        /// The account's id (see `accounts list`).
        #[arg(value_name = "ID")]
        id: i64,
        /// Confirm: without it, nothing is removed and what would be lost is said.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum WorkspacesCmd {
    /// List workspaces (from the local store).
    List {
        /// Only this organization's workspaces.
        #[arg(long, value_name = "ORG")]
        org: Option<String>,
        /// Include the personal workspace.
        #[arg(long)]
        all: bool,
        #[command(flatten)]
        output: OutputArg,
    },
    /// Add a workspace to an organization.
    Add {
        #[arg(long, value_name = "ORG")]
        org: String,
        #[arg(short = 'n', long)]
        name: String,
        #[arg(short = 'f', long = "full-name", value_name = "FULL_NAME")]
        full_name: String,
        #[arg(short = 'd', long)]
        description: Option<String>,
        #[arg(long, value_enum, ignore_case = true, default_value = "private")]
        visibility: VisibilityArg,
    },
    /// Edit a workspace; fields left out keep their current values.
    Update {
        #[command(flatten)]
        workspace: WorkspaceRef,
        /// A new name.
        #[arg(short = 'n', long)]
        name: Option<String>,
        #[arg(short = 'f', long = "full-name", value_name = "FULL_NAME")]
        full_name: Option<String>,
        /// A new description ("" clears it).
        #[arg(short = 'd', long)]
        description: Option<String>,
        #[arg(long, value_enum, ignore_case = true)]
        visibility: Option<VisibilityArg>,
    },
    /// Delete a workspace.
    Delete {
        #[command(flatten)]
        workspace: WorkspaceRef,
    },
}

#[derive(Debug, Subcommand)]
pub enum ParticipantsCmd {
    /// List a workspace's participants (from the local store).
    List {
        #[command(flatten)]
        workspace: WorkspaceRef,
        #[command(flatten)]
        output: OutputArg,
    },
    /// Add a member, team or collaborator with a role (queued when the server cannot be reached).
    Add {
        #[command(flatten)]
        workspace: WorkspaceRef,
        /// A user name or email (a member of the organization, or anyone, who becomes a
        /// collaborator), or with --type team a team's name.
        #[arg(short = 'n', long)]
        name: String,
        #[arg(
            short = 't',
            long = "type",
            value_enum,
            ignore_case = true,
            default_value = "member"
        )]
        kind: ParticipantTypeArg,
        /// owner, admin, maintain, launch, connect or view.
        #[arg(short = 'r', long, default_value = "launch")]
        role: String,
    },
    /// Change a participant's role.
    Role {
        #[command(flatten)]
        workspace: WorkspaceRef,
        /// The participant's name, user name, email or team name.
        #[arg(short = 'n', long)]
        name: String,
        /// owner, admin, maintain, launch, connect or view.
        #[arg(short = 'r', long)]
        role: String,
    },
    /// Remove a participant from the workspace.
    Remove {
        #[command(flatten)]
        workspace: WorkspaceRef,
        /// The participant's name, user name, email or team name.
        #[arg(short = 'n', long)]
        name: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ParticipantTypeArg {
    Member,
    Team,
    Collaborator,
}

#[derive(Debug, Subcommand)]
pub enum PipelinesCmd {
    /// List a workspace's Launchpad pipelines (from the local store).
    List {
        #[command(flatten)]
        workspace: WorkspaceRef,
        /// private: this workspace's own; shared: shared with it; all: both.
        #[arg(long, value_enum, ignore_case = true, default_value_t = PipelineVisibilityArg::Private)]
        visibility: PipelineVisibilityArg,
        #[command(flatten)]
        output: OutputArg,
    },
    /// Add a pipeline to a workspace's Launchpad (kept as a draft, then queued and sent; offline
    /// it stays queued for the next sync).
    Add {
        #[command(flatten)]
        workspace: WorkspaceRef,
        #[command(flatten)]
        form: Box<PipelineForm>,
        /// Pipeline to launch: the pipeline's Git URL.
        #[arg(value_name = "PIPELINE_URL")]
        pipeline: String,
    },
    /// Edit a pipeline of the workspace: the options given replace its values.
    Update {
        #[command(flatten)]
        workspace: WorkspaceRef,
        /// The pipeline's name (or its server id).
        #[arg(value_name = "PIPELINE")]
        target: String,
        /// A new name.
        #[arg(long)]
        new_name: Option<String>,
        #[command(flatten)]
        form: Box<PipelineFormUpdate>,
        /// Pipeline to launch: a new Git URL.
        #[arg(long = "pipeline-url", value_name = "PIPELINE_URL")]
        pipeline_url: Option<String>,
    },
    /// Delete a pipeline of the workspace.
    Delete {
        #[command(flatten)]
        workspace: WorkspaceRef,
        /// The pipeline's name (or its server id).
        #[arg(value_name = "PIPELINE")]
        target: String,
    },
}

/// The pipeline form's fields (`tw pipelines add`'s options).
#[derive(Debug, Args)]
pub struct PipelineForm {
    /// Name: unique in the workspace (org-wide in a shared workspace).
    #[arg(short = 'n', long)]
    pub name: String,
    #[command(flatten)]
    pub rest: PipelineFormUpdate,
}

/// The optional fields of the pipeline form.
#[derive(Debug, Args)]
pub struct PipelineFormUpdate {
    /// Description.
    #[arg(short = 'd', long)]
    pub description: Option<String>,
    /// Compute environment: the name of one of the workspace's compute environments.
    #[arg(short = 'c', long = "compute-env", value_name = "NAME")]
    pub compute_env: Option<String>,
    /// Revision: a branch, tag or commit.
    #[arg(short = 'r', long)]
    pub revision: Option<String>,
    /// Work directory.
    #[arg(long = "work-dir", value_name = "DIR")]
    pub work_dir: Option<String>,
    /// Config profiles (repeat for several).
    #[arg(short = 'p', long = "profile", value_name = "P")]
    pub profiles: Vec<String>,
    /// Pipeline parameters: a JSON or YAML file.
    #[arg(long = "params-file", value_name = "F")]
    pub params_file: Option<PathBuf>,
    /// Pre-run script: a file (at most 1 KB).
    #[arg(long = "pre-run", value_name = "F")]
    pub pre_run: Option<PathBuf>,
    /// Post-run script: a file (at most 1 KB).
    #[arg(long = "post-run", value_name = "F")]
    pub post_run: Option<PathBuf>,
    /// Nextflow config file.
    #[arg(long = "config", value_name = "F")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum DraftsCmd {
    /// The account's drafts (pipelines and launches) with their state: draft, waiting,
    /// published, rejected or conflict (with the server's words).
    List(OutputArg),
    /// Publish a pipeline draft: check it, queue it and send it.
    Publish {
        /// The draft's id (see `drafts list`).
        id: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum RunsCmd {
    /// List a workspace's runs, newest first (from the local store; `sync` brings new ones).
    List {
        #[command(flatten)]
        workspace: WorkspaceRef,
        /// The Platform's runs search: status:running, label:NAME, username:NAME, free text.
        #[arg(long, short = 's')]
        search: Option<String>,
        /// Pass the search to the server too and keep the runs it matches (older ones than the
        /// sync brought among them); needs a connection.
        #[arg(long, requires = "search")]
        server: bool,
        #[command(flatten)]
        output: OutputArg,
    },
    /// A run's page: status, tasks, processes, cost, times, work directory, parameters. Read
    /// from the server; offline, what was last read (saying when).
    View {
        /// The run's id (its workflow id, as `runs list` shows it).
        id: String,
        #[command(flatten)]
        output: OutputArg,
    },
    /// Cancel a submitted or running run (the launch role and up). Needs a connection: a cancel
    /// is never queued.
    Cancel {
        /// The run's id (its workflow id).
        id: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum BenchCmd {
    /// Page `GET /pipelines?visibility=all` for a workspace from the server; print count and ms.
    LivePipelines {
        #[command(flatten)]
        workspace: WorkspaceRef,
    },
    /// Build `pipelines list --visibility all --output json` from the local store N times;
    /// print count and the median ms.
    LocalPipelines {
        #[command(flatten)]
        workspace: WorkspaceRef,
        #[arg(long, default_value_t = 20)]
        repeat: usize,
    },
    /// Run the window's search (Ctrl/Cmd+K) over the local store for each QUERY, N times each;
    /// print the p50 and p95 ms over all of them and how many results each gave.
    Search {
        #[arg(long, default_value_t = 20)]
        repeat: usize,
        #[arg(required = true)]
        queries: Vec<String>,
    },
    /// Start a first pull of the account (as `sync` does, on an empty store) and time how long the
    /// workspace the window would open (the first of the list) takes to be filled: its listings
    /// and runs; print that and stop.
    FocusReady,
    /// Time the credits report's aggregate N times for one workspace and for everything, beside
    /// a plain scan of the runs table; print the runs and the median ms of each.
    CreditsAggregate {
        #[command(flatten)]
        workspace: WorkspaceRef,
        #[arg(long, default_value_t = 20)]
        repeat: usize,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn visibility_is_case_insensitive() {
        let cli = Cli::try_parse_from([
            "towerdesk-cli",
            "workspaces",
            "add",
            "--org",
            "o",
            "--name",
            "n",
            "--full-name",
            "F",
            "--visibility",
            "SHARED",
        ])
        .unwrap();
        match cli.command {
            Command::Workspaces(WorkspacesCmd::Add { visibility, .. }) => {
                assert_eq!(visibility, VisibilityArg::Shared)
            }
            other => panic!("{other:?}"),
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct SyncArgs {
    /// Fetch everything again, even what was fetched a moment ago (runs listed in full too).
    #[arg(long)]
    pub full: bool,
}
