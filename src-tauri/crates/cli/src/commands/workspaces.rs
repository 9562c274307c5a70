//! `workspaces list|add|update|delete`. Lists read the local store; a write is recorded through
//! the core (store + outbox in one transaction) and then pushed with a sync. When the server
//! cannot be reached the change stays queued for the next sync.

use serde::Serialize;
use towerdesk_core::store::{AccountRow, Entity};
use towerdesk_core::sync::{PUSH_PATIENCE, push_account};
use towerdesk_core::{AppError, ChangeState, ErrorKind, Organization, Visibility, WorkspaceInput};

use crate::args::{Output, VisibilityArg, WorkspacesCmd};
use crate::context::{Connected, Ctx, workspace_ref};
use crate::error::{CliError, Result};
use crate::output;

#[derive(Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceRow {
    /// The server's id; null while the server does not have the workspace yet.
    pub id: Option<i64>,
    pub org: Option<String>,
    pub name: String,
    /// null when no response from the server said it (shown as "unknown").
    pub full_name: Option<String>,
    pub description: Option<String>,
    /// null when no response from the server said it (shown as "unknown").
    pub visibility: Option<Visibility>,
    /// null when the server's answers did not tell the user's role (shown as "unknown").
    pub role: Option<String>,
}

pub async fn run(ctx: &Ctx, cmd: WorkspacesCmd) -> Result<()> {
    match cmd {
        WorkspacesCmd::List { org, all, output } => {
            list(ctx, org.as_deref(), all, output.output).await
        }
        WorkspacesCmd::Add {
            org,
            name,
            full_name,
            description,
            visibility,
        } => {
            let conn = connect_synced(ctx).await?;
            let org = find_org(ctx, &conn.account, &org).await?;
            let input = WorkspaceInput {
                name,
                full_name,
                description,
                visibility: visibility_of(visibility),
            };
            let ws = ctx
                .tower
                .create_workspace(conn.account.id, org.org_id, input)
                .await?;
            let what = format!("add workspace {}/{}", org.name, ws.name);
            finish_write(ctx, &conn, ws.id, &what).await
        }
        WorkspacesCmd::Update {
            workspace,
            name,
            full_name,
            description,
            visibility,
        } => {
            let conn = connect_synced(ctx).await?;
            let current = ctx.workspace(&conn.account, &workspace.workspace).await?;
            let unknown = |what: &str, flag: &str| {
                CliError::user(format!(
                    "The {what} of {} is unknown here (the server has not said it): pass {flag}.",
                    workspace_ref(&current)
                ))
            };
            let input = WorkspaceInput {
                name: name.unwrap_or_else(|| current.name.clone()),
                full_name: full_name
                    .or_else(|| current.full_name.clone())
                    .ok_or_else(|| unknown("full name", "--full-name"))?,
                description: description.or_else(|| current.description.clone()),
                visibility: visibility
                    .map(visibility_of)
                    .or(current.visibility)
                    .ok_or_else(|| unknown("visibility", "--visibility"))?,
            };
            let ws = ctx.tower.update_workspace(current.id, input).await?;
            let what = format!("update workspace {}", workspace_ref(&ws));
            finish_write(ctx, &conn, ws.id, &what).await
        }
        WorkspacesCmd::Delete { workspace } => {
            let conn = connect_synced(ctx).await?;
            let current = ctx.workspace(&conn.account, &workspace.workspace).await?;
            let what = format!("delete workspace {}", workspace_ref(&current));
            ctx.tower.delete_workspace(current.id).await?;
            if current.workspace_id.is_none() {
                // The server never had it: its queued creation went with it.
                return output::write_stdout(&format!("done: {what} (it had not been sent yet)\n"));
            }
            finish_write(ctx, &conn, current.id, &what).await
        }
    }
}

/// What the table shows for a value no response from the server gave.
const UNKNOWN: &str = "unknown";

async fn list(ctx: &Ctx, org: Option<&str>, all: bool, format: Output) -> Result<()> {
    let account = ctx.account().await?;
    let org_id = match org {
        Some(name) => Some(find_org(ctx, &account, name).await?.org_id),
        None => None,
    };
    let rows: Vec<WorkspaceRow> = ctx
        .store()?
        .workspaces(account.id, org_id)
        .await?
        .into_iter()
        .filter(|w| all || !w.personal)
        .map(|w| WorkspaceRow {
            id: w.workspace_id,
            org: w.org_name,
            name: w.name,
            full_name: w.full_name,
            description: w.description,
            visibility: w.visibility,
            role: w.role,
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
        &["ID", "ORG", "NAME", "FULL NAME", "VISIBILITY", "ROLE"],
        |w| {
            vec![
                match (w.id, &w.org) {
                    (Some(id), _) => id.to_string(),
                    // Not on the server yet (the personal workspace has no id at all).
                    (None, Some(_)) => "(queued)".into(),
                    (None, None) => "-".into(),
                },
                output::cell(w.org.as_deref()),
                w.name.clone(),
                w.full_name.clone().unwrap_or_else(|| UNKNOWN.into()),
                w.visibility.map_or(UNKNOWN, Visibility::as_str).into(),
                w.role.clone().unwrap_or_else(|| UNKNOWN.into()),
            ]
        },
    )
}

/// The account for a write; one never synced is synced first, so its organizations and
/// workspaces are known (and the core's checks have something to check against).
pub(crate) async fn connect_synced(ctx: &Ctx) -> Result<Connected> {
    let conn = ctx.connect().await?;
    if conn.offline.is_none() && conn.account.last_sync.is_none() {
        output::note("first use of this account: syncing first");
        ctx.tower.sync_account(conn.account.id).await?;
        let account = ctx.store()?.account_row(conn.account.id).await?;
        return Ok(Connected {
            account,
            offline: None,
        });
    }
    Ok(conn)
}

async fn find_org(ctx: &Ctx, account: &AccountRow, name: &str) -> Result<Organization> {
    let orgs = ctx.store()?.organizations(account.id).await?;
    let known: Vec<String> = orgs.iter().map(|o| o.name.clone()).collect();
    orgs.into_iter()
        .find(|o| o.name.eq_ignore_ascii_case(name.trim()))
        .ok_or_else(|| {
            CliError::user(if known.is_empty() {
                format!(
                    "Unknown organization '{name}' (never synced: run `towerdesk-cli sync` first)."
                )
            } else {
                format!(
                    "Unknown organization '{name}' (known here: {}).",
                    known.join(", ")
                )
            })
        })
}

fn visibility_of(v: VisibilityArg) -> Visibility {
    match v {
        VisibilityArg::Private => Visibility::Private,
        VisibilityArg::Shared => Visibility::Shared,
    }
}

/// Sends the account's queued changes (the push half of a sync: the store already shows the
/// result, so a write need not wait for a full pull of a large account).
pub(crate) async fn push(ctx: &Ctx, account: &AccountRow) -> std::result::Result<(), AppError> {
    let client = ctx.tower.client(account).await?;
    let store = ctx.tower.store()?;
    push_account(store, &client, account, PUSH_PATIENCE)
        .await
        .map(|_| ())
        .map_err(AppError::from)
}

/// After a write was recorded: push it, then say what became of it.
async fn finish_write(ctx: &Ctx, conn: &Connected, local_id: i64, what: &str) -> Result<()> {
    finish_entity_write(
        ctx,
        conn,
        Entity::Workspace,
        local_id,
        what,
        |store, id| async move { store.workspace(id).await.ok().and_then(|w| w.workspace_id) },
    )
    .await
}

/// After a write of `entity`'s local row `local_id` was recorded: push it, then say what became
/// of it (`server_id`: the server's id of the row once sent).
pub(crate) async fn finish_entity_write<F, Fut>(
    ctx: &Ctx,
    conn: &Connected,
    entity: Entity,
    local_id: i64,
    what: &str,
    server_id: F,
) -> Result<()>
where
    F: FnOnce(towerdesk_core::store::Store, i64) -> Fut,
    Fut: std::future::Future<Output = Option<i64>>,
{
    if let Some(why) = &conn.offline {
        output::note(&format!("the server cannot be reached: {why}"));
        return output::write_stdout(&format!("queued: {what} (will be sent at the next sync)\n"));
    }
    let account = &conn.account;
    let pushed = push(ctx, account).await;
    let store = ctx.store()?;
    let left: Vec<_> = store
        .outbox(account.id)
        .await?
        .into_iter()
        .filter(|c| c.entity == entity && c.local_id == Some(local_id))
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
    if let Some(c) = left.first() {
        return match pushed {
            Err(e) if e.kind == ErrorKind::Offline => {
                output::note(&e.message);
                output::write_stdout(&format!("queued: {what} (will be sent at the next sync)\n"))
            }
            Err(e) => {
                output::write_stdout(&format!("queued: {what} (will be sent at the next sync)\n"))?;
                Err(e.into())
            }
            Ok(()) => {
                if let Some(m) = &c.message {
                    output::note(m);
                }
                output::write_stdout(&format!("queued: {what} (will be sent at the next sync)\n"))
            }
        };
    }
    if let Err(e) = &pushed {
        output::note(&format!("sent, but then: {}", e.message));
    }
    let id = server_id(store.clone(), local_id)
        .await
        .map(|id| format!(" (id {id})"));
    output::write_stdout(&format!("done: {what}{}\n", id.unwrap_or_default()))
}
