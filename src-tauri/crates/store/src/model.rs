//! The records the store keeps and hands out. They are also what the window shows (the app crate
//! derives TypeScript types from them with the `specta` feature), so fields use the Platform's names.

use serde::{Deserialize, Serialize};

use crate::{ChangeOp, Entity};

macro_rules! record {
    ($(#[$m:meta])* pub struct $name:ident { $($body:tt)* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        #[serde(rename_all = "camelCase")]
        pub struct $name { $($body)* }
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, sqlx::Type)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
#[sqlx(rename_all = "snake_case", type_name = "TEXT")]
pub enum AccountKind {
    /// The built-in demo: the in-process emulator.
    Demo,
    /// A token kept in the OS keyring.
    Keyring,
    /// A token from `TOWER_ACCESS_TOKEN`, used for this run only and never saved.
    Environment,
}

record! {
    pub struct Account {
        pub id: i64,
        pub server_url: String,
        pub label: String,
        pub user_name: String,
        pub email: Option<String>,
        pub kind: AccountKind,
    }
}

/// What the store keeps about an account beyond what the window shows.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AccountRow {
    pub id: i64,
    pub server_url: String,
    pub user_id: i64,
    pub user_name: String,
    pub email: Option<String>,
    pub label: String,
    pub kind: AccountKind,
    pub token_expired: bool,
    pub last_sync: Option<String>,
    pub last_error: Option<String>,
}

impl AccountRow {
    pub fn account(&self) -> Account {
        Account {
            id: self.id,
            server_url: self.server_url.clone(),
            label: self.label.clone(),
            user_name: self.user_name.clone(),
            email: self.email.clone(),
            kind: self.kind,
        }
    }
}

record! {
    pub struct Organization {
        pub id: i64,
        pub account_id: i64,
        pub org_id: i64,
        pub name: String,
        pub full_name: Option<String>,
        pub description: Option<String>,
        pub role: Option<String>,
        pub workspace_count: i64,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, sqlx::Type)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[sqlx(rename_all = "SCREAMING_SNAKE_CASE", type_name = "TEXT")]
pub enum Visibility {
    Private,
    Shared,
}

impl Visibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Private => "PRIVATE",
            Self::Shared => "SHARED",
        }
    }
}

/// Where a local change stands, as shown beside the object it changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, sqlx::Type)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
#[sqlx(rename_all = "snake_case", type_name = "TEXT")]
pub enum ChangeState {
    Waiting,
    Conflict,
    Rejected,
}

record! {
    /// `id` is the local id (stable before the server has the workspace); `workspace_id` the server's.
    pub struct Workspace {
        pub id: i64,
        pub account_id: i64,
        pub org_id: Option<i64>,
        pub org_name: Option<String>,
        pub workspace_id: Option<i64>,
        pub name: String,
        /// None: no response said it (an older server's listing, a collaborator refused the
        /// organization's listing). Shown as "unknown", never guessed from the name.
        pub full_name: Option<String>,
        pub description: Option<String>,
        /// None: no response said it; shown as "unknown", never as a guessed "Private".
        pub visibility: Option<Visibility>,
        /// The user's role in the workspace, as the server listed it or derived from what it said
        /// (an organization owner is an owner of every workspace; else the user's own participant
        /// row). None: unknown.
        pub role: Option<String>,
        pub personal: bool,
        pub change_state: Option<ChangeState>,
        pub change_message: Option<String>,
        pub last_updated: Option<String>,
    }
}

record! {
    /// What a person types to add or edit a workspace.
    pub struct WorkspaceInput {
        pub name: String,
        pub full_name: String,
        pub description: Option<String>,
        pub visibility: Visibility,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum PipelinesFrom {
    /// API `visibility=private`.
    ThisWorkspace,
    /// API `visibility=all`.
    ThisAndShared,
}

record! {
    /// A Launchpad row. `id` is the local id; `pipeline_id` the server's, None until a pipeline
    /// added here is sent. `change_state`/`change_message`: its queued change, if any.
    pub struct Pipeline {
        pub id: i64,
        pub pipeline_id: Option<i64>,
        pub name: String,
        pub description: Option<String>,
        pub repository: Option<String>,
        pub icon: Option<String>,
        pub workspace_ref: String,
        pub shared: bool,
        pub compute_env_name: Option<String>,
        #[sqlx(json)]
        pub labels: Vec<String>,
        pub last_updated: Option<String>,
        pub change_state: Option<ChangeState>,
        pub change_message: Option<String>,
    }
}

record! {
    pub struct Run {
        pub id: i64,
        pub workflow_id: String,
        pub run_name: String,
        pub project_name: Option<String>,
        pub status: String,
        pub user_name: Option<String>,
        pub submitted: Option<String>,
        pub start: Option<String>,
        pub complete: Option<String>,
        pub progress_percent: Option<f64>,
        pub cost: Option<f64>,
        pub cpu_hours: Option<f64>,
        pub memory_gib_hours: Option<f64>,
        pub cost_is_estimate: bool,
        /// `name` or `name=value`.
        #[sqlx(json)]
        pub labels: Vec<String>,
        /// The compute environment's name, once the run was described (None before).
        pub compute_env: Option<String>,
    }
}

record! {
    /// `id` is the local id; `participant_id` the server's, None until an add made here is sent.
    /// `kind` is the Platform's `MEMBER`, `TEAM` or `COLLABORATOR`.
    pub struct Participant {
        pub id: i64,
        pub participant_id: Option<i64>,
        #[serde(rename = "type")]
        #[sqlx(rename = "type")]
        pub kind: String,
        pub member_id: Option<i64>,
        pub team_id: Option<i64>,
        pub user_name: Option<String>,
        pub name: String,
        pub email: Option<String>,
        pub role: String,
        pub change_state: Option<ChangeState>,
        pub change_message: Option<String>,
    }
}

record! {
    /// Who to add to a workspace, and with which role: exactly one of `member_id` (an organization
    /// member or collaborator), `team_id` (a team of the organization) or `user_name_or_email`
    /// (anyone, who becomes a collaborator), as the Platform's add request takes them. `name` and
    /// `email` are what the row shows until the server's listing replaces them.
    pub struct ParticipantInput {
        pub member_id: Option<i64>,
        pub team_id: Option<i64>,
        pub user_name_or_email: Option<String>,
        pub name: Option<String>,
        pub email: Option<String>,
        pub role: String,
    }
}

record! {
    pub struct ComputeEnv {
        pub id: String,
        pub name: String,
        pub platform: Option<String>,
        pub status: Option<String>,
        pub primary: bool,
        /// Where its runs write (`workDir`); None when the server did not say.
        pub work_dir: Option<String>,
    }
}

record! {
    pub struct Credential {
        pub id: String,
        pub name: String,
        pub provider: Option<String>,
        /// When a run or Studio last used it (RFC 3339); None: never, or the server did not say.
        pub last_used: Option<String>,
    }
}

record! {
    /// A pipeline action as the workspace's listing gave it; every field but the id may be missing
    /// on a real server (None: it did not say; the name is then empty).
    pub struct ActionRecord {
        /// The server's action id.
        pub id: String,
        pub name: String,
        /// The repository URL of the pipeline it launches.
        pub pipeline: Option<String>,
        /// The event source as the API spells it: `github`, `tower`, `bucket`, `cron`, or another.
        pub source: Option<String>,
        /// `CREATING`, `ACTIVE`, `ERROR`, `PAUSED`, or another as the server sent it.
        pub status: Option<String>,
        /// When it was last triggered (RFC 3339); None: never, or the server did not say.
        pub last_seen: Option<String>,
        /// When it was created (RFC 3339).
        pub date_created: Option<String>,
    }
}

record! {
    /// An organization's member or collaborator as its listing gave it (`MemberDbDto`); every
    /// field but the id may be missing on a real server (None: it did not say).
    pub struct OrgMemberRecord {
        /// The server's member id.
        pub member_id: i64,
        pub user_name: Option<String>,
        pub email: Option<String>,
        pub first_name: Option<String>,
        pub last_name: Option<String>,
        /// The avatar's URL.
        pub avatar: Option<String>,
        /// As the API spells it: `owner`, `member`, `collaborator`, or another.
        pub role: Option<String>,
    }
}

record! {
    /// An organization's team as its listing gave it (`TeamDbDto`); None: the server did not say.
    pub struct OrgTeamRecord {
        /// The server's team id.
        pub team_id: i64,
        pub name: Option<String>,
        pub description: Option<String>,
        pub members_count: Option<i64>,
    }
}

/// How the last listing of one of an organization's people lists ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, sqlx::Type)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
#[sqlx(rename_all = "snake_case", type_name = "TEXT")]
pub enum ListingOutcome {
    /// It completed: the rows are the server's.
    Listed,
    /// The server refused it (403/404: this account may not list them); what an earlier listing
    /// brought is kept.
    Refused,
}

record! {
    /// The last outcome of a listing and when (RFC 3339).
    pub struct ListingMark {
        pub outcome: ListingOutcome,
        pub at: String,
    }
}

record! {
    pub struct ChangeItem {
        pub id: i64,
        pub account_id: i64,
        pub entity: Entity,
        pub op: ChangeOp,
        pub summary: String,
        pub state: ChangeState,
        pub message: Option<String>,
        pub created_at: String,
        pub attempts: i64,
        /// The local object the change is about (a workspace's local id for workspace changes).
        pub local_id: Option<i64>,
        /// Whether it can be edited in place from the Changes panel (set by the core).
        #[sqlx(skip)]
        pub editable: bool,
    }
}

/// A change waiting in the outbox, as the sync engine reads it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub account_id: i64,
    pub entity: Entity,
    pub op: ChangeOp,
    pub local_id: Option<i64>,
    pub natural_key: Option<String>,
    pub payload: String,
    pub base_last_updated: Option<String>,
    pub state: ChangeState,
    pub attempts: i64,
    pub next_attempt_at: Option<String>,
    pub message: Option<String>,
}

// ---- what a pull writes (server objects, no local ids) ----

#[derive(Debug, Clone, PartialEq)]
pub struct OrgRecord {
    pub org_id: i64,
    pub name: String,
    pub full_name: Option<String>,
    pub description: Option<String>,
    pub logo_url: Option<String>,
    pub role: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WorkspaceRecord {
    pub org_id: i64,
    pub workspace_id: i64,
    pub name: String,
    /// None: no response said it (stored as unknown).
    pub full_name: Option<String>,
    pub description: Option<String>,
    /// None: no response said it (stored as unknown).
    pub visibility: Option<Visibility>,
    /// None keeps the role already known (the org listing does not carry it).
    pub role: Option<String>,
    pub last_updated: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParticipantRecord {
    pub participant_id: i64,
    pub kind: String,
    pub member_id: Option<i64>,
    pub team_id: Option<i64>,
    pub user_name: Option<String>,
    pub name: String,
    pub email: Option<String>,
    pub role: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PipelineRecord {
    pub pipeline_id: i64,
    /// The server id of the workspace that owns it (None: a personal workspace).
    pub workspace_id: Option<i64>,
    pub org_name: Option<String>,
    pub workspace_name: Option<String>,
    pub name: String,
    pub description: Option<String>,
    pub repository: Option<String>,
    pub icon: Option<String>,
    pub compute_env_id: Option<String>,
    pub compute_env_name: Option<String>,
    pub labels: Vec<String>,
    pub last_updated: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunRecord {
    pub workflow_id: String,
    pub run_name: String,
    pub project_name: Option<String>,
    pub status: String,
    pub user_name: Option<String>,
    pub submitted: Option<String>,
    pub start: Option<String>,
    pub complete: Option<String>,
    pub progress_percent: Option<f64>,
    pub cost: Option<f64>,
    pub cpu_hours: Option<f64>,
    pub memory_gib_hours: Option<f64>,
    /// `name` or `name=value`.
    pub labels: Vec<String>,
    /// What the credits breakdowns need (migration `20261202000010_run_costs.sql`); None where the
    /// server did not say. A listing leaves a known compute environment, platform and pipeline as
    /// they were (only a read of the run gives the first two).
    pub usage: RunUsage,
}

/// A run's resources and where it ran, for credits.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunUsage {
    /// The Launchpad pipeline's server id (`pipelineInfo.id`).
    pub pipeline_id: Option<i64>,
    pub compute_env_id: Option<String>,
    /// The compute environment's platform (`aws-batch`, `seqeracompute-platform`...).
    pub platform: Option<String>,
    /// CPUs requested by the tasks (`workflowProgress.cpus`).
    pub cpus: Option<i64>,
    /// Memory requested by the tasks, bytes (`memoryReq`).
    pub memory_req: Option<i64>,
    /// Peak memory, bytes (`peakMemory`).
    pub peak_memory: Option<i64>,
    /// Memory GiB-hours as billed (towerdesk-core's credits rules).
    pub billed_memory_gib_hours: Option<f64>,
    /// With no server cost: the run's credits at the rates (towerdesk-core), else None.
    pub estimate: Option<f64>,
}

/// Whether a run's status (as the store keeps it, lower case) is final: it will not change again
/// (`unknown`: the Platform lost track of it).
pub fn run_is_finished(status: &str) -> bool {
    matches!(status, "succeeded" | "failed" | "cancelled" | "unknown")
}
