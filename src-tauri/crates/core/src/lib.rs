//! Towerdesk's product core: domain rules, the services the window and the CLI call, the sync
//! engine that moves changes between the local store and Platform servers, and token handling.
//!
//! It must never depend on Tauri (every rule here is tested without a window, and the CLI shares it)
//! and never on the UI. Below it sit `towerdesk-store` (SQLite) and `towerdesk-platform-api` (HTTP).

pub mod credits;
pub mod demo;
pub mod error;
pub mod events;
pub mod rules;
pub mod secrets;
mod service;
pub mod status;
pub mod sync;
pub mod views;

pub use credits::{Billing, CreditRates, Forecast, ReportBy, ReportRow, Spend};
pub use demo::{DemoHandle, DemoServer};
pub use error::{AppError, CoreError, ErrorKind, Result};
pub use events::{CoreEvent, Section};
pub use rules::FieldError;
pub use rules::permissions::{
    OrgPeoplePermissions, OrganizationPermissions, ParticipantPermissions, Permission, RoleChoice,
    RunPermissions, WorkspacePermissions,
};
pub use rules::search::SearchResult;
pub use secrets::TokenVault;
pub use service::{
    BudgetView, CreditsReport, CreditsScope, DEMO_SERVER_URL, LaunchForm, LaunchOutcome,
    LaunchState, LocatedRuns, Options, ParticipantCandidate, Towerdesk, WorkspaceCredits,
    check_run_params,
};
pub use status::{AccountStatus, AppState, Connection, StoreInfo, SyncProgress};
pub use towerdesk_platform_api as platform_api;
pub use towerdesk_store as store;
/// Local credits data the commands hand back as is.
pub use towerdesk_store::OrgCredits;
pub use towerdesk_store::{
    Account, AccountKind, ActionRecord, ChangeItem, ChangeState, ComputeEnv, Credential, DraftKind,
    DraftState, Label, LabelInput, Organization, Participant, ParticipantInput, Pipeline,
    PipelineInput, PipelinesFrom, ProcessProgress, Run, RunDetails, StudiosSettingsInput,
    TaskCounts, Visibility, Workspace, WorkspaceInput, WorkspaceSettings,
};
pub use views::{
    ActionView, ComputeEnvView, DraftView, MemberListing, OrgMemberView, OrgPeopleView,
    OrganizationView, ParticipantView, RunList, RunPage, RunView, TeamListing, WorkspaceView,
};

/// Where Towerdesk keeps its data: `TOWERDESK_DATA_DIR` when set (tests, scripts), else the
/// directory the caller (the app's data dir, or the CLI's default) gives.
pub fn data_dir(default: impl Into<std::path::PathBuf>) -> std::path::PathBuf {
    match std::env::var_os("TOWERDESK_DATA_DIR") {
        Some(d) if !d.is_empty() => d.into(),
        _ => default.into(),
    }
}
