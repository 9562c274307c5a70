//! Credits: the `run_costs` summary the triggers on `runs` keep (migration
//! `20261202000010_run_costs.sql`), and the local credits data: monthly budgets and the credits an
//! organization bought as entered here. The rates and every rule are towerdesk-core's.

use serde::{Deserialize, Serialize};

use crate::{Result, Store, StoreError};

/// Whose runs a credits aggregate adds up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CostScope {
    /// One workspace (its local id).
    Workspace(i64),
    /// The workspaces of one organization (server id) of one account.
    Organization { account_id: i64, org_id: i64 },
    /// Every workspace of one account.
    Account(i64),
    /// Every account.
    All,
}

impl CostScope {
    /// The two values a scope's filter binds as ?1 and ?2 (None where it has none).
    fn binds(self) -> (Option<i64>, Option<i64>) {
        match self {
            CostScope::Workspace(ws) => (Some(ws), None),
            CostScope::Organization { account_id, org_id } => (Some(account_id), Some(org_id)),
            CostScope::Account(acc) => (Some(acc), None),
            CostScope::All => (None, None),
        }
    }
}

/// What the rows of an aggregate are keyed by. Days, weeks and months in a time zone are made by
/// towerdesk-core from `Hour` rows (UTC hours); `Month` is UTC months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CostGroup {
    Workspace,
    Pipeline,
    User,
    ComputeEnv,
    Hour,
    /// UTC months (`YYYY-MM`).
    Month,
}

/// One group of an aggregate, per platform ('' when the runs' platform is not known here).
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct CostRow {
    /// The workspace (`org/workspace`, or the personal workspace's name), pipeline, user,
    /// compute environment, or UTC hour (`YYYY-MM-DDTHH`); '' where the runs do not say.
    pub key: String,
    pub platform: String,
    pub runs: i64,
    /// The server's cost of the runs that have one.
    pub cost: f64,
    pub estimated_runs: i64,
    /// The estimates of the runs without a server cost.
    pub estimate: f64,
    /// Runs with neither a server cost nor what an estimate needs.
    pub unpriced_runs: i64,
    pub cpu_hours: f64,
    pub memory_gib_hours: f64,
}

/// What a budget is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BudgetTarget {
    /// A workspace, by its local id.
    Workspace(i64),
    /// An organization, by its server id.
    Organization(i64),
}

/// A monthly budget, local data (never sent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Budget {
    pub id: i64,
    pub account_id: i64,
    pub workspace_local_id: Option<i64>,
    pub org_id: Option<i64>,
    /// `credits` (Seqera Compute) or `usd` (cloud cost).
    pub unit: String,
    pub monthly_amount: f64,
    pub updated_at: String,
    /// The month (`YYYY-MM`) whose forecast crossing was announced; None: not crossing now.
    pub warned_month: Option<String>,
}

/// The credits an organization bought, as entered here (the API has no balance endpoint).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct OrgCredits {
    pub account_id: i64,
    pub org_id: i64,
    pub credits: f64,
    pub entered_at: String,
}

pub const BUDGET_UNITS: [&str; 2] = ["credits", "usd"];

impl Store {
    /// Spend grouped by `by` and platform over runs submitted in `[from, to)` (UTC hours,
    /// `YYYY-MM-DDTHH`; None: no bound, and then runs with no submission time count too). Reads
    /// the `run_costs` summary only, never `runs`.
    pub async fn run_costs(
        &self,
        scope: CostScope,
        from: Option<&str>,
        to: Option<&str>,
        by: CostGroup,
    ) -> Result<Vec<CostRow>> {
        let (a, b) = scope.binds();
        // Whole UTC months (`YYYY-MM-01T00`) or no bound: the month rows can answer, bound by
        // their month (`YYYY-MM`).
        let whole_month =
            |h: Option<&str>| h.is_none_or(|h| h.len() == 13 && h.ends_with("-01T00"));
        let month_range = whole_month(from) && whole_month(to);
        let month = |h: Option<&str>| match h {
            Some(h) if month_range => Some(h[..7].to_string()),
            other => other.map(str::to_string),
        };
        Ok(sqlx::query_as(crate::sql(run_costs_sql(
            scope,
            from.is_some(),
            to.is_some(),
            by,
            month_range,
        )))
        .bind(a)
        .bind(b)
        .bind(month(from))
        .bind(month(to))
        .fetch_all(self.pool())
        .await?)
    }

    /// The same sums as `run_costs` straight from `runs`, every row read: what the summary
    /// spares (`towerdesk-cli bench credits-aggregate`). (runs, spend, CPU-hours).
    pub async fn scan_run_costs(&self) -> Result<(i64, f64, f64)> {
        Ok(sqlx::query_as(
            "SELECT count(*), total(CASE WHEN cost IS NULL THEN estimate ELSE cost END), total(cpu_hours)
             FROM runs WHERE deleted = 0",
        )
        .fetch_one(self.pool())
        .await?)
    }

    /// Runs in `scope` whose platform is not known here (their listing does not say where they
    /// ran), newest first, at most `limit`, with their workspace's local id; and how many there
    /// are in all. The credits dashboard reads them one by one to learn it.
    pub async fn runs_without_platform(
        &self,
        scope: CostScope,
        limit: i64,
    ) -> Result<(Vec<(i64, i64)>, i64)> {
        let (a, b) = scope.binds();
        let scope_filter = match scope {
            CostScope::Workspace(_) => "r.workspace_local_id = ?1 AND ?2 IS NULL",
            CostScope::Organization { .. } => "w.account_id = ?1 AND w.org_id = ?2",
            CostScope::Account(_) => "w.account_id = ?1 AND ?2 IS NULL",
            CostScope::All => "?1 IS NULL AND ?2 IS NULL",
        };
        let from = format!(
            "FROM runs r JOIN workspaces w ON w.id = r.workspace_local_id
             WHERE r.deleted = 0 AND r.platform IS NULL AND {scope_filter}"
        );
        // The filter is one of four fixed strings; the values are bound.
        let rows: Vec<(i64, i64)> = sqlx::query_as(crate::sql(format!(
            "SELECT r.id, r.workspace_local_id {from} ORDER BY r.submitted DESC, r.id DESC LIMIT ?3"
        )))
        .bind(a)
        .bind(b)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        let count: i64 = sqlx::query_scalar(crate::sql(format!("SELECT count(*) {from}")))
            .bind(a)
            .bind(b)
            .fetch_one(self.pool())
            .await?;
        Ok((rows, count))
    }

    /// Sets the monthly budget of a workspace or organization in `unit`, replacing the one it had.
    pub async fn set_budget(
        &self,
        account_id: i64,
        target: BudgetTarget,
        unit: &str,
        monthly_amount: f64,
        now: &str,
    ) -> Result<Budget> {
        if !BUDGET_UNITS.contains(&unit) {
            return Err(StoreError::Invalid(format!(
                "a budget is in credits or usd, not {unit}"
            )));
        }
        if !(monthly_amount.is_finite() && monthly_amount >= 0.0) {
            return Err(StoreError::Invalid(
                "a budget is a positive amount".to_string(),
            ));
        }
        let (ws, org) = match target {
            BudgetTarget::Workspace(ws) => (Some(ws), None),
            BudgetTarget::Organization(org) => (None, Some(org)),
        };
        let mut tx = self.write().await?;
        sqlx::query(
            "DELETE FROM budgets WHERE account_id = ? AND unit = ?
               AND workspace_local_id IS ? AND org_id IS ?",
        )
        .bind(account_id)
        .bind(unit)
        .bind(ws)
        .bind(org)
        .execute(&mut *tx)
        .await?;
        let budget = sqlx::query_as(
            "INSERT INTO budgets (account_id, workspace_local_id, org_id, unit, monthly_amount, updated_at)
             VALUES (?, ?, ?, ?, ?, ?)
             RETURNING id, account_id, workspace_local_id, org_id, unit, monthly_amount, updated_at, warned_month",
        )
        .bind(account_id)
        .bind(ws)
        .bind(org)
        .bind(unit)
        .bind(monthly_amount)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(budget)
    }

    /// The budgets of one account (every account when None), organizations first.
    pub async fn budgets(&self, account_id: Option<i64>) -> Result<Vec<Budget>> {
        Ok(sqlx::query_as(
            "SELECT id, account_id, workspace_local_id, org_id, unit, monthly_amount, updated_at,
                    warned_month
             FROM budgets WHERE ?1 IS NULL OR account_id = ?1
             ORDER BY account_id, workspace_local_id IS NOT NULL, org_id, workspace_local_id, unit",
        )
        .bind(account_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// Records that budget `id`'s crossing of `month` was announced (None: it is not crossing).
    pub async fn set_budget_warned(&self, id: i64, month: Option<&str>) -> Result<()> {
        sqlx::query("UPDATE budgets SET warned_month = ? WHERE id = ?")
            .bind(month)
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Removes a budget; false when there was none with that id.
    pub async fn remove_budget(&self, id: i64) -> Result<bool> {
        let done = sqlx::query("DELETE FROM budgets WHERE id = ?")
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Records the credits an organization bought, as entered here.
    pub async fn set_org_credits(
        &self,
        account_id: i64,
        org_id: i64,
        credits: f64,
        now: &str,
    ) -> Result<OrgCredits> {
        if !(credits.is_finite() && credits >= 0.0) {
            return Err(StoreError::Invalid(
                "credits bought are a positive amount".to_string(),
            ));
        }
        Ok(sqlx::query_as(
            "INSERT INTO org_credits (account_id, org_id, credits, entered_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (account_id, org_id) DO UPDATE SET credits = excluded.credits, entered_at = excluded.entered_at
             RETURNING account_id, org_id, credits, entered_at",
        )
        .bind(account_id)
        .bind(org_id)
        .bind(credits)
        .bind(now)
        .fetch_one(self.pool())
        .await?)
    }

    pub async fn clear_org_credits(&self, account_id: i64, org_id: i64) -> Result<bool> {
        let done = sqlx::query("DELETE FROM org_credits WHERE account_id = ? AND org_id = ?")
            .bind(account_id)
            .bind(org_id)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() > 0)
    }

    pub async fn org_credits(&self, account_id: i64, org_id: i64) -> Result<Option<OrgCredits>> {
        Ok(sqlx::query_as(
            "SELECT account_id, org_id, credits, entered_at FROM org_credits WHERE account_id = ? AND org_id = ?",
        )
        .bind(account_id)
        .bind(org_id)
        .fetch_optional(self.pool())
        .await?)
    }
}

/// The SQL of `Store::run_costs` (binds: ?1 the workspace or account, ?2 the organization, ?3
/// from, ?4 to), public so the query-plan test reads the plan of exactly this text.
///
/// By workspace or by UTC month it reads `run_costs_month` (a few rows per workspace and month)
/// when the range is whole UTC months or none (`month_range`); else the hour rows of `run_costs`.
pub fn run_costs_sql(
    scope: CostScope,
    from: bool,
    to: bool,
    by: CostGroup,
    month_range: bool,
) -> String {
    let monthly = month_range && matches!(by, CostGroup::Workspace | CostGroup::Month);
    let (table, column) = if monthly {
        ("run_costs_month", "s.month")
    } else {
        ("run_costs", "s.hour")
    };
    let key = match by {
        CostGroup::Workspace => "COALESCE(o.name || '/' || w.name, w.name)",
        CostGroup::Pipeline => "s.pipeline",
        CostGroup::User => "s.user_name",
        CostGroup::ComputeEnv => "s.compute_env",
        CostGroup::Hour => "s.hour",
        CostGroup::Month if monthly => "s.month",
        CostGroup::Month => "substr(s.hour, 1, 7)",
    };
    // Each scope is a plain equality so the planner goes through an index: a workspace
    // through run_costs' key, an organization or account through workspaces' index and then
    // run_costs' key; everything reads run_costs (by hour when bounded).
    let scope_filter = match scope {
        CostScope::Workspace(_) => "s.workspace_local_id = ?1 AND ?2 IS NULL",
        CostScope::Organization { .. } => "w.account_id = ?1 AND w.org_id = ?2",
        CostScope::Account(_) => "w.account_id = ?1 AND ?2 IS NULL",
        CostScope::All => "?1 IS NULL AND ?2 IS NULL",
    };
    let range = match (from, to) {
        (false, false) => "?3 IS NULL AND ?4 IS NULL".to_string(),
        (true, false) => format!("{column} >= ?3 AND ?4 IS NULL"),
        (false, true) => format!("?3 IS NULL AND {column} < ?4"),
        (true, true) => format!("{column} >= ?3 AND {column} < ?4"),
    };
    let join_orgs = if matches!(by, CostGroup::Workspace) {
        "LEFT JOIN organizations o ON o.account_id = w.account_id AND o.org_id = w.org_id"
    } else {
        ""
    };
    format!(
        "SELECT {key} AS key, s.platform AS platform, sum(s.runs) AS runs, total(s.cost) AS cost,
                sum(s.estimated_runs) AS estimated_runs, total(s.estimate) AS estimate,
                sum(s.unpriced_runs) AS unpriced_runs, total(s.cpu_hours) AS cpu_hours,
                total(s.memory_gib_hours) AS memory_gib_hours
         FROM {table} s
         JOIN workspaces w ON w.id = s.workspace_local_id
         {join_orgs}
         WHERE {scope_filter} AND {range} AND w.deleted = 0 AND s.runs > 0
         GROUP BY 1, 2
         ORDER BY 1, 2"
    )
}
