use towerdesk_core::{
    AppError, BudgetView, CreditsDashboard, CreditsReport, CreditsScope, OrgCredits, ReportBy,
    WorkspaceCredits,
};

use super::Core;

/// Spend of one account (every account when None).
#[tauri::command]
#[specta::specta]
pub async fn credits_dashboard(
    core: Core<'_>,
    account_id: Option<i64>,
) -> Result<CreditsDashboard, AppError> {
    core.credits(account_id).await
}

/// The credits report: spend in `scope` (a workspace, an organization, an account, or everything
/// when empty) over the local days `from`..=`to` (YYYY-MM-DD in `timeZone`, an IANA name; None:
/// UTC), keyed by `by`; credits and cloud cost apart, each with its estimated part.
#[tauri::command]
#[specta::specta]
pub async fn credits_report(
    core: Core<'_>,
    scope: CreditsScope,
    from: Option<String>,
    to: Option<String>,
    by: ReportBy,
    time_zone: Option<String>,
) -> Result<CreditsReport, AppError> {
    core.credits_report(
        &scope,
        from.as_deref(),
        to.as_deref(),
        by,
        time_zone.as_deref(),
    )
    .await
}

/// Settings -> Credits of a workspace, today in `timeZone`.
#[tauri::command]
#[specta::specta]
pub async fn workspace_credits(
    core: Core<'_>,
    workspace_id: i64,
    time_zone: Option<String>,
) -> Result<WorkspaceCredits, AppError> {
    core.workspace_credits(workspace_id, time_zone.as_deref(), chrono::Utc::now())
        .await
}

/// Budgets kept here, of one account (every account when None).
#[tauri::command]
#[specta::specta]
pub async fn list_budgets(
    core: Core<'_>,
    account_id: Option<i64>,
) -> Result<Vec<BudgetView>, AppError> {
    core.budgets(account_id).await
}

/// Sets (or replaces) the monthly budget of a workspace (`scope.workspace`) or an organization
/// (`scope.accountId` and `scope.orgId`) in `unit`: `credits` or `usd`.
#[tauri::command]
#[specta::specta]
pub async fn set_budget(
    core: Core<'_>,
    scope: CreditsScope,
    unit: String,
    monthly_amount: f64,
) -> Result<BudgetView, AppError> {
    core.set_budget(&scope, &unit, monthly_amount, chrono::Utc::now())
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn remove_budget(core: Core<'_>, budget_id: i64) -> Result<(), AppError> {
    core.remove_budget(budget_id).await
}

/// Records the credits an organization bought (local data: the API has no balance).
#[tauri::command]
#[specta::specta]
pub async fn set_org_credits(
    core: Core<'_>,
    account_id: i64,
    org_id: i64,
    credits: f64,
) -> Result<OrgCredits, AppError> {
    core.set_org_credits(account_id, org_id, credits, chrono::Utc::now())
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn clear_org_credits(
    core: Core<'_>,
    account_id: i64,
    org_id: i64,
) -> Result<(), AppError> {
    core.clear_org_credits(account_id, org_id).await
}
