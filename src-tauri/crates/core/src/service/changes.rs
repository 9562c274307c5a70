//! The Changes panel: every change not yet on the server, and its Retry (with keep mine on a
//! conflict), Edit and Discard.

use std::sync::Arc;

use towerdesk_store::{ChangeItem, ChangeOp, ChangeState, Entity, Workspace, WorkspaceInput};

use super::Towerdesk;
use super::workspaces::tidy;
use crate::error::{AppError, ErrorKind, Result};
use crate::sync;

impl Towerdesk {
    pub async fn changes(&self, account_id: Option<i64>) -> Result<Vec<ChangeItem>, AppError> {
        let mut items = self.store()?.changes(account_id).await?;
        for c in &mut items {
            // Only a workspace's queued create or edit can be rewritten from the panel.
            let editable_entity = match c.entity {
                Entity::Workspace => true,
                Entity::Label | Entity::WorkspaceSettings | Entity::Participant => false,
            };
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
        let queued: serde_json::Value = serde_json::from_str(&row.payload).map_err(|e| {
            AppError::new(
                ErrorKind::Internal,
                format!("The queued change could not be read: {e}"),
            )
        })?;
        let org_id = queued["orgId"].as_i64().ok_or_else(|| {
            AppError::new(
                ErrorKind::Internal,
                "The queued change names no organization.",
            )
        })?;
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
            queued["workspaceId"].as_i64(),
            row.base_last_updated.clone(),
        );
        store.edit_workspace_change(change, &input, &edited).await?;
        self.after_change(row.account_id);
        store.workspace(local).await.map_err(AppError::from)
    }

    pub async fn retry_change(self: &Arc<Self>, change: i64) -> Result<(), AppError> {
        let store = self.store()?;
        let row = store.outbox_row(change).await?;
        // "Keep mine" on a conflict: based on the server's version the conflict was about.
        let mut rebase = None;
        if row.state == ChangeState::Conflict {
            match row.entity {
                // A label or Studios settings: based on the server's values now.
                Entity::Label | Entity::WorkspaceSettings => {
                    self.keep_mine_values(&row).await?;
                    self.after_change(row.account_id);
                    return Ok(());
                }
                // A workspace: on the server's `lastUpdated`; for an edit of a workspace deleted
                // on the server, create it again.
                Entity::Workspace => {
                    if let Some(local) = row.local_id {
                        let account = store.account_row(row.account_id).await?;
                        let ws = store.workspace(local).await?;
                        if let (Some(org), Some(id)) = (ws.org_id, ws.workspace_id) {
                            let client = self.client(&account).await?;
                            match client.describe_workspace(org, id).await {
                                Ok(w) => rebase = w.last_updated.map(|t| t.to_rfc3339()),
                                Err(e) => {
                                    let kind = e.kind();
                                    let listed = sync::push::listed_after_failed_lookup(
                                        &client, org, id, &kind,
                                    )
                                    .await;
                                    let op = row.op;
                                    if op == ChangeOp::Update
                                        && sync::decide::gone_on_lookup(op, 0, &kind, listed)
                                    {
                                        store.recreate_workspace_change(change).await?;
                                        self.after_change(row.account_id);
                                        return Ok(());
                                    }
                                    return Err(AppError::from(e));
                                }
                            }
                        }
                    }
                }
                // A participant: on the role the server gives them now.
                Entity::Participant => {
                    if let Some(local) = row.local_id {
                        rebase = self.participant_server_role(row.account_id, local).await?;
                    }
                }
            }
        }
        store.retry_change(change, rebase.as_deref()).await?;
        self.after_change(row.account_id);
        Ok(())
    }

    pub async fn discard_change(&self, change: i64) -> Result<(), AppError> {
        self.store()?
            .discard_change(change)
            .await
            .map_err(AppError::from)
    }
}
