use towerdesk_core::{AppError, ParticipantCandidate, ParticipantInput, ParticipantView};

use super::Core;

#[tauri::command]
#[specta::specta]
pub async fn list_participants(
    core: Core<'_>,
    workspace_id: i64,
) -> Result<Vec<ParticipantView>, AppError> {
    core.participant_views(workspace_id).await
}

/// The organization's members, collaborators and teams for the "Add participant" picker, read
/// live from the server (an `offline` error when it cannot be reached).
#[tauri::command]
#[specta::specta]
pub async fn list_participant_candidates(
    core: Core<'_>,
    workspace_id: i64,
) -> Result<Vec<ParticipantCandidate>, AppError> {
    core.participant_candidates(workspace_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn add_participant(
    core: Core<'_>,
    workspace_id: i64,
    input: ParticipantInput,
) -> Result<ParticipantView, AppError> {
    let added = core.add_participant(workspace_id, input).await?;
    core.participant_view(added).await
}

/// `participant_id` is the local id ([`towerdesk_core::Participant::id`]).
#[tauri::command]
#[specta::specta]
pub async fn change_participant_role(
    core: Core<'_>,
    participant_id: i64,
    role: String,
) -> Result<ParticipantView, AppError> {
    let changed = core.change_participant_role(participant_id, role).await?;
    core.participant_view(changed).await
}

/// `participant_id` is the local id ([`towerdesk_core::Participant::id`]).
#[tauri::command]
#[specta::specta]
pub async fn remove_participant(core: Core<'_>, participant_id: i64) -> Result<(), AppError> {
    core.remove_participant(participant_id).await
}
