//! `drafts list|publish`: the drafts of pipeline forms kept here (`pipelines add` keeps one, as
//! does the app's form while it is typed) with their state, and publishing one.

use serde::Serialize;
use towerdesk_core::{DraftKind, DraftState};

use super::pipelines::finish;
use super::workspaces::connect_synced;
use crate::args::DraftsCmd;
use crate::context::Ctx;
use crate::error::Result;
use crate::output;

#[derive(Debug, Serialize, PartialEq)]
pub struct DraftRow {
    pub id: i64,
    /// `pipeline` or `launch`.
    pub kind: DraftKind,
    pub name: String,
    /// `ORG/WS` of the workspace it is for.
    pub workspace: String,
    /// `draft`, `waiting`, `published`, `rejected` or `conflict`.
    pub state: DraftState,
    /// The server's words for a rejected or conflicting draft.
    pub message: Option<String>,
}

fn text<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

pub async fn run(ctx: &Ctx, cmd: DraftsCmd) -> Result<()> {
    match cmd {
        DraftsCmd::List(out) => {
            let account = ctx.account().await?;
            let rows: Vec<DraftRow> = ctx
                .tower
                .drafts(account.id)
                .await?
                .into_iter()
                .map(|d| DraftRow {
                    id: d.draft.id,
                    kind: d.draft.kind,
                    name: d.draft.title,
                    workspace: d.draft.workspace_ref,
                    state: d.draft.state,
                    message: d.draft.message,
                })
                .collect();
            output::list(
                out.output,
                &rows,
                &["ID", "KIND", "NAME", "WORKSPACE", "STATE", "MESSAGE"],
                |d| {
                    vec![
                        d.id.to_string(),
                        text(&d.kind),
                        d.name.clone(),
                        d.workspace.clone(),
                        text(&d.state),
                        output::cell(d.message.as_deref()),
                    ]
                },
            )
        }
        DraftsCmd::Publish { id } => {
            let conn = connect_synced(ctx).await?;
            let d = ctx.tower.publish_pipeline_draft(id).await?;
            let what = format!(
                "publish draft {id} ({} in {})",
                d.draft.title, d.draft.workspace_ref
            );
            finish(ctx, &conn, d.draft.pipeline_local_id, &what).await
        }
    }
}
