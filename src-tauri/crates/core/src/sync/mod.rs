//! The sync engine: push the outbox, then pull. `decide` holds every choice as pure functions;
//! `push` and `pull` are the executors that talk HTTP and SQL.

mod compute_envs;
pub mod decide;
pub(crate) mod entities;
mod labels;
mod launches;
mod pipelines;
pub mod pull;
pub mod push;

use std::time::Duration;

use towerdesk_platform_api::PlatformClient;
use towerdesk_store::{
    AccountRow, ChangeOp, NewChange, OutboxRow, Store, WorkspaceInput, WorkspacePayload,
};

use crate::error::Result;
use crate::events::{Section, sections_of_change};
pub use pull::Progress;

pub use compute_envs::make_primary_change;
pub use decide::Freshness;
pub use labels::{label_create, label_delete, label_update, studios_change, studios_summary};
pub use launches::launch_change;
pub use pipelines::{pipeline_create, pipeline_delete, pipeline_update};
pub use pull::{PullSummary, pull_account, pull_account_focused, pull_new_runs};
pub use push::{PushSummary, push_account};

/// How long one sync keeps retrying changes that failed for a passing reason before leaving them
/// queued for the next sync.
pub const PUSH_PATIENCE: Duration = Duration::from_secs(20);

/// What one sync of an account needs from whoever runs it (the service): the store, a client for
/// the account, and what the window asks of the pull.
pub(crate) struct SyncContext<'a> {
    pub(crate) store: &'a Store,
    pub(crate) client: &'a PlatformClient,
    pub(crate) account: &'a AccountRow,
    /// Told what is being sent or fetched and how far along.
    pub(crate) progress: &'a dyn Progress,
    /// The workspace (local id) the window shows, asked when the pull starts: it is pulled first.
    pub(crate) focus: &'a (dyn Fn() -> Option<i64> + Sync),
    /// What the pull may leave as it is, asked when the pull starts.
    pub(crate) freshness: &'a (dyn Fn() -> Freshness + Sync),
}

/// One sync: [`push`], then [`pull`]. The service runs them one after the other under the
/// account's sync lock, holding its push lock for the push only (so that a launch's own push
/// waits for another push, never for a pull).
pub(crate) async fn push(cx: &SyncContext<'_>) -> Result<()> {
    cx.progress.report("Sending your changes", 0, None);
    let queued = if cx.progress.watching() {
        Some(cx.store.outbox(cx.account.id).await?)
    } else {
        None
    };
    let pushed = push_account(cx.store, cx.client, cx.account, PUSH_PATIENCE).await;
    if let Some(before) = queued {
        let after = cx.store.outbox(cx.account.id).await?;
        report_push(&before, &after, cx.progress);
    }
    pushed?;
    Ok(())
}

/// The pull half of a sync: everything the account sees, the workspace on screen first.
pub(crate) async fn pull(cx: &SyncContext<'_>) -> Result<()> {
    pull_account_focused(
        cx.store,
        cx.client,
        cx.account,
        cx.progress,
        (cx.focus)(),
        (cx.freshness)(),
    )
    .await?;
    Ok(())
}

/// Tells `progress` what a push changed: the queued changes, and for each change that completed,
/// ended or changed state, the sections it shows in (of every workspace of the account: the
/// queue does not say which workspace a change belongs to).
fn report_push(before: &[OutboxRow], after: &[OutboxRow], progress: &dyn Progress) {
    if before == after {
        return;
    }
    progress.changed(Section::Changes, None);
    let mut told: Vec<Section> = Vec::new();
    for row in before {
        let now = after.iter().find(|r| r.id == row.id);
        if now.is_some_and(|n| n.state == row.state && n.message == row.message) {
            continue;
        }
        for &section in sections_of_change(row.entity) {
            if !told.contains(&section) {
                told.push(section);
                progress.changed(section, None);
            }
        }
    }
}

/// The queued change for adding or editing a workspace.
pub fn workspace_change(
    op: ChangeOp,
    org_id: i64,
    input: &WorkspaceInput,
    workspace_id: Option<i64>,
    base_last_updated: Option<String>,
) -> NewChange {
    let payload = WorkspacePayload {
        org_id,
        workspace_id,
        name: input.name.clone(),
        full_name: input.full_name.clone(),
        description: input.description.clone(),
        visibility: Some(input.visibility.as_str().to_string()),
    };
    let summary = match op {
        ChangeOp::Create => format!("Add workspace {}", input.name),
        ChangeOp::Update | ChangeOp::Delete => format!("Edit workspace {}", input.name),
    };
    let natural_key = Some(format!("{org_id}/{}", input.name));
    NewChange::of(op, &payload, natural_key, base_last_updated, summary)
}
