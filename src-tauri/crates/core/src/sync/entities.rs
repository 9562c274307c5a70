//! The core's one table of synced entities: how a queued change of each is sent, whether the
//! Changes panel can rewrite it, and what "Keep mine" does on a conflict. The store has the same
//! table for how a change ends (`towerdesk-store`'s `change.rs`). Adding an entity is a variant of
//! `towerdesk_store::Entity`, a payload type, one module per layer implementing the two traits,
//! and one line in each table (docs/ARCHITECTURE.md, "How to add a synced entity").

use towerdesk_platform_api::PlatformClient;
use towerdesk_store::{OutboxRow, Store};

use super::push::{Failure, Sent};
use crate::error::AppError;

/// What the core does with a queued change of one entity. One implementation per entity, in
/// `sync/push/<entity>.rs`.
pub(crate) trait SyncedEntity {
    /// Whether the Changes panel's Edit can rewrite a queued change of this entity.
    const EDITABLE: bool;

    /// The window's sections a change of this entity shows in besides the Changes panel (they
    /// reload when it completes or ends).
    const SECTIONS: &'static [crate::events::Section];

    /// Sends one queued change: looks the object up first where a lost answer or a newer
    /// version could matter, and ends the change in the store when the server has it.
    async fn send(
        store: &Store,
        client: &PlatformClient,
        change: &OutboxRow,
    ) -> std::result::Result<Sent, Failure>;

    /// "Keep mine" on a conflict: the change is based on the server's version now and goes back
    /// in the queue, so it overwrites that version at the next push.
    async fn keep_mine(
        store: &Store,
        client: &PlatformClient,
        row: &OutboxRow,
    ) -> std::result::Result<(), AppError>;
}

/// The table: `with_synced_entity!(entity, |E| expr)` runs `expr` with `E` the entity's type.
macro_rules! with_synced_entity {
    ($entity:expr, |$E:ident| $body:expr) => {
        match $entity {
            towerdesk_store::Entity::Workspace => {
                type $E = $crate::sync::push::workspaces::WorkspaceSync;
                $body
            }
            towerdesk_store::Entity::Label => {
                type $E = $crate::sync::push::labels::LabelSync;
                $body
            }
            towerdesk_store::Entity::WorkspaceSettings => {
                type $E = $crate::sync::push::labels::SettingsSync;
                $body
            }
            towerdesk_store::Entity::Participant => {
                type $E = $crate::sync::push::participants::ParticipantSync;
                $body
            }
            towerdesk_store::Entity::Launch => {
                type $E = $crate::sync::push::launches::LaunchSync;
                $body
            }
            towerdesk_store::Entity::Pipeline => {
                type $E = $crate::sync::push::pipelines::PipelineSync;
                $body
            }
            towerdesk_store::Entity::PrimaryComputeEnv => {
                type $E = $crate::sync::push::compute_envs::PrimaryComputeEnvSync;
                $body
            }
        }
    };
}
pub(crate) use with_synced_entity;
