//! Real accounts are not the demo: older Platform releases list a user's workspaces with only ids
//! and names (no `roles`, `visibility`, `workspaceFullName`, as in the recorded
//! `workspaces_list.json`), `/orgs` leaves out the organizations where the user is a collaborator,
//! and a collaborator may not list the organization's workspaces. Each test syncs from the
//! emulator's `collaborator` world (see the emulator's README) in one of those shapes and checks
//! what the store then shows: what the server said, what follows from it, and "unknown" (None)
//! for the rest, never a guess.

mod common;

use std::collections::BTreeMap;

use towerdesk_core::{ErrorKind, Visibility, Workspace};
use towerdesk_emulator::{EmulatorConfig, Scenario};

/// (org, name) → the workspace as the store shows it.
type Shown = BTreeMap<(String, String), Workspace>;

async fn sync_collaborator_world(
    legacy: bool,
) -> (
    tempfile::TempDir,
    std::sync::Arc<towerdesk_core::Towerdesk>,
    i64,
    Shown,
) {
    sync_world(Scenario::Collaborator, legacy).await
}

/// Syncs a fresh Towerdesk from the emulator's `scenario`, answering `/user/{id}/workspaces` in the
/// older shape when `legacy`.
async fn sync_world(
    scenario: Scenario,
    legacy: bool,
) -> (
    tempfile::TempDir,
    std::sync::Arc<towerdesk_core::Towerdesk>,
    i64,
    Shown,
) {
    let mut cfg = EmulatorConfig::new(scenario, common::TOKEN);
    cfg.legacy_user_workspaces = legacy;
    let emu = common::start(cfg).await;
    let dir = tempfile::tempdir().unwrap();
    let tower = common::open(dir.path()).await;
    let account = common::register(&tower, &emu.base_url()).await;
    tower.sync_account(account).await.expect("a clean sync");
    // The emulator may stop now: everything below reads the local store.
    drop(emu);
    let shown = shown(&tower, account).await;
    (dir, tower, account, shown)
}

async fn shown(tower: &towerdesk_core::Towerdesk, account: i64) -> Shown {
    tower
        .store()
        .unwrap()
        .workspaces(account, None)
        .await
        .unwrap()
        .into_iter()
        .filter(|w| !w.personal)
        .map(|w| {
            (
                (
                    w.org_name
                        .clone()
                        .expect("every workspace has its organization"),
                    w.name.clone(),
                ),
                w,
            )
        })
        .collect()
}

fn get<'a>(shown: &'a Shown, org: &str, name: &str) -> &'a Workspace {
    shown
        .get(&(org.to_string(), name.to_string()))
        .unwrap_or_else(|| panic!("{org}/{name} is not shown: {:?}", shown.keys()))
}

/// (full name, visibility, role) of a workspace.
fn facts(w: &Workspace) -> (Option<&str>, Option<Visibility>, Option<&str>) {
    (w.full_name.as_deref(), w.visibility, w.role.as_deref())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_collaborators_organization_is_kept_from_the_workspace_list() {
    for legacy in [false, true] {
        let (_dir, tower, account, shown) = sync_collaborator_world(legacy).await;
        let orgs: BTreeMap<String, Option<String>> = tower
            .store()
            .unwrap()
            .organizations(account)
            .await
            .unwrap()
            .into_iter()
            .map(|o| (o.name, o.role))
            .collect();
        // partner-lab is not in `/orgs` (the user is only a collaborator there), yet its
        // workspace is shown under it; the user's role in the organization is not known.
        let want: BTreeMap<String, Option<String>> = [
            ("member-lab", Some("member")),
            ("own-lab", Some("owner")),
            ("partner-lab", None),
        ]
        .into_iter()
        .map(|(n, r)| (n.to_string(), r.map(str::to_string)))
        .collect();
        assert_eq!(orgs, want, "legacy {legacy}");
        let names: Vec<_> = shown.keys().cloned().collect();
        let want: Vec<(String, String)> = [
            ("member-lab", "analysis"),
            ("member-lab", "team-space"),
            ("own-lab", "ops"),
            ("own-lab", "tools"),
            ("partner-lab", "joint-study"),
        ]
        .into_iter()
        .map(|(o, w)| (o.to_string(), w.to_string()))
        .collect();
        assert_eq!(names, want, "legacy {legacy}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_roles_in_the_listing_every_fact_comes_from_the_server() {
    let (_dir, _tower, _account, shown) = sync_collaborator_world(false).await;
    let cases = [
        (
            "partner-lab",
            "joint-study",
            (
                Some("Joint study"),
                Some(Visibility::Shared),
                Some("maintain"),
            ),
        ),
        (
            "own-lab",
            "ops",
            (Some("Operations"), Some(Visibility::Private), Some("owner")),
        ),
        (
            "own-lab",
            "tools",
            (
                Some("Shared tools"),
                Some(Visibility::Shared),
                Some("owner"),
            ),
        ),
        (
            "member-lab",
            "analysis",
            (Some("Analysis"), Some(Visibility::Private), Some("launch")),
        ),
        (
            "member-lab",
            "team-space",
            (Some("Team space"), Some(Visibility::Private), Some("admin")),
        ),
    ];
    for (org, name, want) in cases {
        assert_eq!(facts(get(&shown, org, name)), want, "{org}/{name}");
    }
    // A collaborator's workspace is described (its organization's listing is refused), which
    // also gives its description.
    assert_eq!(
        get(&shown, "partner-lab", "joint-study")
            .description
            .as_deref(),
        Some("Shared with our collaborators")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_older_servers_listing_is_completed_from_the_other_answers_or_left_unknown() {
    let (_dir, tower, _account, shown) = sync_collaborator_world(true).await;
    let cases = [
        // Listing refused to a collaborator: the workspace's own view gives its fields, and the
        // user's own participant row (a COLLABORATOR) gives the role.
        (
            "partner-lab",
            "joint-study",
            (
                Some("Joint study"),
                Some(Visibility::Shared),
                Some("maintain"),
            ),
        ),
        // An organization owner owns every workspace, with no participant row of their own.
        (
            "own-lab",
            "ops",
            (Some("Operations"), Some(Visibility::Private), Some("owner")),
        ),
        (
            "own-lab",
            "tools",
            (
                Some("Shared tools"),
                Some(Visibility::Shared),
                Some("owner"),
            ),
        ),
        // A member: the role from their own participant row.
        (
            "member-lab",
            "analysis",
            (Some("Analysis"), Some(Visibility::Private), Some("launch")),
        ),
        // The role comes through a team, which the answers do not connect to the user: unknown,
        // rather than a guess.
        (
            "member-lab",
            "team-space",
            (Some("Team space"), Some(Visibility::Private), None),
        ),
    ];
    for (org, name, want) in cases {
        assert_eq!(facts(get(&shown, org, name)), want, "{org}/{name}");
    }

    // The organization owner may edit a workspace where they have no participant row.
    let ops = get(&shown, "own-lab", "ops");
    tower
        .update_workspace(
            ops.id,
            common::input("ops", "Operations", Some("Edited by the org owner"), false),
        )
        .await
        .expect("an organization owner edits any workspace of it");

    // An unknown role is refused with a reason that says it is unknown.
    let team_space = get(&shown, "member-lab", "team-space");
    let err = tower
        .update_workspace(
            team_space.id,
            common::input("team-space", "Team space", None, false),
        )
        .await
        .expect_err("an unknown role does not pass for admin");
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert!(err.message.contains("unknown"), "{}", err.message);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_older_servers_listing_never_contradicts_the_full_answers() {
    // Whatever the older shape leaves out may be unknown, but what it shows equals what the
    // complete answers show, for the demo world as for the collaborator one.
    for scenario in [Scenario::Demo, Scenario::Collaborator] {
        let mut full = BTreeMap::new();
        for legacy in [false, true] {
            let (_dir, _tower, _account, shown) = sync_world(scenario, legacy).await;
            if !legacy {
                full = shown;
                continue;
            }
            assert_eq!(
                shown.keys().collect::<Vec<_>>(),
                full.keys().collect::<Vec<_>>(),
                "{scenario:?}: the same workspaces under the same organizations"
            );
            let mut unknown_roles = 0;
            for (key, w) in &shown {
                let f = &full[key];
                assert_eq!(w.full_name, f.full_name, "{scenario:?} {key:?}");
                assert_eq!(w.visibility, f.visibility, "{scenario:?} {key:?}");
                assert_eq!(w.description, f.description, "{scenario:?} {key:?}");
                match &w.role {
                    Some(r) => assert_eq!(Some(r), f.role.as_ref(), "{scenario:?} {key:?}"),
                    None => unknown_roles += 1,
                }
            }
            assert!(
                unknown_roles < shown.len(),
                "{scenario:?}: some roles are derived"
            );
        }
    }
}
