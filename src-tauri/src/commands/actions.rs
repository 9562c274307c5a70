use towerdesk_core::{ActionView, AppError};

use super::Core;

/// The Actions section: the workspace's pipeline actions (read-only; added on the Platform).
#[tauri::command]
#[specta::specta]
pub async fn list_actions(core: Core<'_>, workspace_id: i64) -> Result<Vec<ActionView>, AppError> {
    core.actions(workspace_id).await
}
