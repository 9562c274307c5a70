//! Runs against the emulator: a run's page read through its own endpoints (not a sync) moves
//! when the server's run moves, is kept for offline, names the runs section when read; Cancel
//! reaches the server, is refused for a finished run and says offline that it needs a connection;
//! the runs search filters what is kept. The emulator's clock is fake: runs move only when the
//! test moves it.

mod common;

use std::sync::Arc;

use towerdesk_core::{CoreEvent, ErrorKind, RunView, Section, Towerdesk, Workspace};
use towerdesk_emulator::{Clock, Faults, RunningEmulator};

async fn world() -> (tempfile::TempDir, RunningEmulator, Arc<Towerdesk>, i64) {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = common::config(Faults::default(), None, 0);
    cfg.clock = Clock::fake(chrono::Utc::now());
    let emu = common::start(cfg).await;
    let tower = common::open(dir.path()).await;
    let account = common::register(&tower, &emu.base_url()).await;
    tower.sync_account(account).await.expect("a clean sync");
    (dir, emu, tower, account)
}

/// A workspace with a running run the user may cancel, and that run.
async fn running_run(tower: &Arc<Towerdesk>, account: i64) -> (Workspace, RunView) {
    for ws in tower.workspaces(account, None).await.unwrap() {
        let list = tower.runs(ws.id, Some("status:running")).await.unwrap();
        if let Some(r) = list.runs.into_iter().find(|r| r.permissions.cancel.allowed) {
            return (ws, r);
        }
    }
    panic!("the demo has no running run the user may cancel");
}

fn names_runs(events: &mut tokio::sync::broadcast::Receiver<CoreEvent>, ws: i64) -> bool {
    let mut seen = false;
    while let Ok(e) = events.try_recv() {
        if let CoreEvent::DataChanged {
            section: Section::Runs,
            workspace_id: Some(w),
            ..
        } = e
        {
            seen |= w == ws;
        }
    }
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_running_runs_page_moves_with_the_server_and_opens_offline_with_its_last_state() {
    let (_dir, emu, tower, account) = world().await;
    let (ws, run) = running_run(&tower, account).await;
    assert!(run.credits_estimate, "a running run's cost is an estimate");
    assert_eq!(run.duration_ms, None);
    assert_eq!(
        tower.run_page(run.run.id).await.unwrap().details,
        None,
        "never read yet"
    );

    let mut events = tower.subscribe();
    let first = tower.refresh_run(run.run.id).await.unwrap();
    assert!(
        names_runs(&mut events, ws.id),
        "a read names the runs section"
    );
    let d1 = first.details.clone().expect("read");
    assert!(d1.tasks.total() > 0, "{d1:?}");
    assert!(!d1.processes.is_empty());
    assert!(d1.work_dir.is_some());
    assert!(
        first.run.run.compute_env.is_some(),
        "the compute environment is named"
    );
    let done1 = d1.tasks.succeeded + d1.tasks.cached + d1.tasks.failed;

    // The server's run moves on; refreshing the workspace's running runs reads it again.
    emu.clock().advance(chrono::Duration::minutes(20));
    let going = tower.refresh_active_runs(ws.id).await.unwrap();
    assert!(names_runs(&mut events, ws.id));
    let second = tower.run_page(run.run.id).await.unwrap();
    let d2 = second.details.clone().unwrap();
    let done2 = d2.tasks.succeeded + d2.tasks.cached + d2.tasks.failed;
    assert!(
        done2 > done1 || second.run.run.status != "running",
        "progress moved: {done1} then {done2} ({})",
        second.run.run.status
    );
    assert!(d2.read_at >= d1.read_at);
    let before_going = tower.runs(ws.id, None).await.unwrap();
    let still = before_going
        .runs
        .iter()
        .filter(|r| matches!(r.run.status.as_str(), "running" | "submitted"))
        .count();
    assert_eq!(going, still, "it says how many are still going");

    // Offline: the page opens with what was last read, and a refresh says it is offline.
    emu.shutdown().await;
    let offline = tower.run_page(run.run.id).await.unwrap();
    assert_eq!(offline.details, Some(d2));
    let err = tower.refresh_run(run.run.id).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Offline, "{err:?}");
    let err = tower.cancel_run(run.run.id).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Offline, "{err:?}");
    assert_eq!(
        err.message,
        "Cancelling a run needs a connection to the server: it was not cancelled."
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_reaches_the_server_and_a_finished_run_cannot_be_cancelled() {
    let (_dir, emu, tower, account) = world().await;
    let (ws, run) = running_run(&tower, account).await;

    let page = tower.cancel_run(run.run.id).await.unwrap();
    assert_eq!(page.run.run.status, "cancelled");
    assert!(!page.run.permissions.cancel.allowed);
    let truth = common::truth(&emu.base_url());
    let server = truth
        .describe_run(ws.workspace_id, &run.run.workflow_id)
        .await
        .unwrap();
    assert_eq!(
        server
            .workflow
            .and_then(|w| w.status)
            .map(|s| s.as_str().to_string()),
        Some("CANCELLED".to_string())
    );

    let again = tower.cancel_run(run.run.id).await.unwrap_err();
    assert_eq!(again.kind, ErrorKind::Forbidden);
    assert_eq!(
        again.message,
        "Only a submitted or running run can be cancelled (this one is cancelled)."
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_runs_search_filters_what_is_kept_and_refuses_what_it_cannot_read() {
    let (_dir, _emu, tower, account) = world().await;
    let (ws, run) = running_run(&tower, account).await;
    let all = tower.runs(ws.id, None).await.unwrap().runs;
    let running = tower
        .runs(ws.id, Some("status:running"))
        .await
        .unwrap()
        .runs;
    assert!(!running.is_empty() && running.len() < all.len());
    assert!(running.iter().all(|r| r.run.status == "running"));

    let by_name = tower
        .runs(ws.id, Some(&run.run.run_name))
        .await
        .unwrap()
        .runs;
    assert!(by_name.iter().any(|r| r.run.id == run.run.id));

    let user = run.run.user_name.clone().unwrap();
    let mine = tower
        .runs(ws.id, Some(&format!("username:{user}")))
        .await
        .unwrap()
        .runs;
    assert!(
        mine.iter()
            .all(|r| r.run.user_name.as_deref() == Some(&user))
    );
    assert!(mine.iter().any(|r| r.run.id == run.run.id));

    let starred = tower.runs(ws.id, Some("is:starred")).await.unwrap();
    assert_eq!(starred.not_applied, vec!["is:starred".to_string()]);
    assert_eq!(starred.runs.len(), all.len());

    let bad = tower.runs(ws.id, Some("status:done")).await.unwrap_err();
    assert_eq!(bad.kind, ErrorKind::Validation);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_search_passed_to_the_server_brings_back_the_runs_it_matches() {
    let (_dir, emu, tower, account) = world().await;
    let (ws, _) = running_run(&tower, account).await;
    // Forget the workspace's runs here, as if the sync had never brought them.
    let store = tower.store().unwrap();
    sqlx::query("DELETE FROM runs WHERE workspace_local_id = ?")
        .bind(ws.id)
        .execute(store.pool())
        .await
        .unwrap();
    assert!(tower.runs(ws.id, None).await.unwrap().runs.is_empty());

    let found = tower
        .search_runs_on_server(ws.id, "status:succeeded")
        .await
        .unwrap()
        .runs;
    let truth = common::truth(&emu.base_url());
    let query = towerdesk_core::platform_api::WorkflowQuery {
        search: Some("status:succeeded".into()),
        attributes: vec![],
    };
    let server = truth
        .list_runs_page(
            ws.workspace_id,
            &query,
            towerdesk_core::platform_api::PageRequest::new(0, 100),
        )
        .await
        .unwrap();
    let mut want: Vec<String> = server
        .items
        .iter()
        .filter_map(|i| i.workflow.as_ref()?.id.clone())
        .collect();
    let mut got: Vec<String> = found.iter().map(|r| r.run.workflow_id.clone()).collect();
    want.sort();
    got.sort();
    assert!(!got.is_empty());
    assert_eq!(got, want);
    assert!(found.iter().all(|r| r.run.status == "succeeded"));
    // What the core cannot read is refused, with nothing written.
    let before = tower.runs(ws.id, None).await.unwrap().runs.len();
    let bad = tower
        .search_runs_on_server(ws.id, "status:done")
        .await
        .unwrap_err();
    assert_eq!(bad.kind, ErrorKind::Validation);
    assert_eq!(tower.runs(ws.id, None).await.unwrap().runs.len(), before);
}
