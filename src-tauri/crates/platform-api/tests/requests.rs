//! What the client sends: URLs, query parameters, paging, and request bodies that the
//! OpenAPI spec accepts.

use std::sync::OnceLock;

use serde_json::{Value, json};
use towerdesk_platform_api::spec::SpecValidator;
use towerdesk_platform_api::*;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn setup() -> (MockServer, PlatformClient) {
    let server = MockServer::start().await;
    let client = PlatformClient::new(&server.uri(), "token")
        .unwrap()
        .with_rate_limit(0.0);
    (server, client)
}

fn spec() -> &'static SpecValidator {
    static SPEC: OnceLock<SpecValidator> = OnceLock::new();
    SPEC.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/spec/openapi.yml");
        SpecValidator::load(path).expect("the spec copy loads")
    })
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap()
}

/// The JSON body of the only request the server received, checked against `schema`
/// (strictly: no property the schema does not declare).
async fn sent_body(server: &MockServer, schema: &str) -> Value {
    let received = requests(server).await;
    assert_eq!(received.len(), 1, "exactly one request");
    let body: Value = serde_json::from_slice(&received[0].body).expect("a JSON body");
    if let Err(errors) = spec().validate_strict(schema, &body) {
        panic!("{schema} rejects {body}: {errors:#?}");
    }
    body
}

fn pipelines_page(from: usize, n: usize, total: Option<i64>) -> Value {
    let pipelines: Vec<Value> = (from..from + n)
        .map(|i| json!({"pipelineId": i, "name": format!("p{i}")}))
        .collect();
    json!({"pipelines": pipelines, "totalSize": total})
}

// ---------------------------------------------------------------------------------------------
// Paging
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn fetch_all_walks_three_pages() {
    let (server, client) = setup().await;
    for (offset, n) in [(0, 100), (100, 100), (200, 50)] {
        Mock::given(method("GET"))
            .and(path("/pipelines"))
            .and(query_param("max", "100"))
            .and(query_param("offset", offset.to_string().as_str()))
            .respond_with(ResponseTemplate::new(200).set_body_json(pipelines_page(
                offset,
                n,
                Some(250),
            )))
            .expect(1)
            .mount(&server)
            .await;
    }
    let all = client
        .list_pipelines_all(Some(9), &PipelineQuery::default())
        .await
        .unwrap();
    assert_eq!(all.len(), 250);
    let ids: Vec<i64> = all.iter().map(|p| p.pipeline_id.unwrap()).collect();
    assert_eq!(
        ids,
        (0..250).collect::<Vec<i64>>(),
        "in order, no gaps or repeats"
    );
    assert_eq!(client.requests_sent(), 3);
}

#[tokio::test]
async fn fetch_all_stops_on_a_short_page_when_total_size_is_null() {
    let (server, client) = setup().await;
    Mock::given(path("/orgs/3/members"))
        .and(query_param("offset", "0"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "members": (0..100).map(|i| json!({"memberId": i})).collect::<Vec<_>>(),
            "totalSize": null
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/orgs/3/members"))
        .and(query_param("offset", "100"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "members": (100..130).map(|i| json!({"memberId": i})).collect::<Vec<_>>()
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/orgs/3/members"))
        .and(query_param("offset", "130"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    let members = client.list_org_members_all(3, None).await.unwrap();
    assert_eq!(members.len(), 130);
    assert_eq!(members[129].member_id, Some(129));
}

#[tokio::test]
async fn fetch_all_with_null_total_and_an_exact_multiple_ends_on_the_empty_page() {
    let (server, client) = setup().await;
    Mock::given(path("/labels"))
        .and(query_param("offset", "0"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "labels": (0..100).map(|i| json!({"id": i, "name": format!("l{i}")})).collect::<Vec<_>>()
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/labels"))
        .and(query_param("offset", "100"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"labels": null})))
        .expect(1)
        .mount(&server)
        .await;
    let labels = client
        .list_labels_all(Some(1), &LabelQuery::default())
        .await
        .unwrap();
    assert_eq!(labels.len(), 100);
}

#[tokio::test]
async fn fetch_all_stops_when_total_size_is_reached_or_has_more_is_false() {
    let (server, client) = setup().await;
    for offset in [0, 100] {
        Mock::given(path("/pipelines"))
            .and(query_param("offset", offset.to_string().as_str()))
            .respond_with(ResponseTemplate::new(200).set_body_json(pipelines_page(
                offset,
                100,
                Some(200),
            )))
            .expect(1)
            .mount(&server)
            .await;
    }
    Mock::given(path("/pipelines"))
        .and(query_param("offset", "200"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    Mock::given(path("/workflow"))
        .and(query_param("includeTotalSize", "true"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "workflows": (0..100).map(|i| json!({"workflow": {"id": format!("w{i}")}})).collect::<Vec<_>>(),
            "totalSize": null,
            "hasMore": false
        })))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(
        client
            .list_pipelines_all(None, &PipelineQuery::default())
            .await
            .unwrap()
            .len(),
        200
    );
    assert_eq!(
        client
            .list_runs_all(Some(4), &WorkflowQuery::default())
            .await
            .unwrap()
            .len(),
        100
    );
}

#[tokio::test]
async fn one_page_returns_items_and_total_and_clamps_max() {
    let (server, client) = setup().await;
    Mock::given(path("/orgs/1/workspaces/2/participants"))
        .and(query_param("max", "100"))
        .and(query_param("offset", "40"))
        .and(query_param("search", "julio"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "participants": [{"participantId": 5, "wspRole": "maintain", "type": "MEMBER"}],
            "totalSize": 41
        })))
        .expect(1)
        .mount(&server)
        .await;
    let page = client
        .list_participants_page(1, 2, Some("julio"), PageRequest::new(40, 500))
        .await
        .unwrap();
    assert_eq!(page.total_size, Some(41));
    assert_eq!(page.items[0].wsp_role, Some(WorkspaceRole::Maintain));
}

// ---------------------------------------------------------------------------------------------
// Query parameters and URLs
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn pipelines_from_this_and_shared_workspaces_sends_visibility_all() {
    let (server, client) = setup().await;
    Mock::given(path("/pipelines"))
        .and(query_param("workspaceId", "42"))
        .and(query_param("visibility", "all"))
        .and(query_param("search", "rnaseq"))
        .and(query_param("attributes", "labels,computeEnv"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "pipelines": [
                {"pipelineId": 1, "workspaceId": 42, "visibility": "PRIVATE"},
                {"pipelineId": 2, "workspaceId": 77, "workspaceName": "shared-ws", "visibility": "SHARED"}
            ],
            "totalSize": 2
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/pipelines"))
        .and(query_param("visibility", "private"))
        .respond_with(ResponseTemplate::new(200).set_body_json(pipelines_page(1, 1, Some(1))))
        .expect(1)
        .mount(&server)
        .await;
    let query = PipelineQuery {
        visibility: Some(PipelineVisibility::All),
        search: Some("rnaseq".into()),
        attributes: vec![PipelineAttribute::Labels, PipelineAttribute::ComputeEnv],
        ..Default::default()
    };
    let page = client
        .list_pipelines_page(Some(42), &query, PageRequest::first())
        .await
        .unwrap();
    let shared: Vec<_> = page
        .items
        .iter()
        .filter(|p| p.workspace_id != Some(42))
        .collect();
    assert_eq!(shared.len(), 1);
    assert_eq!(shared[0].visibility, Some(Visibility::Shared));

    let private = PipelineQuery {
        visibility: Some(PipelineVisibility::Private),
        ..Default::default()
    };
    let page = client
        .list_pipelines_page(Some(42), &private, PageRequest::first())
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
}

#[tokio::test]
async fn workspace_id_is_sent_when_given_and_left_out_for_the_personal_workspace() {
    let (server, client) = setup().await;
    Mock::given(path("/credentials"))
        .and(query_param("workspaceId", "75887156211589"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"credentials": [{"id": "a"}]})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/credentials"))
        .and(query_param_is_missing("workspaceId"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"credentials": []})))
        .expect(1)
        .mount(&server)
        .await;
    let in_workspace = client
        .list_credentials(Some(75_887_156_211_589))
        .await
        .unwrap();
    assert_eq!(in_workspace[0].id.as_deref(), Some("a"));
    assert!(client.list_credentials(None).await.unwrap().is_empty());
}

#[tokio::test]
async fn shared_pipelines_are_described_and_launched_with_source_workspace_id() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/pipelines/12/launch"))
        .and(query_param("workspaceId", "1"))
        .and(query_param("sourceWorkspaceId", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "launch": {"pipeline": "https://github.com/nf-core/rnaseq", "workDir": "s3://w",
                       "computeEnv": {"id": "shared-ce"}}
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/workflow/launch"))
        .and(query_param("workspaceId", "1"))
        .and(query_param("sourceWorkspaceId", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"workflowId": "run1"})))
        .expect(1)
        .mount(&server)
        .await;
    let launch = client
        .pipeline_launch_info(Some(1), 12, Some(2), None)
        .await
        .unwrap();
    let id = client
        .launch_run(Some(1), Some(2), &launch.to_launch_request())
        .await
        .unwrap();
    assert_eq!(id, "run1");
    let posted: Value = serde_json::from_slice(&requests(&server).await[1].body).unwrap();
    assert_eq!(posted["launch"]["computeEnvId"], "shared-ce");
}

#[tokio::test]
async fn enterprise_path_prefix_is_kept() {
    let server = MockServer::start().await;
    Mock::given(path("/api/user-info"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"user": {"id": 7}})))
        .expect(2)
        .mount(&server)
        .await;
    for base in [
        format!("{}/api", server.uri()),
        format!("{}/api/", server.uri()),
    ] {
        let client = PlatformClient::new(&base, "t").unwrap();
        let info = client.user_info().await.unwrap();
        assert_eq!(info.user.unwrap().id, Some(7));
    }
}

#[tokio::test]
async fn string_ids_are_escaped_as_one_path_segment() {
    let (server, client) = setup().await;
    Mock::given(path("/compute-envs/a%2Fb/primary"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    client
        .make_primary_compute_env(Some(1), "a/b")
        .await
        .unwrap();
    let body = sent_body(&server, "EmptyBodyRequest").await;
    assert_eq!(body, json!({}));
}

#[test]
fn plain_http_is_refused_unless_the_host_is_loopback() {
    for remote in [
        "http://api.cloud.seqera.io",
        "http://tower.example.org/api",
        "http://192.168.1.10",
    ] {
        let err = PlatformClient::new(remote, "t").unwrap_err();
        assert_eq!(err.kind(), ApiErrorKind::InvalidUrl, "{remote}");
        assert!(err.message().contains("https://"), "{err}");
    }
    for local in [
        "http://127.0.0.1:8080",
        "http://localhost:3000/api",
        "http://[::1]:9",
    ] {
        assert!(PlatformClient::new(local, "t").is_ok(), "{local}");
    }
    assert!(PlatformClient::new("https://api.cloud.seqera.io", "t").is_ok());
}

#[tokio::test]
async fn name_validation_maps_204_409_400() {
    let (server, client) = setup().await;
    for (name, status) in [("free", 204), ("taken", 409), ("bad--name", 400)] {
        Mock::given(path("/orgs/1/workspaces/validate"))
            .and(query_param("name", name))
            .respond_with(
                ResponseTemplate::new(status).set_body_json(json!({"message": format!("{name}!")})),
            )
            .mount(&server)
            .await;
    }
    assert_eq!(
        client.validate_workspace_name(1, "free").await.unwrap(),
        NameCheck::Available
    );
    assert_eq!(
        client.validate_workspace_name(1, "taken").await.unwrap(),
        NameCheck::Taken("taken!".into())
    );
    assert_eq!(
        client
            .validate_workspace_name(1, "bad--name")
            .await
            .unwrap(),
        NameCheck::Invalid("bad--name!".into())
    );
}

// ---------------------------------------------------------------------------------------------
// Request bodies, checked against the spec
// ---------------------------------------------------------------------------------------------

fn respond(server: &MockServer, http_method: &str, at: &str, template: ResponseTemplate) -> Mock {
    let _ = server;
    Mock::given(method(http_method))
        .and(path(at))
        .respond_with(template)
        .expect(1)
}

#[tokio::test]
async fn create_workspace_body() {
    let (server, client) = setup().await;
    respond(
        &server,
        "POST",
        "/orgs/5/workspaces",
        ResponseTemplate::new(200).set_body_json(
            json!({"workspace": {"id": 9, "name": "wsp-a", "visibility": "SHARED"}}),
        ),
    )
    .mount(&server)
    .await;
    let ws = client
        .create_workspace(
            5,
            &NewWorkspace {
                name: "wsp-a".into(),
                full_name: "Workspace A".into(),
                description: Some("for tests".into()),
                visibility: Visibility::Shared,
            },
        )
        .await
        .unwrap();
    assert_eq!(ws.id, Some(9));
    let body = sent_body(&server, "CreateWorkspaceRequest").await;
    assert_eq!(
        body,
        json!({"workspace": {"name": "wsp-a", "fullName": "Workspace A",
                             "description": "for tests", "visibility": "SHARED"}})
    );
}

#[tokio::test]
async fn update_workspace_body_is_flat_and_always_has_visibility() {
    let (server, client) = setup().await;
    respond(
        &server,
        "PUT",
        "/orgs/5/workspaces/9",
        ResponseTemplate::new(200).set_body_json(json!({"workspace": {"id": 9}})),
    )
    .mount(&server)
    .await;
    client
        .update_workspace(
            5,
            9,
            &UpdateWorkspaceRequest {
                name: None,
                full_name: "Workspace A".into(),
                description: String::new(),
                visibility: Visibility::Shared,
            },
        )
        .await
        .unwrap();
    let body = sent_body(&server, "UpdateWorkspaceRequest").await;
    assert_eq!(
        body,
        json!({"fullName": "Workspace A", "description": "", "visibility": "SHARED"})
    );
}

#[tokio::test]
async fn add_participant_bodies_have_exactly_one_key() {
    let cases = [
        (AddParticipantRequest::MemberId(11), json!({"memberId": 11})),
        (AddParticipantRequest::TeamId(22), json!({"teamId": 22})),
        (
            AddParticipantRequest::UserNameOrEmail("ann@example.org".into()),
            json!({"userNameOrEmail": "ann@example.org"}),
        ),
    ];
    for (request, expected) in cases {
        let (server, client) = setup().await;
        respond(
            &server,
            "PUT",
            "/orgs/1/workspaces/2/participants/add",
            ResponseTemplate::new(200).set_body_json(json!({"participant": {"participantId": 3}})),
        )
        .mount(&server)
        .await;
        let p = client.add_participant(1, 2, &request).await.unwrap();
        assert_eq!(p.participant_id, Some(3));
        assert_eq!(sent_body(&server, "AddParticipantRequest").await, expected);
    }
}

#[tokio::test]
async fn change_role_body() {
    let (server, client) = setup().await;
    respond(
        &server,
        "PUT",
        "/orgs/1/workspaces/2/participants/3/role",
        ResponseTemplate::new(204),
    )
    .mount(&server)
    .await;
    client
        .update_participant_role(1, 2, 3, &WorkspaceRole::Maintain)
        .await
        .unwrap();
    assert_eq!(
        sent_body(&server, "UpdateParticipantRoleRequest").await,
        json!({"role": "maintain"})
    );
}

#[tokio::test]
async fn remove_participant_sends_delete() {
    let (server, client) = setup().await;
    respond(
        &server,
        "DELETE",
        "/orgs/1/workspaces/2/participants/3",
        ResponseTemplate::new(204),
    )
    .mount(&server)
    .await;
    client.remove_participant(1, 2, 3).await.unwrap();
}

#[tokio::test]
async fn studios_settings_get_has_no_body_and_put_sends_the_fields_given() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/orgs/1/workspaces/2/settings/studios"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"lifespanHours": 0, "nameStrategy": null})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let settings = client.studios_settings(1, 2).await.unwrap();
    assert_eq!(settings.lifespan_hours, Some(0));
    // null is said (the platform default); a missing field is not.
    assert_eq!(settings.name_strategy, Some(None));
    assert_eq!(settings.container_repository, None);
    assert_eq!(settings.private_studio_by_default, None);
    assert!(requests(&server).await[0].body.is_empty());

    let (server, client) = setup().await;
    respond(
        &server,
        "PUT",
        "/orgs/1/workspaces/2/settings/studios",
        ResponseTemplate::new(204),
    )
    .mount(&server)
    .await;
    client
        .update_studios_settings(
            1,
            2,
            &StudiosSettingsUpdate {
                lifespan_hours: Some(24),
                private_studio_by_default: Some(true),
                container_repository: Some(None),
                name_strategy: Some(Some(StudioNameStrategy::ImageSuffix)),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        sent_body(&server, "DataStudioWorkspaceSettingsRequest").await,
        json!({"lifespanHours": 24, "privateStudioByDefault": true,
               "containerRepository": null, "nameStrategy": "imageSuffix"})
    );
    // A field left None is not sent at all, so the server keeps it.
    let (server, client) = setup().await;
    respond(
        &server,
        "PUT",
        "/orgs/1/workspaces/2/settings/studios",
        ResponseTemplate::new(204),
    )
    .mount(&server)
    .await;
    client
        .update_studios_settings(
            1,
            2,
            &StudiosSettingsUpdate {
                container_repository: Some(Some("cr.example.org/studios".into())),
                ..StudiosSettingsUpdate::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        sent_body(&server, "DataStudioWorkspaceSettingsRequest").await,
        json!({"containerRepository": "cr.example.org/studios"})
    );
}

#[tokio::test]
async fn label_create_update_delete_bodies() {
    let (server, client) = setup().await;
    respond(
        &server,
        "POST",
        "/labels",
        ResponseTemplate::new(200).set_body_json(
            json!({"id": 31, "name": "team", "value": "genomics", "resource": true, "isDefault": false}),
        ),
    )
    .mount(&server)
    .await;
    let label = client
        .create_label(
            Some(2),
            &CreateLabelRequest {
                name: "team".into(),
                value: Some("genomics".into()),
                resource: true,
                is_default: false,
            },
        )
        .await
        .unwrap();
    assert_eq!((label.id, label.resource), (Some(31), Some(true)));
    assert_eq!(
        sent_body(&server, "CreateLabelRequest").await,
        json!({"name": "team", "value": "genomics", "resource": true, "isDefault": false})
    );

    let (server, client) = setup().await;
    respond(
        &server,
        "PUT",
        "/labels/31",
        ResponseTemplate::new(200).set_body_json(json!({"id": 31, "name": "urgent"})),
    )
    .mount(&server)
    .await;
    client
        .update_label(
            Some(2),
            31,
            &UpdateLabelRequest {
                name: "urgent".into(),
                value: None,
                is_default: true,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        sent_body(&server, "UpdateLabelRequest").await,
        json!({"name": "urgent", "isDefault": true})
    );

    let (server, client) = setup().await;
    Mock::given(method("DELETE"))
        .and(path("/labels/31"))
        .and(query_param("workspaceId", "2"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    client.delete_label(Some(2), 31).await.unwrap();
}

#[tokio::test]
async fn label_association_bodies() {
    let (server, client) = setup().await;
    respond(
        &server,
        "POST",
        "/pipelines/labels/add",
        ResponseTemplate::new(204),
    )
    .mount(&server)
    .await;
    client
        .add_labels_to_pipelines(Some(2), &[100, 101], &[31])
        .await
        .unwrap();
    assert_eq!(
        sent_body(&server, "AssociatePipelineLabelsRequest").await,
        json!({"pipelineIds": [100, 101], "labelIds": [31]})
    );

    let (server, client) = setup().await;
    respond(
        &server,
        "POST",
        "/workflow/labels/remove",
        ResponseTemplate::new(204),
    )
    .mount(&server)
    .await;
    client
        .remove_labels_from_runs(Some(2), &["run1".to_owned()], &[31, 32])
        .await
        .unwrap();
    assert_eq!(
        sent_body(&server, "AssociateWorkflowLabelsRequest").await,
        json!({"workflowIds": ["run1"], "labelIds": [31, 32]})
    );
}

fn hello_launch() -> WorkflowLaunchRequest {
    WorkflowLaunchRequest {
        compute_env_id: Some("4X7YrYJp9B1d1DUpfur7DS".into()),
        pipeline: Some("https://github.com/nextflow-io/hello".into()),
        work_dir: Some("s3://bucket/work".into()),
        revision: Some("main".into()),
        config_profiles: Some(vec!["test".into()]),
        params_text: Some("{\"outdir\": \"s3://bucket/out\"}".into()),
        label_ids: Some(vec![31]),
        output_dir: None,
        ..Default::default()
    }
}

#[tokio::test]
async fn pipeline_create_and_update_bodies() {
    let (server, client) = setup().await;
    respond(
        &server,
        "POST",
        "/pipelines",
        ResponseTemplate::new(200).set_body_json(
            json!({"pipeline": {"pipelineId": 112_055_935_685_449_i64, "name": "hello"}}),
        ),
    )
    .mount(&server)
    .await;
    let created = client
        .create_pipeline(
            Some(2),
            &CreatePipelineRequest {
                name: "hello".into(),
                description: Some("Hello world".into()),
                icon: None,
                label_ids: vec![31],
                launch: hello_launch(),
                version: Some(PipelineVersionName { name: "v1".into() }),
            },
        )
        .await
        .unwrap();
    assert_eq!(created.pipeline_id, Some(112_055_935_685_449));
    let body = sent_body(&server, "CreatePipelineRequest").await;
    assert_eq!(body["launch"]["computeEnvId"], "4X7YrYJp9B1d1DUpfur7DS");
    assert_eq!(body["launch"]["configProfiles"], json!(["test"]));
    assert_eq!(body["version"], json!({"name": "v1"}));
    assert!(body.get("icon").is_none());

    let (server, client) = setup().await;
    respond(
        &server,
        "PUT",
        "/pipelines/112055935685449",
        ResponseTemplate::new(200)
            .set_body_json(json!({"pipeline": {"pipelineId": 112_055_935_685_449_i64}})),
    )
    .mount(&server)
    .await;
    client
        .update_pipeline(
            Some(2),
            112_055_935_685_449,
            &UpdatePipelineRequest {
                name: Some("hello-renamed".into()),
                description: None,
                icon: None,
                label_ids: vec![],
                launch: Some(hello_launch()),
            },
        )
        .await
        .unwrap();
    let body = sent_body(&server, "UpdatePipelineRequest").await;
    assert_eq!(body["name"], "hello-renamed");
    assert_eq!(
        body["labelIds"],
        json!([]),
        "the label set is always explicit"
    );
}

#[tokio::test]
async fn launch_and_cancel_bodies() {
    let (server, client) = setup().await;
    respond(
        &server,
        "POST",
        "/workflow/launch",
        ResponseTemplate::new(200).set_body_json(json!({"workflowId": "35aLiS0bIM5efd"})),
    )
    .mount(&server)
    .await;
    let id = client
        .launch_run(Some(2), None, &hello_launch())
        .await
        .unwrap();
    assert_eq!(id, "35aLiS0bIM5efd");
    let body = sent_body(&server, "SubmitWorkflowLaunchRequest").await;
    assert_eq!(
        body["launch"]["pipeline"],
        "https://github.com/nextflow-io/hello"
    );
    assert!(
        requests(&server).await[0]
            .url
            .query()
            .unwrap()
            .contains("workspaceId=2")
    );
    assert!(
        !requests(&server).await[0]
            .url
            .query()
            .unwrap()
            .contains("sourceWorkspaceId")
    );

    let (server, client) = setup().await;
    respond(
        &server,
        "POST",
        "/workflow/35aLiS0bIM5efd/cancel",
        ResponseTemplate::new(204),
    )
    .mount(&server)
    .await;
    client.cancel_run(Some(2), "35aLiS0bIM5efd").await.unwrap();
    assert_eq!(sent_body(&server, "EmptyBodyRequest").await, json!({}));
}

#[tokio::test]
async fn the_spec_check_catches_bodies_the_platform_would_refuse() {
    // The same check as above, on a body the client must never produce.
    let bad = json!({"workspace": {"name": "no spaces allowed", "fullName": "x", "visibility": "PUBLIC"}});
    let errors = spec()
        .validate_strict("CreateWorkspaceRequest", &bad)
        .unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    let typo = json!({"fullName": "x", "visibility": "PRIVATE", "descripton": "typo"});
    assert!(spec().validate("UpdateWorkspaceRequest", &typo).is_ok());
    assert!(
        spec()
            .validate_strict("UpdateWorkspaceRequest", &typo)
            .is_err()
    );
    let bundled = SpecValidator::bundled();
    assert_eq!(
        bundled.schema_names().len(),
        498,
        "every component schema of 1.187.0"
    );
    assert!(bundled.validate("Visibility", &json!("SHARED")).is_ok());
}

#[tokio::test]
async fn the_fixtures_match_the_spec_response_schemas_they_were_recorded_for() {
    // Recorded responses are older than the spec, so check them leniently: shapes and types,
    // not the absence of retired fields.
    let cases = [
        ("workspaces_view.json", "DescribeWorkspaceResponse"),
        ("participants_list.json", "ListParticipantsResponse"),
        (
            "studios_settings.json",
            "DataStudioWorkspaceSettingsResponse",
        ),
        ("labels_user.json", "ListLabelsResponse"),
        ("versions_list.json", "ListPipelineVersionsResponse"),
        ("compute_envs_list.json", "ListComputeEnvsResponse"),
    ];
    for (file, schema) in cases {
        let text = std::fs::read_to_string(format!(
            "{}/tests/fixtures/{file}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let value: Value = serde_json::from_str(&text).unwrap();
        if let Err(errors) = spec().validate(schema, &value) {
            panic!("{file} against {schema}: {errors:#?}");
        }
    }
}
