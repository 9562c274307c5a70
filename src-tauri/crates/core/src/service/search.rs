//! Search across every account, organization and workspace kept here (Ctrl/Cmd+K), offline.

use super::Towerdesk;
use crate::error::{AppError, Result};
use crate::rules::search::{self, SearchResult};

impl Towerdesk {
    /// What matches `query` in everything kept here, best first (see `rules::search::rank`).
    pub async fn search(&self, query: &str) -> Result<Vec<SearchResult>, AppError> {
        let hits = self.store()?.search(query, search::PER_KIND).await?;
        Ok(search::rank(hits))
    }
}
