use towerdesk_core::{AppError, Run};

use super::Core;

#[tauri::command]
#[specta::specta]
pub async fn list_runs(core: Core<'_>, workspace_id: i64) -> Result<Vec<Run>, AppError> {
    core.runs(workspace_id).await
}
