//! What the core tells its observers (the window, through the shell): an account's status or sync
//! progress changed, or the data of one section of an account (or of one of its workspaces)
//! changed. The service sends them after its local writes and its syncs ([`crate::Towerdesk`]'s
//! `subscribe`); an observer reloads only what an event names.

use serde::Serialize;
use tokio::sync::broadcast;

use crate::status::SyncProgress;

/// What a section of the window shows; a [`CoreEvent::DataChanged`] names one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum Section {
    /// The account's organizations (and their workspace counts).
    Organizations,
    /// The account's workspaces (names, details, roles, queued-change marks).
    Workspaces,
    Pipelines,
    ComputeEnvs,
    /// A workspace's credentials (metadata).
    Credentials,
    /// A workspace's pipeline actions.
    Actions,
    /// An organization's members, collaborators and teams (the organization page's tabs).
    OrgPeople,
    Runs,
    Participants,
    /// Labels and Studios settings.
    Settings,
    /// The credits dashboard (spend from runs).
    Credits,
    /// The queued changes: the Changes panel and the status bar's counts.
    Changes,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum CoreEvent {
    /// The account's status changed: a sync started or ended, it went offline or online, its
    /// token expired, it was added or removed. Its status is read again with `app_state`.
    #[serde(rename_all = "camelCase")]
    AccountStatus { account_id: i64 },
    /// What a running sync of the account is doing (None: it is between steps or done).
    #[serde(rename_all = "camelCase")]
    SyncProgress {
        account_id: i64,
        progress: Option<SyncProgress>,
    },
    /// The data of `section` changed: of the workspace with local id `workspace_id`, or, when
    /// None, of the account as a whole or of any of its workspaces.
    #[serde(rename_all = "camelCase")]
    DataChanged {
        account_id: i64,
        workspace_id: Option<i64>,
        section: Section,
    },
    /// A run launched from here finished (once per run): the shell shows a desktop notification.
    #[serde(rename_all = "camelCase")]
    RunFinished {
        account_id: i64,
        workspace_id: i64,
        run_id: i64,
        run_name: String,
        /// `succeeded`, `failed`, `cancelled` or `unknown`.
        status: String,
        /// `organization/workspace`.
        workspace_ref: String,
    },
    /// A budget's month-end forecast went over the budget (once per crossing): the shell shows a
    /// desktop notification, the dashboard its warning.
    #[serde(rename_all = "camelCase")]
    BudgetCrossed {
        account_id: i64,
        budget_id: i64,
        /// `org/workspace` or the organization's name.
        target: String,
        /// The notification's title and body, in the core's words.
        title: String,
        body: String,
    },
    /// The server refused an account's token (once, when it goes from working to refused): the
    /// shell shows a desktop notification.
    #[serde(rename_all = "camelCase")]
    TokenExpired {
        account_id: i64,
        title: String,
        body: String,
    },
    /// Some events were missed (an observer fell behind): everything may have changed.
    Everything,
}

/// How many events an observer may fall behind before it misses some (and is told
/// [`CoreEvent::Everything`] by whoever forwards them).
const CAPACITY: usize = 256;

/// The sending side, owned by the service.
#[derive(Debug, Clone)]
pub(crate) struct Events {
    tx: broadcast::Sender<CoreEvent>,
}

impl Events {
    pub(crate) fn new() -> Self {
        Self {
            tx: broadcast::channel(CAPACITY).0,
        }
    }

    pub(crate) fn subscribe(&self) -> broadcast::Receiver<CoreEvent> {
        self.tx.subscribe()
    }

    /// Whether anyone listens (the pull compares what it wrote only then).
    pub(crate) fn watched(&self) -> bool {
        self.tx.receiver_count() > 0
    }

    /// Sends to whoever listens; with no one listening the event is dropped.
    pub(crate) fn send(&self, event: CoreEvent) {
        tracing::trace!(?event, "core event");
        let _ = self.tx.send(event);
    }

    pub(crate) fn data(&self, account_id: i64, workspace_id: Option<i64>, sections: &[Section]) {
        for &section in sections {
            self.send(CoreEvent::DataChanged {
                account_id,
                workspace_id,
                section,
            });
        }
    }
}

/// The sections a queued change of `entity` shows in besides the Changes panel (its row's
/// "waiting"/"conflict" mark, and the object itself once it completes or is discarded): each
/// entity's `SyncedEntity::SECTIONS`, from the core's entity table.
pub(crate) fn sections_of_change(entity: towerdesk_store::Entity) -> &'static [Section] {
    use crate::sync::entities::{SyncedEntity, with_synced_entity};
    with_synced_entity!(entity, |E| E::SECTIONS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_reach_the_window_in_camel_case_with_their_kind() {
        let json = serde_json::to_value(CoreEvent::DataChanged {
            account_id: 1,
            workspace_id: Some(7),
            section: Section::ComputeEnvs,
        })
        .unwrap();
        assert_eq!(
            json,
            serde_json::json!({"kind": "dataChanged", "accountId": 1, "workspaceId": 7, "section": "computeEnvs"})
        );
        assert_eq!(
            serde_json::to_value(CoreEvent::Everything).unwrap(),
            serde_json::json!({"kind": "everything"})
        );
    }

    #[test]
    fn every_queued_entity_names_its_section() {
        use towerdesk_store::Entity;
        for entity in [
            Entity::Workspace,
            Entity::WorkspaceSettings,
            Entity::Label,
            Entity::Participant,
            Entity::Launch,
        ] {
            assert!(!sections_of_change(entity).is_empty(), "{entity}");
        }
        assert_eq!(sections_of_change(Entity::Launch), &[Section::Runs]);
        assert_eq!(
            sections_of_change(Entity::Workspace),
            &[Section::Workspaces, Section::Organizations]
        );
    }
}
