use towerdesk_core::{AppError, Participant};

use super::Core;

#[tauri::command]
#[specta::specta]
pub async fn list_participants(
    core: Core<'_>,
    workspace_id: i64,
) -> Result<Vec<Participant>, AppError> {
    core.participants(workspace_id).await
}
