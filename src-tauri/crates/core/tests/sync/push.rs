//! Push: local writes reach the server; an edit that met a newer server version is a visible
//! conflict resolved by "keep mine" or "take theirs"; a 403 rejects that one change with the
//! server's words while the rest go; a 401 pauses the account and keeps the queue; a pull never
//! overwrites a queued edit.

use crate::common;

use std::sync::Arc;
use std::time::Duration;

use towerdesk_core::platform_api::{PlatformClient, UpdateWorkspaceRequest, Visibility};
use towerdesk_core::store::ChangeOp;
use towerdesk_core::sync::{pull_account, workspace_change};
use towerdesk_core::{ChangeState, ErrorKind, Towerdesk, Workspace};
use towerdesk_emulator::Faults;

async fn local_named(tower: &Arc<Towerdesk>, account: i64, name: &str) -> Option<Workspace> {
    tower
        .store()
        .unwrap()
        .workspaces(account, None)
        .await
        .unwrap()
        .into_iter()
        .find(|w| w.name == name)
}

async fn server_edit(client: &PlatformClient, org: i64, ws: i64, description: &str) {
    let w = client.describe_workspace(org, ws).await.unwrap();
    client
        .update_workspace(
            org,
            ws,
            &UpdateWorkspaceRequest {
                name: w.name.clone(),
                full_name: w.full_name.clone().unwrap(),
                description: description.into(),
                visibility: w.visibility.clone().unwrap_or(Visibility::Private),
            },
        )
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn creates_updates_and_deletes_reach_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let emu = common::start(common::config(Faults::default(), None, 0)).await;
    let base = emu.base_url();
    let client = common::truth(&base);
    let gc = common::org_id(&client, "genomics-core").await;
    let tower = common::open(dir.path()).await;
    let account = common::register(&tower, &base).await;
    tower.sync_account(account).await.unwrap();

    let made = tower
        .create_workspace(
            account,
            gc,
            common::input("pushed-one", "Pushed one", Some("first"), false),
        )
        .await
        .unwrap();
    assert_eq!(made.workspace_id, None, "not on the server before a sync");
    assert!(
        !common::server_workspaces(&client, gc)
            .await
            .contains_key("pushed-one")
    );
    tower.sync_account(account).await.unwrap();
    let server = common::server_workspaces(&client, gc).await;
    assert_eq!(
        server["pushed-one"],
        common::Fields {
            full_name: "Pushed one".into(),
            description: "first".into(),
            visibility: "PRIVATE".into()
        }
    );
    let local = local_named(&tower, account, "pushed-one").await.unwrap();
    assert!(local.workspace_id.is_some(), "the server's id is recorded");
    assert_eq!(local.change_state, None);

    tower
        .update_workspace(
            local.id,
            common::input("pushed-renamed", "Pushed, renamed", Some("second"), true),
        )
        .await
        .unwrap();
    tower.sync_account(account).await.unwrap();
    let server = common::server_workspaces(&client, gc).await;
    assert!(!server.contains_key("pushed-one"));
    assert_eq!(
        server["pushed-renamed"],
        common::Fields {
            full_name: "Pushed, renamed".into(),
            description: "second".into(),
            visibility: "SHARED".into()
        }
    );

    tower.delete_workspace(local.id).await.unwrap();
    assert!(
        local_named(&tower, account, "pushed-renamed")
            .await
            .is_none()
    );
    tower.sync_account(account).await.unwrap();
    let server = common::server_workspaces(&client, gc).await;
    assert!(!server.contains_key("pushed-renamed"));
    assert_eq!(server.len(), 3, "the demo's three workspaces are left");
    let counts = tower.store().unwrap().change_counts(account).await.unwrap();
    assert_eq!(
        (counts.waiting, counts.conflicts, counts.rejected),
        (0, 0, 0)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_that_met_a_newer_server_version_is_a_conflict_the_user_resolves() {
    let dir = tempfile::tempdir().unwrap();
    let emu = common::start(common::config(Faults::default(), None, 0)).await;
    let base = emu.base_url();
    let client = common::truth(&base);
    let gc = common::org_id(&client, "genomics-core").await;
    let tower = common::open(dir.path()).await;
    let account = common::register(&tower, &base).await;
    tower.sync_account(account).await.unwrap();
    let store = tower.store().unwrap();
    let prod = local_named(&tower, account, "production").await.unwrap();
    let remote = prod.workspace_id.unwrap();

    // Keep mine.
    tower
        .update_workspace(
            prod.id,
            common::input("production", "Production pipelines", Some("mine"), false),
        )
        .await
        .unwrap();
    server_edit(&client, gc, remote, "theirs").await;
    tower.sync_account(account).await.unwrap();
    let counts = store.change_counts(account).await.unwrap();
    assert_eq!((counts.waiting, counts.conflicts), (0, 1));
    let now = store.workspace(prod.id).await.unwrap();
    assert_eq!(
        now.description.as_deref(),
        Some("mine"),
        "the local version is kept"
    );
    assert_eq!(now.change_state, Some(ChangeState::Conflict));
    assert!(now.change_message.is_some(), "the conflict says why");
    assert_eq!(
        client
            .describe_workspace(gc, remote)
            .await
            .unwrap()
            .description
            .as_deref(),
        Some("theirs"),
        "nothing was sent over the server's version"
    );
    let change = store.outbox(account).await.unwrap()[0].id;
    tower.retry_change(change).await.unwrap();
    tower.sync_account(account).await.unwrap();
    assert_eq!(
        client
            .describe_workspace(gc, remote)
            .await
            .unwrap()
            .description
            .as_deref(),
        Some("mine")
    );
    let counts = store.change_counts(account).await.unwrap();
    assert_eq!((counts.waiting, counts.conflicts), (0, 0));

    // Take theirs.
    tower
        .update_workspace(
            prod.id,
            common::input(
                "production",
                "Production pipelines",
                Some("mine again"),
                false,
            ),
        )
        .await
        .unwrap();
    server_edit(&client, gc, remote, "theirs again").await;
    tower.sync_account(account).await.unwrap();
    assert_eq!(store.change_counts(account).await.unwrap().conflicts, 1);
    let change = store.outbox(account).await.unwrap()[0].id;
    tower.discard_change(change).await.unwrap();
    tower.sync_account(account).await.unwrap();
    let now = store.workspace(prod.id).await.unwrap();
    assert_eq!(now.description.as_deref(), Some("theirs again"));
    assert_eq!(now.change_state, None);
    assert_eq!(
        client
            .describe_workspace(gc, remote)
            .await
            .unwrap()
            .description
            .as_deref(),
        Some("theirs again")
    );
    assert!(store.outbox(account).await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_of_a_workspace_deleted_on_the_server_is_a_conflict_not_a_rejection() {
    let dir = tempfile::tempdir().unwrap();
    let emu = common::start(common::config(Faults::default(), None, 0)).await;
    let base = emu.base_url();
    let client = common::truth(&base);
    let gc = common::org_id(&client, "genomics-core").await;
    let tower = common::open(dir.path()).await;
    let account = common::register(&tower, &base).await;
    tower.sync_account(account).await.unwrap();
    let store = tower.store().unwrap();

    // Keep mine: the workspace is made again with the user's fields.
    let sandbox = local_named(&tower, account, "rnd-sandbox").await.unwrap();
    let old_id = sandbox.workspace_id.unwrap();
    tower
        .update_workspace(
            sandbox.id,
            common::input("rnd-sandbox", "R&D sandbox", Some("still mine"), false),
        )
        .await
        .unwrap();
    client.delete_workspace(gc, old_id).await.unwrap();
    tower.sync_account(account).await.unwrap();
    let changes = tower.changes(Some(account)).await.unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].state, ChangeState::Conflict, "not rejected");
    assert_eq!(
        changes[0].message.as_deref(),
        Some("It was deleted on the server.")
    );
    let kept = store.workspace(sandbox.id).await.unwrap();
    assert_eq!(
        kept.description.as_deref(),
        Some("still mine"),
        "the edit is kept"
    );
    assert!(
        !common::server_workspaces(&client, gc)
            .await
            .contains_key("rnd-sandbox")
    );
    tower.retry_change(changes[0].id).await.unwrap();
    tower.sync_account(account).await.unwrap();
    let server = common::server_workspaces(&client, gc).await;
    assert_eq!(server["rnd-sandbox"].description, "still mine");
    let back = store.workspace(sandbox.id).await.unwrap();
    assert!(
        back.workspace_id.is_some_and(|id| id != old_id),
        "a new server id"
    );
    assert!(store.outbox(account).await.unwrap().is_empty());

    // Take theirs: the workspace goes here too.
    let hub = local_named(&tower, account, "shared-pipelines")
        .await
        .unwrap();
    tower
        .update_workspace(
            hub.id,
            common::input("shared-pipelines", "Shared pipelines", Some("mine"), true),
        )
        .await
        .unwrap();
    client
        .delete_workspace(gc, hub.workspace_id.unwrap())
        .await
        .unwrap();
    tower.sync_account(account).await.unwrap();
    let changes = tower.changes(Some(account)).await.unwrap();
    assert_eq!(changes[0].state, ChangeState::Conflict);
    tower.discard_change(changes[0].id).await.unwrap();
    tower.sync_account(account).await.unwrap();
    assert!(
        local_named(&tower, account, "shared-pipelines")
            .await
            .is_none()
    );
    assert!(store.outbox(account).await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_create_edited_in_the_changes_panel_goes_out_with_the_new_fields() {
    let dir = tempfile::tempdir().unwrap();
    let emu = common::start(common::config(Faults::default(), None, 0)).await;
    let base = emu.base_url();
    let client = common::truth(&base);
    let gc = common::org_id(&client, "genomics-core").await;
    let tower = common::open(dir.path()).await;
    let account = common::register(&tower, &base).await;
    tower.sync_account(account).await.unwrap();

    // Someone else takes the name between our syncs: the server refuses our create.
    client
        .create_workspace(
            gc,
            &towerdesk_core::platform_api::NewWorkspace {
                name: "taken-name".into(),
                full_name: "Theirs".into(),
                description: None,
                visibility: Visibility::Private,
            },
        )
        .await
        .unwrap();
    let mine = tower
        .create_workspace(
            account,
            gc,
            common::input("taken-name", "Mine", Some("typed offline"), false),
        )
        .await
        .unwrap();
    tower.sync_account(account).await.unwrap();
    let changes = tower.changes(Some(account)).await.unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].state, ChangeState::Rejected);
    assert!(changes[0].editable);
    assert_eq!(changes[0].local_id, Some(mine.id));

    // The same name again is refused here, before anything is queued.
    let again = tower
        .edit_workspace_change(
            changes[0].id,
            common::input("taken-name", "Mine", Some("typed offline"), false),
        )
        .await
        .unwrap_err();
    assert_eq!(again.kind, ErrorKind::Validation);
    assert_eq!(
        tower.changes(Some(account)).await.unwrap()[0].state,
        ChangeState::Rejected,
        "a refused edit changes nothing"
    );

    let edited = tower
        .edit_workspace_change(
            changes[0].id,
            common::input("mine-after-all", "Mine", Some("typed offline"), true),
        )
        .await
        .unwrap();
    assert_eq!(edited.name, "mine-after-all");
    let changes = tower.changes(Some(account)).await.unwrap();
    assert_eq!(changes[0].state, ChangeState::Waiting);
    assert_eq!(changes[0].summary, "Add workspace mine-after-all");
    tower.sync_account(account).await.unwrap();
    let server = common::server_workspaces(&client, gc).await;
    assert_eq!(
        server["mine-after-all"],
        common::Fields {
            full_name: "Mine".into(),
            description: "typed offline".into(),
            visibility: "SHARED".into()
        }
    );
    assert_eq!(server["taken-name"].full_name, "Theirs", "theirs untouched");
    assert!(tower.changes(Some(account)).await.unwrap().is_empty());

    // A deletion has nothing to edit.
    let sandbox = local_named(&tower, account, "rnd-sandbox").await.unwrap();
    tower.delete_workspace(sandbox.id).await.unwrap();
    let delete = tower.changes(Some(account)).await.unwrap()[0].clone();
    assert!(!delete.editable);
    let refused = tower
        .edit_workspace_change(
            delete.id,
            common::input("rnd-sandbox", "R&D sandbox", None, false),
        )
        .await
        .unwrap_err();
    assert_eq!(refused.kind, ErrorKind::Validation);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_403_rejects_that_change_with_the_servers_message_and_the_rest_go() {
    let dir = tempfile::tempdir().unwrap();
    let emu = common::start(common::config(Faults::default(), None, 0)).await;
    let base = emu.base_url();
    let client = common::truth(&base);
    let gc = common::org_id(&client, "genomics-core").await;
    let ta = common::org_id(&client, "tumor-atlas").await;
    let tower = common::open(dir.path()).await;
    let account = common::register(&tower, &base).await;
    tower.sync_account(account).await.unwrap();
    let store = tower.store().unwrap();

    // methods-dev: the demo user only maintains it. The core refuses the edit itself...
    let methods = local_named(&tower, account, "methods-dev").await.unwrap();
    assert_eq!(methods.role.as_deref(), Some("maintain"));
    let edit = common::input("methods-dev", "Methods development", Some("sneaky"), false);
    let refused = tower
        .update_workspace(methods.id, edit.clone())
        .await
        .unwrap_err();
    assert_eq!(refused.kind, ErrorKind::Forbidden);
    // ...so it is queued through the store, as an older version of the app might have.
    let change = workspace_change(
        ChangeOp::Update,
        ta,
        &edit,
        methods.workspace_id,
        methods.last_updated.clone(),
    );
    store
        .update_workspace_local(methods.id, &edit, &change)
        .await
        .unwrap();
    let prod = local_named(&tower, account, "production").await.unwrap();
    tower
        .update_workspace(
            prod.id,
            common::input(
                "production",
                "Production pipelines",
                Some("after the 403"),
                false,
            ),
        )
        .await
        .unwrap();

    tower.sync_account(account).await.unwrap();
    let counts = store.change_counts(account).await.unwrap();
    assert_eq!((counts.waiting, counts.rejected), (0, 1));
    let changes = tower.changes(Some(account)).await.unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].state, ChangeState::Rejected);
    let message = changes[0].message.clone().unwrap_or_default();
    assert!(
        message.contains("'maintain' role cannot edit"),
        "the server's own words: {message}"
    );
    let server = common::server_workspaces(&client, ta).await;
    assert_eq!(
        server["methods-dev"].description,
        "Benchmarks of new callers and normalisation methods"
    );
    let server = common::server_workspaces(&client, gc).await;
    assert_eq!(server["production"].description, "after the 403");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_401_pauses_the_account_and_keeps_the_queue_until_a_new_token() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("server.json");
    let emu = common::start(common::config(Faults::default(), Some(state.clone()), 0)).await;
    let (base, port) = (emu.base_url(), emu.port());
    let gc = common::org_id(&common::truth(&base), "genomics-core").await;
    let tower = common::open(&dir.path().join("data")).await;
    let account = common::register(&tower, &base).await;
    tower.sync_account(account).await.unwrap();
    let store = tower.store().unwrap();
    for i in 0..3 {
        tower
            .create_workspace(
                account,
                gc,
                common::input(
                    &format!("after-401-{i}"),
                    "Made while the token expired",
                    None,
                    false,
                ),
            )
            .await
            .unwrap();
    }
    emu.shutdown().await;

    // The server now only takes another token: ours has "expired".
    const NEW_TOKEN: &str = "tdk-renewed-token-51c0";
    let mut cfg = common::config(Faults::default(), Some(state.clone()), port);
    cfg.token = NEW_TOKEN.into();
    let emu = common::start(cfg).await;
    let err = tower.sync_account(account).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::AuthExpired);
    let row = store.account_row(account).await.unwrap();
    assert!(row.token_expired, "the account is paused");
    let status = tower.account_status(&row).await.unwrap();
    assert_eq!(status.pending, 3, "the queue is kept");
    assert_eq!(store.outbox(account).await.unwrap().len(), 3);
    // Still paused on the next try; nothing is lost.
    assert_eq!(
        tower.sync_account(account).await.unwrap_err().kind,
        ErrorKind::AuthExpired
    );

    let again = tower.use_environment_token(&base, NEW_TOKEN).await.unwrap();
    assert_eq!(again.id, account, "the same account gets the new token");
    tower.sync_account(account).await.unwrap();
    assert!(!store.account_row(account).await.unwrap().token_expired);
    assert!(store.outbox(account).await.unwrap().is_empty());
    let server =
        common::server_workspaces(&PlatformClient::new(&base, NEW_TOKEN).unwrap(), gc).await;
    for i in 0..3 {
        assert!(server.contains_key(&format!("after-401-{i}")));
    }
    assert_eq!(server.len(), 6);
    emu.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pull_never_overwrites_a_queued_edit() {
    let dir = tempfile::tempdir().unwrap();
    let emu = common::start(common::config(Faults::default(), None, 0)).await;
    let base = emu.base_url();
    let client = common::truth(&base);
    let gc = common::org_id(&client, "genomics-core").await;
    let tower = common::open(dir.path()).await;
    let account = common::register(&tower, &base).await;
    tower.sync_account(account).await.unwrap();
    let store = tower.store().unwrap();
    let prod = local_named(&tower, account, "production").await.unwrap();
    let sandbox = local_named(&tower, account, "rnd-sandbox").await.unwrap();
    tower
        .update_workspace(
            prod.id,
            common::input("production", "Mine, queued", Some("queued edit"), true),
        )
        .await
        .unwrap();
    tower.delete_workspace(sandbox.id).await.unwrap();
    server_edit(
        &client,
        gc,
        prod.workspace_id.unwrap(),
        "edited on the server",
    )
    .await;

    // A pull alone (no push): the queued edit and the queued delete stay as the user left them.
    let row = store.account_row(account).await.unwrap();
    let api = tower.client(&row).await.unwrap();
    pull_account(store, &api, &row, &|_: &str, _: i64, _: Option<i64>| {})
        .await
        .unwrap();
    let now = store.workspace(prod.id).await.unwrap();
    assert_eq!(now.full_name.as_deref(), Some("Mine, queued"));
    assert_eq!(now.description.as_deref(), Some("queued edit"));
    assert!(
        local_named(&tower, account, "rnd-sandbox").await.is_none(),
        "a queued delete is not undone"
    );
    assert_eq!(store.change_counts(account).await.unwrap().waiting, 2);

    // The sync then finds the server moved on: a conflict, the local version still kept.
    tower.sync_account(account).await.unwrap();
    let now = store.workspace(prod.id).await.unwrap();
    assert_eq!(now.description.as_deref(), Some("queued edit"));
    let counts = store.change_counts(account).await.unwrap();
    assert_eq!((counts.waiting, counts.conflicts), (0, 1));
    assert!(
        !common::server_workspaces(&client, gc)
            .await
            .contains_key("rnd-sandbox")
    );
}

/// Creates whose answer was lost (the server applied them, then failed), followed by local edits
/// and a pull before the next push: each is adopted once, never made twice, never left behind.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn creates_whose_answer_was_lost_are_adopted_once_whatever_happens_next() {
    use towerdesk_emulator::FaultKind;
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("server.json");
    let emu = common::start(common::config(Faults::default(), Some(state.clone()), 0)).await;
    let (base, port) = (emu.base_url(), emu.port());
    let client = common::truth(&base);
    let gc = common::org_id(&client, "genomics-core").await;
    let tower = common::open(&dir.path().join("data")).await;
    let account = common::register(&tower, &base).await;
    tower.sync_account(account).await.unwrap();
    let store = tower.store().unwrap();
    let mut model = common::Model::load(&tower, account, &client, &[gc]).await;
    let pulled = model
        .create(
            &tower,
            account,
            gc,
            common::input("lost-then-pulled", "Pulled twin", None, false),
        )
        .await;
    let renamed = model
        .create(
            &tower,
            account,
            gc,
            common::input("lost-then-renamed", "Renamed", None, false),
        )
        .await;
    let deleted = model
        .create(
            &tower,
            account,
            gc,
            common::input("lost-then-deleted", "Deleted", None, false),
        )
        .await;
    emu.shutdown().await;

    // Every write is applied, then answered with a 500: the three creates land, unacknowledged.
    let faults = Faults {
        fail_rate: 1.0,
        kinds: vec![FaultKind::ApplyThenError],
        ..Faults::default()
    };
    let emu = common::start(common::config(faults, Some(state.clone()), port)).await;
    let row = store.account_row(account).await.unwrap();
    let api = tower.client(&row).await.unwrap();
    towerdesk_core::sync::push_account(store, &api, &row, Duration::ZERO)
        .await
        .unwrap();
    let queue = store.outbox(account).await.unwrap();
    assert_eq!(queue.len(), 3);
    assert!(queue.iter().all(|r| r.attempts == 1 && r.op == "create"));
    assert_eq!(
        common::server_workspaces(&client, gc).await.len(),
        6,
        "all three landed"
    );
    // A pull sees the server's copies before the creates are acknowledged.
    pull_account(store, &api, &row, &|_: &str, _: i64, _: Option<i64>| {})
        .await
        .unwrap();
    // The user renames one and deletes another meanwhile.
    model
        .update(
            &tower,
            renamed,
            common::input("renamed-after-loss", "Renamed later", Some("mine"), true),
        )
        .await;
    model.delete(&tower, deleted).await;
    emu.shutdown().await;

    let emu = common::start(common::config(Faults::default(), Some(state.clone()), port)).await;
    common::sync_until_drained(&tower, account, 5).await;
    let counts = store.change_counts(account).await.unwrap();
    assert_eq!(
        (counts.waiting, counts.conflicts, counts.rejected),
        (0, 0, 0),
        "{:?}",
        tower.changes(Some(account)).await.unwrap()
    );
    assert_eq!(model.diff(&client).await, common::Diff::default());
    let local: Vec<String> = store
        .workspaces(account, Some(gc))
        .await
        .unwrap()
        .into_iter()
        .map(|w| w.name)
        .collect();
    let want: Vec<String> = model.orgs[&gc].keys().cloned().collect();
    let mut sorted = local.clone();
    sorted.sort();
    assert_eq!(sorted, want, "each workspace shows once locally");
    assert!(
        store
            .workspace(pulled)
            .await
            .unwrap()
            .workspace_id
            .is_some()
    );
    emu.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_refused_on_a_pull_pauses_the_account_and_says_so_once() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("server.json");
    let emu = common::start(common::config(Faults::default(), Some(state.clone()), 0)).await;
    let port = emu.port();
    let tower = common::open(&dir.path().join("data")).await;
    let account = common::register(&tower, &emu.base_url()).await;
    tower.sync_account(account).await.unwrap();
    emu.shutdown().await;

    // Nothing is queued: only the pull meets the refused token.
    let mut cfg = common::config(Faults::default(), Some(state), port);
    cfg.token = "tdk-another-token-7e21".into();
    let _emu = common::start(cfg).await;
    let mut events = tower.subscribe();
    let told = |events: &mut tokio::sync::broadcast::Receiver<towerdesk_core::CoreEvent>| {
        let mut out = Vec::new();
        while let Ok(e) = events.try_recv() {
            if let towerdesk_core::CoreEvent::TokenExpired { title, body, .. } = e {
                out.push((title, body));
            }
        }
        out
    };
    let err = tower.sync_account(account).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::AuthExpired);
    let store = tower.store().unwrap();
    let row = store.account_row(account).await.unwrap();
    assert!(row.token_expired, "the account is paused");
    let first = told(&mut events);
    assert_eq!(first.len(), 1, "{first:?}");
    assert!(first[0].0.ends_with("needs a new token"), "{}", first[0].0);
    assert!(
        first[0]
            .1
            .contains("Add the account again with a new token")
    );
    // Refused again: no second notification.
    assert_eq!(
        tower.sync_account(account).await.unwrap_err().kind,
        ErrorKind::AuthExpired
    );
    assert_eq!(told(&mut events), vec![]);
}
