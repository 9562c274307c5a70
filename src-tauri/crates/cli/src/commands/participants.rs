//! `participants list|add|role|remove`: a workspace's members, teams and collaborators, listed
//! from the local store; changes written through the core and pushed.

use serde::Serialize;
use towerdesk_core::store::Entity;
use towerdesk_core::{ChangeState, ErrorKind, Participant, ParticipantInput};

use super::workspaces::{connect_synced, push};
use crate::args::{Output, ParticipantTypeArg, ParticipantsCmd};
use crate::context::{Connected, Ctx, workspace_ref};
use crate::error::{CliError, Result};
use crate::output;

#[derive(Debug, Serialize, PartialEq)]
pub struct ParticipantRow {
    /// The server's participant id (none until an add made here is sent).
    pub id: Option<i64>,
    /// `MEMBER`, `TEAM` or `COLLABORATOR`.
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
    pub email: Option<String>,
    pub role: String,
}

pub async fn list(ctx: &Ctx, reference: &str, format: Output) -> Result<()> {
    let account = ctx.account().await?;
    let ws = ctx.workspace(&account, reference).await?;
    let rows: Vec<ParticipantRow> = ctx
        .store()?
        .participants(ws.id)
        .await?
        .into_iter()
        .map(|p| ParticipantRow {
            id: p.participant_id,
            kind: p.kind,
            name: p.name,
            email: p.email,
            role: p.role,
        })
        .collect();
    if format == Output::Table {
        output::note(&output::last_synced(
            account.last_sync.as_deref(),
            chrono::Utc::now(),
        ));
    }
    output::list(
        format,
        &rows,
        &["ID", "TYPE", "NAME", "EMAIL", "ROLE"],
        |p| {
            vec![
                p.id.map_or_else(|| "-".to_string(), |id| id.to_string()),
                p.kind.clone(),
                p.name.clone(),
                output::cell(p.email.as_deref()),
                p.role.clone(),
            ]
        },
    )
}

/// `participants add|role|remove`: recorded through the core (store + outbox in one transaction),
/// then pushed; when the server cannot be reached the change stays queued for the next sync.
pub async fn write(ctx: &Ctx, cmd: ParticipantsCmd) -> Result<()> {
    let conn = connect_synced(ctx).await?;
    match cmd {
        ParticipantsCmd::List { .. } => Ok(()),
        ParticipantsCmd::Add {
            workspace,
            name,
            kind,
            role,
        } => {
            let ws = ctx.workspace(&conn.account, &workspace.workspace).await?;
            let input = add_input(ctx, &conn, ws.id, &name, kind, &role).await?;
            let added = ctx.tower.add_participant(ws.id, input).await?;
            let what = format!(
                "add participant {} to {} as {}",
                added.name,
                workspace_ref(&ws),
                added.role
            );
            finish(ctx, &conn, added.id, &what).await
        }
        ParticipantsCmd::Role {
            workspace,
            name,
            role,
        } => {
            let ws = ctx.workspace(&conn.account, &workspace.workspace).await?;
            let p = find(ctx, ws.id, &name, &workspace_ref(&ws)).await?;
            let changed = ctx.tower.change_participant_role(p.id, role).await?;
            let what = format!(
                "change role of {} in {} to {}",
                changed.name,
                workspace_ref(&ws),
                changed.role
            );
            finish(ctx, &conn, changed.id, &what).await
        }
        ParticipantsCmd::Remove { workspace, name } => {
            let ws = ctx.workspace(&conn.account, &workspace.workspace).await?;
            let p = find(ctx, ws.id, &name, &workspace_ref(&ws)).await?;
            ctx.tower.remove_participant(p.id).await?;
            let what = format!("remove participant {} from {}", p.name, workspace_ref(&ws));
            if ctx.store()?.participant(p.id).await.is_err() {
                // The server never had it: its queued add went with it.
                return output::write_stdout(&format!("done: {what} (it had not been sent yet)\n"));
            }
            finish(ctx, &conn, p.id, &what).await
        }
    }
}

/// Who `name` is, as the Platform's add request takes it (tw's way): a team by name, a member or
/// collaborator by user name, email or name from the organization's listing when the server can
/// be reached, else (or when not listed) the user name or email itself.
async fn add_input(
    ctx: &Ctx,
    conn: &Connected,
    ws: i64,
    name: &str,
    kind: ParticipantTypeArg,
    role: &str,
) -> Result<ParticipantInput> {
    let name = name.trim();
    let candidates = if conn.offline.is_none() {
        match ctx.tower.participant_candidates(ws).await {
            Ok(c) => c,
            Err(e) if e.kind == ErrorKind::Offline => Vec::new(),
            Err(e) => return Err(e.into()),
        }
    } else {
        Vec::new()
    };
    let same = |a: Option<&str>| a.is_some_and(|a| a.eq_ignore_ascii_case(name));
    let found = candidates.iter().find(|c| match kind {
        ParticipantTypeArg::Team => c.kind == "TEAM" && same(Some(&c.name)),
        _ => {
            c.kind != "TEAM"
                && (same(c.user_name.as_deref()) || same(c.email.as_deref()) || same(Some(&c.name)))
        }
    });
    let input = match (found, kind) {
        (Some(c), _) => ParticipantInput {
            member_id: c.member_id,
            team_id: c.team_id,
            user_name_or_email: None,
            name: Some(c.name.clone()),
            email: c.email.clone(),
            role: role.to_string(),
        },
        (None, ParticipantTypeArg::Team) => {
            return Err(CliError::user(match &conn.offline {
                Some(why) => {
                    format!("Teams can only be added while the server can be reached ({why}).")
                }
                None => format!("No team named '{name}' in this organization."),
            }));
        }
        (None, _) => ParticipantInput {
            member_id: None,
            team_id: None,
            user_name_or_email: Some(name.to_string()),
            name: None,
            email: None,
            role: role.to_string(),
        },
    };
    Ok(input)
}

/// The workspace's participant called `name` (its name, user name, email or team name).
async fn find(ctx: &Ctx, ws: i64, name: &str, ws_ref: &str) -> Result<Participant> {
    let name = name.trim();
    let same = |a: Option<&str>| a.is_some_and(|a| a.eq_ignore_ascii_case(name));
    ctx.store()?
        .participants(ws)
        .await?
        .into_iter()
        .find(|p| same(Some(&p.name)) || same(p.user_name.as_deref()) || same(p.email.as_deref()))
        .ok_or_else(|| {
            CliError::user(format!(
                "No participant '{name}' in {ws_ref} (see `towerdesk-cli participants list`)."
            ))
        })
}

/// After a write was recorded: push it, then say what became of it.
async fn finish(ctx: &Ctx, conn: &Connected, local_id: i64, what: &str) -> Result<()> {
    if let Some(why) = &conn.offline {
        output::note(&format!("the server cannot be reached: {why}"));
        return output::write_stdout(&format!("queued: {what} (will be sent at the next sync)\n"));
    }
    let pushed = push(ctx, &conn.account).await;
    let left: Vec<_> = ctx
        .store()?
        .outbox(conn.account.id)
        .await?
        .into_iter()
        .filter(|c| c.entity == Entity::Participant && c.local_id == Some(local_id))
        .collect();
    let message = |c: &towerdesk_core::store::OutboxRow| c.message.clone().unwrap_or_default();
    if let Some(c) = left.iter().find(|c| c.state == ChangeState::Rejected) {
        return Err(CliError::user(format!(
            "rejected by the server: {what}: {}",
            message(c)
        )));
    }
    if let Some(c) = left.iter().find(|c| c.state == ChangeState::Conflict) {
        return Err(CliError::user(format!(
            "conflict: {what}: {} (the Towerdesk app can keep yours or take the server's)",
            message(c)
        )));
    }
    if !left.is_empty() {
        match pushed {
            Err(e) if e.kind != ErrorKind::Offline => {
                output::write_stdout(&format!("queued: {what} (will be sent at the next sync)\n"))?;
                return Err(e.into());
            }
            Err(e) => output::note(&e.message),
            Ok(()) => {}
        }
        return output::write_stdout(&format!("queued: {what} (will be sent at the next sync)\n"));
    }
    if let Err(e) = &pushed {
        output::note(&format!("sent, but then: {}", e.message));
    }
    output::write_stdout(&format!("done: {what}\n"))
}
