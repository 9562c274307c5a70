//! Launch drafts and queued launches: a half-filled launch form is kept as a `launch` draft and
//! found again for its pipeline; launching queues the change naming the draft, in one
//! transaction; the draft is published when the server has the run and a draft again when the
//! launch is let go. The pipeline is seen from the launching workspace: own or shared into it.

use towerdesk_store::{
    ChangeOp, LaunchInput, LaunchPayload, NewChange, OrgRecord, Shares, Store, WorkspaceListing,
};

use crate::common::{self, open_new, pipeline, ws_record};

/// Workspaces alpha (private, id 100) and shared (id 200) of org acme; rnaseq belongs to alpha,
/// viralrecon (with a compute environment) to shared and is shared into alpha. Returns (account,
/// alpha, shared, rnaseq's local id, viralrecon's local id).
async fn world(store: &Store) -> (i64, i64, i64, i64, i64) {
    let acc = common::account(store).await;
    store
        .upsert_organizations(
            acc.id,
            1,
            &[OrgRecord {
                org_id: 1,
                name: "acme".into(),
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
            &[ws_record(1, 100, "alpha"), ws_record(1, 200, "shared")],
        )
        .await
        .unwrap();
    let alpha = store
        .workspace_local_id(acc.id, Some(100))
        .await
        .unwrap()
        .unwrap();
    let shared = store
        .workspace_local_id(acc.id, Some(200))
        .await
        .unwrap()
        .unwrap();
    let rnaseq = pipeline(1, Some(100), ("acme", "alpha"), "rnaseq", None, None);
    let mut viral = pipeline(2, Some(200), ("acme", "shared"), "viralrecon", None, None);
    viral.compute_env_id = Some("ce-shared".into());
    let g = store.begin_pipeline_listing(acc.id).await.unwrap();
    store
        .upsert_pipelines(acc.id, Shares::None, g, &[rnaseq])
        .await
        .unwrap();
    let gs = store
        .begin_listing(WorkspaceListing::PipelineShares, alpha)
        .await
        .unwrap();
    store
        .upsert_pipelines(
            acc.id,
            Shares::Into {
                workspace: alpha,
                workspace_id: Some(100),
            },
            gs,
            &[viral],
        )
        .await
        .unwrap();
    let list = store
        .pipelines(alpha, towerdesk_store::PipelinesFrom::ThisAndShared, None)
        .await
        .unwrap();
    let id = |n: &str| list.iter().find(|p| p.name == n).unwrap().id;
    (acc.id, alpha, shared, id("rnaseq"), id("viralrecon"))
}

fn launch_change(run_name: &str) -> NewChange {
    let payload = LaunchPayload {
        workspace_id: Some(100),
        source_workspace_id: Some(200),
        pipeline_id: 2,
        pipeline_name: "viralrecon".into(),
        run_name: run_name.into(),
        compute_env_id: Some("ce-shared".into()),
        labels: vec![],
        work_dir: None,
        revision: None,
        config_profiles: vec![],
        params_text: None,
        pre_run_script: None,
        post_run_script: None,
        config_text: None,
        stub_run: false,
    };
    NewChange::of(
        ChangeOp::Create,
        &payload,
        Some(run_name.into()),
        None,
        format!("Launch viralrecon as {run_name} in alpha"),
    )
}

#[tokio::test]
async fn a_pipeline_is_seen_from_the_launching_workspace() {
    let (_p, store) = open_new().await;
    let (_acc, alpha, shared, rnaseq, viral) = world(&store).await;
    let own = store.launch_pipeline(alpha, rnaseq).await.unwrap();
    assert!(!own.shared);
    assert_eq!(own.owner_workspace_id, Some(100));
    let sh = store.launch_pipeline(alpha, viral).await.unwrap();
    assert!(sh.shared);
    assert_eq!(
        (
            sh.owner_workspace_id,
            sh.owner_ref.as_str(),
            sh.compute_env_id.as_deref()
        ),
        (Some(200), "acme/shared", Some("ce-shared"))
    );
    // The shared workspace does not see alpha's own pipeline.
    assert!(store.launch_pipeline(shared, rnaseq).await.is_err());
}

#[tokio::test]
async fn a_launch_draft_is_kept_queued_published_and_let_go() {
    let (_p, store) = open_new().await;
    let (acc, alpha, _shared, _rnaseq, viral) = world(&store).await;
    let mut input = LaunchInput {
        pipeline_id: viral,
        run_name: "grave_williams".into(),
        params_text: Some("input: a.csv\n".into()),
        ..LaunchInput::default()
    };
    assert!(
        store
            .launch_draft_for(alpha, viral)
            .await
            .unwrap()
            .is_none()
    );
    let id = store
        .save_launch_draft(acc, alpha, None, &input)
        .await
        .unwrap();
    input.params_text = Some("input: b.csv\n".into());
    assert_eq!(
        store
            .save_launch_draft(acc, alpha, Some(id), &input)
            .await
            .unwrap(),
        id,
        "the same draft, rewritten"
    );
    let draft = store.launch_draft_for(alpha, viral).await.unwrap().unwrap();
    assert_eq!((draft.id, draft.state.as_str()), (id, "draft"));
    assert_eq!(draft.input, input);
    assert_eq!(draft.title, "grave_williams");

    let (same, change) = store
        .queue_launch(
            acc,
            alpha,
            Some(id),
            &input,
            &launch_change("grave_williams"),
        )
        .await
        .unwrap();
    assert_eq!(same, id);
    assert_eq!(store.launch_draft(id).await.unwrap().state, "waiting");
    assert!(
        store
            .launch_draft_for(alpha, viral)
            .await
            .unwrap()
            .is_none(),
        "a queued launch is not the form's draft any more"
    );
    let row = store.outbox_row(change).await.unwrap();
    assert_eq!(row.local_id, Some(id));
    let payload: LaunchPayload = row.payload_as().unwrap();
    assert_eq!(payload.source_workspace_id, Some(200));
    // A later save of the same form makes a new draft: the queued one is on its way.
    let other = store
        .save_launch_draft(acc, alpha, Some(id), &input)
        .await
        .unwrap();
    assert_ne!(other, id);

    store.complete_change(change, None, None).await.unwrap();
    assert_eq!(store.launch_draft(id).await.unwrap().state, "published");
    assert!(store.outbox(acc).await.unwrap().is_empty());

    // Let go: the values are a draft again.
    let (again, change) = store
        .queue_launch(
            acc,
            alpha,
            Some(other),
            &input,
            &launch_change("sad_turing"),
        )
        .await
        .unwrap();
    assert_eq!(again, other);
    store.discard_change(change).await.unwrap();
    let back = store.launch_draft(other).await.unwrap();
    assert_eq!((back.state.as_str(), back.input.clone()), ("draft", input));
    let listed = store.launch_drafts(acc).await.unwrap();
    assert_eq!(listed.len(), 2);
}

#[tokio::test]
async fn a_run_name_already_in_the_workspace_is_seen() {
    let (_p, store) = open_new().await;
    let (acc, alpha, _shared, _r, _v) = world(&store).await;
    let _ = acc;
    let g = store
        .begin_listing(WorkspaceListing::Runs, alpha)
        .await
        .unwrap();
    store
        .upsert_runs(
            alpha,
            g,
            &[common::run(
                "w1",
                Some("2026-01-05T10:00:00Z"),
                Some(1.0),
                1.0,
                1.0,
            )],
        )
        .await
        .unwrap();
    let name = store.runs(alpha, 10).await.unwrap()[0].run_name.clone();
    assert!(store.run_name_taken(alpha, &name).await.unwrap());
    assert!(
        store
            .run_name_taken(alpha, &name.to_uppercase())
            .await
            .unwrap()
    );
    assert!(!store.run_name_taken(alpha, "never_used").await.unwrap());
}

/// A launch form saved while a sync writes the same database: every write waits its turn and
/// none fails. (A transaction that read before it wrote used to lose to a writer that had
/// committed in between, with "database is locked", at once and whatever the busy timeout: the
/// launch dialog showed it in CI while the background sync wrote runs.)
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_launch_form_saved_while_a_sync_writes_is_kept_every_time() {
    let (_p, store) = open_new().await;
    let (acc, alpha, _shared, _rnaseq, viral) = world(&store).await;
    let input = LaunchInput {
        pipeline_id: viral,
        run_name: "busy_bee".into(),
        ..LaunchInput::default()
    };
    let mut tasks = Vec::new();
    for form in 0..3 {
        let (store, input) = (store.clone(), input.clone());
        tasks.push(tokio::spawn(async move {
            let mut id = None;
            let mut failures = Vec::new();
            for _ in 0..60 {
                match store.save_launch_draft(acc, alpha, id, &input).await {
                    Ok(saved) => id = Some(saved),
                    Err(e) => failures.push(format!("form {form}: {e}")),
                }
            }
            failures
        }));
    }
    let sync = {
        let store = store.clone();
        tokio::spawn(async move {
            let mut failures = Vec::new();
            for i in 0..60 {
                let runs: Vec<_> = (0..20)
                    .map(|n| common::run(&format!("w{n}"), None, None, 1.0, 1.0))
                    .collect();
                if let Err(e) = store.upsert_runs(alpha, i, &runs).await {
                    failures.push(format!("sync: {e}"));
                }
            }
            failures
        })
    };
    let mut failures = sync.await.unwrap();
    for t in tasks {
        failures.extend(t.await.unwrap());
    }
    assert!(
        failures.is_empty(),
        "{} writes failed: {:?}",
        failures.len(),
        &failures[..failures.len().min(3)]
    );
    assert_eq!(
        store.launch_drafts(acc).await.unwrap().len(),
        3,
        "one draft per form"
    );
}
