//! What the status bar shows, per account: always true, read from the store and the live sync state.

use serde::Serialize;
use towerdesk_store::Account;

use crate::error::AppError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Connection {
    Online,
    Offline,
    Syncing,
    TokenExpired,
    NeverSynced,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct SyncProgress {
    /// What is being fetched or sent, in words ("Pipelines of seqera-labs/showcase").
    pub what: String,
    pub done: i64,
    pub total: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct AccountStatus {
    pub account: Account,
    pub connection: Connection,
    pub progress: Option<SyncProgress>,
    pub pending: i64,
    pub conflicts: i64,
    pub rejected: i64,
    pub last_sync: Option<String>,
    pub last_error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct StoreInfo {
    pub path: String,
    pub schema_version: i64,
}

/// Everything the window needs to draw its frame. When the database could not be opened, `store`
/// is None and `store_error` says why (the window shows only that).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct AppState {
    pub store: Option<StoreInfo>,
    pub store_error: Option<AppError>,
    pub accounts: Vec<AccountStatus>,
}

/// The desktop notification of an account whose token the server refused: title and body.
pub(crate) fn token_expired_words(user: &str, server_url: &str) -> (String, String) {
    let host = server_url
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_end_matches('/');
    (
        format!("{user} on {host} needs a new token"),
        "The server refused the access token. Add the account again with a new token (account menu → Add an account); changes waiting to be sent are kept.".to_string(),
    )
}

/// The live part of an account's status (not stored: it is about this run).
#[derive(Debug, Clone, Default)]
pub(crate) struct LiveStatus {
    pub syncing: bool,
    pub progress: Option<SyncProgress>,
    /// None until the first request of this run; then whether the server answered.
    pub reachable: Option<bool>,
}

/// The connection shown for an account, from what is stored and what this run saw.
pub(crate) fn connection(
    token_expired: bool,
    last_sync: Option<&str>,
    live: &LiveStatus,
) -> Connection {
    if token_expired {
        Connection::TokenExpired
    } else if live.syncing {
        Connection::Syncing
    } else {
        match (live.reachable, last_sync) {
            (Some(false), _) => Connection::Offline,
            (Some(true), _) => Connection::Online,
            (None, None) => Connection::NeverSynced,
            (None, Some(_)) => Connection::Offline,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_table() {
        let live = |syncing, reachable| LiveStatus {
            syncing,
            progress: None,
            reachable,
        };
        let cases = [
            (true, None, live(true, Some(true)), Connection::TokenExpired),
            (false, None, live(true, None), Connection::Syncing),
            (
                false,
                Some("t"),
                live(false, Some(false)),
                Connection::Offline,
            ),
            (
                false,
                Some("t"),
                live(false, Some(true)),
                Connection::Online,
            ),
            (false, None, live(false, None), Connection::NeverSynced),
            (false, Some("t"), live(false, None), Connection::Offline),
        ];
        for (expired, last, live, want) in cases {
            assert_eq!(connection(expired, last, &live), want);
        }
    }
}
