//! What a cheap resync relies on: an organization's shared pipelines linked to all its workspaces
//! from one listing, a page of runs recognised as nothing new, and cursors of completed listings.

use towerdesk_store::{OrgRecord, PipelinesFrom, Shares, Store};

use crate::common::{self, open_new, pipeline, run, ws_record};

async fn launchpad(store: &Store, ws: i64) -> Vec<(String, bool)> {
    store
        .pipelines(ws, PipelinesFrom::ThisAndShared, None)
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.name, p.shared))
        .collect()
}

fn org(id: i64, name: &str) -> OrgRecord {
    OrgRecord {
        org_id: id,
        name: name.to_string(),
        full_name: None,
        description: None,
        logo_url: None,
        role: None,
    }
}

#[tokio::test]
async fn one_shared_listing_links_an_organizations_pipelines_to_all_its_workspaces() {
    let (_p, store) = open_new().await;
    let acc = common::account(&store).await;
    store
        .upsert_organizations(acc.id, 1, &[org(1, "acme"), org(2, "other")])
        .await
        .unwrap();
    store
        .upsert_workspaces(
            acc.id,
            1,
            &[
                ws_record(1, 100, "hub"),
                ws_record(1, 200, "lab-a"),
                ws_record(1, 300, "lab-b"),
                ws_record(2, 400, "elsewhere"),
            ],
        )
        .await
        .unwrap();
    let local = |id| {
        let store = store.clone();
        let acc = acc.id;
        async move {
            store
                .workspace_local_id(acc, Some(id))
                .await
                .unwrap()
                .unwrap()
        }
    };
    let (hub, lab_a, lab_b, elsewhere) = (
        local(100).await,
        local(200).await,
        local(300).await,
        local(400).await,
    );
    let hub_ref = ("acme", "hub");
    let rnaseq = pipeline(1, Some(100), hub_ref, "rnaseq", None, None);
    let sarek = pipeline(2, Some(100), hub_ref, "sarek", None, None);
    let own_b = pipeline(3, Some(300), ("acme", "lab-b"), "lab-b-only", None, None);

    let g = store.begin_pipeline_listing(acc.id).await.unwrap();
    store
        .upsert_pipelines(acc.id, Shares::None, g, std::slice::from_ref(&own_b))
        .await
        .unwrap();
    store
        .finish_pipeline_listing(acc.id, Some(300), g)
        .await
        .unwrap();
    let g = store.begin_pipeline_listing(acc.id).await.unwrap();
    store
        .upsert_pipelines(
            acc.id,
            Shares::AcrossOrg { org_id: 1 },
            g,
            &[rnaseq.clone(), sarek.clone()],
        )
        .await
        .unwrap();
    assert_eq!(store.finish_org_shares(acc.id, 1, g).await.unwrap(), 0);

    let shared = |n: &str| (n.to_string(), true);
    assert_eq!(
        launchpad(&store, lab_a).await,
        [shared("rnaseq"), shared("sarek")]
    );
    assert_eq!(
        launchpad(&store, lab_b).await,
        [
            ("lab-b-only".to_string(), false),
            shared("rnaseq"),
            shared("sarek")
        ]
    );
    // The hub owns them: they are its own, not shared with itself.
    assert_eq!(
        launchpad(&store, hub).await,
        [("rnaseq".to_string(), false), ("sarek".to_string(), false)]
    );
    // Another organization sees none of them.
    assert!(launchpad(&store, elsewhere).await.is_empty());

    // The next shared listing no longer has sarek: it goes from every workspace of the org.
    let g = store.begin_pipeline_listing(acc.id).await.unwrap();
    store
        .upsert_pipelines(acc.id, Shares::AcrossOrg { org_id: 1 }, g, &[rnaseq])
        .await
        .unwrap();
    assert_eq!(store.finish_org_shares(acc.id, 1, g).await.unwrap(), 2);
    assert_eq!(launchpad(&store, lab_a).await, [shared("rnaseq")]);
    assert_eq!(
        launchpad(&store, lab_b).await,
        [("lab-b-only".to_string(), false), shared("rnaseq")]
    );
}

#[tokio::test]
async fn a_page_of_known_finished_runs_is_nothing_new() {
    let (_p, store) = open_new().await;
    let acc = common::account(&store).await;
    store
        .upsert_workspaces(acc.id, 1, &[ws_record(1, 100, "lab")])
        .await
        .unwrap();
    let ws = store
        .workspace_local_id(acc.id, Some(100))
        .await
        .unwrap()
        .unwrap();
    let finished = |id: &str, status: &str| {
        let mut r = run(id, Some("2026-11-01T10:00:00Z"), None, 1.0, 1.0);
        r.status = status.to_string();
        r.complete = Some("2026-11-01T11:00:00Z".to_string());
        r
    };
    let page = [finished("a", "succeeded"), finished("b", "failed")];
    assert!(
        !store.runs_settled(ws, &page).await.unwrap(),
        "runs not seen before are new"
    );
    let g = store
        .begin_listing(towerdesk_store::WorkspaceListing::Runs, ws)
        .await
        .unwrap();
    store.upsert_runs(ws, g, &page).await.unwrap();
    assert!(store.runs_settled(ws, &page).await.unwrap());
    assert!(store.runs_settled(ws, &[]).await.unwrap());

    // A new run, a status that moved on, or a run still going: not settled.
    let with_new = [finished("c", "succeeded"), finished("a", "succeeded")];
    assert!(!store.runs_settled(ws, &with_new).await.unwrap());
    let moved = [finished("a", "cancelled")];
    assert!(!store.runs_settled(ws, &moved).await.unwrap());
    let mut running = finished("b", "running");
    running.complete = None;
    store
        .upsert_runs(ws, g, std::slice::from_ref(&running))
        .await
        .unwrap();
    assert!(
        !store
            .runs_settled(ws, std::slice::from_ref(&running))
            .await
            .unwrap()
    );

    // A page of newer finished runs is not the end while an older run here is still going.
    let mut newer = finished("d", "succeeded");
    newer.submitted = Some("2026-11-02T10:00:00Z".to_string());
    store
        .upsert_runs(ws, g, std::slice::from_ref(&newer))
        .await
        .unwrap();
    assert!(
        !store
            .runs_settled(ws, std::slice::from_ref(&newer))
            .await
            .unwrap()
    );
    let mut done = running.clone();
    done.status = "succeeded".to_string();
    done.complete = Some("2026-11-01T12:00:00Z".to_string());
    store.upsert_runs(ws, g, &[done]).await.unwrap();
    assert!(store.runs_settled(ws, &[newer]).await.unwrap());
}

#[tokio::test]
async fn cursors_remember_when_a_listing_completed() {
    let (_p, store) = open_new().await;
    let acc = common::account(&store).await;
    assert_eq!(store.cursor(acc.id, "runs:1").await.unwrap(), None);
    store.set_cursor(acc.id, "runs:1", 42).await.unwrap();
    let at = store
        .cursor(acc.id, "runs:1")
        .await
        .unwrap()
        .expect("recorded");
    let t = chrono::DateTime::parse_from_rfc3339(&at).expect("an RFC 3339 time");
    assert!(
        (chrono::Utc::now() - t.with_timezone(&chrono::Utc))
            .num_seconds()
            .abs()
            < 60
    );
    assert_eq!(store.cursor(acc.id, "workspace:1").await.unwrap(), None);
    store.clear_cursors(acc.id).await.unwrap();
    assert_eq!(store.cursor(acc.id, "runs:1").await.unwrap(), None);
}
