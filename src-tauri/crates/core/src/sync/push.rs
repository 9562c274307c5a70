//! Push: sends the outbox to the server in order. Every choice comes from `decide`; this file only
//! talks HTTP and SQL. An attempt is recorded before its request leaves, so a crash in flight
//! still counts, and the next attempt of a create looks the object up before creating it again.

use std::collections::HashSet;
use std::time::Duration;

use towerdesk_platform_api::{ApiError, ApiErrorKind, PlatformClient};
use towerdesk_store::{AccountRow, ChangeState, Entity, OutboxRow, Store};

use super::decide::{self, AfterError};
use super::entities::{SyncedEntity, with_synced_entity};
use crate::error::{CoreError, Result};

pub(crate) mod compute_envs;
pub(crate) mod labels;
pub(crate) mod launches;
pub(crate) mod participants;
pub(crate) mod pipelines;
pub(crate) mod workspaces;

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

pub(crate) enum Sent {
    Done,
    Adopted,
}

/// Why a change did not go: the server's error, or a local reason shaped like one so that
/// `decide::after_error` treats both the same.
#[derive(Debug)]
pub(crate) struct Failure {
    kind: ApiErrorKind,
    message: String,
    retry_after: Option<Duration>,
    source: Option<ApiError>,
}

impl Failure {
    pub(crate) fn local(kind: ApiErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            retry_after: None,
            source: None,
        }
    }

    /// A queued change this build cannot read or act on (its payload, or what it names).
    pub(crate) fn unreadable(e: impl std::fmt::Display) -> Self {
        Self::local(
            ApiErrorKind::BadRequest,
            format!("The queued change could not be read: {e}"),
        )
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

async fn send(
    store: &Store,
    client: &PlatformClient,
    change: &OutboxRow,
) -> std::result::Result<Sent, Failure> {
    with_synced_entity!(change.entity, |E| E::send(store, client, change).await)
}
