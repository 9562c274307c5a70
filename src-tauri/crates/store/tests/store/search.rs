//! Search across everything kept here: each kind found by what a person would type, where it
//! lives, a shared pipeline once, deleted rows never, and `%` / `_` taken literally.

use towerdesk_store::{
    LabelRecord, OrgRecord, ParticipantRecord, SearchHit, Shares, Store, WorkspaceListing,
};

use crate::common::{self, open_new, pipeline, run, ws_record};

fn found(hits: &[SearchHit]) -> Vec<(String, String, String, i64)> {
    hits.iter()
        .map(|h| (h.kind.clone(), h.title.clone(), h.place.clone(), h.rank))
        .collect()
}

async fn find(store: &Store, q: &str) -> Vec<(String, String, String, i64)> {
    found(&store.search(q, 8).await.unwrap())
}

fn t(kind: &str, title: &str, place: &str, rank: i64) -> (String, String, String, i64) {
    (kind.into(), title.into(), place.into(), rank)
}

#[tokio::test]
async fn everything_is_found_by_name_where_it_lives() {
    let (_p, store) = open_new().await;
    let acc = common::account(&store).await;
    let org = |org_id, name: &str| OrgRecord {
        org_id,
        name: name.to_string(),
        full_name: Some(format!("{name} full name")),
        description: None,
        logo_url: None,
        role: None,
    };
    store
        .upsert_organizations(acc.id, 1, &[org(1, "acme"), org(2, "beta-lab")])
        .await
        .unwrap();
    store
        .upsert_workspaces(
            acc.id,
            1,
            &[
                ws_record(1, 100, "production"),
                ws_record(1, 101, "shared-pipelines"),
                ws_record(2, 200, "research"),
            ],
        )
        .await
        .unwrap();
    let ws = |id| {
        let store = store.clone();
        async move {
            store
                .workspace_local_id(acc.id, Some(id))
                .await
                .unwrap()
                .unwrap()
        }
    };
    let (prod, shared, research) = (ws(100).await, ws(101).await, ws(200).await);

    // nf-core-sarek lives in shared-pipelines and is shared into production: found once, there.
    let sarek = pipeline(
        7,
        Some(101),
        ("acme", "shared-pipelines"),
        "nf-core-sarek",
        Some("Variant calling"),
        Some("https://github.com/nf-core/sarek"),
    );
    let g = store.begin_pipeline_listing(acc.id).await.unwrap();
    store
        .upsert_pipelines(acc.id, Shares::AcrossOrg { org_id: 1 }, g, &[sarek])
        .await
        .unwrap();
    let mut lab = pipeline(
        8,
        Some(200),
        ("beta-lab", "research"),
        "100%_pure",
        None,
        Some("https://github.com/beta/pure"),
    );
    lab.labels = vec!["somatic".into()];
    store
        .upsert_pipelines(acc.id, Shares::None, g, &[lab])
        .await
        .unwrap();

    let g = store
        .begin_listing(WorkspaceListing::Runs, prod)
        .await
        .unwrap();
    let mut failed = run("w1", Some("2026-03-01T00:00:00Z"), None, 1.0, 1.0);
    failed.run_name = "sarek_tumour".into();
    // Statuses are kept in lower case (towerdesk-core writes them so).
    failed.status = "failed".into();
    failed.project_name = Some("nf-core/sarek".into());
    let mut older = run("w2", Some("2026-01-01T00:00:00Z"), None, 1.0, 1.0);
    older.run_name = "happy_turing".into();
    older.project_name = Some("nf-core/sarek".into());
    store.upsert_runs(prod, g, &[failed, older]).await.unwrap();

    let g = store
        .begin_listing(WorkspaceListing::Participants, research)
        .await
        .unwrap();
    store
        .upsert_participants(
            research,
            g,
            &[ParticipantRecord {
                participant_id: 1,
                kind: "MEMBER".into(),
                member_id: Some(11),
                team_id: None,
                user_name: Some("ada".into()),
                name: "Ada Lovelace".into(),
                email: Some("ada@beta.org".into()),
                role: "maintain".into(),
            }],
        )
        .await
        .unwrap();
    let g = store
        .begin_listing(WorkspaceListing::Labels, shared)
        .await
        .unwrap();
    store
        .upsert_labels(
            shared,
            g,
            &[LabelRecord {
                label_id: 5,
                name: "sarek".into(),
                value: None,
                resource: false,
                is_default: false,
            }],
        )
        .await
        .unwrap();

    assert_eq!(
        find(&store, "SAREK").await,
        [
            t("pipeline", "nf-core-sarek", "acme/shared-pipelines", 2),
            // The run's name starts with it; the older run, of nf-core/sarek too, is not found by
            // its pipeline (the pipeline is).
            t("run", "sarek_tumour", "acme/production", 1),
            t("label", "sarek", "acme/shared-pipelines", 0),
        ]
    );
    assert_eq!(
        find(&store, "acme").await,
        [t("organization", "acme", "acme", 0)]
    );
    assert_eq!(
        find(&store, "prod").await,
        [
            t("workspace", "production", "acme/production", 1),
            // Its label, prod.
            t("pipeline", "nf-core-sarek", "acme/shared-pipelines", 3),
        ]
    );
    // A status finds the runs in it; an e-mail its participant; a label its pipeline.
    assert_eq!(
        find(&store, "failed").await,
        [t("run", "sarek_tumour", "acme/production", 2)]
    );
    assert_eq!(
        find(&store, "ada@beta").await,
        [t("participant", "Ada Lovelace", "beta-lab/research", 3)]
    );
    assert_eq!(
        find(&store, "somatic").await,
        [t("pipeline", "100%_pure", "beta-lab/research", 3)]
    );
    // % and _ are the characters typed, not wildcards.
    assert_eq!(
        find(&store, "0%_").await,
        [t("pipeline", "100%_pure", "beta-lab/research", 2)]
    );
    assert!(find(&store, "%").await.iter().all(|h| h.1.contains('%')));
    assert!(find(&store, "   ").await.is_empty());
    assert!(find(&store, "no-such-thing").await.is_empty());

    // Each hit says where to open it.
    let hits = store.search("nf-core-sarek", 8).await.unwrap();
    assert_eq!(hits[0].workspace_id, Some(shared));
    assert_eq!(hits[0].org_id, Some(1));
    assert_eq!(hits[0].account_id, acc.id);
    assert_eq!(
        hits[0].detail.as_deref(),
        Some("https://github.com/nf-core/sarek")
    );
}
