use towerdesk_core::{Account, AppError};

use super::Core;

#[tauri::command]
#[specta::specta]
pub async fn open_demo(core: Core<'_>) -> Result<Account, AppError> {
    core.open_demo().await
}

#[tauri::command]
#[specta::specta]
pub async fn add_account(
    core: Core<'_>,
    server_url: String,
    token: String,
) -> Result<Account, AppError> {
    core.add_account(&server_url, &token).await
}

#[tauri::command]
#[specta::specta]
pub async fn remove_account(core: Core<'_>, account_id: i64) -> Result<(), AppError> {
    core.remove_account(account_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn sync_account(core: Core<'_>, account_id: i64) -> Result<(), AppError> {
    core.sync_account(account_id).await
}
