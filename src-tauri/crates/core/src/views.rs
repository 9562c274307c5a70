//! What the window gets for an organization, a workspace and a participant: the stored row and
//! what the signed-in user may do with it, as [`crate::rules::permissions`] decided. The window
//! enables or disables its controls from these values only, and shows the reason of a refusal;
//! the service commands refuse exactly what they refuse, with the same reason.
//!
//! In the TypeScript bindings these are `Organization`, `Workspace` and `Participant` (the row's
//! fields, inlined, and `permissions`): the window never sees a row without its permissions.

mod actions;
mod compute_envs;
mod org_people;
mod runs;

pub use actions::ActionView;
pub use compute_envs::ComputeEnvView;
pub use org_people::{MemberListing, OrgMemberView, OrgPeopleView, TeamListing};
pub use runs::{RunList, RunPage, RunView};

use serde::Serialize;
use towerdesk_store::{Organization, Participant, Workspace};

use crate::rules::permissions::{
    OrganizationPermissions, ParticipantPermissions, WorkspacePermissions,
};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "specta", specta(rename = "Organization"))]
#[serde(rename_all = "camelCase")]
pub struct OrganizationView {
    #[serde(flatten)]
    #[cfg_attr(feature = "specta", specta(inline))]
    pub organization: Organization,
    pub permissions: OrganizationPermissions,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "specta", specta(rename = "Workspace"))]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceView {
    #[serde(flatten)]
    #[cfg_attr(feature = "specta", specta(inline))]
    pub workspace: Workspace,
    pub permissions: WorkspacePermissions,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "specta", specta(rename = "Participant"))]
#[serde(rename_all = "camelCase")]
pub struct ParticipantView {
    #[serde(flatten)]
    #[cfg_attr(feature = "specta", specta(inline))]
    pub participant: Participant,
    pub permissions: ParticipantPermissions,
}

/// A draft as the Drafts view and the forms get it: the stored draft and, for a pipeline draft,
/// the form it holds (read from its body; None if the body is not a pipeline form).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "specta", specta(rename = "Draft"))]
#[serde(rename_all = "camelCase")]
pub struct DraftView {
    #[serde(flatten)]
    #[cfg_attr(feature = "specta", specta(inline))]
    pub draft: towerdesk_store::Draft,
    pub form: Option<towerdesk_store::PipelineInput>,
}

impl DraftView {
    pub fn of(draft: towerdesk_store::Draft) -> Self {
        let form = match draft.kind {
            towerdesk_store::DraftKind::Pipeline => serde_json::from_str(&draft.body).ok(),
            towerdesk_store::DraftKind::Launch => None,
        };
        Self { draft, form }
    }
}
