use towerdesk_core::{AppError, Participant, ParticipantCandidate, ParticipantInput};

use super::Core;

#[tauri::command]
#[specta::specta]
pub async fn list_participants(
    core: Core<'_>,
    workspace_id: i64,
) -> Result<Vec<Participant>, AppError> {
    core.participants(workspace_id).await
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
) -> Result<Participant, AppError> {
    core.add_participant(workspace_id, input).await
}

/// `participant_id` is the local id ([`Participant::id`]).
#[tauri::command]
#[specta::specta]
pub async fn change_participant_role(
    core: Core<'_>,
    participant_id: i64,
    role: String,
) -> Result<Participant, AppError> {
    core.change_participant_role(participant_id, role).await
}

/// `participant_id` is the local id ([`Participant::id`]).
#[tauri::command]
#[specta::specta]
pub async fn remove_participant(core: Core<'_>, participant_id: i64) -> Result<(), AppError> {
    core.remove_participant(participant_id).await
}
