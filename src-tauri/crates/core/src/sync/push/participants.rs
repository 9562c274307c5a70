//! Sending queued participant changes (entity `participant`). Participants have no `lastUpdated`:
//! a role change carries the role it was based on (in `base_last_updated`), and the server's
//! participant is looked up before anything is sent. Every choice comes from [`plan`], a pure
//! function tested with a table below.

use towerdesk_platform_api::{
    AddParticipantRequest, ApiErrorKind, Participant as ServerParticipant, PlatformClient,
    WorkspaceRole,
};
use towerdesk_store::{
    ChangeOp, OutboxRow, ParticipantInput, ParticipantPayload, ParticipantRecord, Store,
};

use super::{Failure, Sent};
use crate::error::AppError;
use crate::events::Section;
use crate::sync::decide::Plan;
use crate::sync::entities::SyncedEntity;

/// How a participant change is sent and kept (the core's entity table in `sync/entities.rs`).
pub(crate) struct ParticipantSync;

impl SyncedEntity for ParticipantSync {
    const EDITABLE: bool = false;
    const SECTIONS: &'static [Section] = &[Section::Participants];

    async fn send(
        store: &Store,
        client: &PlatformClient,
        change: &OutboxRow,
    ) -> Result<Sent, Failure> {
        send_participant(store, client, change).await
    }

    /// Based on the role the server gives them now.
    async fn keep_mine(
        store: &Store,
        client: &PlatformClient,
        row: &OutboxRow,
    ) -> Result<(), AppError> {
        let rebase = match row.local_id {
            Some(local) => server_role(store, client, local).await?,
            None => None,
        };
        store.retry_change(row.id, rebase.as_deref()).await?;
        Ok(())
    }
}

/// The role the server gives participant `local` now (None: not on the server, or no role listed).
async fn server_role(
    store: &Store,
    client: &PlatformClient,
    local: i64,
) -> Result<Option<String>, AppError> {
    let target = store.participant(local).await?;
    let ws = store
        .workspace(store.participant_workspace(local).await?)
        .await?;
    let (Some(org), Some(wsid), Some(pid)) = (ws.org_id, ws.workspace_id, target.participant_id)
    else {
        return Ok(None);
    };
    let list = client.list_participants_all(org, wsid, None).await?;
    Ok(list
        .iter()
        .find(|p| p.participant_id == Some(pid))
        .and_then(|p| p.wsp_role.as_ref())
        .map(|r| r.as_str().to_string()))
}

/// How a queued add is made and recognized, from its payload (which names who is added in
/// exactly one way).
trait Add {
    fn request(&self) -> Result<AddParticipantRequest, Failure>;
    fn names(&self, p: &ServerParticipant) -> bool;
}

impl Add for ParticipantPayload {
    fn request(&self) -> Result<AddParticipantRequest, Failure> {
        match (self.member_id, self.team_id, &self.user_name_or_email) {
            (Some(m), _, _) => Ok(AddParticipantRequest::MemberId(m)),
            (_, Some(t), _) => Ok(AddParticipantRequest::TeamId(t)),
            (_, _, Some(u)) => Ok(AddParticipantRequest::UserNameOrEmail(u.clone())),
            _ => Err(Failure::local(
                ApiErrorKind::BadRequest,
                "The queued add names nobody to add.",
            )),
        }
    }

    /// Whether the server's participant is the one this add makes.
    fn names(&self, p: &ServerParticipant) -> bool {
        match (self.member_id, self.team_id, &self.user_name_or_email) {
            (Some(m), _, _) => p.member_id == Some(m),
            (_, Some(t), _) => p.team_id == Some(t),
            (_, _, Some(u)) => {
                p.team_id.is_none()
                    && (p
                        .user_name
                        .as_deref()
                        .is_some_and(|n| n.eq_ignore_ascii_case(u))
                        || p.email
                            .as_deref()
                            .is_some_and(|e| e.eq_ignore_ascii_case(u)))
            }
            _ => false,
        }
    }
}

/// The payload of a queued add.
pub(crate) fn participant_payload(org_id: i64, input: &ParticipantInput) -> ParticipantPayload {
    ParticipantPayload {
        org_id,
        member_id: input.member_id,
        team_id: input.team_id,
        user_name_or_email: if input.member_id.is_none() && input.team_id.is_none() {
            input.user_name_or_email.clone()
        } else {
            None
        },
        role: input.role.clone(),
        name: None,
    }
}

/// A participant as the server lists it, as the store keeps it (the pull writes these).
pub(crate) fn participant_record(p: &ServerParticipant) -> Option<ParticipantRecord> {
    let name = match (&p.team_name, &p.first_name, &p.last_name, &p.user_name) {
        (Some(team), ..) => team.clone(),
        (_, Some(f), Some(l), _) if !f.is_empty() || !l.is_empty() => {
            format!("{f} {l}").trim().to_string()
        }
        (_, _, _, Some(u)) => u.clone(),
        _ => p.email.clone().unwrap_or_default(),
    };
    Some(ParticipantRecord {
        participant_id: p.participant_id?,
        kind: p
            .participant_type
            .as_ref()
            .map_or("MEMBER".into(), |t| t.as_str().to_string()),
        member_id: p.member_id,
        team_id: p.team_id,
        user_name: p.user_name.clone(),
        name,
        email: p.email.clone(),
        role: p
            .wsp_role
            .as_ref()
            .map_or("view".into(), |r| r.as_str().to_string()),
    })
}

/// How to send a participant change, from what is known.
///
/// - `attempts`: attempts already started (an add tried before may have landed with its answer lost).
/// - `known_on_server`: the local row already has a server id (a pull saw the participant).
/// - `base_role`, `wanted_role`: a role change's starting point and goal.
/// - `server_role`: when the server's participant was looked up, `Some(None)` if it is not there.
pub fn plan(
    op: ChangeOp,
    attempts: i64,
    known_on_server: bool,
    base_role: Option<&str>,
    wanted_role: &str,
    server_role: Option<Option<&str>>,
) -> Plan {
    let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    match op {
        ChangeOp::Create if attempts > 0 || known_on_server => Plan::LookUpThenCreate,
        ChangeOp::Create => Plan::Send,
        ChangeOp::Delete => match server_role {
            Some(None) => Plan::AlreadyDone,
            _ => Plan::Send,
        },
        ChangeOp::Update => match server_role {
            Some(None) => Plan::Conflict("Removed on the server.".into()),
            Some(Some(server)) if same(server, wanted_role) => Plan::AlreadyDone,
            Some(Some(server)) => match base_role {
                Some(base) if !same(base, server) => Plan::Conflict(format!(
                    "Changed on the server to {} since you edited it.",
                    server.to_ascii_lowercase()
                )),
                _ => Plan::Send,
            },
            None => Plan::Send,
        },
    }
}

async fn send_participant(
    store: &Store,
    client: &PlatformClient,
    change: &OutboxRow,
) -> Result<Sent, Failure> {
    let change = &store.outbox_row(change.id).await?;
    let op = change.op;
    let local = change.local_id.ok_or_else(|| {
        Failure::local(
            ApiErrorKind::BadRequest,
            "The queued change names no participant.",
        )
    })?;
    let row = store.participant(local).await?;
    let ws = store
        .workspace(store.participant_workspace(local).await?)
        .await?;
    // A workspace created here must reach the server first (its create is earlier in the queue).
    let (Some(_), Some(ws_remote)) = (ws.org_id, ws.workspace_id) else {
        return Err(Failure::local(
            ApiErrorKind::Server,
            format!(
                "Waiting for the workspace {} to be added on the server first.",
                ws.name
            ),
        ));
    };
    let attempts_before = change.attempts;
    // Recorded before the request leaves: if we crash now, the next attempt looks first.
    store.start_attempt(change.id).await?;

    match op {
        ChangeOp::Create => {
            let add: ParticipantPayload = change.payload_as().map_err(Failure::unreadable)?;
            let org = add.org_id;
            let wanted = WorkspaceRole::from(add.role.as_str());
            if plan(
                op,
                attempts_before,
                row.participant_id.is_some(),
                None,
                &add.role,
                None,
            ) == Plan::LookUpThenCreate
            {
                let listed = client.list_participants_all(org, ws_remote, None).await?;
                if let Some(found) = listed.iter().find(|p| {
                    add.names(p)
                        || (row.participant_id.is_some() && p.participant_id == row.participant_id)
                }) && let Some(pid) = found.participant_id
                {
                    store.set_participant_remote_id(local, pid).await?;
                    if found.wsp_role.as_ref() != Some(&wanted) {
                        client
                            .update_participant_role(org, ws_remote, pid, &wanted)
                            .await?;
                    }
                    store.complete_change(change.id, Some(pid), None).await?;
                    return Ok(Sent::Adopted);
                }
            }
            let made = client
                .add_participant(org, ws_remote, &add.request()?)
                .await?;
            let pid = made.participant_id.ok_or_else(|| {
                Failure::local(
                    ApiErrorKind::Decode,
                    "The server added the participant but sent no id.",
                )
            })?;
            store.set_participant_remote_id(local, pid).await?;
            if made.wsp_role.as_ref() != Some(&wanted) {
                client
                    .update_participant_role(org, ws_remote, pid, &wanted)
                    .await?;
            }
            store.complete_change(change.id, Some(pid), None).await?;
            Ok(Sent::Done)
        }
        ChangeOp::Update | ChangeOp::Delete => {
            let payload: ParticipantPayload = change.payload_as().map_err(Failure::unreadable)?;
            let org = payload.org_id;
            let pid = row.participant_id.ok_or_else(|| {
                Failure::local(
                    ApiErrorKind::BadRequest,
                    "The server does not have this participant yet.",
                )
            })?;
            let listed = client.list_participants_all(org, ws_remote, None).await?;
            let server_role = listed
                .iter()
                .find(|p| p.participant_id == Some(pid))
                .map(|p| p.wsp_role.as_ref().map(|r| r.as_str().to_string()));
            let server_role: Option<Option<&str>> = Some(match &server_role {
                Some(Some(r)) => Some(r.as_str()),
                // Listed without a role: treat it as present with an unknown role.
                Some(None) => Some(""),
                None => None,
            });
            match plan(
                op,
                attempts_before,
                true,
                change.base_last_updated.as_deref(),
                &payload.role,
                server_role,
            ) {
                Plan::Conflict(why) => Err(Failure::local(ApiErrorKind::Conflict, why)),
                Plan::AlreadyDone => {
                    store.complete_change(change.id, None, None).await?;
                    Ok(Sent::Done)
                }
                Plan::Send | Plan::LookUpThenCreate => {
                    if op == ChangeOp::Delete {
                        client.remove_participant(org, ws_remote, pid).await?;
                    } else {
                        client
                            .update_participant_role(
                                org,
                                ws_remote,
                                pid,
                                &WorkspaceRole::from(payload.role.as_str()),
                            )
                            .await?;
                    }
                    store.complete_change(change.id, None, None).await?;
                    Ok(Sent::Done)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use towerdesk_store::ChangeOp as Op;

    #[test]
    fn plan_table() {
        let changed =
            |r: &str| Plan::Conflict(format!("Changed on the server to {r} since you edited it."));
        type Case<'a> = (
            Op,
            i64,
            bool,
            Option<&'a str>,
            &'a str,
            Option<Option<&'a str>>,
            Plan,
        );
        let cases: Vec<Case> = vec![
            // Adds: never tried and unknown -> send; tried (maybe landed) or seen by a pull -> look first.
            (Op::Create, 0, false, None, "launch", None, Plan::Send),
            (
                Op::Create,
                1,
                false,
                None,
                "launch",
                None,
                Plan::LookUpThenCreate,
            ),
            (
                Op::Create,
                0,
                true,
                None,
                "launch",
                None,
                Plan::LookUpThenCreate,
            ),
            // Role changes: the server already has it -> done; has the base -> send;
            // another role -> conflict; gone -> conflict.
            (
                Op::Update,
                0,
                true,
                Some("launch"),
                "maintain",
                Some(Some("maintain")),
                Plan::AlreadyDone,
            ),
            (
                Op::Update,
                2,
                true,
                Some("launch"),
                "maintain",
                Some(Some("MAINTAIN")),
                Plan::AlreadyDone,
            ),
            (
                Op::Update,
                0,
                true,
                Some("launch"),
                "maintain",
                Some(Some("launch")),
                Plan::Send,
            ),
            (
                Op::Update,
                0,
                true,
                Some("launch"),
                "maintain",
                Some(Some("Launch")),
                Plan::Send,
            ),
            (
                Op::Update,
                0,
                true,
                Some("launch"),
                "view",
                Some(Some("maintain")),
                changed("maintain"),
            ),
            (
                Op::Update,
                0,
                true,
                Some("launch"),
                "view",
                Some(Some("ADMIN")),
                changed("admin"),
            ),
            (
                Op::Update,
                0,
                true,
                Some("launch"),
                "view",
                Some(None),
                Plan::Conflict("Removed on the server.".into()),
            ),
            (
                Op::Update,
                0,
                true,
                None,
                "view",
                Some(Some("admin")),
                Plan::Send,
            ),
            (
                Op::Update,
                0,
                true,
                Some("launch"),
                "view",
                None,
                Plan::Send,
            ),
            // Removals: already gone -> done; there -> send.
            (Op::Delete, 0, true, None, "", Some(None), Plan::AlreadyDone),
            (Op::Delete, 3, true, None, "", Some(None), Plan::AlreadyDone),
            (
                Op::Delete,
                0,
                true,
                None,
                "",
                Some(Some("launch")),
                Plan::Send,
            ),
        ];
        for (op, attempts, known, base, wanted, server, want) in cases {
            assert_eq!(
                plan(op, attempts, known, base, wanted, server),
                want,
                "{op:?} attempts={attempts} known={known} base={base:?} wanted={wanted} server={server:?}"
            );
        }
    }

    #[test]
    fn an_add_names_its_participant_on_the_server() {
        let p = ServerParticipant {
            participant_id: Some(5),
            member_id: Some(7),
            user_name: Some("jane-doe".into()),
            email: Some("Jane@Lab.org".into()),
            ..Default::default()
        };
        let add = |m: Option<i64>, t: Option<i64>, u: Option<&str>| ParticipantPayload {
            org_id: 1,
            member_id: m,
            team_id: t,
            user_name_or_email: u.map(str::to_string),
            role: "launch".into(),
            name: None,
        };
        assert!(add(Some(7), None, None).names(&p));
        assert!(!add(Some(8), None, None).names(&p));
        assert!(!add(None, Some(7), None).names(&p));
        assert!(add(None, None, Some("jane@lab.org")).names(&p));
        assert!(add(None, None, Some("JANE-DOE")).names(&p));
        assert!(!add(None, None, Some("jane")).names(&p));
        assert!(add(None, None, None).request().is_err());
        assert_eq!(
            serde_json::to_value(add(None, Some(3), None).request().unwrap()).unwrap(),
            serde_json::json!({ "teamId": 3 })
        );
    }
}
