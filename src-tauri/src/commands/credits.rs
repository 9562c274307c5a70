use towerdesk_core::{AppError, CreditsDashboard};

use super::Core;

/// Spend of one account (every account when None).
#[tauri::command]
#[specta::specta]
pub async fn credits_dashboard(
    core: Core<'_>,
    account_id: Option<i64>,
) -> Result<CreditsDashboard, AppError> {
    core.credits(account_id).await
}
