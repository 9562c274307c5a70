//! What the window gets for a compute environment: the stored row, the state of a queued Make
//! primary of it, and whether the user may make it primary (role and status, as
//! [`crate::rules::permissions::make_primary_compute_env`] decides).

use serde::Serialize;
use towerdesk_store::{ChangeState, ComputeEnv};

use crate::rules::permissions::Permission;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ComputeEnvView {
    #[serde(flatten)]
    #[cfg_attr(feature = "specta", specta(inline))]
    pub env: ComputeEnv,
    /// The queued Make primary of it: waiting, rejected or conflict (None: none queued).
    pub change_state: Option<ChangeState>,
    pub change_message: Option<String>,
    pub make_primary: Permission,
}
