//! What a queued change is about and what it does. Stored in the outbox as the TEXT values below
//! (`entity`, `op`), the same text Towerdesk has always written, so no migration is needed; a
//! value this build does not know fails to read with an error naming it (`invalid value "…" for
//! enum Entity`), it is never guessed at.
//!
//! Matches on these are exhaustive on purpose: adding an entity makes the compiler list every
//! place that must handle it.

use serde::{Deserialize, Serialize};

/// The kind of object a queued change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, sqlx::Type)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
#[sqlx(rename_all = "snake_case", type_name = "TEXT")]
pub enum Entity {
    Workspace,
    Label,
    /// The Studios settings of a workspace (the session lifespan).
    WorkspaceSettings,
    Participant,
    /// A run launched from a pipeline (always a create; the run is found again by its name).
    Launch,
    Pipeline,
    /// Make primary on a workspace's compute environment (always an update; the change's local id
    /// is the workspace's, since a workspace has one primary compute environment).
    PrimaryComputeEnv,
}

/// The kind of operation a queued change is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, sqlx::Type)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
#[sqlx(rename_all = "snake_case", type_name = "TEXT")]
pub enum ChangeOp {
    Create,
    Update,
    Delete,
}

impl Entity {
    /// The stored text, for SQL fragments that need the literal.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Workspace => "workspace",
            Self::Label => "label",
            Self::WorkspaceSettings => "workspace_settings",
            Self::Participant => "participant",
            Self::Launch => "launch",
            Self::Pipeline => "pipeline",
            Self::PrimaryComputeEnv => "primary_compute_env",
        }
    }
}

impl ChangeOp {
    /// The stored text, for SQL fragments that need the literal.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Update => "update",
            Self::Delete => "delete",
        }
    }
}

macro_rules! text_like {
    ($t:ty) => {
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl PartialEq<str> for $t {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        impl PartialEq<&str> for $t {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }
    };
}

text_like!(Entity);
text_like!(ChangeOp);

/// How the store ends a queued change of one entity, inside the transaction that removes the
/// change from the queue. One implementation per entity, in that entity's module.
pub(crate) trait StoredEntity {
    /// The server has the change: record the server's id of a created object (folding in a twin
    /// a pull brought while the create's outcome was unknown) and its `lastUpdated`, forget a
    /// deleted one.
    async fn complete(
        conn: &mut sqlx::SqliteConnection,
        row: &crate::OutboxRow,
        created_remote_id: Option<i64>,
        last_updated: Option<&str>,
    ) -> crate::Result<()>;

    /// The user let the change go (Discard, or "Take theirs" on a conflict): a local create
    /// disappears, a local delete is undone, a local edit goes back to what it was based on.
    async fn discard(
        conn: &mut sqlx::SqliteConnection,
        row: &crate::OutboxRow,
    ) -> crate::Result<()>;
}

/// The store's one table of synced entities: which module ends the changes of each. Adding an
/// entity is a variant of [`Entity`], a module implementing [`StoredEntity`], and one line here
/// (docs/ARCHITECTURE.md, "How to add a synced entity").
macro_rules! with_stored_entity {
    ($entity:expr, |$E:ident| $body:expr) => {
        match $entity {
            $crate::Entity::Workspace => {
                type $E = $crate::workspaces::WorkspaceChanges;
                $body
            }
            $crate::Entity::Label => {
                type $E = $crate::labels::LabelChanges;
                $body
            }
            $crate::Entity::WorkspaceSettings => {
                type $E = $crate::labels::SettingsChanges;
                $body
            }
            $crate::Entity::Participant => {
                type $E = $crate::participants::ParticipantChanges;
                $body
            }
            $crate::Entity::Launch => {
                type $E = $crate::launches::LaunchChanges;
                $body
            }
            $crate::Entity::Pipeline => {
                type $E = $crate::pipelines::PipelineChanges;
                $body
            }
            $crate::Entity::PrimaryComputeEnv => {
                type $E = $crate::compute_envs::PrimaryComputeEnvChanges;
                $body
            }
        }
    };
}
pub(crate) use with_stored_entity;
