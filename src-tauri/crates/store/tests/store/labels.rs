//! Labels and Studios settings: written offline through the outbox, never overwritten or deleted
//! by a pull while a change is queued, completed and discarded as the sync engine and the person
//! decide; and the migration that lets a label exist before the server has it.

use serde_json::json;
use towerdesk_store::{
    ChangeOp, ChangeState, Entity, LabelInput, LabelRecord, NewChange, SettingsPayload, Store,
    StudiosRecord, WorkspaceListing, label_text,
};

use crate::common::{self, open_new, profile, scalar_i64, write_raw_file, ws_record};

async fn workspace(store: &Store) -> (i64, i64) {
    let acc = common::account(store).await;
    let generation = store.begin_workspace_listing(acc.id).await.unwrap();
    store
        .upsert_workspaces(acc.id, generation, &[ws_record(7, 70, "production")])
        .await
        .unwrap();
    let ws = store
        .workspace_local_id(acc.id, Some(70))
        .await
        .unwrap()
        .unwrap();
    (acc.id, ws)
}

fn record(label_id: i64, name: &str, value: Option<&str>) -> LabelRecord {
    LabelRecord {
        label_id,
        name: name.into(),
        value: value.map(Into::into),
        resource: value.is_some(),
        is_default: false,
    }
}

fn input(name: &str, value: Option<&str>) -> LabelInput {
    LabelInput {
        name: name.into(),
        value: value.map(Into::into),
        resource: value.is_some(),
        is_default: false,
    }
}

fn label_change(op: ChangeOp, input: &LabelInput, base: Option<&LabelInput>) -> NewChange {
    let mut payload = json!({
        "name": input.name, "value": input.value, "resource": input.resource, "isDefault": input.is_default,
    });
    if let Some(b) = base {
        payload["base"] = json!({ "name": b.name, "value": b.value, "isDefault": b.is_default });
    }
    NewChange {
        entity: Entity::Label,
        op,
        natural_key: None,
        payload,
        base_last_updated: None,
        summary: format!(
            "{op} label {}",
            label_text(&input.name, input.value.as_deref())
        ),
    }
}

fn lifespan_change(hours: Option<i64>, base: Option<i64>) -> NewChange {
    settings_change(
        json!({ "lifespanHours": hours }),
        json!({ "lifespanHours": base }),
    )
}

fn settings_change(values: serde_json::Value, base: serde_json::Value) -> NewChange {
    let mut payload = json!({ "orgId": 7, "workspaceId": 70, "base": base });
    for (k, v) in values.as_object().unwrap() {
        payload[k] = v.clone();
    }
    NewChange {
        entity: Entity::WorkspaceSettings,
        op: ChangeOp::Update,
        natural_key: None,
        payload,
        base_last_updated: None,
        summary: format!("settings {values}"),
    }
}

fn summary(p: &SettingsPayload) -> String {
    format!("merged {}", serde_json::to_value(&p.values).unwrap())
}

fn lifespan(hours: Option<i64>) -> StudiosRecord {
    StudiosRecord {
        lifespan_hours: hours,
        ..StudiosRecord::default()
    }
}

async fn pull_labels(store: &Store, ws: i64, items: &[LabelRecord]) {
    let generation = store
        .begin_listing(WorkspaceListing::Labels, ws)
        .await
        .unwrap();
    store.upsert_labels(ws, generation, items).await.unwrap();
    store
        .finish_listing(WorkspaceListing::Labels, ws, generation)
        .await
        .unwrap();
}

fn texts(labels: &[towerdesk_store::Label]) -> Vec<String> {
    labels.iter().map(|l| l.text()).collect()
}

#[tokio::test]
async fn a_label_added_offline_shows_at_once_as_waiting_with_one_queued_create() {
    let (_p, store) = open_new().await;
    let (acc, ws) = workspace(&store).await;
    let env = input("env", Some("prod"));
    let made = store
        .create_label_local(acc, ws, &env, &label_change(ChangeOp::Create, &env, None))
        .await
        .unwrap();
    assert_eq!(made.label_id, None, "no server id yet");
    assert_eq!(made.text(), "env=prod");
    assert!(made.resource);
    assert_eq!(made.change_state, Some(ChangeState::Waiting));

    let queued = store.outbox(acc).await.unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(
        (queued[0].entity.as_str(), queued[0].op.as_str()),
        ("label", "create")
    );
    assert_eq!(queued[0].local_id, Some(made.id));
    let shown = store.workspace_settings(ws).await.unwrap();
    assert_eq!(texts(&shown.labels), ["env=prod"]);
    assert!(!shown.studios_known, "no Studios settings fetched yet");
}

#[tokio::test]
async fn a_pull_neither_overwrites_nor_deletes_labels_with_queued_changes() {
    let (_p, store) = open_new().await;
    let (acc, ws) = workspace(&store).await;
    pull_labels(
        &store,
        ws,
        &[
            record(1, "alpha", None),
            record(2, "env", Some("prod")),
            record(3, "gone", None),
        ],
    )
    .await;
    let labels = store.labels(ws).await.unwrap();
    assert_eq!(texts(&labels), ["alpha", "gone", "env=prod"]);
    let env = labels.iter().find(|l| l.name == "env").unwrap();
    let gone = labels.iter().find(|l| l.name == "gone").unwrap();

    // Edit env, add a label offline, delete "gone" locally.
    let edited = input("env", Some("staging"));
    store
        .update_label_local(
            acc,
            env.id,
            &edited,
            &label_change(ChangeOp::Update, &edited, Some(&input("env", Some("prod")))),
            &label_change(ChangeOp::Create, &edited, None),
        )
        .await
        .unwrap();
    let beta = input("beta", None);
    store
        .create_label_local(acc, ws, &beta, &label_change(ChangeOp::Create, &beta, None))
        .await
        .unwrap();
    store
        .delete_label_local(
            acc,
            gone.id,
            &label_change(
                ChangeOp::Delete,
                &input("gone", None),
                Some(&input("gone", None)),
            ),
        )
        .await
        .unwrap();

    // The server still has the old env and "gone", and no longer has alpha.
    pull_labels(
        &store,
        ws,
        &[record(2, "env", Some("prod")), record(3, "gone", None)],
    )
    .await;
    let labels = store.labels(ws).await.unwrap();
    assert_eq!(
        texts(&labels),
        ["beta", "env=staging"],
        "my edit and my new label stay, my deletion stays hidden, alpha is gone"
    );
    assert!(
        labels
            .iter()
            .all(|l| l.change_state == Some(ChangeState::Waiting))
    );
    assert_eq!(
        scalar_i64(&store, "SELECT deleted FROM labels WHERE label_id = 3").await,
        1
    );
}

#[tokio::test]
async fn edits_fold_into_an_untried_change_and_vanish_when_they_return_to_the_start() {
    let (_p, store) = open_new().await;
    let (acc, ws) = workspace(&store).await;
    let first = input("team", None);
    let made = store
        .create_label_local(
            acc,
            ws,
            &first,
            &label_change(ChangeOp::Create, &first, None),
        )
        .await
        .unwrap();
    let renamed = input("squad", None);
    store
        .update_label_local(
            acc,
            made.id,
            &renamed,
            &label_change(ChangeOp::Update, &renamed, Some(&first)),
            &label_change(ChangeOp::Create, &renamed, None),
        )
        .await
        .unwrap();
    let q = store.outbox(acc).await.unwrap();
    assert_eq!(q.len(), 1, "folded into the create");
    assert_eq!(q[0].op, "create");
    let payload: serde_json::Value = serde_json::from_str(&q[0].payload).unwrap();
    assert_eq!(payload["name"], "squad");
    assert_eq!(
        store.changes(Some(acc)).await.unwrap()[0].summary,
        "create label squad"
    );

    // A label the server has: edit, edit again (folded), then back to where it started (dropped).
    pull_labels(&store, ws, &[record(5, "old", None)]).await;
    let old = store
        .labels(ws)
        .await
        .unwrap()
        .into_iter()
        .find(|l| l.name == "old")
        .unwrap();
    let start = input("old", None);
    for (to, base) in [("new", "old"), ("newer", "new"), ("old", "newer")] {
        let to = input(to, None);
        store
            .update_label_local(
                acc,
                old.id,
                &to,
                &label_change(ChangeOp::Update, &to, Some(&input(base, None))),
                &label_change(ChangeOp::Create, &to, None),
            )
            .await
            .unwrap();
        if to.name == "newer" {
            let q = store.outbox(acc).await.unwrap();
            assert_eq!(q.len(), 2);
            let p: serde_json::Value = serde_json::from_str(&q[1].payload).unwrap();
            assert_eq!(
                (p["name"].as_str(), p["base"]["name"].as_str()),
                (Some("newer"), Some("old"))
            );
        }
    }
    assert_eq!(
        store.outbox(acc).await.unwrap().len(),
        1,
        "nothing left to send for 'old'"
    );
    assert_eq!(store.label(old.id).await.unwrap().text(), start.name);
    assert_eq!(store.label(old.id).await.unwrap().change_state, None);

    // An edit after a tried create is a change of its own (the create may already be on the server).
    store
        .start_attempt(q_id(&store, acc, 0).await)
        .await
        .unwrap();
    let again = input("crew", None);
    store
        .update_label_local(
            acc,
            made.id,
            &again,
            &label_change(ChangeOp::Update, &again, Some(&renamed)),
            &label_change(ChangeOp::Create, &again, None),
        )
        .await
        .unwrap();
    let ops: Vec<String> = store
        .outbox(acc)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.op.to_string())
        .collect();
    assert_eq!(ops, ["create", "update"]);
}

async fn q_id(store: &Store, acc: i64, i: usize) -> i64 {
    store.outbox(acc).await.unwrap()[i].id
}

#[tokio::test]
async fn deleting_a_label_the_server_never_had_leaves_nothing_behind() {
    let (_p, store) = open_new().await;
    let (acc, ws) = workspace(&store).await;
    let l = input("scratch", None);
    let made = store
        .create_label_local(acc, ws, &l, &label_change(ChangeOp::Create, &l, None))
        .await
        .unwrap();
    store
        .delete_label_local(acc, made.id, &label_change(ChangeOp::Delete, &l, Some(&l)))
        .await
        .unwrap();
    assert!(store.labels(ws).await.unwrap().is_empty());
    assert!(store.outbox(acc).await.unwrap().is_empty());
    assert_eq!(scalar_i64(&store, "SELECT COUNT(*) FROM labels").await, 0);

    // One the server has: hidden at once, its deletion queued; completing it forgets the row.
    pull_labels(&store, ws, &[record(9, "keep", None)]).await;
    let keep = store.labels(ws).await.unwrap()[0].clone();
    store
        .delete_label_local(
            acc,
            keep.id,
            &label_change(
                ChangeOp::Delete,
                &input("keep", None),
                Some(&input("keep", None)),
            ),
        )
        .await
        .unwrap();
    assert!(store.labels(ws).await.unwrap().is_empty());
    let id = q_id(&store, acc, 0).await;
    store.complete_change(id, None, None).await.unwrap();
    assert_eq!(scalar_i64(&store, "SELECT COUNT(*) FROM labels").await, 0);
    assert!(store.outbox(acc).await.unwrap().is_empty());
}

#[tokio::test]
async fn completing_a_create_records_the_server_id_and_folds_in_a_pulled_twin() {
    let (_p, store) = open_new().await;
    let (acc, ws) = workspace(&store).await;
    let l = input("env", Some("prod"));
    let made = store
        .create_label_local(acc, ws, &l, &label_change(ChangeOp::Create, &l, None))
        .await
        .unwrap();
    let id = q_id(&store, acc, 0).await;
    store.start_attempt(id).await.unwrap();
    // The create landed but its answer was lost; a pull brought the server's label in.
    pull_labels(&store, ws, &[record(44, "env", Some("prod"))]).await;
    assert_eq!(store.labels(ws).await.unwrap().len(), 2);
    store.complete_change(id, Some(44), None).await.unwrap();
    let labels = store.labels(ws).await.unwrap();
    assert_eq!(labels.len(), 1, "one label, not two");
    assert_eq!(labels[0].id, made.id);
    assert_eq!(labels[0].label_id, Some(44));
    assert_eq!(labels[0].change_state, None);
}

#[tokio::test]
async fn discarding_undoes_each_kind_of_label_change() {
    let (_p, store) = open_new().await;
    let (acc, ws) = workspace(&store).await;
    pull_labels(
        &store,
        ws,
        &[record(1, "a1", None), record(2, "env", Some("prod"))],
    )
    .await;
    let labels = store.labels(ws).await.unwrap();
    let (a1, env) = (labels[0].clone(), labels[1].clone());

    let edited = LabelInput {
        is_default: true,
        ..input("env", Some("dev"))
    };
    store
        .update_label_local(
            acc,
            env.id,
            &edited,
            &label_change(ChangeOp::Update, &edited, Some(&input("env", Some("prod")))),
            &label_change(ChangeOp::Create, &edited, None),
        )
        .await
        .unwrap();
    store
        .delete_label_local(
            acc,
            a1.id,
            &label_change(
                ChangeOp::Delete,
                &input("a1", None),
                Some(&input("a1", None)),
            ),
        )
        .await
        .unwrap();
    let new = input("fresh", None);
    let fresh = store
        .create_label_local(acc, ws, &new, &label_change(ChangeOp::Create, &new, None))
        .await
        .unwrap();
    store
        .start_attempt(q_id(&store, acc, 2).await)
        .await
        .unwrap();
    let renamed = input("fresher", None);
    store
        .update_label_local(
            acc,
            fresh.id,
            &renamed,
            &label_change(ChangeOp::Update, &renamed, Some(&new)),
            &label_change(ChangeOp::Create, &renamed, None),
        )
        .await
        .unwrap();
    assert_eq!(
        texts(&store.labels(ws).await.unwrap()),
        ["fresher", "env=dev"]
    );

    for change in store.outbox(acc).await.unwrap().into_iter().take(3) {
        store.discard_change(change.id).await.unwrap();
    }
    let labels = store.labels(ws).await.unwrap();
    assert_eq!(texts(&labels), ["a1", "env=prod"]);
    assert!(!labels[1].is_default);
    assert!(labels.iter().all(|l| l.change_state.is_none()));
    assert!(
        store.outbox(acc).await.unwrap().is_empty(),
        "the edit queued behind a discarded create goes with it"
    );
}

#[tokio::test]
async fn the_studios_lifespan_is_edited_locally_and_kept_through_a_pull() {
    let (_p, store) = open_new().await;
    let (acc, ws) = workspace(&store).await;
    let raw = json!({ "lifespanHours": 8, "privateStudioByDefault": false });
    store
        .set_workspace_settings(ws, &lifespan(Some(8)), &raw)
        .await
        .unwrap();
    let s = store.workspace_settings(ws).await.unwrap();
    assert_eq!((s.studios_known, s.studios_lifespan_hours), (true, Some(8)));

    store
        .update_studios_settings_local(acc, ws, &lifespan_change(Some(24), Some(8)), summary)
        .await
        .unwrap();
    store
        .set_workspace_settings(ws, &lifespan(Some(8)), &raw)
        .await
        .unwrap();
    let s = store.workspace_settings(ws).await.unwrap();
    assert_eq!(
        s.studios_lifespan_hours,
        Some(24),
        "the pull left my edit alone"
    );
    assert_eq!(s.studios_change_state, Some(ChangeState::Waiting));

    // A second edit before the first was tried is folded into it; "no limit" is None.
    store
        .update_studios_settings_local(acc, ws, &lifespan_change(None, Some(24)), summary)
        .await
        .unwrap();
    let q = store.outbox(acc).await.unwrap();
    assert_eq!(q.len(), 1);
    let p: serde_json::Value = serde_json::from_str(&q[0].payload).unwrap();
    assert_eq!(p["lifespanHours"], serde_json::Value::Null);
    assert_eq!(p["base"]["lifespanHours"], 8);

    // Discarding puts back the value the change was based on; the next pull is then the server's.
    store.discard_change(q[0].id).await.unwrap();
    let s = store.workspace_settings(ws).await.unwrap();
    assert_eq!(
        (s.studios_lifespan_hours, s.studios_change_state),
        (Some(8), None)
    );
    store
        .set_workspace_settings(ws, &lifespan(Some(12)), &raw)
        .await
        .unwrap();
    assert_eq!(
        store
            .workspace_settings(ws)
            .await
            .unwrap()
            .studios_lifespan_hours,
        Some(12)
    );

    // Back to the start: nothing to send.
    store
        .update_studios_settings_local(acc, ws, &lifespan_change(Some(6), Some(12)), summary)
        .await
        .unwrap();
    store
        .update_studios_settings_local(acc, ws, &lifespan_change(Some(12), Some(6)), summary)
        .await
        .unwrap();
    assert!(store.outbox(acc).await.unwrap().is_empty());
}

#[tokio::test]
async fn all_four_studios_settings_round_trip_and_unknown_stays_unknown() {
    let (_p, store) = open_new().await;
    let (acc, ws) = workspace(&store).await;
    // An older server that only sends the lifespan: the other three are unknown, not defaults.
    store
        .set_workspace_settings(ws, &lifespan(Some(8)), &json!({ "lifespanHours": 8 }))
        .await
        .unwrap();
    let s = store.workspace_settings(ws).await.unwrap();
    assert_eq!(
        (
            s.studios_private_by_default,
            s.studios_container_repository.as_deref(),
            s.studios_name_strategy.as_deref()
        ),
        (None, None, None)
    );
    // A server that says everything; null repository and strategy are kept as "not set" ("").
    let server = StudiosRecord {
        lifespan_hours: None,
        private_studio_by_default: Some(false),
        container_repository: Some(String::new()),
        name_strategy: Some("tagPrefix".into()),
    };
    store
        .set_workspace_settings(ws, &server, &json!({}))
        .await
        .unwrap();
    let s = store.workspace_settings(ws).await.unwrap();
    assert_eq!(s.studios_lifespan_hours, None);
    assert_eq!(s.studios_private_by_default, Some(false));
    assert_eq!(s.studios_container_repository.as_deref(), Some(""));
    assert_eq!(s.studios_name_strategy.as_deref(), Some("tagPrefix"));

    // Two edits of different fields before either was tried: one change with both, each on its
    // own base; a pull leaves them all alone.
    store
        .update_studios_settings_local(
            acc,
            ws,
            &settings_change(
                json!({ "privateStudioByDefault": true }),
                json!({ "privateStudioByDefault": false }),
            ),
            summary,
        )
        .await
        .unwrap();
    store
        .update_studios_settings_local(
            acc,
            ws,
            &settings_change(
                json!({ "containerRepository": "cr.example.org/studios" }),
                json!({ "containerRepository": "" }),
            ),
            summary,
        )
        .await
        .unwrap();
    store
        .set_workspace_settings(ws, &server, &json!({}))
        .await
        .unwrap();
    let s = store.workspace_settings(ws).await.unwrap();
    assert_eq!(s.studios_private_by_default, Some(true));
    assert_eq!(
        s.studios_container_repository.as_deref(),
        Some("cr.example.org/studios")
    );
    assert_eq!(s.studios_name_strategy.as_deref(), Some("tagPrefix"));
    assert_eq!(s.studios_lifespan_hours, None, "untouched");
    let q = store.outbox(acc).await.unwrap();
    assert_eq!(q.len(), 1);
    let p: SettingsPayload = q[0].payload_as().unwrap();
    assert_eq!(p.values.private_studio_by_default, Some(true));
    assert_eq!(
        p.values.container_repository.as_deref(),
        Some("cr.example.org/studios")
    );
    assert_eq!(
        p.values.lifespan_hours, None,
        "the lifespan is not part of it"
    );
    assert_eq!(p.base.private_studio_by_default, Some(false));
    assert_eq!(p.base.container_repository.as_deref(), Some(""));
    let shown = &store.changes(Some(acc)).await.unwrap()[0].summary;
    assert!(shown.starts_with("merged"), "{shown}");

    // Discard: both fields go back to their base, the rest stays.
    store.discard_change(q[0].id).await.unwrap();
    let s = store.workspace_settings(ws).await.unwrap();
    assert_eq!(s.studios_private_by_default, Some(false));
    assert_eq!(s.studios_container_repository.as_deref(), Some(""));
    assert_eq!(s.studios_name_strategy.as_deref(), Some("tagPrefix"));
    assert_eq!(s.studios_change_state, None);

    // One field back to its base while another stays changed: only that one is left to send.
    for (values, base) in [
        (
            json!({ "nameStrategy": "imageSuffix", "privateStudioByDefault": true }),
            json!({ "nameStrategy": "tagPrefix", "privateStudioByDefault": false }),
        ),
        (
            json!({ "privateStudioByDefault": false }),
            json!({ "privateStudioByDefault": true }),
        ),
    ] {
        store
            .update_studios_settings_local(acc, ws, &settings_change(values, base), summary)
            .await
            .unwrap();
    }
    let q = store.outbox(acc).await.unwrap();
    let p: serde_json::Value = serde_json::from_str(&q[0].payload).unwrap();
    assert_eq!(
        p,
        json!({ "orgId": 7, "workspaceId": 70, "nameStrategy": "imageSuffix",
                "base": { "nameStrategy": "tagPrefix" } })
    );
}

#[tokio::test]
async fn the_lifespan_cannot_be_edited_before_a_sync_fetched_the_settings() {
    let (_p, store) = open_new().await;
    let (acc, ws) = workspace(&store).await;
    let err = store
        .update_studios_settings_local(acc, ws, &lifespan_change(Some(4), None), summary)
        .await
        .unwrap_err();
    assert!(
        matches!(err, towerdesk_store::StoreError::NotFound(_)),
        "{err}"
    );
    assert!(store.outbox(acc).await.unwrap().is_empty());
}

#[tokio::test]
async fn the_migration_keeps_labels_and_lets_a_label_wait_for_its_server_id() {
    let p = profile();
    let migrator = sqlx::migrate!("./migrations");
    let initial = migrator.iter().next().unwrap();
    assert_eq!(initial.version, 20261124000001);
    let checksum: String = initial
        .checksum
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let record = format!(
        "CREATE TABLE _sqlx_migrations (
            version BIGINT PRIMARY KEY, description TEXT NOT NULL,
            installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, success BOOLEAN NOT NULL,
            checksum BLOB NOT NULL, execution_time BIGINT NOT NULL);
         INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES ({}, '{}', 1, x'{checksum}', 1);",
        initial.version, initial.description
    );
    write_raw_file(
        &p.path,
        true,
        &[
            initial.sql.as_str(),
            &record,
            "INSERT INTO accounts (id, server_url, user_id, user_name, label, kind, created_at)
               VALUES (1, 'https://x', 1, 'ada', 'X', 'keyring', '2026-01-01');
             INSERT INTO workspaces (id, account_id, org_id, workspace_id, name, full_name)
               VALUES (3, 1, 7, 70, 'production', 'Production');
             INSERT INTO labels (id, workspace_local_id, label_id, name, value, resource, is_default, sync_gen)
               VALUES (11, 3, 500, 'env', 'prod', 1, 1, 4);",
        ],
    )
    .await;
    let store = Store::open(&p.path).await.unwrap();
    let kept = store.label(11).await.unwrap();
    assert_eq!(
        (kept.label_id, kept.text(), kept.resource, kept.is_default),
        (Some(500), "env=prod".to_string(), true, true)
    );
    let l = input("offline", None);
    let made = store
        .create_label_local(1, 3, &l, &label_change(ChangeOp::Create, &l, None))
        .await
        .unwrap();
    let l2 = input("offline2", None);
    store
        .create_label_local(1, 3, &l2, &label_change(ChangeOp::Create, &l2, None))
        .await
        .unwrap();
    assert_eq!(made.label_id, None);
    assert_eq!(store.labels(3).await.unwrap().len(), 3);
    // The unique still holds for server ids.
    let dup = sqlx::query(
        "INSERT INTO labels (workspace_local_id, label_id, name) VALUES (3, 500, 'again')",
    )
    .execute(store.pool())
    .await;
    assert!(dup.is_err());
    assert_eq!(store.integrity_check().await.unwrap(), "ok");
}
