//! The Changes panel: every change not yet on the server, and its Retry (with keep mine on a
//! conflict), Edit and Discard.

use std::sync::Arc;

use towerdesk_store::{ChangeItem, Workspace, WorkspaceInput};

use super::Towerdesk;
use super::workspaces::tidy;
use crate::error::{AppError, ErrorKind, Result};
use crate::sync;

impl Towerdesk {
    pub async fn changes(&self, account_id: Option<i64>) -> Result<Vec<ChangeItem>, AppError> {
        let mut items = self.store()?.changes(account_id).await?;
        for c in &mut items {
            c.editable = c.entity == "workspace"
                && c.local_id.is_some()
                && sync::decide::Op::parse(&c.op)
                    .is_some_and(|op| sync::decide::may_edit(op, c.state, c.attempts).is_ok());
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
        let op = sync::decide::Op::parse(&row.op);
        let (Some(op), "workspace", Some(local)) = (op, row.entity.as_str(), row.local_id) else {
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
        let op = if op == sync::decide::Op::Create {
            "create"
        } else {
            "update"
        };
        let edited = sync::workspace_change(
            op,
            org_id,
            &input,
            queued["workspaceId"].as_i64(),
            row.base_last_updated.clone(),
        );
        store.edit_workspace_change(change, &input, &edited).await?;
        self.change_handled(row.account_id, &row.entity);
        self.after_change(row.account_id);
        store.workspace(local).await.map_err(AppError::from)
    }

    pub async fn retry_change(self: &Arc<Self>, change: i64) -> Result<(), AppError> {
        let store = self.store()?;
        let row = store.outbox_row(change).await?;
        // "Keep mine" on a label or Studios settings conflict: based on the server's values now.
        if row.state == towerdesk_store::ChangeState::Conflict
            && matches!(row.entity.as_str(), "label" | "workspace_settings")
        {
            self.keep_mine_values(&row).await?;
            self.change_handled(row.account_id, &row.entity);
            self.after_change(row.account_id);
            return Ok(());
        }
        // "Keep mine" on a conflict: base the change on the server's version the conflict was
        // about; for an edit of a workspace deleted on the server, create it again.
        let mut rebase = None;
        if let (towerdesk_store::ChangeState::Conflict, "workspace", Some(local)) =
            (row.state, row.entity.as_str(), row.local_id)
        {
            let account = store.account_row(row.account_id).await?;
            let ws = store.workspace(local).await?;
            if let (Some(org), Some(id)) = (ws.org_id, ws.workspace_id) {
                let client = self.client(&account).await?;
                match client.describe_workspace(org, id).await {
                    Ok(w) => rebase = w.last_updated.map(|t| t.to_rfc3339()),
                    Err(e) => {
                        let kind = e.kind();
                        let listed =
                            sync::push::listed_after_failed_lookup(&client, org, id, &kind).await;
                        let op =
                            sync::decide::Op::parse(&row.op).unwrap_or(sync::decide::Op::Update);
                        if op == sync::decide::Op::Update
                            && sync::decide::gone_on_lookup(op, 0, &kind, listed)
                        {
                            store.recreate_workspace_change(change).await?;
                            self.change_handled(row.account_id, &row.entity);
                            self.after_change(row.account_id);
                            return Ok(());
                        }
                        return Err(AppError::from(e));
                    }
                }
            }
        }
        if let (towerdesk_store::ChangeState::Conflict, "participant", Some(local)) =
            (row.state, row.entity.as_str(), row.local_id)
        {
            rebase = self.participant_server_role(row.account_id, local).await?;
        }
        store.retry_change(change, rebase.as_deref()).await?;
        self.change_handled(row.account_id, &row.entity);
        self.after_change(row.account_id);
        Ok(())
    }

    pub async fn discard_change(&self, change: i64) -> Result<(), AppError> {
        let store = self.store()?;
        let row = store.outbox_row(change).await?;
        store.discard_change(change).await?;
        self.change_handled(row.account_id, &row.entity);
        Ok(())
    }
}
