//! What the window gets for a pipeline action: the stored row (what the server said, the API's
//! own spellings) and the same in the Platform's words.

use serde::Serialize;
use towerdesk_store::ActionRecord;

use crate::rules::actions::{event_source_words, status_words};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "specta", specta(rename = "PipelineAction"))]
#[serde(rename_all = "camelCase")]
pub struct ActionView {
    #[serde(flatten)]
    #[cfg_attr(feature = "specta", specta(inline))]
    pub action: ActionRecord,
    /// "GitHub webhook", "Tower launch hook", or the source as the server spells it; None when
    /// the server did not say.
    pub event_source: Option<String>,
    /// "Active", "Paused", "Error", "Creating", or the status as sent; None when not said.
    pub status_text: Option<String>,
}

impl ActionView {
    pub fn of(action: ActionRecord) -> Self {
        Self {
            event_source: action.source.as_deref().map(event_source_words),
            status_text: action.status.as_deref().map(status_words),
            action,
        }
    }
}
