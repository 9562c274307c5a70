use towerdesk_core::{AppError, WorkspaceSettings};

use super::Core;

#[tauri::command]
#[specta::specta]
pub async fn get_workspace_settings(
    core: Core<'_>,
    workspace_id: i64,
) -> Result<WorkspaceSettings, AppError> {
    core.workspace_settings(workspace_id).await
}
