//! `launch`: a Launchpad pipeline launched through the core, so the CLI and the window apply the
//! same compute-environment rule, the same schema check of the run parameters and the same
//! exactly-once queue. Online it waits for the server's answer; with `--when-online` an
//! unreachable server queues it ("queued", exit 0).

use towerdesk_core::store::Entity;
use towerdesk_core::{ErrorKind, LaunchState, PipelinesFrom, Workspace, check_run_params};

use crate::args::LaunchArgs;
use crate::context::{Ctx, workspace_ref};
use crate::error::{CliError, Result};
use crate::output;

use super::workspaces::connect_synced;

async fn find_pipeline(ctx: &Ctx, ws: &Workspace, name: &str) -> Result<i64> {
    let all = ctx
        .store()?
        .pipelines(ws.id, PipelinesFrom::ThisAndShared, None)
        .await?;
    let wanted = name.trim();
    let by_id = wanted.parse::<i64>().ok();
    // The workspace's own pipeline first, then one shared with it.
    let mut found: Vec<_> = all
        .iter()
        .filter(|p| {
            p.name.eq_ignore_ascii_case(wanted) || (by_id.is_some() && p.pipeline_id == by_id)
        })
        .collect();
    found.sort_by_key(|p| p.shared);
    match found.first() {
        Some(p) => Ok(p.id),
        None => {
            let known: Vec<&str> = all.iter().map(|p| p.name.as_str()).collect();
            Err(CliError::user(if known.is_empty() {
                format!(
                    "Unknown pipeline '{name}' in {} (none known here: run `towerdesk-cli sync` first).",
                    workspace_ref(ws)
                )
            } else {
                format!(
                    "Unknown pipeline '{name}' in {} (known here: {}).",
                    workspace_ref(ws),
                    known.join(", ")
                )
            }))
        }
    }
}

pub async fn run(ctx: &Ctx, args: LaunchArgs) -> Result<()> {
    let conn = connect_synced(ctx).await?;
    let ws = ctx
        .workspace(&conn.account, &args.workspace.workspace)
        .await?;
    let pipeline = find_pipeline(ctx, &ws, &args.pipeline).await?;
    let form = ctx.tower.launch_form(ws.id, pipeline).await?;
    let mut input = form.values.clone();
    if let Some(name) = args.run_name {
        input.run_name = name;
    }
    if let Some(ce) = args.compute_env {
        input.compute_env_id = Some(ce);
    }
    if let Some(path) = &args.params_file {
        let text = std::fs::read_to_string(path).map_err(|e| {
            CliError::user(format!(
                "The params file {} cannot be read: {e}",
                path.display()
            ))
        })?;
        // The same check as the window's, before anything is queued.
        let issues = check_run_params(form.schema_text.as_deref(), &text);
        if !issues.is_empty() {
            let lines: Vec<String> = issues
                .iter()
                .map(|i| match i.line {
                    Some(l) => format!("{}:{l}: {}", path.display(), i.message),
                    None => format!("{}: {}", path.display(), i.message),
                })
                .collect();
            return Err(CliError::user(lines.join("\n")));
        }
        input.params_text = Some(text);
    }
    let what = format!(
        "launch {} as {} in {}",
        form.pipeline.name,
        input.run_name.trim(),
        workspace_ref(&ws)
    );
    let refused_offline = || {
        CliError::server(format!(
            "The server cannot be reached, so nothing was launched: pass --when-online to queue the launch ({what})."
        ))
    };
    if conn.offline.is_some() && !args.when_online {
        return Err(refused_offline());
    }
    let outcome = match ctx
        .tower
        .launch(ws.id, form.draft_id, input, args.when_online)
        .await
    {
        Ok(o) => o,
        Err(e) if e.kind == ErrorKind::Offline => return Err(refused_offline()),
        Err(e) => return Err(e.into()),
    };
    if outcome.state == LaunchState::Launched {
        return output::write_stdout(&format!("done: {what}\n"));
    }
    // Queued: try to send it now; it stays queued when the server does not answer.
    if conn.offline.is_none()
        && let Err(e) = ctx.tower.sync_account(conn.account.id).await
    {
        output::note(&e.message);
    }
    let left = ctx
        .store()?
        .outbox(conn.account.id)
        .await?
        .into_iter()
        .find(|c| c.entity == Entity::Launch && c.local_id == Some(outcome.draft_id));
    match left {
        None => output::write_stdout(&format!("done: {what}\n")),
        Some(c) if c.state != towerdesk_core::ChangeState::Waiting => Err(CliError::user(format!(
            "rejected by the server: {what}: {}",
            c.message.unwrap_or_default()
        ))),
        Some(_) => {
            if let Some(why) = &conn.offline {
                output::note(&format!("the server cannot be reached: {why}"));
            }
            output::write_stdout(&format!(
                "queued: {what} (will be sent once, at the next sync that reaches the server)\n"
            ))
        }
    }
}
