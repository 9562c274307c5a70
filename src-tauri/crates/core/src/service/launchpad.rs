//! The Launchpad: a workspace's pipelines (its own, or with those shared with it) and compute
//! environments, as kept here.

use towerdesk_store::{Credential, Pipeline, PipelinesFrom};

use super::Towerdesk;
use crate::error::{AppError, Result};

impl Towerdesk {
    pub async fn pipelines(
        &self,
        workspace: i64,
        from: PipelinesFrom,
        search: Option<&str>,
    ) -> Result<Vec<Pipeline>, AppError> {
        self.store()?
            .pipelines(workspace, from, search)
            .await
            .map_err(AppError::from)
    }

    /// The workspace's credentials as the last sync saw them (names, providers, last use; never
    /// a secret: the API does not return them).
    pub async fn credentials(&self, workspace: i64) -> Result<Vec<Credential>, AppError> {
        self.store()?
            .credentials(workspace)
            .await
            .map_err(AppError::from)
    }
}
