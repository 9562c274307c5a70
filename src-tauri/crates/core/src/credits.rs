//! Credits: 1 credit = 1 USD. The public API has no balance endpoint, so spend is each run's `cost`
//! where the server gave one, else an estimate from its CPU time and memory at the published rates.

use std::collections::BTreeMap;

use serde::Serialize;
use towerdesk_store::SpendRow;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CreditRates {
    /// Credits per CPU-hour.
    pub cpu_per_hour: f64,
    /// Credits per GiB-hour of memory.
    pub memory_per_gib_hour: f64,
    /// Credits per GB-month of storage.
    pub storage_per_gb_month: f64,
}

impl CreditRates {
    pub const PLATFORM: Self = Self {
        cpu_per_hour: 0.1,
        memory_per_gib_hour: 0.025,
        storage_per_gb_month: 0.025,
    };

    /// Credits for compute that has no server cost.
    pub fn estimate(&self, cpu_hours: f64, memory_gib_hours: f64) -> f64 {
        cpu_hours * self.cpu_per_hour + memory_gib_hours * self.memory_per_gib_hour
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceSpend {
    pub workspace_id: i64,
    pub workspace_ref: String,
    pub credits: f64,
    pub cpu_hours: f64,
    pub memory_gib_hours: f64,
    pub runs: i64,
    pub estimated_runs: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct MonthSpend {
    pub month: String,
    pub credits: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CreditsDashboard {
    pub rates: CreditRates,
    pub total: f64,
    /// True when any run's spend is an estimate.
    pub estimate: bool,
    /// Highest spend first.
    pub by_workspace: Vec<WorkspaceSpend>,
    /// Oldest month first.
    pub by_month: Vec<MonthSpend>,
}

pub fn dashboard(rows: &[SpendRow], rates: CreditRates) -> CreditsDashboard {
    let mut by_ws: BTreeMap<i64, WorkspaceSpend> = BTreeMap::new();
    let mut by_month: BTreeMap<String, f64> = BTreeMap::new();
    for r in rows {
        let credits = r.cost + rates.estimate(r.estimated_cpu_hours, r.estimated_mem_hours);
        let w = by_ws
            .entry(r.workspace_local_id)
            .or_insert_with(|| WorkspaceSpend {
                workspace_id: r.workspace_local_id,
                workspace_ref: r.workspace_ref.clone(),
                credits: 0.0,
                cpu_hours: 0.0,
                memory_gib_hours: 0.0,
                runs: 0,
                estimated_runs: 0,
            });
        w.credits += credits;
        w.cpu_hours += r.cpu_hours;
        w.memory_gib_hours += r.memory_gib_hours;
        w.runs += r.runs;
        w.estimated_runs += r.estimated_runs;
        *by_month.entry(r.month.clone()).or_default() += credits;
    }
    let mut by_workspace: Vec<WorkspaceSpend> = by_ws.into_values().collect();
    by_workspace.sort_by(|a, b| {
        b.credits
            .total_cmp(&a.credits)
            .then(a.workspace_ref.cmp(&b.workspace_ref))
    });
    CreditsDashboard {
        rates,
        total: by_workspace.iter().map(|w| w.credits).sum(),
        estimate: by_workspace.iter().any(|w| w.estimated_runs > 0),
        by_workspace,
        by_month: by_month
            .into_iter()
            .map(|(month, credits)| MonthSpend { month, credits })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(ws: i64, month: &str, cost: f64, est_runs: i64, est_cpu: f64, est_mem: f64) -> SpendRow {
        SpendRow {
            workspace_local_id: ws,
            workspace_ref: format!("org/ws{ws}"),
            month: month.into(),
            runs: est_runs + 1,
            cost,
            estimated_runs: est_runs,
            estimated_cpu_hours: est_cpu,
            estimated_mem_hours: est_mem,
            cpu_hours: est_cpu + 1.0,
            memory_gib_hours: est_mem + 1.0,
        }
    }

    #[test]
    fn rates_are_the_platforms() {
        let r = CreditRates::PLATFORM;
        assert_eq!(
            (
                r.cpu_per_hour,
                r.memory_per_gib_hour,
                r.storage_per_gb_month
            ),
            (0.1, 0.025, 0.025)
        );
        // 10 CPU-hours and 40 GiB-hours: 1 + 1 credits.
        assert!((r.estimate(10.0, 40.0) - 2.0).abs() < 1e-12);
    }

    #[test]
    fn dashboard_adds_server_cost_and_estimates() {
        let rows = [
            row(1, "2026-10", 5.0, 0, 0.0, 0.0),
            row(1, "2026-11", 1.0, 2, 10.0, 40.0), // 1 + 2 estimated
            row(2, "2026-11", 0.5, 0, 0.0, 0.0),
        ];
        let d = dashboard(&rows, CreditRates::PLATFORM);
        assert!((d.total - 8.5).abs() < 1e-9);
        assert!(d.estimate);
        assert_eq!(d.by_workspace[0].workspace_ref, "org/ws1");
        assert!((d.by_workspace[0].credits - 8.0).abs() < 1e-9);
        assert_eq!(d.by_workspace[0].estimated_runs, 2);
        let months: Vec<(&str, f64)> = d
            .by_month
            .iter()
            .map(|m| (m.month.as_str(), m.credits))
            .collect();
        assert_eq!(months.len(), 2);
        assert_eq!(months[0].0, "2026-10");
        assert!((months[1].1 - 3.5).abs() < 1e-9);
    }

    #[test]
    fn no_runs_is_zero_and_not_an_estimate() {
        let d = dashboard(&[], CreditRates::PLATFORM);
        assert_eq!(d.total, 0.0);
        assert!(!d.estimate);
        assert!(d.by_workspace.is_empty());
    }
}
