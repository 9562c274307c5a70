//! The `collaborator` scenario and the shapes real servers answer in: `/orgs` leaves out the
//! orgs the caller only collaborates in, their workspace listing is refused while their
//! workspaces open, and `legacy_user_workspaces` answers `/user/{id}/workspaces` as older
//! Enterprise releases do.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use reqwest::StatusCode;
use serde_json::{Value, json};
use towerdesk_emulator::{DEMO_TOKEN, EmulatorConfig, RunningEmulator, Scenario, start};
use towerdesk_platform_api::spec::SpecValidator;

use crate::common::*;

fn config(scenario: Scenario, legacy: bool) -> EmulatorConfig {
    let mut c = EmulatorConfig::new(scenario, DEMO_TOKEN);
    c.clock = fake_clock();
    c.legacy_user_workspaces = legacy;
    c
}

async fn emulator(scenario: Scenario, legacy: bool) -> (RunningEmulator, Api, i64) {
    let emu = start(config(scenario, legacy)).await.unwrap();
    let api = Api::new(&emu);
    let user_id = api.ok("/user-info").await["user"]["id"].as_i64().unwrap();
    (emu, api, user_id)
}

fn spec() -> SpecValidator {
    SpecValidator::load(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/spec/openapi.yml"
    ))
    .expect("the spec copy loads")
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn items(list: &Value) -> &Vec<Value> {
    list["orgsAndWorkspaces"].as_array().unwrap()
}

/// One workspace row of `/user/{id}/workspaces` (spec shape).
struct Row {
    org_id: i64,
    org_name: String,
    id: i64,
    roles: Vec<String>,
    visibility: String,
}

async fn user_workspaces(api: &Api, user_id: i64) -> (Vec<String>, BTreeMap<String, Row>) {
    let list = api.ok(&format!("/user/{user_id}/workspaces")).await;
    let mut orgs = Vec::new();
    let mut rows = BTreeMap::new();
    let mut seen_workspace = false;
    for e in items(&list) {
        match e["workspaceId"].as_i64() {
            None => {
                assert!(!seen_workspace, "org rows come first: {list}");
                orgs.push(e["orgName"].as_str().unwrap().to_string());
            }
            Some(id) => {
                seen_workspace = true;
                let roles = e["roles"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r.as_str().unwrap().to_string())
                    .collect();
                rows.insert(
                    e["workspaceName"].as_str().unwrap().to_string(),
                    Row {
                        org_id: e["orgId"].as_i64().unwrap(),
                        org_name: e["orgName"].as_str().unwrap().to_string(),
                        id,
                        roles,
                        visibility: e["visibility"].as_str().unwrap().to_string(),
                    },
                );
            }
        }
    }
    (orgs, rows)
}

fn participant<'a>(list: &'a Value, user_name: &str) -> Option<&'a Value> {
    list["participants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["userName"] == user_name)
}

#[tokio::test]
async fn orgs_lists_only_the_orgs_the_caller_owns_or_is_a_member_of() {
    let (_emu, api, user_id) = emulator(Scenario::Collaborator, false).await;
    let me = api.ok("/user-info").await;
    assert_eq!(me["user"]["userName"], "demo-user");
    assert_eq!(me["user"]["email"], "demo@example.com");

    let orgs = api.ok("/orgs").await;
    let listed: BTreeSet<String> = names(&orgs, "organizations").into_iter().collect();
    assert_eq!(listed, set(&["member-lab", "own-lab"]));
    assert_eq!(orgs["totalSize"], 2);
    let roles: HashMap<&str, &str> = orgs["organizations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["name"].as_str().unwrap(),
                o["memberRole"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(roles["own-lab"], "owner");
    assert_eq!(roles["member-lab"], "member");
    let collaborating = api.ok("/orgs?role=collaborator").await;
    assert_eq!(collaborating["totalSize"], 0, "{collaborating}");

    // The org rows of /user/{id}/workspaces are the same orgs; the workspace rows are every
    // workspace the caller can open, partner-lab's included.
    let (org_rows, rows) = user_workspaces(&api, user_id).await;
    assert_eq!(
        org_rows.iter().cloned().collect::<BTreeSet<_>>(),
        set(&["member-lab", "own-lab"])
    );
    assert_eq!(
        rows.keys().cloned().collect::<BTreeSet<_>>(),
        set(&["analysis", "joint-study", "ops", "team-space", "tools"]),
        "internal and closed are not visible"
    );
    let expect = [
        ("joint-study", "partner-lab", "maintain", "SHARED"),
        ("ops", "own-lab", "owner", "PRIVATE"),
        ("tools", "own-lab", "owner", "SHARED"),
        ("analysis", "member-lab", "launch", "PRIVATE"),
        ("team-space", "member-lab", "admin", "PRIVATE"),
    ];
    for (ws, org, role, visibility) in expect {
        let r = &rows[ws];
        assert_eq!(r.org_name, org, "{ws}");
        assert_eq!(r.roles, vec![role.to_string()], "{ws}");
        assert_eq!(r.visibility, visibility, "{ws}");
    }
}

#[tokio::test]
async fn a_collaborator_opens_their_workspace_but_not_the_org_listing() {
    let (_emu, api, user_id) = emulator(Scenario::Collaborator, false).await;
    let (_, rows) = user_workspaces(&api, user_id).await;
    let joint = &rows["joint-study"];
    let partner = joint.org_id;

    let (s, v) = api.get(&format!("/orgs/{partner}/workspaces")).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{v}");
    assert!(v["message"].is_string());
    for page in ["members", "collaborators", "teams", "quotas"] {
        let (s, _) = api.get(&format!("/orgs/{partner}/{page}")).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{page}");
    }

    let path = format!("/orgs/{partner}/workspaces/{}", joint.id);
    let ws = api.ok(&path).await;
    assert_eq!(ws["workspace"]["name"], "joint-study");
    assert_eq!(ws["workspace"]["fullName"], "Joint study");
    assert_eq!(
        ws["workspace"]["description"],
        "Shared with our collaborators"
    );
    assert_eq!(ws["workspace"]["visibility"], "SHARED");

    let participants = api.ok(&format!("{path}/participants")).await;
    let mine = participant(&participants, "demo-user").expect("the caller is a participant");
    assert_eq!(mine["type"], "COLLABORATOR");
    assert_eq!(mine["orgRole"], "collaborator");
    assert_eq!(mine["wspRole"], "maintain");
    assert_eq!(mine["email"], "demo@example.com");
    let owner = participant(&participants, "lena-fischer").unwrap();
    assert_eq!(
        (&owner["type"], &owner["wspRole"]),
        (&json!("MEMBER"), &json!("owner"))
    );

    // Reads need any role; its resources are there.
    let q = format!("workspaceId={}", joint.id);
    let pipelines = api.ok(&format!("/pipelines?{q}")).await;
    assert_eq!(
        names(&pipelines, "pipelines"),
        vec!["hello-world", "nf-core-rnaseq"]
    );
    let ces = api.ok(&format!("/compute-envs?{q}")).await;
    assert_eq!(names(&ces, "computeEnvs"), vec!["aws-batch-joint"]);
    let runs = api
        .ok(&format!("/workflow?{q}&includeTotalSize=true"))
        .await;
    assert_eq!(runs["totalSize"], 4);
    let _ = api.ok(&format!("/labels?{q}")).await;
    let _ = api.ok(&format!("/credentials?{q}")).await;
    let _ = api.ok(&format!("{path}/settings/studios")).await;
    // maintain is not admin: no workspace edits, no participant changes.
    let (s, _) = api.put(&path, json!({"fullName": "Renamed"})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = api
        .put(
            &format!("{path}/participants/add"),
            json!({"userNameOrEmail": "x@example.com"}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // A workspace asked for under another org's path is refused.
    let (s, _) = api
        .get(&format!("/orgs/{partner}/workspaces/{}", rows["ops"].id))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "ops is not partner-lab's");
}

#[tokio::test]
async fn an_org_owner_owns_every_workspace_without_a_participant_row() {
    let (_emu, api, user_id) = emulator(Scenario::Collaborator, false).await;
    let (_, rows) = user_workspaces(&api, user_id).await;
    let own = rows["ops"].org_id;
    assert_eq!(rows["tools"].org_id, own);

    let list = api.ok(&format!("/orgs/{own}/workspaces")).await;
    assert_eq!(names(&list, "workspaces"), vec!["ops", "tools"]);
    let ops = api
        .ok(&format!("/orgs/{own}/workspaces/{}", rows["ops"].id))
        .await;
    assert_eq!(ops["workspace"]["fullName"], "Operations");
    assert_eq!(ops["workspace"]["visibility"], "PRIVATE");
    let tools = api
        .ok(&format!("/orgs/{own}/workspaces/{}", rows["tools"].id))
        .await;
    assert_eq!(tools["workspace"]["fullName"], "Shared tools");
    assert_eq!(tools["workspace"]["visibility"], "SHARED");

    for ws in ["ops", "tools"] {
        let participants = api
            .ok(&format!(
                "/orgs/{own}/workspaces/{}/participants",
                rows[ws].id
            ))
            .await;
        assert!(
            participant(&participants, "demo-user").is_none(),
            "{ws}: {participants}"
        );
    }
    let ops_participants = api
        .ok(&format!(
            "/orgs/{own}/workspaces/{}/participants",
            rows["ops"].id
        ))
        .await;
    let sam = participant(&ops_participants, "sam-taylor").unwrap();
    assert_eq!(sam["wspRole"], "owner");

    // And may do what an owner may: edit the workspace.
    let (s, v) = api
        .put(
            &format!("/orgs/{own}/workspaces/{}", rows["ops"].id),
            json!({"description": "Edited by the org owner"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
}

#[tokio::test]
async fn a_member_sees_their_workspaces_direct_and_through_a_team() {
    let (_emu, api, user_id) = emulator(Scenario::Collaborator, false).await;
    let (_, rows) = user_workspaces(&api, user_id).await;
    let ml = rows["analysis"].org_id;
    let list = api.ok(&format!("/orgs/{ml}/workspaces")).await;
    assert_eq!(names(&list, "workspaces"), vec!["analysis", "team-space"]);

    let team_space = format!("/orgs/{ml}/workspaces/{}", rows["team-space"].id);
    let ws = api.ok(&team_space).await;
    assert_eq!(ws["workspace"]["fullName"], "Team space");
    let participants = api.ok(&format!("{team_space}/participants")).await;
    assert!(participant(&participants, "demo-user").is_none());
    let team = participants["participants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["type"] == "TEAM")
        .unwrap();
    assert_eq!(
        (&team["teamName"], &team["wspRole"]),
        (&json!("data-science"), &json!("admin"))
    );

    let analysis = format!("/orgs/{ml}/workspaces/{}", rows["analysis"].id);
    let participants = api.ok(&format!("{analysis}/participants")).await;
    let mine = participant(&participants, "demo-user").unwrap();
    assert_eq!(
        (&mine["type"], &mine["wspRole"]),
        (&json!("MEMBER"), &json!("launch"))
    );
    let runs = api
        .ok(&format!(
            "/workflow?workspaceId={}&includeTotalSize=true",
            rows["analysis"].id
        ))
        .await;
    assert_eq!(runs["totalSize"], 4);
}

#[tokio::test]
async fn the_legacy_shape_has_exactly_the_recorded_keys() {
    let recorded: Value = serde_json::from_str(include_str!("../fixtures/workspaces_list.json"))
        .expect("the recorded fixture parses");
    let org_keys = set(&[
        "orgId",
        "orgName",
        "orgLogoUrl",
        "workspaceId",
        "workspaceName",
    ]);
    let ws_keys = org_keys.clone();
    // The recorded response: the same keys on every row, null workspace fields on org rows.
    for e in items(&recorded) {
        assert_eq!(keys(e), org_keys, "{e}");
    }
    let validator = spec();
    validator
        .validate("ListWorkspacesAndOrgResponse", &recorded)
        .expect("the recorded fixture validates leniently");

    for scenario in [Scenario::Collaborator, Scenario::Demo] {
        let (_emu, api, user_id) = emulator(scenario, true).await;
        let list = api.ok(&format!("/user/{user_id}/workspaces")).await;
        let mut org_rows = Vec::new();
        let mut ws_rows = BTreeMap::new();
        for e in items(&list) {
            assert_eq!(e["orgLogoUrl"], Value::Null, "{e}");
            if e["workspaceId"].is_null() {
                assert!(ws_rows.is_empty(), "org rows come first: {list}");
                assert_eq!(keys(e), org_keys, "{e}");
                assert_eq!(e["workspaceName"], Value::Null, "{e}");
                org_rows.push(e["orgName"].as_str().unwrap().to_string());
            } else {
                assert_eq!(keys(e), ws_keys, "{e}");
                assert!(e["workspaceName"].is_string(), "{e}");
                ws_rows.insert(
                    e["workspaceName"].as_str().unwrap().to_string(),
                    e["orgName"].as_str().unwrap().to_string(),
                );
            }
        }
        // The same key sets as the recorded rows.
        let recorded_keys: BTreeSet<_> = items(&recorded).iter().map(keys).collect();
        let ours: BTreeSet<_> = items(&list).iter().map(keys).collect();
        assert_eq!(ours, recorded_keys, "{scenario:?}");
        // Valid against the spec (where every field is optional) the lenient way, as the
        // recorded response is: the spec does not declare these nulls, real servers send them.
        validator
            .validate("ListWorkspacesAndOrgResponse", &list)
            .unwrap_or_else(|e| panic!("{scenario:?}: {e:?}"));

        // Same rows as the spec shape, only fewer fields.
        let (_emu2, api2, user_id2) = emulator(scenario, false).await;
        let (spec_orgs, spec_rows) = user_workspaces(&api2, user_id2).await;
        assert_eq!(org_rows, spec_orgs, "{scenario:?}");
        let spec_rows: BTreeMap<String, String> = spec_rows
            .into_iter()
            .map(|(k, r)| (k, r.org_name))
            .collect();
        assert_eq!(ws_rows, spec_rows, "{scenario:?}");
        if scenario == Scenario::Collaborator {
            assert_eq!(org_rows.len(), 2, "no row for partner-lab: {list}");
            assert!(!org_rows.contains(&"partner-lab".to_string()));
            assert_eq!(ws_rows["joint-study"], "partner-lab");
        }
    }
}

#[tokio::test]
async fn collaborator_scenario_responses_match_the_spec_schemas() {
    let validator = spec();
    let (_emu, api, user_id) = emulator(Scenario::Collaborator, false).await;
    let (_, rows) = user_workspaces(&api, user_id).await;
    let mut failures = Vec::new();
    let mut gets = vec![
        (
            "ListWorkspacesAndOrgResponse",
            format!("/user/{user_id}/workspaces"),
        ),
        ("ListOrganizationsResponse", "/orgs".to_string()),
    ];
    for name in ["own-lab", "member-lab"] {
        let org = rows.values().find(|r| r.org_name == name).unwrap().org_id;
        gets.push(("ListWorkspacesResponse", format!("/orgs/{org}/workspaces")));
    }
    for r in rows.values() {
        let path = format!("/orgs/{}/workspaces/{}", r.org_id, r.id);
        gets.push(("DescribeWorkspaceResponse", path.clone()));
        gets.push(("ListParticipantsResponse", format!("{path}/participants")));
        gets.push((
            "ListWorkflowsResponse",
            format!("/workflow?workspaceId={}&includeTotalSize=true", r.id),
        ));
        gets.push((
            "ListPipelinesResponse",
            format!("/pipelines?workspaceId={}&visibility=all", r.id),
        ));
    }
    for (schema, p) in &gets {
        let v = api.ok(p).await;
        if let Err(errors) = validator.validate_strict(schema, &v) {
            failures.push(format!("{p} as {schema}:\n  {}", errors.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn the_collaborator_scenario_is_deterministic() {
    let a = {
        let (_emu, api, user_id) = emulator(Scenario::Collaborator, false).await;
        let mut all = vec![api.ok(&format!("/user/{user_id}/workspaces")).await];
        let (_, rows) = user_workspaces(&api, user_id).await;
        for r in rows.values() {
            all.push(
                api.ok(&format!("/workflow?workspaceId={}&max=100", r.id))
                    .await,
            );
        }
        all
    };
    let b = {
        let (_emu, api, user_id) = emulator(Scenario::Collaborator, false).await;
        let mut all = vec![api.ok(&format!("/user/{user_id}/workspaces")).await];
        let (_, rows) = user_workspaces(&api, user_id).await;
        for r in rows.values() {
            all.push(
                api.ok(&format!("/workflow?workspaceId={}&max=100", r.id))
                    .await,
            );
        }
        all
    };
    assert_eq!(a, b);
}
