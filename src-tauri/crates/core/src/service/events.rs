//! What the service tells its observers (see [`crate::events`]): every event the service sends
//! goes through the few functions here, called after each local write and by the syncs.

use tokio::sync::broadcast;

use super::Towerdesk;
use crate::events::{CoreEvent, Section, sections_of_change};
use crate::sync::pull::Progress;

impl Towerdesk {
    /// Tells the caller from now on what changed: account statuses, sync progress, and which
    /// section of which account and workspace has new data. A receiver that falls more than a
    /// few hundred events behind misses some (`RecvError::Lagged`) and should reload everything.
    pub fn subscribe(&self) -> broadcast::Receiver<CoreEvent> {
        self.events.subscribe()
    }

    /// After a local write: the sections it changed, of `workspace` (a local id) or, when None,
    /// of the account; and the queued changes, which every local write adds to.
    pub(super) fn wrote(&self, account_id: i64, workspace: Option<i64>, sections: &[Section]) {
        self.events.data(account_id, workspace, sections);
        self.events.data(account_id, None, &[Section::Changes]);
    }

    /// After a queued change of `entity` was retried, edited or discarded: the Changes panel and
    /// the sections the change shows in (of every workspace of the account).
    pub(super) fn change_handled(&self, account_id: i64, entity: towerdesk_store::Entity) {
        self.wrote(account_id, None, sections_of_change(entity));
    }

    /// The account's status (connection, last sync, token) changed, or it was added or removed.
    pub(super) fn status_changed(&self, account_id: i64) {
        self.events.send(CoreEvent::AccountStatus { account_id });
    }

    /// An account was added (or its token given again): its status, and its lists, which now
    /// hold at least its personal workspace.
    pub(super) fn account_changed(&self, account_id: i64) {
        self.status_changed(account_id);
        self.events.data(
            account_id,
            None,
            &[Section::Organizations, Section::Workspaces],
        );
    }

    /// What a sync of `account_id` reports to: the status bar's progress, and the sections the
    /// pull and the push changed.
    pub(super) fn sync_observer(&self, account_id: i64) -> SyncObserver<'_> {
        SyncObserver {
            tower: self,
            account_id,
        }
    }
}

pub(super) struct SyncObserver<'a> {
    tower: &'a Towerdesk,
    account_id: i64,
}

impl Progress for SyncObserver<'_> {
    fn report(&self, what: &str, done: i64, total: Option<i64>) {
        let progress = self.tower.progress(self.account_id, what, done, total);
        self.tower.events.send(CoreEvent::SyncProgress {
            account_id: self.account_id,
            progress: Some(progress),
        });
    }

    fn changed(&self, section: Section, workspace: Option<i64>) {
        self.tower
            .events
            .data(self.account_id, workspace, &[section]);
    }

    fn watching(&self) -> bool {
        self.tower.events.watched()
    }
}
