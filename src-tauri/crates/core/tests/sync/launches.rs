//! Launches against the emulator: a shared pipeline launched from a private workspace sends
//! `sourceWorkspaceId` and the compute environment the rule picks (asserted on what the server
//! received); bad parameters are refused before anything is queued; a launch whose answer was
//! lost is found by its run name and adopted; offline, a launch is refused unless queued with
//! "Launch when back online"; 20 launches through a server failing 30% of requests, answers
//! lost included, make exactly 20 runs.

use crate::common;

use std::sync::Arc;
use std::time::Duration;

use towerdesk_core::platform_api::{PlatformClient, WorkflowQuery};
use towerdesk_core::store::{LaunchInput, Pipeline};
use towerdesk_core::{ErrorKind, LaunchState, PipelinesFrom, Towerdesk, Workspace};
use towerdesk_emulator::{FaultKind, Faults};

async fn ws_named(tower: &Arc<Towerdesk>, account: i64, name: &str) -> Workspace {
    tower
        .store()
        .unwrap()
        .workspaces(account, None)
        .await
        .unwrap()
        .into_iter()
        .find(|w| w.name == name)
        .unwrap_or_else(|| panic!("no workspace {name}"))
}

async fn pipeline(tower: &Arc<Towerdesk>, ws: i64, name: &str, shared: bool) -> Pipeline {
    tower
        .pipelines(ws, PipelinesFrom::ThisAndShared, None)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.name == name && p.shared == shared)
        .unwrap_or_else(|| panic!("no pipeline {name} (shared: {shared})"))
}

/// The server's runs of a workspace named exactly `name`: (workflow id, run name).
async fn server_runs_named(client: &PlatformClient, ws: i64, name: &str) -> Vec<String> {
    let query = WorkflowQuery {
        search: Some(format!("runName:{name}")),
        ..WorkflowQuery::default()
    };
    common::retry(|| client.list_runs_all(Some(ws), &query))
        .await
        .into_iter()
        .filter_map(|w| w.workflow)
        .filter(|w| w.run_name.as_deref() == Some(name))
        .filter_map(|w| w.id)
        .collect()
}

/// The compute environment the server recorded for a run (`GET /workflow/{id}/launch`).
async fn server_run_compute_env(client: &PlatformClient, ws: i64, id: &str) -> Option<String> {
    common::retry(|| client.run_launch(Some(ws), id))
        .await
        .compute_env
        .and_then(|c| c.name)
}

/// An emulator of the demo world seeded with `seed` (its own ids, so its access log lines are
/// told apart from those of the other tests' emulators sharing the log), and a synced account.
async fn setup(
    faults: Faults,
    seed: u64,
) -> (
    tempfile::TempDir,
    towerdesk_emulator::RunningEmulator,
    PlatformClient,
    Arc<Towerdesk>,
    i64,
) {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = common::config(faults, None, 0);
    cfg.log_requests = true;
    cfg.seed = seed;
    let emu = common::start(cfg).await;
    let base = emu.base_url();
    let client = common::truth(&base);
    let tower = common::open(dir.path()).await;
    let account = common::register(&tower, &base).await;
    tower.sync_account(account).await.unwrap();
    (dir, emu, client, tower, account)
}

const RNASEQ_PARAMS: &str = "input: samples.csv\noutdir: s3://genomics-core-prod/results\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_pipeline_launched_from_a_private_workspace_sends_its_source_and_compute_env() {
    let log = common::capture_logs("towerdesk_emulator::access=info");
    let (_dir, _emu, client, tower, account) = setup(Faults::default(), 101).await;
    let prod = ws_named(&tower, account, "production").await;
    let shared = ws_named(&tower, account, "shared-pipelines").await;
    let (prod_id, shared_id) = (prod.workspace_id.unwrap(), shared.workspace_id.unwrap());

    // Shared with its compute environment: the run uses it, and the form says why.
    let rnaseq = pipeline(&tower, prod.id, "nf-core-rnaseq", true).await;
    let form = tower.launch_form(prod.id, rnaseq.id).await.unwrap();
    assert!(form.online && form.permission.allowed);
    let ce = form.compute_env.compute_env.clone().unwrap();
    assert_eq!(ce.name, "shared-aws-batch");
    assert_eq!(
        form.compute_env.reason,
        "nf-core-rnaseq is shared from genomics-core/shared-pipelines with its compute environment shared-aws-batch: the run uses it by default."
    );
    assert_eq!(form.pipeline.owner_workspace_id, Some(shared_id));
    let (a, s) = form.values.run_name.split_once('_').unwrap();
    assert!(!a.is_empty() && !s.is_empty(), "{}", form.values.run_name);
    assert_eq!(form.values.revision.as_deref(), Some("3.19.0"));
    // The schema form, in the schema's sections.
    let schema = form.schema.clone().expect("nf-core/rnaseq has a schema");
    let titles: Vec<&str> = schema.groups.iter().map(|g| g.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Input/output options",
            "Reference genome options",
            "Alignment options",
            "Max job request options"
        ]
    );
    assert_eq!(schema.groups[0].fields[0].name, "input");
    assert!(schema.groups[0].fields[0].required);

    // Bad parameters are refused with the schema's words and nothing is queued or sent.
    let mut bad = form.values.clone();
    bad.params_text = Some("outdir: s3://x\naligner: bowtie\n".into());
    let err = tower
        .launch(prod.id, form.draft_id, bad.clone(), false)
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Validation);
    assert!(
        err.message.contains("\"input\" is a required property")
            && err.message.contains("line 2: aligner"),
        "{}",
        err.message
    );
    assert_eq!(
        tower.store().unwrap().outbox(account).await.unwrap().len(),
        0
    );
    // ... but what was typed is kept as the pipeline's draft.
    let again = tower.launch_form(prod.id, rnaseq.id).await.unwrap();
    assert_eq!(again.values.params_text, bad.params_text);
    assert_eq!(again.values.run_name, bad.run_name);

    let mut good = again.values.clone();
    good.params_text = Some(RNASEQ_PARAMS.into());
    let outcome = tower
        .launch(prod.id, again.draft_id, good.clone(), false)
        .await
        .unwrap();
    assert_eq!(outcome.state, LaunchState::Launched, "{outcome:?}");
    let runs = server_runs_named(&client, prod_id, &good.run_name).await;
    assert_eq!(runs.len(), 1, "{runs:?}");
    assert_eq!(
        server_run_compute_env(&client, prod_id, &runs[0])
            .await
            .as_deref(),
        Some("shared-aws-batch")
    );
    let text = log.text();
    let posts: Vec<&str> = text
        .lines()
        .filter(|l| l.contains(&format!("POST /workflow/launch?workspaceId={prod_id}")))
        .collect();
    assert_eq!(posts.len(), 1, "{posts:#?}");
    assert!(
        posts[0].contains(&format!("workspaceId={prod_id}"))
            && posts[0].contains(&format!("sourceWorkspaceId={shared_id}")),
        "{posts:#?}"
    );
    // The run is here after the launch's own sync, and the draft is published.
    assert!(
        tower
            .runs(prod.id, None)
            .await
            .unwrap()
            .runs
            .iter()
            .any(|r| r.run.run_name == good.run_name)
    );
    let draft = tower
        .store()
        .unwrap()
        .launch_draft(outcome.draft_id)
        .await
        .unwrap();
    assert_eq!(draft.state, "published");
    // A second launch of the same name is refused before anything is queued.
    let err = tower.launch(prod.id, None, good, false).await.unwrap_err();
    assert!(
        err.message.contains("already exists in production"),
        "{}",
        err.message
    );

    // Shared without a compute environment: production's primary one.
    let fetch = pipeline(&tower, prod.id, "nf-core-fetchngs", true).await;
    let form = tower.launch_form(prod.id, fetch.id).await.unwrap();
    let primary = form.compute_env.compute_env.clone().unwrap();
    assert!(
        primary.primary && primary.from_workspace.is_none(),
        "{primary:?}"
    );
    assert!(
        form.compute_env
            .reason
            .ends_with("the primary compute environment of production."),
        "{}",
        form.compute_env.reason
    );
    assert!(form.schema.is_some(), "fetchngs's $defs schema");
    // The shared workspace's compute environment is not offered here.
    assert!(
        form.compute_env
            .offered
            .iter()
            .all(|c| c.name != "shared-aws-batch")
    );
    let mut values = form.values.clone();
    values.params_text = Some("input: ids.csv\noutdir: s3://x/out\n".into());
    let outcome = tower
        .launch(prod.id, form.draft_id, values.clone(), false)
        .await
        .unwrap();
    assert_eq!(outcome.state, LaunchState::Launched);
    let runs = server_runs_named(&client, prod_id, &values.run_name).await;
    assert_eq!(runs.len(), 1);
    assert_eq!(
        server_run_compute_env(&client, prod_id, &runs[0]).await,
        Some(primary.name.clone())
    );
    // The shared environment chosen for it anyway is refused by the core.
    let mut other = values.clone();
    other.run_name = "chosen_elsewhere".into();
    other.compute_env_id = Some(ce.id.clone());
    let err = tower.launch(prod.id, None, other, false).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Validation);
    assert!(
        err.message
            .contains("is not available for this pipeline in production")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_launch_whose_answer_was_lost_is_found_by_its_run_name_and_adopted() {
    // Every write is applied and then answered with a 500 (reads pass): the launch lands, its
    // answer is lost.
    let log = common::capture_logs("towerdesk_emulator::access=info");
    let (_dir, _emu, client, tower, account) = setup(
        Faults {
            fail_rate: 1.0,
            kinds: vec![FaultKind::ApplyThenError],
            ..Faults::default()
        },
        102,
    )
    .await;
    let prod = ws_named(&tower, account, "production").await;
    let prod_id = prod.workspace_id.unwrap();
    let rnaseq = pipeline(&tower, prod.id, "rnaseq-prod", false).await;
    let input = LaunchInput {
        pipeline_id: rnaseq.id,
        run_name: "lost_answer_once".into(),
        params_text: Some(RNASEQ_PARAMS.into()),
        ..LaunchInput::default()
    };
    let outcome = tower.launch(prod.id, None, input, true).await.unwrap();
    assert_eq!(outcome.state, LaunchState::Queued);
    tower.sync_account(account).await.unwrap();

    let counts = tower.store().unwrap().change_counts(account).await.unwrap();
    assert_eq!(
        (counts.waiting, counts.conflicts, counts.rejected),
        (0, 0, 0)
    );
    assert_eq!(
        server_runs_named(&client, prod_id, "lost_answer_once")
            .await
            .len(),
        1
    );
    let text = log.text();
    let mine: Vec<&str> = text
        .lines()
        .filter(|l| l.contains(&format!("workspaceId={prod_id}")) && l.contains("/workflow"))
        .collect();
    let posts: Vec<usize> = mine
        .iter()
        .enumerate()
        .filter(|(_, l)| l.contains("POST /workflow/launch"))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(posts.len(), 1, "{mine:#?}");
    assert!(
        mine[posts[0]].contains("(fault: applied, then 500)"),
        "{mine:#?}"
    );
    assert!(
        mine[posts[0] + 1..]
            .iter()
            .any(|l| l.contains("GET /workflow?") && l.contains("lost_answer_once")),
        "looked up by its run name after the lost answer: {mine:#?}"
    );
    let draft = tower
        .store()
        .unwrap()
        .launch_draft(outcome.draft_id)
        .await
        .unwrap();
    assert_eq!(draft.state, "published");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_a_launch_is_refused_unless_queued_for_when_the_server_is_back() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("server.json");
    let emu = common::start(common::config(Faults::default(), Some(state.clone()), 0)).await;
    let (base, port) = (emu.base_url(), emu.port());
    let client = common::truth(&base);
    let tower = common::open(&dir.path().join("data")).await;
    tower.set_request_timeout(Some(Duration::from_millis(1500)));
    let account = common::register(&tower, &base).await;
    tower.sync_account(account).await.unwrap();
    let prod = ws_named(&tower, account, "production").await;
    let prod_id = prod.workspace_id.unwrap();
    let rnaseq = pipeline(&tower, prod.id, "rnaseq-prod", false).await;
    emu.shutdown().await;

    // The form still opens (from what is kept here) and says it is offline.
    let form = tower.launch_form(prod.id, rnaseq.id).await.unwrap();
    assert!(!form.online);
    assert!(form.schema.is_none());
    assert_eq!(
        form.compute_env.compute_env.as_ref().unwrap().name,
        "aws-batch-prod"
    );
    let mut input = form.values.clone();
    input.run_name = "queued_while_offline".into();
    input.params_text = Some(RNASEQ_PARAMS.into());
    let err = tower
        .launch(prod.id, form.draft_id, input.clone(), false)
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Offline);
    assert!(
        err.message.contains("Launch when back online"),
        "{}",
        err.message
    );
    assert_eq!(
        tower.store().unwrap().outbox(account).await.unwrap().len(),
        0
    );

    let outcome = tower
        .launch(prod.id, form.draft_id, input, true)
        .await
        .unwrap();
    assert_eq!(outcome.state, LaunchState::Queued);
    assert_eq!(
        tower.store().unwrap().outbox(account).await.unwrap().len(),
        1
    );
    assert_eq!(
        tower
            .store()
            .unwrap()
            .launch_draft(outcome.draft_id)
            .await
            .unwrap()
            .state,
        "waiting"
    );

    let emu = common::start(common::config(Faults::default(), Some(state), port)).await;
    let (rounds, _) = common::sync_until_drained(&tower, account, 10).await;
    assert!(rounds >= 1);
    assert_eq!(
        server_runs_named(&client, prod_id, "queued_while_offline")
            .await
            .len(),
        1
    );
    emu.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_launches_through_faults_and_lost_answers_make_exactly_twenty_runs() {
    let log = common::capture_logs("towerdesk_emulator::access=info");
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("server.json");
    let mut cfg = common::config(Faults::default(), Some(state.clone()), 0);
    cfg.seed = 103;
    let emu = common::start(cfg).await;
    let (base, port) = (emu.base_url(), emu.port());
    let client = common::truth(&base);
    let tower = common::open(&dir.path().join("data")).await;
    let account = common::register(&tower, &base).await;
    tower.sync_account(account).await.unwrap();
    let prod = ws_named(&tower, account, "production").await;
    let prod_id = prod.workspace_id.unwrap();
    let shared = pipeline(&tower, prod.id, "nf-core-rnaseq", true).await;
    let own = pipeline(&tower, prod.id, "rnaseq-prod", false).await;
    emu.shutdown().await;

    // Queued while the server is away ("Launch when back online"), half of a shared pipeline.
    tower.set_request_timeout(Some(Duration::from_millis(1_000)));
    let names: Vec<String> = (0..20).map(|i| format!("faulty_launch_{i:02}")).collect();
    for (i, name) in names.iter().enumerate() {
        let input = LaunchInput {
            pipeline_id: if i % 2 == 0 { shared.id } else { own.id },
            run_name: name.clone(),
            params_text: Some(RNASEQ_PARAMS.into()),
            ..LaunchInput::default()
        };
        let outcome = tower.launch(prod.id, None, input, true).await.unwrap();
        assert_eq!(outcome.state, LaunchState::Queued);
    }
    assert_eq!(
        tower.store().unwrap().outbox(account).await.unwrap().len(),
        20
    );

    // Shorter than the emulator's held requests, so a `timeout` fault is a client timeout.
    let faults = Faults {
        fail_rate: 0.3,
        seed: 11,
        timeout_ms: 2_000,
        ..Faults::default()
    };
    let mut cfg = common::config(faults, Some(state), port);
    cfg.log_requests = true;
    cfg.seed = 103;
    let emu = common::start(cfg).await;
    let (rounds, errors) = common::sync_until_drained(&tower, account, 60).await;
    let counts = tower.store().unwrap().change_counts(account).await.unwrap();
    assert_eq!(
        (counts.waiting, counts.conflicts, counts.rejected),
        (0, 0, 0),
        "{:#?}",
        tower.changes(Some(account)).await.unwrap()
    );

    let mut per_name = Vec::new();
    for name in &names {
        per_name.push(server_runs_named(&client, prod_id, name).await.len());
    }
    let runs: usize = per_name.iter().sum();
    let text = log.text();
    let launches = text
        .lines()
        .filter(|l| {
            l.contains("POST /workflow/launch") && l.contains(&format!("workspaceId={prod_id}"))
        })
        .collect::<Vec<_>>();
    let lost = launches
        .iter()
        .filter(|l| l.contains("(fault: applied"))
        .count();
    let faults = text.lines().filter(|l| l.contains("(fault: ")).count();
    println!(
        "20 launches through fail_rate 0.3: {runs} runs on the server, {} launch requests ({lost} applied with the answer lost), {faults} faults injected, {rounds} syncs, {} sync errors, {} requests",
        launches.len(),
        errors.len(),
        tower.requests_sent()
    );
    assert_eq!(per_name, vec![1; 20], "each run exactly once");
    assert_eq!(runs, 20);
    assert!(faults > 0, "the emulator injected no fault");
    emu.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn relaunch_fills_the_form_from_how_the_run_was_launched_with_a_fresh_run_name() {
    let (_dir, _emu, client, tower, account) = setup(Faults::default(), 107).await;
    let prod = ws_named(&tower, account, "production").await;
    let rnaseq = pipeline(&tower, prod.id, "nf-core-rnaseq", true).await;
    let form = tower.launch_form(prod.id, rnaseq.id).await.unwrap();
    let mut first = form.values.clone();
    first.params_text = Some(RNASEQ_PARAMS.into());
    first.work_dir = Some("s3://genomics-core-prod/relaunch-work".into());
    first.config_profiles = vec!["docker".into(), "test".into()];
    first.revision = Some("3.18.0".into());
    tower
        .launch(prod.id, form.draft_id, first.clone(), false)
        .await
        .unwrap();
    let ids = server_runs_named(&client, prod.workspace_id.unwrap(), &first.run_name).await;
    assert_eq!(ids.len(), 1);
    let run = tower
        .store()
        .unwrap()
        .run_local_id(account, &ids[0])
        .await
        .unwrap()
        .expect("the launched run is kept here");

    let again = tower.relaunch_form(run).await.unwrap();
    assert_eq!(again.pipeline.id, rnaseq.id, "the run's pipeline");
    assert_eq!(again.workspace_id, prod.id);
    assert_ne!(again.values.run_name, first.run_name, "a fresh run name");
    assert_eq!(again.values.params_text.as_deref(), Some(RNASEQ_PARAMS));
    assert_eq!(again.values.work_dir, first.work_dir);
    assert_eq!(again.values.config_profiles, first.config_profiles);
    assert_eq!(again.values.revision.as_deref(), Some("3.18.0"));
    assert_eq!(
        again
            .compute_env
            .compute_env
            .as_ref()
            .map(|c| c.name.as_str()),
        Some("shared-aws-batch")
    );
    assert_eq!(again.values.compute_env_id, form.values.compute_env_id);
    assert_eq!(again.draft_id, None, "nothing typed yet");

    // Launched as it is, it is a second run of the same pipeline with the same settings.
    let outcome = tower
        .launch(prod.id, None, again.values.clone(), false)
        .await
        .unwrap();
    assert_eq!(outcome.state, LaunchState::Launched);
    let second =
        server_runs_named(&client, prod.workspace_id.unwrap(), &again.values.run_name).await;
    assert_eq!(second.len(), 1);
    let launch = common::retry(|| client.run_launch(prod.workspace_id, &second[0])).await;
    assert_eq!(launch.params_text.as_deref(), Some(RNASEQ_PARAMS));
    assert_eq!(launch.work_dir, first.work_dir);
    assert_eq!(launch.revision.as_deref(), Some("3.18.0"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_launch_forms_labels_reach_the_run_and_an_unknown_label_is_refused_before_any_request()
{
    let (_dir, _emu, client, tower, account) = setup(Faults::default(), 106).await;
    let prod = ws_named(&tower, account, "production").await;
    let prod_id = prod.workspace_id.unwrap();
    let rnaseq = pipeline(&tower, prod.id, "rnaseq-prod", false).await;

    // A label production does not have: refused with the reason, nothing queued or launched.
    let refused = tower
        .launch(
            prod.id,
            None,
            LaunchInput {
                pipeline_id: rnaseq.id,
                run_name: "labelled_wrong".into(),
                labels: vec!["qc".into(), "no-such-label".into()],
                params_text: Some(RNASEQ_PARAMS.into()),
                ..LaunchInput::default()
            },
            false,
        )
        .await
        .unwrap_err();
    assert_eq!(refused.kind, ErrorKind::Validation);
    assert_eq!(
        refused.message,
        "Label 'no-such-label' is not one of the labels of production: add it in Settings → Labels, or remove it."
    );
    assert_eq!(
        tower
            .store()
            .unwrap()
            .change_counts(account)
            .await
            .unwrap()
            .waiting,
        0
    );
    assert!(
        server_runs_named(&client, prod_id, "labelled_wrong")
            .await
            .is_empty()
    );

    // Plain and resource labels, as the form writes them: the server's run has both.
    let outcome = tower
        .launch(
            prod.id,
            None,
            LaunchInput {
                pipeline_id: rnaseq.id,
                run_name: "labelled_right".into(),
                labels: vec![" QC ".into(), "project=facility-routine".into()],
                params_text: Some(RNASEQ_PARAMS.into()),
                ..LaunchInput::default()
            },
            false,
        )
        .await
        .unwrap();
    assert_eq!(outcome.state, LaunchState::Launched);
    let ids = server_runs_named(&client, prod_id, "labelled_right").await;
    assert_eq!(ids.len(), 1);
    let described = common::retry(|| client.describe_run(Some(prod_id), &ids[0])).await;
    let labels: Vec<String> = described
        .labels
        .unwrap_or_default()
        .into_iter()
        .map(|l| match l.value {
            Some(v) => format!("{}={v}", l.name.unwrap_or_default()),
            None => l.name.unwrap_or_default(),
        })
        .collect();
    assert!(labels.contains(&"qc".to_string()), "{labels:?}");
    assert!(
        labels.contains(&"project=facility-routine".to_string()),
        "{labels:?}"
    );
    assert!(!labels.contains(&"urgent".to_string()), "{labels:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_launched_here_is_announced_once_when_it_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = common::config(Faults::default(), None, 0);
    cfg.seed = 108;
    // The server's runs move only when the test moves its clock.
    cfg.clock = towerdesk_emulator::Clock::fake(chrono::Utc::now());
    let emu = common::start(cfg).await;
    let tower = common::open(dir.path()).await;
    let account = common::register(&tower, &emu.base_url()).await;
    tower.sync_account(account).await.unwrap();
    let prod = ws_named(&tower, account, "production").await;
    let rnaseq = pipeline(&tower, prod.id, "rnaseq-prod", false).await;
    let mut events = tower.subscribe();
    let finished = |events: &mut tokio::sync::broadcast::Receiver<towerdesk_core::CoreEvent>| {
        let mut seen = Vec::new();
        while let Ok(e) = events.try_recv() {
            if let towerdesk_core::CoreEvent::RunFinished {
                run_name, status, ..
            } = e
            {
                seen.push((run_name, status));
            }
        }
        seen
    };

    let input = LaunchInput {
        pipeline_id: rnaseq.id,
        run_name: "announced_once".into(),
        params_text: Some(RNASEQ_PARAMS.into()),
        ..LaunchInput::default()
    };
    tower.launch(prod.id, None, input, false).await.unwrap();
    tower.sync_account(account).await.unwrap();
    assert_eq!(
        finished(&mut events),
        [],
        "still going: nothing to announce"
    );

    // A launched run queues under a minute and works at most 12 minutes.
    emu.clock().advance(chrono::Duration::minutes(30));
    tower.sync_account(account).await.unwrap();
    let seen = finished(&mut events);
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0].0, "announced_once");
    assert!(
        ["succeeded", "failed"].contains(&seen[0].1.as_str()),
        "{seen:?}"
    );

    // Never twice: not by the next sync, nor by reading the run's page.
    tower.sync_account(account).await.unwrap();
    let run = tower
        .runs(prod.id, Some("announced_once"))
        .await
        .unwrap()
        .runs
        .into_iter()
        .find(|r| r.run.run_name == "announced_once")
        .expect("the run is listed");
    tower.refresh_run(run.run.id).await.unwrap();
    assert_eq!(finished(&mut events), []);
}
