//! `pipelines list`: a workspace's Launchpad from the local store: its own pipelines, those
//! shared with it from the organization's shared workspaces, or both; `pipelines add|update|delete`.

use serde::Serialize;
use towerdesk_core::store::Entity;
use towerdesk_core::{PipelineInput, PipelinesFrom, Workspace};

use super::workspaces::{connect_synced, finish_entity_write};
use crate::args::{Output, PipelineFormUpdate, PipelineVisibilityArg, PipelinesCmd};
use crate::context::{Connected, Ctx, workspace_ref};
use crate::error::{CliError, Result};
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

/// `pipelines add|update|delete`: the form is checked by the core (nothing is kept or sent when
/// it is refused), kept as a draft, published through the outbox and pushed; offline it stays
/// queued ("queued", exit 0).
pub async fn write(ctx: &Ctx, cmd: PipelinesCmd) -> Result<()> {
    match cmd {
        PipelinesCmd::List { .. } => unreachable!("listed by `list`"),
        PipelinesCmd::Add {
            workspace,
            form,
            pipeline,
        } => {
            let conn = connect_synced(ctx).await?;
            let ws = ctx.workspace(&conn.account, &workspace.workspace).await?;
            let mut input = PipelineInput {
                name: form.name.clone(),
                pipeline,
                ..PipelineInput::default()
            };
            apply(ctx, &ws, &mut input, &form.rest).await?;
            refuse_invalid(ctx, &ws, &input, None).await?;
            let what = format!(
                "add pipeline {} to {}",
                input.name.trim(),
                workspace_ref(&ws)
            );
            let draft = ctx
                .tower
                .save_pipeline_draft(ws.id, None, None, input)
                .await?;
            let published = match ctx.tower.publish_pipeline_draft(draft.draft.id).await {
                Ok(d) => d,
                Err(e) => {
                    // Refused (the user's role): nothing is kept.
                    let _ = ctx.tower.discard_pipeline_draft(draft.draft.id).await;
                    return Err(e.into());
                }
            };
            finish(ctx, &conn, published.draft.pipeline_local_id, &what).await
        }
        PipelinesCmd::Update {
            workspace,
            target,
            new_name,
            form,
            pipeline_url,
        } => {
            let conn = connect_synced(ctx).await?;
            let ws = ctx.workspace(&conn.account, &workspace.workspace).await?;
            let local = find(ctx, &ws, &target).await?;
            let mut input = ctx.store()?.pipeline(local).await?.input();
            if let Some(name) = new_name {
                input.name = name;
            }
            if let Some(url) = pipeline_url {
                input.pipeline = url;
            }
            apply(ctx, &ws, &mut input, &form).await?;
            refuse_invalid(ctx, &ws, &input, Some(local)).await?;
            let what = format!(
                "update pipeline {} in {}",
                input.name.trim(),
                workspace_ref(&ws)
            );
            ctx.tower.update_pipeline(local, input).await?;
            finish(ctx, &conn, Some(local), &what).await
        }
        PipelinesCmd::Delete { workspace, target } => {
            let conn = connect_synced(ctx).await?;
            let ws = ctx.workspace(&conn.account, &workspace.workspace).await?;
            let local = find(ctx, &ws, &target).await?;
            let current = ctx.store()?.pipeline(local).await?;
            let what = format!(
                "delete pipeline {} from {}",
                current.name,
                workspace_ref(&ws)
            );
            ctx.tower.delete_pipeline(local).await?;
            if current.pipeline_id.is_none() && ctx.store()?.pipeline(local).await.is_err() {
                return output::write_stdout(&format!("done: {what} (it had not been sent yet)\n"));
            }
            finish(ctx, &conn, Some(local), &what).await
        }
    }
}

/// Pushes the pipeline's change and says what became of it.
pub(crate) async fn finish(
    ctx: &Ctx,
    conn: &Connected,
    local: Option<i64>,
    what: &str,
) -> Result<()> {
    let Some(local) = local else {
        return output::write_stdout(&format!("done: {what}\n"));
    };
    finish_entity_write(
        ctx,
        conn,
        Entity::Pipeline,
        local,
        what,
        |store, id| async move { store.pipeline(id).await.ok().and_then(|p| p.pipeline_id) },
    )
    .await
}

/// The workspace's own pipeline named `target` (without case) or with that server id.
async fn find(ctx: &Ctx, ws: &Workspace, target: &str) -> Result<i64> {
    let own = ctx
        .store()?
        .pipelines(ws.id, PipelinesFrom::ThisWorkspace, None)
        .await?;
    let target = target.trim();
    let by_id = target.parse::<i64>().ok();
    own.iter()
        .find(|p| {
            p.name.eq_ignore_ascii_case(target) || (by_id.is_some() && p.pipeline_id == by_id)
        })
        .map(|p| p.id)
        .ok_or_else(|| {
            CliError::user(format!(
                "No pipeline '{target}' in {} (see `towerdesk-cli pipelines list -w {}`).",
                workspace_ref(ws),
                workspace_ref(ws)
            ))
        })
}

/// The options given, into the form. Files are read whole; a compute environment is named.
async fn apply(
    ctx: &Ctx,
    ws: &Workspace,
    input: &mut PipelineInput,
    form: &PipelineFormUpdate,
) -> Result<()> {
    let read = |flag: &str, path: &std::path::Path| {
        std::fs::read_to_string(path)
            .map_err(|e| CliError::user(format!("Cannot read {flag} {}: {e}.", path.display())))
    };
    if let Some(d) = &form.description {
        input.description = d.clone();
    }
    if let Some(name) = &form.compute_env {
        let envs = ctx.store()?.compute_envs(ws.id).await?;
        let found = envs
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| {
                let known: Vec<&str> = envs.iter().map(|c| c.name.as_str()).collect();
                CliError::user(format!(
                    "No compute environment '{name}' in {} (known here: {}).",
                    workspace_ref(ws),
                    if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    }
                ))
            })?;
        input.compute_env_id = found.id.clone();
    }
    if let Some(r) = &form.revision {
        input.revision = r.clone();
    }
    if let Some(w) = &form.work_dir {
        input.work_dir = w.clone();
    }
    if !form.profiles.is_empty() {
        input.config_profiles = form.profiles.clone();
    }
    if let Some(f) = &form.params_file {
        input.params_text = read("--params-file", f)?;
    }
    if let Some(f) = &form.pre_run {
        input.pre_run_script = read("--pre-run", f)?;
    }
    if let Some(f) = &form.post_run {
        input.post_run_script = read("--post-run", f)?;
    }
    if let Some(f) = &form.config {
        input.config_text = read("--config", f)?;
    }
    Ok(())
}

/// Every problem the core sees in the form, in one line; nothing is kept or sent.
async fn refuse_invalid(
    ctx: &Ctx,
    ws: &Workspace,
    input: &PipelineInput,
    pipeline: Option<i64>,
) -> Result<()> {
    let errors = ctx
        .tower
        .check_pipeline_input(ws.id, input, pipeline)
        .await?;
    if errors.is_empty() {
        return Ok(());
    }
    let words: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    Err(CliError::user(words.join(" ")))
}
