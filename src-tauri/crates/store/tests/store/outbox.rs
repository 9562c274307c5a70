//! Local changes and their queue: each change is written with its outbox row, folded, completed,
//! discarded or retried as the sync engine and the person decide.

use towerdesk_store::{ChangeCounts, ChangeOp, ChangeState, StoreError};

use crate::common::{self, change, open_new, scalar_i64, ws_input, ws_record};

#[tokio::test]
async fn creating_a_workspace_locally_writes_the_row_and_one_change() {
    let (_p, store) = open_new().await;
    let acc = common::account(&store).await;
    let created = store
        .create_workspace_local(
            acc.id,
            1,
            &ws_input("lab"),
            &change(ChangeOp::Create, "lab"),
        )
        .await
        .unwrap();
    assert_eq!(created.name, "lab");
    assert_eq!(created.full_name.as_deref(), Some("lab (mine)"));
    assert_eq!(created.workspace_id, None);
    assert_eq!(created.role.as_deref(), Some("owner"));
    assert_eq!(created.change_state, Some(ChangeState::Waiting));

    let queued = store.outbox(acc.id).await.unwrap();
    assert_eq!(queued.len(), 1);
    let q = &queued[0];
    assert_eq!((q.entity.as_str(), q.op.as_str()), ("workspace", "create"));
    assert_eq!(q.local_id, Some(created.id));
    assert_eq!(q.natural_key.as_deref(), Some("1/lab"));
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&q.payload).unwrap(),
        serde_json::json!({ "workspace": { "name": "lab" } })
    );
    assert_eq!(q.state, ChangeState::Waiting);
    assert_eq!(q.attempts, 0);
    let items = store.changes(Some(acc.id)).await.unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].summary, "create workspace lab");
    assert_eq!(store.changes(None).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_failed_queue_write_leaves_no_workspace_behind() {
    let (_p, store) = open_new().await;
    let acc = common::account(&store).await;
    // Make the outbox insert of one particular change fail, after the workspace row was written.
    sqlx::query(
        "CREATE TRIGGER refuse_outbox BEFORE INSERT ON outbox WHEN NEW.summary LIKE '%doomed%'
         BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    )
    .execute(store.pool())
    .await
    .unwrap();
    let err = store
        .create_workspace_local(
            acc.id,
            1,
            &ws_input("doomed"),
            &change(ChangeOp::Create, "doomed"),
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("disk full"), "{err}");
    assert_eq!(
        scalar_i64(&store, "SELECT COUNT(*) FROM workspaces").await,
        0
    );
    assert_eq!(scalar_i64(&store, "SELECT COUNT(*) FROM outbox").await, 0);

    // The same edit of a workspace the server has: neither the edit nor its change is kept.
    store
        .upsert_workspaces(acc.id, 1, &[ws_record(1, 100, "alpha")])
        .await
        .unwrap();
    let id = store
        .workspace_local_id(acc.id, Some(100))
        .await
        .unwrap()
        .unwrap();
    assert!(
        store
            .update_workspace_local(id, &ws_input("doomed"), &change(ChangeOp::Update, "doomed"))
            .await
            .is_err()
    );
    assert_eq!(store.workspace(id).await.unwrap().name, "alpha");
    assert_eq!(scalar_i64(&store, "SELECT COUNT(*) FROM outbox").await, 0);

    let fine = store
        .create_workspace_local(
            acc.id,
            1,
            &ws_input("fine"),
            &change(ChangeOp::Create, "fine"),
        )
        .await
        .unwrap();
    assert_eq!(
        store.outbox(acc.id).await.unwrap()[0].local_id,
        Some(fine.id)
    );
}

#[tokio::test]
async fn editing_a_workspace_whose_creation_waits_folds_into_the_creation() {
    let (_p, store) = open_new().await;
    let acc = common::account(&store).await;
    let created = store
        .create_workspace_local(
            acc.id,
            1,
            &ws_input("lab"),
            &change(ChangeOp::Create, "lab"),
        )
        .await
        .unwrap();
    let edited = store
        .update_workspace_local(
            created.id,
            &ws_input("lab-2"),
            &change(ChangeOp::Update, "lab-2"),
        )
        .await
        .unwrap();
    assert_eq!(edited.name, "lab-2");
    assert_eq!(edited.full_name.as_deref(), Some("lab-2 (mine)"));

    let queued = store.outbox(acc.id).await.unwrap();
    assert_eq!(queued.len(), 1, "still one change");
    assert_eq!(queued[0].op, "create");
    assert_eq!(queued[0].natural_key.as_deref(), Some("1/lab-2"));
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&queued[0].payload).unwrap(),
        serde_json::json!({ "workspace": { "name": "lab-2" } })
    );
    assert_eq!(
        store.changes(Some(acc.id)).await.unwrap()[0].summary,
        "Add workspace lab-2"
    );

    // Once the create was rejected, an edit is its own change again.
    store
        .set_change_state(queued[0].id, ChangeState::Rejected, Some("Invalid name"))
        .await
        .unwrap();
    store
        .update_workspace_local(
            created.id,
            &ws_input("lab-3"),
            &change(ChangeOp::Update, "lab-3"),
        )
        .await
        .unwrap();
    let ops: Vec<String> = store
        .outbox(acc.id)
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.op.to_string())
        .collect();
    assert_eq!(ops, ["create", "update"]);
}

#[tokio::test]
async fn deleting_a_workspace_the_server_never_had_removes_it_and_its_changes() {
    let (_p, store) = open_new().await;
    let acc = common::account(&store).await;
    let kept = store
        .create_workspace_local(
            acc.id,
            1,
            &ws_input("kept"),
            &change(ChangeOp::Create, "kept"),
        )
        .await
        .unwrap();
    let created = store
        .create_workspace_local(
            acc.id,
            1,
            &ws_input("lab"),
            &change(ChangeOp::Create, "lab"),
        )
        .await
        .unwrap();
    store
        .delete_workspace_local(created.id, &change(ChangeOp::Delete, "lab"))
        .await
        .unwrap();
    assert!(matches!(
        store.workspace(created.id).await,
        Err(StoreError::NotFound(_))
    ));
    let queued = store.outbox(acc.id).await.unwrap();
    assert_eq!(
        queued.len(),
        1,
        "no delete queued for what the server never had"
    );
    assert_eq!(queued[0].local_id, Some(kept.id));
}

#[tokio::test]
async fn deleting_a_known_workspace_hides_it_and_queues_the_deletion() {
    let (_p, store) = open_new().await;
    let acc = common::account(&store).await;
    store
        .upsert_workspaces(acc.id, 1, &[ws_record(1, 100, "alpha")])
        .await
        .unwrap();
    let id = store
        .workspace_local_id(acc.id, Some(100))
        .await
        .unwrap()
        .unwrap();
    store
        .delete_workspace_local(id, &change(ChangeOp::Delete, "alpha"))
        .await
        .unwrap();
    assert!(store.workspaces(acc.id, None).await.unwrap().is_empty());
    let queued = store.outbox(acc.id).await.unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].op, "delete");

    // A pull that still lists it (the deletion is not sent yet) does not bring it back.
    store
        .upsert_workspaces(acc.id, 2, &[ws_record(1, 100, "alpha")])
        .await
        .unwrap();
    assert!(store.workspaces(acc.id, None).await.unwrap().is_empty());

    store
        .complete_change(queued[0].id, None, None)
        .await
        .unwrap();
    assert!(matches!(
        store.workspace(id).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(store.outbox(acc.id).await.unwrap().is_empty());
}

#[tokio::test]
async fn completing_a_create_records_the_server_id() {
    let (_p, store) = open_new().await;
    let acc = common::account(&store).await;
    let created = store
        .create_workspace_local(
            acc.id,
            1,
            &ws_input("lab"),
            &change(ChangeOp::Create, "lab"),
        )
        .await
        .unwrap();
    let change_id = store.outbox(acc.id).await.unwrap()[0].id;
    store
        .complete_change(change_id, Some(555), Some("2026-03-01T12:00:00Z"))
        .await
        .unwrap();
    let w = store.workspace(created.id).await.unwrap();
    assert_eq!(w.workspace_id, Some(555));
    assert_eq!(w.last_updated.as_deref(), Some("2026-03-01T12:00:00Z"));
    assert_eq!(w.change_state, None);
    assert!(store.outbox(acc.id).await.unwrap().is_empty());
    assert_eq!(
        store.workspace_local_id(acc.id, Some(555)).await.unwrap(),
        Some(created.id)
    );
    // The next pull updates that same row rather than adding a second one.
    store
        .upsert_workspaces(acc.id, 1, &[ws_record(1, 555, "lab")])
        .await
        .unwrap();
    let all = store.workspaces(acc.id, None).await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].id, created.id);
    assert_eq!(all[0].full_name.as_deref(), Some("lab (server)"));
    assert!(matches!(
        store.complete_change(change_id, None, None).await,
        Err(StoreError::NotFound(_))
    ));
}

#[tokio::test]
async fn discarding_a_create_removes_the_workspace_and_discarding_a_delete_restores_it() {
    let (_p, store) = open_new().await;
    let acc = common::account(&store).await;
    let created = store
        .create_workspace_local(
            acc.id,
            1,
            &ws_input("lab"),
            &change(ChangeOp::Create, "lab"),
        )
        .await
        .unwrap();
    let create_id = store.outbox(acc.id).await.unwrap()[0].id;
    store.discard_change(create_id).await.unwrap();
    assert!(matches!(
        store.workspace(created.id).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(store.outbox(acc.id).await.unwrap().is_empty());

    store
        .upsert_workspaces(acc.id, 1, &[ws_record(1, 100, "alpha")])
        .await
        .unwrap();
    let id = store
        .workspace_local_id(acc.id, Some(100))
        .await
        .unwrap()
        .unwrap();
    store
        .delete_workspace_local(id, &change(ChangeOp::Delete, "alpha"))
        .await
        .unwrap();
    assert!(store.workspaces(acc.id, None).await.unwrap().is_empty());
    let delete_id = store.outbox(acc.id).await.unwrap()[0].id;
    store.discard_change(delete_id).await.unwrap();
    let back = store.workspaces(acc.id, None).await.unwrap();
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].id, id);
    assert_eq!(back[0].name, "alpha");
    assert_eq!(back[0].change_state, None);
    assert!(store.outbox(acc.id).await.unwrap().is_empty());

    // Discarding an edit forgets the version it was based on, so the next pull replaces it.
    store
        .update_workspace_local(id, &ws_input("mine"), &change(ChangeOp::Update, "mine"))
        .await
        .unwrap();
    let edit_id = store.outbox(acc.id).await.unwrap()[0].id;
    store.discard_change(edit_id).await.unwrap();
    assert_eq!(store.workspace(id).await.unwrap().last_updated, None);
    store
        .upsert_workspaces(acc.id, 2, &[ws_record(1, 100, "alpha")])
        .await
        .unwrap();
    assert_eq!(store.workspace(id).await.unwrap().name, "alpha");
}

#[tokio::test]
async fn counts_and_retry_follow_each_change_state() {
    let (_p, store) = open_new().await;
    let acc = common::account(&store).await;
    let other = store
        .upsert_account(
            "https://other.example.org",
            9,
            "bob",
            None,
            "Bob",
            towerdesk_store::AccountKind::Keyring,
        )
        .await
        .unwrap();
    for name in ["a", "b", "c", "d"] {
        store
            .create_workspace_local(acc.id, 1, &ws_input(name), &change(ChangeOp::Create, name))
            .await
            .unwrap();
    }
    store
        .create_workspace_local(other.id, 1, &ws_input("e"), &change(ChangeOp::Create, "e"))
        .await
        .unwrap();
    let ids: Vec<i64> = store
        .outbox(acc.id)
        .await
        .unwrap()
        .iter()
        .map(|o| o.id)
        .collect();
    assert_eq!(
        store.change_counts(acc.id).await.unwrap(),
        ChangeCounts {
            waiting: 4,
            conflicts: 0,
            rejected: 0
        }
    );
    store
        .set_change_state(ids[0], ChangeState::Rejected, Some("Name already taken"))
        .await
        .unwrap();
    store
        .set_change_state(ids[1], ChangeState::Conflict, Some("Changed on the server"))
        .await
        .unwrap();
    store
        .defer_change(ids[2], "2099-01-01T00:00:00Z", "Server unavailable")
        .await
        .unwrap();
    assert_eq!(
        store.change_counts(acc.id).await.unwrap(),
        ChangeCounts {
            waiting: 2,
            conflicts: 1,
            rejected: 1
        }
    );
    let deferred = store.outbox_row(ids[2]).await.unwrap();
    assert_eq!(deferred.state, ChangeState::Waiting);
    assert_eq!(
        deferred.next_attempt_at.as_deref(),
        Some("2099-01-01T00:00:00Z")
    );
    assert_eq!(deferred.message.as_deref(), Some("Server unavailable"));

    store.retry_change(ids[0], None).await.unwrap();
    let retried = store.outbox_row(ids[0]).await.unwrap();
    assert_eq!(retried.state, ChangeState::Waiting);
    assert_eq!(retried.message, None);
    assert_eq!(retried.next_attempt_at, None);
    assert_eq!(retried.base_last_updated, None);

    // "Keep mine" on a conflict: back in the queue, based on the server's current version.
    store
        .retry_change(ids[1], Some("2026-05-05T05:05:05Z"))
        .await
        .unwrap();
    let rebased = store.outbox_row(ids[1]).await.unwrap();
    assert_eq!(rebased.state, ChangeState::Waiting);
    assert_eq!(
        rebased.base_last_updated.as_deref(),
        Some("2026-05-05T05:05:05Z")
    );
    assert_eq!(
        store.change_counts(acc.id).await.unwrap(),
        ChangeCounts {
            waiting: 4,
            conflicts: 0,
            rejected: 0
        }
    );
    assert_eq!(
        store.change_counts(other.id).await.unwrap(),
        ChangeCounts {
            waiting: 1,
            conflicts: 0,
            rejected: 0
        }
    );
    assert!(matches!(
        store.retry_change(99_999, None).await,
        Err(StoreError::NotFound(_))
    ));
    // Changes stay in the order they were made, whatever their state.
    let order: Vec<i64> = store
        .outbox(acc.id)
        .await
        .unwrap()
        .iter()
        .map(|o| o.id)
        .collect();
    assert_eq!(order, ids);
}

#[tokio::test]
async fn attempts_are_counted_when_they_start_and_later_edits_are_rebased_on_completion() {
    let (_p, store) = open_new().await;
    let acc = common::account(&store).await;
    store
        .upsert_workspaces(acc.id, 1, &[ws_record(1, 100, "alpha")])
        .await
        .unwrap();
    let id = store
        .workspace_local_id(acc.id, Some(100))
        .await
        .unwrap()
        .unwrap();
    let mut first = change(ChangeOp::Update, "alpha-2");
    first.base_last_updated = Some("2026-01-01T00:00:00Z".to_string());
    store
        .update_workspace_local(id, &ws_input("alpha-2"), &first)
        .await
        .unwrap();
    let mut second = change(ChangeOp::Update, "alpha-3");
    second.base_last_updated = Some("2026-01-01T00:00:00Z".to_string());
    store
        .update_workspace_local(id, &ws_input("alpha-3"), &second)
        .await
        .unwrap();
    let queued = store.outbox(acc.id).await.unwrap();
    assert_eq!(
        queued.len(),
        2,
        "an edit of a known workspace is its own change"
    );

    store.start_attempt(queued[0].id).await.unwrap();
    store
        .defer_change(queued[0].id, "2026-01-01T00:05:00Z", "Server unavailable")
        .await
        .unwrap();
    store.start_attempt(queued[0].id).await.unwrap();
    assert_eq!(store.outbox_row(queued[0].id).await.unwrap().attempts, 2);
    assert_eq!(store.outbox_row(queued[1].id).await.unwrap().attempts, 0);

    // The first edit lands: the second was made on top of it, so it is now based on the
    // server's new version rather than conflicting with our own edit.
    store
        .complete_change(queued[0].id, None, Some("2026-02-02T02:02:02Z"))
        .await
        .unwrap();
    let rest = store.outbox(acc.id).await.unwrap();
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0].id, queued[1].id);
    assert_eq!(
        rest[0].base_last_updated.as_deref(),
        Some("2026-02-02T02:02:02Z")
    );
    let w = store.workspace(id).await.unwrap();
    assert_eq!(w.last_updated.as_deref(), Some("2026-02-02T02:02:02Z"));
    assert_eq!(w.name, "alpha-3");
}

/// The outbox keeps `entity` and `op` as the text Towerdesk has always written: a row written
/// with that text (as by an older version, no migration between) reads back as the enums, and
/// both directions agree on every value. Text this version does not know is not guessed at:
/// reading the queue fails with an error that names the value.
#[tokio::test]
async fn queued_changes_keep_their_stored_text_and_unknown_text_is_an_error() {
    use towerdesk_store::Entity;

    let (_p, store) = open_new().await;
    let acc = common::account(&store).await;
    let known = [
        ("workspace", Entity::Workspace),
        ("label", Entity::Label),
        ("workspace_settings", Entity::WorkspaceSettings),
        ("participant", Entity::Participant),
        ("pipeline", Entity::Pipeline),
    ];
    let ops = [
        ("create", ChangeOp::Create),
        ("update", ChangeOp::Update),
        ("delete", ChangeOp::Delete),
    ];
    for (entity, _) in known {
        for (op, _) in ops {
            sqlx::query(
                "INSERT INTO outbox (account_id, entity, op, local_id, payload, summary, created_at)
                 VALUES (?, ?, ?, NULL, '{}', 'old row', '2026-01-01T00:00:00Z')",
            )
            .bind(acc.id)
            .bind(entity)
            .bind(op)
            .execute(store.pool())
            .await
            .unwrap();
        }
    }
    let read: Vec<(Entity, ChangeOp)> = store
        .outbox(acc.id)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.entity, r.op))
        .collect();
    let expected: Vec<(Entity, ChangeOp)> = known
        .iter()
        .flat_map(|&(_, e)| ops.iter().map(move |&(_, o)| (e, o)))
        .collect();
    assert_eq!(read, expected);
    let items = store.changes(Some(acc.id)).await.unwrap();
    assert_eq!(
        items.iter().map(|c| (c.entity, c.op)).collect::<Vec<_>>(),
        expected
    );
    // And what this version writes is that same text.
    for (text, entity) in known {
        assert_eq!(entity.as_str(), text);
        assert_eq!(serde_json::to_value(entity).unwrap(), text);
    }
    for (text, op) in ops {
        assert_eq!(op.as_str(), text);
        assert_eq!(serde_json::to_value(op).unwrap(), text);
    }
    let created = store
        .create_workspace_local(
            acc.id,
            1,
            &ws_input("lab"),
            &change(ChangeOp::Create, "lab"),
        )
        .await
        .unwrap();
    let stored: (String, String) =
        sqlx::query_as("SELECT entity, op FROM outbox WHERE local_id = ?")
            .bind(created.id)
            .fetch_one(store.pool())
            .await
            .unwrap();
    assert_eq!(stored, ("workspace".to_string(), "create".to_string()));

    // A kind of change this version does not know.
    sqlx::query(
        "INSERT INTO outbox (account_id, entity, op, local_id, payload, summary, created_at)
         VALUES (?, 'studio', 'create', NULL, '{}', 'from elsewhere', '2026-01-01T00:00:00Z')",
    )
    .bind(acc.id)
    .execute(store.pool())
    .await
    .unwrap();
    let err = store.outbox(acc.id).await.unwrap_err();
    assert!(matches!(err, StoreError::Sql(_)), "{err:?}");
    let words = err.to_string();
    assert!(
        words.contains("entity") && words.contains("\"studio\""),
        "{words}"
    );
}

/// The JSON earlier builds wrote (each entity's `json!` payload, copied from the code before the
/// payload types) reads as the typed payload with the same values; what `NewChange::of` writes
/// reads back equal; and a payload read as another entity's is an error, not a guess.
#[tokio::test]
async fn stored_payloads_of_every_entity_read_as_their_types() {
    use towerdesk_store::{
        LabelPayload, LabelValues, NewChange, ParticipantPayload, SettingsPayload, StudiosValues,
        WorkspacePayload,
    };
    let (_p, store) = open_new().await;
    let acc = common::account(&store).await;
    let old_rows = [
        (
            "workspace",
            "create",
            r#"{"orgId":7,"workspaceId":null,"name":"lab","fullName":"The lab","description":null,"visibility":"SHARED"}"#,
        ),
        ("workspace", "delete", r#"{"orgId":7,"workspaceId":70}"#),
        (
            "label",
            "update",
            r#"{"name":"env","value":"prod","isDefault":true,"resource":true,"base":{"name":"env","value":"dev","isDefault":false}}"#,
        ),
        (
            "workspace_settings",
            "update",
            r#"{"orgId":7,"workspaceId":70,"lifespanHours":null,"base":{"lifespanHours":8}}"#,
        ),
        (
            "participant",
            "create",
            r#"{"orgId":7,"userNameOrEmail":"jane@lab.org","role":"launch"}"#,
        ),
        ("participant", "delete", r#"{"orgId":7,"name":"Jane Doe"}"#),
    ];
    for (entity, op, payload) in old_rows {
        sqlx::query(
            "INSERT INTO outbox (account_id, entity, op, local_id, payload, summary, created_at)
             VALUES (?, ?, ?, NULL, ?, 'old row', '2026-01-01T00:00:00Z')",
        )
        .bind(acc.id)
        .bind(entity)
        .bind(op)
        .bind(payload)
        .execute(store.pool())
        .await
        .unwrap();
    }
    let rows = store.outbox(acc.id).await.unwrap();
    let ws: WorkspacePayload = rows[0].payload_as().unwrap();
    assert_eq!(
        ws,
        WorkspacePayload {
            org_id: 7,
            workspace_id: None,
            name: "lab".into(),
            full_name: "The lab".into(),
            description: None,
            visibility: Some("SHARED".into()),
        }
    );
    let deleted: WorkspacePayload = rows[1].payload_as().unwrap();
    assert_eq!((deleted.org_id, deleted.workspace_id), (7, Some(70)));
    assert_eq!(deleted.name, "");
    let label: LabelPayload = rows[2].payload_as().unwrap();
    assert_eq!(
        label,
        LabelPayload {
            values: LabelValues {
                name: "env".into(),
                value: Some("prod".into()),
                is_default: true
            },
            resource: true,
            base: Some(LabelValues {
                name: "env".into(),
                value: Some("dev".into()),
                is_default: false
            }),
        }
    );
    let settings: SettingsPayload = rows[3].payload_as().unwrap();
    assert_eq!(
        settings.values.lifespan_hours,
        Some(None),
        "null is 'no limit', kept"
    );
    assert_eq!(
        settings.base,
        StudiosValues {
            lifespan_hours: Some(Some(8)),
            ..StudiosValues::default()
        }
    );
    let add: ParticipantPayload = rows[4].payload_as().unwrap();
    assert_eq!(add.user_name_or_email.as_deref(), Some("jane@lab.org"));
    assert_eq!(
        (add.member_id, add.team_id, add.role.as_str()),
        (None, None, "launch")
    );
    let removal: ParticipantPayload = rows[5].payload_as().unwrap();
    assert_eq!(removal.name.as_deref(), Some("Jane Doe"));

    // Read as another entity's payload: refused, naming both.
    let wrong = rows[0]
        .payload_as::<LabelPayload>()
        .unwrap_err()
        .to_string();
    assert!(
        wrong.contains("label") && wrong.contains("workspace"),
        "{wrong}"
    );

    // What this version writes reads back as it was written, and carries its entity.
    let written = NewChange::of(ChangeOp::Update, &settings, None, None, "Set lifespan");
    assert_eq!(written.entity, towerdesk_store::Entity::WorkspaceSettings);
    assert_eq!(
        written.payload,
        serde_json::json!({"orgId": 7, "workspaceId": 70, "lifespanHours": null, "base": {"lifespanHours": 8}})
    );
    let written = NewChange::of(ChangeOp::Create, &ws, Some("7/lab".into()), None, "Add lab");
    assert_eq!(
        serde_json::from_value::<WorkspacePayload>(written.payload).unwrap(),
        ws
    );
}
