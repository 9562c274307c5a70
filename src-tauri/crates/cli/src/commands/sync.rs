//! `sync`: push the queued changes, then pull everything the token can see. Progress lines go
//! to stderr while it runs; a summary follows.

use std::time::{Duration, Instant};

use towerdesk_core::PipelinesFrom;
use towerdesk_core::store::{AccountRow, ChangeCounts};

use crate::args::SyncArgs;
use crate::context::Ctx;
use crate::error::{CliError, Result};
use crate::output;

pub async fn run(ctx: &Ctx, args: &SyncArgs) -> Result<()> {
    if args.full {
        ctx.tower
            .set_freshness(towerdesk_core::sync::Freshness::ALWAYS);
    }
    let conn = ctx.connect().await?;
    if let Some(why) = conn.offline {
        return Err(CliError::server(format!(
            "Cannot sync: {why} Queued changes stay queued."
        )));
    }
    let account = conn.account;
    let store = ctx.store()?;
    let before = store.change_counts(account.id).await?;
    let started = Instant::now();

    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let printer = tokio::spawn(print_progress(ctx.tower.clone(), account.clone(), stopped));
    let result = ctx.tower.sync_account(account.id).await;
    let _ = stop.send(());
    let _ = printer.await;

    let after = store.change_counts(account.id).await?;
    let newly_refused = report_refused(ctx, &account, before, after).await?;
    result?;

    let orgs = store.organizations(account.id).await?.len();
    let workspaces = store.workspaces(account.id, None).await?;
    let mut pipelines = 0;
    for ws in &workspaces {
        pipelines += store
            .pipelines(ws.id, PipelinesFrom::ThisWorkspace, None)
            .await?
            .len();
    }
    let drained = (before.waiting - after.waiting).max(0) as usize;
    let sent = drained.saturating_sub(newly_refused);
    output::note(&format!(
        "synced {} on {}: {orgs} organizations, {} workspaces, {pipelines} pipelines; \
         {sent} change{} sent; {} pending, {} conflicts, {} rejected ({:.1} s)",
        account.user_name,
        account.label,
        workspaces.len(),
        if sent == 1 { "" } else { "s" },
        after.waiting,
        after.conflicts,
        after.rejected,
        started.elapsed().as_secs_f64(),
    ));
    if newly_refused > 0 {
        return Err(CliError::user(format!(
            "{newly_refused} change{} refused by the server (see above)",
            if newly_refused == 1 { " was" } else { "s were" }
        )));
    }
    Ok(())
}

/// Prints the sync's progress when it changes (at most 4 times a second).
async fn print_progress(
    tower: std::sync::Arc<towerdesk_core::Towerdesk>,
    account: AccountRow,
    mut stopped: tokio::sync::oneshot::Receiver<()>,
) {
    let mut last = String::new();
    loop {
        tokio::select! {
            _ = &mut stopped => return,
            _ = tokio::time::sleep(Duration::from_millis(250)) => {}
        }
        let Ok(status) = tower.account_status(&account).await else {
            continue;
        };
        let Some(p) = status.progress else { continue };
        let line = match (p.total, p.seconds_left) {
            (Some(total), Some(left)) => format!(
                "sync: {} ({}/{total}, about {} left)",
                p.what,
                p.done,
                output::duration_words(left)
            ),
            (Some(total), None) => format!("sync: {} ({}/{total})", p.what, p.done),
            _ => format!("sync: {}", p.what),
        };
        if line != last {
            output::note(&line);
            last = line;
        }
    }
}

/// Names the changes this sync turned into conflicts or rejections; returns how many.
async fn report_refused(
    ctx: &Ctx,
    account: &AccountRow,
    before: ChangeCounts,
    after: ChangeCounts,
) -> Result<usize> {
    let new =
        (after.conflicts - before.conflicts).max(0) + (after.rejected - before.rejected).max(0);
    if new == 0 {
        return Ok(0);
    }
    let changes = ctx.store()?.changes(Some(account.id)).await?;
    for c in changes
        .iter()
        .filter(|c| c.state != towerdesk_core::ChangeState::Waiting)
    {
        let state = match c.state {
            towerdesk_core::ChangeState::Conflict => "conflict",
            _ => "rejected",
        };
        output::note(&format!(
            "{state}: {}: {}",
            c.summary,
            c.message.as_deref().unwrap_or("")
        ));
    }
    Ok(new as usize)
}
