//! `participants list`: a workspace's members, teams and collaborators, from the local store.

use serde::Serialize;

use crate::args::Output;
use crate::context::Ctx;
use crate::error::Result;
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
