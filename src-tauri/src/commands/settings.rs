use towerdesk_core::{
    AppError, FieldError, Label, LabelInput, StudiosSettingsInput, WorkspaceSettings,
};

use super::Core;

#[tauri::command]
#[specta::specta]
pub async fn get_workspace_settings(
    core: Core<'_>,
    workspace_id: i64,
) -> Result<WorkspaceSettings, AppError> {
    core.workspace_settings(workspace_id).await
}

/// Checks a label form; `label_id` is the local id of the label being edited.
#[tauri::command]
#[specta::specta]
pub async fn check_label_input(
    core: Core<'_>,
    workspace_id: i64,
    input: LabelInput,
    label_id: Option<i64>,
) -> Result<Vec<FieldError>, AppError> {
    core.check_label_input(workspace_id, &input, label_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_label(
    core: Core<'_>,
    workspace_id: i64,
    input: LabelInput,
) -> Result<Label, AppError> {
    core.create_label(workspace_id, input).await
}

/// `label_id` is the label's local id.
#[tauri::command]
#[specta::specta]
pub async fn update_label(
    core: Core<'_>,
    label_id: i64,
    input: LabelInput,
) -> Result<Label, AppError> {
    core.update_label(label_id, input).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_label(core: Core<'_>, label_id: i64) -> Result<(), AppError> {
    core.delete_label(label_id).await
}

/// Changes the Studios settings: the fields `input` sets (a field left null stays as it is).
#[tauri::command]
#[specta::specta]
pub async fn update_studios_settings(
    core: Core<'_>,
    workspace_id: i64,
    input: StudiosSettingsInput,
) -> Result<WorkspaceSettings, AppError> {
    core.update_studios_settings(workspace_id, input).await
}
