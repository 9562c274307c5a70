//! `runs list`, `runs view ID`, `runs cancel ID`: the same core calls as the window's Runs list
//! and run page.

use serde::Serialize;
use towerdesk_core::{RunPage, RunView};

use crate::args::{Output, RunsCmd};
use crate::context::Ctx;
use crate::error::{CliError, Result};
use crate::output;

/// One row of `runs list --output json`.
#[derive(Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RunRow {
    /// The run's id on the server (its workflow id).
    pub id: String,
    pub run_name: String,
    /// submitted, running, succeeded, failed, cancelled or unknown.
    pub status: String,
    /// The pipeline's project name (e.g. nf-core/rnaseq).
    pub pipeline: Option<String>,
    /// The compute environment's name; null until the run was viewed (the runs listing does
    /// not say it).
    pub compute_env: Option<String>,
    /// Credits (1 credit = 1 USD): a finished run's cost, or an estimate so far.
    pub cost: Option<f64>,
    pub cost_is_estimate: bool,
    pub user: Option<String>,
    pub submitted: Option<String>,
}

fn row(r: &RunView) -> RunRow {
    RunRow {
        id: r.run.workflow_id.clone(),
        run_name: r.run.run_name.clone(),
        status: r.run.status.clone(),
        pipeline: r.run.project_name.clone(),
        compute_env: r.run.compute_env.clone(),
        cost: r.credits,
        cost_is_estimate: r.credits_estimate,
        user: r.run.user_name.clone(),
        submitted: r.run.submitted.clone(),
    }
}

fn credits(v: Option<f64>, estimate: bool) -> String {
    match v {
        Some(c) if estimate => format!("{c:.2} (estimate)"),
        Some(c) => format!("{c:.2}"),
        None => "-".into(),
    }
}

pub async fn run(ctx: &Ctx, cmd: RunsCmd) -> Result<()> {
    match cmd {
        RunsCmd::List {
            workspace,
            search,
            server,
            output,
        } => {
            list(
                ctx,
                &workspace.workspace,
                search.as_deref(),
                server,
                output.output,
            )
            .await
        }
        RunsCmd::View { id, output } => view(ctx, &id, output.output).await,
        RunsCmd::Cancel { id } => cancel(ctx, &id).await,
    }
}

async fn list(
    ctx: &Ctx,
    reference: &str,
    search: Option<&str>,
    server: bool,
    format: Output,
) -> Result<()> {
    let (account, list) = match (search, server) {
        (Some(q), true) => {
            let conn = ctx.connect().await?;
            if let Some(why) = conn.offline {
                return Err(CliError::server(format!(
                    "Cannot search on the server: {why}"
                )));
            }
            let ws = ctx.workspace(&conn.account, reference).await?;
            let list = ctx.tower.search_runs_on_server(ws.id, q).await?;
            (ctx.store()?.account_row(conn.account.id).await?, list)
        }
        _ => {
            let account = ctx.account().await?;
            let ws = ctx.workspace(&account, reference).await?;
            let list = ctx.tower.runs(ws.id, search).await?;
            (account, list)
        }
    };
    let rows: Vec<RunRow> = list.runs.iter().map(row).collect();
    if format == Output::Table {
        output::note(&output::last_synced(
            account.last_sync.as_deref(),
            chrono::Utc::now(),
        ));
    }
    if !list.not_applied.is_empty() {
        output::note(&format!(
            "Not applied (Towerdesk does not keep it): {}",
            list.not_applied.join(" ")
        ));
    }
    output::list(
        format,
        &rows,
        &["ID", "RUN NAME", "STATUS", "PIPELINE", "USER", "COST"],
        |r| {
            vec![
                r.id.clone(),
                r.run_name.clone(),
                r.status.clone(),
                output::cell(r.pipeline.as_deref()),
                output::cell(r.user.as_deref()),
                credits(r.cost, r.cost_is_estimate),
            ]
        },
    )
}

async fn local_run(ctx: &Ctx, account: i64, id: &str) -> Result<i64> {
    ctx.store()?
        .run_local_id(account, id)
        .await?
        .ok_or_else(|| {
            CliError::user(format!(
                "No run {id} is kept here: run `towerdesk-cli sync` first, or check the id with `runs list`."
            ))
        })
}

async fn view(ctx: &Ctx, id: &str, format: Output) -> Result<()> {
    let conn = ctx.connect().await?;
    let local = local_run(ctx, conn.account.id, id).await?;
    let offline = |why: &str| {
        output::note(&format!("Offline ({why}): showing what was last read."));
    };
    let page = match conn.offline {
        Some(why) => {
            offline(&why);
            ctx.tower.run_page(local).await?
        }
        None => match ctx.tower.refresh_run(local).await {
            Ok(p) => p,
            Err(e) if e.kind == towerdesk_core::ErrorKind::Offline => {
                offline(&e.message);
                ctx.tower.run_page(local).await?
            }
            Err(e) => return Err(e.into()),
        },
    };
    match format {
        Output::Json => output::json(&page),
        Output::Table => output::write_stdout(&describe(&page)),
    }
}

fn describe(p: &RunPage) -> String {
    let r = &p.run;
    let mut lines = vec![
        ("Run name", r.run.run_name.clone()),
        ("Id", r.run.workflow_id.clone()),
        ("Status", r.run.status.clone()),
        ("Pipeline", output::cell(r.run.project_name.as_deref())),
        ("User", output::cell(r.run.user_name.as_deref())),
        (
            "Compute environment",
            output::cell(r.run.compute_env.as_deref()),
        ),
        ("Cost (credits)", credits(r.credits, r.credits_estimate)),
    ];
    if let Some(d) = &p.details {
        let t = d.tasks;
        lines.push((
            "Tasks",
            format!(
                "Pending {} · Submitted {} · Running {} · Cached {} · Succeeded {} · Failed {} · Aborted {}",
                t.pending, t.submitted, t.running, t.cached, t.succeeded, t.failed, t.aborted
            ),
        ));
        lines.push((
            "CPU time",
            d.cpu_time_ms.map_or("-".into(), |ms| {
                format!("{:.1} CPU-hours", ms as f64 / 3_600_000.0)
            }),
        ));
        lines.push((
            "Memory",
            d.memory_rss.map_or("-".into(), |b| {
                format!("{:.1} GiB", b as f64 / (1024.0 * 1024.0 * 1024.0))
            }),
        ));
        lines.push((
            "Wall time",
            d.wall_time_ms
                .map_or("-".into(), |ms| format!("{:.1} min", ms as f64 / 60_000.0)),
        ));
        lines.push(("Work directory", output::cell(d.work_dir.as_deref())));
        lines.push(("Read from the server", d.read_at.clone()));
    } else {
        lines.push(("Read from the server", "never".into()));
    }
    let width = lines.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let mut text: String = lines
        .iter()
        .map(|(k, v)| format!("{k:<width$}  {v}\n"))
        .collect();
    if let Some(d) = &p.details {
        if !d.processes.is_empty() {
            text.push_str("\nProcesses\n");
            for pr in &d.processes {
                let t = pr.tasks;
                text.push_str(&format!(
                    "  {}  {} / {} done, {} running\n",
                    pr.process,
                    t.succeeded + t.cached + t.failed,
                    t.total(),
                    t.running
                ));
            }
        }
        if let Some(params) = &d.params {
            text.push_str("\nParameters\n");
            text.push_str(params);
            text.push('\n');
        }
    }
    text
}

async fn cancel(ctx: &Ctx, id: &str) -> Result<()> {
    let conn = ctx.connect().await?;
    let local = local_run(ctx, conn.account.id, id).await?;
    if conn.offline.is_some() {
        return Err(CliError::server(
            "Cancelling a run needs a connection to the server: it was not cancelled.",
        ));
    }
    let page = ctx.tower.cancel_run(local).await?;
    output::write_stdout(&format!(
        "Cancelled run {} ({}): {}.\n",
        page.run.run.run_name, page.run.run.workflow_id, page.run.run.status
    ))
}
