//! The Changes panel: every change not yet on the server, and its Retry (with keep mine on a
//! conflict), Edit and Discard.

use std::sync::Arc;

use towerdesk_store::{
    ChangeItem, ChangeOp, ChangeState, Entity, Workspace, WorkspaceInput, WorkspacePayload,
};

use super::Towerdesk;
use super::workspaces::tidy;
use crate::error::{AppError, ErrorKind, Result};
use crate::sync;
use crate::sync::entities::{SyncedEntity, with_synced_entity};

impl Towerdesk {
    pub async fn changes(&self, account_id: Option<i64>) -> Result<Vec<ChangeItem>, AppError> {
        let mut items = self.store()?.changes(account_id).await?;
        for c in &mut items {
            let editable_entity = with_synced_entity!(c.entity, |E| E::EDITABLE);
            c.editable = editable_entity
                && c.local_id.is_some()
                && sync::decide::may_edit(c.op, c.state, c.attempts).is_ok();
        }
        Ok(items)
    }

    /// The Changes panel's Edit: new fields for a queued workspace create or edit (one that was
    /// rejected, say for a name taken meanwhile). Checked like a new edit; the change goes back in
    /// the queue with them.
    pub async fn edit_workspace_change(
        self: &Arc<Self>,
        change: i64,
        input: WorkspaceInput,
    ) -> Result<Workspace, AppError> {
        let input = tidy(input);
        let store = self.store()?;
        let row = store.outbox_row(change).await?;
        let op = row.op;
        let (Entity::Workspace, Some(local)) = (row.entity, row.local_id) else {
            return Err(AppError::new(
                ErrorKind::Validation,
                "Only a queued change of a workspace can be edited here.",
            ));
        };
        sync::decide::may_edit(op, row.state, row.attempts)
            .map_err(|why| AppError::new(ErrorKind::Validation, why))?;
        let queued: WorkspacePayload = row.payload_as().map_err(|e| {
            AppError::new(
                ErrorKind::Internal,
                format!("The queued change could not be read: {e}"),
            )
        })?;
        let org_id = queued.org_id;
        self.refuse_invalid(row.account_id, org_id, &input, Some(local))
            .await?;
        let op = match op {
            ChangeOp::Create => ChangeOp::Create,
            ChangeOp::Update | ChangeOp::Delete => ChangeOp::Update,
        };
        let edited = sync::workspace_change(
            op,
            org_id,
            &input,
            queued.workspace_id,
            row.base_last_updated.clone(),
        );
        store.edit_workspace_change(change, &input, &edited).await?;
        self.change_handled(row.account_id, row.entity);
        self.after_change(row.account_id);
        store.workspace(local).await.map_err(AppError::from)
    }

    pub async fn retry_change(self: &Arc<Self>, change: i64) -> Result<(), AppError> {
        let store = self.store()?;
        let row = store.outbox_row(change).await?;
        if row.state == ChangeState::Conflict {
            // "Keep mine": based on the server's version the conflict was about.
            let account = store.account_row(row.account_id).await?;
            let client = self.client(&account).await?;
            with_synced_entity!(row.entity, |E| E::keep_mine(store, &client, &row).await)?;
        } else {
            store.retry_change(change, None).await?;
        }
        self.change_handled(row.account_id, row.entity);
        self.after_change(row.account_id);
        Ok(())
    }

    pub async fn discard_change(&self, change: i64) -> Result<(), AppError> {
        let store = self.store()?;
        let row = store.outbox_row(change).await?;
        store.discard_change(change).await?;
        self.change_handled(row.account_id, row.entity);
        Ok(())
    }
}
