//! Participants through the outbox against the emulator: adds (a member, a team, anyone by email),
//! role changes and removals reach the server; an add whose answer was lost is adopted, never made
//! twice; a role changed on the server meanwhile is a conflict the user resolves; a 403 rejects the
//! change with the server's words; the rules refuse what the Platform would.

use crate::common;

use std::collections::BTreeMap;
use std::sync::Arc;

use towerdesk_core::platform_api::{PlatformClient, WorkspaceRole};
use towerdesk_core::store::{ChangeOp, Entity, NewChange, NewParticipantRow};
use towerdesk_core::{ChangeState, ErrorKind, Participant, ParticipantInput, Towerdesk, Workspace};
use towerdesk_emulator::{FaultKind, Faults};

async fn workspace(tower: &Arc<Towerdesk>, account: i64, name: &str) -> Workspace {
    tower
        .workspaces(account, None)
        .await
        .unwrap()
        .into_iter()
        .find(|w| w.name == name)
        .unwrap_or_else(|| panic!("no workspace {name}"))
}

async fn local(tower: &Arc<Towerdesk>, ws: i64, name: &str) -> Option<Participant> {
    tower
        .participants(ws)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.name == name)
}

/// The server's participants of a workspace: name (user name, email or team) -> role.
async fn server(client: &PlatformClient, ws: &Workspace) -> BTreeMap<String, String> {
    let list = common::retry(|| {
        client.list_participants_all(ws.org_id.unwrap(), ws.workspace_id.unwrap(), None)
    })
    .await;
    let mut out = BTreeMap::new();
    for p in list {
        let name = p
            .team_name
            .clone()
            .or(p.user_name.clone())
            .or(p.email.clone())
            .unwrap_or_default();
        let role = p
            .wsp_role
            .map(|r| r.as_str().to_string())
            .unwrap_or_default();
        assert!(
            out.insert(name.clone(), role).is_none(),
            "{name} listed twice"
        );
    }
    out
}

async fn server_id(client: &PlatformClient, ws: &Workspace, user_name: &str) -> i64 {
    client
        .list_participants_all(ws.org_id.unwrap(), ws.workspace_id.unwrap(), None)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.user_name.as_deref() == Some(user_name))
        .and_then(|p| p.participant_id)
        .unwrap()
}

fn member(member_id: i64, name: &str, role: &str) -> ParticipantInput {
    ParticipantInput {
        member_id: Some(member_id),
        team_id: None,
        user_name_or_email: None,
        name: Some(name.into()),
        email: None,
        role: role.into(),
    }
}

async fn setup(
    faults: Faults,
) -> (
    tempfile::TempDir,
    towerdesk_emulator::RunningEmulator,
    PlatformClient,
    Arc<Towerdesk>,
    i64,
) {
    let dir = tempfile::tempdir().unwrap();
    let emu = common::start(common::config(faults, None, 0)).await;
    let client = common::truth(&emu.base_url());
    let tower = common::open(dir.path()).await;
    let account = common::register(&tower, &emu.base_url()).await;
    tower.sync_account(account).await.unwrap();
    (dir, emu, client, tower, account)
}

/// As [`setup`], with the emulator logging every request it answers.
async fn setup_logged(
    faults: Faults,
) -> (
    tempfile::TempDir,
    towerdesk_emulator::RunningEmulator,
    PlatformClient,
    Arc<Towerdesk>,
    i64,
) {
    let dir = tempfile::tempdir().unwrap();
    let mut config = common::config(faults, None, 0);
    config.log_requests = true;
    let emu = common::start(config).await;
    let client = common::truth(&emu.base_url());
    let tower = common::open(dir.path()).await;
    let account = common::register(&tower, &emu.base_url()).await;
    tower.sync_account(account).await.unwrap();
    (dir, emu, client, tower, account)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn adds_role_changes_and_removals_reach_the_server() {
    let (_dir, _emu, client, tower, account) = setup(Faults::default()).await;
    let sandbox = workspace(&tower, account, "rnd-sandbox").await;
    let before = server(&client, &sandbox).await;
    assert!(!before.contains_key("ben-okafor") && !before.contains_key("bioinformatics"));

    // The picker offers the organization's members and teams, marking who is already in.
    let offered = tower.participant_candidates(sandbox.id).await.unwrap();
    let ben = offered
        .iter()
        .find(|c| c.user_name.as_deref() == Some("ben-okafor"))
        .expect("Ben is offered");
    assert!(!ben.already_participant);
    let chiara = offered
        .iter()
        .find(|c| c.user_name.as_deref() == Some("chiara-rossi"))
        .expect("Chiara is listed");
    assert!(chiara.already_participant, "{chiara:?}");
    let team = offered
        .iter()
        .find(|c| c.kind == "TEAM" && c.name == "bioinformatics")
        .expect("the team is offered");

    let added = tower
        .add_participant(
            sandbox.id,
            member(ben.member_id.unwrap(), &ben.name, "maintain"),
        )
        .await
        .unwrap();
    assert_eq!(added.change_state, Some(ChangeState::Waiting));
    tower
        .add_participant(
            sandbox.id,
            ParticipantInput {
                member_id: None,
                team_id: team.team_id,
                user_name_or_email: None,
                name: Some(team.name.clone()),
                email: None,
                role: "view".into(),
            },
        )
        .await
        .unwrap();
    tower
        .add_participant(
            sandbox.id,
            ParticipantInput {
                member_id: None,
                team_id: None,
                user_name_or_email: Some("new.person@partner.example.org".into()),
                name: None,
                email: None,
                role: "connect".into(),
            },
        )
        .await
        .unwrap();
    let summaries: Vec<String> = tower
        .changes(Some(account))
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.summary)
        .collect();
    assert_eq!(
        summaries,
        [
            format!("Add participant {} as maintain", ben.name),
            "Add participant bioinformatics as view".to_string(),
            "Add participant new.person@partner.example.org as connect".to_string(),
        ]
    );
    assert_eq!(
        server(&client, &sandbox).await,
        before,
        "nothing sent before a sync"
    );

    tower.sync_account(account).await.unwrap();
    let now = server(&client, &sandbox).await;
    assert_eq!(now.get("ben-okafor").map(String::as_str), Some("maintain"));
    assert_eq!(now.get("bioinformatics").map(String::as_str), Some("view"));
    assert_eq!(
        now.get("new-person").map(String::as_str),
        Some("connect"),
        "{now:?}"
    );
    assert_eq!(now.len(), before.len() + 3);
    let ben_here = local(&tower, sandbox.id, &added.name).await.unwrap();
    assert!(
        ben_here.participant_id.is_some(),
        "the server's id is recorded"
    );
    assert_eq!(ben_here.change_state, None);
    assert_eq!(
        tower.participants(sandbox.id).await.unwrap().len(),
        before.len() + 3,
        "no twin rows after the pull"
    );

    tower
        .change_participant_role(ben_here.id, "view".into())
        .await
        .unwrap();
    assert_eq!(
        tower.changes(Some(account)).await.unwrap()[0].summary,
        format!("Change role of {} to view", ben_here.name)
    );
    tower.sync_account(account).await.unwrap();
    assert_eq!(
        server(&client, &sandbox)
            .await
            .get("ben-okafor")
            .map(String::as_str),
        Some("view")
    );

    tower.remove_participant(ben_here.id).await.unwrap();
    assert!(local(&tower, sandbox.id, &ben_here.name).await.is_none());
    assert_eq!(
        tower.changes(Some(account)).await.unwrap()[0].summary,
        format!("Remove participant {} from rnd-sandbox", ben_here.name)
    );
    tower.sync_account(account).await.unwrap();
    assert!(!server(&client, &sandbox).await.contains_key("ben-okafor"));
    let counts = tower.store().unwrap().change_counts(account).await.unwrap();
    assert_eq!(
        (counts.waiting, counts.conflicts, counts.rejected),
        (0, 0, 0)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_add_whose_answer_was_lost_is_adopted_not_made_twice() {
    // Every write is applied and then answered with a 500 (reads pass): the add lands, its
    // answer is lost; so does the role change that follows the adoption.
    let faults = Faults {
        fail_rate: 1.0,
        kinds: vec![FaultKind::ApplyThenError],
        ..Faults::default()
    };
    let log = common::capture_logs("towerdesk_emulator::access=info");
    let (_dir, _emu, client, tower, account) = setup_logged(faults).await;
    let sandbox = workspace(&tower, account, "rnd-sandbox").await;
    let ben = tower
        .participant_candidates(sandbox.id)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.user_name.as_deref() == Some("ben-okafor"))
        .unwrap();
    tower
        .add_participant(
            sandbox.id,
            member(ben.member_id.unwrap(), &ben.name, "maintain"),
        )
        .await
        .unwrap();
    tower.sync_account(account).await.unwrap();

    let counts = tower.store().unwrap().change_counts(account).await.unwrap();
    assert_eq!(
        (counts.waiting, counts.conflicts, counts.rejected),
        (0, 0, 0),
        "{:?}",
        tower.changes(Some(account)).await.unwrap()
    );
    let now = server(&client, &sandbox).await;
    assert_eq!(now.get("ben-okafor").map(String::as_str), Some("maintain"));
    let here = tower.participants(sandbox.id).await.unwrap();
    assert_eq!(
        here.iter().filter(|p| p.name == ben.name).count(),
        1,
        "{here:?}"
    );
    assert_eq!(here.len(), now.len());

    // One add request only, whose answer was lost; the retry looked the participant up instead.
    let path = format!(
        "/orgs/{}/workspaces/{}/participants",
        sandbox.org_id.unwrap(),
        sandbox.workspace_id.unwrap()
    );
    let text = log.text();
    let mine: Vec<&str> = text.lines().filter(|l| l.contains(&path)).collect();
    let adds: Vec<&&str> = mine
        .iter()
        .filter(|l| l.contains(&format!("PUT {path}/add")))
        .collect();
    assert_eq!(adds.len(), 1, "{mine:#?}");
    assert!(adds[0].contains("(fault: applied, then 500)"), "{mine:#?}");
    let add_at = mine.iter().position(|l| l == adds[0]).unwrap();
    assert!(
        mine[add_at + 1..]
            .iter()
            .any(|l| l.contains(&format!("GET {path}"))),
        "looked up after the lost answer: {mine:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_role_changed_or_removed_on_the_server_meanwhile_is_a_conflict() {
    let (_dir, _emu, client, tower, account) = setup(Faults::default()).await;
    let prod = workspace(&tower, account, "production").await;
    let (org, wsid) = (prod.org_id.unwrap(), prod.workspace_id.unwrap());
    let alice = local(&tower, prod.id, "Alice Nakamura")
        .await
        .expect("Alice");
    assert_eq!(alice.role, "admin");
    let priya = local(&tower, prod.id, "Priya Raman").await.expect("Priya");

    // Changed here to maintain, on the server to view.
    tower
        .change_participant_role(alice.id, "maintain".into())
        .await
        .unwrap();
    let alice_id = server_id(&client, &prod, "alice-nakamura").await;
    client
        .update_participant_role(org, wsid, alice_id, &WorkspaceRole::View)
        .await
        .unwrap();
    // Changed here to launch, removed on the server.
    tower
        .change_participant_role(priya.id, "launch".into())
        .await
        .unwrap();
    let priya_id = server_id(&client, &prod, "priya-raman").await;
    client
        .remove_participant(org, wsid, priya_id)
        .await
        .unwrap();

    tower.sync_account(account).await.unwrap();
    let changes = tower.changes(Some(account)).await.unwrap();
    let states: Vec<(ChangeState, Option<&str>)> = changes
        .iter()
        .map(|c| (c.state, c.message.as_deref()))
        .collect();
    assert_eq!(
        states,
        [
            (
                ChangeState::Conflict,
                Some("Changed on the server to view since you edited it.")
            ),
            (ChangeState::Conflict, Some("Removed on the server.")),
        ]
    );
    // The local versions are kept, marked, and the server is untouched.
    let alice_here = local(&tower, prod.id, "Alice Nakamura").await.unwrap();
    assert_eq!(
        (alice_here.role.as_str(), alice_here.change_state),
        ("maintain", Some(ChangeState::Conflict))
    );
    assert!(local(&tower, prod.id, "Priya Raman").await.is_some());
    let on_server = server(&client, &prod).await;
    assert_eq!(on_server["alice-nakamura"], "view");

    // Keep mine for Alice: sent on top of the server's view.
    tower.retry_change(changes[0].id).await.unwrap();
    // Take theirs for Priya: she goes away locally too.
    tower.discard_change(changes[1].id).await.unwrap();
    tower.sync_account(account).await.unwrap();
    assert_eq!(server(&client, &prod).await["alice-nakamura"], "maintain");
    let alice_here = local(&tower, prod.id, "Alice Nakamura").await.unwrap();
    assert_eq!(
        (alice_here.role.as_str(), alice_here.change_state),
        ("maintain", None)
    );
    assert!(local(&tower, prod.id, "Priya Raman").await.is_none());
    assert!(tower.changes(Some(account)).await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_403_rejects_the_change_with_the_servers_words_and_the_rest_go() {
    let (_dir, _emu, client, tower, account) = setup(Faults::default()).await;
    // clinical-runs: the demo user only launches there (through a team).
    let clinical = workspace(&tower, account, "clinical-runs").await;
    assert_eq!(clinical.role.as_deref(), Some("launch"));
    let refused = tower
        .add_participant(clinical.id, member(1, "Someone", "view"))
        .await
        .unwrap_err();
    assert_eq!(refused.kind, ErrorKind::Forbidden);
    assert_eq!(
        refused.message,
        "Managing participants needs the owner or admin role in the workspace (your role: launch)."
    );
    let tomas = local(&tower, clinical.id, "Tomas Novak")
        .await
        .expect("Tomas");
    let refused = tower
        .change_participant_role(tomas.id, "view".into())
        .await
        .unwrap_err();
    assert_eq!(refused.kind, ErrorKind::Forbidden);

    // Queued anyway, as an older version of the app might have: the server says no.
    let store = tower.store().unwrap();
    store
        .set_participant_role_local(
            account,
            tomas.id,
            "view",
            &NewChange {
                entity: Entity::Participant,
                op: ChangeOp::Update,
                natural_key: None,
                payload: serde_json::json!({ "orgId": clinical.org_id, "role": "view" }),
                base_last_updated: Some("launch".into()),
                summary: "Change role of Tomas Novak to view".into(),
            },
        )
        .await
        .unwrap();
    store
        .add_participant_local(
            account,
            clinical.id,
            &NewParticipantRow {
                kind: "MEMBER".into(),
                member_id: None,
                team_id: None,
                user_name: None,
                name: "x@y.org".into(),
                email: Some("x@y.org".into()),
                role: "view".into(),
            },
            &NewChange {
                entity: Entity::Participant,
                op: ChangeOp::Create,
                natural_key: None,
                payload: serde_json::json!({ "orgId": clinical.org_id, "userNameOrEmail": "x@y.org", "role": "view" }),
                base_last_updated: None,
                summary: "Add participant x@y.org as view".into(),
            },
        )
        .await
        .unwrap();
    // And one change the server takes, in another workspace.
    let prod = workspace(&tower, account, "production").await;
    let priya = local(&tower, prod.id, "Priya Raman").await.unwrap();
    tower
        .change_participant_role(priya.id, "connect".into())
        .await
        .unwrap();

    tower.sync_account(account).await.unwrap();
    let changes = tower.changes(Some(account)).await.unwrap();
    assert_eq!(changes.len(), 2, "{changes:?}");
    for c in &changes {
        assert_eq!(c.state, ChangeState::Rejected);
        assert_eq!(
            c.message.as_deref(),
            Some("Operation not allowed: the 'launch' role cannot manage participants"),
            "the server's own words"
        );
    }
    let tomas_here = local(&tower, clinical.id, "Tomas Novak").await.unwrap();
    assert_eq!(tomas_here.change_state, Some(ChangeState::Rejected));
    assert_eq!(server(&client, &clinical).await["tomas-novak"], "launch");
    assert_eq!(server(&client, &prod).await["priya-raman"], "connect");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_and_the_last_owner_are_refused_and_nothing_is_queued() {
    let (_dir, _emu, _client, tower, account) = setup(Faults::default()).await;
    let sandbox = workspace(&tower, account, "rnd-sandbox").await;
    let owner = tower
        .participants(sandbox.id)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.role == "owner")
        .unwrap();
    let chiara = local(&tower, sandbox.id, "Chiara Rossi").await.unwrap();

    let cases: Vec<(ParticipantInput, &str)> = vec![
        (
            ParticipantInput {
                member_id: None,
                team_id: None,
                user_name_or_email: Some("  ".into()),
                name: None,
                email: None,
                role: "view".into(),
            },
            "Choose a member or team of the organization, or enter a user name or email.",
        ),
        (
            member(chiara.member_id.unwrap(), "Chiara Rossi", "view"),
            "'Chiara Rossi' is already a participant of workspace 'rnd-sandbox'.",
        ),
        (
            ParticipantInput {
                member_id: None,
                team_id: None,
                user_name_or_email: Some("CHIARA-ROSSI".into()),
                name: None,
                email: None,
                role: "view".into(),
            },
            "'Chiara Rossi' is already a participant of workspace 'rnd-sandbox'.",
        ),
        (
            member(999, "Nobody", "superuser"),
            "'superuser' is not a workspace role: use owner, admin, maintain, launch, connect or view.",
        ),
    ];
    for (input, message) in cases {
        let e = tower.add_participant(sandbox.id, input).await.unwrap_err();
        assert_eq!(
            (e.kind, e.message.as_str()),
            (ErrorKind::Validation, message)
        );
    }
    let e = tower.remove_participant(owner.id).await.unwrap_err();
    assert_eq!(
        e.message,
        format!(
            "{} is the last owner and cannot be removed: make someone else an owner first.",
            owner.name
        )
    );
    let e = tower
        .change_participant_role(owner.id, "admin".into())
        .await
        .unwrap_err();
    assert_eq!(
        e.message,
        format!(
            "{} is the last owner: make someone else an owner first.",
            owner.name
        )
    );
    let personal = tower
        .workspaces(account, None)
        .await
        .unwrap()
        .into_iter()
        .find(|w| w.personal)
        .unwrap();
    let e = tower
        .add_participant(personal.id, member(1, "x", "view"))
        .await
        .unwrap_err();
    assert_eq!(e.message, "Your user workspace has no participants.");
    assert!(tower.changes(Some(account)).await.unwrap().is_empty());

    // With a second owner, the first may step down.
    tower
        .change_participant_role(chiara.id, "owner".into())
        .await
        .unwrap();
    tower
        .change_participant_role(owner.id, "admin".into())
        .await
        .unwrap();
    assert_eq!(tower.changes(Some(account)).await.unwrap().len(), 2);
}
