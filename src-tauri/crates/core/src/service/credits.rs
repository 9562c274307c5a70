//! The credits dashboard: spend per workspace and month, priced at the Platform's rates.

use super::Towerdesk;
use crate::credits::{self, CreditRates, CreditsDashboard};
use crate::error::{AppError, Result};

impl Towerdesk {
    pub async fn credits(&self, account_id: Option<i64>) -> Result<CreditsDashboard, AppError> {
        let rows = self.store()?.spend(account_id).await?;
        Ok(credits::dashboard(&rows, CreditRates::PLATFORM))
    }
}
