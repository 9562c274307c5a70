use towerdesk_core::{AppError, FieldError, OrganizationView, WorkspaceInput, WorkspaceView};

use super::Core;

#[tauri::command]
#[specta::specta]
pub async fn list_organizations(
    core: Core<'_>,
    account_id: i64,
) -> Result<Vec<OrganizationView>, AppError> {
    core.organization_views(account_id).await
}

/// `org_id` is the server's organization id; None lists every workspace of the account.
#[tauri::command]
#[specta::specta]
pub async fn list_workspaces(
    core: Core<'_>,
    account_id: i64,
    org_id: Option<i64>,
) -> Result<Vec<WorkspaceView>, AppError> {
    core.workspace_views(account_id, org_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn check_workspace_input(
    core: Core<'_>,
    account_id: i64,
    org_id: i64,
    input: WorkspaceInput,
    workspace_id: Option<i64>,
) -> Result<Vec<FieldError>, AppError> {
    core.check_workspace_input(account_id, org_id, &input, workspace_id)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn create_workspace(
    core: Core<'_>,
    account_id: i64,
    org_id: i64,
    input: WorkspaceInput,
) -> Result<WorkspaceView, AppError> {
    let ws = core.create_workspace(account_id, org_id, input).await?;
    core.workspace_view(ws).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_workspace(
    core: Core<'_>,
    workspace_id: i64,
    input: WorkspaceInput,
) -> Result<WorkspaceView, AppError> {
    let ws = core.update_workspace(workspace_id, input).await?;
    core.workspace_view(ws).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_workspace(core: Core<'_>, workspace_id: i64) -> Result<(), AppError> {
    core.delete_workspace(workspace_id).await
}

/// The window opened this workspace (local id): the next sync brings it before the others.
#[tauri::command]
#[specta::specta]
pub async fn focus_workspace(core: Core<'_>, workspace_id: i64) -> Result<(), AppError> {
    core.focus_workspace(workspace_id).await
}
