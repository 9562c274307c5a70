//! The Launchpad and the Credits dashboard read a number of rows that does not grow with the store:
//! pipelines and pipeline_shares are only read through the workspace's key, never scanned, and the
//! dashboard reads the run_spend summary, never runs. The store is filled with a few thousand rows.
//!
//! Each plan is checked on ONE connection, twice: as the app reads its store (the app never runs
//! ANALYZE, so without statistics), then after ANALYZE on that same connection. ANALYZE loads the
//! statistics it writes only into the connection that ran it; another pooled connection that had
//! already read the schema keeps planning without them: the first ANALYZE creates sqlite_stat1 and
//! so changes the schema cookie, but EXPLAIN never opens a read transaction, so that connection
//! never sees the new cookie and never reloads the schema. EXPLAIN through the pool thus got a
//! different plan depending on which connection answered, and asserting the planner's choice of the
//! moment (rather than what matters at scale) made the test flaky.
//!
//! The SQL below reproduces the crate's queries (`Store::pipelines` in resources.rs and
//! `Store::spend` in spend.rs); a test also runs them through the store and checks that both give
//! the same rows, so a change to one without the other fails here.

use sqlx::{Row, SqliteConnection};
use towerdesk_store::{OrgRecord, PipelinesFrom, Shares, Store, WorkspaceListing};

use crate::common::{self, open_new, pipeline, run, ws_record};

const OWN_HALF: &str = r"
    SELECT p.id, p.pipeline_id, p.name, p.description, p.repository, p.icon,
           COALESCE(o.name || '/' || w.name, w.name) AS workspace_ref, 0 AS shared,
           p.compute_env_name, p.labels, p.last_updated
    FROM workspaces w
    JOIN pipelines p ON p.account_id = w.account_id AND p.workspace_id IS w.workspace_id
    LEFT JOIN organizations o ON o.account_id = w.account_id AND o.org_id = w.org_id
    WHERE w.id = ?1 AND p.deleted = 0 AND (w.workspace_id IS NOT NULL OR w.personal = 1)
      AND (?3 IS NULL OR p.name LIKE ?3 ESCAPE '\' OR p.description LIKE ?3 ESCAPE '\' OR p.repository LIKE ?3 ESCAPE '\')";

const SHARED_HALF: &str = r"
    SELECT p.id, p.pipeline_id, p.name, p.description, p.repository, p.icon,
           COALESCE(p.org_name || '/' || p.workspace_name, p.workspace_name, '') AS workspace_ref, 1 AS shared,
           p.compute_env_name, p.labels, p.last_updated
    FROM pipeline_shares s JOIN pipelines p ON p.id = s.pipeline_local_id
    WHERE s.workspace_local_id = ?1 AND p.deleted = 0
      AND (?3 IS NULL OR p.name LIKE ?3 ESCAPE '\' OR p.description LIKE ?3 ESCAPE '\' OR p.repository LIKE ?3 ESCAPE '\')";

/// `Store::spend`, for one account (`account_filter` "w.account_id = ?1") or all ("?1 IS NULL").
fn spend_sql(account_filter: &str) -> String {
    format!(
        "SELECT s.workspace_local_id, COALESCE(o.name || '/' || w.name, w.name) AS workspace_ref, s.month, s.runs, s.cost,
                s.estimated_runs, s.estimated_cpu_hours, s.estimated_mem_hours, s.cpu_hours, s.memory_gib_hours
         FROM run_spend s
         JOIN workspaces w ON w.id = s.workspace_local_id
         LEFT JOIN organizations o ON o.account_id = w.account_id AND o.org_id = w.org_id
         WHERE {account_filter} AND w.deleted = 0 AND s.runs > 0
         ORDER BY s.month, workspace_ref"
    )
}

fn launchpad_sql(from: PipelinesFrom) -> String {
    let shared = match from {
        PipelinesFrom::ThisWorkspace => String::new(),
        PipelinesFrom::ThisAndShared => format!("UNION ALL {SHARED_HALF}"),
    };
    format!("SELECT * FROM ({OWN_HALF} {shared}) ORDER BY name COLLATE NOCASE LIMIT ?2")
}

const ORGS: i64 = 8;
const WORKSPACES: i64 = 40;
const PIPELINES_PER_WORKSPACE: i64 = 100;
const RUNS_PER_WORKSPACE: i64 = 100;

/// An account with 8 organizations, 40 workspaces, 4,000 pipelines, 1,200 shares and 4,000 runs,
/// not analysed (as the app leaves it).
async fn filled_store() -> (common::Profile, Store, i64) {
    let (p, store) = open_new().await;
    let acc = common::account(&store).await;
    store
        .upsert_organizations(
            acc.id,
            1,
            &(1..=ORGS)
                .map(|o| OrgRecord {
                    org_id: o,
                    name: format!("org-{o}"),
                    full_name: None,
                    description: None,
                    logo_url: None,
                    role: None,
                })
                .collect::<Vec<_>>(),
        )
        .await
        .unwrap();
    let records: Vec<_> = (0..WORKSPACES)
        .map(|i| ws_record(1 + i % ORGS, 1000 + i, &format!("ws-{i:02}")))
        .collect();
    store.upsert_workspaces(acc.id, 1, &records).await.unwrap();
    let g = store.begin_pipeline_listing(acc.id).await.unwrap();
    for i in 0..WORKSPACES {
        let remote = 1000 + i;
        let name = format!("ws-{i:02}");
        let items: Vec<_> = (0..PIPELINES_PER_WORKSPACE)
            .map(|k| {
                pipeline(
                    remote * 1000 + k,
                    Some(remote),
                    ("acme", &name),
                    &format!("pipe-{i}-{k}"),
                    Some("a pipeline"),
                    Some("https://github.com/acme/pipe"),
                )
            })
            .collect();
        store
            .upsert_pipelines(acc.id, Shares::None, g, &items)
            .await
            .unwrap();
    }
    // Each workspace sees 30 pipelines of the next workspace as shared.
    for i in 0..WORKSPACES {
        let local = store
            .workspace_local_id(acc.id, Some(1000 + i))
            .await
            .unwrap()
            .unwrap();
        let owner = 1000 + (i + 1) % WORKSPACES;
        let owner_name = format!("ws-{:02}", (i + 1) % WORKSPACES);
        let items: Vec<_> = (0..30)
            .map(|k| {
                pipeline(
                    owner * 1000 + k,
                    Some(owner),
                    ("acme", &owner_name),
                    &format!("pipe-{}-{k}", (i + 1) % WORKSPACES),
                    Some("a pipeline"),
                    Some("https://github.com/acme/pipe"),
                )
            })
            .collect();
        let gs = store
            .begin_listing(WorkspaceListing::PipelineShares, local)
            .await
            .unwrap();
        store
            .upsert_pipelines(
                acc.id,
                Shares::Into {
                    workspace: local,
                    workspace_id: Some(1000 + i),
                },
                gs,
                &items,
            )
            .await
            .unwrap();
        let runs: Vec<_> = (0..RUNS_PER_WORKSPACE)
            .map(|k| {
                let submitted = format!("2025-{:02}-10T00:00:00Z", 1 + k % 12);
                run(
                    &format!("w{i}-{k}"),
                    Some(&submitted),
                    (k % 2 == 0).then_some(1.0),
                    1.0,
                    2.0,
                )
            })
            .collect();
        store.upsert_runs(local, 1, &runs).await.unwrap();
    }
    let ws = store
        .workspace_local_id(acc.id, Some(1000 + 7))
        .await
        .unwrap()
        .unwrap();
    (p, store, ws)
}

async fn plan(conn: &mut SqliteConnection, sql: &str, binds: &[Option<String>]) -> Vec<String> {
    let text = format!("EXPLAIN QUERY PLAN {sql}");
    let mut q = sqlx::query(sqlx::AssertSqlSafe(text)).persistent(false);
    for b in binds {
        q = q.bind(b.clone());
    }
    q.fetch_all(&mut *conn)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get::<String, _>("detail"))
        .collect()
}

/// The steps of `plan` that read `table` (named by its alias in the query): `SCAN t ...` or
/// `SEARCH t ...`. Bloom filters, temporary b-trees and subquery scans are not reads of a table.
fn reads<'a>(plan: &'a [String], table: &str) -> Vec<&'a str> {
    plan.iter()
        .map(String::as_str)
        .filter(|d| {
            let mut words = d.split_whitespace();
            matches!(words.next(), Some("SCAN" | "SEARCH")) && words.next() == Some(table)
        })
        .collect()
}

/// The plan is not empty and reads `table`, so the checks on it cannot pass vacuously.
fn assert_reads(plan: &[String], table: &str) {
    assert!(
        !reads(plan, table).is_empty(),
        "{table} is not read: {plan:#?}"
    );
}

/// No step reads `runs` or goes through one of its indexes: their size grows with every run
/// ever synced. (The queries below name no such table; this catches a change that would, along
/// with `assert_reads_only`, which catches it under any alias.)
fn assert_never_reads_runs(plan: &[String]) {
    assert!(reads(plan, "runs").is_empty(), "reads runs: {plan:#?}");
    assert!(
        !plan.iter().any(|d| d.contains("runs_by_")),
        "goes through an index of runs: {plan:#?}"
    );
}

/// Every table the plan reads is one of `tables` (aliases).
fn assert_reads_only(plan: &[String], tables: &[&str]) {
    for d in plan {
        let mut words = d.split_whitespace();
        if !matches!(words.next(), Some("SCAN" | "SEARCH")) {
            continue;
        }
        let table = words.next().unwrap_or_default();
        // `SCAN (subquery-1)`, `SCAN CONSTANT ROW`: no table.
        if table.starts_with('(') || table == "CONSTANT" {
            continue;
        }
        assert!(
            tables.contains(&table),
            "reads {table}, not one of {tables:?}: {d}\n{plan:#?}"
        );
    }
}

/// Every read of `table` is a keyed search bounded by the workspace on screen: its constraint
/// includes one of `keys` (the workspace's column, or one row by its id). A scan of the table, or
/// a search on the account alone (every pipeline of an account is one range of an index on
/// `account_id`), reads a number of rows that grows with the pipelines of every workspace.
fn assert_bounded_by(plan: &[String], table: &str, keys: &[&str]) {
    assert_reads(plan, table);
    for d in reads(plan, table) {
        assert!(
            d.starts_with("SEARCH") && keys.iter().any(|k| d.contains(k)),
            "{table} is not read through the workspace's key ({keys:?}): {d}\n{plan:#?}"
        );
    }
}

#[tokio::test]
async fn the_launchpad_reads_pipelines_through_the_workspace_never_a_scan() {
    let (_p, store, ws) = filled_store().await;
    let mut conn = store.pool().acquire().await.unwrap();
    for statistics in ["without statistics", "after ANALYZE"] {
        if statistics == "after ANALYZE" {
            sqlx::query("ANALYZE").execute(&mut *conn).await.unwrap();
        }
        for search in [None, Some("%pipe-7%".to_string())] {
            let binds = [
                Some(ws.to_string()),
                Some("5000".to_string()),
                search.clone(),
            ];
            let own = plan(
                &mut conn,
                &launchpad_sql(PipelinesFrom::ThisWorkspace),
                &binds,
            )
            .await;
            eprintln!("{statistics}, {search:?}, this workspace: {own:#?}");
            // Own pipelines: the workspace's range of pipelines_by_owner (account_id, workspace_id).
            assert_bounded_by(&own, "p", &["workspace_id=?"]);
            assert_never_reads_runs(&own);
            assert_reads_only(&own, &["w", "p", "o"]);

            let both = plan(
                &mut conn,
                &launchpad_sql(PipelinesFrom::ThisAndShared),
                &binds,
            )
            .await;
            eprintln!("{statistics}, {search:?}, this and shared: {both:#?}");
            // Shared ones: the workspace's range of pipeline_shares' key, then each pipeline by id.
            assert_bounded_by(&both, "s", &["workspace_local_id=?"]);
            assert_bounded_by(&both, "p", &["workspace_id=?", "rowid=?"]);
            assert_never_reads_runs(&both);
            assert_reads_only(&both, &["w", "p", "o", "s"]);
        }
    }
}

#[tokio::test]
async fn the_reproduced_launchpad_sql_is_the_crates() {
    let (_p, store, ws) = filled_store().await;
    for from in [PipelinesFrom::ThisWorkspace, PipelinesFrom::ThisAndShared] {
        // "-2" matches in both halves: pipe-7-2x are ws-07's own, pipe-8-2x are shared into it.
        for search in [None, Some("-2")] {
            let through_store: Vec<i64> = store
                .pipelines(ws, from, search)
                .await
                .unwrap()
                .iter()
                .map(|p| p.id)
                .collect();
            let reproduced: Vec<i64> = sqlx::query(sqlx::AssertSqlSafe(launchpad_sql(from)))
                .bind(ws)
                .bind(5000_i64)
                .bind(search.map(|s| format!("%{s}%")))
                .fetch_all(store.pool())
                .await
                .unwrap()
                .iter()
                .map(|r| r.get::<i64, _>("id"))
                .collect();
            assert!(!through_store.is_empty());
            assert_eq!(through_store, reproduced, "{from:?} {search:?}");
        }
    }
    assert_eq!(
        store
            .pipelines(ws, PipelinesFrom::ThisAndShared, None)
            .await
            .unwrap()
            .len(),
        PIPELINES_PER_WORKSPACE as usize + 30
    );

    let acc = store.accounts().await.unwrap()[0].id;
    let spend = store.spend(Some(acc)).await.unwrap();
    let reproduced: Vec<(i64, String)> =
        sqlx::query(sqlx::AssertSqlSafe(spend_sql("w.account_id = ?1")))
            .bind(acc)
            .fetch_all(store.pool())
            .await
            .unwrap()
            .iter()
            .map(|r| (r.get("workspace_local_id"), r.get("month")))
            .collect();
    assert_eq!(spend.len(), WORKSPACES as usize * 12);
    assert_eq!(
        spend
            .iter()
            .map(|s| (s.workspace_local_id, s.month.clone()))
            .collect::<Vec<_>>(),
        reproduced
    );
}

#[tokio::test]
async fn the_spend_dashboard_reads_the_summary_never_runs() {
    let (_p, store, _ws) = filled_store().await;
    let acc = store.accounts().await.unwrap()[0].id;
    let mut conn = store.pool().acquire().await.unwrap();
    for statistics in ["without statistics", "after ANALYZE"] {
        if statistics == "after ANALYZE" {
            sqlx::query("ANALYZE").execute(&mut *conn).await.unwrap();
        }
        let one = plan(
            &mut conn,
            &spend_sql("w.account_id = ?1"),
            &[Some(acc.to_string())],
        )
        .await;
        eprintln!("{statistics}, one account: {one:#?}");
        let all = plan(&mut conn, &spend_sql("?1 IS NULL"), &[None]).await;
        eprintln!("{statistics}, every account: {all:#?}");
        for plan in [one, all] {
            // What it must read: the summary and the workspaces it names.
            assert_reads(&plan, "s");
            assert_reads(&plan, "w");
            // What it must never read: runs (nor pipelines, whose size grows the same way): it
            // reads the summary, the workspaces and their organizations, nothing else.
            assert_never_reads_runs(&plan);
            assert_reads_only(&plan, &["s", "w", "o"]);
            // Not asserted, on purpose: how s and w are read. run_spend holds one row per workspace
            // and month, whatever the number of runs, so a scan of it or a search on its primary key
            // are both bounded by workspaces x months (the size of the answer, for every account).
            // workspaces holds the user's workspaces; when one account owns them all, scanning it
            // for `w.account_id = ?` is the planner's right choice after ANALYZE, not a defect.
            // That the time does not grow with runs is shown by `cargo bench --bench spend`.
        }
    }
}
