//! Make primary against the emulator: queued and marked here at once, POSTed once (also when it
//! waited offline), refused by the core for a role that may not or an environment that is not
//! AVAILABLE (nothing queued), and a 403 from the server ends rejected, Discard restoring the
//! former primary.

use crate::common;

use std::sync::Arc;
use std::time::Duration;

use towerdesk_core::platform_api::{PlatformClient, WorkspaceRole};
use towerdesk_core::{ChangeState, ComputeEnvView, ErrorKind, Towerdesk, Workspace};
use towerdesk_emulator::Faults;

async fn ws_named(tower: &Arc<Towerdesk>, account: i64, name: &str) -> Workspace {
    tower
        .store()
        .unwrap()
        .workspaces(account, None)
        .await
        .unwrap()
        .into_iter()
        .find(|w| w.name == name)
        .unwrap_or_else(|| panic!("no workspace {name}"))
}

/// The names of the server's primary compute environments of a workspace.
async fn server_primary(client: &PlatformClient, ws: i64) -> Vec<String> {
    common::retry(|| client.list_compute_envs(Some(ws), None))
        .await
        .into_iter()
        .filter(|c| c.primary == Some(true))
        .filter_map(|c| c.name)
        .collect()
}

fn named<'a>(list: &'a [ComputeEnvView], name: &str) -> &'a ComputeEnvView {
    list.iter()
        .find(|c| c.env.name == name)
        .unwrap_or_else(|| panic!("no compute environment {name} in {list:?}"))
}

/// (name, primary, change state) of the primary ones and those with a queued change.
fn marks(list: &[ComputeEnvView]) -> Vec<(String, Option<ChangeState>)> {
    list.iter()
        .filter(|c| c.env.primary || c.change_state.is_some())
        .map(|c| (c.env.name.clone(), c.change_state))
        .collect()
}

fn mark(name: &str, state: Option<ChangeState>) -> (String, Option<ChangeState>) {
    (name.to_string(), state)
}

/// The access log's POSTs making `id` primary.
fn posts(log: &common::LogBuffer, id: &str) -> Vec<String> {
    log.text()
        .lines()
        .filter(|l| l.contains(&format!("POST /compute-envs/{id}/primary")))
        .map(str::to_string)
        .collect()
}

async fn start(
    seed: u64,
    state: Option<std::path::PathBuf>,
    port: u16,
) -> towerdesk_emulator::RunningEmulator {
    let mut cfg = common::config(Faults::default(), state, port);
    cfg.log_requests = true;
    cfg.seed = seed;
    common::start(cfg).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn make_primary_is_marked_at_once_and_posted_once() {
    let log = common::capture_logs("towerdesk_emulator::access=info");
    let dir = tempfile::tempdir().unwrap();
    let emu = start(301, None, 0).await;
    let client = common::truth(&emu.base_url());
    let tower = common::open(dir.path()).await;
    let account = common::register(&tower, &emu.base_url()).await;
    tower.sync_account(account).await.unwrap();
    let prod = ws_named(&tower, account, "production").await;
    let wsid = prod.workspace_id.unwrap();

    let before = tower.compute_envs(prod.id).await.unwrap();
    assert_eq!(marks(&before), [mark("aws-batch-prod", None)]);
    let gpu = named(&before, "aws-batch-gpu").clone();
    assert!(gpu.make_primary.allowed, "{:?}", gpu.make_primary);

    let now = tower
        .make_primary_compute_env(prod.id, gpu.env.id.clone())
        .await
        .unwrap();
    assert_eq!(
        marks(&now),
        [mark("aws-batch-gpu", Some(ChangeState::Waiting))],
        "the former primary lost the mark at once"
    );
    assert_eq!(now[0].env.name, "aws-batch-gpu", "the primary one first");
    let changes = tower.changes(Some(account)).await.unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(
        changes[0].summary,
        "Make aws-batch-gpu the primary compute environment of production"
    );

    tower.sync_account(account).await.unwrap();
    assert!(tower.changes(Some(account)).await.unwrap().is_empty());
    assert_eq!(server_primary(&client, wsid).await, ["aws-batch-gpu"]);
    assert_eq!(posts(&log, &gpu.env.id).len(), 1, "{}", log.text());
    let after = tower.compute_envs(prod.id).await.unwrap();
    assert_eq!(marks(&after), [mark("aws-batch-gpu", None)]);

    // Not AVAILABLE: refused with the reason, nothing queued or sent.
    let sandbox = ws_named(&tower, account, "rnd-sandbox").await;
    let list = tower.compute_envs(sandbox.id).await.unwrap();
    let legacy = named(&list, "aws-batch-legacy");
    assert_eq!(
        legacy.make_primary.reason.as_deref(),
        Some("Only an available compute environment can be made primary (this one is DISABLED).")
    );
    let err = tower
        .make_primary_compute_env(sandbox.id, legacy.env.id.clone())
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Validation);
    assert_eq!(
        Some(err.message.as_str()),
        legacy.make_primary.reason.as_deref()
    );
    assert!(tower.changes(Some(account)).await.unwrap().is_empty());
    assert_eq!(
        marks(&tower.compute_envs(sandbox.id).await.unwrap()),
        marks(&list)
    );

    // A viewer: refused by the core with the same reason its view gave.
    let reference = ws_named(&tower, account, "reference-pipelines").await;
    assert_eq!(reference.role.as_deref(), Some("view"));
    let list = tower.compute_envs(reference.id).await.unwrap();
    let reason = "Making a compute environment primary needs the owner or admin role in the workspace (your role: view).";
    assert!(
        list.iter()
            .all(|c| c.make_primary.reason.as_deref() == Some(reason))
    );
    let err = tower
        .make_primary_compute_env(reference.id, list[0].env.id.clone())
        .await
        .unwrap_err();
    assert_eq!(
        (err.kind, err.message.as_str()),
        (ErrorKind::Forbidden, reason)
    );
    assert!(tower.changes(Some(account)).await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_make_primary_is_queued_and_sent_once_when_back() {
    let log = common::capture_logs("towerdesk_emulator::access=info");
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("server.json");
    let emu = start(302, Some(state.clone()), 0).await;
    let (base, port) = (emu.base_url(), emu.port());
    let client = common::truth(&base);
    let tower = common::open(&dir.path().join("data")).await;
    tower.set_request_timeout(Some(Duration::from_millis(1500)));
    let account = common::register(&tower, &base).await;
    tower.sync_account(account).await.unwrap();
    let prod = ws_named(&tower, account, "production").await;
    let wsid = prod.workspace_id.unwrap();
    let list = tower.compute_envs(prod.id).await.unwrap();
    let hpc = named(&list, "slurm-hpc").env.id.clone();
    emu.shutdown().await;

    let now = tower
        .make_primary_compute_env(prod.id, hpc.clone())
        .await
        .unwrap();
    assert_eq!(marks(&now), [mark("slurm-hpc", Some(ChangeState::Waiting))]);
    assert!(tower.sync_account(account).await.is_err(), "offline");
    let queue = tower.store().unwrap().outbox(account).await.unwrap();
    assert_eq!(queue.len(), 1, "still queued");
    assert_eq!(
        marks(&tower.compute_envs(prod.id).await.unwrap()),
        [mark("slurm-hpc", Some(ChangeState::Waiting))]
    );

    let emu = start(302, Some(state), port).await;
    let (rounds, _) = common::sync_until_drained(&tower, account, 10).await;
    assert!(rounds >= 1);
    assert_eq!(server_primary(&client, wsid).await, ["slurm-hpc"]);
    assert_eq!(posts(&log, &hpc).len(), 1, "{}", log.text());
    assert_eq!(
        marks(&tower.compute_envs(prod.id).await.unwrap()),
        [mark("slurm-hpc", None)]
    );
    emu.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_403_rejects_make_primary_and_discard_restores_the_former_primary() {
    let dir = tempfile::tempdir().unwrap();
    let emu = start(303, None, 0).await;
    let client = common::truth(&emu.base_url());
    let tower = common::open(dir.path()).await;
    let account = common::register(&tower, &emu.base_url()).await;
    tower.sync_account(account).await.unwrap();
    let analysis = ws_named(&tower, account, "analysis").await;
    assert_eq!(analysis.role.as_deref(), Some("admin"));
    let (org, wsid) = (analysis.org_id.unwrap(), analysis.workspace_id.unwrap());
    let list = tower.compute_envs(analysis.id).await.unwrap();
    assert_eq!(marks(&list), [mark("azure-batch-analysis", None)]);
    let k8s = named(&list, "k8s-cluster").env.id.clone();

    tower
        .make_primary_compute_env(analysis.id, k8s)
        .await
        .unwrap();
    // Before it is sent, the user's role there becomes maintain on the server.
    let me = client
        .user_info()
        .await
        .unwrap()
        .user
        .unwrap()
        .user_name
        .unwrap();
    let mine = client
        .list_participants_all(org, wsid, None)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.user_name.as_deref() == Some(me.as_str()))
        .and_then(|p| p.participant_id)
        .unwrap();
    client
        .update_participant_role(org, wsid, mine, &WorkspaceRole::Maintain)
        .await
        .unwrap();

    tower.sync_account(account).await.unwrap();
    let changes = tower.changes(Some(account)).await.unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].state, ChangeState::Rejected);
    let message = changes[0].message.clone().unwrap_or_default();
    assert!(
        message.contains("'maintain' role"),
        "the server's words: {message}"
    );
    assert_eq!(
        server_primary(&client, wsid).await,
        ["azure-batch-analysis"]
    );
    // The pull did not undo the mark of a change still here.
    let shown = tower.compute_envs(analysis.id).await.unwrap();
    assert_eq!(
        marks(&shown),
        [mark("k8s-cluster", Some(ChangeState::Rejected))]
    );
    assert_eq!(
        named(&shown, "k8s-cluster").change_message.as_deref(),
        Some(message.as_str())
    );

    tower.discard_change(changes[0].id).await.unwrap();
    assert!(tower.changes(Some(account)).await.unwrap().is_empty());
    assert_eq!(
        marks(&tower.compute_envs(analysis.id).await.unwrap()),
        [mark("azure-batch-analysis", None)]
    );
}
