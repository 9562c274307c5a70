use towerdesk_core::{AppError, RunList, RunPage};

use super::Core;

/// The workspace's runs matching `search` (the Platform's runs search syntax), as kept here.
#[tauri::command]
#[specta::specta]
pub async fn list_runs(
    core: Core<'_>,
    workspace_id: i64,
    search: Option<String>,
) -> Result<RunList, AppError> {
    core.runs(workspace_id, search.as_deref()).await
}

/// A run's page as last read (offline too).
#[tauri::command]
#[specta::specta]
pub async fn get_run(core: Core<'_>, run_id: i64) -> Result<RunPage, AppError> {
    core.run_page(run_id).await
}

/// Reads one run from the server again (its own endpoints, not a sync).
#[tauri::command]
#[specta::specta]
pub async fn refresh_run(core: Core<'_>, run_id: i64) -> Result<RunPage, AppError> {
    core.refresh_run(run_id).await
}

/// Reads the workspace's runs still going from the server; returns how many still are.
#[tauri::command]
#[specta::specta]
pub async fn refresh_active_runs(core: Core<'_>, workspace_id: i64) -> Result<u32, AppError> {
    Ok(core.refresh_active_runs(workspace_id).await? as u32)
}

#[tauri::command]
#[specta::specta]
pub async fn cancel_run(core: Core<'_>, run_id: i64) -> Result<RunPage, AppError> {
    core.cancel_run(run_id).await
}
