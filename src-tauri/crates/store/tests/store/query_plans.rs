//! The Launchpad and the Credits dashboard are index lookups, not scans, on a store filled with a
//! few thousand rows and analysed, so the planner works from realistic statistics.
//!
//! The SQL below reproduces the crate's queries (`Store::pipelines` in resources.rs and
//! `Store::spend` in spend.rs); a test also runs them through the store and checks that both give
//! the same rows, so a change to one without the other fails here.

use sqlx::Row;
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

/// An account with 8 organizations, 40 workspaces, 4,000 pipelines, 1,200 shares and 4,000 runs, analysed.
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
    sqlx::query("ANALYZE").execute(store.pool()).await.unwrap();
    let ws = store
        .workspace_local_id(acc.id, Some(1000 + 7))
        .await
        .unwrap()
        .unwrap();
    (p, store, ws)
}

async fn plan(store: &Store, sql: &str, binds: &[Option<String>]) -> Vec<String> {
    let text = format!("EXPLAIN QUERY PLAN {sql}");
    let mut q = sqlx::query(sqlx::AssertSqlSafe(text));
    for b in binds {
        q = q.bind(b.clone());
    }
    q.fetch_all(store.pool())
        .await
        .unwrap()
        .iter()
        .map(|r| r.get::<String, _>("detail"))
        .collect()
}

/// Every step that reads `table` is a keyed search, and nothing scans a big table.
fn assert_searches(plan: &[String], table: &str) {
    let steps: Vec<&String> = plan
        .iter()
        .filter(|d| d.split_whitespace().nth(1) == Some(table))
        .collect();
    assert!(!steps.is_empty(), "{table} is not in the plan: {plan:#?}");
    for d in steps {
        assert!(
            d.starts_with("SEARCH")
                && (d.contains("USING INDEX")
                    || d.contains("USING COVERING INDEX")
                    || d.contains("USING PRIMARY KEY")
                    || d.contains("USING INTEGER PRIMARY KEY")),
            "{table} is not read through a key: {d}\n{plan:#?}"
        );
    }
}

fn assert_no_scan(plan: &[String], tables: &[&str]) {
    for d in plan {
        for t in tables {
            assert!(
                !d.starts_with(&format!("SCAN {t}")),
                "full scan: {d}\n{plan:#?}"
            );
        }
    }
}

#[tokio::test]
async fn the_launchpad_reads_through_indexes() {
    let (_p, store, ws) = filled_store().await;
    for search in [None, Some("%pipe-7%".to_string())] {
        let binds = [
            Some(ws.to_string()),
            Some("5000".to_string()),
            search.clone(),
        ];
        let own = plan(&store, &launchpad_sql(PipelinesFrom::ThisWorkspace), &binds).await;
        eprintln!("{own:#?}");
        assert_searches(&own, "p");
        assert_searches(&own, "w");
        assert_no_scan(&own, &["p", "pipelines", "w", "workspaces", "runs"]);
        assert!(
            own.iter().any(|d| d.contains("pipelines_by_owner")),
            "own pipelines come from pipelines_by_owner: {own:#?}"
        );

        let both = plan(&store, &launchpad_sql(PipelinesFrom::ThisAndShared), &binds).await;
        eprintln!("{both:#?}");
        assert_searches(&both, "p");
        assert_searches(&both, "s");
        assert_no_scan(
            &both,
            &[
                "p",
                "pipelines",
                "s",
                "pipeline_shares",
                "w",
                "workspaces",
                "runs",
            ],
        );
        assert!(
            both.iter().any(|d| d.contains("pipelines_by_owner")),
            "{both:#?}"
        );
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
async fn the_spend_dashboard_reads_the_summary_through_keys_never_runs() {
    let (_p, store, _ws) = filled_store().await;
    let acc = store.accounts().await.unwrap()[0].id;
    let one = plan(
        &store,
        &spend_sql("w.account_id = ?1"),
        &[Some(acc.to_string())],
    )
    .await;
    eprintln!("{one:#?}");
    assert_searches(&one, "s");
    assert_searches(&one, "w");
    let all = plan(&store, &spend_sql("?1 IS NULL"), &[None]).await;
    eprintln!("{all:#?}");
    assert_searches(&all, "s");
    for plan in [one, all] {
        assert!(
            !plan
                .iter()
                .any(|d| d.contains(" runs") || d.contains("runs_by")),
            "the dashboard reads runs: {plan:#?}"
        );
        assert_no_scan(&plan, &["s", "run_spend", "runs"]);
    }
}
