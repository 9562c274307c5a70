//! Participants of a workspace: add one (a member or team of the organization, or anyone by user
//! name or email), change a role, remove one. Each is checked against the rules, applied to the
//! local store and queued in one transaction, then pushed; the picker of the "Add participant"
//! dialog reads the organization's members and teams live from the server.

use std::sync::Arc;

use serde::Serialize;
use towerdesk_platform_api::ApiErrorKind;
use towerdesk_store::{
    ChangeOp, NewChange, NewParticipantRow, Participant, ParticipantInput, ParticipantPayload,
    Workspace,
};

use super::Towerdesk;
use super::permissions::standing;
use crate::error::{AppError, ErrorKind};
use crate::events::Section;
use crate::rules::participants as rules;
use crate::rules::permissions;
use crate::sync::push::participants::participant_payload;

/// Someone the "Add participant" dialog offers: a member or collaborator of the organization
/// (`member_id`) or one of its teams (`team_id`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ParticipantCandidate {
    /// `MEMBER`, `COLLABORATOR` or `TEAM`.
    #[serde(rename = "type")]
    pub kind: String,
    pub member_id: Option<i64>,
    pub team_id: Option<i64>,
    /// A person's full name (else their user name), or the team's name.
    pub name: String,
    pub user_name: Option<String>,
    pub email: Option<String>,
    /// Already a participant of the workspace (shown, not offered).
    pub already_participant: bool,
}

impl Towerdesk {
    pub async fn participants(&self, workspace: i64) -> Result<Vec<Participant>, AppError> {
        self.store()?
            .participants(workspace)
            .await
            .map_err(AppError::from)
    }

    /// The workspace, its organization, the user's role in that organization (what the
    /// permissions are decided from, with the workspace's own role), after checking that the user
    /// may manage its participants at all.
    async fn participant_admin(
        &self,
        workspace: i64,
    ) -> Result<(Workspace, i64, Option<String>), AppError> {
        let ws = self.store()?.workspace(workspace).await?;
        let org_role = self.org_role_of(&ws).await?;
        permissions::manage_participants(standing(&ws, org_role.as_deref())).require()?;
        let org_id = ws.org_id.ok_or_else(|| {
            AppError::new(ErrorKind::Forbidden, permissions::PERSONAL_NO_PARTICIPANTS)
        })?;
        Ok((ws, org_id, org_role))
    }

    /// Adds a participant with a role: shown at once (waiting) and queued.
    pub async fn add_participant(
        self: &Arc<Self>,
        workspace: i64,
        input: ParticipantInput,
    ) -> Result<Participant, AppError> {
        let store = self.store()?;
        let (ws, org_id, org_role) = self.participant_admin(workspace).await?;
        let input = tidy(input);
        if input.role == "owner" {
            permissions::make_owners(standing(&ws, org_role.as_deref())).require()?;
        }
        let existing = store.participants(ws.id).await?;
        if let Some(reason) = rules::check_new_participant(&ws.name, &input, &existing) {
            return Err(AppError::new(ErrorKind::Validation, reason));
        }
        let typed = input.user_name_or_email.clone();
        let shown_name = input
            .name
            .clone()
            .or_else(|| typed.clone())
            .unwrap_or_default();
        let row = NewParticipantRow {
            kind: if input.team_id.is_some() {
                "TEAM"
            } else {
                "MEMBER"
            }
            .into(),
            member_id: input.member_id,
            team_id: input.team_id,
            user_name: typed.clone().filter(|t| !t.contains('@')),
            name: shown_name.clone(),
            email: input
                .email
                .clone()
                .or_else(|| typed.clone().filter(|t| t.contains('@'))),
            role: input.role.clone(),
        };
        let payload = participant_payload(org_id, &input);
        let summary = format!("Add participant {shown_name} as {}", input.role);
        let key = Some(natural_key(&input));
        let change = NewChange::of(ChangeOp::Create, &payload, key, None, summary);
        let added = store
            .add_participant_local(ws.account_id, ws.id, &row, &change)
            .await?;
        self.wrote(ws.account_id, Some(ws.id), &[Section::Participants]);
        self.after_change(ws.account_id);
        Ok(added)
    }

    /// Changes a participant's role: shown at once and queued with the role it was based on.
    pub async fn change_participant_role(
        self: &Arc<Self>,
        participant: i64,
        role: String,
    ) -> Result<Participant, AppError> {
        let store = self.store()?;
        let role = role.trim().to_ascii_lowercase();
        let (target, ws, org_id, org_role, all) = self.participant_target(participant).await?;
        if target.role.eq_ignore_ascii_case(&role) {
            return Ok(target);
        }
        if let Some(reason) = rules::check_role(&role) {
            return Err(AppError::new(ErrorKind::Validation, reason));
        }
        permissions::give_role(standing(&ws, org_role.as_deref()), &target, &role, &all)
            .require()?;
        let payload = ParticipantPayload {
            role: role.clone(),
            ..ParticipantPayload::naming_nobody(org_id)
        };
        let change = NewChange::of(
            ChangeOp::Update,
            &payload,
            target.participant_id.map(|id| format!("participant:{id}")),
            Some(target.role.clone()),
            format!("Change role of {} to {role}", target.name),
        );
        let changed = store
            .set_participant_role_local(ws.account_id, target.id, &role, &change)
            .await?;
        self.wrote(ws.account_id, Some(ws.id), &[Section::Participants]);
        self.after_change(ws.account_id);
        Ok(changed)
    }

    /// Removes a participant: hidden at once and queued.
    pub async fn remove_participant(self: &Arc<Self>, participant: i64) -> Result<(), AppError> {
        let store = self.store()?;
        let (target, ws, org_id, org_role, all) = self.participant_target(participant).await?;
        permissions::remove_participant(standing(&ws, org_role.as_deref()), &target, &all)
            .require()?;
        let payload = ParticipantPayload {
            name: Some(target.name.clone()),
            ..ParticipantPayload::naming_nobody(org_id)
        };
        let change = NewChange::of(
            ChangeOp::Delete,
            &payload,
            target.participant_id.map(|id| format!("participant:{id}")),
            None,
            format!("Remove participant {} from {}", target.name, ws.name),
        );
        store
            .remove_participant_local(ws.account_id, target.id, &change)
            .await?;
        self.wrote(ws.account_id, Some(ws.id), &[Section::Participants]);
        self.after_change(ws.account_id);
        Ok(())
    }

    /// The participant, their workspace and its organization, the user's role in that
    /// organization, and all the workspace's participants (the last-owner rule counts them).
    #[allow(clippy::type_complexity)]
    async fn participant_target(
        &self,
        participant: i64,
    ) -> Result<
        (
            Participant,
            Workspace,
            i64,
            Option<String>,
            Vec<Participant>,
        ),
        AppError,
    > {
        let store = self.store()?;
        let ws_id = store.participant_workspace(participant).await?;
        let (ws, org_id, org_role) = self.participant_admin(ws_id).await?;
        let all = store.participants(ws.id).await?;
        let target = all
            .iter()
            .find(|p| p.id == participant)
            .cloned()
            .ok_or_else(|| {
                AppError::new(
                    ErrorKind::NotFound,
                    "That participant is no longer in the workspace.",
                )
            })?;
        Ok((target, ws, org_id, org_role, all))
    }

    /// The organization's members, collaborators and teams for the "Add participant" picker,
    /// read live from the server (an `offline` error when it cannot be reached: the dialog then
    /// takes a typed user name or email instead).
    pub async fn participant_candidates(
        &self,
        workspace: i64,
    ) -> Result<Vec<ParticipantCandidate>, AppError> {
        let store = self.store()?;
        let (ws, org_id, _) = self.participant_admin(workspace).await?;
        let account = store.account_row(ws.account_id).await?;
        let client = self.client(&account).await?;
        let existing = store.participants(ws.id).await?;
        let members = listed(client.list_org_members_all(org_id, None).await)?;
        let collaborators = listed(client.list_org_collaborators_all(org_id, None).await)?;
        let teams = listed(client.list_org_teams_all(org_id, None).await)?;
        let mut out = Vec::new();
        for t in teams {
            let Some(team_id) = t.team_id else { continue };
            out.push(ParticipantCandidate {
                kind: "TEAM".into(),
                member_id: None,
                team_id: Some(team_id),
                name: t.name.clone().unwrap_or_else(|| format!("team {team_id}")),
                user_name: None,
                email: None,
                already_participant: existing.iter().any(|p| p.team_id == Some(team_id)),
            });
        }
        let mut seen = std::collections::HashSet::new();
        for (kind, m) in members
            .iter()
            .map(|m| ("MEMBER", m))
            .chain(collaborators.iter().map(|m| ("COLLABORATOR", m)))
        {
            let Some(member_id) = m.member_id else {
                continue;
            };
            if !seen.insert(member_id) {
                continue;
            }
            let full = [m.first_name.as_deref(), m.last_name.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            let name = Some(full.trim().to_string())
                .filter(|n| !n.is_empty())
                .or_else(|| m.user_name.clone())
                .or_else(|| m.email.clone())
                .unwrap_or_else(|| format!("member {member_id}"));
            let collaborator = kind == "COLLABORATOR"
                || m.role
                    .as_ref()
                    .is_some_and(|r| r.as_str().eq_ignore_ascii_case("collaborator"));
            out.push(ParticipantCandidate {
                kind: if collaborator {
                    "COLLABORATOR"
                } else {
                    "MEMBER"
                }
                .into(),
                member_id: Some(member_id),
                team_id: None,
                name,
                user_name: m.user_name.clone(),
                email: m.email.clone(),
                already_participant: existing.iter().any(|p| {
                    p.member_id == Some(member_id)
                        || (p.kind != "TEAM"
                            && p.email.is_some()
                            && p.email.as_deref().map(str::to_ascii_lowercase)
                                == m.email.as_deref().map(str::to_ascii_lowercase))
                }),
            });
        }
        out.sort_by(|a, b| {
            (a.kind == "TEAM")
                .cmp(&(b.kind == "TEAM"))
                .reverse()
                .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
        });
        Ok(out)
    }
}

/// A listing this role may not read is left out of the picker, not an error.
fn listed<T>(r: towerdesk_platform_api::Result<Vec<T>>) -> Result<Vec<T>, AppError> {
    match r {
        Ok(v) => Ok(v),
        Err(e) if e.kind() == ApiErrorKind::Forbidden => Ok(Vec::new()),
        Err(e) => Err(AppError::from(e)),
    }
}

fn tidy(input: ParticipantInput) -> ParticipantInput {
    let text = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    ParticipantInput {
        member_id: input.member_id,
        team_id: input.team_id,
        user_name_or_email: text(input.user_name_or_email),
        name: text(input.name),
        email: text(input.email),
        role: input.role.trim().to_ascii_lowercase(),
    }
}

/// What identifies the added participant on the server, to adopt it after a lost answer.
fn natural_key(input: &ParticipantInput) -> String {
    match (input.member_id, input.team_id, &input.user_name_or_email) {
        (Some(m), _, _) => format!("member:{m}"),
        (_, Some(t), _) => format!("team:{t}"),
        (_, _, Some(u)) => format!("user:{}", u.to_lowercase()),
        _ => String::new(),
    }
}
