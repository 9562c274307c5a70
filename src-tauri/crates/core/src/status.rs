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
    /// About how many seconds are left, from the pace so far ([`seconds_left`]); None until
    /// there is enough to tell.
    pub seconds_left: Option<i64>,
}

/// How long a counted step of a sync has left: the time its first `done` items took, spread over
/// the `total - done` still to do. None before 3 items are done (too little to tell), without a
/// total, or when all are done.
pub fn seconds_left(elapsed: std::time::Duration, done: i64, total: Option<i64>) -> Option<i64> {
    let total = total?;
    if done < 3 || done >= total {
        return None;
    }
    let per_item = elapsed.as_secs_f64() / done as f64;
    Some((per_item * (total - done) as f64).ceil() as i64)
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
    /// When the counted step of the running sync (the one with a total) began, for
    /// [`SyncProgress::seconds_left`].
    pub counting_since: Option<std::time::Instant>,
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
    fn seconds_left_table() {
        use std::time::Duration;
        let s = Duration::from_secs;
        let cases = [
            // Too little done to tell, no total, or nothing left.
            (s(10), 0, Some(300), None),
            (s(10), 2, Some(300), None),
            (s(10), 5, None, None),
            (s(10), 300, Some(300), None),
            (s(10), 301, Some(300), None),
            // 3 in 6 s: 2 s each, 297 left.
            (s(6), 3, Some(300), Some(594)),
            // Rounded up: 10 in 1 s, 1 left, 0.1 s.
            (s(1), 10, Some(11), Some(1)),
            (Duration::ZERO, 5, Some(10), Some(0)),
        ];
        for (elapsed, done, total, want) in cases {
            assert_eq!(
                seconds_left(elapsed, done, total),
                want,
                "{elapsed:?} {done}/{total:?}"
            );
        }
    }

    #[test]
    fn connection_table() {
        let live = |syncing, reachable| LiveStatus {
            syncing,
            progress: None,
            reachable,
            counting_since: None,
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
