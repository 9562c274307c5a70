//! The spend summary the triggers keep, checked against sums worked out by hand. All amounts are
//! exact binary fractions, so the sums are compared exactly.

use towerdesk_store::{OrgRecord, SpendRow, WorkspaceListing};

use crate::common::{self, open_new, run, ws_record};

#[allow(clippy::too_many_arguments)]
fn row(
    ws: i64,
    workspace_ref: &str,
    month: &str,
    runs: i64,
    cost: f64,
    estimated: (i64, f64, f64),
    cpu_hours: f64,
    memory_gib_hours: f64,
) -> SpendRow {
    SpendRow {
        workspace_local_id: ws,
        workspace_ref: workspace_ref.to_string(),
        month: month.to_string(),
        runs,
        cost,
        estimated_runs: estimated.0,
        estimated_cpu_hours: estimated.1,
        estimated_mem_hours: estimated.2,
        cpu_hours,
        memory_gib_hours,
    }
}

#[tokio::test]
async fn spend_follows_inserts_updates_deletions_and_moves_between_months() {
    let (_p, store) = open_new().await;
    let acc = common::account(&store).await;
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
        .upsert_workspaces(acc.id, 1, &[ws_record(1, 100, "alpha")])
        .await
        .unwrap();
    let w = store
        .workspace_local_id(acc.id, Some(100))
        .await
        .unwrap()
        .unwrap();
    let personal = store
        .ensure_personal_workspace(acc.id, "ada")
        .await
        .unwrap();

    let jan = Some("2026-01-10T09:00:00Z");
    let jan_late = Some("2026-01-20T09:00:00Z");
    let jan_early = Some("2026-01-05T09:00:00Z");
    let feb = Some("2026-02-01T09:00:00Z");
    let feb_mid = Some("2026-02-15T09:00:00Z");
    let feb_late = Some("2026-02-20T09:00:00Z");
    let mar = Some("2026-03-01T09:00:00Z");

    let g1 = store
        .begin_listing(WorkspaceListing::Runs, w)
        .await
        .unwrap();
    store
        .upsert_runs(
            w,
            g1,
            &[
                run("r1", jan, Some(1.5), 2.0, 4.0),
                run("r2", jan_late, None, 3.0, 6.0),
                run("r3", feb, Some(2.25), 1.0, 1.0),
                run("r4", feb_mid, None, 0.5, 0.25),
                run("r5", feb_late, None, 4.0, 8.0),
                run("r6", jan_early, Some(10.0), 1.0, 1.0),
                run("r7", None, Some(0.5), 0.0, 0.0),
            ],
        )
        .await
        .unwrap();
    store
        .upsert_runs(personal, 1, &[run("p1", jan, None, 1.25, 2.5)])
        .await
        .unwrap();

    assert_eq!(
        store.spend(Some(acc.id)).await.unwrap(),
        [
            row(
                w,
                "acme/alpha",
                "2026-01",
                3,
                11.5,
                (1, 3.0, 6.0),
                6.0,
                11.0
            ),
            row(
                personal,
                "ada",
                "2026-01",
                1,
                0.0,
                (1, 1.25, 2.5),
                1.25,
                2.5
            ),
            row(
                w,
                "acme/alpha",
                "2026-02",
                3,
                2.25,
                (2, 4.5, 8.25),
                5.5,
                9.25
            ),
            row(w, "acme/alpha", "unknown", 1, 0.5, (0, 0.0, 0.0), 0.0, 0.0),
        ]
    );

    // r6 is removed outright; r2 gets its cost from the server; r4 moves to March; the next
    // completed listing no longer has r5.
    sqlx::query("DELETE FROM runs WHERE workflow_id = 'r6'")
        .execute(store.pool())
        .await
        .unwrap();
    let g2 = store
        .begin_listing(WorkspaceListing::Runs, w)
        .await
        .unwrap();
    store
        .upsert_runs(
            w,
            g2,
            &[
                run("r1", jan, Some(1.5), 2.0, 4.0),
                run("r2", jan_late, Some(0.75), 3.0, 6.0),
                run("r3", feb, Some(2.25), 1.0, 1.0),
                run("r4", mar, None, 0.5, 0.25),
                run("r7", None, Some(0.5), 0.0, 0.0),
            ],
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .finish_listing(WorkspaceListing::Runs, w, g2)
            .await
            .unwrap(),
        1
    );

    let expected = [
        row(
            w,
            "acme/alpha",
            "2026-01",
            2,
            2.25,
            (0, 0.0, 0.0),
            5.0,
            10.0,
        ),
        row(
            personal,
            "ada",
            "2026-01",
            1,
            0.0,
            (1, 1.25, 2.5),
            1.25,
            2.5,
        ),
        row(w, "acme/alpha", "2026-02", 1, 2.25, (0, 0.0, 0.0), 1.0, 1.0),
        row(
            w,
            "acme/alpha",
            "2026-03",
            1,
            0.0,
            (1, 0.5, 0.25),
            0.5,
            0.25,
        ),
        row(w, "acme/alpha", "unknown", 1, 0.5, (0, 0.0, 0.0), 0.0, 0.0),
    ];
    assert_eq!(store.spend(Some(acc.id)).await.unwrap(), expected);
    assert_eq!(store.spend(None).await.unwrap(), expected);
    assert_eq!(
        store
            .runs(w, 100)
            .await
            .unwrap()
            .iter()
            .map(|r| r.workflow_id.as_str())
            .collect::<Vec<_>>(),
        ["r4", "r3", "r2", "r1", "r7"],
        "newest first, deleted runs hidden"
    );
    let r4 = store.runs(w, 1).await.unwrap().remove(0);
    assert!(r4.cost_is_estimate);

    // r5 comes back in a later listing: it counts again.
    let g3 = store
        .begin_listing(WorkspaceListing::Runs, w)
        .await
        .unwrap();
    store
        .upsert_runs(w, g3, &[run("r5", feb_late, None, 4.0, 8.0)])
        .await
        .unwrap();
    let spend = store.spend(Some(acc.id)).await.unwrap();
    assert_eq!(
        spend[2],
        row(w, "acme/alpha", "2026-02", 2, 2.25, (1, 4.0, 8.0), 5.0, 9.0)
    );

    // Another account's spend is its own; a deleted workspace's spend is not shown.
    let other = store
        .upsert_account(
            "https://other.example.org",
            5,
            "bob",
            None,
            "Bob",
            towerdesk_store::AccountKind::Keyring,
        )
        .await
        .unwrap();
    assert!(store.spend(Some(other.id)).await.unwrap().is_empty());
    let g = store.begin_workspace_listing(acc.id).await.unwrap();
    assert_eq!(
        store
            .finish_workspace_listing(acc.id, Some(1), g)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store.spend(Some(acc.id)).await.unwrap(),
        [row(
            personal,
            "ada",
            "2026-01",
            1,
            0.0,
            (1, 1.25, 2.5),
            1.25,
            2.5
        )]
    );
}
