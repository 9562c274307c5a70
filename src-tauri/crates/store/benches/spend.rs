//! The Credits dashboard's query, `Store::spend`, on a store with 1,000 runs and on one with
//! 100,000, over the same 40 workspaces x 12 months (the same 480 rows of answer): it reads the
//! `run_spend` summary the triggers keep, so its time should not grow with the number of runs.
//!
//! Prints numbers and asserts nothing about time (only that both stores give the same number of
//! rows, so the two timings compare the same answer). `cargo bench -p towerdesk-store --bench spend`.
//!
//! figure: spend-dashboard-ms runs=N p50=.. p95=..        `spend(Some(account))`, what the window runs
//! figure: spend-dashboard-all-accounts-ms runs=N ...     `spend(None)`, every account
//! figure: spend-dashboard-ratio value=..                 p50 at 100k runs / p50 at 1k runs
//! figure: spend-dashboard-all-accounts-ratio value=..    the same, for `spend(None)`

use std::time::{Duration, Instant};

use towerdesk_store::{OrgRecord, Store};

// The store tests' fixtures (profiles, an account, workspace and run records).
#[path = "../tests/store/common.rs"]
#[allow(dead_code)]
mod common;

const ORGS: i64 = 8;
const WORKSPACES: i64 = 40;
const MONTHS: usize = 12;
const RUNS_PER_PAGE: usize = 500;
const WARMUP: usize = 200;
const ITERATIONS: usize = 2_000;

/// A store with one account, 8 organizations, 40 workspaces and `runs` runs spread evenly over the
/// workspaces and 12 months; a third of the runs have no server cost (so they are estimated).
async fn filled(runs: usize) -> (common::Profile, Store, i64) {
    let (p, store) = common::open_new().await;
    let acc = common::account(&store).await;
    let orgs: Vec<_> = (1..=ORGS)
        .map(|o| OrgRecord {
            org_id: o,
            name: format!("org-{o}"),
            full_name: None,
            description: None,
            logo_url: None,
            role: None,
        })
        .collect();
    store.upsert_organizations(acc.id, 1, &orgs).await.unwrap();
    let records: Vec<_> = (0..WORKSPACES)
        .map(|i| common::ws_record(1 + i % ORGS, 1000 + i, &format!("ws-{i:02}")))
        .collect();
    store.upsert_workspaces(acc.id, 1, &records).await.unwrap();
    let per_workspace = runs / WORKSPACES as usize;
    for i in 0..WORKSPACES {
        let ws = store
            .workspace_local_id(acc.id, Some(1000 + i))
            .await
            .unwrap()
            .unwrap();
        let all: Vec<_> = (0..per_workspace)
            .map(|k| {
                let submitted = format!(
                    "2026-{:02}-{:02}T08:00:00Z",
                    1 + k % MONTHS,
                    1 + (k / MONTHS) % 28
                );
                common::run(
                    &format!("w{i}-{k}"),
                    Some(&submitted),
                    (k % 3 != 0).then_some((k % 7) as f64 * 0.25),
                    (k % 5) as f64 * 0.5,
                    (k % 4) as f64 * 1.5,
                )
            })
            .collect();
        for page in all.chunks(RUNS_PER_PAGE) {
            store.upsert_runs(ws, 1, page).await.unwrap();
        }
    }
    (p, store, acc.id)
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// p50 and p95, in milliseconds, of `ITERATIONS` calls of `Store::spend(account)` on each store,
/// after a warm-up. The calls alternate between the stores (in alternating order), so a change in
/// the machine's load during the run weighs on both alike.
async fn time_spend(stores: &[(&Store, i64)], all_accounts: bool) -> Vec<(f64, f64)> {
    let expected = WORKSPACES as usize * MONTHS;
    let account = |acc: i64| (!all_accounts).then_some(acc);
    for (store, acc) in stores {
        for _ in 0..WARMUP {
            let rows = store.spend(account(*acc)).await.unwrap();
            assert_eq!(
                rows.len(),
                expected,
                "the answer is 40 workspaces x 12 months"
            );
        }
    }
    let mut samples = vec![Vec::with_capacity(ITERATIONS); stores.len()];
    for i in 0..ITERATIONS {
        for k in 0..stores.len() {
            let k = if i % 2 == 0 { k } else { stores.len() - 1 - k };
            let (store, acc) = stores[k];
            let start = Instant::now();
            let rows = store.spend(account(acc)).await.unwrap();
            samples[k].push(millis(start.elapsed()));
            std::hint::black_box(rows);
        }
    }
    samples
        .into_iter()
        .map(|mut s| {
            s.sort_by(f64::total_cmp);
            (s[ITERATIONS / 2], s[ITERATIONS * 95 / 100])
        })
        .collect()
}

#[tokio::main]
async fn main() {
    const SIZES: [usize; 2] = [1_000, 100_000];
    let mut filled_stores = Vec::new();
    for runs in SIZES {
        let start = Instant::now();
        let (p, store, acc) = filled(runs).await;
        let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM runs")
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_eq!(stored, runs as i64);
        println!(
            "fill: {runs} runs, {WORKSPACES} workspaces x {MONTHS} months in {:.1} s",
            start.elapsed().as_secs_f64()
        );
        filled_stores.push((p, store, acc));
    }
    let stores: Vec<(&Store, i64)> = filled_stores.iter().map(|(_, s, a)| (s, *a)).collect();
    for (name, all_accounts) in [
        ("spend-dashboard", false),
        ("spend-dashboard-all-accounts", true),
    ] {
        let timings = time_spend(&stores, all_accounts).await;
        for (runs, (p50, p95)) in SIZES.iter().zip(&timings) {
            println!("figure: {name}-ms runs={runs} p50={p50:.2} p95={p95:.2}");
        }
        println!(
            "figure: {name}-ratio value={:.2}",
            timings[1].0 / timings[0].0
        );
    }
    for (_p, store, _) in filled_stores {
        store.close().await;
    }
}
