//! Labels and the Studios session lifespan against the emulator: local edits reach the server
//! once; an edit that met other values on the server is a conflict the user resolves; a 403 is
//! rejected with the server's words; a create whose answer was lost is adopted, never made twice.

use crate::common;

use std::sync::Arc;
use std::time::Duration;

use towerdesk_core::platform_api::{LabelQuery, PlatformClient, UpdateLabelRequest};
use towerdesk_core::sync::{label_create, pull_account};
use towerdesk_core::{
    ChangeState, ErrorKind, LabelInput, StudiosSettingsInput, Towerdesk, Workspace,
};
use towerdesk_emulator::{FaultKind, Faults};

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

fn label(name: &str, value: Option<&str>, is_default: bool) -> LabelInput {
    LabelInput {
        name: name.into(),
        value: value.map(Into::into),
        resource: value.is_some(),
        is_default,
    }
}

/// The server's labels of a workspace as `name`, `name=value`, with `*` for a default one.
async fn server_labels(client: &PlatformClient, ws: i64) -> Vec<String> {
    let query = LabelQuery::default();
    let mut out: Vec<String> = common::retry(|| client.list_labels_all(Some(ws), &query))
        .await
        .iter()
        .map(|l| {
            let mut s = l.name.clone().unwrap_or_default();
            if let Some(v) = l.value.as_deref().filter(|v| !v.is_empty()) {
                s = format!("{s}={v}");
            }
            if l.is_default == Some(true) {
                s.push('*');
            }
            s
        })
        .collect();
    out.sort();
    out
}

async fn server_lifespan(client: &PlatformClient, org: i64, ws: i64) -> Option<i32> {
    common::retry(|| client.studios_settings(org, ws))
        .await
        .lifespan_hours
}

async fn local_label(tower: &Arc<Towerdesk>, ws: i64, text: &str) -> Option<towerdesk_core::Label> {
    tower
        .workspace_settings(ws)
        .await
        .unwrap()
        .labels
        .into_iter()
        .find(|l| l.text() == text)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn label_and_lifespan_edits_reach_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let emu = common::start(common::config(Faults::default(), None, 0)).await;
    let base = emu.base_url();
    let client = common::truth(&base);
    let tower = common::open(dir.path()).await;
    let account = common::register(&tower, &base).await;
    tower.sync_account(account).await.unwrap();
    let prod = ws_named(&tower, account, "production").await;
    let (org, wsid) = (prod.org_id.unwrap(), prod.workspace_id.unwrap());
    let before = server_labels(&client, wsid).await;

    let env = tower
        .create_label(prod.id, label("env", Some("prod"), true))
        .await
        .unwrap();
    assert_eq!(env.change_state, Some(ChangeState::Waiting));
    assert_eq!(env.label_id, None);
    tower
        .create_label(prod.id, label("nightly", None, false))
        .await
        .unwrap();
    let summaries: Vec<String> = tower
        .changes(Some(account))
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.summary)
        .collect();
    assert_eq!(
        summaries,
        [
            "Add label env=prod to production",
            "Add label nightly to production"
        ]
    );
    assert_eq!(
        server_labels(&client, wsid).await,
        before,
        "nothing sent before a sync"
    );

    tower.sync_account(account).await.unwrap();
    let mut want = before.clone();
    want.extend(["env=prod*".to_string(), "nightly".to_string()]);
    want.sort();
    assert_eq!(server_labels(&client, wsid).await, want);
    let env = local_label(&tower, prod.id, "env=prod").await.unwrap();
    assert!(env.label_id.is_some(), "the server's id is recorded");
    assert_eq!(env.change_state, None);

    // Edit, delete, and the Studios lifespan.
    tower
        .update_label(env.id, label("env", Some("staging"), false))
        .await
        .unwrap();
    let nightly = local_label(&tower, prod.id, "nightly").await.unwrap();
    tower.delete_label(nightly.id).await.unwrap();
    assert!(
        local_label(&tower, prod.id, "nightly").await.is_none(),
        "hidden at once"
    );
    let before_lifespan = server_lifespan(&client, org, wsid).await;
    assert_ne!(before_lifespan, Some(48));
    let shown = tower
        .update_studios_settings(prod.id, StudiosSettingsInput::lifespan(Some(48)))
        .await
        .unwrap();
    assert_eq!(shown.studios_lifespan_hours, Some(48));
    assert_eq!(shown.studios_change_state, Some(ChangeState::Waiting));
    let summaries: Vec<String> = tower
        .changes(Some(account))
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.summary)
        .collect();
    assert_eq!(
        summaries,
        [
            "Change label env=prod to env=staging in production",
            "Delete label nightly from production",
            "Set Studios settings of production: session lifespan to 48 hours",
        ]
    );
    let repo_before = common::retry(|| client.studios_settings(org, wsid))
        .await
        .container_repository;

    tower.sync_account(account).await.unwrap();
    let mut want = before.clone();
    want.push("env=staging".to_string());
    want.sort();
    assert_eq!(server_labels(&client, wsid).await, want);
    assert_eq!(server_lifespan(&client, org, wsid).await, Some(48));
    assert_eq!(
        common::retry(|| client.studios_settings(org, wsid))
            .await
            .container_repository,
        repo_before,
        "the other Studios settings are left as they were"
    );

    // "Always keep the session running" is the API's 0.
    tower
        .update_studios_settings(prod.id, StudiosSettingsInput::lifespan(None))
        .await
        .unwrap();
    tower.sync_account(account).await.unwrap();
    assert_eq!(server_lifespan(&client, org, wsid).await, Some(0));
    let shown = tower.workspace_settings(prod.id).await.unwrap();
    assert_eq!(
        (shown.studios_lifespan_hours, shown.studios_change_state),
        (None, None)
    );
    let counts = tower.store().unwrap().change_counts(account).await.unwrap();
    assert_eq!(
        (counts.waiting, counts.conflicts, counts.rejected),
        (0, 0, 0)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_and_roles_are_refused_before_anything_is_queued() {
    let dir = tempfile::tempdir().unwrap();
    let emu = common::start(common::config(Faults::default(), None, 0)).await;
    let base = emu.base_url();
    let tower = common::open(dir.path()).await;
    let account = common::register(&tower, &base).await;
    tower.sync_account(account).await.unwrap();
    let prod = ws_named(&tower, account, "production").await;
    let methods = ws_named(&tower, account, "methods-dev").await;
    assert_eq!(methods.role.as_deref(), Some("maintain"));

    let e = tower
        .create_label(prod.id, label("-bad", None, false))
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Validation);
    assert_eq!(e.message, "Name must start and end with a letter or digit.");
    let existing = tower.workspace_settings(prod.id).await.unwrap().labels[0].clone();
    let e = tower
        .create_label(
            prod.id,
            label(
                &existing.name.to_uppercase(),
                existing.value.as_deref(),
                false,
            ),
        )
        .await
        .unwrap_err();
    assert!(
        e.message.contains("already exists in this workspace"),
        "{}",
        e.message
    );
    let e = tower
        .update_studios_settings(prod.id, StudiosSettingsInput::lifespan(Some(121)))
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Validation);
    // A maintainer manages labels but not the Studios settings.
    let e = tower
        .update_studios_settings(methods.id, StudiosSettingsInput::lifespan(Some(4)))
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Forbidden);
    assert_eq!(
        e.message,
        "Changing the Studios settings needs the owner or admin role in the workspace (your role: maintain)."
    );
    tower
        .create_label(methods.id, label("bench", None, false))
        .await
        .unwrap();
    assert_eq!(tower.changes(Some(account)).await.unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_that_met_other_values_on_the_server_are_conflicts_the_user_resolves() {
    let dir = tempfile::tempdir().unwrap();
    let emu = common::start(common::config(Faults::default(), None, 0)).await;
    let base = emu.base_url();
    let client = common::truth(&base);
    let tower = common::open(dir.path()).await;
    let account = common::register(&tower, &base).await;
    tower.sync_account(account).await.unwrap();
    let prod = ws_named(&tower, account, "production").await;
    let (org, wsid) = (prod.org_id.unwrap(), prod.workspace_id.unwrap());
    tower
        .create_label(prod.id, label("stage", Some("one"), false))
        .await
        .unwrap();
    tower
        .create_label(prod.id, label("doomed", None, false))
        .await
        .unwrap();
    tower.sync_account(account).await.unwrap();
    let stage = local_label(&tower, prod.id, "stage=one").await.unwrap();
    let doomed = local_label(&tower, prod.id, "doomed").await.unwrap();

    // Offline edits; meanwhile someone changes the same things on the server.
    tower
        .update_label(stage.id, label("stage", Some("mine"), false))
        .await
        .unwrap();
    tower
        .update_label(doomed.id, label("doomed-renamed", None, false))
        .await
        .unwrap();
    let before = tower
        .workspace_settings(prod.id)
        .await
        .unwrap()
        .studios_lifespan_hours;
    tower
        .update_studios_settings(
            prod.id,
            StudiosSettingsInput::lifespan(Some(if before == Some(6) { 7 } else { 6 })),
        )
        .await
        .unwrap();
    client
        .update_label(
            Some(wsid),
            stage.label_id.unwrap(),
            &UpdateLabelRequest {
                name: "stage".into(),
                value: Some("theirs".into()),
                is_default: false,
            },
        )
        .await
        .unwrap();
    client
        .delete_label(Some(wsid), doomed.label_id.unwrap())
        .await
        .unwrap();
    client
        .update_studios_settings(
            org,
            wsid,
            &towerdesk_core::platform_api::StudiosSettingsUpdate {
                lifespan_hours: Some(99),
                ..Default::default()
            },
        )
        .await
        .unwrap();

    tower.sync_account(account).await.unwrap();
    let changes = tower.changes(Some(account)).await.unwrap();
    let states: Vec<(ChangeState, Option<String>)> = changes
        .iter()
        .map(|c| (c.state, c.message.clone()))
        .collect();
    assert_eq!(
        states,
        [
            (
                ChangeState::Conflict,
                Some("Changed on the server since you edited it.".into())
            ),
            (ChangeState::Conflict, Some("Deleted on the server.".into())),
            (
                ChangeState::Conflict,
                Some("Changed on the server since you edited it.".into())
            ),
        ]
    );
    // The pull kept my versions, marked.
    let mine = local_label(&tower, prod.id, "stage=mine").await.unwrap();
    assert_eq!(mine.change_state, Some(ChangeState::Conflict));
    let shown = tower.workspace_settings(prod.id).await.unwrap();
    assert_eq!(shown.studios_change_state, Some(ChangeState::Conflict));
    assert_ne!(shown.studios_lifespan_hours, Some(99));

    // Keep mine for the label, take theirs for the lifespan and the deleted label.
    tower.retry_change(changes[0].id).await.unwrap();
    let refused = tower.retry_change(changes[1].id).await.unwrap_err();
    assert!(
        refused.message.contains("deleted on the server"),
        "{}",
        refused.message
    );
    tower.discard_change(changes[1].id).await.unwrap();
    tower.discard_change(changes[2].id).await.unwrap();
    tower.sync_account(account).await.unwrap();

    let server = server_labels(&client, wsid).await;
    assert!(server.contains(&"stage=mine".to_string()), "{server:?}");
    assert!(
        !server.iter().any(|l| l.starts_with("doomed")),
        "{server:?}"
    );
    assert_eq!(server_lifespan(&client, org, wsid).await, Some(99));
    let shown = tower.workspace_settings(prod.id).await.unwrap();
    assert_eq!(
        shown.studios_lifespan_hours,
        Some(99),
        "theirs, after the pull"
    );
    assert!(shown.labels.iter().all(|l| !l.name.starts_with("doomed")));
    assert!(tower.changes(Some(account)).await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_403_for_a_view_role_rejects_the_change_with_the_servers_message() {
    let dir = tempfile::tempdir().unwrap();
    let emu = common::start(common::config(Faults::default(), None, 0)).await;
    let base = emu.base_url();
    let client = common::truth(&base);
    let tower = common::open(dir.path()).await;
    let account = common::register(&tower, &base).await;
    tower.sync_account(account).await.unwrap();
    let store = tower.store().unwrap();
    let reference = ws_named(&tower, account, "reference-pipelines").await;
    assert_eq!(reference.role.as_deref(), Some("view"));
    let before = server_labels(&client, reference.workspace_id.unwrap()).await;

    // The core refuses it itself...
    let input = label("mine", None, false);
    let refused = tower
        .create_label(reference.id, input.clone())
        .await
        .unwrap_err();
    assert_eq!(refused.kind, ErrorKind::Forbidden);
    assert!(tower.changes(Some(account)).await.unwrap().is_empty());
    // ...so it is queued through the store, as if the role had changed since the last sync.
    store
        .create_label_local(
            account,
            reference.id,
            &input,
            &label_create(&reference.name, &input),
        )
        .await
        .unwrap();
    let prod = ws_named(&tower, account, "production").await;
    tower
        .create_label(prod.id, label("after-403", None, false))
        .await
        .unwrap();

    tower.sync_account(account).await.unwrap();
    let changes = tower.changes(Some(account)).await.unwrap();
    assert_eq!(changes.len(), 1, "the other change went");
    assert_eq!(changes[0].state, ChangeState::Rejected);
    let message = changes[0].message.clone().unwrap_or_default();
    assert!(
        message.contains("'view' role cannot do this"),
        "the server's own words: {message}"
    );
    let shown = local_label(&tower, reference.id, "mine").await.unwrap();
    assert_eq!(shown.change_state, Some(ChangeState::Rejected));
    assert_eq!(shown.change_message.as_deref(), Some(message.as_str()));
    assert_eq!(
        server_labels(&client, reference.workspace_id.unwrap()).await,
        before
    );
    assert!(
        server_labels(&client, prod.workspace_id.unwrap())
            .await
            .contains(&"after-403".to_string())
    );
}

/// Creates applied by the server whose answers were lost, then a pull before the next push:
/// each label is adopted once, never made twice, and shows once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_label_create_whose_answer_was_lost_is_adopted_not_made_twice() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("server.json");
    let emu = common::start(common::config(Faults::default(), Some(state.clone()), 0)).await;
    let (base, port) = (emu.base_url(), emu.port());
    let client = common::truth(&base);
    let tower = common::open(&dir.path().join("data")).await;
    let account = common::register(&tower, &base).await;
    tower.sync_account(account).await.unwrap();
    let store = tower.store().unwrap();
    let prod = ws_named(&tower, account, "production").await;
    let wsid = prod.workspace_id.unwrap();
    tower
        .create_label(prod.id, label("lost", Some("once"), false))
        .await
        .unwrap();
    tower
        .create_label(prod.id, label("lost-simple", None, false))
        .await
        .unwrap();
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
    assert_eq!(queue.len(), 2);
    assert!(queue.iter().all(|r| r.attempts == 1 && r.op == "create"));
    let landed = server_labels(&client, wsid).await;
    assert_eq!(
        landed
            .iter()
            .filter(|l| *l == "lost=once" || *l == "lost-simple")
            .count(),
        2,
        "both landed: {landed:?}"
    );
    // A pull sees the server's copies before the creates are acknowledged.
    pull_account(store, &api, &row, &|_: &str, _: i64, _: Option<i64>| {})
        .await
        .unwrap();
    emu.shutdown().await;

    let emu = common::start(common::config(Faults::default(), Some(state.clone()), port)).await;
    let client = common::truth(&emu.base_url());
    tower.sync_account(account).await.unwrap();
    assert!(store.outbox(account).await.unwrap().is_empty());
    let server = server_labels(&client, wsid).await;
    assert_eq!(server.iter().filter(|l| *l == "lost=once").count(), 1);
    assert_eq!(server.iter().filter(|l| *l == "lost-simple").count(), 1);
    let local = tower.workspace_settings(prod.id).await.unwrap().labels;
    for text in ["lost=once", "lost-simple"] {
        let mine: Vec<_> = local.iter().filter(|l| l.text() == text).collect();
        assert_eq!(mine.len(), 1, "{text} shows once: {local:?}");
        assert!(mine[0].label_id.is_some());
        assert_eq!(mine[0].change_state, None);
    }
}

/// The emulator (like the Platform's workspace record) moves the workspace's `lastUpdated` when
/// its Studios settings change: an edit of the workspace queued after the lifespan must not then
/// conflict with our own change.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_workspace_edit_queued_after_a_lifespan_change_does_not_conflict_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let emu = common::start(common::config(Faults::default(), None, 0)).await;
    let base = emu.base_url();
    let client = common::truth(&base);
    let tower = common::open(dir.path()).await;
    let account = common::register(&tower, &base).await;
    tower.sync_account(account).await.unwrap();
    let prod = ws_named(&tower, account, "production").await;
    let (org, wsid) = (prod.org_id.unwrap(), prod.workspace_id.unwrap());
    tower
        .update_studios_settings(prod.id, StudiosSettingsInput::lifespan(Some(36)))
        .await
        .unwrap();
    tower
        .update_workspace(
            prod.id,
            common::input(
                "production",
                prod.full_name.as_deref().unwrap(),
                Some("after the lifespan"),
                false,
            ),
        )
        .await
        .unwrap();
    tower.sync_account(account).await.unwrap();
    let changes = tower.changes(Some(account)).await.unwrap();
    assert!(changes.is_empty(), "{changes:?}");
    assert_eq!(server_lifespan(&client, org, wsid).await, Some(36));
    assert_eq!(
        common::server_workspaces(&client, org).await["production"].description,
        "after the lifespan"
    );
}

/// A label added to a workspace the server does not have (its creation refused) waits, saying
/// why, and does not hold the sync up.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_label_of_a_workspace_not_on_the_server_waits_for_it_without_holding_the_sync() {
    let dir = tempfile::tempdir().unwrap();
    let emu = common::start(common::config(Faults::default(), None, 0)).await;
    let base = emu.base_url();
    let client = common::truth(&base);
    let gc = common::org_id(&client, "genomics-core").await;
    let tower = common::open(dir.path()).await;
    let account = common::register(&tower, &base).await;
    tower.sync_account(account).await.unwrap();
    let store = tower.store().unwrap();
    // A workspace create the server refuses (queued through the store: the core would refuse the name).
    let bad = common::input("x", "Too short", None, false);
    let ws = store
        .create_workspace_local(
            account,
            gc,
            &bad,
            &towerdesk_core::sync::workspace_change(
                towerdesk_core::store::ChangeOp::Create,
                gc,
                &bad,
                None,
                None,
            ),
        )
        .await
        .unwrap();
    tower
        .create_label(ws.id, label("early", None, false))
        .await
        .unwrap();

    let started = std::time::Instant::now();
    tower.sync_account(account).await.unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "the sync did not wait for it: {:?}",
        started.elapsed()
    );
    let changes = tower.changes(Some(account)).await.unwrap();
    assert_eq!(changes.len(), 2);
    assert_eq!(changes[0].state, ChangeState::Rejected);
    assert_eq!(changes[1].state, ChangeState::Waiting);
    assert_eq!(
        changes[1].message.as_deref(),
        Some("Waiting for workspace x to reach the server.")
    );
    let early = local_label(&tower, ws.id, "early").await.unwrap();
    assert_eq!(early.change_state, Some(ChangeState::Waiting));
}

/// "Keep mine" on a lifespan that met another on the server, and on a delete of a label someone
/// changed meanwhile: each goes through on the server's values of now.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keep_mine_sends_the_lifespan_and_the_delete_over_the_servers_newer_values() {
    let dir = tempfile::tempdir().unwrap();
    let emu = common::start(common::config(Faults::default(), None, 0)).await;
    let base = emu.base_url();
    let client = common::truth(&base);
    let tower = common::open(dir.path()).await;
    let account = common::register(&tower, &base).await;
    tower.sync_account(account).await.unwrap();
    let prod = ws_named(&tower, account, "production").await;
    let (org, wsid) = (prod.org_id.unwrap(), prod.workspace_id.unwrap());
    tower
        .create_label(prod.id, label("old", None, false))
        .await
        .unwrap();
    tower.sync_account(account).await.unwrap();
    let old = local_label(&tower, prod.id, "old").await.unwrap();

    tower.delete_label(old.id).await.unwrap();
    tower
        .update_studios_settings(prod.id, StudiosSettingsInput::lifespan(Some(2)))
        .await
        .unwrap();
    client
        .update_label(
            Some(wsid),
            old.label_id.unwrap(),
            &UpdateLabelRequest {
                name: "renamed-there".into(),
                value: None,
                is_default: false,
            },
        )
        .await
        .unwrap();
    client
        .update_studios_settings(
            org,
            wsid,
            &towerdesk_core::platform_api::StudiosSettingsUpdate {
                lifespan_hours: Some(100),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    tower.sync_account(account).await.unwrap();
    let changes = tower.changes(Some(account)).await.unwrap();
    assert_eq!(changes.len(), 2);
    assert!(changes.iter().all(|c| c.state == ChangeState::Conflict));
    assert_eq!(
        server_lifespan(&client, org, wsid).await,
        Some(100),
        "nothing sent over theirs"
    );
    assert!(
        server_labels(&client, wsid)
            .await
            .contains(&"renamed-there".to_string())
    );

    for c in &changes {
        tower.retry_change(c.id).await.unwrap();
    }
    tower.sync_account(account).await.unwrap();
    assert!(tower.changes(Some(account)).await.unwrap().is_empty());
    assert_eq!(server_lifespan(&client, org, wsid).await, Some(2));
    assert!(
        !server_labels(&client, wsid)
            .await
            .contains(&"renamed-there".to_string())
    );
    assert!(
        local_label(&tower, prod.id, "renamed-there")
            .await
            .is_none()
    );
}
