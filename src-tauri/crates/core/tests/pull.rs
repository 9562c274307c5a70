//! Pull: after a sync the local store holds what the emulator serves (read back over HTTP with
//! the Platform client, not hard-coded); a resync changes nothing; a workspace deleted on the
//! server disappears after the next completed sync, and a listing cut off half way deletes nothing.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use towerdesk_core::platform_api::{PipelineQuery, PipelineVisibility, WorkflowQuery};
use towerdesk_core::sync::pull::run_record;
use towerdesk_core::{CreditRates, PipelinesFrom};
use towerdesk_emulator::{Clock, FaultKind, Faults};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pull_brings_the_demo_world_as_the_server_serves_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = common::config(Faults::default(), None, 0);
    // A still clock: runs do not move between reading the truth and syncing.
    cfg.clock = Clock::fake(chrono::Utc::now());
    let emu = common::start(cfg).await;
    let base = emu.base_url();
    let tower = common::open(dir.path()).await;
    let account = common::register(&tower, &base).await;
    tower.sync_account(account).await.expect("a clean sync");
    let store = tower.store().unwrap();
    let client = common::truth(&base);
    let me = client.user_info().await.unwrap().user.unwrap();

    // Organizations and the user's role in each.
    let want_orgs: BTreeSet<(i64, String, Option<String>)> = client
        .list_orgs()
        .await
        .unwrap()
        .iter()
        .map(|o| {
            (
                o.org_id.unwrap(),
                o.name.clone().unwrap(),
                o.member_role.as_ref().map(|r| r.as_str().to_string()),
            )
        })
        .collect();
    let got_orgs: BTreeSet<(i64, String, Option<String>)> = store
        .organizations(account)
        .await
        .unwrap()
        .into_iter()
        .map(|o| (o.org_id, o.name, o.role))
        .collect();
    assert_eq!(got_orgs, want_orgs);
    assert_eq!(got_orgs.len(), 2, "the demo has two organizations");

    // Workspaces: names, visibility, full names, descriptions and my role.
    let rows = client.user_workspaces(me.id.unwrap()).await.unwrap();
    let mut want_ws = BTreeMap::new();
    for org in want_orgs.iter().map(|o| o.0) {
        for w in client.list_workspaces(org).await.unwrap() {
            let row = rows
                .iter()
                .find(|r| r.workspace_id == w.id)
                .expect("every listed workspace is in /user/{id}/workspaces");
            want_ws.insert(
                w.id.unwrap(),
                (
                    org,
                    w.name.clone().unwrap(),
                    w.full_name.clone(),
                    w.description.clone(),
                    w.visibility.as_ref().map(|v| v.as_str().to_string()),
                    row.roles.first().cloned(),
                ),
            );
        }
    }
    let local = store.workspaces(account, None).await.unwrap();
    let got_ws: BTreeMap<i64, _> = local
        .iter()
        .filter(|w| !w.personal)
        .map(|w| {
            (
                w.workspace_id.unwrap(),
                (
                    w.org_id.unwrap(),
                    w.name.clone(),
                    w.full_name.clone(),
                    w.description.clone(),
                    w.visibility.map(|v| v.as_str().to_string()),
                    w.role.clone(),
                ),
            )
        })
        .collect();
    assert_eq!(got_ws, want_ws);
    assert!(got_ws.len() >= 5, "the demo user sees several workspaces");
    let roles: BTreeSet<Option<String>> = got_ws.values().map(|w| w.5.clone()).collect();
    assert!(
        roles.len() >= 3,
        "the demo user has different roles: {roles:?}"
    );

    let rates = CreditRates::PLATFORM;
    let mut want_credits: BTreeMap<String, (i64, f64)> = BTreeMap::new();
    let mut saw_shared = 0;
    let mut action_statuses = BTreeSet::new();
    for ws in &local {
        let wsid = ws.workspace_id;
        let label = format!("{}/{}", ws.org_name.as_deref().unwrap_or("-"), ws.name);

        // Participants.
        if let (Some(org), Some(id)) = (ws.org_id, wsid) {
            let want: BTreeSet<(i64, String)> = client
                .list_participants_all(org, id, None)
                .await
                .unwrap()
                .iter()
                .map(|p| {
                    (
                        p.participant_id.unwrap(),
                        p.wsp_role.as_ref().unwrap().as_str().to_string(),
                    )
                })
                .collect();
            let got: BTreeSet<(i64, String)> = store
                .participants(ws.id)
                .await
                .unwrap()
                .into_iter()
                .map(|p| (p.participant_id.expect("pulled from the server"), p.role))
                .collect();
            assert_eq!(got, want, "participants of {label}");
            assert!(!got.is_empty(), "{label} has participants");
        }

        // Compute environments, one of them primary, each with its work directory.
        let want: BTreeSet<(String, String, bool, Option<String>)> = client
            .list_compute_envs(wsid, None)
            .await
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c.id.clone().unwrap(),
                    c.name.clone().unwrap_or_default(),
                    c.primary.unwrap_or(false),
                    c.work_dir.clone(),
                )
            })
            .collect();
        assert!(
            want.iter().all(|c| c.3.is_some()),
            "the emulator lists work directories"
        );
        let got: BTreeSet<(String, String, bool, Option<String>)> = store
            .compute_envs(ws.id)
            .await
            .unwrap()
            .into_iter()
            .map(|c| (c.id, c.name, c.primary, c.work_dir))
            .collect();
        assert_eq!(got, want, "compute environments of {label}");
        if !got.is_empty() {
            assert_eq!(
                got.iter().filter(|c| c.2).count(),
                1,
                "{label} has one primary compute environment"
            );
        }

        // Credentials: name, provider and when each was last used, as the server says.
        let want: BTreeSet<(String, String, Option<String>)> = client
            .list_credentials(wsid)
            .await
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c.id.clone().unwrap(),
                    c.name.clone().unwrap_or_default(),
                    c.last_used.map(|t| t.to_rfc3339()),
                )
            })
            .collect();
        let got: BTreeSet<(String, String, Option<String>)> = store
            .credentials(ws.id)
            .await
            .unwrap()
            .into_iter()
            .map(|c| (c.id, c.name, c.last_used))
            .collect();
        assert_eq!(got, want, "credentials of {label}");

        // Actions: every one the server lists, with its pipeline, event source, status and dates,
        // and the event source in the Platform's words.
        let want: BTreeSet<ActionRow> = client
            .list_actions(wsid)
            .await
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a.id.clone().unwrap(),
                    a.name.clone().unwrap_or_default(),
                    a.pipeline.clone(),
                    a.source.as_ref().map(|s| s.as_str().to_string()),
                    a.status.as_ref().map(|s| s.as_str().to_string()),
                    a.last_seen.map(|t| t.to_rfc3339()),
                    a.date_created.map(|t| t.to_rfc3339()),
                )
            })
            .collect();
        let shown = tower.actions(ws.id).await.unwrap();
        let got: BTreeSet<ActionRow> = shown.iter().map(|v| action_row(&v.action)).collect();
        assert_eq!(got, want, "actions of {label}");
        for v in &shown {
            let words = match v.action.source.as_deref() {
                Some("github") => "GitHub webhook",
                Some("tower") => "Tower launch hook",
                other => panic!("the demo has only github and tower actions: {other:?}"),
            };
            assert_eq!(v.event_source.as_deref(), Some(words));
            action_statuses.insert(v.action.status.clone().unwrap_or_default());
        }

        // Pipelines: this workspace's, and with "This and shared workspaces" the shared ones too.
        let query = PipelineQuery {
            visibility: Some(if ws.personal {
                PipelineVisibility::Private
            } else {
                PipelineVisibility::All
            }),
            ..Default::default()
        };
        let listed = client.list_pipelines_all(wsid, &query).await.unwrap();
        let own: BTreeSet<(i64, String)> = listed
            .iter()
            .filter(|p| ws.personal || p.workspace_id == wsid)
            .map(|p| (p.pipeline_id.unwrap(), p.name.clone().unwrap()))
            .collect();
        let shared: BTreeSet<(i64, String, String)> = listed
            .iter()
            .filter(|p| !ws.personal && p.workspace_id != wsid)
            .map(|p| {
                (
                    p.pipeline_id.unwrap(),
                    p.name.clone().unwrap(),
                    format!(
                        "{}/{}",
                        p.org_name.clone().unwrap(),
                        p.workspace_name.clone().unwrap()
                    ),
                )
            })
            .collect();
        let this_only = store
            .pipelines(ws.id, PipelinesFrom::ThisWorkspace, None)
            .await
            .unwrap();
        assert!(this_only.iter().all(|p| !p.shared), "{label}");
        let got: BTreeSet<(i64, String)> = this_only
            .iter()
            .map(|p| (p.pipeline_id.expect("pulled"), p.name.clone()))
            .collect();
        assert_eq!(got, own, "pipelines of {label} (this workspace)");
        let with_shared = store
            .pipelines(ws.id, PipelinesFrom::ThisAndShared, None)
            .await
            .unwrap();
        let got_own: BTreeSet<(i64, String)> = with_shared
            .iter()
            .filter(|p| !p.shared)
            .map(|p| (p.pipeline_id.expect("pulled"), p.name.clone()))
            .collect();
        let got_shared: BTreeSet<(i64, String, String)> = with_shared
            .iter()
            .filter(|p| p.shared)
            .map(|p| {
                (
                    p.pipeline_id.expect("pulled"),
                    p.name.clone(),
                    p.workspace_ref.clone(),
                )
            })
            .collect();
        assert_eq!(got_own, own, "pipelines of {label} (own, with shared)");
        assert_eq!(got_shared, shared, "pipelines shared into {label}");
        if !shared.is_empty() {
            saw_shared += 1;
        }

        // Runs, and what they cost.
        let items = client
            .list_runs_all(wsid, &WorkflowQuery::default())
            .await
            .unwrap();
        let want: BTreeSet<(String, String)> = items
            .iter()
            .filter_map(run_record)
            .map(|r| (r.workflow_id, r.status))
            .collect();
        let got: BTreeSet<(String, String)> = store
            .runs(ws.id, 5000)
            .await
            .unwrap()
            .into_iter()
            .map(|r| (r.workflow_id, r.status))
            .collect();
        assert_eq!(got, want, "runs of {label}");
        let reference = match &ws.org_name {
            Some(o) => format!("{o}/{}", ws.name),
            None => ws.name.clone(),
        };
        for r in items.iter().filter_map(run_record) {
            let credits = r.cost.unwrap_or_else(|| {
                rates.estimate(
                    r.cpu_hours.unwrap_or(0.0),
                    r.memory_gib_hours.unwrap_or(0.0),
                )
            });
            let e = want_credits.entry(reference.clone()).or_default();
            e.0 += 1;
            e.1 += credits;
        }
    }
    assert!(
        saw_shared >= 2,
        "shared workspaces' pipelines show in other workspaces"
    );
    assert_eq!(
        action_statuses,
        ["ACTIVE", "CREATING", "ERROR", "PAUSED"]
            .map(String::from)
            .into(),
        "the demo's actions, every status"
    );

    // The credits report counts every run the server listed, in its workspace (what each costs
    // is checked against the server's sums in tests/credits.rs and the CLI's tests).
    let report = tower
        .credits_report(
            &towerdesk_core::CreditsScope {
                account_id: Some(account),
                ..Default::default()
            },
            None,
            None,
            towerdesk_core::ReportBy::Workspace,
            None,
        )
        .await
        .unwrap();
    let want_total: f64 = want_credits.values().map(|v| v.1).sum();
    assert!(want_total > 0.0, "the demo's runs cost something");
    let t = &report.total;
    assert!(t.credits + t.cloud_cost + t.unknown_cost > 0.0, "{t:?}");
    for row in &report.rows {
        let (runs, _) = want_credits[&row.key];
        assert_eq!(row.spend.runs, runs, "{}", row.key);
    }
    assert_eq!(
        report.rows.len(),
        want_credits.values().filter(|v| v.0 > 0).count()
    );

    // A resync is idempotent.
    let before = counts(&tower, account).await;
    tower.sync_account(account).await.expect("a second sync");
    assert_eq!(counts(&tower, account).await, before);
    println!("pull: {before:?}");
}

/// (id, name, pipeline, source, status, last seen, created) of an action.
type ActionRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn action_row(a: &towerdesk_core::ActionRecord) -> ActionRow {
    (
        a.id.clone(),
        a.name.clone(),
        a.pipeline.clone(),
        a.source.clone(),
        a.status.clone(),
        a.last_seen.clone(),
        a.date_created.clone(),
    )
}

/// A server that refuses `GET /actions` (403: a role that may not read them; the core treats a
/// 404, a server without them, the same): the sync still completes and fills everything else,
/// and what an earlier listing brought is kept, not deleted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_actions_listing_leaves_the_sync_going_and_deletes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("server-state.json");
    let emu = common::start(common::config(Faults::default(), Some(state.clone()), 0)).await;
    let port = emu.port();
    let tower = common::open(&dir.path().join("data")).await;
    let account = common::register(&tower, &emu.base_url()).await;
    tower.sync_account(account).await.expect("a clean sync");
    let store = tower.store().unwrap();
    let workspaces = store.workspaces(account, None).await.unwrap();
    let mut before = BTreeMap::new();
    for w in &workspaces {
        before.insert(w.id, tower.actions(w.id).await.unwrap());
    }
    assert!(
        before.values().filter(|a| !a.is_empty()).count() >= 4,
        "the demo has actions in several workspaces"
    );
    emu.shutdown().await;

    // Refused from now on.
    let refusing = Faults {
        refused_paths: vec!["/actions".into()],
        ..Faults::default()
    };
    let emu = common::start(common::config(refusing, Some(state.clone()), port)).await;
    let client = common::truth(&emu.base_url());
    let err = client.list_actions(None).await.unwrap_err();
    assert_eq!(
        err.kind(),
        towerdesk_core::platform_api::ApiErrorKind::Forbidden
    );
    tower
        .sync_account(account)
        .await
        .expect("a refused actions listing does not fail the sync");
    let row = store.account_row(account).await.unwrap();
    assert_eq!(row.last_error, None, "{row:?}");
    for w in &workspaces {
        assert_eq!(
            tower.actions(w.id).await.unwrap(),
            before[&w.id],
            "{}: kept as the last completed listing left them",
            w.name
        );
    }
    emu.shutdown().await;

    // A fresh store against the refusing server: a clean sync with no actions and the rest there.
    let fresh = common::open(&dir.path().join("fresh")).await;
    let emu = common::start(common::config(
        Faults {
            refused_paths: vec!["/actions".into()],
            ..Faults::default()
        },
        Some(state),
        port,
    ))
    .await;
    let other = common::register(&fresh, &emu.base_url()).await;
    fresh.sync_account(other).await.expect("a clean sync");
    let ws = fresh
        .store()
        .unwrap()
        .workspaces(other, None)
        .await
        .unwrap();
    assert_eq!(ws.len(), workspaces.len());
    let mut credentials = 0;
    for w in &ws {
        assert_eq!(fresh.actions(w.id).await.unwrap(), []);
        credentials += fresh
            .store()
            .unwrap()
            .credentials(w.id)
            .await
            .unwrap()
            .len();
    }
    assert!(
        credentials > 0,
        "the other listings of the workspaces went on"
    );
    emu.shutdown().await;
}

/// (organizations, workspaces, pipelines with shared, runs, participants, compute envs)
async fn counts(
    tower: &std::sync::Arc<towerdesk_core::Towerdesk>,
    account: i64,
) -> (usize, usize, usize, usize, usize, usize) {
    let store = tower.store().unwrap();
    let ws = store.workspaces(account, None).await.unwrap();
    let mut c = (
        store.organizations(account).await.unwrap().len(),
        ws.len(),
        0,
        0,
        0,
        0,
    );
    for w in &ws {
        c.2 += store
            .pipelines(w.id, PipelinesFrom::ThisAndShared, None)
            .await
            .unwrap()
            .len();
        c.3 += store.runs(w.id, 5000).await.unwrap().len();
        c.4 += store.participants(w.id).await.unwrap().len();
        c.5 += store.compute_envs(w.id).await.unwrap().len();
    }
    c
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_workspace_deleted_on_the_server_goes_only_after_a_completed_listing() {
    let log = common::capture_logs("towerdesk_emulator::access=info");
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("server-state.json");
    let emu = common::start(common::config(Faults::default(), Some(state.clone()), 0)).await;
    let port = emu.port();
    let base = emu.base_url();
    let client = common::truth(&base);
    let gc = common::org_id(&client, "genomics-core").await;
    let ta = common::org_id(&client, "tumor-atlas").await;
    emu.shutdown().await;
    let tower = common::open(&dir.path().join("data")).await;
    let names = |ws: &[towerdesk_core::Workspace]| -> BTreeSet<String> {
        ws.iter().map(|w| w.name.clone()).collect()
    };

    // Makes `victim-N` on the server, syncs it in cleanly, then deletes it on the server only.
    let prepare = |n: usize| {
        let (tower, state, client) = (tower.clone(), state.clone(), client.clone());
        async move {
            let emu = common::start(common::config(Faults::default(), Some(state), port)).await;
            let account = common::register(&tower, &emu.base_url()).await;
            let name = format!("victim-{n}");
            let made = client
                .create_workspace(
                    gc,
                    &towerdesk_core::platform_api::NewWorkspace {
                        name: name.clone(),
                        full_name: "Deleted on the server".into(),
                        description: None,
                        visibility: towerdesk_core::platform_api::Visibility::Private,
                    },
                )
                .await
                .unwrap();
            tower.sync_account(account).await.unwrap();
            let store = tower.store().unwrap();
            let local = store.workspaces(account, None).await.unwrap();
            assert!(local.iter().any(|w| w.name == name));
            client.delete_workspace(gc, made.id.unwrap()).await.unwrap();
            emu.shutdown().await;
            (
                account,
                name,
                local
                    .iter()
                    .map(|w| w.name.clone())
                    .collect::<BTreeSet<_>>(),
            )
        }
    };
    let mut n = 0;
    let (account, mut victim, mut before) = prepare(n).await;
    let store = tower.store().unwrap();
    let user_id = store.account_row(account).await.unwrap().user_id;

    // Syncs against a server failing 35% of requests with 500s, until one gets the user's
    // workspace list and the org list but fails an organization's workspace listing.
    let mut found = None;
    let mut completed = 0;
    for seed in 1..300u64 {
        let faults = Faults {
            fail_rate: 0.35,
            kinds: vec![FaultKind::InternalError],
            seed,
            ..Faults::default()
        };
        let mut cfg = common::config(faults, Some(state.clone()), port);
        cfg.log_requests = true;
        let emu = common::start(cfg).await;
        log.clear();
        let result = tower.sync_account(account).await;
        emu.shutdown().await;
        let lines = log.text();
        // (path, status) of every request the emulator logged.
        let requests: Vec<(String, String)> = lines
            .lines()
            .filter_map(|l| {
                let rest = &l[l.find("GET ")? + 4..];
                let mut parts = rest.split_whitespace();
                Some((parts.next()?.to_string(), parts.next()?.to_string()))
            })
            .collect();
        // The listing: the user's workspaces, the orgs, each org's workspaces, each workspace's view.
        let in_listing = |p: &str| {
            let seg: Vec<&str> = p.trim_start_matches('/').split('/').collect();
            p == format!("/user/{user_id}/workspaces")
                || p == "/orgs"
                || (seg.len() == 3 && seg[0] == "orgs" && seg[2] == "workspaces")
                || (seg.len() == 4 && seg[0] == "orgs" && seg[2] == "workspaces")
        };
        let listing: Vec<&(String, String)> =
            requests.iter().filter(|r| in_listing(&r.0)).collect();
        let org_lists = listing
            .iter()
            .filter(|r| {
                r.0 == format!("/orgs/{gc}/workspaces") || r.0 == format!("/orgs/{ta}/workspaces")
            })
            .count();
        let failed = listing.iter().any(|r| r.1 != "200");
        let now = names(&store.workspaces(account, None).await.unwrap());
        if !failed && org_lists == 2 {
            // The listing completed (a later request failed): the victim is gone, nothing else.
            let mut want = before.clone();
            want.remove(&victim);
            assert_eq!(
                now, want,
                "a completed listing removes what the server deleted"
            );
            completed += 1;
            n += 1;
            (_, victim, before) = prepare(n).await;
            continue;
        }
        assert!(
            result.is_err(),
            "seed {seed}: a failed listing fails the sync"
        );
        assert_eq!(
            now, before,
            "seed {seed}: a sync that failed before its listing completed deletes nothing"
        );
        // Half way: the first requests of the listing went through, a later one failed.
        if listing.len() >= 3 && listing[..2].iter().all(|r| r.1 == "200") {
            found = Some(seed);
            break;
        }
    }
    assert!(
        found.is_some(),
        "no seed failed an organization listing half way"
    );
    println!("half-way failure with seed {found:?} after {completed} completed listings");

    // The next completed sync removes it, and only it.
    let emu = common::start(common::config(Faults::default(), Some(state.clone()), port)).await;
    tower.sync_account(account).await.unwrap();
    let after = names(&store.workspaces(account, None).await.unwrap());
    let mut want = before.clone();
    want.remove(&victim);
    assert_eq!(after, want);
    emu.shutdown().await;
}

/// `(method, path, workspaceId)` of every request the emulator at `base` logged since `log` was
/// cleared (the log is the process's: other tests' emulators write to it too).
fn logged_requests(log: &common::LogBuffer, base: &str) -> Vec<(String, String, Option<i64>)> {
    let server = format!("server={base}");
    log.text()
        .lines()
        .filter(|l| l.split_whitespace().any(|w| w == server))
        .filter_map(|l| {
            let at = ["GET ", "POST ", "PUT ", "DELETE "]
                .iter()
                .filter_map(|m| l.find(m))
                .min()?;
            let mut parts = l[at..].split_whitespace();
            let method = parts.next()?.to_string();
            let target = parts.next()?;
            let (path, query) = target.split_once('?').unwrap_or((target, ""));
            let ws = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("workspaceId="))
                .and_then(|v| v.parse().ok());
            Some((method, path.to_string(), ws))
        })
        .collect()
}

/// A resync right after a sync lists the organizations, the workspaces and every workspace's
/// newest runs, and fetches the rest only for the workspace on screen; what changed on the server
/// still arrives: an edited workspace, a new run, a pipeline newly shared in the organization.
/// A run deleted on the server goes at the next full listing of runs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resync_asks_only_for_what_may_have_changed() {
    let log = common::capture_logs("towerdesk_emulator::access=info");
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = common::config(Faults::default(), None, 0);
    cfg.log_requests = true;
    cfg.clock = Clock::fake(chrono::Utc::now());
    let emu = common::start(cfg).await;
    let base = emu.base_url();
    let client = common::truth(&base);
    let gc = common::org_id(&client, "genomics-core").await;
    let tower = common::open(dir.path()).await;
    let account = common::register(&tower, &base).await;
    let store = tower.store().unwrap().clone();

    // The first sync fetches everything; the user looks at genomics-core/production.
    log.clear();
    tower.sync_account(account).await.expect("first sync");
    let first = logged_requests(&log, &base).len();
    let local = store.workspaces(account, None).await.unwrap();
    let by_name = |n: &str| local.iter().find(|w| w.name == n).unwrap().clone();
    let production = by_name("production");
    let sandbox = by_name("rnd-sandbox");
    let hub = by_name("shared-pipelines");
    tower.focus_workspace(production.id).await.unwrap();
    let before = counts(&tower, account).await;

    log.clear();
    tower.sync_account(account).await.expect("resync");
    let resync = logged_requests(&log, &base);
    println!(
        "resync: {} requests after a first sync of {first}",
        resync.len()
    );
    assert_eq!(
        counts(&tower, account).await,
        before,
        "a resync changes nothing"
    );
    assert!(resync.len() * 2 < first, "{} vs {first}", resync.len());
    for (method, path, ws) in &resync {
        assert_eq!(method, "GET", "a resync only reads: {path}");
        let per_workspace = ["/pipelines", "/compute-envs", "/credentials", "/labels"]
            .iter()
            .any(|p| path == p)
            || path.ends_with("/participants")
            || path.ends_with("/settings/studios");
        if per_workspace {
            assert!(
                *ws == production.workspace_id
                    || path.contains(&format!("/{}/", production.workspace_id.unwrap())),
                "only the workspace on screen is fetched again: {path} {ws:?}"
            );
        }
        let seg: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        assert!(
            !(seg.len() == 4 && seg[0] == "orgs" && seg[2] == "workspaces"),
            "no workspace changed: none is described again ({path})"
        );
    }
    let runs_listings = resync.iter().filter(|r| r.1 == "/workflow").count();
    assert!(
        runs_listings >= local.len(),
        "every workspace's newest runs are listed"
    );

    // Changes on the server: an edited workspace, a new run and a new shared pipeline, none of
    // them in the workspace on screen.
    let edited = client
        .update_workspace(
            gc,
            sandbox.workspace_id.unwrap(),
            &towerdesk_core::platform_api::UpdateWorkspaceRequest {
                name: Some(sandbox.name.clone()),
                full_name: sandbox.full_name.clone().unwrap(),
                description: "Edited on the server".into(),
                visibility: towerdesk_core::platform_api::Visibility::Private,
            },
        )
        .await
        .unwrap();
    let launched = hello_run(&client, sandbox.workspace_id, "resync-new-run").await;
    client
        .create_pipeline(
            hub.workspace_id,
            &towerdesk_core::platform_api::CreatePipelineRequest {
                name: "newly-shared".into(),
                description: None,
                icon: None,
                label_ids: vec![],
                launch: towerdesk_core::platform_api::WorkflowLaunchRequest {
                    pipeline: Some("https://github.com/nextflow-io/hello".into()),
                    ..Default::default()
                },
                version: None,
            },
        )
        .await
        .unwrap();
    tower
        .sync_account(account)
        .await
        .expect("resync after server changes");
    let now = store.workspace(sandbox.id).await.unwrap();
    assert_eq!(now.description.as_deref(), Some("Edited on the server"));
    assert_eq!(
        now.last_updated
            .as_deref()
            .map(|t| chrono::DateTime::parse_from_rfc3339(t).unwrap()),
        edited.last_updated.map(|t| t.fixed_offset()),
        "the edited workspace is described again for its new lastUpdated"
    );
    let runs = |ws: i64| {
        let store = store.clone();
        async move {
            store
                .runs(ws, 5000)
                .await
                .unwrap()
                .into_iter()
                .map(|r| r.workflow_id)
                .collect::<BTreeSet<_>>()
        }
    };
    assert!(
        runs(sandbox.id).await.contains(&launched),
        "the new run arrived"
    );
    let shared_in_production: Vec<String> = store
        .pipelines(production.id, PipelinesFrom::ThisAndShared, None)
        .await
        .unwrap()
        .into_iter()
        .filter(|p| p.shared)
        .map(|p| p.name)
        .collect();
    assert!(
        shared_in_production.contains(&"newly-shared".to_string()),
        "the organization's shared pipelines are listed with the workspace on screen: {shared_in_production:?}"
    );

    // Past the first page: with 150 more runs, all finished, a resync stops at the first page
    // of nothing new, so a deleted old run stays until runs are listed in full.
    for n in 0..150 {
        client
            .launch_run(
                sandbox.workspace_id,
                None,
                &towerdesk_core::platform_api::WorkflowLaunchRequest {
                    pipeline: Some("https://github.com/nextflow-io/hello".into()),
                    run_name: Some(format!("bulk-{n}")),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
    }
    emu.clock().advance(chrono::Duration::days(3));
    tower.sync_account(account).await.unwrap();
    let all = store.runs(sandbox.id, 5000).await.unwrap();
    assert!(all.len() > 150);
    let oldest = all.last().unwrap().workflow_id.clone();
    client
        .delete_run(sandbox.workspace_id, &oldest, false)
        .await
        .unwrap();
    log.clear();
    tower.sync_account(account).await.unwrap();
    let sandbox_pages = logged_requests(&log, &base)
        .iter()
        .filter(|r| r.1 == "/workflow" && r.2 == sandbox.workspace_id)
        .count();
    assert_eq!(sandbox_pages, 1, "one page of nothing new ends the listing");
    assert!(runs(sandbox.id).await.contains(&oldest));
    tower.set_freshness(towerdesk_core::sync::Freshness::ALWAYS);
    tower.sync_account(account).await.unwrap();
    assert!(
        !runs(sandbox.id).await.contains(&oldest),
        "a full listing removes it"
    );
    assert_eq!(runs(sandbox.id).await.len(), all.len() - 1);
    emu.shutdown().await;
}

/// With more workspaces than a pull lists the runs of, each resync lists the workspace on screen
/// and the ones listed longest ago: a new run in a workspace not on screen arrives within as many
/// resyncs as it takes to come round to it, and none is skipped for ever.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resync_lists_the_runs_of_the_workspaces_listed_longest_ago_and_comes_round_to_all() {
    let log = common::capture_logs("towerdesk_emulator::access=info");
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = common::config(Faults::default(), None, 0);
    cfg.log_requests = true;
    let emu = common::start(cfg).await;
    let base = emu.base_url();
    let client = common::truth(&base);
    let tower = common::open(dir.path()).await;
    let account = common::register(&tower, &base).await;
    let store = tower.store().unwrap().clone();
    // Each pull lists the runs of the workspace on screen and of one other.
    tower.set_freshness(towerdesk_core::sync::Freshness {
        background_runs: 1,
        ..towerdesk_core::sync::Freshness::DEFAULT
    });
    log.clear();
    tower.sync_account(account).await.expect("first sync");
    let local = store.workspaces(account, None).await.unwrap();
    assert!(local.len() >= 4, "the demo has several workspaces");
    let by_server_id = |id: Option<i64>| local.iter().find(|w| w.workspace_id == id).unwrap().id;
    let listed_first: BTreeSet<i64> = logged_requests(&log, &base)
        .iter()
        .filter(|r| r.1 == "/workflow")
        .map(|r| by_server_id(r.2))
        .collect();
    assert_eq!(
        listed_first.len(),
        local.len(),
        "a first sync lists every workspace's runs, whatever the budget"
    );
    let production = local
        .iter()
        .find(|w| w.name == "production")
        .unwrap()
        .clone();
    let sandbox = local
        .iter()
        .find(|w| w.name == "rnd-sandbox")
        .unwrap()
        .clone();
    tower.focus_workspace(production.id).await.unwrap();
    let launched = hello_run(&client, sandbox.workspace_id, "round-robin-run").await;

    // Which workspaces' runs each resync listed (by local id; the personal one has no id).
    let mut rounds: Vec<BTreeSet<i64>> = Vec::new();
    let mut arrived_after = None;
    for round in 1..=local.len() {
        log.clear();
        tower.sync_account(account).await.expect("resync");
        let listed: BTreeSet<i64> = logged_requests(&log, &base)
            .iter()
            .filter(|r| r.1 == "/workflow")
            .map(|r| by_server_id(r.2))
            .collect();
        let here = store.runs(sandbox.id, 5000).await.unwrap();
        if arrived_after.is_none() && here.iter().any(|r| r.workflow_id == launched) {
            arrived_after = Some(round);
        }
        rounds.push(listed);
    }
    for (i, listed) in rounds.iter().enumerate() {
        assert!(
            listed.contains(&production.id),
            "round {}: the workspace on screen: {listed:?}",
            i + 1
        );
        assert_eq!(
            listed.len(),
            2,
            "round {}: it and one other: {listed:?}",
            i + 1
        );
    }
    let others: BTreeSet<i64> = rounds.iter().flatten().copied().collect();
    let all: BTreeSet<i64> = local.iter().map(|w| w.id).collect();
    assert_eq!(
        others,
        all,
        "every workspace's runs were listed within {} resyncs",
        local.len()
    );
    let round = arrived_after.expect("the new run arrived");
    assert!(rounds[round - 1].contains(&sandbox.id));
    emu.shutdown().await;
}

/// Launches nextflow-io/hello as `run_name` in workspace `ws` on the server; its run id.
async fn hello_run(
    client: &towerdesk_core::platform_api::PlatformClient,
    ws: Option<i64>,
    run_name: &str,
) -> String {
    client
        .launch_run(
            ws,
            None,
            &towerdesk_core::platform_api::WorkflowLaunchRequest {
                pipeline: Some("https://github.com/nextflow-io/hello".into()),
                run_name: Some(run_name.into()),
                ..Default::default()
            },
        )
        .await
        .unwrap()
}

/// (member id, user name, email, role).
type Person = (i64, Option<String>, Option<String>, Option<String>);

/// The people of a listing, as the client decoded it, sorted.
fn people(list: &[towerdesk_core::platform_api::Member]) -> Vec<Person> {
    let mut v: Vec<_> = list
        .iter()
        .map(|m| {
            (
                m.member_id.unwrap(),
                m.user_name.clone(),
                m.email.clone(),
                m.role.as_ref().map(|r| r.as_str().to_string()),
            )
        })
        .collect();
    v.sort();
    v
}

fn stored(list: &[towerdesk_core::OrgMemberView]) -> Vec<Person> {
    let mut v: Vec<_> = list
        .iter()
        .map(|m| {
            (
                m.member.member_id,
                m.member.user_name.clone(),
                m.member.email.clone(),
                m.member.role.clone(),
            )
        })
        .collect();
    v.sort();
    v
}

/// After a sync, each organization's members, teams and collaborators in the store are the
/// emulator's (read back over HTTP), and each listing is marked as completed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pull_brings_each_organizations_members_teams_and_collaborators() {
    use towerdesk_core::store::ListingOutcome;
    let dir = tempfile::tempdir().unwrap();
    let emu = common::start(common::config(Faults::default(), None, 0)).await;
    let base = emu.base_url();
    let tower = common::open(dir.path()).await;
    let account = common::register(&tower, &base).await;
    tower.sync_account(account).await.expect("a clean sync");
    let client = common::truth(&base);
    let orgs = tower.store().unwrap().organizations(account).await.unwrap();
    assert!(orgs.len() >= 2, "the demo has several organizations");
    let mut teams_seen = 0;
    for org in &orgs {
        let got = tower.org_people(org.id).await.unwrap();
        let members = client.list_org_members_all(org.org_id, None).await.unwrap();
        let collaborators = client
            .list_org_collaborators_all(org.org_id, None)
            .await
            .unwrap();
        let teams = client.list_org_teams_all(org.org_id, None).await.unwrap();
        assert!(!members.is_empty(), "{}", org.name);
        assert_eq!(stored(&got.members.rows), people(&members), "{}", org.name);
        assert_eq!(
            stored(&got.collaborators.rows),
            people(&collaborators),
            "{}",
            org.name
        );
        let mut want_teams: Vec<_> = teams
            .iter()
            .map(|t| {
                (
                    t.team_id.unwrap(),
                    t.name.clone(),
                    t.description.clone(),
                    t.members_count,
                )
            })
            .collect();
        want_teams.sort();
        let mut got_teams: Vec<_> = got
            .teams
            .rows
            .iter()
            .map(|t| {
                (
                    t.team_id,
                    t.name.clone(),
                    t.description.clone(),
                    t.members_count,
                )
            })
            .collect();
        got_teams.sort();
        assert_eq!(got_teams, want_teams, "{}", org.name);
        teams_seen += got_teams.len();
        for mark in [
            &got.members.last_listing,
            &got.teams.last_listing,
            &got.collaborators.last_listing,
        ] {
            assert_eq!(
                mark.as_ref().map(|m| m.outcome),
                Some(ListingOutcome::Listed),
                "{}",
                org.name
            );
        }
        // The role in the Platform's words; what may be done, from the organization role.
        for m in &got.members.rows {
            if m.member.role.as_deref() == Some("owner") {
                assert_eq!(m.role_text.as_deref(), Some("Owner"));
            }
        }
        assert_eq!(
            got.permissions.manage_members.allowed,
            org.role.as_deref() == Some("owner"),
            "{}",
            org.name
        );
    }
    assert!(teams_seen > 0, "the demo has teams");
}

/// A server that refuses an organization's members listing (403, as for a role that may not list
/// them): the sync completes, the members an earlier listing brought are kept, the listing is
/// marked refused, and the organization's other listings still complete.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_members_listing_leaves_the_sync_going_and_keeps_what_was_there() {
    use towerdesk_core::store::ListingOutcome;
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("server-state.json");
    let emu = common::start(common::config(Faults::default(), Some(state.clone()), 0)).await;
    let port = emu.port();
    let client = common::truth(&emu.base_url());
    let gc = common::org_id(&client, "genomics-core").await;
    let tower = common::open(&dir.path().join("data")).await;
    let account = common::register(&tower, &emu.base_url()).await;
    tower.sync_account(account).await.expect("a clean sync");
    let store = tower.store().unwrap();
    let org = store
        .organizations(account)
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.org_id == gc)
        .unwrap();
    let before = tower.org_people(org.id).await.unwrap();
    assert!(before.members.rows.len() >= 3);
    // The user looks at a workspace of genomics-core: its organization's people are listed again.
    let ws = store
        .workspaces(account, None)
        .await
        .unwrap()
        .into_iter()
        .find(|w| w.org_id == Some(gc))
        .unwrap();
    tower.focus_workspace(ws.id).await.unwrap();
    emu.shutdown().await;

    let members_path = format!("/orgs/{gc}/members");
    let refusing = Faults {
        refused_paths: vec![members_path.clone()],
        ..Faults::default()
    };
    let emu = common::start(common::config(refusing, Some(state), port)).await;
    let err = common::truth(&emu.base_url())
        .list_org_members_all(gc, None)
        .await
        .unwrap_err();
    assert_eq!(
        err.kind(),
        towerdesk_core::platform_api::ApiErrorKind::Forbidden
    );
    let mut events = tower.subscribe();
    tower
        .sync_account(account)
        .await
        .expect("a refused members listing does not fail the sync");
    // The window is told: the members tab now says the listing was refused.
    let mut told = false;
    while let Ok(e) = events.try_recv() {
        told |= matches!(
            e,
            towerdesk_core::CoreEvent::DataChanged {
                section: towerdesk_core::Section::OrgPeople,
                workspace_id: None,
                ..
            }
        );
    }
    assert!(told, "the organization's people are named as changed");
    let row = store.account_row(account).await.unwrap();
    assert_eq!(row.last_error, None, "{row:?}");
    let after = tower.org_people(org.id).await.unwrap();
    assert_eq!(after.members.rows, before.members.rows, "kept, not deleted");
    assert_eq!(
        after.members.last_listing.map(|m| m.outcome),
        Some(ListingOutcome::Refused)
    );
    assert_eq!(
        after.teams.last_listing.map(|m| m.outcome),
        Some(ListingOutcome::Listed),
        "the other listings go on"
    );
    assert_eq!(after.teams.rows, before.teams.rows);
}
