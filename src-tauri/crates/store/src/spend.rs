use crate::{Result, Store};

/// Spend of one workspace in one month, from the `run_spend` summary the triggers keep.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SpendRow {
    pub workspace_local_id: i64,
    pub workspace_ref: String,
    pub month: String,
    pub runs: i64,
    pub cost: f64,
    pub estimated_runs: i64,
    pub estimated_cpu_hours: f64,
    pub estimated_mem_hours: f64,
    pub cpu_hours: f64,
    pub memory_gib_hours: f64,
}

impl Store {
    /// Spend by workspace and month for one account (every account when None). Reads the summary
    /// table, so its cost does not grow with the number of runs.
    pub async fn spend(&self, account_id: Option<i64>) -> Result<Vec<SpendRow>> {
        // One account: `w.account_id = ?` lets the planner find its workspaces through an index and
        // then their months through run_spend's key (`?1 IS NULL OR ...` would scan run_spend).
        let account_filter = if account_id.is_some() {
            "w.account_id = ?1"
        } else {
            "?1 IS NULL"
        };
        Ok(sqlx::query_as(crate::sql(format!(
            "SELECT s.workspace_local_id, COALESCE(o.name || '/' || w.name, w.name) AS workspace_ref, s.month, s.runs, s.cost,
                    s.estimated_runs, s.estimated_cpu_hours, s.estimated_mem_hours, s.cpu_hours, s.memory_gib_hours
             FROM run_spend s
             JOIN workspaces w ON w.id = s.workspace_local_id
             LEFT JOIN organizations o ON o.account_id = w.account_id AND o.org_id = w.org_id
             WHERE {account_filter} AND w.deleted = 0 AND s.runs > 0
             ORDER BY s.month, workspace_ref"
        )))
        .bind(account_id)
        .fetch_all(self.pool())
        .await?)
    }
}
