use towerdesk_core::{
    AppError, BudgetView, CreditsReport, CreditsScope, ErrorKind, LocatedRuns, OrgCredits,
    ReportBy, WorkspaceCredits,
};

use super::Core;

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

/// Reads up to `limit` runs of `scope` whose compute environment is not known here (one request
/// each), so that their spend counts as credits or cloud cost.
#[tauri::command]
#[specta::specta]
pub async fn locate_runs(
    core: Core<'_>,
    scope: CreditsScope,
    limit: u32,
) -> Result<LocatedRuns, AppError> {
    core.locate_runs(&scope, limit).await
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

/// Budgets kept here, of one account (every account when None), each with this month's spend
/// and forecast, today in `timeZone`.
#[tauri::command]
#[specta::specta]
pub async fn list_budgets(
    core: Core<'_>,
    account_id: Option<i64>,
    time_zone: Option<String>,
) -> Result<Vec<BudgetView>, AppError> {
    core.budgets(account_id, time_zone.as_deref(), chrono::Utc::now())
        .await
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
    time_zone: Option<String>,
) -> Result<BudgetView, AppError> {
    core.set_budget(
        &scope,
        &unit,
        monthly_amount,
        time_zone.as_deref(),
        chrono::Utc::now(),
    )
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

/// Exports the credits report (the same arguments as `credits_report`) as CSV: the system save
/// dialog asks where, offering `fileName`; the app writes the file (the window is granted no
/// file-system or dialog permission). Returns the path written, or None when the user cancelled.
#[tauri::command]
#[specta::specta]
#[allow(clippy::too_many_arguments)]
pub async fn export_credits_csv(
    app: tauri::AppHandle,
    core: Core<'_>,
    scope: CreditsScope,
    from: Option<String>,
    to: Option<String>,
    by: ReportBy,
    time_zone: Option<String>,
    file_name: String,
) -> Result<Option<String>, AppError> {
    use tauri_plugin_dialog::DialogExt;
    // The CSV first: a bad range or time zone is said before any dialog opens.
    let csv = core
        .credits_report_csv(
            &scope,
            from.as_deref(),
            to.as_deref(),
            by,
            time_zone.as_deref(),
        )
        .await?;
    let dialog = app
        .dialog()
        .file()
        .set_title("Export credits as CSV")
        .set_file_name(&file_name)
        .add_filter("CSV", &["csv"]);
    let chosen = tauri::async_runtime::spawn_blocking(move || dialog.blocking_save_file())
        .await
        .map_err(|e| AppError::new(ErrorKind::Internal, format!("The save dialog failed: {e}")))?;
    let Some(chosen) = chosen else {
        return Ok(None);
    };
    let path = chosen.into_path().map_err(|e| {
        AppError::new(
            ErrorKind::Validation,
            format!("That place cannot be written to: {e}"),
        )
    })?;
    std::fs::write(&path, csv).map_err(|e| {
        AppError::new(
            ErrorKind::Internal,
            format!("{} could not be written: {e}", path.display()),
        )
    })?;
    Ok(Some(path.display().to_string()))
}
