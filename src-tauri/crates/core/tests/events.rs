//! What the core tells its observers: a local write names its section and workspace; a sync says
//! when it starts and ends, and names what its pull brought and what its push completed, and
//! nothing that did not change. Events are sent while the call runs, so each test reads what the
//! call sent once it has returned (`try_recv`): no waiting, no timing.

mod common;

use std::sync::Arc;

use tokio::sync::broadcast::Receiver;
use towerdesk_core::platform_api::CreateLabelRequest;
use towerdesk_core::{CoreEvent, LabelInput, Section, Towerdesk, Workspace};
use towerdesk_emulator::{Clock, Faults};

/// Everything sent so far.
fn drain(events: &mut Receiver<CoreEvent>) -> Vec<CoreEvent> {
    let mut out = Vec::new();
    while let Ok(e) = events.try_recv() {
        out.push(e);
    }
    out
}

/// The (section, workspace) pairs of the data events, in the order sent, without repeats.
fn data(events: &[CoreEvent]) -> Vec<(Section, Option<i64>)> {
    let mut out = Vec::new();
    for e in events {
        if let CoreEvent::DataChanged {
            section,
            workspace_id,
            ..
        } = e
            && !out.contains(&(*section, *workspace_id))
        {
            out.push((*section, *workspace_id));
        }
    }
    out
}

async fn ws_named(tower: &Arc<Towerdesk>, account: i64, name: &str) -> Workspace {
    tower
        .workspaces(account, None)
        .await
        .unwrap()
        .into_iter()
        .find(|w| w.name == name)
        .unwrap_or_else(|| panic!("no workspace {name}"))
}

/// An emulator whose clock stands still (runs do not move between syncs), a service with the
/// test account, synced once.
async fn synced_world() -> (
    tempfile::TempDir,
    towerdesk_emulator::RunningEmulator,
    Arc<Towerdesk>,
    i64,
) {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = common::config(Faults::default(), None, 0);
    cfg.clock = Clock::fake(chrono::Utc::now());
    let emu = common::start(cfg).await;
    let tower = common::open(dir.path()).await;
    let account = common::register(&tower, &emu.base_url()).await;
    tower.sync_account(account).await.expect("a clean sync");
    (dir, emu, tower, account)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_local_write_names_its_section_and_workspace_and_the_changes() {
    let (_dir, _emu, tower, account) = synced_world().await;
    let prod = ws_named(&tower, account, "production").await;
    let mut events = tower.subscribe();

    tower
        .create_label(
            prod.id,
            LabelInput {
                name: "nightly".into(),
                value: None,
                resource: false,
                is_default: false,
            },
        )
        .await
        .unwrap();
    let sent = drain(&mut events);
    assert_eq!(
        data(&sent),
        [(Section::Settings, Some(prod.id)), (Section::Changes, None)],
        "{sent:?}"
    );
    assert!(sent.iter().all(|e| matches!(
        e,
        CoreEvent::DataChanged { account_id, .. } if *account_id == account
    )));

    // A refused write tells nothing.
    let refused = tower
        .create_label(
            prod.id,
            LabelInput {
                name: "-bad".into(),
                value: None,
                resource: false,
                is_default: false,
            },
        )
        .await;
    assert!(refused.is_err());
    assert_eq!(drain(&mut events), []);
}

/// Saving a draft names the workspace's pipelines only (a draft is not a queued change);
/// publishing it names the pipelines and the changes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pipeline_draft_names_the_pipelines_and_publishing_it_the_changes_too() {
    let (_dir, _emu, tower, account) = synced_world().await;
    let prod = ws_named(&tower, account, "production").await;
    let mut events = tower.subscribe();
    let form = towerdesk_core::PipelineInput {
        name: "evented".into(),
        pipeline: "https://github.com/nf-core/rnaseq".into(),
        ..Default::default()
    };
    let draft = tower
        .save_pipeline_draft(prod.id, None, None, form)
        .await
        .unwrap();
    let sent = drain(&mut events);
    assert_eq!(
        data(&sent),
        [(Section::Pipelines, Some(prod.id))],
        "{sent:?}"
    );
    tower.publish_pipeline_draft(draft.draft.id).await.unwrap();
    let sent = drain(&mut events);
    assert_eq!(
        data(&sent),
        [
            (Section::Pipelines, Some(prod.id)),
            (Section::Changes, None)
        ],
        "{sent:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_says_when_it_starts_and_ends_and_names_only_what_its_pull_brought() {
    let (_dir, emu, tower, account) = synced_world().await;
    // The personal workspace is pulled in full at each sync (the others were fetched moments ago
    // and are left as they are, but their runs).
    let personal = tower
        .workspaces(account, None)
        .await
        .unwrap()
        .into_iter()
        .find(|w| w.personal)
        .expect("a personal workspace");
    tower.focus_workspace(personal.id).await.unwrap();

    // Nothing new on the server: the sync starts and ends, and no section changed.
    let mut events = tower.subscribe();
    tower.sync_account(account).await.unwrap();
    let sent = drain(&mut events);
    assert_eq!(
        sent.first(),
        Some(&CoreEvent::AccountStatus {
            account_id: account
        })
    );
    assert_eq!(
        sent.last(),
        Some(&CoreEvent::AccountStatus {
            account_id: account
        })
    );
    assert!(
        sent.iter().any(|e| matches!(
            e,
            CoreEvent::SyncProgress { account_id, progress: Some(p) } if *account_id == account && p.what.starts_with("Workspace ")
        )),
        "{sent:?}"
    );
    assert_eq!(data(&sent), [], "nothing changed on the server: {sent:?}");

    // A label added on the server: the next sync names the Settings of that workspace only.
    common::truth(&emu.base_url())
        .create_label(
            None,
            &CreateLabelRequest {
                name: "from-the-server".into(),
                value: None,
                resource: false,
                is_default: false,
            },
        )
        .await
        .unwrap();
    tower.sync_account(account).await.unwrap();
    let sent = drain(&mut events);
    assert_eq!(
        data(&sent),
        [(Section::Settings, Some(personal.id))],
        "{sent:?}"
    );
    assert!(
        tower
            .workspace_settings(personal.id)
            .await
            .unwrap()
            .labels
            .iter()
            .any(|l| l.name == "from-the-server")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_push_that_completes_a_change_names_the_changes_and_its_section() {
    let (_dir, _emu, tower, account) = synced_world().await;
    let prod = ws_named(&tower, account, "production").await;
    tower.focus_workspace(prod.id).await.unwrap();
    tower
        .create_label(
            prod.id,
            LabelInput {
                name: "pushed".into(),
                value: None,
                resource: false,
                is_default: false,
            },
        )
        .await
        .unwrap();

    let mut events = tower.subscribe();
    tower.sync_account(account).await.unwrap();
    let sent = drain(&mut events);
    let told = data(&sent);
    assert!(told.contains(&(Section::Changes, None)), "{sent:?}");
    assert!(told.contains(&(Section::Settings, None)), "{sent:?}");
    assert_eq!(
        tower
            .store()
            .unwrap()
            .change_counts(account)
            .await
            .unwrap()
            .waiting,
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn adding_and_removing_an_account_tells_its_status() {
    let dir = tempfile::tempdir().unwrap();
    let emu = common::start(common::config(Faults::default(), None, 0)).await;
    let tower = common::open(dir.path()).await;
    let mut events = tower.subscribe();

    let account = common::register(&tower, &emu.base_url()).await;
    let sent = drain(&mut events);
    assert!(
        sent.contains(&CoreEvent::AccountStatus {
            account_id: account
        }),
        "{sent:?}"
    );
    assert!(
        data(&sent).contains(&(Section::Workspaces, None)),
        "its personal workspace: {sent:?}"
    );

    tower.remove_account(account).await.unwrap();
    assert_eq!(
        drain(&mut events),
        [CoreEvent::AccountStatus {
            account_id: account
        }]
    );
}
