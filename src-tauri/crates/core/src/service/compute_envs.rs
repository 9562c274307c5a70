//! The workspace's Compute environments section: the list as kept here, each with whether the
//! user may make it primary, and Make primary (through the outbox).

use std::sync::Arc;

use super::Towerdesk;
use super::permissions::standing;
use crate::error::{AppError, ErrorKind, Result};
use crate::events::Section;
use crate::rules::permissions::{make_primary_compute_env, make_primary_role};
use crate::sync;
use crate::views::ComputeEnvView;

impl Towerdesk {
    /// The workspace's compute environments (the primary one first), with the state of a queued
    /// Make primary and whether the user may make each primary.
    pub async fn compute_envs(&self, workspace: i64) -> Result<Vec<ComputeEnvView>, AppError> {
        let store = self.store()?;
        let ws = store.workspace(workspace).await?;
        let org_role = self.org_role_of(&ws).await?;
        let s = standing(&ws, org_role.as_deref());
        Ok(store
            .compute_env_entries(workspace)
            .await?
            .into_iter()
            .map(|e| ComputeEnvView {
                make_primary: make_primary_compute_env(s, e.env.status.as_deref()),
                change_state: e.change_state,
                change_message: e.change_message,
                env: e.env,
            })
            .collect())
    }

    /// Make primary: refused (nothing queued) for a role that may not or an environment that is
    /// not AVAILABLE; otherwise marked here at once and queued. Returns the list as it is now.
    pub async fn make_primary_compute_env(
        self: &Arc<Self>,
        workspace: i64,
        compute_env_id: String,
    ) -> Result<Vec<ComputeEnvView>, AppError> {
        let store = self.store()?;
        let ws = store.workspace(workspace).await?;
        let org_role = self.org_role_of(&ws).await?;
        let s = standing(&ws, org_role.as_deref());
        make_primary_role(s).require()?;
        let envs = store.compute_envs(workspace).await?;
        let target = envs
            .iter()
            .find(|c| c.id == compute_env_id)
            .ok_or_else(|| {
                AppError::new(
                    ErrorKind::NotFound,
                    format!(
                        "Compute environment {compute_env_id} is not in {} here: sync, then try again.",
                        ws.name
                    ),
                )
            })?;
        let allowed = make_primary_compute_env(s, target.status.as_deref());
        if let Some(reason) = allowed.reason {
            return Err(AppError::new(ErrorKind::Validation, reason));
        }
        if !target.primary {
            let current = envs.iter().find(|c| c.primary);
            let change = sync::make_primary_change(&ws, current, target);
            store
                .make_primary_compute_env_local(ws.account_id, workspace, &target.id, &change)
                .await?;
            self.wrote(ws.account_id, Some(ws.id), &[Section::ComputeEnvs]);
            self.after_change(ws.account_id);
        }
        self.compute_envs(workspace).await
    }
}
