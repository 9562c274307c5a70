//! Diagnostics for `scripts/bench-launchpad`: the Launchpad's "This and shared workspaces" list
//! fetched live from the server, page by page, versus built from the local store; and the
//! search across everything over the same store.

use std::time::Instant;

use towerdesk_core::platform_api::{
    PageRequest, PipelineAttribute, PipelineQuery, PipelineVisibility,
};

use crate::args::{BenchCmd, PipelineVisibilityArg};
use crate::commands::pipelines;
use crate::context::Ctx;
use crate::error::{CliError, Result};
use crate::output;

pub async fn run(ctx: &Ctx, cmd: BenchCmd) -> Result<()> {
    match cmd {
        BenchCmd::LivePipelines { workspace } => live(ctx, &workspace.workspace).await,
        BenchCmd::LocalPipelines { workspace, repeat } => {
            local(ctx, &workspace.workspace, repeat.max(1)).await
        }
        BenchCmd::Search { repeat, queries } => search(ctx, &queries, repeat.max(1)).await,
        BenchCmd::FocusReady => focus_ready(ctx).await,
        BenchCmd::CreditsAggregate { workspace, repeat } => {
            credits_aggregate(ctx, &workspace.workspace, repeat.max(1)).await
        }
    }
}

/// A pull of the account with nothing on screen (a first sync), timed to the moment its first
/// workspace is filled ([`Progress::first_ready`]); the rest of the pull is left undone.
async fn focus_ready(ctx: &Ctx) -> Result<()> {
    use towerdesk_core::sync::{Freshness, Progress, pull_account_focused};
    struct Ready(std::sync::Mutex<Option<tokio::sync::oneshot::Sender<String>>>);
    impl Progress for Ready {
        fn report(&self, _: &str, _: i64, _: Option<i64>) {}
        fn first_ready(&self, _workspace: i64, label: &str) {
            if let Some(tx) = self.0.lock().ok().and_then(|mut t| t.take()) {
                let _ = tx.send(label.to_string());
            }
        }
    }
    let conn = ctx.connect().await?;
    if let Some(why) = conn.offline {
        return Err(CliError::server(format!("Cannot reach the server: {why}")));
    }
    let store = ctx.store()?;
    let client = ctx.tower.client(&conn.account).await?;
    let (tx, rx) = tokio::sync::oneshot::channel();
    let progress = Ready(std::sync::Mutex::new(Some(tx)));
    let started = Instant::now();
    let pull = pull_account_focused(
        store,
        &client,
        &conn.account,
        &progress,
        None,
        Freshness::DEFAULT,
    );
    tokio::select! {
        label = rx => {
            let s = started.elapsed().as_secs_f64();
            let label = label.unwrap_or_default();
            output::write_stdout(&format!("ready_s={s:.2} workspace={label}\n"))
        }
        done = pull => {
            done.map_err(towerdesk_core::AppError::from)?;
            Err(CliError::server("the pull ended without a workspace to fill".to_string()))
        }
    }
}

/// `Towerdesk::search` (what the window's Ctrl/Cmd+K asks) for each query `repeat` times.
async fn search(ctx: &Ctx, queries: &[String], repeat: usize) -> Result<()> {
    let mut times = Vec::with_capacity(queries.len() * repeat);
    let mut counts = Vec::with_capacity(queries.len());
    for q in queries {
        let mut n = 0;
        for _ in 0..repeat {
            let started = Instant::now();
            let results = ctx.tower.search(q).await?;
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            n = results.len();
        }
        counts.push(format!("{q}:{n}"));
    }
    times.sort_by(f64::total_cmp);
    let at = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
    output::write_stdout(&format!(
        "p50={:.2} p95={:.2} results={}\n",
        at(0.5),
        at(0.95),
        counts.join(",")
    ))
}

/// Pages `GET /pipelines?visibility=all` (100 a page, the attributes the Launchpad shows).
async fn live(ctx: &Ctx, reference: &str) -> Result<()> {
    let conn = ctx.connect().await?;
    if let Some(why) = conn.offline {
        return Err(CliError::server(format!("Cannot reach the server: {why}")));
    }
    let ws = ctx.workspace(&conn.account, reference).await?;
    let client = ctx.tower.client(&conn.account).await?;
    let query = PipelineQuery {
        visibility: Some(PipelineVisibility::All),
        attributes: vec![PipelineAttribute::Labels, PipelineAttribute::ComputeEnv],
        ..Default::default()
    };
    let started = Instant::now();
    let mut count = 0usize;
    let mut offset = 0u32;
    loop {
        let page = client
            .list_pipelines_page(
                ws.workspace_id,
                &query,
                PageRequest::new(offset, PageRequest::MAX_PAGE_SIZE),
            )
            .await
            .map_err(|e| CliError::server(format!("GET /pipelines failed: {}", e.message())))?;
        let n = page.items.len();
        count += n;
        offset += n as u32;
        let more = match page.total_size {
            Some(total) => (offset as i64) < total,
            None => n as u32 == PageRequest::MAX_PAGE_SIZE,
        };
        if n == 0 || !more {
            break;
        }
    }
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    output::write_stdout(&format!("count={count} ms={ms:.1}\n"))
}

/// Builds the `pipelines list --visibility all --output json` text `repeat` times, and runs the
/// store's "This and shared workspaces" query alone as often; prints the median, p50 and p95 of
/// both (after one warm-up of each).
async fn local(ctx: &Ctx, reference: &str, repeat: usize) -> Result<()> {
    let account = ctx.account().await?;
    let ws = ctx.workspace(&account, reference).await?;
    let store = ctx.store()?;
    let mut times = Vec::with_capacity(repeat);
    let mut query = Vec::with_capacity(repeat);
    let mut count = 0;
    for i in 0..=repeat {
        let started = Instant::now();
        let rows = pipelines::rows(ctx, &ws, PipelineVisibilityArg::All).await?;
        let text = serde_json::to_string_pretty(&rows)
            .map_err(|e| CliError::server(format!("cannot write JSON: {e}")))?;
        let whole = started.elapsed().as_secs_f64() * 1000.0;
        count = rows.len();
        std::hint::black_box(text);
        let started = Instant::now();
        let found = store
            .pipelines(ws.id, towerdesk_core::PipelinesFrom::ThisAndShared, None)
            .await?;
        let q = started.elapsed().as_secs_f64() * 1000.0;
        std::hint::black_box(found);
        if i > 0 {
            times.push(whole);
            query.push(q);
        }
    }
    let (p50, p95) = (percentile(&mut times, 50), percentile(&mut times, 95));
    let (q50, q95) = (percentile(&mut query, 50), percentile(&mut query, 95));
    output::write_stdout(&format!(
        "count={count} ms={p50:.2} p50={p50:.2} p95={p95:.2} query_p50={q50:.2} query_p95={q95:.2}\n"
    ))
}

/// The `pct` percentile of `times` (nearest rank).
fn percentile(times: &mut [f64], pct: usize) -> f64 {
    times.sort_by(f64::total_cmp);
    let rank = (times.len() * pct).div_ceil(100).max(1);
    times[rank - 1]
}

fn median(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// The median ms of `repeat` credits reports (by workspace) of one workspace and of everything,
/// and of a plain scan of the runs table adding up the same columns.
async fn credits_aggregate(ctx: &Ctx, reference: &str, repeat: usize) -> Result<()> {
    use towerdesk_core::{CreditsScope, ReportBy};
    let account = ctx.account().await?;
    let ws = ctx.workspace(&account, reference).await?;
    let one = CreditsScope {
        workspace: Some(ws.id),
        ..CreditsScope::default()
    };
    let all = CreditsScope::default();
    let (mut t_ws, mut t_all, mut t_scan) = (Vec::new(), Vec::new(), Vec::new());
    let (mut runs_ws, mut runs_all, mut runs_scan) = (0, 0, 0);
    for _ in 0..repeat {
        let started = Instant::now();
        let r = ctx
            .tower
            .credits_report(&one, None, None, ReportBy::Workspace, None)
            .await?;
        t_ws.push(started.elapsed().as_secs_f64() * 1000.0);
        runs_ws = r.total.runs;
        let started = Instant::now();
        let r = ctx
            .tower
            .credits_report(&all, None, None, ReportBy::Workspace, None)
            .await?;
        t_all.push(started.elapsed().as_secs_f64() * 1000.0);
        runs_all = r.total.runs;
        let started = Instant::now();
        let (n, cost, _) = ctx.store()?.scan_run_costs().await?;
        t_scan.push(started.elapsed().as_secs_f64() * 1000.0);
        runs_scan = n;
        std::hint::black_box(cost);
    }
    output::write_stdout(&format!(
        "runs_ws={runs_ws} runs_all={runs_all} runs_scan={runs_scan} workspace={:.2} all={:.2} scan={:.2}\n",
        median(t_ws),
        median(t_all),
        median(t_scan)
    ))
}
