//! Credits against the emulator's demo (issue 12), with a frozen clock: the report's months span
//! the demo's history, a workspace's spend grows while a run is running, and Settings → Credits
//! adds up what the report says, with the entered credits, the budget and the forecast.

mod common;

use std::sync::Arc;

use chrono::TimeZone;
use towerdesk_core::{CoreEvent, CreditsScope, ReportBy, Towerdesk};
use towerdesk_emulator::{Clock, Faults, RunningEmulator};

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc
        .with_ymd_and_hms(2026, 11, 20, 12, 0, 0)
        .unwrap()
}

async fn world() -> (tempfile::TempDir, RunningEmulator, Arc<Towerdesk>, i64) {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = common::config(Faults::default(), None, 0);
    cfg.clock = Clock::fake(now());
    let emu = common::start(cfg).await;
    let tower = common::open(dir.path()).await;
    let account = common::register(&tower, &emu.base_url()).await;
    tower.sync_account(account).await.expect("a clean sync");
    (dir, emu, tower, account)
}

async fn workspace(tower: &Towerdesk, account: i64, name: &str) -> towerdesk_core::Workspace {
    tower
        .workspaces(account, None)
        .await
        .unwrap()
        .into_iter()
        .find(|w| w.name == name)
        .unwrap_or_else(|| panic!("no workspace {name}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_spans_the_history_and_a_running_runs_spend_grows() {
    let (_dir, emu, tower, account) = world().await;
    let everything = CreditsScope::default();
    let months = tower
        .credits_report(
            &everything,
            None,
            None,
            ReportBy::Month,
            Some("Europe/London"),
        )
        .await
        .unwrap();
    let keys: Vec<&str> = months.rows.iter().map(|r| r.key.as_str()).collect();
    assert!(keys.len() >= 14, "at least 14 months: {keys:?}");
    assert!(months.last_synced.is_some());
    assert!(
        months.total.estimated > 0.0,
        "runs still going are estimated"
    );
    // Months add up to the whole; so do workspaces, pipelines, users and days.
    let whole = months.total.credits + months.total.cloud_cost + months.total.unknown_cost;
    for by in [
        ReportBy::Workspace,
        ReportBy::Pipeline,
        ReportBy::User,
        ReportBy::Day,
    ] {
        let r = tower
            .credits_report(&everything, None, None, by, Some("Europe/London"))
            .await
            .unwrap();
        let sum: f64 = r
            .rows
            .iter()
            .map(|x| x.spend.credits + x.spend.cloud_cost + x.spend.unknown_cost)
            .sum();
        assert!((sum - whole).abs() < 0.05, "{by:?}: {sum} != {whole}");
        assert_eq!(
            r.rows.iter().map(|x| x.spend.runs).sum::<i64>(),
            months.total.runs
        );
    }
    let users = tower
        .credits_report(&everything, None, None, ReportBy::User, None)
        .await
        .unwrap();
    assert!(users.rows.len() >= 3, "several users: {:?}", users.rows);

    // A range of days: only November 2026 in New York.
    let november = tower
        .credits_report(
            &everything,
            Some("2026-11-01"),
            Some("2026-11-30"),
            ReportBy::Day,
            Some("America/New_York"),
        )
        .await
        .unwrap();
    assert!(
        november.rows.iter().all(|r| r.key.starts_with("2026-11-")),
        "{:?}",
        november.rows.iter().map(|r| &r.key).collect::<Vec<_>>()
    );
    assert!(
        tower
            .credits_report(
                &everything,
                Some("2026-12-01"),
                Some("2026-11-01"),
                ReportBy::Day,
                None
            )
            .await
            .is_err()
    );
    assert!(
        tower
            .credits_report(&everything, None, None, ReportBy::Day, Some("Mars/Olympus"))
            .await
            .is_err()
    );

    // The server's running runs move on; refreshing them (as the window does while they are
    // shown) grows the workspace's spend.
    let prod = workspace(&tower, account, "production").await;
    let scope = CreditsScope {
        workspace: Some(prod.id),
        ..CreditsScope::default()
    };
    let before = tower
        .credits_report(&scope, None, None, ReportBy::Workspace, None)
        .await
        .unwrap()
        .total;
    emu.clock().advance(chrono::Duration::minutes(30));
    tower.refresh_active_runs(prod.id).await.unwrap();
    let after = tower
        .credits_report(&scope, None, None, ReportBy::Workspace, None)
        .await
        .unwrap()
        .total;
    let spent = |s: &towerdesk_core::Spend| s.credits + s.cloud_cost + s.unknown_cost;
    assert!(spent(&after) > spent(&before), "{before:?} -> {after:?}");
    assert_eq!(after.runs, before.runs);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_credits_add_up_with_entered_credits_budget_and_forecast() {
    let (_dir, _emu, tower, account) = world().await;
    let prod = workspace(&tower, account, "production").await;
    let org = prod.org_id.expect("production is in an organization");
    let none = tower.workspace_credits(prod.id, None, now()).await.unwrap();
    assert_eq!(
        (none.entered_credits, none.balance_left, none.budget),
        (None, None, None)
    );
    assert_eq!(none.rates.cpu_per_hour, 0.1);
    assert!(none.this_month.runs <= none.all_time.runs);

    tower
        .set_org_credits(account, org, 500.0, now())
        .await
        .unwrap();
    let scope = CreditsScope {
        workspace: Some(prod.id),
        ..CreditsScope::default()
    };
    let b = tower
        .set_budget(&scope, "credits", 1.0, Some("UTC"), now())
        .await
        .unwrap();
    assert_eq!(
        b.target,
        format!("{}/production", prod.org_name.clone().unwrap())
    );
    let c = tower
        .workspace_credits(prod.id, Some("UTC"), now())
        .await
        .unwrap();
    assert_eq!(c.entered_credits, Some(500.0));
    let left = c.balance_left.unwrap();
    assert!(
        (left - (500.0 - c.org_credits_spent)).abs() < 0.011,
        "{c:#?}"
    );
    assert!(c.org_credits_spent >= c.all_time.credits - 0.011);
    assert_eq!(c.budget, Some(1.0));
    let f = &c.forecast;
    assert_eq!((f.days_elapsed, f.days_in_month), (20, 30));
    assert!((f.spent - c.this_month.credits).abs() < 1e-9);
    let month_end = f.month_end.unwrap();
    assert!((month_end - f.spent / 20.0 * 30.0).abs() < 1e-9);
    assert_eq!(f.crosses_budget, month_end > 1.0);
    assert!(c.last_synced.is_some());

    let listed = tower
        .budgets(Some(account), Some("UTC"), now())
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    // The budget's own forecast is the one Settings → Credits shows for the workspace (which
    // adds the entered balance).
    for f in [&listed[0].forecast, &b.forecast] {
        assert_eq!(
            (f.spent, f.month_end, f.budget, f.crosses_budget),
            (
                c.forecast.spent,
                c.forecast.month_end,
                c.forecast.budget,
                c.forecast.crosses_budget
            )
        );
        assert_eq!(f.budget_reached_on, c.forecast.budget_reached_on);
    }
    tower.remove_budget(b.id).await.unwrap();
    assert!(tower.remove_budget(b.id).await.is_err());
    tower.clear_org_credits(account, org).await.unwrap();
    let cleared = tower.workspace_credits(prod.id, None, now()).await.unwrap();
    assert_eq!((cleared.entered_credits, cleared.budget), (None, None));
}

/// Reads runs of production submitted in November 2026 (as their pages do) until one on Seqera
/// Compute is known: the month then has credits spent.
async fn known_credits_this_month(tower: &Towerdesk, prod: &towerdesk_core::Workspace) -> f64 {
    let runs = tower.runs(prod.id, None).await.unwrap().runs;
    for r in runs.iter().filter(|r| {
        r.run
            .submitted
            .as_deref()
            .is_some_and(|s| s.starts_with("2026-11"))
    }) {
        tower.refresh_run(r.run.id).await.unwrap();
        let c = tower
            .workspace_credits(prod.id, Some("UTC"), now())
            .await
            .unwrap();
        if c.this_month.credits > 0.0 {
            return c.this_month.credits;
        }
    }
    panic!("no run of production in November 2026 ran on Seqera Compute");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_budget_the_forecast_crosses_warns_once_per_crossing() {
    let (_dir, _emu, tower, account) = world().await;
    let prod = workspace(&tower, account, "production").await;
    let spent = known_credits_this_month(&tower, &prod).await;
    let scope = CreditsScope {
        workspace: Some(prod.id),
        ..CreditsScope::default()
    };
    let crossings = |events: &mut tokio::sync::broadcast::Receiver<CoreEvent>| {
        let mut out = Vec::new();
        while let Ok(e) = events.try_recv() {
            if let CoreEvent::BudgetCrossed { title, body, .. } = e {
                out.push((title, body));
            }
        }
        out
    };
    let mut events = tower.subscribe();
    // 20 days of November at this pace make spent / 20 × 30 by the month's end: a budget of the
    // spend so far is crossed, one of twice the forecast is not.
    let small = tower
        .set_budget(&scope, "credits", spent, Some("UTC"), now())
        .await
        .unwrap();
    assert!(small.forecast.crosses_budget, "{:?}", small.forecast);
    assert_eq!(
        small.forecast.budget_reached_on.as_deref(),
        Some("2026-11-20")
    );
    let utc = jiff::tz::TimeZone::UTC;
    tower
        .announce_budget_crossings(account, &utc, now())
        .await
        .unwrap();
    let first = crossings(&mut events);
    assert_eq!(first.len(), 1, "{first:?}");
    let ws_ref = format!("{}/production", prod.org_name.clone().unwrap());
    assert_eq!(
        first[0].0,
        format!("{ws_ref}: over budget by the month's end")
    );
    assert!(
        first[0]
            .1
            .contains(&format!("over the monthly budget of {spent:.2} credits")),
        "{}",
        first[0].1
    );
    // Still crossing on the next sync: no second warning.
    tower
        .announce_budget_crossings(account, &utc, now())
        .await
        .unwrap();
    assert_eq!(crossings(&mut events), vec![]);

    // A budget the forecast stays under warns of nothing.
    let big = tower
        .set_budget(&scope, "credits", spent * 3.0, Some("UTC"), now())
        .await
        .unwrap();
    assert!(!big.forecast.crosses_budget, "{:?}", big.forecast);
    tower
        .announce_budget_crossings(account, &utc, now())
        .await
        .unwrap();
    assert_eq!(crossings(&mut events), vec![]);
    // Lowered under the forecast again, it is a new crossing: one more warning.
    tower
        .set_budget(&scope, "credits", spent, Some("UTC"), now())
        .await
        .unwrap();
    tower
        .announce_budget_crossings(account, &utc, now())
        .await
        .unwrap();
    assert_eq!(crossings(&mut events).len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_export_is_the_reports_rows_as_csv() {
    let (_dir, _emu, tower, _account) = world().await;
    let everything = CreditsScope::default();
    let report = tower
        .credits_report(&everything, None, None, ReportBy::Pipeline, None)
        .await
        .unwrap();
    let csv = tower
        .credits_report_csv(&everything, None, None, ReportBy::Pipeline, None)
        .await
        .unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], towerdesk_core::credits::CSV_COLUMNS.join(","));
    assert_eq!(lines.len(), report.rows.len() + 1);
    for (line, row) in lines[1..].iter().zip(&report.rows) {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(cells.len(), 13, "{line}");
        assert_eq!(cells[0], row.key);
        assert_eq!(cells[1].parse::<f64>().unwrap(), row.spend.credits);
        assert_eq!(cells[10].parse::<i64>().unwrap(), row.spend.runs);
    }
    // A bad range is refused before anything is written.
    assert!(
        tower
            .credits_report_csv(&everything, Some("2026-13-01"), None, ReportBy::Day, None)
            .await
            .is_err()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn looking_up_where_runs_ran_moves_their_spend_into_credits_or_cloud_cost() {
    let (_dir, _emu, tower, account) = world().await;
    let prod = workspace(&tower, account, "production").await;
    let scope = CreditsScope {
        workspace: Some(prod.id),
        ..CreditsScope::default()
    };
    let report = |tower: Arc<Towerdesk>, scope: CreditsScope| async move {
        tower
            .credits_report(&scope, None, None, ReportBy::Workspace, None)
            .await
            .unwrap()
            .total
    };
    let before = report(tower.clone(), scope.clone()).await;
    assert!(
        before.unknown_cost > 0.0,
        "a listing does not say where runs ran: {before:?}"
    );
    // A first look-up of 20: the newest 20 are read, the rest still unknown.
    let some = tower.locate_runs(&scope, 20).await.unwrap();
    assert_eq!((some.read, some.stopped_by.clone()), (20, None));
    assert!(some.left > 0);
    let all = tower.locate_runs(&scope, 10_000).await.unwrap();
    assert_eq!((all.read, all.left), (some.left, 0));

    let after = report(tower.clone(), scope.clone()).await;
    assert_eq!(after.unknown_cost, 0.0, "{after:?}");
    assert!(after.credits > 0.0 && after.cloud_cost > 0.0, "{after:?}");
    let spent = |s: &towerdesk_core::Spend| s.credits + s.cloud_cost + s.unknown_cost;
    assert!(
        (spent(&after) - spent(&before)).abs() < 0.05,
        "{before:?} -> {after:?}"
    );
    assert_eq!(after.runs, before.runs);

    // Nothing left: nothing is read. And a resync keeps what was learnt.
    assert_eq!(tower.locate_runs(&scope, 100).await.unwrap().read, 0);
    tower.sync_account(account).await.unwrap();
    assert_eq!(report(tower.clone(), scope).await.unknown_cost, 0.0);
}
