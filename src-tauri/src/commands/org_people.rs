use towerdesk_core::{AppError, OrgPeopleView};

use super::Core;

/// The organization page's Members, Teams and Collaborators tabs: the organization's (local id)
/// people as the last sync saw them, how each listing ended, and what the user may do.
#[tauri::command]
#[specta::specta]
pub async fn list_org_people(
    core: Core<'_>,
    organization_id: i64,
) -> Result<OrgPeopleView, AppError> {
    core.org_people(organization_id).await
}
