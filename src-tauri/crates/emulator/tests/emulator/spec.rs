//! Response shapes: a sample of responses, one or more per endpoint family, validated against
//! the spec's response schemas (strictly: no undeclared properties, `null` only where nullable).

use serde_json::{Value, json};
use towerdesk_platform_api::spec::SpecValidator;

use crate::common::*;

fn spec() -> SpecValidator {
    SpecValidator::load(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/spec/openapi.yml"
    ))
    .expect("the spec copy loads")
}

fn check(
    spec: &SpecValidator,
    schema: &str,
    what: &str,
    value: &Value,
    failures: &mut Vec<String>,
) {
    if let Err(errors) = spec.validate_strict(schema, value) {
        failures.push(format!("{what} as {schema}:\n  {}", errors.join("\n  ")));
    }
}

#[tokio::test]
async fn responses_match_the_spec_schemas() {
    let spec = spec();
    let (_emu, api, world) = demo().await;
    let prod = world.id("production");
    let shared = world.id("shared-pipelines");
    let gc = world.orgs["genomics-core"];
    let path = world.path("production");
    let mut failures = Vec::new();
    let mut f = |schema: &str, what: &str, v: &Value| check(&spec, schema, what, v, &mut failures);

    let gets: Vec<(&str, String)> = vec![
        ("ServiceInfoResponse", "/service-info".into()),
        ("DescribeUserResponse", "/user-info".into()),
        (
            "ListWorkspacesAndOrgResponse",
            format!("/user/{}/workspaces", world.user_id),
        ),
        ("ListOrganizationsResponse", "/orgs".into()),
        ("DescribeOrganizationResponse", format!("/orgs/{gc}")),
        ("ListMembersResponse", format!("/orgs/{gc}/members")),
        ("ListMembersResponse", format!("/orgs/{gc}/collaborators")),
        ("ListTeamResponse", format!("/orgs/{gc}/teams")),
        (
            "DescribeOrganizationQuotasResponse",
            format!("/orgs/{gc}/quotas"),
        ),
        ("ListWorkspacesResponse", format!("/orgs/{gc}/workspaces")),
        ("DescribeWorkspaceResponse", path.clone()),
        ("ListParticipantsResponse", format!("{path}/participants")),
        (
            "DataStudioWorkspaceSettingsResponse",
            format!("{path}/settings/studios"),
        ),
        ("ListLabelsResponse", format!("/labels?workspaceId={prod}")),
        (
            "ListPipelinesResponse",
            format!(
                "/pipelines?workspaceId={prod}&visibility=all&attributes=labels,computeEnv,optimized"
            ),
        ),
        ("ListPipelinesResponse", "/pipelines".into()),
        (
            "ListComputeEnvsResponse",
            format!("/compute-envs?workspaceId={prod}&attributes=labels"),
        ),
        (
            "ListComputeEnvsResponse",
            format!("/compute-envs?workspaceId={}", world.id("analysis")),
        ),
        (
            "ListCredentialsResponse",
            format!("/credentials?workspaceId={prod}"),
        ),
        (
            "ListWorkflowsResponse",
            format!(
                "/workflow?workspaceId={prod}&includeTotalSize=true&attributes=labels,pipelineInfo,optimized&max=100"
            ),
        ),
        (
            "ListActionsResponse",
            format!("/actions?workspaceId={prod}&attributes=labels"),
        ),
        ("ListActionsResponse", "/actions".into()),
    ];
    for (schema, p) in &gets {
        let v = api.ok(p).await;
        f(schema, p, &v);
    }

    let pipelines = api
        .ok(&format!("/pipelines?workspaceId={prod}&visibility=all"))
        .await;
    for p in pipelines["pipelines"].as_array().unwrap() {
        let id = p["pipelineId"].as_i64().unwrap();
        let src = p["workspaceId"].as_i64().unwrap();
        let q = format!("workspaceId={prod}&sourceWorkspaceId={src}");
        f(
            "DescribePipelineResponse",
            "pipeline",
            &api.ok(&format!("/pipelines/{id}?{q}&attributes=labels,computeEnv"))
                .await,
        );
        f(
            "DescribeLaunchResponse",
            "launch",
            &api.ok(&format!("/pipelines/{id}/launch?{q}")).await,
        );
        f(
            "ListPipelineVersionsResponse",
            "versions",
            &api.ok(&format!("/pipelines/{id}/versions?{q}")).await,
        );
    }
    for ws in [
        "production",
        "rnd-sandbox",
        "analysis",
        "clinical-runs",
        "reference-pipelines",
    ] {
        let id = world.id(ws);
        let ces = api.ok(&format!("/compute-envs?workspaceId={id}")).await;
        for ce in ces["computeEnvs"].as_array().unwrap() {
            let cid = ce["id"].as_str().unwrap();
            f(
                "DescribeComputeEnvResponse",
                cid,
                &api.ok(&format!(
                    "/compute-envs/{cid}?workspaceId={id}&attributes=labels"
                ))
                .await,
            );
        }
    }
    let runs = api
        .ok(&format!("/workflow?workspaceId={prod}&max=100"))
        .await;
    for r in runs["workflows"].as_array().unwrap().iter().take(30) {
        let id = r["workflow"]["id"].as_str().unwrap();
        f(
            "DescribeWorkflowResponse",
            id,
            &api.ok(&format!("/workflow/{id}?workspaceId={prod}")).await,
        );
        f(
            "GetProgressResponse",
            id,
            &api.ok(&format!("/workflow/{id}/progress?workspaceId={prod}"))
                .await,
        );
    }

    // Writes.
    let (_, v) = api
        .post(
            &format!("/orgs/{gc}/workspaces"),
            json!({"workspace": {"name": "spec-ws", "fullName": "Spec", "visibility": "PRIVATE"}}),
        )
        .await;
    f("CreateWorkspaceResponse", "create workspace", &v);
    let ws_id = v["workspace"]["id"].as_i64().unwrap();
    let (_, v) = api
        .put(
            &format!("/orgs/{gc}/workspaces/{ws_id}"),
            json!({"fullName": "Spec 2"}),
        )
        .await;
    f("DescribeWorkspaceResponse", "update workspace", &v);
    let (_, v) = api
        .put(
            &format!("{path}/participants/add"),
            json!({"userNameOrEmail": "spec@example.com"}),
        )
        .await;
    f("AddParticipantResponse", "add participant", &v);
    let (_, v) = api
        .post(
            &format!("/labels?workspaceId={prod}"),
            json!({"name": "spec", "resource": false}),
        )
        .await;
    f("CreateLabelResponse", "create label", &v);
    let lid = v["id"].as_i64().unwrap();
    let (_, v) = api
        .put(
            &format!("/labels/{lid}?workspaceId={prod}"),
            json!({"name": "spec-2"}),
        )
        .await;
    f("UpdateLabelResponse", "update label", &v);
    let (_, v) = api.post(&format!("/pipelines?workspaceId={shared}"), json!({"name": "spec-p", "labelIds": [], "launch": {"pipeline": "https://github.com/x/y"}})).await;
    f("CreatePipelineResponse", "create pipeline", &v);
    let pid = v["pipeline"]["pipelineId"].as_i64().unwrap();
    let (_, v) = api
        .put(
            &format!("/pipelines/{pid}?workspaceId={shared}"),
            json!({"description": "d"}),
        )
        .await;
    f("UpdatePipelineResponse", "update pipeline", &v);
    let (_, v) = api
        .post(
            &format!("/workflow/launch?workspaceId={prod}"),
            json!({"launch": {"pipeline": "https://github.com/x/y"}}),
        )
        .await;
    f("SubmitWorkflowLaunchResponse", "launch", &v);
    let (_, v) = api.get("/workflow/random-name").await;
    f("RandomWorkflowNameResponse", "random name", &v);
    let (_, v) = api
        .get(&format!("/orgs/{gc}/workspaces/validate?name=production"))
        .await;
    f("ErrorResponse", "409", &v);
    let (_, v) = api.get("/pipelines?workspaceId=1").await;
    f("ErrorResponse", "403", &v);

    assert!(
        failures.is_empty(),
        "{} responses do not match the spec:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
