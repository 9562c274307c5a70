//! Pipelines added, edited and deleted from the Launchpad, and the drafts of the pipeline form.

use towerdesk_core::{AppError, DraftView, FieldError, PipelineInput};

use super::Core;

/// Checks a pipeline form; `pipeline_id` is the local id of the pipeline being edited.
#[tauri::command]
#[specta::specta]
pub async fn check_pipeline_input(
    core: Core<'_>,
    workspace_id: i64,
    form: PipelineInput,
    pipeline_id: Option<i64>,
) -> Result<Vec<FieldError>, AppError> {
    core.check_pipeline_input(workspace_id, &form, pipeline_id)
        .await
}

/// The form of a pipeline (its local id), to edit it.
#[tauri::command]
#[specta::specta]
pub async fn get_pipeline_form(
    core: Core<'_>,
    pipeline_id: i64,
) -> Result<PipelineInput, AppError> {
    core.pipeline_form(pipeline_id).await
}

/// Saves the form being typed, as it is (`draft_id`: the draft saved before; `pipeline_id`: the
/// local id of the pipeline it edits).
#[tauri::command]
#[specta::specta]
pub async fn save_pipeline_draft(
    core: Core<'_>,
    workspace_id: i64,
    draft_id: Option<i64>,
    pipeline_id: Option<i64>,
    form: PipelineInput,
) -> Result<DraftView, AppError> {
    core.save_pipeline_draft(workspace_id, draft_id, pipeline_id, form)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn list_pipeline_drafts(
    core: Core<'_>,
    account_id: i64,
) -> Result<Vec<DraftView>, AppError> {
    core.pipeline_drafts(account_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn discard_pipeline_draft(core: Core<'_>, draft_id: i64) -> Result<(), AppError> {
    core.discard_pipeline_draft(draft_id).await
}

/// The form's Add or Update: checks, then queues the pipeline's change.
#[tauri::command]
#[specta::specta]
pub async fn publish_pipeline_draft(core: Core<'_>, draft_id: i64) -> Result<DraftView, AppError> {
    core.publish_pipeline_draft(draft_id).await
}

/// `pipeline_id` is the pipeline's local id.
#[tauri::command]
#[specta::specta]
pub async fn delete_pipeline(core: Core<'_>, pipeline_id: i64) -> Result<(), AppError> {
    core.delete_pipeline(pipeline_id).await
}
