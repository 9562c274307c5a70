use towerdesk_core::{AppError, ComputeEnv, Credential, Pipeline, PipelinesFrom};

use super::Core;

#[tauri::command]
#[specta::specta]
pub async fn list_pipelines(
    core: Core<'_>,
    workspace_id: i64,
    from: PipelinesFrom,
    search: Option<String>,
) -> Result<Vec<Pipeline>, AppError> {
    core.pipelines(workspace_id, from, search.as_deref()).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_compute_envs(
    core: Core<'_>,
    workspace_id: i64,
) -> Result<Vec<ComputeEnv>, AppError> {
    core.compute_envs(workspace_id).await
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
