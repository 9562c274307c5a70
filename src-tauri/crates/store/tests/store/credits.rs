//! Credits (issue 12): the `run_costs` summary the triggers keep, its query plans, budgets and an
//! organization's entered credits.

use sqlx::Row;
use towerdesk_store::{
    BudgetTarget, CostGroup, CostRow, CostScope, OrgRecord, RunRecord, RunUsage, Store,
    run_costs_sql,
};

use crate::common::{self, open_new, run, ws_record};

fn usage_run(
    id: &str,
    submitted: &str,
    cost: Option<f64>,
    estimate: Option<f64>,
    platform: Option<&str>,
    user: &str,
) -> RunRecord {
    RunRecord {
        user_name: Some(user.to_string()),
        usage: RunUsage {
            platform: platform.map(str::to_string),
            estimate,
            billed_memory_gib_hours: Some(2.0),
            ..RunUsage::default()
        },
        ..run(id, Some(submitted), cost, 1.0, 0.5)
    }
}

async fn two_workspaces() -> (common::Profile, Store, i64, i64, i64) {
    let (p, store) = open_new().await;
    let acc = common::account(&store).await;
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
            &[ws_record(1, 100, "prod"), ws_record(1, 200, "dev")],
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
    (p, store, acc.id, a, b)
}

fn by_key<'a>(rows: &'a [CostRow], key: &str, platform: &str) -> &'a CostRow {
    rows.iter()
        .find(|r| r.key == key && r.platform == platform)
        .unwrap_or_else(|| panic!("no row {key} {platform}: {rows:#?}"))
}

#[tokio::test]
async fn the_triggers_keep_run_costs_as_the_runs_are_written_changed_and_deleted() {
    let (_p, store, acc, a, b) = two_workspaces().await;
    let sc = Some("seqeracompute-platform");
    store
        .upsert_runs(
            a,
            1,
            &[
                usage_run(
                    "r1",
                    "2026-11-02T08:10:00+00:00",
                    Some(1.5),
                    None,
                    sc,
                    "ada",
                ),
                usage_run(
                    "r2",
                    "2026-11-02T08:50:00+00:00",
                    None,
                    Some(0.25),
                    sc,
                    "ada",
                ),
                usage_run(
                    "r3",
                    "2026-11-02T09:00:00+00:00",
                    Some(3.0),
                    None,
                    Some("aws-batch"),
                    "bob",
                ),
                usage_run("r4", "2026-11-03T00:00:00+00:00", None, None, None, "bob"),
            ],
        )
        .await
        .unwrap();
    store
        .upsert_runs(
            b,
            1,
            &[usage_run(
                "r5",
                "2026-10-31T23:59:00+00:00",
                Some(10.0),
                None,
                sc,
                "ada",
            )],
        )
        .await
        .unwrap();

    let hours = store
        .run_costs(CostScope::Workspace(a), None, None, CostGroup::Hour)
        .await
        .unwrap();
    let h8 = by_key(&hours, "2026-11-02T08", "seqeracompute-platform");
    assert_eq!((h8.runs, h8.estimated_runs, h8.unpriced_runs), (2, 1, 0));
    assert!((h8.cost - 1.5).abs() < 1e-9 && (h8.estimate - 0.25).abs() < 1e-9);
    assert!((h8.cpu_hours - 2.0).abs() < 1e-9 && (h8.memory_gib_hours - 4.0).abs() < 1e-9);
    let unknown = by_key(&hours, "2026-11-03T00", "");
    assert_eq!((unknown.runs, unknown.unpriced_runs), (1, 1));

    // A run's cost arrives (it finished): the estimate leaves the summary, the cost comes in.
    store
        .upsert_runs(
            a,
            1,
            &[usage_run(
                "r2",
                "2026-11-02T08:50:00+00:00",
                Some(0.4),
                None,
                sc,
                "ada",
            )],
        )
        .await
        .unwrap();
    let users = store
        .run_costs(CostScope::Workspace(a), None, None, CostGroup::User)
        .await
        .unwrap();
    let ada = by_key(&users, "ada", "seqeracompute-platform");
    assert_eq!((ada.runs, ada.estimated_runs), (2, 0));
    assert!((ada.cost - 1.9).abs() < 1e-9 && ada.estimate.abs() < 1e-9);

    // Scopes and ranges: the organization and everything see both workspaces; a range in UTC
    // hours keeps 31 October out.
    let org = store
        .run_costs(
            CostScope::Organization {
                account_id: acc,
                org_id: 1,
            },
            None,
            None,
            CostGroup::Workspace,
        )
        .await
        .unwrap();
    assert!((by_key(&org, "acme/dev", "seqeracompute-platform").cost - 10.0).abs() < 1e-9);
    assert_eq!(by_key(&org, "acme/prod", "aws-batch").runs, 1);
    let november = store
        .run_costs(
            CostScope::All,
            Some("2026-11-01T00"),
            Some("2026-12-01T00"),
            CostGroup::Workspace,
        )
        .await
        .unwrap();
    assert!(
        november.iter().all(|r| r.key == "acme/prod"),
        "{november:#?}"
    );

    // The summary always equals the runs added up (what the triggers must keep true).
    let from_runs: (i64, f64) = {
        let row = sqlx::query("SELECT count(*), total(cost) FROM runs WHERE deleted = 0")
            .fetch_one(store.pool())
            .await
            .unwrap();
        (row.get(0), row.get(1))
    };
    let all = store
        .run_costs(CostScope::All, None, None, CostGroup::Pipeline)
        .await
        .unwrap();
    assert_eq!(all.iter().map(|r| r.runs).sum::<i64>(), from_runs.0);
    assert!((all.iter().map(|r| r.cost).sum::<f64>() - from_runs.1).abs() < 1e-9);

    // The month summary (by workspace, by UTC month) says the same as the hour rows.
    let months = store
        .run_costs(CostScope::All, None, None, CostGroup::Month)
        .await
        .unwrap();
    // A bound that is not a whole month makes the hour rows answer (every run is after it).
    let hours_by_month = store
        .run_costs(
            CostScope::All,
            Some("2000-01-01T05"),
            None,
            CostGroup::Month,
        )
        .await
        .unwrap();
    assert_eq!(months, hours_by_month);
    assert_eq!(months.iter().map(|r| r.runs).sum::<i64>(), from_runs.0);
    let by_ws = store
        .run_costs(CostScope::All, None, None, CostGroup::Workspace)
        .await
        .unwrap();
    assert!((by_ws.iter().map(|r| r.cost).sum::<f64>() - from_runs.1).abs() < 1e-9);
    assert!(
        (by_ws.iter().map(|r| r.estimate).sum::<f64>()
            - all.iter().map(|r| r.estimate).sum::<f64>())
        .abs()
            < 1e-9
    );
    // Not whole months: the hour rows answer, and agree.
    let part = store
        .run_costs(
            CostScope::All,
            Some("2026-11-02T00"),
            None,
            CostGroup::Month,
        )
        .await
        .unwrap();
    // November's three platforms: r4's unknown one, AWS Batch, Seqera Compute.
    assert_eq!(
        part.iter()
            .map(|r| (r.key.as_str(), r.platform.as_str()))
            .collect::<Vec<_>>(),
        [
            ("2026-11", ""),
            ("2026-11", "aws-batch"),
            ("2026-11", "seqeracompute-platform")
        ]
    );

    // Deleting the workspace's runs (a delete of rows) empties its part of the summary.
    sqlx::query("DELETE FROM runs WHERE workspace_local_id = ?")
        .bind(a)
        .execute(store.pool())
        .await
        .unwrap();
    let gone = store
        .run_costs(CostScope::Workspace(a), None, None, CostGroup::Hour)
        .await
        .unwrap();
    assert!(gone.is_empty(), "{gone:#?}");
    let gone = store
        .run_costs(CostScope::Workspace(a), None, None, CostGroup::Workspace)
        .await
        .unwrap();
    assert!(gone.is_empty(), "the month summary too: {gone:#?}");
}

#[tokio::test]
async fn run_costs_reads_the_summary_never_runs() {
    let (_p, store, acc, a, _b) = two_workspaces().await;
    let runs: Vec<_> = (0..300)
        .map(|k| {
            usage_run(
                &format!("r{k}"),
                &format!(
                    "2026-{:02}-{:02}T{:02}:00:00+00:00",
                    1 + k % 12,
                    1 + k % 28,
                    k % 24
                ),
                (k % 3 != 0).then_some(1.0),
                (k % 3 == 0).then_some(0.5),
                Some("aws-batch"),
                "ada",
            )
        })
        .collect();
    store.upsert_runs(a, 1, &runs).await.unwrap();
    let mut conn = store.pool().acquire().await.unwrap();
    for statistics in ["without statistics", "after ANALYZE"] {
        if statistics == "after ANALYZE" {
            sqlx::query("ANALYZE").execute(&mut *conn).await.unwrap();
        }
        let scopes = [
            CostScope::Workspace(a),
            CostScope::Organization {
                account_id: acc,
                org_id: 1,
            },
            CostScope::Account(acc),
            CostScope::All,
        ];
        let groups = [
            CostGroup::Workspace,
            CostGroup::Pipeline,
            CostGroup::User,
            CostGroup::ComputeEnv,
            CostGroup::Hour,
            CostGroup::Month,
        ];
        for scope in scopes {
            for by in groups {
                for (range, monthly) in [(false, true), (true, false), (true, true), (false, false)]
                {
                    let sql = format!(
                        "EXPLAIN QUERY PLAN {}",
                        run_costs_sql(scope, range, range, by, monthly)
                    );
                    let plan: Vec<String> = sqlx::query(sqlx::AssertSqlSafe(sql))
                        .persistent(false)
                        .bind(Some(1_i64))
                        .bind(Some(1_i64))
                        .bind(range.then_some(if monthly { "2026-01" } else { "2026-01-01T00" }))
                        .bind(range.then_some(if monthly { "2027-01" } else { "2027-01-01T00" }))
                        .fetch_all(&mut *conn)
                        .await
                        .unwrap()
                        .iter()
                        .map(|r| r.get::<String, _>("detail"))
                        .collect();
                    let what = format!(
                        "{statistics} {scope:?} {by:?} range={range} monthly={monthly}: {plan:#?}"
                    );
                    for d in &plan {
                        let mut words = d.split_whitespace();
                        if !matches!(words.next(), Some("SCAN" | "SEARCH")) {
                            continue;
                        }
                        let table = words.next().unwrap_or_default();
                        assert!(["s", "w", "o"].contains(&table), "reads {table}: {what}");
                        assert!(!d.contains("runs_by_"), "an index of runs: {what}");
                    }
                    assert!(
                        plan.iter()
                            .any(|d| d.split_whitespace().nth(1) == Some("s")),
                        "does not read the summary: {what}"
                    );
                    // One workspace: run_costs through its key, never a scan of it.
                    if let CostScope::Workspace(_) = scope {
                        assert!(
                            plan.iter()
                                .any(|d| d.starts_with("SEARCH s USING PRIMARY KEY")),
                            "{what}"
                        );
                    }
                }
            }
        }
    }
}

#[tokio::test]
async fn budgets_and_entered_credits_are_local_and_replaced_not_added() {
    let (_p, store, acc, a, _b) = two_workspaces().await;
    let now = "2026-12-02T10:00:00Z";
    store
        .set_budget(acc, BudgetTarget::Workspace(a), "credits", 100.0, now)
        .await
        .unwrap();
    store
        .set_budget(acc, BudgetTarget::Workspace(a), "credits", 150.0, now)
        .await
        .unwrap();
    store
        .set_budget(acc, BudgetTarget::Workspace(a), "usd", 40.0, now)
        .await
        .unwrap();
    let org = store
        .set_budget(acc, BudgetTarget::Organization(1), "credits", 1000.0, now)
        .await
        .unwrap();
    let all = store.budgets(Some(acc)).await.unwrap();
    let amounts: Vec<(Option<i64>, Option<i64>, &str, f64)> = all
        .iter()
        .map(|b| {
            (
                b.workspace_local_id,
                b.org_id,
                b.unit.as_str(),
                b.monthly_amount,
            )
        })
        .collect();
    assert_eq!(
        amounts,
        [
            (None, Some(1), "credits", 1000.0),
            (Some(a), None, "credits", 150.0),
            (Some(a), None, "usd", 40.0)
        ]
    );
    assert!(
        store
            .set_budget(acc, BudgetTarget::Workspace(a), "eur", 1.0, now)
            .await
            .is_err()
    );
    assert!(
        store
            .set_budget(acc, BudgetTarget::Workspace(a), "usd", -1.0, now)
            .await
            .is_err()
    );
    assert!(store.remove_budget(org.id).await.unwrap());
    assert!(!store.remove_budget(org.id).await.unwrap());
    assert_eq!(store.budgets(None).await.unwrap().len(), 2);

    assert_eq!(store.org_credits(acc, 1).await.unwrap(), None);
    store.set_org_credits(acc, 1, 500.0, now).await.unwrap();
    let c = store.set_org_credits(acc, 1, 750.0, now).await.unwrap();
    assert_eq!(c.credits, 750.0);
    assert_eq!(store.org_credits(acc, 1).await.unwrap(), Some(c));
    assert!(store.set_org_credits(acc, 1, f64::NAN, now).await.is_err());
    assert!(store.clear_org_credits(acc, 1).await.unwrap());
    assert_eq!(store.org_credits(acc, 1).await.unwrap(), None);
}
