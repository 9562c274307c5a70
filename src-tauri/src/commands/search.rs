use towerdesk_core::{AppError, SearchResult};

use super::Core;

/// Search across every account, organization and workspace kept here (Ctrl/Cmd+K), offline.
#[tauri::command]
#[specta::specta]
pub async fn search(core: Core<'_>, query: String) -> Result<Vec<SearchResult>, AppError> {
    core.search(&query).await
}
