//! The sync engine's promise, tested whole: a large queue of creates, updates and deletes against
//! a server that fails a share of requests and restarts now and then reaches exactly the intended
//! state; a sync killed with SIGKILL at random points leaves a sound database, an intact queue and
//! no duplicates. `TOWERDESK_SOAK=1` with `--ignored soak` runs the large version (`make soak`).

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use towerdesk_core::Towerdesk;
use towerdesk_core::platform_api::{NewWorkspace, PlatformClient, Visibility};
use towerdesk_core::store::ChangeOp;
use towerdesk_emulator::{Faults, RunningEmulator};

const GC: &str = "genomics-core";

struct World {
    _dir: tempfile::TempDir,
    data: PathBuf,
    state: PathBuf,
    port: u16,
    base: String,
    client: PlatformClient,
    gc: i64,
    ta: i64,
    tower: Arc<Towerdesk>,
    account: i64,
    model: common::Model,
    emulator: Option<RunningEmulator>,
}

/// A synced account on a fault-free emulator (state kept in a file), with `pre` extra
/// workspaces made on the server first so there is plenty to edit and delete.
async fn world(pre: usize, latency_ms: u64) -> World {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let state = dir.path().join("server.json");
    let faults = Faults {
        latency_ms,
        ..Faults::default()
    };
    let emu = common::start(common::config(faults, Some(state.clone()), 0)).await;
    let (base, port) = (emu.base_url(), emu.port());
    let client = common::truth(&base);
    let gc = common::org_id(&client, GC).await;
    let ta = common::org_id(&client, "tumor-atlas").await;
    for i in 0..pre {
        client
            .create_workspace(
                gc,
                &NewWorkspace {
                    name: format!("pre-{i}"),
                    full_name: format!("Made before, {i}"),
                    description: Some("on the server first".into()),
                    visibility: Visibility::Private,
                },
            )
            .await
            .unwrap();
    }
    let tower = common::open(&data).await;
    tower.set_request_timeout(Some(Duration::from_millis(1500)));
    let account = common::register(&tower, &base).await;
    tower
        .sync_account(account)
        .await
        .expect("a clean first sync");
    let model = common::Model::load(&tower, account, &client, &[gc, ta]).await;
    World {
        _dir: dir,
        data,
        state,
        port,
        base,
        client,
        gc,
        ta,
        tower,
        account,
        model,
        emulator: Some(emu),
    }
}

/// What a generator may do.
#[derive(Clone, Copy)]
struct Mix {
    /// Updates and deletes of workspaces only: each change its own queued row (no create is
    /// edited or deleted while queued), so every row's effect can be followed (the crash test).
    rows_only: bool,
}

/// Queues random changes until the outbox holds `n` rows. Creates stay within the org's quota
/// (50 workspaces) whatever order the server sees them in. Returns the ops made by kind.
async fn queue(
    w: &mut World,
    n: usize,
    rng: &mut StdRng,
    mix: Mix,
) -> BTreeMap<&'static str, usize> {
    let store = w.tower.store().unwrap().clone();
    let mut made: BTreeMap<&'static str, usize> = BTreeMap::new();
    let on_server = w.model.orgs[&w.gc].len() + w.model.deleted.len();
    let mut creates_left = 47usize.saturating_sub(on_server);
    let mut fresh: Vec<i64> = Vec::new();
    let mut k = 0usize;
    for _ in 0..(n * 20) {
        if store.outbox(w.account).await.unwrap().len() >= n {
            break;
        }
        k += 1;
        let tag = format!("{}{k}", rng.random_range(0..1000));
        // In `rows_only`, workspaces this test created are left alone: an edit of one whose
        // create is still queued would fold into that create instead of adding a row.
        let held_back =
            |id: i64, name: &str| mix.rows_only && (fresh.contains(&id) || name.starts_with("c-"));
        // Workspaces the demo user may edit: everything in genomics-core (owner), and analysis (admin).
        let editable: Vec<i64> = w
            .model
            .local
            .iter()
            .filter(|(id, (org, name))| {
                (*org == w.gc || name == "analysis") && !held_back(**id, name)
            })
            .map(|(id, _)| *id)
            .collect();
        let deletable: Vec<i64> = w
            .model
            .local
            .iter()
            .filter(|(id, (org, name))| *org == w.gc && !held_back(**id, name))
            .map(|(id, _)| *id)
            .collect();
        let roll: f64 = rng.random();
        if roll < 0.10 && creates_left > 0 {
            let name = format!("c-{tag}");
            let id = w
                .model
                .create(
                    &w.tower,
                    w.account,
                    w.gc,
                    common::input(
                        &name,
                        &format!("Created {tag}"),
                        Some("queued"),
                        rng.random_bool(0.3),
                    ),
                )
                .await;
            fresh.push(id);
            creates_left -= 1;
            *made.entry("create").or_default() += 1;
        } else if roll < 0.17 && deletable.len() > 8 {
            let id = deletable[rng.random_range(0..deletable.len())];
            w.model.delete(&w.tower, id).await;
            *made.entry("delete").or_default() += 1;
        } else if !editable.is_empty() {
            let id = editable[rng.random_range(0..editable.len())];
            let (_, name) = w.model.local[&id].clone();
            let rename = name != "analysis" && rng.random_bool(0.15);
            let new_name = if rename { format!("r-{tag}") } else { name };
            let description = match rng.random_range(0..3) {
                0 => None,
                _ => Some(format!("edit {tag}")),
            };
            w.model
                .update(
                    &w.tower,
                    id,
                    common::input(
                        &new_name,
                        &format!("Edited {tag}"),
                        description.as_deref(),
                        rng.random_bool(0.5),
                    ),
                )
                .await;
            *made
                .entry(if rename { "rename" } else { "update" })
                .or_default() += 1;
        }
    }
    assert_eq!(
        store.outbox(w.account).await.unwrap().len(),
        n,
        "queued {n} changes"
    );
    made
}

async fn restart(w: &mut World, faults: Faults) {
    if let Some(e) = w.emulator.take() {
        e.shutdown().await;
    }
    // Let the old server's last connections end before the new one reads the state file.
    tokio::time::sleep(Duration::from_millis(700)).await;
    w.emulator = Some(common::start(common::config(faults, Some(w.state.clone()), w.port)).await);
}

/// A sync ends while changes wait out a backoff longer than its patience: wait until the first of
/// them is due before the next sync, so that the bound on syncs counts attempts, however fast or
/// slow this machine runs them (spinning through syncs while nothing is due proves nothing).
async fn wait_until_due(store: &towerdesk_core::store::Store, account: i64) {
    let queue = store.outbox(account).await.unwrap();
    let first_due = queue
        .iter()
        .filter(|c| c.state == towerdesk_core::store::ChangeState::Waiting)
        .map(|c| {
            c.next_attempt_at
                .as_deref()
                .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
                .map(|t| t.with_timezone(&chrono::Utc))
        })
        .min();
    // Any waiting change with no backoff (None sorts first) is due now.
    if let Some(Some(at)) = first_due
        && let Ok(wait) = (at - chrono::Utc::now()).to_std()
    {
        tokio::time::sleep(wait).await;
    }
}

struct QueueRun {
    made: BTreeMap<&'static str, usize>,
    rounds: usize,
    restarts: usize,
    requests: u64,
    seconds: f64,
    diff: common::Diff,
}

/// `n` queued changes, synced against `fail_rate` mixed faults with `restarts` server restarts
/// spread over the run, until the queue is empty. `max_rounds` only guards against a queue that
/// never drains (it is no speed check): on a quiet machine the 200-change run takes about 40
/// syncs, and about 120 with the machine busy with other tests.
async fn queue_under_faults(
    w: &mut World,
    n: usize,
    fail_rate: f64,
    restarts: usize,
    max_rounds: usize,
    seed: u64,
) -> QueueRun {
    let mut rng = StdRng::seed_from_u64(seed);
    let made = queue(w, n, &mut rng, Mix { rows_only: false }).await;
    // A held request (`timeout` fault) outlasts the client's timeout, which stays short.
    w.tower
        .set_request_timeout(Some(Duration::from_millis(500)));
    let faults = |seed: u64| Faults {
        fail_rate,
        seed,
        timeout_ms: 800,
        ..Faults::default()
    };
    restart(w, faults(seed)).await;
    let store = w.tower.store().unwrap().clone();
    let requests_before = w.tower.requests_sent();
    let started = Instant::now();
    let mut rounds = 0;
    let mut restarted = 0;
    // Restart after every `every` syncs, while changes are left.
    let every = (n / 40).clamp(2, 25);
    loop {
        rounds += 1;
        assert!(
            rounds <= max_rounds,
            "not drained in {max_rounds} syncs: {:?}",
            store.change_counts(w.account).await.unwrap()
        );
        if w.tower.sync_account(w.account).await.is_err() {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let counts = store.change_counts(w.account).await.unwrap();
        assert_eq!(
            (counts.conflicts, counts.rejected),
            (0, 0),
            "no false conflicts or rejections"
        );
        if counts.waiting == 0 {
            break;
        }
        wait_until_due(&store, w.account).await;
        if restarted < restarts && rounds % every == 0 {
            restarted += 1;
            restart(w, faults(seed + restarted as u64)).await;
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let requests = w.tower.requests_sent() - requests_before;
    restart(w, Faults::default()).await;
    let diff = w.model.diff(&w.client).await;
    QueueRun {
        made,
        rounds,
        restarts: restarted,
        requests,
        seconds,
        diff,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_queued_changes_through_faults_and_restarts_arrive_exactly_once() {
    let mut w = world(25, 0).await;
    let run = queue_under_faults(&mut w, 200, 0.3, 3, 1000, 7).await;
    println!(
        "200 changes {:?}: {} syncs, {} restarts, {} requests in {:.1} s, {:?}",
        run.made, run.rounds, run.restarts, run.requests, run.seconds, run.diff
    );
    assert!(run.restarts >= 2, "the server restarted during the run");
    assert_eq!(run.diff, common::Diff::default());
    let total_ws: usize = w.model.orgs.values().map(|o| o.len()).sum();
    println!(
        "server: {total_ws} workspaces as intended, {} deleted",
        w.model.deleted.len()
    );
}

// ---- crash test ----

/// One queued row and the state it leads to (None: deleted).
#[derive(Clone, Debug)]
struct Step {
    change: i64,
    after: Option<(String, common::Fields)>,
}

/// Per local workspace: its state before the queue, and its queued rows in order.
type Plan = BTreeMap<i64, (Option<(String, common::Fields)>, Vec<Step>)>;

async fn plan_queue(w: &mut World, n: usize, rng: &mut StdRng, plan: &mut Plan) {
    let store = w.tower.store().unwrap().clone();
    let before: BTreeMap<i64, (i64, String)> = w.model.local.clone();
    let known: std::collections::BTreeSet<i64> = store
        .outbox(w.account)
        .await
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    let start_state = |model: &common::Model, id: i64| -> Option<(String, common::Fields)> {
        before
            .get(&id)
            .map(|(org, name)| (name.clone(), model.orgs[org][name].clone()))
    };
    let snapshot = w.model.clone();
    queue(w, known.len() + n, rng, Mix { rows_only: true }).await;
    // Follow each new row: its workspace's state after it.
    for row in store.outbox(w.account).await.unwrap() {
        if known.contains(&row.id) {
            continue;
        }
        let local = row.local_id.unwrap();
        let payload: serde_json::Value = serde_json::from_str(&row.payload).unwrap();
        let after = match row.op {
            ChangeOp::Delete => None,
            ChangeOp::Create | ChangeOp::Update => Some((
                payload["name"].as_str().unwrap().to_string(),
                common::Fields {
                    full_name: payload["fullName"].as_str().unwrap().to_string(),
                    description: payload["description"].as_str().unwrap_or("").to_string(),
                    visibility: payload["visibility"].as_str().unwrap().to_string(),
                },
            )),
        };
        let entry = plan
            .entry(local)
            .or_insert_with(|| (start_state(&snapshot, local), Vec::new()));
        entry.1.push(Step {
            change: row.id,
            after,
        });
    }
}

/// Checks the queue and the server against the plan: each workspace's rows still queued are the
/// last ones of its sequence (none lost from the middle, none reordered), and the server holds the
/// state after the sent ones, or after one more (sent, its answer lost to the kill).
async fn check_plan(w: &World, plan: &Plan) -> (usize, usize) {
    let store = w.tower.store().unwrap();
    let queued: Vec<towerdesk_core::store::OutboxRow> = store.outbox(w.account).await.unwrap();
    for r in &queued {
        assert_eq!(
            r.state,
            towerdesk_core::ChangeState::Waiting,
            "change {} is {:?}: {:?}",
            r.id,
            r.state,
            r.message
        );
        assert!(
            plan.values().any(|p| p.1.iter().any(|s| s.change == r.id)),
            "an unknown row {} in the queue",
            r.id
        );
    }
    let server = common::server_workspaces(&w.client, w.gc).await;
    let analysis = common::server_workspaces(&w.client, w.ta).await;
    let mut sent = 0;
    for (local, (initial, steps)) in plan {
        let left: Vec<i64> = queued
            .iter()
            .filter(|r| r.local_id == Some(*local))
            .map(|r| r.id)
            .collect();
        let done = steps.len() - left.len();
        let want_left: Vec<i64> = steps[done..].iter().map(|s| s.change).collect();
        assert_eq!(
            left, want_left,
            "workspace {local}: the queue lost or reordered a change"
        );
        sent += done;
        let state_after = |i: usize| {
            if i == 0 {
                initial.clone()
            } else {
                steps[i - 1].after.clone()
            }
        };
        let on_server = |s: &Option<(String, common::Fields)>| match s {
            Some((name, fields)) => server.get(name).or_else(|| analysis.get(name)) == Some(fields),
            None => true,
        };
        // Absent states: no name of any of its states is on the server with a later state.
        let names: Vec<String> = std::iter::once(initial.clone())
            .chain(steps.iter().map(|s| s.after.clone()))
            .flatten()
            .map(|(n, _)| n)
            .collect();
        let present: Vec<&String> = names
            .iter()
            .filter(|n| server.contains_key(*n) || analysis.contains_key(*n))
            .collect();
        let matches = |i: usize| match state_after(i) {
            Some(s) => on_server(&Some(s.clone())) && present.iter().all(|n| **n == s.0),
            None => present.is_empty(),
        };
        let ok = matches(done) || (done < steps.len() && matches(done + 1));
        assert!(
            ok,
            "workspace {local}: the server holds neither the state after {done} sent changes nor the next one: present {present:?}, want {:?}",
            state_after(done)
        );
    }
    (sent, queued.len())
}

#[tokio::test]
#[ignore = "the crash tests run this as a child process"]
async fn crash_child() {
    let (Ok(dir), Ok(url)) = (
        std::env::var("TOWERDESK_CRASH_DIR"),
        std::env::var("TOWERDESK_CRASH_URL"),
    ) else {
        return;
    };
    let tower = common::open(Path::new(&dir)).await;
    tower.set_request_timeout(Some(Duration::from_millis(1500)));
    let account = common::register(&tower, &url).await;
    loop {
        let _ = tower.sync_account(account).await;
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

struct CrashRun {
    trials: usize,
    integrity_ok: usize,
    sent_during_trials: usize,
    left_after_trials: usize,
    diff: common::Diff,
    local_duplicates: usize,
}

async fn crash_trials(
    w: &mut World,
    initial: usize,
    per_trial: usize,
    trials: usize,
    seed: u64,
) -> CrashRun {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut plan = Plan::new();
    plan_queue(w, initial, &mut rng, &mut plan).await;
    let exe = std::env::current_exe().unwrap();
    let mut integrity_ok = 0;
    for trial in 0..trials {
        let mut child = std::process::Command::new(&exe)
            .args([
                "--exact",
                "reliability::crash_child",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("TOWERDESK_CRASH_DIR", &w.data)
            .env("TOWERDESK_CRASH_URL", &w.base)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let delay = rng.random_range(5..=500);
        tokio::time::sleep(Duration::from_millis(delay)).await;
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let store = w.tower.store().unwrap();
        let integrity = store.integrity_check().await.unwrap();
        if integrity == "ok" {
            integrity_ok += 1;
        }
        assert_eq!(integrity, "ok", "trial {trial}: PRAGMA integrity_check");
        check_plan(w, &plan).await;
        if per_trial > 0 {
            plan_queue(w, per_trial, &mut rng, &mut plan).await;
        }
    }
    let (sent_during_trials, left_after_trials) = check_plan(w, &plan).await;
    // The next clean sync sends the rest: every change once.
    w.tower
        .sync_account(w.account)
        .await
        .expect("a clean sync after the kills");
    let store = w.tower.store().unwrap();
    assert!(store.outbox(w.account).await.unwrap().is_empty());
    let diff = w.model.diff(&w.client).await;
    // And the local view has each workspace once.
    let mut names: BTreeMap<(Option<i64>, String), usize> = BTreeMap::new();
    for ws in store.workspaces(w.account, None).await.unwrap() {
        *names.entry((ws.org_id, ws.name)).or_default() += 1;
    }
    let local_duplicates = names.values().filter(|c| **c > 1).count();
    let local: std::collections::BTreeSet<String> = names
        .keys()
        .filter(|k| k.0 == Some(w.gc))
        .map(|k| k.1.clone())
        .collect();
    let want: std::collections::BTreeSet<String> = w.model.orgs[&w.gc].keys().cloned().collect();
    assert_eq!(
        local, want,
        "the local store shows the server's workspaces after the final sync"
    );
    CrashRun {
        trials,
        integrity_ok,
        sent_during_trials,
        left_after_trials,
        diff,
        local_duplicates,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_kills_mid_sync_leave_a_sound_database_an_intact_queue_and_no_duplicates() {
    let mut w = world(12, 30).await;
    let run = crash_trials(&mut w, 30, 1, 20, 99).await;
    println!(
        "crash: {} trials, integrity ok {}/{}, {} changes sent during the trials, {} left for the final sync, {:?}, {} local duplicates",
        run.trials,
        run.integrity_ok,
        run.trials,
        run.sent_during_trials,
        run.left_after_trials,
        run.diff,
        run.local_duplicates
    );
    assert!(
        run.sent_during_trials > 0,
        "the killed syncs got some changes through"
    );
    assert_eq!(run.diff, common::Diff::default());
    assert_eq!(run.local_duplicates, 0);
}

/// `make soak`: 1,000 changes at 20% faults with restarts, then 100 kill -9 trials.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "the soak test: TOWERDESK_SOAK=1 cargo test --release -p towerdesk-core --test sync -- --ignored --exact reliability::soak"]
async fn soak() {
    if std::env::var("TOWERDESK_SOAK").as_deref() != Ok("1") {
        eprintln!("soak: set TOWERDESK_SOAK=1 to run it");
        return;
    }
    let mut w = world(25, 0).await;
    // The product's own pace (20 requests per second per token): the run measures it.
    w.tower.set_requests_per_second(None);
    let run = queue_under_faults(&mut w, 1000, 0.2, 6, 3000, 2024).await;
    println!(
        "soak: queue {:?}, {} syncs, {} restarts, {:?}",
        run.made, run.rounds, run.restarts, run.diff
    );
    let mut c = world(12, 30).await;
    let crash = crash_trials(&mut c, 40, 2, 100, 4242).await;
    println!(
        "soak: crash trials {}, {} changes sent during them, {} left for the final sync, {:?}, {} local duplicates",
        crash.trials,
        crash.sent_during_trials,
        crash.left_after_trials,
        crash.diff,
        crash.local_duplicates
    );
    let lost = run.diff.lost + crash.diff.lost;
    let duplicated = run.diff.duplicated + crash.diff.duplicated + crash.local_duplicates;
    println!(
        "soak: changes 1000, lost {lost}, duplicated {duplicated}, integrity ok {}/{} trials, requests {} in {:.0} s = {:.1} req/s (bound 20/s)",
        crash.integrity_ok,
        crash.trials,
        run.requests,
        run.seconds,
        run.requests as f64 / run.seconds
    );
    assert_eq!((lost, duplicated), (0, 0));
    assert!(run.requests as f64 / run.seconds <= 20.0 + 1e-9);
}
