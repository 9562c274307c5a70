//! Workspace participants: members, collaborators and teams with a workspace role.

use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{Body, P, Q, matches_text, p_i64, page, q_str};
use crate::app::App;
use crate::dto;
use crate::error::{ApiResult, EmulatorError};
use crate::model::{Grantee, Member, OrgRole, Participant, Role, State as World, User};

fn require_manager(role: Role) -> ApiResult<()> {
    if role >= Role::Admin {
        Ok(())
    } else {
        Err(EmulatorError::Forbidden(format!(
            "Operation not allowed: the '{}' role cannot manage participants",
            role.as_str()
        )))
    }
}

fn participant_label(st: &World, p: &Participant) -> String {
    match &p.grantee {
        Grantee::Member { member_id } => st.users[&st.members[member_id].user_id].user_name.clone(),
        Grantee::Team { team_id } => st.teams[team_id].name.clone(),
    }
}

pub async fn list(State(app): State<App>, p: P, q: Q) -> ApiResult<Response> {
    let (org_id, ws_id) = (p_i64(&p, "orgId")?, p_i64(&p, "workspaceId")?);
    let st = app.lock();
    st.org_workspace(org_id, ws_id)?;
    let (offset, max) = page(&q, 50)?;
    let search = q_str(&q, "search");
    let mut found: Vec<&Participant> = st
        .participants
        .values()
        .filter(|p| p.workspace_id == ws_id)
        .filter(|p| {
            search.is_none_or(|s| match &p.grantee {
                Grantee::Member { member_id } => {
                    let u = &st.users[&st.members[member_id].user_id];
                    matches_text(&u.user_name, s) || matches_text(&u.email, s)
                }
                Grantee::Team { team_id } => matches_text(&st.teams[team_id].name, s),
            })
        })
        .collect();
    found.sort_by_key(|p| participant_label(&st, p).to_lowercase());
    let total = found.len();
    let list: Vec<Value> = found
        .into_iter()
        .skip(offset)
        .take(max)
        .map(|p| dto::participant(&st, p))
        .collect();
    Ok(dto::ok(json!({ "participants": list, "totalSize": total })))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddParticipantRequest {
    member_id: Option<i64>,
    team_id: Option<i64>,
    user_name_or_email: Option<String>,
}

/// The default role of a new participant (the Platform's; change it with the role endpoint).
const NEW_PARTICIPANT_ROLE: Role = Role::Launch;

pub async fn add(
    State(app): State<App>,
    p: P,
    Body(body): Body<AddParticipantRequest>,
) -> ApiResult<Response> {
    let (org_id, ws_id) = (p_i64(&p, "orgId")?, p_i64(&p, "workspaceId")?);
    let now = app.clock.now();
    let mut st = app.lock();
    let (ws, role) = st.org_workspace(org_id, ws_id)?;
    require_manager(role)?;
    let ws_name = ws.name.clone();
    let given = [
        body.member_id.is_some(),
        body.team_id.is_some(),
        body.user_name_or_email.is_some(),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    if given != 1 {
        return Err(EmulatorError::bad(
            "Give exactly one of memberId, teamId or userNameOrEmail",
        ));
    }
    let grantee = if let Some(team_id) = body.team_id {
        st.teams
            .get(&team_id)
            .filter(|t| t.org_id == org_id)
            .ok_or_else(|| {
                EmulatorError::bad(format!("Team {team_id} not found in this organization"))
            })?;
        Grantee::Team { team_id }
    } else if let Some(member_id) = body.member_id {
        st.members
            .get(&member_id)
            .filter(|m| m.org_id == org_id)
            .ok_or_else(|| {
                EmulatorError::bad(format!("Member {member_id} not found in this organization"))
            })?;
        Grantee::Member { member_id }
    } else {
        let who = body.user_name_or_email.unwrap_or_default();
        let who = who.trim();
        let user_id =
            match st.users.values().find(|u| {
                u.user_name.eq_ignore_ascii_case(who) || u.email.eq_ignore_ascii_case(who)
            }) {
                Some(u) => u.id,
                None if who.contains('@') && who.len() > 3 => {
                    // An invitation: the Platform creates the account on first login.
                    let id = st.new_numeric_id();
                    let user_name: String = who
                        .split('@')
                        .next()
                        .unwrap_or("user")
                        .chars()
                        .map(|c| {
                            if c.is_ascii_alphanumeric() {
                                c.to_ascii_lowercase()
                            } else {
                                '-'
                            }
                        })
                        .collect();
                    st.users.insert(
                        id,
                        User {
                            id,
                            user_name,
                            email: who.to_string(),
                            first_name: None,
                            last_name: None,
                            organization: None,
                            date_created: now,
                        },
                    );
                    id
                }
                None => return Err(EmulatorError::bad(format!("User '{who}' not found"))),
            };
        let existing = st
            .members
            .values()
            .find(|m| m.org_id == org_id && m.user_id == user_id)
            .map(|m| m.id);
        let member_id = match existing {
            Some(id) => id,
            None => {
                let id = st.new_numeric_id();
                st.members.insert(
                    id,
                    Member {
                        id,
                        org_id,
                        user_id,
                        role: OrgRole::Collaborator,
                    },
                );
                id
            }
        };
        Grantee::Member { member_id }
    };
    if let Some(existing) = st
        .participants
        .values()
        .find(|p| p.workspace_id == ws_id && p.grantee == grantee)
    {
        return Err(EmulatorError::conflict(format!(
            "'{}' is already a participant of workspace '{ws_name}'",
            participant_label(&st, existing)
        )));
    }
    let id = st.new_numeric_id();
    let participant = Participant {
        id,
        workspace_id: ws_id,
        grantee,
        role: NEW_PARTICIPANT_ROLE,
    };
    let body = json!({ "participant": dto::participant(&st, &participant) });
    st.participants.insert(id, participant);
    Ok(dto::ok(body))
}

#[derive(Deserialize)]
pub struct UpdateRoleRequest {
    role: Option<String>,
}

pub async fn update_role(
    State(app): State<App>,
    p: P,
    Body(body): Body<UpdateRoleRequest>,
) -> ApiResult<Response> {
    let (org_id, ws_id, pid) = (
        p_i64(&p, "orgId")?,
        p_i64(&p, "workspaceId")?,
        p_i64(&p, "participantId")?,
    );
    let mut st = app.lock();
    let (_, role) = st.org_workspace(org_id, ws_id)?;
    require_manager(role)?;
    let name = body.role.unwrap_or_default();
    let new_role = Role::parse(&name).ok_or_else(|| {
        EmulatorError::bad(format!(
            "Invalid role '{name}': use owner, admin, maintain, launch, connect or view"
        ))
    })?;
    if new_role == Role::Owner && role < Role::Owner {
        return Err(EmulatorError::Forbidden(
            "Operation not allowed: only an owner can make another owner".into(),
        ));
    }
    let part = st
        .participants
        .get_mut(&pid)
        .filter(|p| p.workspace_id == ws_id)
        .ok_or_else(|| EmulatorError::not_found("Participant not found"))?;
    part.role = new_role;
    Ok(dto::no_content())
}

pub async fn delete(State(app): State<App>, p: P) -> ApiResult<Response> {
    let (org_id, ws_id, pid) = (
        p_i64(&p, "orgId")?,
        p_i64(&p, "workspaceId")?,
        p_i64(&p, "participantId")?,
    );
    let mut st = app.lock();
    let (_, role) = st.org_workspace(org_id, ws_id)?;
    require_manager(role)?;
    st.participants
        .get(&pid)
        .filter(|p| p.workspace_id == ws_id)
        .ok_or_else(|| EmulatorError::not_found("Participant not found"))?;
    st.participants.remove(&pid);
    Ok(dto::no_content())
}

/// `DELETE .../participants`: the caller leaves the workspace (any role may).
pub async fn leave(State(app): State<App>, p: P) -> ApiResult<Response> {
    let (org_id, ws_id) = (p_i64(&p, "orgId")?, p_i64(&p, "workspaceId")?);
    let mut st = app.lock();
    st.org_workspace(org_id, ws_id)?;
    let member_id = st.caller_member(org_id).map(|m| m.id);
    st.participants.retain(|_, p| {
        !(p.workspace_id == ws_id
            && matches!(p.grantee, Grantee::Member { member_id: m } if Some(m) == member_id))
    });
    Ok(dto::no_content())
}
