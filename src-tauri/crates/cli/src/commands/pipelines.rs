//! `pipelines list`: a workspace's Launchpad from the local store: its own pipelines, those
//! shared with it from the organization's shared workspaces, or both.

use serde::Serialize;
use towerdesk_core::{PipelinesFrom, Workspace};

use crate::args::{Output, PipelineVisibilityArg};
use crate::context::Ctx;
use crate::error::Result;
use crate::output;

#[derive(Debug, Serialize, PartialEq)]
pub struct PipelineRow {
    /// The server's pipeline id (None: added here, not on the server yet).
    pub id: Option<i64>,
    pub name: String,
    pub description: Option<String>,
    pub repository: Option<String>,
    /// `ORG/WS` of the workspace the pipeline belongs to.
    pub workspace: String,
    /// Shared into this workspace from another one.
    pub shared: bool,
}

/// The rows `pipelines list` prints (also what `bench local-pipelines` times).
pub async fn rows(
    ctx: &Ctx,
    ws: &Workspace,
    visibility: PipelineVisibilityArg,
) -> Result<Vec<PipelineRow>> {
    let from = match visibility {
        PipelineVisibilityArg::Private => PipelinesFrom::ThisWorkspace,
        PipelineVisibilityArg::Shared | PipelineVisibilityArg::All => PipelinesFrom::ThisAndShared,
    };
    Ok(ctx
        .store()?
        .pipelines(ws.id, from, None)
        .await?
        .into_iter()
        .filter(|p| visibility != PipelineVisibilityArg::Shared || p.shared)
        .map(|p| PipelineRow {
            id: p.pipeline_id,
            name: p.name,
            description: p.description,
            repository: p.repository,
            workspace: p.workspace_ref,
            shared: p.shared,
        })
        .collect())
}

pub async fn list(
    ctx: &Ctx,
    reference: &str,
    visibility: PipelineVisibilityArg,
    format: Output,
) -> Result<()> {
    let account = ctx.account().await?;
    let ws = ctx.workspace(&account, reference).await?;
    let rows = rows(ctx, &ws, visibility).await?;
    if format == Output::Table {
        output::note(&output::last_synced(
            account.last_sync.as_deref(),
            chrono::Utc::now(),
        ));
    }
    output::list(
        format,
        &rows,
        &["ID", "NAME", "WORKSPACE", "SHARED", "REPOSITORY"],
        |p| {
            vec![
                p.id.map_or_else(|| "(queued)".into(), |id| id.to_string()),
                p.name.clone(),
                p.workspace.clone(),
                if p.shared { "yes" } else { "no" }.into(),
                output::cell(p.repository.as_deref()),
            ]
        },
    )
}
