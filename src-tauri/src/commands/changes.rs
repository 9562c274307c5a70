use towerdesk_core::{AppError, ChangeItem, WorkspaceInput, WorkspaceView};

use super::Core;

#[tauri::command]
#[specta::specta]
pub async fn list_changes(
    core: Core<'_>,
    account_id: Option<i64>,
) -> Result<Vec<ChangeItem>, AppError> {
    core.changes(account_id).await
}

/// Puts a rejected or conflicting change back in the queue ("keep mine").
#[tauri::command]
#[specta::specta]
pub async fn retry_change(core: Core<'_>, change_id: i64) -> Result<(), AppError> {
    core.retry_change(change_id).await
}

/// Drops a change and undoes it locally ("take theirs").
#[tauri::command]
#[specta::specta]
pub async fn discard_change(core: Core<'_>, change_id: i64) -> Result<(), AppError> {
    core.discard_change(change_id).await
}

/// New fields for a queued workspace create or edit (the Changes panel's Edit).
#[tauri::command]
#[specta::specta]
pub async fn edit_change(
    core: Core<'_>,
    change_id: i64,
    input: WorkspaceInput,
) -> Result<WorkspaceView, AppError> {
    let ws = core.edit_workspace_change(change_id, input).await?;
    core.workspace_view(ws).await
}
