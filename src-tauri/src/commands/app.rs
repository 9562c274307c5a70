use towerdesk_core::{AppError, AppState};

use super::Core;

#[tauri::command]
#[specta::specta]
pub async fn get_app_state(core: Core<'_>) -> Result<AppState, AppError> {
    let state = core.app_state().await;
    crate::note_first_screen();
    state
}
