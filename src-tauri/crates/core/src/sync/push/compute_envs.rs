//! Push of `primary_compute_env` changes (Make primary): `POST /compute-envs/{id}/primary` with
//! `{}`, once. The request is idempotent, so a change tried before (its answer may have been lost,
//! or we crashed in flight) first lists the workspace's compute environments and is done if the
//! server has that one primary already; otherwise it is sent (again, harmlessly). A 403 (a role
//! that may not) or a 404 (gone on the server) rejects the change with the server's words:
//! Discard puts the mark back here.

use towerdesk_platform_api::{ApiErrorKind, ComputeEnvSummary, PlatformClient};
use towerdesk_store::{ChangeOp, OutboxRow, PrimaryComputeEnvPayload, Store};

use super::labels::server_workspace;
use super::{Failure, Sent};
use crate::error::AppError;
use crate::events::Section;
use crate::sync::entities::SyncedEntity;

/// How a Make primary is sent (the core's entity table in `sync/entities.rs`).
pub(crate) struct PrimaryComputeEnvSync;

impl SyncedEntity for PrimaryComputeEnvSync {
    const EDITABLE: bool = false;
    const SECTIONS: &'static [Section] = &[Section::ComputeEnvs];

    async fn send(
        store: &Store,
        client: &PlatformClient,
        change: &OutboxRow,
    ) -> Result<Sent, Failure> {
        send_primary(store, client, change).await
    }

    /// A Make primary never ends in conflict (the last one made wins on the Platform too): Keep
    /// mine sends it again.
    async fn keep_mine(
        store: &Store,
        _client: &PlatformClient,
        row: &OutboxRow,
    ) -> Result<(), AppError> {
        store
            .retry_change(row.id, None)
            .await
            .map_err(AppError::from)
    }
}

/// What a Make primary does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrimaryPlan {
    /// Look the listing up first (tried before: it may have landed).
    LookUp,
    Send,
    /// The server has it primary already.
    AlreadyDone,
}

/// `attempts_before`: the change's attempts before this one; `server`: the server's listing when
/// it was looked up.
pub fn plan(attempts_before: i64, id: &str, server: Option<&[ComputeEnvSummary]>) -> PrimaryPlan {
    match server {
        None if attempts_before > 0 => PrimaryPlan::LookUp,
        None => PrimaryPlan::Send,
        Some(list) => {
            let primary = list
                .iter()
                .any(|c| c.id.as_deref() == Some(id) && c.primary == Some(true));
            if primary {
                PrimaryPlan::AlreadyDone
            } else {
                PrimaryPlan::Send
            }
        }
    }
}

async fn send_primary(
    store: &Store,
    client: &PlatformClient,
    change: &OutboxRow,
) -> Result<Sent, Failure> {
    let change = &store.outbox_row(change.id).await?;
    if change.op != ChangeOp::Update {
        return Err(Failure::unreadable(change.op));
    }
    let local = change
        .local_id
        .ok_or_else(|| Failure::unreadable("it names no workspace"))?;
    let wsid = server_workspace(store, local).await?;
    let payload: PrimaryComputeEnvPayload = change.payload_as().map_err(Failure::unreadable)?;
    let id = payload.compute_env_id.as_str();
    let attempts_before = change.attempts;
    // Recorded before the request leaves: if we crash now, the next attempt looks first.
    store.start_attempt(change.id).await?;

    let mut decision = plan(attempts_before, id, None);
    if decision == PrimaryPlan::LookUp {
        let list = client.list_compute_envs(wsid, None).await?;
        decision = plan(attempts_before, id, Some(&list));
    }
    if decision == PrimaryPlan::AlreadyDone {
        store.complete_change(change.id, None, None).await?;
        return Ok(Sent::Done);
    }
    match client.make_primary_compute_env(wsid, id).await {
        Ok(()) => {}
        // Gone on the server: nothing to make primary; rejected (not a conflict to resolve).
        Err(e) if e.kind() == ApiErrorKind::NotFound => {
            return Err(Failure::local(
                ApiErrorKind::BadRequest,
                format!(
                    "Compute environment {} is not on the server any more: {}",
                    payload.name,
                    e.message()
                ),
            ));
        }
        Err(e) => return Err(e.into()),
    }
    store.complete_change(change.id, None, None).await?;
    Ok(Sent::Done)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ce(id: &str, primary: Option<bool>) -> ComputeEnvSummary {
        ComputeEnvSummary {
            id: Some(id.into()),
            primary,
            ..ComputeEnvSummary::default()
        }
    }

    #[test]
    fn a_make_primary_is_sent_once_and_a_retry_looks_first() {
        let mine_primary = [ce("a", Some(false)), ce("b", Some(true))];
        let other_primary = [ce("a", Some(true)), ce("b", Some(false))];
        let unknown = [ce("b", None)];
        type Case<'a> = (i64, Option<&'a [ComputeEnvSummary]>, PrimaryPlan);
        let cases: Vec<Case> = vec![
            (0, None, PrimaryPlan::Send),
            (1, None, PrimaryPlan::LookUp),
            (3, None, PrimaryPlan::LookUp),
            (1, Some(&mine_primary), PrimaryPlan::AlreadyDone),
            (1, Some(&other_primary), PrimaryPlan::Send),
            (1, Some(&unknown), PrimaryPlan::Send),
            (1, Some(&[]), PrimaryPlan::Send),
        ];
        for (attempts, server, want) in cases {
            assert_eq!(plan(attempts, "b", server), want, "{attempts} {server:?}");
        }
    }
}
