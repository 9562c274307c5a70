//! The views the window lists (organizations, workspaces, participants) with what the user may do,
//! and the user's standing in a workspace that both the views and the commands decide from
//! ([`crate::rules::permissions`]).

use towerdesk_store::{Organization, Participant, Workspace};

use super::Towerdesk;
use crate::error::AppError;
use crate::rules::permissions::{
    OrganizationPermissions, ParticipantPermissions, Standing, WorkspacePermissions,
};
use crate::views::{OrganizationView, ParticipantView, WorkspaceView};

/// The user's standing in `ws`, given their role in its organization.
pub(super) fn standing<'a>(ws: &'a Workspace, org_role: Option<&'a str>) -> Standing<'a> {
    Standing {
        org_role: if ws.personal { None } else { org_role },
        workspace_role: ws.role.as_deref(),
        personal: ws.personal,
    }
}

fn org_role_in(orgs: &[Organization], ws: &Workspace) -> Option<String> {
    let org_id = ws.org_id?;
    orgs.iter()
        .find(|o| o.org_id == org_id)
        .and_then(|o| o.role.clone())
}

impl Towerdesk {
    /// The user's role in the organization of `ws`, as stored (None: unknown, or no organization).
    pub(super) async fn org_role_of(&self, ws: &Workspace) -> Result<Option<String>, AppError> {
        if ws.org_id.is_none() {
            return Ok(None);
        }
        let orgs = self.store()?.organizations(ws.account_id).await?;
        Ok(org_role_in(&orgs, ws))
    }

    /// What the user may do in `ws`: what its view says and its commands check.
    pub(super) async fn workspace_permissions(
        &self,
        ws: &Workspace,
    ) -> Result<WorkspacePermissions, AppError> {
        let org_role = self.org_role_of(ws).await?;
        Ok(WorkspacePermissions::of(standing(ws, org_role.as_deref())))
    }

    /// The account's organizations, each with what the user may do in it.
    pub async fn organization_views(
        &self,
        account_id: i64,
    ) -> Result<Vec<OrganizationView>, AppError> {
        let orgs = self.organizations(account_id).await?;
        Ok(orgs
            .into_iter()
            .map(|organization| OrganizationView {
                permissions: OrganizationPermissions::of(organization.role.as_deref()),
                organization,
            })
            .collect())
    }

    /// The account's workspaces (of one organization, or all), each with what the user may do.
    pub async fn workspace_views(
        &self,
        account_id: i64,
        org_id: Option<i64>,
    ) -> Result<Vec<WorkspaceView>, AppError> {
        let orgs = self.organizations(account_id).await?;
        let workspaces = self.workspaces(account_id, org_id).await?;
        Ok(workspaces
            .into_iter()
            .map(|workspace| {
                let org_role = org_role_in(&orgs, &workspace);
                WorkspaceView {
                    permissions: WorkspacePermissions::of(standing(
                        &workspace,
                        org_role.as_deref(),
                    )),
                    workspace,
                }
            })
            .collect())
    }

    /// One workspace as the window shows it (a command's answer after a change).
    pub async fn workspace_view(&self, workspace: Workspace) -> Result<WorkspaceView, AppError> {
        Ok(WorkspaceView {
            permissions: self.workspace_permissions(&workspace).await?,
            workspace,
        })
    }

    /// The workspace's participants, each with whether the user may remove them and which roles
    /// they may be given.
    pub async fn participant_views(
        &self,
        workspace: i64,
    ) -> Result<Vec<ParticipantView>, AppError> {
        let store = self.store()?;
        let ws = store.workspace(workspace).await?;
        let org_role = self.org_role_of(&ws).await?;
        let s = standing(&ws, org_role.as_deref());
        let all = store.participants(ws.id).await?;
        Ok(all
            .iter()
            .map(|p| ParticipantView {
                permissions: ParticipantPermissions::of(s, p, &all),
                participant: p.clone(),
            })
            .collect())
    }

    /// One participant as the window shows it (a command's answer after a change).
    pub async fn participant_view(
        &self,
        participant: Participant,
    ) -> Result<ParticipantView, AppError> {
        let store = self.store()?;
        let ws = store
            .workspace(store.participant_workspace(participant.id).await?)
            .await?;
        let org_role = self.org_role_of(&ws).await?;
        let all = store.participants(ws.id).await?;
        Ok(ParticipantView {
            permissions: ParticipantPermissions::of(
                standing(&ws, org_role.as_deref()),
                &participant,
                &all,
            ),
            participant,
        })
    }
}
