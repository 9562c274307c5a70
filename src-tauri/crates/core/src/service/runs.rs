//! Runs of a workspace, as kept here.

use towerdesk_store::Run;

use super::Towerdesk;
use crate::error::{AppError, Result};

impl Towerdesk {
    pub async fn runs(&self, workspace: i64) -> Result<Vec<Run>, AppError> {
        self.store()?
            .runs(workspace, 500)
            .await
            .map_err(AppError::from)
    }
}
