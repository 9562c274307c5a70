//! What to do with a queued change, as pure functions of what is known. The executor (`push.rs`)
//! does the HTTP and SQL; every choice it makes comes from here and is tested with tables below.

use std::time::Duration;

use towerdesk_platform_api::ApiErrorKind;

/// The kind of operation a queued change is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Create,
    Update,
    Delete,
}

impl Op {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "create" => Self::Create,
            "update" => Self::Update,
            "delete" => Self::Delete,
            _ => return None,
        })
    }
}

/// Before sending a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Send it.
    Send,
    /// An earlier attempt of this create may have reached the server: look the object up by its
    /// natural key first and adopt it if it is there.
    LookUpThenCreate,
    /// The server's object moved on since the change was made: keep the local version, ask the user.
    Conflict(String),
    /// The object is already gone from the server (a delete): nothing to send.
    AlreadyDone,
}

/// Decides how to send a change. `attempts` counts attempts already started (an attempt is recorded
/// before its request leaves, so a crash in flight still counts). `server_last_updated` is the
/// server's current `lastUpdated` for updates and deletes, when it was fetched (`Some(None)`: the
/// object no longer exists).
pub fn plan(
    op: Op,
    attempts: i64,
    base_last_updated: Option<&str>,
    server_last_updated: Option<Option<&str>>,
) -> Plan {
    match op {
        Op::Create if attempts > 0 => Plan::LookUpThenCreate,
        Op::Create => Plan::Send,
        Op::Delete => match server_last_updated {
            Some(None) => Plan::AlreadyDone,
            _ => Plan::Send,
        },
        Op::Update => match server_last_updated {
            Some(None) => Plan::Conflict("It was deleted on the server.".into()),
            Some(Some(server)) => match base_last_updated {
                Some(base) if !same_instant(base, server) => {
                    Plan::Conflict("It was changed on the server since you edited it.".into())
                }
                _ => Plan::Send,
            },
            None => Plan::Send,
        },
    }
}

/// An update tried before (`attempts > 0`, so its request may have been applied with the answer
/// lost: a 500 after the write, a dropped connection, a crash) whose fields the server already
/// holds has landed: it is done, not a conflict with the server's newer `lastUpdated`.
pub fn update_landed(op: Op, attempts: i64, server_has_the_change: bool) -> bool {
    op == Op::Update && attempts > 0 && server_has_the_change
}

/// Whether a failed look-up of the server's object before sending a change means the object is
/// gone. A 404 always does. The Platform answers 403, not 404, for a workspace that no longer
/// exists, so for a delete tried before (its request may have landed, the answer lost) a 403
/// means it is gone too: the delete is done rather than "rejected" for a deletion that happened.
pub fn gone_on_lookup(op: Op, attempts: i64, kind: &ApiErrorKind) -> bool {
    match kind {
        ApiErrorKind::NotFound => true,
        ApiErrorKind::Forbidden => op == Op::Delete && attempts > 0,
        _ => false,
    }
}

fn same_instant(a: &str, b: &str) -> bool {
    match (
        chrono::DateTime::parse_from_rfc3339(a),
        chrono::DateTime::parse_from_rfc3339(b),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// After a failed request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AfterError {
    /// Try again after this long; the rest of the queue waits (changes go in order).
    RetryAfter(Duration),
    /// The server refused this one change: keep it, with the server's message, and go on.
    Reject,
    /// The server has a different version: keep the local one, ask the user, go on.
    Conflict,
    /// The token is not accepted: pause the whole account, keep the queue, ask for a new token.
    PauseAccount,
    /// The object is already gone (deleting something deleted): the change is done.
    Done,
}

pub fn after_error(
    op: Op,
    kind: ApiErrorKind,
    retry_after: Option<Duration>,
    attempts: i64,
    jitter: f64,
) -> AfterError {
    match kind {
        ApiErrorKind::Unauthorized => AfterError::PauseAccount,
        ApiErrorKind::RateLimited { .. } => {
            AfterError::RetryAfter(retry_after.unwrap_or_else(|| backoff(attempts, jitter)))
        }
        ApiErrorKind::Server
        | ApiErrorKind::Timeout
        | ApiErrorKind::Connection
        | ApiErrorKind::Decode => AfterError::RetryAfter(backoff(attempts, jitter)),
        ApiErrorKind::NotFound if op == Op::Delete => AfterError::Done,
        ApiErrorKind::NotFound if op == Op::Update => AfterError::Conflict,
        // A delete of something changed on the server since (labels compare values): ask too.
        ApiErrorKind::Conflict if op != Op::Create => AfterError::Conflict,
        _ => AfterError::Reject,
    }
}

/// Exponential backoff with jitter: 0.5 s, 1 s, 2 s … capped at 60 s, each scaled by 0.5–1.5
/// (`jitter` in 0..1), so many clients do not retry in step.
pub fn backoff(attempts: i64, jitter: f64) -> Duration {
    let exp = attempts.clamp(0, 7) as u32;
    let base_ms = (500u64 << exp).min(60_000) as f64;
    Duration::from_millis((base_ms * (0.5 + jitter.clamp(0.0, 1.0))) as u64)
}

/// Which queued changes may be sent, in order: the waiting ones not behind a rejected or
/// conflicting change of the same object (a rejected create holds back the edits that follow it).
/// The executor also holds back the rest of an object's changes when one of them fails.
pub fn sendable<T>(
    queue: &[T],
    key: impl Fn(&T) -> (String, Option<i64>),
    waiting: impl Fn(&T) -> bool,
) -> Vec<&T> {
    let mut blocked: Vec<(String, Option<i64>)> = Vec::new();
    let mut out = Vec::new();
    for item in queue {
        let k = key(item);
        if blocked.contains(&k) {
            continue;
        }
        if waiting(item) {
            out.push(item);
        } else {
            blocked.push(k);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const T1: &str = "2026-11-01T10:00:00Z";
    const T1_OFFSET: &str = "2026-11-01T11:00:00+01:00";
    const T2: &str = "2026-11-02T10:00:00Z";

    #[test]
    fn plan_table() {
        type Case<'a> = (Op, i64, Option<&'a str>, Option<Option<&'a str>>, Plan);
        let cases: &[Case] = &[
            (Op::Create, 0, None, None, Plan::Send),
            (Op::Create, 1, None, None, Plan::LookUpThenCreate),
            (Op::Create, 5, None, None, Plan::LookUpThenCreate),
            (Op::Update, 0, Some(T1), Some(Some(T1)), Plan::Send),
            (Op::Update, 0, Some(T1), Some(Some(T1_OFFSET)), Plan::Send),
            (
                Op::Update,
                0,
                Some(T1),
                Some(Some(T2)),
                Plan::Conflict("It was changed on the server since you edited it.".into()),
            ),
            (
                Op::Update,
                0,
                Some(T1),
                Some(None),
                Plan::Conflict("It was deleted on the server.".into()),
            ),
            (Op::Update, 0, None, Some(Some(T2)), Plan::Send),
            (Op::Update, 0, Some(T1), None, Plan::Send),
            (Op::Delete, 0, Some(T1), Some(None), Plan::AlreadyDone),
            (Op::Delete, 0, Some(T1), Some(Some(T2)), Plan::Send),
        ];
        for (op, attempts, base, server, want) in cases {
            assert_eq!(
                &plan(*op, *attempts, *base, *server),
                want,
                "{op:?} {attempts} {base:?} {server:?}"
            );
        }
    }

    #[test]
    fn gone_on_lookup_table() {
        let cases: &[(Op, i64, ApiErrorKind, bool)] = &[
            (Op::Delete, 0, ApiErrorKind::NotFound, true),
            (Op::Update, 0, ApiErrorKind::NotFound, true),
            (Op::Delete, 1, ApiErrorKind::Forbidden, true),
            // Never sent: a 403 is the server refusing, shown to the user.
            (Op::Delete, 0, ApiErrorKind::Forbidden, false),
            (Op::Update, 2, ApiErrorKind::Forbidden, false),
            (Op::Delete, 1, ApiErrorKind::Server, false),
        ];
        for (op, attempts, kind, want) in cases {
            assert_eq!(
                gone_on_lookup(*op, *attempts, kind),
                *want,
                "{op:?} {attempts} {kind:?}"
            );
        }
    }

    #[test]
    fn update_landed_table() {
        let cases: &[(Op, i64, bool, bool)] = &[
            (Op::Update, 1, true, true),
            (Op::Update, 3, true, true),
            // Never sent: the same fields on a newer server version are someone else's edit.
            (Op::Update, 0, true, false),
            (Op::Update, 1, false, false),
            (Op::Create, 1, true, false),
            (Op::Delete, 1, true, false),
        ];
        for (op, attempts, has, want) in cases {
            assert_eq!(
                update_landed(*op, *attempts, *has),
                *want,
                "{op:?} {attempts} {has}"
            );
        }
    }

    #[test]
    fn after_error_table() {
        use AfterError::*;
        let ra = Some(Duration::from_secs(7));
        let cases: &[(Op, ApiErrorKind, Option<Duration>, AfterError)] = &[
            (Op::Create, ApiErrorKind::Unauthorized, None, PauseAccount),
            (Op::Update, ApiErrorKind::Forbidden, None, Reject),
            (Op::Create, ApiErrorKind::BadRequest, None, Reject),
            (Op::Create, ApiErrorKind::Conflict, None, Reject),
            (Op::Update, ApiErrorKind::Conflict, None, Conflict),
            (Op::Delete, ApiErrorKind::Conflict, None, Conflict),
            (Op::Update, ApiErrorKind::NotFound, None, Conflict),
            (Op::Delete, ApiErrorKind::NotFound, None, Done),
            (
                Op::Create,
                ApiErrorKind::RateLimited { retry_after: ra },
                ra,
                RetryAfter(Duration::from_secs(7)),
            ),
            (
                Op::Create,
                ApiErrorKind::Server,
                None,
                RetryAfter(Duration::from_millis(500)),
            ),
            (
                Op::Update,
                ApiErrorKind::Timeout,
                None,
                RetryAfter(Duration::from_millis(500)),
            ),
            (
                Op::Delete,
                ApiErrorKind::Connection,
                None,
                RetryAfter(Duration::from_millis(500)),
            ),
        ];
        for (op, kind, retry_after, want) in cases {
            assert_eq!(
                &after_error(*op, kind.clone(), *retry_after, 0, 0.5),
                want,
                "{op:?} {kind:?}"
            );
        }
    }

    #[test]
    fn backoff_grows_with_jitter_and_a_cap() {
        assert_eq!(backoff(0, 0.5), Duration::from_millis(500));
        assert_eq!(backoff(1, 0.5), Duration::from_millis(1000));
        assert_eq!(backoff(3, 0.0), Duration::from_millis(2000));
        assert_eq!(backoff(3, 1.0), Duration::from_millis(6000));
        assert_eq!(backoff(50, 0.5), Duration::from_secs(60));
    }

    #[test]
    fn sendable_keeps_order_and_blocks_behind_unsent_changes() {
        // (entity, local id, waiting?)
        let q = [
            ("workspace", 1, false), // rejected create of 1
            ("workspace", 1, true),  // its update: blocked
            ("workspace", 2, true),  // another workspace: goes
            ("workspace", 2, true),  // its second change: after the first, in order
            ("workspace", 3, true),
            ("workspace", 3, false), // a conflict after a waiting change does not block what came before
        ];
        let out = sendable(&q, |c| (c.0.to_string(), Some(c.1)), |c| c.2);
        let ids: Vec<i64> = out.iter().map(|c| c.1).collect();
        assert_eq!(ids, [2, 2, 3]);
    }
}
