//! The push executor against each kind of fault the emulator injects, one kind at a time at a
//! high rate: after enough syncs the server holds exactly the intended state, nothing twice.

use crate::common;

use std::time::Duration;

use towerdesk_emulator::{FaultKind, Faults};

/// Queues creates, updates (one a rename, one of a workspace created in the same queue after it
/// was sent) and a delete, then syncs against a server failing `rate` of requests with `kinds`.
async fn survive(kinds: &[FaultKind], note: &str, seed: u64) {
    let log = common::capture_logs("towerdesk_emulator::access=info");
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("server.json");
    let emu = common::start(common::config(Faults::default(), Some(state.clone()), 0)).await;
    let (base, port) = (emu.base_url(), emu.port());
    let client = common::truth(&base);
    let gc = common::org_id(&client, "genomics-core").await;
    let ta = common::org_id(&client, "tumor-atlas").await;
    let tower = common::open(&dir.path().join("data")).await;
    let account = common::register(&tower, &base).await;
    tower.sync_account(account).await.unwrap();
    let mut model = common::Model::load(&tower, account, &client, &[gc, ta]).await;
    let tag = note.replace(|c: char| !c.is_ascii_alphanumeric(), "");

    // Sent once already (so later edits of it are updates, not folded into its create).
    let early = model
        .create(
            &tower,
            account,
            gc,
            common::input(&format!("{tag}-early"), "Early", None, false),
        )
        .await;
    tower.sync_account(account).await.unwrap();
    emu.shutdown().await;

    let mut made = Vec::new();
    for i in 0..3 {
        made.push(
            model
                .create(
                    &tower,
                    account,
                    gc,
                    common::input(
                        &format!("{tag}-new-{i}"),
                        &format!("New {i}"),
                        Some("made under faults"),
                        i == 1,
                    ),
                )
                .await,
        );
    }
    let local = |name: &str| {
        let m = &model;
        *m.local.iter().find(|(_, v)| v.1 == name).unwrap().0
    };
    let (prod, shared, sandbox, analysis) = (
        local("production"),
        local("shared-pipelines"),
        local("rnd-sandbox"),
        local("analysis"),
    );
    model
        .update(
            &tower,
            prod,
            common::input("production", "Production (edited)", Some("one"), false),
        )
        .await;
    model
        .update(
            &tower,
            prod,
            common::input("production", "Production (edited twice)", Some("two"), true),
        )
        .await;
    model
        .update(
            &tower,
            shared,
            common::input("shared-pipelines", "Shared", None, true),
        )
        .await;
    model
        .update(
            &tower,
            analysis,
            common::input(
                "analysis",
                "Tumor analysis",
                Some("edited by an admin"),
                false,
            ),
        )
        .await;
    model
        .update(
            &tower,
            early,
            common::input(
                &format!("{tag}-renamed"),
                "Renamed",
                Some("was early"),
                false,
            ),
        )
        .await;
    model.delete(&tower, sandbox).await;
    let queued = tower.store().unwrap().outbox(account).await.unwrap().len();
    assert_eq!(queued, 9);

    // Shorter than the emulator's held requests, so a `timeout` fault is a client timeout.
    tower.set_request_timeout(Some(Duration::from_millis(1_000)));
    let faults = Faults {
        fail_rate: 0.35,
        kinds: kinds.to_vec(),
        seed,
        timeout_ms: 2_000,
        ..Faults::default()
    };
    let mut cfg = common::config(faults, Some(state.clone()), port);
    cfg.log_requests = true;
    let emu = common::start(cfg).await;
    let (rounds, errors) = common::sync_until_drained(&tower, account, 60).await;
    let counts = tower.store().unwrap().change_counts(account).await.unwrap();
    assert_eq!(
        (counts.conflicts, counts.rejected),
        (0, 0),
        "{note}: {counts:?} {:#?}",
        tower.changes(Some(account)).await.unwrap()
    );
    // The emulator logs a request when it answers; a client that timed out is gone by then, so
    // timeouts are seen in the errors the syncs reported instead.
    let injected = if note == "timeout" {
        errors.iter().filter(|e| e.contains("in time")).count()
    } else {
        log.text()
            .lines()
            .filter(|l| l.contains(&format!("(fault: {note}")))
            .count()
    };
    assert!(injected > 0, "{note}: the emulator injected no fault");

    let diff = model.diff(&client).await;
    println!(
        "{note}: {queued} changes in {rounds} syncs, {injected} faults injected, {} requests: {diff:?}",
        tower.requests_sent()
    );
    assert_eq!(diff, common::Diff::default(), "{note}");
    emu.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_errors_5xx() {
    survive(
        &[
            FaultKind::InternalError,
            FaultKind::BadGateway,
            FaultKind::Unavailable,
        ],
        "50",
        11,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limited_429_with_retry_after() {
    survive(&[FaultKind::TooManyRequests], "429", 12).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_timeouts() {
    survive(&[FaultKind::Timeout], "timeout", 13).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropped_connections() {
    survive(&[FaultKind::Drop], "drop", 14).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn applied_then_500_or_dropped() {
    survive(
        &[FaultKind::ApplyThenError, FaultKind::ApplyThenDrop],
        "applied",
        15,
    )
    .await;
}
