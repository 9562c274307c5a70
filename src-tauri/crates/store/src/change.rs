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
