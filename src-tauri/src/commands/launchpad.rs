use towerdesk_core::{AppError, ComputeEnvView, Credential, Pipeline, PipelinesFrom};

use super::Core;

#[tauri::command]
#[specta::specta]
pub async fn list_pipelines(
    core: Core<'_>,
    workspace_id: i64,
    from: PipelinesFrom,
    search: Option<String>,
) -> Result<Vec<Pipeline>, AppError> {
    let pipelines = core.pipelines(workspace_id, from, search.as_deref()).await;
    // The Launchpad is the section a workspace opens on: its first answer is the first screen
    // with data.
    crate::note_first_data(pipelines.as_ref().map_or(0, Vec::len));
    pipelines
}

#[tauri::command]
#[specta::specta]
pub async fn list_compute_envs(
    core: Core<'_>,
    workspace_id: i64,
) -> Result<Vec<ComputeEnvView>, AppError> {
    core.compute_envs(workspace_id).await
}

/// Make primary (Compute environments section): marked here at once, sent through the outbox.
/// Refused, nothing queued, for a role that may not or an environment that is not AVAILABLE.
#[tauri::command]
#[specta::specta]
pub async fn make_primary_compute_env(
    core: Core<'_>,
    workspace_id: i64,
    compute_env_id: String,
) -> Result<Vec<ComputeEnvView>, AppError> {
    core.make_primary_compute_env(workspace_id, compute_env_id)
        .await
}

/// The Credentials section: the workspace's credentials (metadata only).
#[tauri::command]
#[specta::specta]
pub async fn list_credentials(
    core: Core<'_>,
    workspace_id: i64,
) -> Result<Vec<Credential>, AppError> {
    core.credentials(workspace_id).await
}
