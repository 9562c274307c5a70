//! A workspace's pipeline actions: a listing writes them (fields the server did not give stay
//! unknown), a completed listing marks what it did not return as deleted and only then, an
//! action listed again comes back, and each workspace has its own.

use towerdesk_store::{ActionRecord, OrgRecord, Store, WorkspaceListing};

use crate::common::{self, open_new, ws_record};

fn action(id: &str, name: &str, source: Option<&str>, status: Option<&str>) -> ActionRecord {
    ActionRecord {
        id: id.to_string(),
        name: name.to_string(),
        pipeline: Some("https://github.com/nf-core/rnaseq".to_string()),
        source: source.map(str::to_string),
        status: status.map(str::to_string),
        last_seen: Some("2026-11-30T09:00:00+00:00".to_string()),
        date_created: Some("2026-01-02T03:04:05+00:00".to_string()),
    }
}

/// Two workspaces of one account: their local ids.
async fn two_workspaces(store: &Store) -> (i64, i64) {
    let acc = common::account(store).await;
    store
        .upsert_organizations(
            acc.id,
            1,
            &[OrgRecord {
                org_id: 1,
                name: "acme".to_string(),
                full_name: None,
                description: None,
                logo_url: None,
                role: None,
            }],
        )
        .await
        .unwrap();
    store
        .upsert_workspaces(
            acc.id,
            1,
            &[ws_record(1, 100, "alpha"), ws_record(1, 200, "beta")],
        )
        .await
        .unwrap();
    let local = |id| {
        let store = store.clone();
        async move {
            store
                .workspace_local_id(acc.id, Some(id))
                .await
                .unwrap()
                .unwrap()
        }
    };
    (local(100).await, local(200).await)
}

fn names(list: &[ActionRecord]) -> Vec<&str> {
    list.iter().map(|a| a.name.as_str()).collect()
}

#[tokio::test]
async fn a_listing_writes_the_actions_and_only_a_completed_one_removes_what_it_did_not_return() {
    let (_p, store) = open_new().await;
    let (alpha, beta) = two_workspaces(&store).await;

    let g1 = store
        .begin_listing(WorkspaceListing::Actions, alpha)
        .await
        .unwrap();
    let mut unknown = action("a3", "", None, None);
    (unknown.pipeline, unknown.last_seen, unknown.date_created) = (None, None, None);
    store
        .upsert_actions(
            alpha,
            g1,
            &[
                action("a1", "rnaseq-on-push", Some("github"), Some("ACTIVE")),
                action("a2", "Nightly-hook", Some("tower"), Some("PAUSED")),
                unknown.clone(),
            ],
        )
        .await
        .unwrap();
    store
        .finish_listing(WorkspaceListing::Actions, alpha, g1)
        .await
        .unwrap();
    let listed = store.actions(alpha).await.unwrap();
    assert_eq!(
        names(&listed),
        ["", "Nightly-hook", "rnaseq-on-push"],
        "by name, without case"
    );
    assert_eq!(
        listed[0], unknown,
        "what the server did not say stays unknown"
    );
    assert_eq!(
        listed[2],
        action("a1", "rnaseq-on-push", Some("github"), Some("ACTIVE"))
    );
    assert_eq!(
        store.actions(beta).await.unwrap(),
        [],
        "each workspace its own"
    );

    // A listing that did not complete (refused, failed) writes what it got and deletes nothing.
    let g2 = store
        .begin_listing(WorkspaceListing::Actions, alpha)
        .await
        .unwrap();
    assert!(g2 > g1);
    store
        .upsert_actions(
            alpha,
            g2,
            &[action(
                "a1",
                "rnaseq-on-push",
                Some("github"),
                Some("ERROR"),
            )],
        )
        .await
        .unwrap();
    let now = store.actions(alpha).await.unwrap();
    assert_eq!(names(&now), ["", "Nightly-hook", "rnaseq-on-push"]);
    assert_eq!(now[2].status.as_deref(), Some("ERROR"), "the newer status");

    // A completed listing without a2 and a3: they are gone, and only from this workspace.
    store
        .upsert_actions(beta, 1, &[action("a2", "beta-hook", Some("tower"), None)])
        .await
        .unwrap();
    let removed = store
        .finish_listing(WorkspaceListing::Actions, alpha, g2)
        .await
        .unwrap();
    assert_eq!(removed, 2);
    assert_eq!(
        names(&store.actions(alpha).await.unwrap()),
        ["rnaseq-on-push"]
    );
    assert_eq!(names(&store.actions(beta).await.unwrap()), ["beta-hook"]);

    // Listed again, it is back.
    let g3 = store
        .begin_listing(WorkspaceListing::Actions, alpha)
        .await
        .unwrap();
    store
        .upsert_actions(
            alpha,
            g3,
            &[
                action("a1", "rnaseq-on-push", Some("github"), Some("ACTIVE")),
                action("a2", "Nightly-hook", Some("bucket"), Some("CREATING")),
            ],
        )
        .await
        .unwrap();
    store
        .finish_listing(WorkspaceListing::Actions, alpha, g3)
        .await
        .unwrap();
    let back = store.actions(alpha).await.unwrap();
    assert_eq!(names(&back), ["Nightly-hook", "rnaseq-on-push"]);
    assert_eq!(
        (back[0].source.as_deref(), back[0].status.as_deref()),
        (Some("bucket"), Some("CREATING"))
    );
    store.close().await;
}
