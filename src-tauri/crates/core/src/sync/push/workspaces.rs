//! Sending queued workspace changes (entity `workspace`): create (adopting one a lost create made),
//! edit and delete, each checked against the server's `lastUpdated`; and "Keep mine" on a conflict.

use towerdesk_platform_api::{ApiErrorKind, NewWorkspace, PlatformClient, UpdateWorkspaceRequest};
use towerdesk_store::{ChangeOp, OutboxRow, Store, WorkspacePayload};

use super::{Failure, Sent};
use crate::error::AppError;
use crate::events::Section;
use crate::sync::decide::{self, Plan};
use crate::sync::entities::SyncedEntity;

/// How a workspace change is sent and kept (the core's entity table in `sync/entities.rs`).
pub(crate) struct WorkspaceSync;

impl SyncedEntity for WorkspaceSync {
    /// The Changes panel's Edit rewrites a queued create or edit of a workspace.
    const EDITABLE: bool = true;
    const SECTIONS: &'static [Section] = &[Section::Workspaces, Section::Organizations];

    async fn send(
        store: &Store,
        client: &PlatformClient,
        change: &OutboxRow,
    ) -> std::result::Result<Sent, Failure> {
        send_workspace(store, client, change).await
    }

    /// Based on the server's `lastUpdated` now; an edit of a workspace deleted on the server
    /// becomes a create of it again.
    async fn keep_mine(
        store: &Store,
        client: &PlatformClient,
        row: &OutboxRow,
    ) -> std::result::Result<(), AppError> {
        let mut rebase = None;
        if let Some(local) = row.local_id {
            let ws = store.workspace(local).await?;
            if let (Some(org), Some(id)) = (ws.org_id, ws.workspace_id) {
                match client.describe_workspace(org, id).await {
                    Ok(w) => rebase = w.last_updated.map(|t| t.to_rfc3339()),
                    Err(e) => {
                        let kind = e.kind();
                        let listed = listed_after_failed_lookup(client, org, id, &kind).await;
                        if row.op == ChangeOp::Update
                            && decide::gone_on_lookup(row.op, 0, &kind, listed)
                        {
                            store.recreate_workspace_change(row.id).await?;
                            return Ok(());
                        }
                        return Err(AppError::from(e));
                    }
                }
            }
        }
        store.retry_change(row.id, rebase.as_deref()).await?;
        Ok(())
    }
}

/// The workspace fields a queued create or update carries.
trait Fields {
    fn visibility(&self) -> towerdesk_platform_api::Visibility;
    fn held_by(&self, w: &towerdesk_platform_api::Workspace) -> bool;
}

impl Fields for WorkspacePayload {
    fn visibility(&self) -> towerdesk_platform_api::Visibility {
        match self.visibility.as_deref() {
            Some("SHARED") => towerdesk_platform_api::Visibility::Shared,
            _ => towerdesk_platform_api::Visibility::Private,
        }
    }

    /// Whether the server's workspace already has every field this change sets (an empty
    /// description and none are the same: the update sends "" for none).
    fn held_by(&self, w: &towerdesk_platform_api::Workspace) -> bool {
        let text = |s: Option<&str>| s.unwrap_or("").to_string();
        w.name.as_deref() == Some(self.name.as_str())
            && w.full_name.as_deref() == Some(self.full_name.as_str())
            && text(w.description.as_deref()) == text(self.description.as_deref())
            && w.visibility.as_ref() == Some(&self.visibility())
    }
}

async fn send_workspace(
    store: &Store,
    client: &PlatformClient,
    change: &OutboxRow,
) -> std::result::Result<Sent, Failure> {
    // Read again: an earlier change of the same workspace sent in this pass rebased this one on
    // the version the server now has, and the copy listed at the start of the pass predates that.
    let change = &store.outbox_row(change.id).await?;
    let payload: WorkspacePayload = change.payload_as().map_err(Failure::unreadable)?;
    let op = change.op;
    let local_id = change.local_id.ok_or_else(|| {
        Failure::local(
            ApiErrorKind::BadRequest,
            "The queued change names no workspace.",
        )
    })?;
    let ws = store.workspace(local_id).await?;
    let org = payload.org_id;
    let attempts_before = change.attempts;
    // Recorded before the request leaves: if we crash now, the next attempt knows this one may have landed.
    store.start_attempt(change.id).await?;

    match op {
        ChangeOp::Create => {
            if decide::plan(op, attempts_before, None, None) == Plan::LookUpThenCreate {
                let existing = client.list_workspaces(org).await?;
                if let Some(found) = existing.iter().find(|w| {
                    w.name
                        .as_deref()
                        .is_some_and(|n| n.eq_ignore_ascii_case(&payload.name))
                }) {
                    store
                        .complete_change(
                            change.id,
                            found.id,
                            found.last_updated.map(|t| t.to_rfc3339()).as_deref(),
                        )
                        .await?;
                    return Ok(Sent::Adopted);
                }
            }
            let created = client
                .create_workspace(
                    org,
                    &NewWorkspace {
                        name: payload.name.clone(),
                        full_name: payload.full_name.clone(),
                        description: payload.description.clone(),
                        visibility: payload.visibility(),
                    },
                )
                .await?;
            store
                .complete_change(
                    change.id,
                    created.id,
                    created.last_updated.map(|t| t.to_rfc3339()).as_deref(),
                )
                .await?;
            Ok(Sent::Done)
        }
        ChangeOp::Update | ChangeOp::Delete => {
            let remote = ws.workspace_id.ok_or_else(|| {
                Failure::local(
                    ApiErrorKind::BadRequest,
                    "The server does not have this workspace yet.",
                )
            })?;
            let server = match client.describe_workspace(org, remote).await {
                Ok(w) => {
                    let lu = w.last_updated.map(|t| t.to_rfc3339());
                    if decide::update_landed(op, attempts_before, payload.held_by(&w)) {
                        store
                            .complete_change(change.id, None, lu.as_deref())
                            .await?;
                        return Ok(Sent::Adopted);
                    }
                    Some(lu)
                }
                Err(e) => {
                    let kind = e.kind();
                    let still_listed = listed_after_failed_lookup(client, org, remote, &kind).await;
                    if decide::gone_on_lookup(op, attempts_before, &kind, still_listed) {
                        None
                    } else {
                        return Err(e.into());
                    }
                }
            };
            let server_lu: Option<Option<&str>> = match &server {
                Some(lu) => Some(lu.as_deref()),
                None => Some(None),
            };
            match decide::plan(
                op,
                attempts_before,
                change.base_last_updated.as_deref(),
                server_lu,
            ) {
                Plan::Conflict(why) => Err(Failure::local(ApiErrorKind::Conflict, why)),
                Plan::AlreadyDone => {
                    store.complete_change(change.id, None, None).await?;
                    Ok(Sent::Done)
                }
                Plan::Send | Plan::LookUpThenCreate => {
                    if op == ChangeOp::Delete {
                        client.delete_workspace(org, remote).await?;
                        store.complete_change(change.id, None, None).await?;
                    } else {
                        let updated = client
                            .update_workspace(
                                org,
                                remote,
                                &UpdateWorkspaceRequest {
                                    name: Some(payload.name.clone()),
                                    full_name: payload.full_name.clone(),
                                    description: payload.description.clone().unwrap_or_default(),
                                    visibility: payload.visibility(),
                                },
                            )
                            .await?;
                        store
                            .complete_change(
                                change.id,
                                None,
                                updated.last_updated.map(|t| t.to_rfc3339()).as_deref(),
                            )
                            .await?;
                    }
                    Ok(Sent::Done)
                }
            }
        }
    }
}

/// After a failed look-up of a workspace: whether the organization still lists it, when that tells
/// "deleted" from "not allowed" (a 403, see `decide::gone_on_lookup`); None otherwise or when the
/// listing cannot be had.
async fn listed_after_failed_lookup(
    client: &PlatformClient,
    org: i64,
    workspace_id: i64,
    kind: &ApiErrorKind,
) -> Option<bool> {
    if !decide::check_listing_after_lookup(kind) {
        return None;
    }
    client
        .list_workspaces(org)
        .await
        .ok()
        .map(|list| list.iter().any(|w| w.id == Some(workspace_id)))
}
