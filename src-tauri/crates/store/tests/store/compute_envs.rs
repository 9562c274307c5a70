//! Make primary on a compute environment: the mark moves here at once with the change queued; a
//! pull does not undo a queued one; folding, Discard (the former primary back) and completion.

use towerdesk_store::{
    ChangeOp, ChangeState, ComputeEnv, NewChange, PrimaryBase, PrimaryComputeEnvPayload, Store,
    StoreError, WorkspaceListing,
};

use crate::common::{self, ws_record};

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

fn ce(id: &str, primary: bool) -> ComputeEnv {
    ComputeEnv {
        id: id.into(),
        name: format!("{id}-env"),
        platform: Some("aws-batch".into()),
        status: Some("AVAILABLE".into()),
        primary,
        work_dir: None,
    }
}

/// A pull listing `primary_id` as the server's primary among a, b and c.
async fn pull(store: &Store, ws: i64, primary_id: &str) {
    let generation = store
        .begin_listing(WorkspaceListing::ComputeEnvs, ws)
        .await
        .unwrap();
    let items: Vec<ComputeEnv> = ["a", "b", "c"]
        .iter()
        .map(|id| ce(id, *id == primary_id))
        .collect();
    store
        .upsert_compute_envs(ws, generation, &items)
        .await
        .unwrap();
}

fn change(target: &str, base: Option<&str>) -> NewChange {
    let payload = PrimaryComputeEnvPayload {
        workspace_id: Some(70),
        compute_env_id: target.into(),
        name: format!("{target}-env"),
        base: PrimaryBase {
            compute_env_id: base.map(Into::into),
        },
    };
    NewChange::of(
        ChangeOp::Update,
        &payload,
        Some(target.into()),
        None,
        format!("Make {target}-env the primary compute environment of production"),
    )
}

/// (id, primary, change state) of each, primary first.
async fn shown(store: &Store, ws: i64) -> Vec<(String, bool, Option<ChangeState>)> {
    store
        .compute_env_entries(ws)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.env.id, e.env.primary, e.change_state))
        .collect()
}

fn row(id: &str, primary: bool, state: Option<ChangeState>) -> (String, bool, Option<ChangeState>) {
    (id.to_string(), primary, state)
}

#[tokio::test]
async fn make_primary_moves_the_mark_at_once_and_a_pull_keeps_it_while_queued() {
    let (_p, store) = common::open_new().await;
    let (acc, ws) = workspace(&store).await;
    pull(&store, ws, "a").await;
    assert_eq!(
        shown(&store, ws).await,
        [
            row("a", true, None),
            row("b", false, None),
            row("c", false, None)
        ]
    );

    store
        .make_primary_compute_env_local(acc, ws, "b", &change("b", Some("a")))
        .await
        .unwrap();
    let waiting = Some(ChangeState::Waiting);
    let after = [
        row("b", true, waiting),
        row("a", false, None),
        row("c", false, None),
    ];
    assert_eq!(shown(&store, ws).await, after);
    let queue = store.outbox(acc).await.unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].local_id, Some(ws));
    assert_eq!(queue[0].entity, "primary_compute_env");

    // The server still says a: the queued change keeps b marked.
    pull(&store, ws, "a").await;
    assert_eq!(shown(&store, ws).await, after);

    // Another Make primary not yet tried is folded in, keeping what it replaced...
    store
        .make_primary_compute_env_local(acc, ws, "c", &change("c", Some("b")))
        .await
        .unwrap();
    let queue = store.outbox(acc).await.unwrap();
    assert_eq!(queue.len(), 1);
    let p: PrimaryComputeEnvPayload = queue[0].payload_as().unwrap();
    assert_eq!(p.compute_env_id, "c");
    assert_eq!(p.base.compute_env_id.as_deref(), Some("a"));
    // ...and back to where it started there is nothing to send.
    store
        .make_primary_compute_env_local(acc, ws, "a", &change("a", Some("c")))
        .await
        .unwrap();
    assert!(store.outbox(acc).await.unwrap().is_empty());
    assert_eq!(
        shown(&store, ws).await,
        [
            row("a", true, None),
            row("b", false, None),
            row("c", false, None)
        ]
    );

    // An unknown one is refused and nothing is queued or changed.
    let err = store
        .make_primary_compute_env_local(acc, ws, "zz", &change("zz", Some("a")))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)), "{err}");
    assert!(store.outbox(acc).await.unwrap().is_empty());
    assert_eq!(shown(&store, ws).await[0], row("a", true, None));
}

#[tokio::test]
async fn a_rejected_make_primary_is_discarded_back_to_the_former_primary() {
    let (_p, store) = common::open_new().await;
    let (acc, ws) = workspace(&store).await;
    pull(&store, ws, "a").await;
    store
        .make_primary_compute_env_local(acc, ws, "b", &change("b", Some("a")))
        .await
        .unwrap();
    let id = store.outbox(acc).await.unwrap()[0].id;
    store
        .set_change_state(id, ChangeState::Rejected, Some("Forbidden"))
        .await
        .unwrap();
    let entries = store.compute_env_entries(ws).await.unwrap();
    assert_eq!(entries[0].env.id, "b");
    assert_eq!(entries[0].change_state, Some(ChangeState::Rejected));
    assert_eq!(entries[0].change_message.as_deref(), Some("Forbidden"));
    // Still the user's until discarded, whatever a pull says.
    pull(&store, ws, "a").await;
    assert_eq!(
        shown(&store, ws).await[0],
        row("b", true, Some(ChangeState::Rejected))
    );

    store.discard_change(id).await.unwrap();
    assert!(store.outbox(acc).await.unwrap().is_empty());
    assert_eq!(
        shown(&store, ws).await,
        [
            row("a", true, None),
            row("b", false, None),
            row("c", false, None)
        ]
    );
}

#[tokio::test]
async fn once_sent_the_next_pulls_primary_flags_are_the_servers() {
    let (_p, store) = common::open_new().await;
    let (acc, ws) = workspace(&store).await;
    pull(&store, ws, "a").await;
    store
        .make_primary_compute_env_local(acc, ws, "b", &change("b", Some("a")))
        .await
        .unwrap();
    let id = store.outbox(acc).await.unwrap()[0].id;
    store.complete_change(id, None, None).await.unwrap();
    assert!(store.outbox(acc).await.unwrap().is_empty());
    assert_eq!(shown(&store, ws).await[0], row("b", true, None));
    // Someone made c primary on the server since: the pull says so.
    pull(&store, ws, "c").await;
    assert_eq!(
        shown(&store, ws).await,
        [
            row("c", true, None),
            row("a", false, None),
            row("b", false, None)
        ]
    );
}
