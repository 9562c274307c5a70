//! The launch form: open it (pre-filled by the core), keep its draft, check the run parameters as
//! they are typed, and launch (at once, or queued with "Launch when back online").

use towerdesk_core::rules::params::ParamIssue;
use towerdesk_core::store::LaunchInput;
use towerdesk_core::{AppError, LaunchForm, LaunchOutcome};

use super::Core;

#[tauri::command]
#[specta::specta]
pub async fn launch_form(
    core: Core<'_>,
    workspace_id: i64,
    pipeline_id: i64,
) -> Result<LaunchForm, AppError> {
    core.launch_form(workspace_id, pipeline_id).await
}

/// Relaunch: the launch form filled in from how run `run_id` (local id) was launched.
#[tauri::command]
#[specta::specta]
pub async fn relaunch_form(core: Core<'_>, run_id: i64) -> Result<LaunchForm, AppError> {
    core.relaunch_form(run_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn save_launch_draft(
    core: Core<'_>,
    workspace_id: i64,
    draft_id: Option<i64>,
    input: LaunchInput,
) -> Result<i64, AppError> {
    core.save_launch_draft(workspace_id, draft_id, input).await
}

#[tauri::command]
#[specta::specta]
pub fn check_run_params(schema_text: Option<String>, params_text: String) -> Vec<ParamIssue> {
    towerdesk_core::check_run_params(schema_text.as_deref(), &params_text)
}

#[tauri::command]
#[specta::specta]
pub async fn launch(
    core: Core<'_>,
    workspace_id: i64,
    draft_id: Option<i64>,
    input: LaunchInput,
    when_online: bool,
) -> Result<LaunchOutcome, AppError> {
    core.launch(workspace_id, draft_id, input, when_online)
        .await
}
