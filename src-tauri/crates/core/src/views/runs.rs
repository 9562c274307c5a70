//! What the window gets for a run: the stored row with its cost (server's or estimated), its
//! duration and what the user may do with it; and a run's page, as last read.

use serde::Serialize;
use towerdesk_store::{Run, RunDetails};

use crate::credits::CreditRates;
use crate::rules::permissions::{RunPermissions, Standing};
use crate::rules::runs::{duration_ms, run_cost};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "specta", specta(rename = "Run"))]
#[serde(rename_all = "camelCase")]
pub struct RunView {
    #[serde(flatten)]
    #[cfg_attr(feature = "specta", specta(inline))]
    pub run: Run,
    /// What it cost (a finished run, as the server said) or has cost so far (estimated at the
    /// credit rates); None when nothing is known yet.
    pub credits: Option<f64>,
    /// True when `credits` is an estimate (always while the run is going).
    pub credits_estimate: bool,
    /// From submission to completion; None while it runs.
    pub duration_ms: Option<i64>,
    pub permissions: RunPermissions,
}

impl RunView {
    pub fn of(run: Run, s: Standing<'_>, rates: CreditRates) -> Self {
        let cost = run_cost(&run, rates);
        Self {
            credits: cost.credits,
            credits_estimate: cost.estimate,
            duration_ms: duration_ms(&run),
            permissions: RunPermissions::of(s, &run.status),
            run,
        }
    }
}

/// The Runs list: the runs the search matched, newest first, and the search terms that need
/// what is not kept here (shown as not applied).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RunList {
    pub runs: Vec<RunView>,
    pub not_applied: Vec<String>,
}

/// A run's page: its row, and what was last read of it (None: never read; `details.readAt` says
/// when it was).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RunPage {
    pub run: RunView,
    /// The local id of its workspace.
    pub workspace_id: i64,
    pub details: Option<RunDetails>,
}
