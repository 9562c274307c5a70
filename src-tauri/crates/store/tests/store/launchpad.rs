//! The Launchpad: a workspace's own pipelines, and those shared into it.

use towerdesk_store::{
    ChangeOp, OrgRecord, Pipeline, PipelinesFrom, Shares, Store, WorkspaceListing,
};

use crate::common::{self, change, open_new, pipeline, ws_input, ws_record};

fn names(list: &[Pipeline]) -> Vec<&str> {
    list.iter().map(|p| p.name.as_str()).collect()
}

async fn search(store: &Store, ws: i64, text: &str) -> Vec<String> {
    store
        .pipelines(ws, PipelinesFrom::ThisAndShared, Some(text))
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect()
}

#[tokio::test]
async fn own_and_shared_pipelines_are_listed_searched_and_pruned() {
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
        .upsert_workspaces(
            acc.id,
            1,
            &[ws_record(1, 100, "alpha-ws"), ws_record(1, 200, "beta-ws")],
        )
        .await
        .unwrap();
    let a = store
        .workspace_local_id(acc.id, Some(100))
        .await
        .unwrap()
        .unwrap();
    let b = store
        .workspace_local_id(acc.id, Some(200))
        .await
        .unwrap()
        .unwrap();
    let owner_a = ("acme", "alpha-ws");
    let owner_b = ("acme", "beta-ws");
    let rnaseq = pipeline(
        1,
        Some(100),
        owner_a,
        "rnaseq",
        Some("RNA sequencing"),
        Some("https://github.com/nf-core/rnaseq"),
    );
    let sarek = pipeline(
        2,
        Some(100),
        owner_a,
        "Sarek_v2",
        None,
        Some("https://github.com/acme/100%-pure"),
    );
    let viralrecon = pipeline(3, Some(200), owner_b, "viralrecon", None, None);
    let mut methylseq = pipeline(
        4,
        Some(200),
        owner_b,
        "methylseq",
        Some("Bisulfite sequencing"),
        None,
    );
    methylseq.labels = vec!["epigenetics".to_string()];

    // A's own listing, then A's "This and shared workspaces" listing, then B's own listing.
    let g = store.begin_pipeline_listing(acc.id).await.unwrap();
    store
        .upsert_pipelines(acc.id, Shares::None, g, &[rnaseq.clone(), sarek.clone()])
        .await
        .unwrap();
    assert_eq!(
        store
            .finish_pipeline_listing(acc.id, Some(100), g)
            .await
            .unwrap(),
        0
    );
    let gs = store
        .begin_listing(WorkspaceListing::PipelineShares, a)
        .await
        .unwrap();
    store
        .upsert_pipelines(
            acc.id,
            Shares::Into {
                workspace: a,
                workspace_id: Some(100),
            },
            gs,
            &[
                rnaseq.clone(),
                sarek.clone(),
                viralrecon.clone(),
                methylseq.clone(),
            ],
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .finish_listing(WorkspaceListing::PipelineShares, a, gs)
            .await
            .unwrap(),
        0
    );
    let gb = store.begin_pipeline_listing(acc.id).await.unwrap();
    store
        .upsert_pipelines(
            acc.id,
            Shares::None,
            gb,
            &[viralrecon.clone(), methylseq.clone()],
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .finish_pipeline_listing(acc.id, Some(200), gb)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        common::scalar_i64(&store, "SELECT COUNT(*) FROM pipelines").await,
        4,
        "a pipeline is stored once, however many workspaces see it"
    );

    let own = store
        .pipelines(a, PipelinesFrom::ThisWorkspace, None)
        .await
        .unwrap();
    assert_eq!(names(&own), ["rnaseq", "Sarek_v2"]);
    assert!(
        own.iter()
            .all(|p| !p.shared && p.workspace_ref == "acme/alpha-ws")
    );
    assert_eq!(own[0].pipeline_id, Some(1));
    assert_eq!(own[0].labels, ["prod"]);
    assert_eq!(own[0].compute_env_name.as_deref(), Some("aws-batch"));

    let all = store
        .pipelines(a, PipelinesFrom::ThisAndShared, None)
        .await
        .unwrap();
    assert_eq!(
        names(&all),
        ["methylseq", "rnaseq", "Sarek_v2", "viralrecon"]
    );
    for p in &all {
        let from_b = p.name == "methylseq" || p.name == "viralrecon";
        assert_eq!(p.shared, from_b, "{}", p.name);
        let expected = if from_b {
            "acme/beta-ws"
        } else {
            "acme/alpha-ws"
        };
        assert_eq!(p.workspace_ref, expected, "{}", p.name);
    }
    let b_own = store
        .pipelines(b, PipelinesFrom::ThisAndShared, None)
        .await
        .unwrap();
    assert_eq!(
        names(&b_own),
        ["methylseq", "viralrecon"],
        "nothing is shared into B"
    );
    assert!(b_own.iter().all(|p| !p.shared));

    // Search: name, description, repository, labels, without regard to case; % and _ are literal.
    assert_eq!(search(&store, a, "EPIGEN").await, ["methylseq"]);
    assert_eq!(
        search(&store, a, "prod").await,
        ["rnaseq", "Sarek_v2", "viralrecon"]
    );
    assert_eq!(search(&store, a, "RNASEQ").await, ["rnaseq"]);
    assert_eq!(search(&store, a, "  bisulfite ").await, ["methylseq"]);
    assert_eq!(search(&store, a, "github.com/acme").await, ["Sarek_v2"]);
    assert_eq!(search(&store, a, "%").await, ["Sarek_v2"]);
    assert_eq!(search(&store, a, "_").await, ["Sarek_v2"]);
    assert_eq!(search(&store, a, "100%-").await, ["Sarek_v2"]);
    assert_eq!(search(&store, a, "r_aseq").await, Vec::<String>::new());
    assert_eq!(search(&store, a, "seq").await, ["methylseq", "rnaseq"]);
    assert_eq!(
        search(&store, a, "   ").await.len(),
        4,
        "blank search is no filter"
    );
    assert_eq!(
        names(
            &store
                .pipelines(a, PipelinesFrom::ThisWorkspace, Some("seq"))
                .await
                .unwrap()
        ),
        ["rnaseq"]
    );

    // A's next own listing no longer has rnaseq: it is gone, from both of A's views.
    let g2 = store.begin_pipeline_listing(acc.id).await.unwrap();
    assert!(g2 > gb);
    store
        .upsert_pipelines(acc.id, Shares::None, g2, std::slice::from_ref(&sarek))
        .await
        .unwrap();
    assert_eq!(
        store
            .finish_pipeline_listing(acc.id, Some(100), g2)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        names(
            &store
                .pipelines(a, PipelinesFrom::ThisWorkspace, None)
                .await
                .unwrap()
        ),
        ["Sarek_v2"]
    );
    assert_eq!(
        names(
            &store
                .pipelines(b, PipelinesFrom::ThisWorkspace, None)
                .await
                .unwrap()
        ),
        ["methylseq", "viralrecon"],
        "another workspace's listing is not touched"
    );

    // A's next shared listing no longer has methylseq: the link goes, the pipeline stays B's.
    let gs2 = store
        .begin_listing(WorkspaceListing::PipelineShares, a)
        .await
        .unwrap();
    assert!(gs2 > gs);
    store
        .upsert_pipelines(
            acc.id,
            Shares::Into {
                workspace: a,
                workspace_id: Some(100),
            },
            gs2,
            &[sarek.clone(), viralrecon.clone()],
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .finish_listing(WorkspaceListing::PipelineShares, a, gs2)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        names(
            &store
                .pipelines(a, PipelinesFrom::ThisAndShared, None)
                .await
                .unwrap()
        ),
        ["Sarek_v2", "viralrecon"]
    );
    assert_eq!(
        names(
            &store
                .pipelines(b, PipelinesFrom::ThisWorkspace, None)
                .await
                .unwrap()
        ),
        ["methylseq", "viralrecon"]
    );

    // B deletes viralrecon: A no longer sees it as shared either.
    let g3 = store.begin_pipeline_listing(acc.id).await.unwrap();
    store
        .upsert_pipelines(acc.id, Shares::None, g3, std::slice::from_ref(&methylseq))
        .await
        .unwrap();
    assert_eq!(
        store
            .finish_pipeline_listing(acc.id, Some(200), g3)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        names(
            &store
                .pipelines(a, PipelinesFrom::ThisAndShared, None)
                .await
                .unwrap()
        ),
        ["Sarek_v2"]
    );
}

#[tokio::test]
async fn the_personal_workspace_has_its_own_pipelines_and_a_local_workspace_has_none() {
    let (_p, store) = open_new().await;
    let acc = common::account(&store).await;
    let personal = store
        .ensure_personal_workspace(acc.id, "ada")
        .await
        .unwrap();
    let mut mine = pipeline(
        10,
        None,
        ("", ""),
        "hello",
        None,
        Some("https://github.com/nextflow-io/hello"),
    );
    mine.org_name = None;
    mine.workspace_name = None;
    let g = store.begin_pipeline_listing(acc.id).await.unwrap();
    store
        .upsert_pipelines(acc.id, Shares::None, g, &[mine])
        .await
        .unwrap();

    let list = store
        .pipelines(personal, PipelinesFrom::ThisAndShared, None)
        .await
        .unwrap();
    assert_eq!(names(&list), ["hello"]);
    assert_eq!(list[0].workspace_ref, "ada");
    assert!(!list[0].shared);

    // A workspace created here but not yet on the server has no server id: it must not show
    // the personal workspace's pipelines (whose server workspace id is also absent).
    let local = store
        .create_workspace_local(
            acc.id,
            1,
            &ws_input("draft"),
            &change(ChangeOp::Create, "draft"),
        )
        .await
        .unwrap();
    assert!(
        store
            .pipelines(local.id, PipelinesFrom::ThisAndShared, None)
            .await
            .unwrap()
            .is_empty()
    );
}
