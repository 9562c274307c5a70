//! Participants: adds, role changes and removals made here show at once and are queued; a pull
//! leaves rows with queued changes alone; completing and discarding changes settle the rows; the
//! migration that makes `participant_id` nullable keeps a schema-1 file's participants.

use crate::common::*;

use sqlx::sqlite::SqlitePoolOptions;
use towerdesk_store::{
    ChangeOp, ChangeState, Entity, NewChange, NewParticipantRow, ParticipantRecord, Store,
    WorkspaceListing,
};

fn server(participant_id: i64, member_id: i64, name: &str, role: &str) -> ParticipantRecord {
    ParticipantRecord {
        participant_id,
        kind: "MEMBER".into(),
        member_id: Some(member_id),
        team_id: None,
        user_name: Some(name.to_lowercase()),
        name: name.into(),
        email: Some(format!("{}@example.org", name.to_lowercase())),
        role: role.into(),
    }
}

fn change(op: ChangeOp, summary: &str, base_role: Option<&str>) -> NewChange {
    NewChange {
        entity: Entity::Participant,
        op,
        natural_key: Some("member:7".into()),
        payload: serde_json::json!({ "orgId": 1, "memberId": 7, "role": "launch" }),
        base_last_updated: base_role.map(str::to_string),
        summary: summary.into(),
    }
}

fn new_row(member_id: i64, name: &str, role: &str) -> NewParticipantRow {
    NewParticipantRow {
        kind: "MEMBER".into(),
        member_id: Some(member_id),
        team_id: None,
        user_name: Some(name.to_lowercase()),
        name: name.into(),
        email: None,
        role: role.into(),
    }
}

/// A synced workspace with two participants from the server: (store, account id, workspace local id).
async fn synced() -> (Profile, Store, i64, i64) {
    let (p, store) = open_new().await;
    let acc = account(&store).await;
    let g = store.begin_workspace_listing(acc.id).await.unwrap();
    store
        .upsert_workspaces(acc.id, g, &[ws_record(1, 10, "production")])
        .await
        .unwrap();
    let ws = store
        .workspace_local_id(acc.id, Some(10))
        .await
        .unwrap()
        .unwrap();
    pull(
        &store,
        ws,
        &[
            server(100, 1, "Ada", "owner"),
            server(101, 2, "Ben", "launch"),
        ],
    )
    .await;
    (p, store, acc.id, ws)
}

async fn pull(store: &Store, ws: i64, items: &[ParticipantRecord]) {
    let g = store
        .begin_listing(WorkspaceListing::Participants, ws)
        .await
        .unwrap();
    store.upsert_participants(ws, g, items).await.unwrap();
    store.finish_participant_listing(ws, g).await.unwrap();
}

/// (name, role, waiting/conflict/rejected) as the Participants section shows them.
async fn shown(store: &Store, ws: i64) -> Vec<(String, String, Option<ChangeState>)> {
    store
        .participants(ws)
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.name, p.role, p.change_state))
        .collect()
}

fn row(
    name: &str,
    role: &str,
    state: Option<ChangeState>,
) -> (String, String, Option<ChangeState>) {
    (name.into(), role.into(), state)
}

#[tokio::test]
async fn an_add_shows_at_once_as_waiting_and_is_queued_in_the_same_transaction() {
    let (_p, store, acc, ws) = synced().await;
    let added = store
        .add_participant_local(
            acc,
            ws,
            &new_row(7, "Chiara", "maintain"),
            &change(ChangeOp::Create, "Add participant Chiara as maintain", None),
        )
        .await
        .unwrap();
    assert_eq!(added.participant_id, None, "no server id yet");
    assert_eq!(added.change_state, Some(ChangeState::Waiting));
    assert_eq!(
        shown(&store, ws).await,
        [
            row("Ada", "owner", None),
            row("Ben", "launch", None),
            row("Chiara", "maintain", Some(ChangeState::Waiting)),
        ]
    );
    let outbox = store.outbox(acc).await.unwrap();
    assert_eq!(outbox.len(), 1);
    assert_eq!(
        (outbox[0].entity.as_str(), outbox[0].op.as_str()),
        ("participant", "create")
    );
    assert_eq!(outbox[0].local_id, Some(added.id));
    let changes = store.changes(Some(acc)).await.unwrap();
    assert_eq!(changes[0].summary, "Add participant Chiara as maintain");
}

#[tokio::test]
async fn a_role_change_of_an_unsent_add_is_folded_into_it() {
    let (_p, store, acc, ws) = synced().await;
    let added = store
        .add_participant_local(
            acc,
            ws,
            &new_row(7, "Chiara", "launch"),
            &change(ChangeOp::Create, "Add participant Chiara as launch", None),
        )
        .await
        .unwrap();
    store
        .set_participant_role_local(
            acc,
            added.id,
            "admin",
            &change(
                ChangeOp::Update,
                "Change role of Chiara to admin",
                Some("launch"),
            ),
        )
        .await
        .unwrap();
    let outbox = store.outbox(acc).await.unwrap();
    assert_eq!(outbox.len(), 1, "still one request to send");
    let payload: serde_json::Value = serde_json::from_str(&outbox[0].payload).unwrap();
    assert_eq!(payload["role"], "admin");
    assert_eq!(
        store.changes(Some(acc)).await.unwrap()[0].summary,
        "Add participant Chiara as admin"
    );

    // Once tried, the add may be on the server: a role change is queued behind it instead.
    store.start_attempt(outbox[0].id).await.unwrap();
    store
        .set_participant_role_local(
            acc,
            added.id,
            "view",
            &change(
                ChangeOp::Update,
                "Change role of Chiara to view",
                Some("admin"),
            ),
        )
        .await
        .unwrap();
    let outbox = store.outbox(acc).await.unwrap();
    assert_eq!(outbox.len(), 2);
    assert_eq!(outbox[1].op, "update");
    assert_eq!(outbox[1].base_last_updated.as_deref(), Some("admin"));
}

#[tokio::test]
async fn removing_an_unsent_add_forgets_it_and_removing_a_server_participant_queues_it() {
    let (_p, store, acc, ws) = synced().await;
    let added = store
        .add_participant_local(
            acc,
            ws,
            &new_row(7, "Chiara", "launch"),
            &change(ChangeOp::Create, "Add participant Chiara as launch", None),
        )
        .await
        .unwrap();
    store
        .remove_participant_local(acc, added.id, &change(ChangeOp::Delete, "Remove", None))
        .await
        .unwrap();
    assert!(store.outbox(acc).await.unwrap().is_empty());
    assert_eq!(shown(&store, ws).await.len(), 2);

    let ben = store.participants(ws).await.unwrap()[1].clone();
    assert_eq!(ben.name, "Ben");
    store
        .remove_participant_local(
            acc,
            ben.id,
            &change(
                ChangeOp::Delete,
                "Remove participant Ben from production",
                None,
            ),
        )
        .await
        .unwrap();
    assert_eq!(shown(&store, ws).await, [row("Ada", "owner", None)]);
    let outbox = store.outbox(acc).await.unwrap();
    assert_eq!(
        (outbox[0].op.as_str(), outbox[0].local_id),
        ("delete", Some(ben.id))
    );
}

#[tokio::test]
async fn a_pull_leaves_rows_with_queued_changes_alone() {
    let (_p, store, acc, ws) = synced().await;
    let list = store.participants(ws).await.unwrap();
    let (ada, ben) = (list[0].clone(), list[1].clone());
    store
        .set_participant_role_local(
            acc,
            ben.id,
            "maintain",
            &change(
                ChangeOp::Update,
                "Change role of Ben to maintain",
                Some("launch"),
            ),
        )
        .await
        .unwrap();
    store
        .remove_participant_local(acc, ada.id, &change(ChangeOp::Delete, "Remove Ada", None))
        .await
        .unwrap();
    store
        .add_participant_local(
            acc,
            ws,
            &new_row(7, "Chiara", "view"),
            &change(ChangeOp::Create, "Add Chiara", None),
        )
        .await
        .unwrap();

    // The server still has Ben as launch and Ada; then a listing without either of them.
    pull(
        &store,
        ws,
        &[
            server(100, 1, "Ada", "owner"),
            server(101, 2, "Ben", "launch"),
        ],
    )
    .await;
    assert_eq!(
        shown(&store, ws).await,
        [
            row("Ben", "maintain", Some(ChangeState::Waiting)),
            row("Chiara", "view", Some(ChangeState::Waiting)),
        ],
        "my role change kept, my removal kept, my add kept"
    );
    pull(&store, ws, &[]).await;
    assert_eq!(
        shown(&store, ws).await,
        [
            row("Ben", "maintain", Some(ChangeState::Waiting)),
            row("Chiara", "view", Some(ChangeState::Waiting)),
        ],
        "an empty listing deletes nothing that is queued"
    );
    // The generic end of a listing keeps them too.
    let g = store
        .begin_listing(WorkspaceListing::Participants, ws)
        .await
        .unwrap();
    store
        .finish_listing(WorkspaceListing::Participants, ws, g)
        .await
        .unwrap();
    assert_eq!(shown(&store, ws).await.len(), 2);

    // Without queued changes, the server's listing wins.
    for c in store.outbox(acc).await.unwrap() {
        store.complete_change(c.id, None, None).await.unwrap();
    }
    pull(&store, ws, &[server(101, 2, "Ben", "connect")]).await;
    let now = shown(&store, ws).await;
    assert!(now.contains(&row("Ben", "connect", None)), "{now:?}");
    assert!(!now.iter().any(|r| r.0 == "Ada"), "{now:?}");
}

#[tokio::test]
async fn a_pull_that_sees_an_add_in_flight_gives_the_row_its_id_instead_of_a_twin() {
    let (_p, store, acc, ws) = synced().await;
    let added = store
        .add_participant_local(
            acc,
            ws,
            &new_row(7, "Chiara", "maintain"),
            &change(ChangeOp::Create, "Add Chiara", None),
        )
        .await
        .unwrap();
    pull(
        &store,
        ws,
        &[
            server(100, 1, "Ada", "owner"),
            server(101, 2, "Ben", "launch"),
            server(102, 7, "Chiara", "launch"),
        ],
    )
    .await;
    let list = store.participants(ws).await.unwrap();
    assert_eq!(list.len(), 3, "{list:?}");
    let chiara = list.iter().find(|p| p.name == "Chiara").unwrap();
    assert_eq!(chiara.id, added.id);
    assert_eq!(chiara.participant_id, Some(102));
    assert_eq!(chiara.role, "maintain", "the queued add's role is kept");
    assert_eq!(chiara.change_state, Some(ChangeState::Waiting));
}

#[tokio::test]
async fn completing_an_add_records_the_id_and_folds_a_pulled_twin() {
    let (_p, store, acc, ws) = synced().await;
    let added = store
        .add_participant_local(
            acc,
            ws,
            &NewParticipantRow {
                kind: "MEMBER".into(),
                member_id: None,
                team_id: None,
                user_name: None,
                name: "new@lab.org".into(),
                email: Some("new@lab.org".into()),
                role: "view".into(),
            },
            &change(
                ChangeOp::Create,
                "Add participant new@lab.org as view",
                None,
            ),
        )
        .await
        .unwrap();
    // The server's listing names the invited person differently (no e-mail match): a twin row.
    pull(
        &store,
        ws,
        &[
            server(100, 1, "Ada", "owner"),
            server(101, 2, "Ben", "launch"),
            server(103, 9, "Newcomer", "launch"),
        ],
    )
    .await;
    assert_eq!(store.participants(ws).await.unwrap().len(), 4);
    let id = store.outbox(acc).await.unwrap()[0].id;
    store.complete_change(id, Some(103), None).await.unwrap();
    let list = store.participants(ws).await.unwrap();
    assert_eq!(list.len(), 3, "{list:?}");
    let mine = store.participant(added.id).await.unwrap();
    assert_eq!(mine.participant_id, Some(103));
    assert_eq!(mine.change_state, None);
}

#[tokio::test]
async fn discarding_undoes_each_kind_of_change_locally() {
    let (_p, store, acc, ws) = synced().await;
    let list = store.participants(ws).await.unwrap();
    let (ada, ben) = (list[0].clone(), list[1].clone());
    store
        .set_participant_role_local(
            acc,
            ben.id,
            "admin",
            &change(
                ChangeOp::Update,
                "Change role of Ben to admin",
                Some("launch"),
            ),
        )
        .await
        .unwrap();
    store
        .remove_participant_local(acc, ada.id, &change(ChangeOp::Delete, "Remove Ada", None))
        .await
        .unwrap();
    let added = store
        .add_participant_local(
            acc,
            ws,
            &new_row(7, "Chiara", "view"),
            &change(ChangeOp::Create, "Add Chiara", None),
        )
        .await
        .unwrap();
    let queued = store.outbox(acc).await.unwrap();
    // A role change queued behind the add (the add was tried once).
    store.start_attempt(queued[2].id).await.unwrap();
    store
        .set_participant_role_local(
            acc,
            added.id,
            "launch",
            &change(
                ChangeOp::Update,
                "Change role of Chiara to launch",
                Some("view"),
            ),
        )
        .await
        .unwrap();
    for c in &queued {
        store.discard_change(c.id).await.unwrap();
    }
    assert_eq!(
        shown(&store, ws).await,
        [row("Ada", "owner", None), row("Ben", "launch", None)],
        "Ben's role is back, Ada is back, Chiara is gone"
    );
    assert!(
        store.outbox(acc).await.unwrap().is_empty(),
        "the change queued behind the discarded add went with it"
    );
}

/// A file written by the previous schema (participants with NOT NULL ids) is migrated with its
/// participants intact, and then takes participants without an id.
#[tokio::test]
async fn the_migration_keeps_existing_participants() {
    let p = profile();
    {
        let old = tempfile::tempdir().unwrap();
        std::fs::copy(
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/migrations/20261124000001_initial.sql"
            ),
            old.path().join("20261124000001_initial.sql"),
        )
        .unwrap();
        let pool = SqlitePoolOptions::new()
            .connect_with(
                sqlx::sqlite::SqliteConnectOptions::new()
                    .filename(&p.path)
                    .create_if_missing(true),
            )
            .await
            .unwrap();
        sqlx::migrate::Migrator::new(old.path())
            .await
            .unwrap()
            .run(&pool)
            .await
            .unwrap();
        sqlx::raw_sql(
            "INSERT INTO accounts (id, server_url, user_id, user_name, label, kind, created_at)
               VALUES (1, 'https://x', 1, 'ada', 'x', 'keyring', '2026-01-01');
             INSERT INTO workspaces (id, account_id, org_id, workspace_id, name, full_name)
               VALUES (5, 1, 1, 10, 'production', 'Production');
             INSERT INTO participants (workspace_local_id, participant_id, type, member_id, name, email, role)
               VALUES (5, 100, 'MEMBER', 1, 'Ada', 'ada@x.org', 'owner'),
                      (5, 101, 'TEAM', NULL, 'ops', NULL, 'launch');",
        )
        .execute(&pool)
        .await
        .unwrap();
        let null_refused = sqlx::query(
            "INSERT INTO participants (workspace_local_id, type, name, role) VALUES (5, 'MEMBER', 'x', 'view')",
        )
        .execute(&pool)
        .await;
        assert!(null_refused.is_err(), "schema 1 required an id");
        pool.close().await;
    }
    let store = Store::open(&p.path).await.unwrap();
    assert_eq!(
        shown(&store, 5).await,
        [row("ops", "launch", None), row("Ada", "owner", None)]
    );
    let ada = store.participants(5).await.unwrap()[1].clone();
    assert_eq!(
        (ada.participant_id, ada.member_id, ada.email.as_deref()),
        (Some(100), Some(1), Some("ada@x.org"))
    );
    store
        .add_participant_local(
            1,
            5,
            &new_row(7, "Chiara", "view"),
            &change(ChangeOp::Create, "Add", None),
        )
        .await
        .unwrap();
    store
        .add_participant_local(
            1,
            5,
            &new_row(8, "Diego", "view"),
            &change(ChangeOp::Create, "Add", None),
        )
        .await
        .unwrap();
    assert_eq!(store.participants(5).await.unwrap().len(), 4);
    // The unique key survived the rebuild.
    let dup = sqlx::query(
        "INSERT INTO participants (workspace_local_id, participant_id, type, name, role) VALUES (5, 100, 'MEMBER', 'x', 'view')",
    )
    .execute(store.pool())
    .await;
    assert!(dup.is_err());
    assert_eq!(store.integrity_check().await.unwrap(), "ok");
}
