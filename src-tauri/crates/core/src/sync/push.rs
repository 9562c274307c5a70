//! Push: sends the outbox to the server in order. Every choice comes from `decide`; this file only
//! talks HTTP and SQL. An attempt is recorded before its request leaves, so a crash in flight
//! still counts, and the next attempt of a create looks the object up before creating it again.

use std::collections::HashSet;
use std::time::Duration;

use towerdesk_platform_api::{
    ApiError, ApiErrorKind, NewWorkspace, PlatformClient, UpdateWorkspaceRequest,
};
use towerdesk_store::{AccountRow, ChangeOp, ChangeState, Entity, OutboxRow, Store};

use super::decide::{self, AfterError, Plan};
use crate::error::{CoreError, Result};

pub(crate) mod labels;
pub(crate) mod participants;

/// What one push did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PushSummary {
    pub sent: usize,
    pub adopted: usize,
    pub rejected: usize,
    pub conflicts: usize,
    /// Changes still waiting (to be retried later).
    pub deferred: usize,
}

enum Sent {
    Done,
    Adopted,
}

/// Why a change did not go: the server's error, or a local reason shaped like one so that
/// `decide::after_error` treats both the same.
#[derive(Debug)]
struct Failure {
    kind: ApiErrorKind,
    message: String,
    retry_after: Option<Duration>,
    source: Option<ApiError>,
}

impl Failure {
    fn local(kind: ApiErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            retry_after: None,
            source: None,
        }
    }

    fn into_core(self) -> CoreError {
        match self.source {
            Some(e) => e.into(),
            None => CoreError::Internal(self.message),
        }
    }
}

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Self {
        Self {
            kind: e.kind(),
            message: e.message().to_string(),
            retry_after: e.retry_after(),
            source: Some(e),
        }
    }
}

impl From<towerdesk_store::StoreError> for Failure {
    fn from(e: towerdesk_store::StoreError) -> Self {
        Self::local(ApiErrorKind::BadRequest, e.to_string())
    }
}

/// Sends what can be sent. Keeps retrying failed changes (after their backoff) until nothing is
/// left to send or `patience` has passed; 401 stops at once and pauses the account.
pub async fn push_account(
    store: &Store,
    client: &PlatformClient,
    account: &AccountRow,
    patience: Duration,
) -> Result<PushSummary> {
    let deadline = tokio::time::Instant::now() + patience;
    let mut summary = PushSummary::default();
    loop {
        let queue = store.outbox(account.id).await?;
        let now = chrono::Utc::now();
        let due = |c: &OutboxRow| {
            c.next_attempt_at
                .as_deref()
                .is_none_or(|t| parse_time(t).is_none_or(|t| t <= now))
        };
        let candidates = decide::sendable(
            &queue,
            |c| (c.entity, c.local_id),
            |c| c.state == ChangeState::Waiting,
        );
        let mut blocked: HashSet<(Entity, Option<i64>)> = HashSet::new();
        let mut next_due: Option<chrono::DateTime<chrono::Utc>> = None;
        let mut progressed = false;
        for change in candidates {
            let key = (change.entity, change.local_id);
            if blocked.contains(&key) {
                continue;
            }
            if !due(change) {
                next_due = min_time(
                    next_due,
                    change.next_attempt_at.as_deref().and_then(parse_time),
                );
                blocked.insert(key);
                continue;
            }
            match send(store, client, change).await {
                Ok(Sent::Done) => {
                    summary.sent += 1;
                    progressed = true;
                }
                Ok(Sent::Adopted) => {
                    summary.adopted += 1;
                    progressed = true;
                }
                Err(e) => {
                    let op = change.op;
                    let jitter: f64 = rand::random();
                    match decide::after_error(
                        op,
                        e.kind.clone(),
                        e.retry_after,
                        change.attempts,
                        jitter,
                    ) {
                        AfterError::PauseAccount => {
                            store.set_token_expired(account.id, true).await?;
                            store
                                .defer_change(change.id, &now_plus(Duration::ZERO), &e.message)
                                .await?;
                            return Err(e.into_core());
                        }
                        AfterError::Done => {
                            store.complete_change(change.id, None, None).await?;
                            summary.sent += 1;
                            progressed = true;
                        }
                        AfterError::Reject => {
                            store
                                .set_change_state(
                                    change.id,
                                    ChangeState::Rejected,
                                    Some(&e.message),
                                )
                                .await?;
                            summary.rejected += 1;
                            blocked.insert(key);
                        }
                        AfterError::Conflict => {
                            store
                                .set_change_state(
                                    change.id,
                                    ChangeState::Conflict,
                                    Some(&e.message),
                                )
                                .await?;
                            summary.conflicts += 1;
                            blocked.insert(key);
                        }
                        AfterError::RetryAfter(wait) => {
                            let at = now_plus(wait);
                            store.defer_change(change.id, &at, &e.message).await?;
                            next_due = min_time(next_due, parse_time(&at));
                            blocked.insert(key);
                            // Nobody answers: the rest would fail the same way. Stop; the queue waits.
                            if e.kind == ApiErrorKind::Connection
                                || (e.kind == ApiErrorKind::Timeout
                                    && tokio::time::Instant::now() >= deadline)
                            {
                                return Err(e.into_core());
                            }
                        }
                    }
                }
            }
        }
        let Some(next) = next_due else { break };
        if progressed {
            continue;
        }
        let wait = (next - chrono::Utc::now())
            .to_std()
            .unwrap_or(Duration::ZERO);
        if tokio::time::Instant::now() + wait > deadline {
            break;
        }
        tokio::time::sleep(wait).await;
    }
    let counts = store.change_counts(account.id).await?;
    summary.deferred = counts.waiting as usize;
    Ok(summary)
}

fn now_plus(d: Duration) -> String {
    (chrono::Utc::now() + chrono::Duration::from_std(d).unwrap_or_default())
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn parse_time(s: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc))
}

fn min_time(
    a: Option<chrono::DateTime<chrono::Utc>>,
    b: Option<chrono::DateTime<chrono::Utc>>,
) -> Option<chrono::DateTime<chrono::Utc>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The workspace fields a queued create or update carries.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct WorkspacePayload {
    org_id: i64,
    #[serde(default)]
    name: String,
    #[serde(default)]
    full_name: String,
    description: Option<String>,
    #[serde(default)]
    visibility: Option<String>,
}

impl WorkspacePayload {
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

async fn send(
    store: &Store,
    client: &PlatformClient,
    change: &OutboxRow,
) -> std::result::Result<Sent, Failure> {
    match change.entity {
        Entity::Workspace => send_workspace(store, client, change).await,
        Entity::Label => labels::send_label(store, client, change).await,
        Entity::WorkspaceSettings => labels::send_settings(store, client, change).await,
        Entity::Participant => participants::send_participant(store, client, change).await,
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
    let payload: WorkspacePayload = serde_json::from_str(&change.payload).map_err(|e| {
        Failure::local(
            ApiErrorKind::BadRequest,
            format!("The queued change could not be read: {e}"),
        )
    })?;
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
pub(crate) async fn listed_after_failed_lookup(
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
