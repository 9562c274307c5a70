//! Organizations and workspaces: reads from the store; add, edit and delete through the outbox.

use std::sync::Arc;

use towerdesk_store::{
    ChangeOp, NewChange, Organization, Workspace, WorkspaceInput, WorkspacePayload,
};

use super::Towerdesk;
use crate::error::{AppError, ErrorKind, Result};
use crate::events::Section;
use crate::rules::permissions::{self, PERSONAL_NOT_EDITABLE};
use crate::rules::{self, FieldError};
use crate::sync;

impl Towerdesk {
    pub async fn organizations(&self, account_id: i64) -> Result<Vec<Organization>, AppError> {
        self.store()?
            .organizations(account_id)
            .await
            .map_err(AppError::from)
    }

    pub async fn workspaces(
        &self,
        account_id: i64,
        org_id: Option<i64>,
    ) -> Result<Vec<Workspace>, AppError> {
        self.store()?
            .workspaces(account_id, org_id)
            .await
            .map_err(AppError::from)
    }

    pub async fn check_workspace_input(
        &self,
        account_id: i64,
        org_id: i64,
        input: &WorkspaceInput,
        workspace: Option<i64>,
    ) -> Result<Vec<FieldError>, AppError> {
        let taken = self
            .store()?
            .workspace_name_taken(account_id, org_id, input.name.trim(), workspace)
            .await?;
        Ok(rules::check_workspace_input(input, taken))
    }

    pub async fn create_workspace(
        self: &Arc<Self>,
        account_id: i64,
        org_id: i64,
        input: WorkspaceInput,
    ) -> Result<Workspace, AppError> {
        let input = tidy(input);
        let store = self.store()?;
        let orgs = store.organizations(account_id).await?;
        let org = orgs.iter().find(|o| o.org_id == org_id).ok_or_else(|| {
            AppError::new(
                ErrorKind::NotFound,
                "That organization is not known here. Sync and try again.",
            )
        })?;
        permissions::add_workspace(org.role.as_deref()).require()?;
        self.refuse_invalid(account_id, org_id, &input, None)
            .await?;
        let change = sync::workspace_change(ChangeOp::Create, org_id, &input, None, None);
        let ws = store
            .create_workspace_local(account_id, org_id, &input, &change)
            .await?;
        self.wrote(
            account_id,
            None,
            &[Section::Workspaces, Section::Organizations],
        );
        self.after_change(account_id);
        Ok(ws)
    }

    pub async fn update_workspace(
        self: &Arc<Self>,
        workspace: i64,
        input: WorkspaceInput,
    ) -> Result<Workspace, AppError> {
        let input = tidy(input);
        let store = self.store()?;
        let current = store.workspace(workspace).await?;
        self.workspace_permissions(&current).await?.edit.require()?;
        let org_id = org_of(&current)?;
        self.refuse_invalid(current.account_id, org_id, &input, Some(workspace))
            .await?;
        let change = sync::workspace_change(
            ChangeOp::Update,
            org_id,
            &input,
            current.workspace_id,
            current.last_updated.clone(),
        );
        let ws = store
            .update_workspace_local(workspace, &input, &change)
            .await?;
        self.wrote(current.account_id, Some(workspace), &[Section::Workspaces]);
        self.after_change(current.account_id);
        Ok(ws)
    }

    pub async fn delete_workspace(self: &Arc<Self>, workspace: i64) -> Result<(), AppError> {
        let store = self.store()?;
        let current = store.workspace(workspace).await?;
        self.workspace_permissions(&current)
            .await?
            .delete
            .require()?;
        let org_id = org_of(&current)?;
        let payload = WorkspacePayload {
            org_id,
            workspace_id: current.workspace_id,
            name: String::new(),
            full_name: String::new(),
            description: None,
            visibility: None,
        };
        let change = NewChange::of(
            ChangeOp::Delete,
            &payload,
            Some(format!("{org_id}/{}", current.name)),
            current.last_updated.clone(),
            format!("Delete workspace {}", current.name),
        );
        store.delete_workspace_local(workspace, &change).await?;
        self.wrote(
            current.account_id,
            None,
            &[Section::Workspaces, Section::Organizations],
        );
        self.after_change(current.account_id);
        Ok(())
    }

    pub(super) async fn refuse_invalid(
        &self,
        account_id: i64,
        org_id: i64,
        input: &WorkspaceInput,
        ws: Option<i64>,
    ) -> Result<(), AppError> {
        let errors = self
            .check_workspace_input(account_id, org_id, input, ws)
            .await?;
        match errors.first() {
            Some(first) => Err(AppError::new(ErrorKind::Validation, first.message.clone())),
            None => Ok(()),
        }
    }
}

/// The organization of a workspace that is not the personal one (which its permissions refuse
/// to edit or delete first).
fn org_of(ws: &Workspace) -> Result<i64, AppError> {
    ws.org_id
        .ok_or_else(|| AppError::new(ErrorKind::Forbidden, PERSONAL_NOT_EDITABLE))
}

pub(super) fn tidy(input: WorkspaceInput) -> WorkspaceInput {
    WorkspaceInput {
        name: input.name.trim().to_string(),
        full_name: input.full_name.trim().to_string(),
        description: input
            .description
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty()),
        visibility: input.visibility,
    }
}
