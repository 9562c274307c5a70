//! Accounts, organizations and workspaces as a pull writes them and the window reads them.

use towerdesk_store::{AccountKind, ChangeOp, ChangeState, OrgRecord, StoreError, Visibility};

use crate::common::{self, change, open_new, scalar_i64, ws_input, ws_record};

fn org(org_id: i64, name: &str) -> OrgRecord {
    OrgRecord {
        org_id,
        name: name.to_string(),
        full_name: Some(format!("{name} Inc.")),
        description: None,
        logo_url: None,
        role: Some("owner".to_string()),
    }
}

#[tokio::test]
async fn an_account_is_upserted_by_server_and_user() {
    let (_p, store) = open_new().await;
    let first = common::account(&store).await;
    store.set_token_expired(first.id, true).await.unwrap();
    assert!(store.account_row(first.id).await.unwrap().token_expired);

    let again = store
        .upsert_account(
            "https://api.cloud.seqera.io",
            42,
            "ada.lovelace",
            None,
            "Work",
            AccountKind::Environment,
        )
        .await
        .unwrap();
    assert_eq!(again.id, first.id, "same server and user: the same account");
    assert_eq!(again.user_name, "ada.lovelace");
    assert_eq!(again.email, None);
    assert_eq!(again.label, "Work");
    assert_eq!(again.kind, AccountKind::Environment);
    assert!(
        !again.token_expired,
        "a fresh sign-in clears the expired token"
    );

    let other_server = store
        .upsert_account(
            "https://tower.example.org/api",
            42,
            "ada",
            None,
            "On-prem",
            AccountKind::Keyring,
        )
        .await
        .unwrap();
    let demo = store
        .upsert_account("demo://", 1, "demo", None, "Demo", AccountKind::Demo)
        .await
        .unwrap();
    assert_ne!(other_server.id, first.id);
    let ids: Vec<i64> = store
        .accounts()
        .await
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(
        ids,
        [first.id, other_server.id, demo.id],
        "demo listed last"
    );

    store
        .set_account_synced(first.id, Some("offline"))
        .await
        .unwrap();
    let row = store.account_row(first.id).await.unwrap();
    assert_eq!(row.last_error.as_deref(), Some("offline"));
    assert_eq!(row.last_sync, None);
    store.set_account_synced(first.id, None).await.unwrap();
    let row = store.account_row(first.id).await.unwrap();
    assert_eq!(row.last_error, None);
    assert!(row.last_sync.is_some());
}

#[tokio::test]
async fn deleting_an_account_removes_everything_kept_for_it() {
    let (_p, store) = open_new().await;
    let acc = common::account(&store).await;
    let other = store
        .upsert_account(
            "https://other.example.org",
            7,
            "bob",
            None,
            "Bob",
            AccountKind::Keyring,
        )
        .await
        .unwrap();
    let personal = store
        .ensure_personal_workspace(acc.id, "ada")
        .await
        .unwrap();
    store
        .ensure_personal_workspace(other.id, "bob")
        .await
        .unwrap();
    store
        .upsert_organizations(acc.id, 1, &[org(1, "acme")])
        .await
        .unwrap();
    store
        .upsert_workspaces(acc.id, 1, &[ws_record(1, 100, "research")])
        .await
        .unwrap();
    store
        .create_workspace_local(
            acc.id,
            1,
            &ws_input("draft"),
            &change(ChangeOp::Create, "draft"),
        )
        .await
        .unwrap();
    store
        .upsert_runs(
            personal,
            1,
            &[common::run("r1", Some("2026-01-01"), Some(1.0), 1.0, 1.0)],
        )
        .await
        .unwrap();
    assert_eq!(scalar_i64(&store, "SELECT COUNT(*) FROM outbox").await, 1);

    store.delete_account(acc.id).await.unwrap();
    for (table, left) in [
        ("SELECT COUNT(*) FROM accounts", 1),
        ("SELECT COUNT(*) FROM workspaces", 1),
        ("SELECT COUNT(*) FROM organizations", 0),
        ("SELECT COUNT(*) FROM outbox", 0),
        ("SELECT COUNT(*) FROM runs", 0),
        ("SELECT COUNT(*) FROM run_spend", 0),
    ] {
        assert_eq!(scalar_i64(&store, table).await, left, "{table}");
    }
    assert!(matches!(
        store.account_row(acc.id).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.delete_account(acc.id).await,
        Err(StoreError::NotFound(_))
    ));
}

#[tokio::test]
async fn a_completed_org_listing_marks_missing_organizations_deleted() {
    let (_p, store) = open_new().await;
    let acc = common::account(&store).await;
    let g1 = store.begin_org_listing(acc.id).await.unwrap();
    store
        .upsert_organizations(
            acc.id,
            g1,
            &[org(1, "zeta"), org(2, "Acme"), org(3, "beta")],
        )
        .await
        .unwrap();
    assert_eq!(store.finish_org_listing(acc.id, g1).await.unwrap(), 0);
    store
        .upsert_workspaces(
            acc.id,
            1,
            &[ws_record(2, 20, "one"), ws_record(2, 21, "two")],
        )
        .await
        .unwrap();

    let g2 = store.begin_org_listing(acc.id).await.unwrap();
    assert!(g2 > g1);
    let mut renamed = org(1, "Zeta Labs");
    renamed.role = None;
    store
        .upsert_organizations(acc.id, g2, &[org(2, "Acme"), renamed])
        .await
        .unwrap();
    assert_eq!(store.finish_org_listing(acc.id, g2).await.unwrap(), 1);

    let orgs = store.organizations(acc.id).await.unwrap();
    let names: Vec<&str> = orgs.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(
        names,
        ["Acme", "Zeta Labs"],
        "sorted without regard to case"
    );
    assert_eq!(orgs[0].workspace_count, 2);
    assert_eq!(orgs[1].workspace_count, 0);
    assert_eq!(
        orgs[1].role.as_deref(),
        Some("owner"),
        "a listing without a role keeps the known one"
    );

    // An organization that comes back is shown again.
    let g3 = store.begin_org_listing(acc.id).await.unwrap();
    store
        .upsert_organizations(
            acc.id,
            g3,
            &[org(1, "Zeta Labs"), org(2, "Acme"), org(3, "beta")],
        )
        .await
        .unwrap();
    assert_eq!(store.finish_org_listing(acc.id, g3).await.unwrap(), 0);
    assert_eq!(store.organizations(acc.id).await.unwrap().len(), 3);
}

#[tokio::test]
async fn a_pull_leaves_alone_workspaces_the_user_changed_or_created() {
    let (_p, store) = open_new().await;
    let acc = common::account(&store).await;
    store
        .upsert_organizations(acc.id, 1, &[org(1, "acme"), org(2, "Beta")])
        .await
        .unwrap();
    let g1 = store.begin_workspace_listing(acc.id).await.unwrap();
    store
        .upsert_workspaces(
            acc.id,
            g1,
            &[
                ws_record(1, 100, "alpha"),
                ws_record(1, 101, "edited"),
                ws_record(1, 102, "gone"),
                ws_record(2, 200, "other-org"),
                // Its organization is not known yet (no name to sort by).
                ws_record(3, 300, "aaa"),
            ],
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .finish_workspace_listing(acc.id, Some(1), g1)
            .await
            .unwrap(),
        0
    );
    let personal = store
        .ensure_personal_workspace(acc.id, "zoe")
        .await
        .unwrap();

    // The user edits one workspace (queued) and adds one the server does not have yet.
    let edited = store
        .workspace_local_id(acc.id, Some(101))
        .await
        .unwrap()
        .unwrap();
    let mut mine = ws_input("edited-by-me");
    mine.visibility = Visibility::Private;
    store
        .update_workspace_local(edited, &mine, &change(ChangeOp::Update, "edited-by-me"))
        .await
        .unwrap();
    let local = store
        .create_workspace_local(
            acc.id,
            1,
            &ws_input("brand-new"),
            &change(ChangeOp::Create, "brand-new"),
        )
        .await
        .unwrap();
    assert_eq!(local.workspace_id, None);

    // The next listing of org 1 renames "edited" on the server and no longer has "gone".
    let g2 = store.begin_workspace_listing(acc.id).await.unwrap();
    assert!(g2 > g1);
    let mut server_side = ws_record(1, 101, "renamed-on-server");
    server_side.full_name = Some("Server's full name".to_string());
    store
        .upsert_workspaces(acc.id, g2, &[ws_record(1, 100, "alpha"), server_side])
        .await
        .unwrap();
    assert_eq!(
        store
            .finish_workspace_listing(acc.id, Some(1), g2)
            .await
            .unwrap(),
        1,
        "only 'gone' is marked deleted"
    );
    let w = store.workspace(edited).await.unwrap();
    assert_eq!(w.name, "edited-by-me", "a queued change is not overwritten");
    assert_eq!(w.full_name.as_deref(), Some("edited-by-me (mine)"));
    assert_eq!(w.change_state, Some(ChangeState::Waiting));

    // A listing that returns neither keeps them: one has a queued change, one is not on the server yet.
    let g3 = store.begin_workspace_listing(acc.id).await.unwrap();
    store
        .upsert_workspaces(acc.id, g3, &[ws_record(1, 100, "alpha")])
        .await
        .unwrap();
    assert_eq!(
        store
            .finish_workspace_listing(acc.id, Some(1), g3)
            .await
            .unwrap(),
        0
    );

    let all = store.workspaces(acc.id, None).await.unwrap();
    let names: Vec<&str> = all.iter().map(|w| w.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "zoe",
            "aaa",
            "alpha",
            "brand-new",
            "edited-by-me",
            "other-org"
        ],
        "personal first, then by organization and name"
    );
    assert_eq!(all[0].id, personal);
    assert!(all[0].personal);
    assert_eq!(all[1].org_name, None);
    assert_eq!(all[2].org_name.as_deref(), Some("acme"));
    assert_eq!(all[5].org_name.as_deref(), Some("Beta"));
    assert!(
        !names.contains(&"gone"),
        "a workspace the server no longer lists is hidden"
    );
    let org1: Vec<String> = store
        .workspaces(acc.id, Some(1))
        .await
        .unwrap()
        .into_iter()
        .map(|w| w.name)
        .collect();
    assert_eq!(org1, ["alpha", "brand-new", "edited-by-me"]);
    assert_eq!(
        store
            .workspace_named(acc.id, 1, "ALPHA")
            .await
            .unwrap()
            .map(|w| w.id),
        store.workspace_local_id(acc.id, Some(100)).await.unwrap()
    );
    assert_eq!(
        store.workspace_named(acc.id, 1, "gone").await.unwrap(),
        None
    );
}

#[tokio::test]
async fn a_workspace_shows_where_its_queued_change_stands() {
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
    let plain = store.workspace(id).await.unwrap();
    assert_eq!(plain.change_state, None);
    assert_eq!(plain.change_message, None);
    assert_eq!(plain.role.as_deref(), Some("admin"));

    store
        .update_workspace_local(
            id,
            &ws_input("alpha-2"),
            &change(ChangeOp::Update, "alpha-2"),
        )
        .await
        .unwrap();
    let change_id = store.outbox(acc.id).await.unwrap()[0].id;
    let w = store.workspace(id).await.unwrap();
    assert_eq!(w.change_state, Some(ChangeState::Waiting));
    assert_eq!(w.change_message, None);

    store
        .set_change_state(
            change_id,
            ChangeState::Conflict,
            Some("Changed on the server by bob"),
        )
        .await
        .unwrap();
    let w = store.workspace(id).await.unwrap();
    assert_eq!(w.change_state, Some(ChangeState::Conflict));
    assert_eq!(
        w.change_message.as_deref(),
        Some("Changed on the server by bob")
    );

    // A newer plain edit queued behind it does not hide the conflict.
    store
        .update_workspace_local(
            id,
            &ws_input("alpha-3"),
            &change(ChangeOp::Update, "alpha-3"),
        )
        .await
        .unwrap();
    let w = store.workspace(id).await.unwrap();
    assert_eq!(w.change_state, Some(ChangeState::Conflict));

    store
        .set_change_state(change_id, ChangeState::Rejected, Some("Name already taken"))
        .await
        .unwrap();
    let w = store.workspace(id).await.unwrap();
    assert_eq!(w.change_state, Some(ChangeState::Rejected));
    assert_eq!(w.change_message.as_deref(), Some("Name already taken"));
    assert_eq!(w.name, "alpha-3");

    // The role the org listing does not carry is kept.
    let mut no_role = ws_record(1, 100, "alpha");
    no_role.role = None;
    store
        .upsert_workspaces(acc.id, 2, &[no_role])
        .await
        .unwrap();
    assert_eq!(
        store.workspace(id).await.unwrap().role.as_deref(),
        Some("admin")
    );
}
