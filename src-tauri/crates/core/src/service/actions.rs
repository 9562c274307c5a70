//! The Actions section: a workspace's pipeline actions as the last sync saw them. Read-only here
//! (they are added and edited on the Platform); seeing them needs nothing beyond the workspace.

use super::Towerdesk;
use crate::error::{AppError, Result};
use crate::views::ActionView;

impl Towerdesk {
    /// The workspace's actions (local id `workspace`), by name.
    pub async fn actions(&self, workspace: i64) -> Result<Vec<ActionView>, AppError> {
        let rows = self
            .store()?
            .actions(workspace)
            .await
            .map_err(AppError::from)?;
        Ok(rows.into_iter().map(ActionView::of).collect())
    }
}
