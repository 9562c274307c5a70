//! Pipelines and their drafts against the emulator: a published draft, an edit and a delete
//! reach the server once; a create whose answer was lost is looked up by name and adopted, never
//! made twice; an edit that met a newer version on the server is a conflict the user resolves;
//! and 50 drafts published through a server that fails 30% of requests (answers lost after the
//! write included) give exactly 50 pipelines.

use crate::common;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use towerdesk_core::platform_api::{
    PipelineQuery, PipelineVisibility, PlatformClient, UpdatePipelineRequest,
};
use towerdesk_core::{
    ChangeState, DraftState, ErrorKind, PipelineInput, PipelinesFrom, Towerdesk, Workspace,
};
use towerdesk_emulator::{Clock, FaultKind, Faults};

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

fn form(name: &str) -> PipelineInput {
    PipelineInput {
        name: name.into(),
        description: "Typed on a train".into(),
        pipeline: "https://github.com/nf-core/rnaseq".into(),
        revision: "3.14.0".into(),
        config_profiles: vec!["test".into()],
        params_text: "input: s3://genomics-core-prod/samples.csv\n".into(),
        ..PipelineInput::default()
    }
}

/// The server's pipelines of a workspace, by name: how many of each.
async fn server_names(client: &PlatformClient, ws: i64) -> BTreeMap<String, usize> {
    let query = PipelineQuery {
        visibility: Some(PipelineVisibility::Private),
        ..PipelineQuery::default()
    };
    let mut out = BTreeMap::new();
    for p in common::retry(|| client.list_pipelines_all(Some(ws), &query)).await {
        *out.entry(p.name.unwrap_or_default()).or_insert(0) += 1;
    }
    out
}

async fn publish(tower: &Arc<Towerdesk>, ws: i64, input: PipelineInput) -> i64 {
    let draft = tower
        .save_pipeline_draft(ws, None, None, input)
        .await
        .unwrap();
    tower.publish_pipeline_draft(draft.draft.id).await.unwrap();
    draft.draft.id
}

async fn local_named(tower: &Arc<Towerdesk>, ws: i64, name: &str) -> Vec<towerdesk_core::Pipeline> {
    tower
        .pipelines(ws, PipelinesFrom::ThisWorkspace, None)
        .await
        .unwrap()
        .into_iter()
        .filter(|p| p.name == name)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_published_draft_an_edit_and_a_delete_reach_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let emu = common::start(common::config(Faults::default(), None, 0)).await;
    let base = emu.base_url();
    let client = common::truth(&base);
    let tower = common::open(dir.path()).await;
    let account = common::register(&tower, &base).await;
    tower.sync_account(account).await.unwrap();
    let prod = ws_named(&tower, account, "production").await;
    let wsid = prod.workspace_id.unwrap();

    // Refused before any request: the form's check, field by field.
    let bad = PipelineInput {
        pipeline: "nf-core/rnaseq".into(),
        ..form("")
    };
    let errors = tower
        .check_pipeline_input(prod.id, &bad, None)
        .await
        .unwrap();
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["name", "pipeline"]);
    let d = tower
        .save_pipeline_draft(prod.id, None, None, bad)
        .await
        .unwrap();
    let err = tower.publish_pipeline_draft(d.draft.id).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Validation);
    assert_eq!(err.message, "Name is required.");
    assert!(
        tower
            .store()
            .unwrap()
            .outbox(account)
            .await
            .unwrap()
            .is_empty()
    );
    tower.discard_pipeline_draft(d.draft.id).await.unwrap();

    let draft = publish(&tower, prod.id, form("rnaseq-from-towerdesk")).await;
    assert_eq!(
        tower.draft(draft).await.unwrap().draft.state,
        DraftState::Waiting
    );
    tower.sync_account(account).await.unwrap();
    assert_eq!(
        server_names(&client, wsid)
            .await
            .get("rnaseq-from-towerdesk"),
        Some(&1)
    );
    let d = tower.draft(draft).await.unwrap();
    assert_eq!(d.draft.state, DraftState::Published);
    let mine = local_named(&tower, prod.id, "rnaseq-from-towerdesk").await;
    assert_eq!(mine.len(), 1);
    let id = mine[0].pipeline_id.expect("the server's id is recorded");
    let launch = client
        .pipeline_launch_info(Some(wsid), id, None, None)
        .await
        .unwrap();
    assert_eq!(launch.revision.as_deref(), Some("3.14.0"));
    assert_eq!(launch.config_profiles, Some(vec!["test".to_string()]));
    assert_eq!(
        launch.params_text.as_deref(),
        Some("input: s3://genomics-core-prod/samples.csv")
    );

    // A name the workspace already has is refused here, not by the server.
    let dup = tower
        .save_pipeline_draft(prod.id, None, None, form("RNASEQ-from-towerdesk"))
        .await
        .unwrap();
    let err = tower
        .publish_pipeline_draft(dup.draft.id)
        .await
        .unwrap_err();
    assert!(
        err.message.contains("already exists in this workspace"),
        "{}",
        err.message
    );
    tower.discard_pipeline_draft(dup.draft.id).await.unwrap();

    let edited = PipelineInput {
        description: "Edited here".into(),
        revision: "3.15.0".into(),
        ..form("rnaseq-from-towerdesk")
    };
    tower.update_pipeline(mine[0].id, edited).await.unwrap();
    tower.sync_account(account).await.unwrap();
    let server = client
        .describe_pipeline(Some(wsid), id, None, &[])
        .await
        .unwrap();
    assert_eq!(server.description.as_deref(), Some("Edited here"));
    let launch = client
        .pipeline_launch_info(Some(wsid), id, None, None)
        .await
        .unwrap();
    assert_eq!(launch.revision.as_deref(), Some("3.15.0"));

    tower.delete_pipeline(mine[0].id).await.unwrap();
    assert!(
        local_named(&tower, prod.id, "rnaseq-from-towerdesk")
            .await
            .is_empty()
    );
    tower.sync_account(account).await.unwrap();
    assert_eq!(
        server_names(&client, wsid)
            .await
            .get("rnaseq-from-towerdesk"),
        None
    );
    assert!(
        tower
            .store()
            .unwrap()
            .outbox(account)
            .await
            .unwrap()
            .is_empty()
    );
}

/// Creates applied by the server whose answers were lost, then a pull before the next push:
/// each pipeline is adopted once, never made twice, and shows once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pipeline_create_whose_answer_was_lost_is_adopted_not_made_twice() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("server.json");
    let emu = common::start(common::config(Faults::default(), Some(state.clone()), 0)).await;
    let (base, port) = (emu.base_url(), emu.port());
    let tower = common::open(&dir.path().join("data")).await;
    let account = common::register(&tower, &base).await;
    tower.sync_account(account).await.unwrap();
    let store = tower.store().unwrap();
    let prod = ws_named(&tower, account, "production").await;
    let wsid = prod.workspace_id.unwrap();
    let draft = publish(&tower, prod.id, form("lost-answer")).await;
    emu.shutdown().await;

    let faults = Faults {
        fail_rate: 1.0,
        kinds: vec![FaultKind::ApplyThenError, FaultKind::ApplyThenDrop],
        ..Faults::default()
    };
    let emu = common::start(common::config(faults, Some(state.clone()), port)).await;
    let row = store.account_row(account).await.unwrap();
    let api = tower.client(&row).await.unwrap();
    let _ = towerdesk_core::sync::push_account(store, &api, &row, Duration::ZERO).await;
    let queue = store.outbox(account).await.unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].attempts, 1);
    emu.shutdown().await;

    let emu = common::start(common::config(Faults::default(), Some(state.clone()), port)).await;
    let client = common::truth(&emu.base_url());
    assert_eq!(
        server_names(&client, wsid).await.get("lost-answer"),
        Some(&1),
        "it landed"
    );
    // A pull sees the server's copy before the create is acknowledged.
    towerdesk_core::sync::pull_account(store, &api, &row, &|_: &str, _: i64, _: Option<i64>| {})
        .await
        .unwrap();
    tower.sync_account(account).await.unwrap();
    assert!(store.outbox(account).await.unwrap().is_empty());
    assert_eq!(
        server_names(&client, wsid).await.get("lost-answer"),
        Some(&1),
        "never made twice"
    );
    let mine = local_named(&tower, prod.id, "lost-answer").await;
    assert_eq!(mine.len(), 1, "shows once: {mine:#?}");
    assert!(mine[0].pipeline_id.is_some());
    assert_eq!(mine[0].change_state, None);
    assert_eq!(
        tower.draft(draft).await.unwrap().draft.state,
        DraftState::Published
    );
}

/// The server's pipeline changed after it was pulled: the edit made here is a conflict (the draft
/// says so with the same words); Keep mine sends it on the server's version.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_edit_makes_a_conflict_and_keep_mine_overwrites_it() {
    let dir = tempfile::tempdir().unwrap();
    // The server on a clock of its own, so its edit below is a second later without waiting one.
    let mut cfg = common::config(Faults::default(), None, 0);
    cfg.clock = Clock::fake(chrono::Utc::now());
    let emu = common::start(cfg).await;
    let base = emu.base_url();
    let client = common::truth(&base);
    let tower = common::open(dir.path()).await;
    let account = common::register(&tower, &base).await;
    tower.sync_account(account).await.unwrap();
    let prod = ws_named(&tower, account, "production").await;
    let wsid = prod.workspace_id.unwrap();
    publish(&tower, prod.id, form("contested")).await;
    tower.sync_account(account).await.unwrap();
    let local = local_named(&tower, prod.id, "contested").await.remove(0);
    let id = local.pipeline_id.unwrap();

    // Someone edits it on the server a second later, so its lastUpdated moves.
    emu.clock().advance(chrono::Duration::seconds(1));
    client
        .update_pipeline(
            Some(wsid),
            id,
            &UpdatePipelineRequest {
                name: None,
                description: Some("Theirs".into()),
                icon: None,
                label_ids: vec![],
                launch: None,
            },
        )
        .await
        .unwrap();
    let d = tower
        .update_pipeline(
            local.id,
            PipelineInput {
                description: "Mine".into(),
                ..form("contested")
            },
        )
        .await
        .unwrap();
    tower.sync_account(account).await.unwrap();
    let queue = tower.store().unwrap().outbox(account).await.unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].state, ChangeState::Conflict);
    let draft = tower.draft(d.draft.id).await.unwrap().draft;
    assert_eq!(draft.state, DraftState::Conflict);
    assert_eq!(
        draft.message.as_deref(),
        Some("It was changed on the server since you edited it.")
    );
    let server = client
        .describe_pipeline(Some(wsid), id, None, &[])
        .await
        .unwrap();
    assert_eq!(
        server.description.as_deref(),
        Some("Theirs"),
        "nothing was sent"
    );

    tower.retry_change(queue[0].id).await.unwrap();
    tower.sync_account(account).await.unwrap();
    let server = client
        .describe_pipeline(Some(wsid), id, None, &[])
        .await
        .unwrap();
    assert_eq!(server.description.as_deref(), Some("Mine"));
    assert_eq!(
        tower.draft(d.draft.id).await.unwrap().draft.state,
        DraftState::Published
    );
}

/// 50 drafts typed offline and published, then sent through a server that fails 30% of requests
/// in every way it can (server errors, 429, timeouts, dropped connections, and writes applied
/// with their answers lost): exactly 50 pipelines, each once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_drafts_published_through_faults_give_exactly_fifty_pipelines() {
    const N: usize = 50;
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("server.json");
    let emu = common::start(common::config(Faults::default(), Some(state.clone()), 0)).await;
    let (base, port) = (emu.base_url(), emu.port());
    let tower = common::open(&dir.path().join("data")).await;
    let account = common::register(&tower, &base).await;
    tower.sync_account(account).await.unwrap();
    let ws = ws_named(&tower, account, "production").await;
    let wsid = ws.workspace_id.unwrap();
    let before = server_names(&common::truth(&base), wsid).await;
    // Offline: the server is gone while the drafts are typed and published.
    emu.shutdown().await;
    for i in 0..N {
        publish(&tower, ws.id, form(&format!("offline-draft-{i:02}"))).await;
    }
    let store = tower.store().unwrap();
    assert_eq!(store.outbox(account).await.unwrap().len(), N);

    tower.set_request_timeout(Some(Duration::from_millis(1_000)));
    let faults = Faults {
        fail_rate: 0.3,
        seed: 11,
        timeout_ms: 2_000,
        ..Faults::default()
    };
    let mut cfg = common::config(faults, Some(state.clone()), port);
    cfg.log_requests = true;
    let log = common::capture_logs("towerdesk_emulator::access=info");
    let emu = common::start(cfg).await;
    let (rounds, errors) = common::sync_until_drained(&tower, account, 200).await;
    let counts = store.change_counts(account).await.unwrap();
    assert_eq!(
        (counts.waiting, counts.conflicts, counts.rejected),
        (0, 0, 0),
        "{counts:?}"
    );
    let lost = log
        .text()
        .lines()
        .filter(|l| {
            l.contains(&format!("POST /pipelines?workspaceId={wsid} "))
                && l.contains("(fault: applied, then")
        })
        .count();
    emu.shutdown().await;

    let emu = common::start(common::config(Faults::default(), Some(state.clone()), port)).await;
    let client = common::truth(&emu.base_url());
    let after = server_names(&client, wsid).await;
    let made: BTreeMap<&String, &usize> = after
        .iter()
        .filter(|(name, _)| name.starts_with("offline-draft-"))
        .collect();
    let twice: Vec<_> = made.iter().filter(|(_, n)| ***n > 1).collect();
    println!(
        "50 drafts: {} pipelines on the server ({} made twice), {} create answers lost after the write, {} syncs, {} sync errors, {} requests",
        made.len(),
        twice.len(),
        lost,
        rounds,
        errors.len(),
        tower.requests_sent()
    );
    assert!(twice.is_empty(), "made twice: {twice:?}");
    assert_eq!(made.len(), N);
    assert_eq!(
        after.values().sum::<usize>(),
        before.values().sum::<usize>() + N,
        "nothing else was made"
    );
    assert!(
        lost > 0,
        "the emulator lost no answer after a write: the test proved nothing"
    );
    let drafts = tower.pipeline_drafts(account).await.unwrap();
    assert_eq!(drafts.len(), N);
    assert!(
        drafts
            .iter()
            .all(|d| d.draft.state == DraftState::Published)
    );
    let local = tower
        .pipelines(ws.id, PipelinesFrom::ThisWorkspace, None)
        .await
        .unwrap();
    let shown = local
        .iter()
        .filter(|p| p.name.starts_with("offline-draft-"))
        .count();
    assert_eq!(shown, N, "each shows once");
    assert!(local.iter().all(|p| p.pipeline_id.is_some()));
}

/// The server refuses a create (a pipeline of that name was made there after the last pull): the
/// draft is rejected with the server's words; fixed and published again, it is sent once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_draft_shows_the_servers_words_and_fixed_it_is_sent_once() {
    let dir = tempfile::tempdir().unwrap();
    let emu = common::start(common::config(Faults::default(), None, 0)).await;
    let base = emu.base_url();
    let client = common::truth(&base);
    let tower = common::open(dir.path()).await;
    let account = common::register(&tower, &base).await;
    tower.sync_account(account).await.unwrap();
    let prod = ws_named(&tower, account, "production").await;
    let wsid = prod.workspace_id.unwrap();
    client
        .create_pipeline(
            Some(wsid),
            &towerdesk_core::platform_api::CreatePipelineRequest {
                name: "taken-meanwhile".into(),
                description: None,
                icon: None,
                label_ids: vec![],
                launch: towerdesk_core::platform_api::WorkflowLaunchRequest {
                    pipeline: Some("https://github.com/nf-core/sarek".into()),
                    ..Default::default()
                },
                version: None,
            },
        )
        .await
        .unwrap();
    let draft = publish(&tower, prod.id, form("taken-meanwhile")).await;
    tower.sync_account(account).await.unwrap();
    let d = tower.draft(draft).await.unwrap().draft;
    assert_eq!(d.state, DraftState::Rejected);
    assert_eq!(
        d.message.as_deref(),
        Some("A pipeline with name 'taken-meanwhile' already exists")
    );
    // Fixed (another name) and sent again.
    tower
        .save_pipeline_draft(
            prod.id,
            Some(draft),
            d.pipeline_local_id,
            form("taken-meanwhile-2"),
        )
        .await
        .unwrap();
    tower.publish_pipeline_draft(draft).await.unwrap();
    assert_eq!(
        tower.draft(draft).await.unwrap().draft.state,
        DraftState::Waiting
    );
    tower.sync_account(account).await.unwrap();
    let names = server_names(&client, wsid).await;
    assert_eq!(names.get("taken-meanwhile"), Some(&1));
    assert_eq!(names.get("taken-meanwhile-2"), Some(&1));
    assert_eq!(
        tower.draft(draft).await.unwrap().draft.state,
        DraftState::Published
    );
    assert!(
        tower
            .store()
            .unwrap()
            .outbox(account)
            .await
            .unwrap()
            .is_empty()
    );
}
