//! Who may do what, through the service: for every organization role × workspace role, the
//! permissions the window's views carry, and what each command does with the same request. A
//! command refuses (`forbidden`, with the view's reason word for word) exactly what the view says
//! is not allowed, and accepts (queues) what it allows. The views are also checked against the
//! Platform's matrix (docs/PLATFORM-FACTS.md, "Who may do what"), written out below.
//!
//! No server is needed: the rows a sync would bring are written into the store directly, and the
//! writes are offline-first (applied locally and queued).

use std::sync::Arc;
use towerdesk_core::StudiosSettingsInput;

use serde_json::json;
use tempfile::TempDir;
use towerdesk_core::store::{
    AccountKind, LabelRecord, LaunchInput, OrgRecord, ParticipantRecord, PipelineRecord, Shares,
    WorkspaceListing, WorkspaceRecord,
};
use towerdesk_core::{
    AppError, ChangeState, ComputeEnv, ErrorKind, LabelInput, Options, ParticipantInput,
    Permission, PipelinesFrom, TokenVault, Towerdesk, Visibility, WorkspaceInput,
    WorkspacePermissions,
};

const ORG: i64 = 101;
const WS: i64 = 1001;

/// The organization roles: the API's (owner, member, collaborator), the docs' "admin", unknown.
const ORG_ROLES: [Option<&str>; 5] = [
    Some("owner"),
    Some("admin"),
    Some("member"),
    Some("collaborator"),
    None,
];

/// The workspace roles, a custom role Towerdesk cannot rank, and unknown.
const WS_ROLES: [Option<&str>; 8] = [
    Some("owner"),
    Some("admin"),
    Some("maintain"),
    Some("launch"),
    Some("connect"),
    Some("view"),
    Some("superuser"),
    None,
];

const ACTIONS: [&str; 9] = [
    "edit",
    "delete",
    "manageParticipants",
    "makeOwners",
    "manageLabels",
    "editStudiosSettings",
    "addPipelines",
    "editPipelines",
    "launch",
];

/// The Platform's matrix: what each role it acts with may do (an organization owner acts as a
/// workspace owner; a role not ranked or not known may do nothing).
fn matrix(acting: Option<&str>) -> &'static [&'static str] {
    match acting {
        Some("owner") => &ACTIONS,
        Some("admin") => &[
            "edit",
            "manageParticipants",
            "manageLabels",
            "editStudiosSettings",
            "addPipelines",
            "editPipelines",
            "launch",
        ],
        Some("maintain") => &["manageLabels", "addPipelines", "editPipelines", "launch"],
        Some("launch") => &["launch"],
        _ => &[],
    }
}

fn by_name<'a>(p: &'a WorkspacePermissions, action: &str) -> &'a Permission {
    match action {
        "edit" => &p.edit,
        "delete" => &p.delete,
        "manageParticipants" => &p.manage_participants,
        "makeOwners" => &p.make_owners,
        "manageLabels" => &p.manage_labels,
        "editStudiosSettings" => &p.edit_studios_settings,
        "addPipelines" => &p.add_pipelines,
        "editPipelines" => &p.edit_pipelines,
        "launch" => &p.launch,
        other => panic!("no action {other}"),
    }
}

struct World {
    _dir: TempDir,
    tower: Arc<Towerdesk>,
    account: i64,
    ws: i64,
}

/// A store as a sync would leave it: one organization where the user has `org_role`, one
/// workspace "production" where the user has `ws_role`, with participants (Ada its only owner,
/// Ben, Cy), two labels and known Studios settings.
async fn world(org_role: Option<&str>, ws_role: Option<&str>) -> World {
    let dir = tempfile::tempdir().unwrap();
    let tower = Towerdesk::open(Options {
        demo: None,
        data_dir: dir.path().to_path_buf(),
        profile: "default".into(),
        vault: TokenVault::memory(),
        auto_sync: false,
    })
    .await;
    let store = tower.store().unwrap();
    let account = store
        .upsert_account(
            "http://127.0.0.1:9",
            7,
            "dee",
            Some("dee@lab.org"),
            "Lab",
            AccountKind::Environment,
        )
        .await
        .unwrap()
        .id;
    let generation = store.begin_org_listing(account).await.unwrap();
    store
        .upsert_organizations(
            account,
            generation,
            &[OrgRecord {
                org_id: ORG,
                name: "lab".into(),
                full_name: Some("The Lab".into()),
                description: None,
                logo_url: None,
                role: org_role.map(Into::into),
            }],
        )
        .await
        .unwrap();
    let generation = store.begin_workspace_listing(account).await.unwrap();
    store
        .upsert_workspaces(
            account,
            generation,
            &[WorkspaceRecord {
                org_id: ORG,
                workspace_id: WS,
                name: "production".into(),
                full_name: Some("Production".into()),
                description: None,
                visibility: Some(Visibility::Private),
                role: ws_role.map(Into::into),
                last_updated: Some("2026-11-01T00:00:00Z".into()),
            }],
        )
        .await
        .unwrap();
    let ws = store
        .workspace_local_id(account, Some(WS))
        .await
        .unwrap()
        .unwrap();
    let generation = store
        .begin_listing(WorkspaceListing::Participants, ws)
        .await
        .unwrap();
    let person = |id: i64, name: &str, role: &str| ParticipantRecord {
        participant_id: 500 + id,
        kind: "MEMBER".into(),
        member_id: Some(id),
        team_id: None,
        user_name: Some(name.to_lowercase()),
        name: name.into(),
        email: Some(format!("{}@lab.org", name.to_lowercase())),
        role: role.into(),
    };
    store
        .upsert_participants(
            ws,
            generation,
            &[
                person(1, "Ada", "owner"),
                person(2, "Ben", "launch"),
                person(3, "Cy", "view"),
            ],
        )
        .await
        .unwrap();
    let generation = store
        .begin_listing(WorkspaceListing::Labels, ws)
        .await
        .unwrap();
    let label = |id: i64, name: &str| LabelRecord {
        label_id: id,
        name: name.into(),
        value: None,
        resource: false,
        is_default: false,
    };
    store
        .upsert_labels(ws, generation, &[label(901, "env"), label(902, "team")])
        .await
        .unwrap();
    store
        .set_workspace_settings(
            ws,
            &towerdesk_store::StudiosRecord {
                lifespan_hours: Some(8),
                ..Default::default()
            },
            &json!({ "lifespanHours": 8 }),
        )
        .await
        .unwrap();
    // A pipeline and a primary compute environment, to launch.
    let generation = store
        .begin_listing(WorkspaceListing::ComputeEnvs, ws)
        .await
        .unwrap();
    store
        .upsert_compute_envs(
            ws,
            generation,
            &[
                ComputeEnv {
                    id: "ce-1".into(),
                    name: "aws-main".into(),
                    platform: Some("aws-batch".into()),
                    status: Some("AVAILABLE".into()),
                    primary: true,
                    work_dir: Some("s3://aws-main/work".into()),
                },
                // Another one, to make primary.
                ComputeEnv {
                    id: "ce-2".into(),
                    name: "aws-spot".into(),
                    platform: Some("aws-batch".into()),
                    status: Some("AVAILABLE".into()),
                    primary: false,
                    work_dir: None,
                },
            ],
        )
        .await
        .unwrap();
    let generation = store.begin_pipeline_listing(account).await.unwrap();
    store
        .upsert_pipelines(
            account,
            Shares::None,
            generation,
            &[PipelineRecord {
                pipeline_id: 77,
                workspace_id: Some(WS),
                org_name: Some("lab".into()),
                workspace_name: Some("production".into()),
                name: "rnaseq".into(),
                description: None,
                repository: Some("https://github.com/nf-core/rnaseq".into()),
                icon: None,
                compute_env_id: None,
                compute_env_name: None,
                labels: vec![],
                last_updated: None,
            }],
        )
        .await
        .unwrap();
    World {
        _dir: dir,
        tower,
        account,
        ws,
    }
}

fn show(role: Option<&str>) -> &str {
    role.unwrap_or("unknown")
}

/// The command agrees with the view: refused as `forbidden` with the view's reason when it is not
/// allowed, accepted when it is. Returns whether it was accepted.
fn agrees<T: std::fmt::Debug>(case: &str, view: &Permission, result: Result<T, AppError>) -> bool {
    assert_eq!(view.allowed, view.reason.is_none(), "{case}: {view:?}");
    match result {
        Ok(v) => {
            assert!(
                view.allowed,
                "{case}: the view refuses ({:?}) but the command accepted: {v:?}",
                view.reason
            );
            true
        }
        Err(e) => {
            assert!(
                !view.allowed,
                "{case}: the view allows it but the command refused: {e:?}"
            );
            assert_eq!(e.kind, ErrorKind::Forbidden, "{case}: {e:?}");
            assert_eq!(Some(&e.message), view.reason.as_ref(), "{case}");
            false
        }
    }
}

fn workspace_input(name: &str, full_name: &str) -> WorkspaceInput {
    WorkspaceInput {
        name: name.into(),
        full_name: full_name.into(),
        description: None,
        visibility: Visibility::Private,
    }
}

fn label_input(name: &str) -> LabelInput {
    LabelInput {
        name: name.into(),
        value: None,
        resource: false,
        is_default: false,
    }
}

fn member(id: i64, name: &str, role: &str) -> ParticipantInput {
    ParticipantInput {
        member_id: Some(id),
        team_id: None,
        user_name_or_email: None,
        name: Some(name.into()),
        email: None,
        role: role.into(),
    }
}

async fn permissions(w: &World) -> WorkspacePermissions {
    let views = w.tower.workspace_views(w.account, Some(ORG)).await.unwrap();
    views
        .into_iter()
        .find(|v| v.workspace.id == w.ws)
        .expect("production is listed")
        .permissions
}

/// Every role pair: the views against the matrix, then every command against the view.
async fn check_pair(org_role: Option<&str>, ws_role: Option<&str>) {
    let pair = format!("org {}, workspace {}", show(org_role), show(ws_role));
    let w = world(org_role, ws_role).await;
    let tower = &w.tower;
    let mut accepted = 0;

    // ---- the views against the matrix ----
    let acting = if org_role == Some("owner") {
        Some("owner")
    } else {
        ws_role
    };
    let p = permissions(&w).await;
    for action in ACTIONS {
        let view = by_name(&p, action);
        assert_eq!(
            view.allowed,
            matrix(acting).contains(&action),
            "{pair}: {action} {view:?}"
        );
        if let Some(reason) = &view.reason {
            let said = match ws_role {
                Some(r) => format!("(your role: {r})"),
                None => "(your role in it is unknown: the server has not said it)".into(),
            };
            assert!(
                reason.contains(&said) || reason == "Only an owner can make another owner.",
                "{pair}: {action}: {reason}"
            );
        }
    }
    let orgs = tower.organization_views(w.account).await.unwrap();
    let add = &orgs[0].permissions.add_workspace;
    assert_eq!(
        add.allowed,
        matches!(org_role, Some("owner" | "admin")),
        "{pair}: add workspace {add:?}"
    );
    // The organization's people: adding or removing members and teams is the owners' alone
    // (there are no such commands yet: the window shows no control for them).
    let people = tower.org_people(orgs[0].organization.id).await.unwrap();
    for (what, view) in [
        ("manage members", &people.permissions.manage_members),
        ("manage teams", &people.permissions.manage_teams),
    ] {
        assert_eq!(
            view.allowed,
            org_role == Some("owner"),
            "{pair}: {what} {view:?}"
        );
        if let Some(reason) = &view.reason {
            assert!(
                reason.contains("owner role in the organization"),
                "{pair}: {what}: {reason}"
            );
        }
    }

    // ---- add a workspace (organization level) ----
    let case = format!("{pair}: add workspace");
    let result = tower
        .create_workspace(w.account, ORG, workspace_input("new-space", "New space"))
        .await;
    if agrees(&case, add, result) {
        accepted += 1;
        let made = tower.workspaces(w.account, Some(ORG)).await.unwrap();
        let made = made.iter().find(|x| x.name == "new-space").expect(&case);
        assert_eq!(made.change_state, Some(ChangeState::Waiting), "{case}");
    }

    // ---- edit the workspace ----
    let case = format!("{pair}: edit");
    let view = permissions(&w).await.edit;
    let result = tower
        .update_workspace(w.ws, workspace_input("production", "Production v2"))
        .await;
    if agrees(&case, &view, result) {
        accepted += 1;
        let now = tower.store().unwrap().workspace(w.ws).await.unwrap();
        assert_eq!(now.full_name.as_deref(), Some("Production v2"), "{case}");
        assert_eq!(now.change_state, Some(ChangeState::Waiting), "{case}");
    }

    // ---- labels ----
    let labels = tower.workspace_settings(w.ws).await.unwrap().labels;
    let env = labels.iter().find(|l| l.name == "env").unwrap().id;
    let team = labels.iter().find(|l| l.name == "team").unwrap().id;

    let case = format!("{pair}: add a label");
    let view = permissions(&w).await.manage_labels;
    if agrees(
        &case,
        &view,
        tower.create_label(w.ws, label_input("fresh")).await,
    ) {
        accepted += 1;
        let labels = tower.workspace_settings(w.ws).await.unwrap().labels;
        let fresh = labels.iter().find(|l| l.name == "fresh").expect(&case);
        assert_eq!(fresh.change_state, Some(ChangeState::Waiting), "{case}");
    }

    let case = format!("{pair}: edit a label");
    let view = permissions(&w).await.manage_labels;
    if agrees(
        &case,
        &view,
        tower.update_label(env, label_input("env2")).await,
    ) {
        accepted += 1;
        let edited = tower.store().unwrap().label(env).await.unwrap();
        assert_eq!(
            (edited.name.as_str(), edited.change_state),
            ("env2", Some(ChangeState::Waiting)),
            "{case}"
        );
    }

    let case = format!("{pair}: delete a label");
    let view = permissions(&w).await.manage_labels;
    if agrees(&case, &view, tower.delete_label(team).await) {
        accepted += 1;
        let labels = tower.workspace_settings(w.ws).await.unwrap().labels;
        assert!(!labels.iter().any(|l| l.id == team), "{case}");
    }

    // ---- pipelines: add (a published draft), edit and delete a pulled one ----
    let store = tower.store().unwrap();
    let server_ws = store.workspace(w.ws).await.unwrap().workspace_id;
    let generation = store.begin_pipeline_listing(w.account).await.unwrap();
    store
        .upsert_pipelines(
            w.account,
            towerdesk_core::store::Shares::None,
            generation,
            &[towerdesk_core::store::PipelineRecord {
                pipeline_id: 900,
                workspace_id: server_ws,
                org_name: Some("lab".into()),
                workspace_name: Some("production".into()),
                name: "pulled".into(),
                description: None,
                repository: Some("https://github.com/nf-core/sarek".into()),
                icon: None,
                compute_env_id: None,
                compute_env_name: None,
                labels: vec![],
                last_updated: Some("2026-11-01T00:00:00Z".into()),
            }],
        )
        .await
        .unwrap();
    let listed = |name: &'static str| async move {
        tower
            .pipelines(w.ws, towerdesk_core::PipelinesFrom::ThisWorkspace, None)
            .await
            .unwrap()
            .into_iter()
            .find(|p| p.name == name)
    };
    let pipeline_form = |name: &str| towerdesk_core::PipelineInput {
        name: name.into(),
        pipeline: "https://github.com/nf-core/rnaseq".into(),
        ..Default::default()
    };
    let case = format!("{pair}: add a pipeline");
    let view = permissions(&w).await.add_pipelines;
    let draft = tower
        .save_pipeline_draft(w.ws, None, None, pipeline_form("fresh-pipeline"))
        .await
        .unwrap();
    if agrees(
        &case,
        &view,
        tower.publish_pipeline_draft(draft.draft.id).await,
    ) {
        accepted += 1;
        let made = listed("fresh-pipeline").await.expect(&case);
        assert_eq!(made.change_state, Some(ChangeState::Waiting), "{case}");
    }
    let pulled = listed("pulled").await.unwrap().id;
    let case = format!("{pair}: edit a pipeline");
    let view = permissions(&w).await.edit_pipelines;
    if agrees(
        &case,
        &view,
        tower.update_pipeline(pulled, pipeline_form("pulled")).await,
    ) {
        accepted += 1;
        let edited = listed("pulled").await.expect(&case);
        assert_eq!(
            edited.repository.as_deref(),
            Some("https://github.com/nf-core/rnaseq"),
            "{case}"
        );
        assert_eq!(edited.change_state, Some(ChangeState::Waiting), "{case}");
    }
    let case = format!("{pair}: delete a pipeline");
    let view = permissions(&w).await.edit_pipelines;
    if agrees(&case, &view, tower.delete_pipeline(pulled).await) {
        accepted += 1;
        assert!(listed("pulled").await.is_none(), "{case}");
    }

    // ---- Studios settings ----
    let case = format!("{pair}: Studios lifespan");
    let view = permissions(&w).await.edit_studios_settings;
    if agrees(
        &case,
        &view,
        tower
            .update_studios_settings(w.ws, StudiosSettingsInput::lifespan(Some(12)))
            .await,
    ) {
        accepted += 1;
        let s = tower.workspace_settings(w.ws).await.unwrap();
        assert_eq!(
            (s.studios_lifespan_hours, s.studios_change_state),
            (Some(12), Some(ChangeState::Waiting)),
            "{case}"
        );
    }

    // ---- participants: add, with and without the owner role ----
    for (id, name, role, view) in [
        (50, "Eve", "view", permissions(&w).await.manage_participants),
        (51, "Flo", "owner", permissions(&w).await.make_owners),
    ] {
        let case = format!("{pair}: add {name} as {role}");
        if agrees(
            &case,
            &view,
            tower.add_participant(w.ws, member(id, name, role)).await,
        ) {
            accepted += 1;
            let all = tower.participants(w.ws).await.unwrap();
            let added = all.iter().find(|p| p.member_id == Some(id)).expect(&case);
            assert_eq!(
                (added.role.as_str(), added.change_state),
                (role, Some(ChangeState::Waiting)),
                "{case}"
            );
        }
    }

    // ---- participants: every role for each of Ada (the only owner), Ben and Cy ----
    for name in ["Ada", "Ben", "Cy"] {
        for role in ["owner", "admin", "maintain", "launch", "connect", "view"] {
            let views = tower.participant_views(w.ws).await.unwrap();
            let target = views.iter().find(|v| v.participant.name == name).unwrap();
            if target.participant.role == role {
                continue;
            }
            let choice = target
                .permissions
                .roles
                .iter()
                .find(|c| c.role == role)
                .unwrap();
            let case = format!("{pair}: {name} from {} to {role}", target.participant.role);
            let result = tower
                .change_participant_role(target.participant.id, role.into())
                .await;
            if agrees(&case, &choice.permission, result) {
                accepted += 1;
                let now = tower
                    .store()
                    .unwrap()
                    .participant(target.participant.id)
                    .await
                    .unwrap();
                assert_eq!(
                    (now.role.as_str(), now.change_state),
                    (role, Some(ChangeState::Waiting)),
                    "{case}"
                );
            }
        }
    }

    // ---- participants: remove each ----
    for name in ["Ada", "Ben", "Cy", "Eve", "Flo"] {
        let views = tower.participant_views(w.ws).await.unwrap();
        let Some(target) = views.iter().find(|v| v.participant.name == name) else {
            continue;
        };
        let case = format!("{pair}: remove {name} ({})", target.participant.role);
        let result = tower.remove_participant(target.participant.id).await;
        if agrees(&case, &target.permissions.remove, result) {
            accepted += 1;
            let all = tower.participants(w.ws).await.unwrap();
            assert!(!all.iter().any(|p| p.name == name), "{case}");
        }
    }

    // ---- Make primary on a compute environment (owners and admins: `compute_environment:*`) ----
    let case = format!("{pair}: make primary");
    let envs = tower.compute_envs(w.ws).await.unwrap();
    let spot = envs.iter().find(|c| c.env.id == "ce-2").expect("ce-2");
    let view = spot.make_primary.clone();
    assert_eq!(
        view.allowed,
        matches!(acting, Some("owner" | "admin")),
        "{case}: {view:?}"
    );
    if agrees(
        &case,
        &view,
        tower.make_primary_compute_env(w.ws, "ce-2".into()).await,
    ) {
        accepted += 1;
        let envs = tower.compute_envs(w.ws).await.unwrap();
        assert_eq!(
            (envs[0].env.id.as_str(), envs[0].change_state),
            ("ce-2", Some(ChangeState::Waiting)),
            "{case}"
        );
        // Back, so the launch below finds the primary it expects (the change folds away).
        tower
            .make_primary_compute_env(w.ws, "ce-1".into())
            .await
            .unwrap();
    }

    // ---- launch (queued for when the server answers: there is none here) ----
    let case = format!("{pair}: launch");
    let view = permissions(&w).await.launch;
    // The pipeline the server has (the ones added above, offline, have no server id yet).
    let rnaseq = tower
        .pipelines(w.ws, PipelinesFrom::ThisWorkspace, None)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.pipeline_id.is_some())
        .expect("the seeded pipeline")
        .id;
    let form = tower.launch_form(w.ws, rnaseq).await.unwrap();
    assert_eq!(
        form.permission, view,
        "{case}: the form carries the view's permission"
    );
    let input = LaunchInput {
        pipeline_id: rnaseq,
        run_name: "permission_check".into(),
        ..LaunchInput::default()
    };
    if agrees(&case, &view, tower.launch(w.ws, None, input, true).await) {
        accepted += 1;
    }

    // ---- delete the workspace (last: it takes everything with it) ----
    let case = format!("{pair}: delete");
    let view = permissions(&w).await.delete;
    if agrees(&case, &view, tower.delete_workspace(w.ws).await) {
        accepted += 1;
        let left = tower.workspaces(w.account, Some(ORG)).await.unwrap();
        assert!(!left.iter().any(|x| x.id == w.ws), "{case}");
    }

    // A refusal queues nothing; every accepted command queued something.
    let changes = tower.changes(Some(w.account)).await.unwrap();
    assert_eq!(
        changes.is_empty(),
        accepted == 0,
        "{pair}: {accepted} accepted, queued {changes:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_role_pair_is_refused_exactly_what_its_views_refuse() {
    for org_role in ORG_ROLES {
        for ws_role in WS_ROLES {
            check_pair(org_role, ws_role).await;
        }
    }
}

/// The sentences the window shows for a refusal, as the core writes them (the browser tests'
/// fake backend carries the same ones).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_name_the_role_or_say_it_is_unknown() {
    let w = world(Some("member"), Some("view")).await;
    let p = permissions(&w).await;
    assert_eq!(
        p.edit.reason.as_deref(),
        Some("Editing the workspace needs the owner or admin role in it (your role: view).")
    );
    assert_eq!(
        p.manage_participants.reason.as_deref(),
        Some(
            "Managing participants needs the owner or admin role in the workspace (your role: view)."
        )
    );
    assert_eq!(
        w.tower.organization_views(w.account).await.unwrap()[0]
            .permissions
            .add_workspace
            .reason
            .as_deref(),
        Some(
            "Adding a workspace needs the owner or admin role in the organization (your role: member)."
        )
    );

    let w = world(Some("member"), None).await;
    let refused = w
        .tower
        .update_workspace(w.ws, workspace_input("production", "Production v2"))
        .await
        .unwrap_err();
    assert_eq!(
        refused.message,
        "Editing the workspace needs the owner or admin role in it (your role in it is unknown: the server has not said it)."
    );

    // The last owner, as the owner sees her row.
    let w = world(None, Some("owner")).await;
    let ada = w
        .tower
        .participant_views(w.ws)
        .await
        .unwrap()
        .into_iter()
        .find(|v| v.participant.name == "Ada")
        .unwrap();
    assert_eq!(
        ada.permissions.remove.reason.as_deref(),
        Some("Ada is the last owner and cannot be removed: make someone else an owner first.")
    );
    let refused: Vec<_> = ada
        .permissions
        .roles
        .iter()
        .filter(|c| !c.permission.allowed)
        .map(|c| (c.role.as_str(), c.permission.reason.as_deref().unwrap()))
        .collect();
    let last = "Ada is the last owner: make someone else an owner first.";
    assert_eq!(
        refused,
        [
            ("admin", last),
            ("maintain", last),
            ("launch", last),
            ("connect", last),
            ("view", last)
        ]
    );
}

/// The personal workspace: its permissions say why it has no edits, participants or Studios
/// settings, and the commands refuse the same.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_personal_workspace_refuses_what_it_does_not_have() {
    let w = world(Some("owner"), Some("owner")).await;
    let store = w.tower.store().unwrap();
    let mine = store
        .ensure_personal_workspace(w.account, "dee")
        .await
        .unwrap();
    let views = w.tower.workspace_views(w.account, None).await.unwrap();
    let p = views
        .into_iter()
        .find(|v| v.workspace.id == mine)
        .unwrap()
        .permissions;
    let t = &w.tower;
    agrees(
        "personal: edit",
        &p.edit,
        t.update_workspace(mine, workspace_input("dee", "Dee"))
            .await,
    );
    agrees(
        "personal: delete",
        &p.delete,
        t.delete_workspace(mine).await,
    );
    agrees(
        "personal: participants",
        &p.manage_participants,
        t.add_participant(mine, member(9, "Gus", "view")).await,
    );
    agrees(
        "personal: Studios",
        &p.edit_studios_settings,
        t.update_studios_settings(mine, StudiosSettingsInput::lifespan(Some(4)))
            .await,
    );
    assert_eq!(
        p.edit.reason.as_deref(),
        Some("Your user workspace cannot be edited or deleted.")
    );
    assert_eq!(
        p.manage_participants.reason.as_deref(),
        Some("Your user workspace has no participants.")
    );
    assert_eq!(
        p.edit_studios_settings.reason.as_deref(),
        Some("Your user workspace has no Studios settings.")
    );
    assert!(p.manage_labels.allowed && p.launch.allowed);
    assert!(t.changes(Some(w.account)).await.unwrap().is_empty());
}
