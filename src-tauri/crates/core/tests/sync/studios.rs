//! The Studios settings (collaboration mode, session lifespan, container repository, container
//! naming strategy) against the emulator: a change sends the fields it changes and leaves the
//! others as the server has them; an offline change waits and is sent once when the server is
//! back; a field someone else changed since is a conflict; bad input queues nothing.

use crate::common;

use std::sync::Arc;
use std::time::Duration;

use towerdesk_core::platform_api::{
    PlatformClient, StudioNameStrategy, StudiosSettings, StudiosSettingsUpdate,
};
use towerdesk_core::{ChangeState, ErrorKind, StudiosSettingsInput, Towerdesk, Workspace};
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

async fn server(client: &PlatformClient, ws: &Workspace) -> StudiosSettings {
    let (org, id) = (ws.org_id.unwrap(), ws.workspace_id.unwrap());
    common::retry(|| client.studios_settings(org, id)).await
}

fn repository(r: &str) -> StudiosSettingsInput {
    StudiosSettingsInput {
        container_repository: Some(r.into()),
        ..StudiosSettingsInput::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_sends_its_fields_and_keeps_the_others_as_the_server_has_them() {
    let dir = tempfile::tempdir().unwrap();
    let emu = common::start(common::config(Faults::default(), None, 0)).await;
    let client = common::truth(&emu.base_url());
    let tower = common::open(dir.path()).await;
    let account = common::register(&tower, &emu.base_url()).await;
    tower.sync_account(account).await.unwrap();
    let prod = ws_named(&tower, account, "production").await;

    // The pull brought all four, as the server has them.
    let shown = tower.workspace_settings(prod.id).await.unwrap();
    assert_eq!(shown.studios_lifespan_hours, Some(24));
    assert_eq!(shown.studios_private_by_default, Some(false));
    assert_eq!(
        shown.studios_container_repository.as_deref(),
        Some("cr.example.org/genomics-core/studios")
    );
    assert_eq!(shown.studios_name_strategy.as_deref(), Some("tagPrefix"));

    let shown = tower
        .update_studios_settings(
            prod.id,
            StudiosSettingsInput {
                // The lifespan as it is: not part of the change.
                lifespan_hours: Some(24),
                private_studio_by_default: Some(true),
                container_repository: Some("  cr.example.org/genomics-core/private  ".into()),
                name_strategy: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(shown.studios_private_by_default, Some(true));
    assert_eq!(
        shown.studios_container_repository.as_deref(),
        Some("cr.example.org/genomics-core/private"),
        "trimmed, shown at once"
    );
    assert_eq!(shown.studios_change_state, Some(ChangeState::Waiting));
    let changes = tower.changes(Some(account)).await.unwrap();
    assert_eq!(
        changes
            .iter()
            .map(|c| c.summary.as_str())
            .collect::<Vec<_>>(),
        [
            "Set Studios settings of production: collaboration mode to Private, container repository to cr.example.org/genomics-core/private"
        ]
    );

    // Meanwhile someone changes another field on the server: not mine, so no conflict, and
    // my PUT must not put it back.
    let (org, wsid) = (prod.org_id.unwrap(), prod.workspace_id.unwrap());
    client
        .update_studios_settings(
            org,
            wsid,
            &StudiosSettingsUpdate {
                name_strategy: Some(Some(StudioNameStrategy::ImageSuffix)),
                ..StudiosSettingsUpdate::default()
            },
        )
        .await
        .unwrap();

    tower.sync_account(account).await.unwrap();
    let s = server(&client, &prod).await;
    assert_eq!(s.private_studio_by_default, Some(true));
    assert_eq!(
        s.container_repository,
        Some(Some("cr.example.org/genomics-core/private".into()))
    );
    assert_eq!(s.lifespan_hours, Some(24), "kept");
    assert_eq!(
        s.name_strategy,
        Some(Some(StudioNameStrategy::ImageSuffix)),
        "theirs, kept"
    );
    assert!(tower.changes(Some(account)).await.unwrap().is_empty());
    let shown = tower.workspace_settings(prod.id).await.unwrap();
    assert_eq!(shown.studios_change_state, None);
    assert_eq!(shown.studios_name_strategy.as_deref(), Some("imageSuffix"));

    // Back to Collaborative and no repository (the Platform's default): sent as false and null.
    tower
        .update_studios_settings(
            prod.id,
            StudiosSettingsInput {
                private_studio_by_default: Some(false),
                container_repository: Some(String::new()),
                ..StudiosSettingsInput::default()
            },
        )
        .await
        .unwrap();
    tower.sync_account(account).await.unwrap();
    let s = server(&client, &prod).await;
    assert_eq!(
        (s.private_studio_by_default, s.container_repository),
        (Some(false), Some(None))
    );
    let shown = tower.workspace_settings(prod.id).await.unwrap();
    assert_eq!(shown.studios_container_repository.as_deref(), Some(""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_offline_change_waits_and_is_sent_once_when_the_server_is_back() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("server.json");
    let emu = common::start(common::config(Faults::default(), Some(state.clone()), 0)).await;
    let port = emu.port();
    let tower = common::open(&dir.path().join("data")).await;
    tower.set_request_timeout(Some(Duration::from_millis(1500)));
    let account = common::register(&tower, &emu.base_url()).await;
    tower.sync_account(account).await.unwrap();
    let prod = ws_named(&tower, account, "production").await;
    emu.shutdown().await;

    tower
        .update_studios_settings(prod.id, repository("cr.example.org/offline"))
        .await
        .unwrap();
    let _ = tower.sync_account(account).await;
    let shown = tower.workspace_settings(prod.id).await.unwrap();
    assert_eq!(shown.studios_change_state, Some(ChangeState::Waiting));
    assert_eq!(
        shown.studios_container_repository.as_deref(),
        Some("cr.example.org/offline")
    );

    let emu = common::start(common::config(Faults::default(), Some(state.clone()), port)).await;
    let client = common::truth(&emu.base_url());
    let before = client
        .describe_workspace(prod.org_id.unwrap(), prod.workspace_id.unwrap())
        .await
        .unwrap()
        .last_updated;
    tower.sync_account(account).await.unwrap();
    assert!(tower.changes(Some(account)).await.unwrap().is_empty());
    assert_eq!(
        server(&client, &prod).await.container_repository,
        Some(Some("cr.example.org/offline".into()))
    );
    // Sent once: another sync sends nothing (the workspace record moved once, not again).
    let after = client
        .describe_workspace(prod.org_id.unwrap(), prod.workspace_id.unwrap())
        .await
        .unwrap()
        .last_updated;
    assert_ne!(before, after);
    tower.sync_account(account).await.unwrap();
    let again = client
        .describe_workspace(prod.org_id.unwrap(), prod.workspace_id.unwrap())
        .await
        .unwrap()
        .last_updated;
    assert_eq!(after, again);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_field_changed_on_the_server_is_a_conflict_the_user_resolves() {
    let dir = tempfile::tempdir().unwrap();
    let emu = common::start(common::config(Faults::default(), None, 0)).await;
    let client = common::truth(&emu.base_url());
    let tower = common::open(dir.path()).await;
    let account = common::register(&tower, &emu.base_url()).await;
    tower.sync_account(account).await.unwrap();
    let prod = ws_named(&tower, account, "production").await;
    let (org, wsid) = (prod.org_id.unwrap(), prod.workspace_id.unwrap());

    tower
        .update_studios_settings(prod.id, repository("cr.example.org/mine"))
        .await
        .unwrap();
    client
        .update_studios_settings(
            org,
            wsid,
            &StudiosSettingsUpdate {
                container_repository: Some(Some("cr.example.org/theirs".into())),
                ..StudiosSettingsUpdate::default()
            },
        )
        .await
        .unwrap();
    tower.sync_account(account).await.unwrap();

    let changes = tower.changes(Some(account)).await.unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].state, ChangeState::Conflict);
    assert_eq!(
        changes[0].message.as_deref(),
        Some("Changed on the server since you edited it.")
    );
    assert_eq!(
        server(&client, &prod).await.container_repository,
        Some(Some("cr.example.org/theirs".into())),
        "nothing sent over theirs"
    );
    let shown = tower.workspace_settings(prod.id).await.unwrap();
    assert_eq!(shown.studios_change_state, Some(ChangeState::Conflict));
    assert_eq!(
        shown.studios_container_repository.as_deref(),
        Some("cr.example.org/mine"),
        "the pull kept mine, marked"
    );

    // Keep mine: sent over theirs of now.
    tower.retry_change(changes[0].id).await.unwrap();
    tower.sync_account(account).await.unwrap();
    assert!(tower.changes(Some(account)).await.unwrap().is_empty());
    assert_eq!(
        server(&client, &prod).await.container_repository,
        Some(Some("cr.example.org/mine".into()))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_unknown_fields_and_roles_queue_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let emu = common::start(common::config(Faults::default(), None, 0)).await;
    let tower = common::open(dir.path()).await;
    let account = common::register(&tower, &emu.base_url()).await;
    tower.sync_account(account).await.unwrap();
    let prod = ws_named(&tower, account, "production").await;
    let methods = ws_named(&tower, account, "methods-dev").await;
    let before = tower.workspace_settings(prod.id).await.unwrap();

    let bad = [
        (
            repository("https://cr.example.org/studios"),
            "Enter the container repository without a scheme, such as cr.seqera.io/my-org/studios.",
        ),
        (
            repository("cr.example.org/my studios"),
            "The container repository cannot contain spaces.",
        ),
        (
            StudiosSettingsInput {
                name_strategy: Some("latest".into()),
                ..StudiosSettingsInput::default()
            },
            "The container naming strategy must be tagPrefix or imageSuffix (or none), not 'latest'.",
        ),
        (
            StudiosSettingsInput {
                lifespan_hours: Some(121),
                private_studio_by_default: Some(true),
                ..StudiosSettingsInput::default()
            },
            "The session lifespan must be between 1 and 120 hours, or choose Always keep the session running.",
        ),
    ];
    for (input, message) in bad {
        let e = tower
            .update_studios_settings(prod.id, input)
            .await
            .unwrap_err();
        assert_eq!(
            (e.kind, e.message.as_str()),
            (ErrorKind::Validation, message)
        );
    }
    // A maintainer may not change them.
    let e = tower
        .update_studios_settings(methods.id, repository("cr.example.org/x"))
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Forbidden);

    // A field an older server did not send is unknown: it cannot be changed from here.
    tower
        .store()
        .unwrap()
        .set_workspace_settings(
            prod.id,
            &towerdesk_core::store::StudiosRecord {
                lifespan_hours: Some(24),
                ..Default::default()
            },
            &serde_json::json!({ "lifespanHours": 24 }),
        )
        .await
        .unwrap();
    let e = tower
        .update_studios_settings(
            prod.id,
            StudiosSettingsInput {
                private_studio_by_default: Some(true),
                ..StudiosSettingsInput::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(
        (e.kind, e.message.as_str()),
        (
            ErrorKind::Validation,
            "The server did not say the collaboration mode of production, so it cannot be changed from here."
        )
    );
    assert!(tower.changes(Some(account)).await.unwrap().is_empty());
    let after = tower.workspace_settings(prod.id).await.unwrap();
    assert_eq!(
        after.studios_private_by_default, None,
        "unknown, not a default"
    );
    assert_eq!(after.studios_lifespan_hours, before.studios_lifespan_hours);
}
