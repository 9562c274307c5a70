//! What to do with a queued change, as pure functions of what is known. The executor (`push.rs`)
//! does the HTTP and SQL; every choice it makes comes from here and is tested with tables below.

use std::collections::HashSet;
use std::time::Duration;

use towerdesk_platform_api::ApiErrorKind;
use towerdesk_store::ChangeOp;

use crate::rules::Role;

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
    op: ChangeOp,
    attempts: i64,
    base_last_updated: Option<&str>,
    server_last_updated: Option<Option<&str>>,
) -> Plan {
    match op {
        ChangeOp::Create if attempts > 0 => Plan::LookUpThenCreate,
        ChangeOp::Create => Plan::Send,
        ChangeOp::Delete => match server_last_updated {
            Some(None) => Plan::AlreadyDone,
            _ => Plan::Send,
        },
        ChangeOp::Update => match server_last_updated {
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
pub fn update_landed(op: ChangeOp, attempts: i64, server_has_the_change: bool) -> bool {
    op == ChangeOp::Update && attempts > 0 && server_has_the_change
}

/// Whether a failed look-up of the server's object before sending a change means the object is
/// gone. A 404 always does. The Platform answers 403, not 404, for a workspace that no longer
/// exists, and also for one the user may no longer see, so a 403 is told apart by the
/// organization's workspace listing (`still_listed`: whether the workspace is in it; None when
/// that listing could not be had): not listed means gone, listed means the server refuses. With
/// no listing, only a delete tried before (its request may have landed, the answer lost) is
/// taken as gone.
pub fn gone_on_lookup(
    op: ChangeOp,
    attempts: i64,
    kind: &ApiErrorKind,
    still_listed: Option<bool>,
) -> bool {
    match kind {
        ApiErrorKind::NotFound => true,
        ApiErrorKind::Forbidden => match still_listed {
            Some(listed) => !listed,
            None => op == ChangeOp::Delete && attempts > 0,
        },
        _ => false,
    }
}

/// Whether a failed look-up is worth checking against the organization's listing (a 403 for an
/// update or a delete).
pub fn check_listing_after_lookup(kind: &ApiErrorKind) -> bool {
    *kind == ApiErrorKind::Forbidden
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
    op: ChangeOp,
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
        ApiErrorKind::NotFound if op == ChangeOp::Delete => AfterError::Done,
        ApiErrorKind::NotFound if op == ChangeOp::Update => AfterError::Conflict,
        // A delete of something changed on the server since (labels compare values): ask too.
        ApiErrorKind::Conflict if op != ChangeOp::Create => AfterError::Conflict,
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
pub fn sendable<T, K: PartialEq>(
    queue: &[T],
    key: impl Fn(&T) -> K,
    waiting: impl Fn(&T) -> bool,
) -> Vec<&T> {
    let mut blocked: Vec<K> = Vec::new();
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

// ---- the Changes panel ----

/// Whether a queued change can be edited in place, or why not (in words for the window).
pub fn may_edit(
    op: ChangeOp,
    state: towerdesk_store::ChangeState,
    attempts: i64,
) -> Result<(), &'static str> {
    use towerdesk_store::ChangeState;
    match (op, state) {
        (ChangeOp::Delete, _) => {
            Err("A deletion has nothing to edit: discard it to keep the workspace.")
        }
        (_, ChangeState::Conflict) => Err("Choose Keep mine or Take theirs first."),
        // Sent before with no answer: it may be on the server under its old fields.
        (ChangeOp::Create, ChangeState::Waiting) if attempts > 0 => {
            Err("This change may already have reached the server: edit it after the next sync.")
        }
        _ => Ok(()),
    }
}

// ---- pull: what a resync may leave as it is ----

/// How long a pull may leave what it fetched before. The Platform API has no conditional requests
/// and no change feed, so the only request saved is the one not made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Freshness {
    /// A workspace other than the one on screen keeps its participants, settings, compute
    /// environments, credentials, labels and pipelines this long before they are fetched again.
    pub workspace: Duration,
    /// Runs are listed in full (which is what removes runs deleted on the server) at least this
    /// often; in between, a listing stops at the first page that brings nothing new.
    pub full_runs: Duration,
    /// How many workspaces besides the one on screen (and those where a run launched from here
    /// is still going) a pull lists the runs of: those listed longest ago ([`runs_to_list`]).
    pub background_runs: usize,
}

impl Freshness {
    /// What the app and the CLI use: 15 minutes for the workspaces not on screen, a full run
    /// listing every 6 hours, the runs of 12 workspaces not on screen per pull. With a few
    /// workspaces every pull lists all their runs; in an organization of 300, a pull asks for
    /// under 5% of a first sync's requests, and each workspace's runs are listed every 25 pulls.
    pub const DEFAULT: Self = Self {
        workspace: Duration::from_secs(15 * 60),
        full_runs: Duration::from_secs(6 * 3600),
        background_runs: 12,
    };
    /// Fetch everything (`towerdesk-cli sync --full`).
    pub const ALWAYS: Self = Self {
        workspace: Duration::ZERO,
        full_runs: Duration::ZERO,
        background_runs: usize::MAX,
    };
}

/// Whether a listing that last completed at `last` (RFC 3339) is still fresh at `now`. Never
/// completed, unreadable, or in the future (a clock moved back): not fresh.
pub fn fresh(last: Option<&str>, now: chrono::DateTime<chrono::Utc>, window: Duration) -> bool {
    let Some(last) = last.and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok()) else {
        return false;
    };
    let age = now - last.with_timezone(&chrono::Utc);
    age >= chrono::Duration::zero() && age.to_std().is_ok_and(|a| a < window)
}

/// A workspace a pull may list the runs of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunListing {
    /// Its local id.
    pub workspace: i64,
    /// When its runs were last listed (RFC 3339), if ever.
    pub last_listed: Option<String>,
    /// Listed whatever the budget: the workspace on screen, or one where a run launched from
    /// here is still going.
    pub always: bool,
}

/// The workspaces whose runs a pull lists, in the order given: every `always` one, every one
/// never listed (a first sync brings every run), and the `budget` others listed longest ago (a
/// time that cannot be read first; ties keep their order). The API has no change feed, so each
/// listing is a request; spreading them this way bounds a resync's requests in a large
/// organization and still comes round to every workspace.
pub fn runs_to_list(candidates: &[RunListing], budget: usize) -> Vec<i64> {
    let parsed = |c: &RunListing| {
        c.last_listed
            .as_deref()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
    };
    let mut others: Vec<(usize, Option<chrono::DateTime<chrono::FixedOffset>>)> = candidates
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.always && c.last_listed.is_some())
        .map(|(i, c)| (i, parsed(c)))
        .collect();
    // None (unreadable) sorts before any time.
    others.sort_by_key(|(_, at)| *at);
    let chosen: HashSet<usize> = others.iter().take(budget).map(|(i, _)| *i).collect();
    candidates
        .iter()
        .enumerate()
        .filter(|(i, c)| c.always || c.last_listed.is_none() || chosen.contains(i))
        .map(|(_, c)| c.workspace)
        .collect()
}

/// A workspace's fields as stored, or as an organization's workspace listing shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredWorkspace<'a> {
    pub name: &'a str,
    /// None: no response said it.
    pub full_name: Option<&'a str>,
    pub description: Option<&'a str>,
    /// None: no response said it.
    pub visibility: Option<towerdesk_store::Visibility>,
    pub last_updated: Option<&'a str>,
}

/// The listing of an organization's workspaces has no `lastUpdated` (only a workspace's own view
/// has it, one request per workspace). When the stored copy has one and the listing shows the
/// same fields, the stored `lastUpdated` is kept and the request saved. (A server-side edit that
/// changed none of these fields goes unseen until one does; a queued edit based on it then meets
/// a newer `lastUpdated` at push time and shows as a conflict, never as a silent overwrite.)
pub fn known_last_updated<'a>(
    stored: Option<&StoredWorkspace<'a>>,
    listed: &StoredWorkspace<'_>,
) -> Option<&'a str> {
    let stored = stored?;
    let text = |d: Option<&str>| d.unwrap_or("").to_string();
    let same = stored.name == listed.name
        && stored.full_name == listed.full_name
        && text(stored.description) == text(listed.description)
        && stored.visibility == listed.visibility;
    if same { stored.last_updated } else { None }
}

/// The user's role in a workspace as the listing of their workspaces says it. An organization
/// owner has owner access to every workspace of the organization whatever their participant role
/// (docs/PLATFORM-FACTS.md, "Organization roles"); otherwise the highest role listed. None: the
/// listing did not say (older servers send no `roles`), and the role is then looked for in the
/// participants.
pub fn listed_role(roles: &[String], org_role: Option<&str>) -> Option<String> {
    if org_role.is_some_and(|r| r.eq_ignore_ascii_case("owner")) {
        return Some("owner".to_string());
    }
    let known = roles.iter().filter_map(|r| Role::parse(r).map(|p| (p, r)));
    match known.max_by_key(|(p, _)| *p) {
        Some((_, r)) => Some(r.to_ascii_lowercase()),
        // A custom role the client does not rank: as the server wrote it.
        None => roles.first().cloned(),
    }
}

/// The user's role in a workspace whose listing gave none, from the workspace's participants: the
/// user's own row (a member or collaborator, matched by user name or email, case-insensitively).
/// A team can grant more than the user's own row, and which teams the user is in is not known
/// here, so a team with a higher (or unranked) role makes the role unknown rather than understated;
/// so does a user with no row of their own. None: unknown.
pub fn own_participant_role(
    participants: &[towerdesk_store::ParticipantRecord],
    user_name: &str,
    email: Option<&str>,
) -> Option<String> {
    let me = |p: &&towerdesk_store::ParticipantRecord| {
        !p.kind.eq_ignore_ascii_case("TEAM")
            && (p
                .user_name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(user_name))
                || email.is_some_and(|e| {
                    p.email
                        .as_deref()
                        .is_some_and(|pe| pe.eq_ignore_ascii_case(e))
                }))
    };
    let own = participants.iter().find(me)?;
    let rank = Role::parse(&own.role)?;
    let outranked = participants
        .iter()
        .filter(|p| p.kind.eq_ignore_ascii_case("TEAM"))
        .any(|t| Role::parse(&t.role).is_none_or(|r| r > rank));
    (!outranked).then(|| own.role.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use towerdesk_store::ChangeOp as Op;

    const T1: &str = "2026-11-01T10:00:00Z";
    const T1_OFFSET: &str = "2026-11-01T11:00:00+01:00";
    const T2: &str = "2026-11-02T10:00:00Z";

    #[test]
    fn runs_to_list_table() {
        let c = |workspace: i64, last: Option<&str>, always: bool| RunListing {
            workspace,
            last_listed: last.map(str::to_string),
            always,
        };
        type Case = (Vec<RunListing>, usize, Vec<i64>);
        let cases: Vec<Case> = vec![
            // A budget as large as the list: all of them, in their order.
            (
                vec![c(1, Some(T2), false), c(2, Some(T1), false)],
                12,
                vec![1, 2],
            ),
            // The one listed longest ago; the same instant in another offset is the same time.
            (
                vec![c(1, Some(T2), false), c(2, Some(T1_OFFSET), false)],
                1,
                vec![2],
            ),
            // Never listed: listed whatever the budget (a first sync brings every run); an
            // unreadable time before any time; ties keep their order.
            (
                vec![
                    c(1, Some(T1), false),
                    c(2, None, false),
                    c(3, Some("yesterday"), false),
                ],
                1,
                vec![2, 3],
            ),
            (
                vec![c(1, None, false), c(2, None, false), c(3, None, false)],
                0,
                vec![1, 2, 3],
            ),
            (
                vec![
                    c(1, Some(T2), false),
                    c(2, Some(T2), false),
                    c(3, Some(T1), false),
                    c(4, Some(T1), false),
                ],
                2,
                vec![3, 4],
            ),
            (
                vec![
                    c(1, Some(T1), false),
                    c(2, Some(T1), false),
                    c(3, Some(T1), false),
                ],
                2,
                vec![1, 2],
            ),
            // The workspace on screen and those awaiting a launch, whatever the budget.
            (
                vec![
                    c(1, Some(T2), true),
                    c(2, Some(T1), false),
                    c(3, Some(T2), true),
                ],
                0,
                vec![1, 3],
            ),
            (
                vec![
                    c(1, Some(T2), true),
                    c(2, Some(T2), false),
                    c(3, Some(T1), false),
                ],
                1,
                vec![1, 3],
            ),
            (vec![], 12, vec![]),
        ];
        for (candidates, budget, want) in cases {
            assert_eq!(
                runs_to_list(&candidates, budget),
                want,
                "{candidates:?} budget {budget}"
            );
        }
    }

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
        use ApiErrorKind::{Forbidden, NotFound, Server};
        let cases: &[(Op, i64, ApiErrorKind, Option<bool>, bool)] = &[
            (Op::Delete, 0, NotFound, None, true),
            (Op::Update, 0, NotFound, None, true),
            // 403 and the organization no longer lists it: deleted on the server.
            (Op::Update, 0, Forbidden, Some(false), true),
            (Op::Update, 2, Forbidden, Some(false), true),
            (Op::Delete, 0, Forbidden, Some(false), true),
            // 403 and still listed: the server refuses this user; shown to the user.
            (Op::Update, 0, Forbidden, Some(true), false),
            (Op::Delete, 1, Forbidden, Some(true), false),
            // No listing to tell: only a delete tried before counts as gone.
            (Op::Delete, 1, Forbidden, None, true),
            (Op::Delete, 0, Forbidden, None, false),
            (Op::Update, 2, Forbidden, None, false),
            (Op::Delete, 1, Server, Some(false), false),
        ];
        for (op, attempts, kind, listed, want) in cases {
            assert_eq!(
                gone_on_lookup(*op, *attempts, kind, *listed),
                *want,
                "{op:?} {attempts} {kind:?} {listed:?}"
            );
        }
        assert!(check_listing_after_lookup(&Forbidden));
        assert!(!check_listing_after_lookup(&NotFound));
        assert!(!check_listing_after_lookup(&Server));
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
    fn may_edit_table() {
        use towerdesk_store::ChangeState::{Conflict, Rejected, Waiting};
        let cases = [
            (Op::Create, Waiting, 0, true),
            (Op::Create, Rejected, 1, true),
            (Op::Create, Waiting, 1, false),
            (Op::Update, Waiting, 0, true),
            (Op::Update, Waiting, 3, true),
            (Op::Update, Rejected, 1, true),
            (Op::Update, Conflict, 1, false),
            (Op::Create, Conflict, 0, false),
            (Op::Delete, Waiting, 0, false),
            (Op::Delete, Rejected, 1, false),
        ];
        for (op, state, attempts, want) in cases {
            assert_eq!(
                may_edit(op, state, attempts).is_ok(),
                want,
                "{op:?} {state:?} {attempts}"
            );
        }
    }

    #[test]
    fn fresh_table() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-24T12:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        let min = |m: u64| Duration::from_secs(m * 60);
        let cases: &[(Option<&str>, Duration, bool)] = &[
            (None, min(15), false),
            (Some("2026-11-24T11:50:00Z"), min(15), true),
            (Some("2026-11-24T12:50:00+01:00"), min(15), true),
            (Some("2026-11-24T11:45:00Z"), min(15), false),
            (Some("2026-11-24T11:30:00Z"), min(15), false),
            (Some("2026-11-24T11:59:59Z"), Duration::ZERO, false),
            (Some("2026-11-24T12:05:00Z"), min(15), false),
            (Some("yesterday"), min(15), false),
        ];
        for (last, window, want) in cases {
            assert_eq!(fresh(*last, now, *window), *want, "{last:?} {window:?}");
        }
    }

    #[test]
    fn known_last_updated_table() {
        use towerdesk_store::Visibility::{Private, Shared};
        let ws = |full: &'static str, d: Option<&'static str>, v, lu: Option<&'static str>| {
            StoredWorkspace {
                name: "lab",
                full_name: Some(full),
                description: d,
                visibility: Some(v),
                last_updated: lu,
            }
        };
        let listed = ws("Lab", Some("RNA"), Private, None);
        let cases = [
            (Some(ws("Lab", Some("RNA"), Private, Some(T1))), Some(T1)),
            // Never described: describe it.
            (Some(ws("Lab", Some("RNA"), Private, None)), None),
            (None, None),
            // Any listed field moved: describe it for the new lastUpdated.
            (Some(ws("Lab (old)", Some("RNA"), Private, Some(T1))), None),
            (Some(ws("Lab", None, Private, Some(T1))), None),
            (Some(ws("Lab", Some("RNA"), Shared, Some(T1))), None),
            // Stored as unknown (an older server's listing): describe it.
            (
                Some(StoredWorkspace {
                    full_name: None,
                    visibility: None,
                    ..ws("Lab", Some("RNA"), Private, Some(T1))
                }),
                None,
            ),
        ];
        for (stored, want) in cases {
            assert_eq!(
                known_last_updated(stored.as_ref(), &listed),
                want,
                "{stored:?}"
            );
        }
        // No description and an empty one are the same.
        let empty = ws("Lab", Some(""), Private, None);
        let none = ws("Lab", None, Private, Some(T1));
        assert_eq!(known_last_updated(Some(&none), &empty), Some(T1));
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

    #[test]
    fn listed_role_table() {
        let v = |r: &[&str]| r.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let cases: &[(&[&str], Option<&str>, Option<&str>)] = &[
            (&["admin"], Some("member"), Some("admin")),
            (&["launch", "maintain"], None, Some("maintain")),
            // An org owner is an owner of every workspace, whatever the listing says.
            (&["view"], Some("owner"), Some("owner")),
            (&[], Some("OWNER"), Some("owner")),
            // An older server's listing has no roles: unknown, to be looked for elsewhere.
            (&[], Some("member"), None),
            (&[], None, None),
            (&["Maintain"], None, Some("maintain")),
            (&["data-steward"], None, Some("data-steward")),
        ];
        for (roles, org, want) in cases {
            assert_eq!(
                listed_role(&v(roles), *org).as_deref(),
                *want,
                "{roles:?} {org:?}"
            );
        }
    }

    #[test]
    fn own_participant_role_table() {
        use towerdesk_store::ParticipantRecord;
        let member = |name: &str, email: &str, role: &str| ParticipantRecord {
            participant_id: 1,
            kind: "MEMBER".into(),
            member_id: Some(1),
            team_id: None,
            user_name: Some(name.into()),
            name: name.into(),
            email: Some(email.into()),
            role: role.into(),
        };
        let collaborator = |name: &str, role: &str| ParticipantRecord {
            kind: "COLLABORATOR".into(),
            ..member(name, &format!("{name}@partner.org"), role)
        };
        let team = |role: &str| ParticipantRecord {
            participant_id: 9,
            kind: "TEAM".into(),
            member_id: None,
            team_id: Some(4),
            user_name: None,
            name: "analysts".into(),
            email: None,
            role: role.into(),
        };
        let me = ("ada", Some("ada@example.org"));
        let cases: Vec<(Vec<ParticipantRecord>, Option<&str>)> = vec![
            (
                vec![member("ada", "ada@example.org", "launch")],
                Some("launch"),
            ),
            // Matched by email when the user name differs.
            (
                vec![member("ada.l", "ADA@example.org", "admin")],
                Some("admin"),
            ),
            (vec![collaborator("Ada", "maintain")], Some("maintain")),
            (vec![member("bob", "bob@example.org", "owner")], None),
            (vec![], None),
            // A team may grant more: unknown rather than understated.
            (
                vec![member("ada", "ada@example.org", "launch"), team("admin")],
                None,
            ),
            (
                vec![member("ada", "ada@example.org", "admin"), team("launch")],
                Some("admin"),
            ),
            (vec![team("admin")], None),
            // A team's name is never the user's.
            (
                vec![ParticipantRecord {
                    name: "ada".into(),
                    ..team("owner")
                }],
                None,
            ),
        ];
        for (participants, want) in cases {
            assert_eq!(
                own_participant_role(&participants, me.0, me.1).as_deref(),
                want,
                "{participants:?}"
            );
        }
    }
}
