//! Endpoint families: auth, user, orgs, paging, pipelines (shared workspaces), labels, compute
//! envs, credentials, actions, participants and role checks.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::*;

#[tokio::test]
async fn requests_without_the_token_get_401_and_service_info_is_public() {
    let (emu, api, _) = demo().await;
    let http = reqwest::Client::new();
    let r = http
        .get(format!("{}/user-info", emu.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"message": "Unauthorized"})
    );
    let r = http
        .get(format!("{}/pipelines", emu.base_url()))
        .bearer_auth("not-the-token")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = http
        .get(format!("{}/service-info", emu.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let info: Value = r.json().await.unwrap();
    assert_eq!(info["serviceInfo"]["apiVersion"], "1.187.0");
    let (s, v) = api.get("/no/such/path").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(v["message"].is_string());
}

#[tokio::test]
async fn the_demo_user_has_every_role_across_two_orgs() {
    let (_emu, api, world) = demo().await;
    let me = api.ok("/user-info").await;
    assert_eq!(me["user"]["userName"], "demo-user");
    assert_eq!(me["user"]["email"], "demo@example.com");
    let roles: std::collections::HashSet<&str> = world.ws.values().map(|w| w.2.as_str()).collect();
    for r in ["owner", "admin", "maintain", "launch", "view"] {
        assert!(roles.contains(r), "no workspace with role {r}: {roles:?}");
    }
    assert_eq!(world.orgs.len(), 2);
    assert_eq!(world.ws["shared-pipelines"].3, "SHARED");
    assert_eq!(world.ws["reference-pipelines"].2, "view");
    assert_eq!(world.ws["clinical-runs"].2, "launch", "role through a team");
    assert!(!world.ws.contains_key("biobank"), "not a participant there");
    let (s, _) = api
        .get(&format!("/user/{}/workspaces", world.user_id + 1))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn orgs_members_teams_collaborators_and_quotas() {
    let (_emu, api, world) = demo().await;
    let orgs = api.ok("/orgs").await;
    assert_eq!(orgs["organizations"].as_array().unwrap().len(), 2);
    assert_eq!(orgs["totalSize"], 2);
    let owned = api.ok("/orgs?role=owner").await;
    assert_eq!(names(&owned, "organizations"), vec!["genomics-core"]);
    let gc = world.orgs["genomics-core"];
    let org = api.ok(&format!("/orgs/{gc}")).await;
    assert_eq!(org["organization"]["fullName"], "Genomics Core Facility");
    assert_eq!(org["organization"]["memberRole"], "owner");

    let members = api.ok(&format!("/orgs/{gc}/members")).await;
    assert_eq!(members["totalSize"], 5);
    assert!(
        members["members"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["role"] != "collaborator")
    );
    let page = api.ok(&format!("/orgs/{gc}/members?max=2&offset=2")).await;
    assert_eq!(page["members"].as_array().unwrap().len(), 2);
    assert_eq!(page["totalSize"], 5);
    assert_eq!(page["members"][0], members["members"][2]);
    let found = api.ok(&format!("/orgs/{gc}/members?search=okafor")).await;
    assert_eq!(found["totalSize"], 1);
    assert_eq!(found["members"][0]["userName"], "ben-okafor");

    let collaborators = api.ok(&format!("/orgs/{gc}/collaborators")).await;
    assert_eq!(collaborators["totalSize"], 1);
    assert_eq!(collaborators["members"][0]["role"], "collaborator");
    let teams = api.ok(&format!("/orgs/{gc}/teams")).await;
    assert_eq!(
        names(&teams, "teams"),
        vec!["bioinformatics", "sequencing-ops"]
    );
    assert_eq!(teams["teams"][0]["membersCount"], 3);
    let quotas = api.ok(&format!("/orgs/{gc}/quotas")).await;
    assert_eq!(quotas["quotas"]["maxPipelinesPerWorkspace"], 100);
    let (s, _) = api.get("/orgs/12345/members").await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn paging_uses_max_offset_and_total_size_and_caps_pages_at_100() {
    let (_emu, api, world) = demo().await;
    let ws = world.id("production");
    let all = api
        .ok(&format!(
            "/workflow?workspaceId={ws}&includeTotalSize=true&max=100"
        ))
        .await;
    let total = all["totalSize"].as_u64().unwrap() as usize;
    assert_eq!(total, 148, "82 runs and the 66 of the credits history");
    assert_eq!(
        all["workflows"].as_array().unwrap().len(),
        100,
        "a page holds at most 100"
    );
    assert_eq!(all["hasMore"], true);
    let mut seen = Vec::new();
    let mut offset = 0;
    loop {
        let page = api
            .ok(&format!(
                "/workflow?workspaceId={ws}&max=25&offset={offset}&includeTotalSize=true"
            ))
            .await;
        let items = page["workflows"].as_array().unwrap();
        seen.extend(
            items
                .iter()
                .map(|w| w["workflow"]["id"].as_str().unwrap().to_string()),
        );
        offset += 25;
        assert_eq!(page["hasMore"], offset < total);
        if items.len() < 25 {
            break;
        }
    }
    let expected: Vec<String> = all["workflows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["workflow"]["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(seen.len(), total, "pages cover the list once");
    assert_eq!(seen[..100], expected[..], "in order");
    let no_total = api.ok(&format!("/workflow?workspaceId={ws}&max=1")).await;
    assert!(
        no_total.get("totalSize").is_none(),
        "only with includeTotalSize=true"
    );
    let big = api
        .ok(&format!("/workflow?workspaceId={ws}&max=1000"))
        .await;
    assert_eq!(
        big["workflows"].as_array().unwrap().len(),
        100,
        "max above 100 is capped at 100"
    );
    let (s, v) = api.get(&format!("/workflow?workspaceId={ws}&max=-1")).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(v["message"].as_str().unwrap().contains("negative"));
    let (s, _) = api.get("/workflow?workspaceId=abc").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn pipelines_visibility_private_shared_and_all() {
    let (_emu, api, world) = demo().await;
    let prod = world.id("production");
    let shared = world.id("shared-pipelines");
    let private = api.ok(&format!("/pipelines?workspaceId={prod}")).await;
    let private_names = names(&private, "pipelines");
    assert_eq!(
        private_names,
        vec![
            "nf-core-atacseq",
            "nf-core-chipseq",
            "rnaseq-prod",
            "sarek-germline"
        ]
    );
    assert_eq!(
        private,
        api.ok(&format!("/pipelines?workspaceId={prod}&visibility=private"))
            .await
    );

    let sh = api
        .ok(&format!(
            "/pipelines?workspaceId={prod}&visibility=shared&attributes=computeEnv"
        ))
        .await;
    assert_eq!(
        names(&sh, "pipelines"),
        vec![
            "hello-world",
            "nf-core-fetchngs",
            "nf-core-rnaseq",
            "nf-core-sarek"
        ]
    );
    for p in sh["pipelines"].as_array().unwrap() {
        assert_eq!(p["workspaceId"], shared);
        assert_eq!(p["workspaceName"], "shared-pipelines");
        assert_eq!(p["orgName"], "genomics-core");
        assert_eq!(p["visibility"], "SHARED");
    }
    let with_ce: Vec<bool> = sh["pipelines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.get("computeEnv").is_some())
        .collect();
    assert_eq!(
        with_ce,
        vec![false, false, true, true],
        "some shared pipelines have a compute env"
    );
    assert_eq!(sh["pipelines"][2]["computeEnv"]["name"], "shared-aws-batch");

    let all = api
        .ok(&format!("/pipelines?workspaceId={prod}&visibility=all"))
        .await;
    assert_eq!(all["totalSize"], 8);
    let paged = api
        .ok(&format!(
            "/pipelines?workspaceId={prod}&visibility=all&max=3&offset=6"
        ))
        .await;
    assert_eq!(paged["pipelines"].as_array().unwrap().len(), 2);
    assert_eq!(paged["totalSize"], 8);
    // The other org's shared workspace stays out.
    assert!(!names(&all, "pipelines").contains(&"sarek-somatic".to_string()));
    // In the other org, its own shared workspace shows up.
    let analysis = world.id("analysis");
    let ta_all = api
        .ok(&format!("/pipelines?workspaceId={analysis}&visibility=all"))
        .await;
    let ta_names = names(&ta_all, "pipelines");
    assert!(
        ta_names.contains(&"sarek-somatic".to_string())
            && !ta_names.contains(&"nf-core-sarek".to_string())
    );
    // The personal workspace has no shared pipelines.
    let personal = api.ok("/pipelines?visibility=shared").await;
    assert_eq!(personal["totalSize"], 0);
    let search = api
        .ok(&format!(
            "/pipelines?workspaceId={prod}&visibility=all&search=SAREK"
        ))
        .await;
    assert_eq!(
        names(&search, "pipelines"),
        vec!["nf-core-sarek", "sarek-germline"]
    );
    let (s, v) = api
        .get(&format!("/pipelines?workspaceId={prod}&visibility=public"))
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .contains("private, shared or all")
    );

    // A shared pipeline is addressed with sourceWorkspaceId.
    let fetch_id = sh["pipelines"][1]["pipelineId"].as_i64().unwrap();
    let (s, v) = api
        .get(&format!("/pipelines/{fetch_id}?workspaceId={prod}"))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(v["message"].as_str().unwrap().contains("sourceWorkspaceId"));
    let described = api
        .ok(&format!(
            "/pipelines/{fetch_id}?workspaceId={prod}&sourceWorkspaceId={shared}"
        ))
        .await;
    assert_eq!(described["pipeline"]["name"], "nf-core-fetchngs");
    let launch = api
        .ok(&format!(
            "/pipelines/{fetch_id}/launch?workspaceId={prod}&sourceWorkspaceId={shared}"
        ))
        .await;
    assert_eq!(
        launch["launch"]["pipeline"],
        "https://github.com/nf-core/fetchngs"
    );
    assert!(
        launch["launch"].get("computeEnv").is_none(),
        "this shared pipeline has no compute env"
    );
    let versions = api
        .ok(&format!(
            "/pipelines/{fetch_id}/versions?workspaceId={shared}"
        ))
        .await;
    assert_eq!(versions["totalSize"], 1);
    assert_eq!(versions["versions"][0]["version"]["isDefault"], true);
    // It cannot be changed from another workspace.
    let (s, _) = api
        .put(
            &format!("/pipelines/{fetch_id}?workspaceId={prod}"),
            json!({"name": "renamed"}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn pipelines_create_update_delete_with_validation() {
    let (_emu, api, world) = demo().await;
    let prod = world.id("production");
    let body = json!({
        "name": "my-new-pipeline",
        "description": "A test pipeline",
        "launch": { "pipeline": "https://github.com/nf-core/demo", "revision": "main" }
    });
    let (s, created) = api
        .post(&format!("/pipelines?workspaceId={prod}"), body.clone())
        .await;
    assert_eq!(s, StatusCode::OK, "{created}");
    let p = &created["pipeline"];
    let id = p["pipelineId"].as_i64().unwrap();
    assert_eq!(p["workspaceId"], prod);
    assert_eq!(p["visibility"], "PRIVATE");
    assert_eq!(p["userName"], "demo-user");
    // No compute env given: the workspace's primary one is used.
    let launch = api
        .ok(&format!("/pipelines/{id}/launch?workspaceId={prod}"))
        .await;
    assert_eq!(launch["launch"]["computeEnv"]["name"], "aws-batch-prod");
    assert_eq!(launch["launch"]["computeEnv"]["primary"], true);
    assert_eq!(launch["launch"]["workDir"], "s3://genomics-core-prod/work");

    let (s, dup) = api
        .post(&format!("/pipelines?workspaceId={prod}"), body)
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(
        dup["message"],
        "A pipeline with name 'my-new-pipeline' already exists"
    );
    let (s, v) = api
        .post(
            &format!("/pipelines?workspaceId={prod}"),
            json!({"name": "x1", "launch": {}}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(v["message"].as_str().unwrap().contains("launch.pipeline"));
    let (s, _) = api
        .post(
            &format!("/pipelines?workspaceId={prod}"),
            json!("not an object"),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);

    let before = p["lastUpdated"].as_str().unwrap().to_string();
    let (s, updated) = api
        .put(
            &format!("/pipelines/{id}?workspaceId={prod}"),
            json!({"name": "my-renamed-pipeline", "launch": {"revision": "dev"}}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{updated}");
    assert_eq!(updated["pipeline"]["name"], "my-renamed-pipeline");
    assert_ne!(updated["pipeline"]["lastUpdated"].as_str().unwrap(), before);
    let launch = api
        .ok(&format!("/pipelines/{id}/launch?workspaceId={prod}"))
        .await;
    assert_eq!(launch["launch"]["revision"], "dev");

    let (s, v) = api
        .delete(&format!("/pipelines/{id}?workspaceId={prod}"))
        .await;
    assert_eq!((s, v), (StatusCode::NO_CONTENT, Value::Null));
    let (s, _) = api
        .get(&format!("/pipelines/{id}?workspaceId={prod}"))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // A shared workspace may hold a pipeline without a compute env.
    let shared = world.id("shared-pipelines");
    let (s, v) = api
        .post(
            &format!("/pipelines?workspaceId={shared}"),
            json!({"name": "no-ce", "launch": {"pipeline": "https://github.com/nextflow-io/hello"}}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let no_ce = v["pipeline"]["pipelineId"].as_i64().unwrap();
    let launch = api
        .ok(&format!("/pipelines/{no_ce}/launch?workspaceId={shared}"))
        .await;
    assert!(launch["launch"].get("computeEnv").is_none());
    // Shared pipeline names are unique across the org.
    let (s, _) = api
        .post(
            &format!("/pipelines?workspaceId={shared}"),
            json!({"name": "rnaseq-prod", "launch": {"pipeline": "https://github.com/nf-core/rnaseq"}}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_view_participant_cannot_change_anything() {
    let (_emu, api, world) = demo().await;
    let reference = world.id("reference-pipelines");
    assert_eq!(world.ws["reference-pipelines"].2, "view");
    let (s, v) = api
        .post(
            &format!("/pipelines?workspaceId={reference}"),
            json!({"name": "nope", "launch": {"pipeline": "https://github.com/nf-core/rnaseq"}}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(v["message"].as_str().unwrap().contains("'view'"), "{v}");
    let (s, _) = api
        .post(
            &format!("/labels?workspaceId={reference}"),
            json!({"name": "nope"}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = api
        .post(
            &format!("/workflow/launch?workspaceId={reference}"),
            json!({"launch": {"pipeline": "https://github.com/nf-core/rnaseq"}}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let path = world.path("reference-pipelines");
    let (s, _) = api
        .put(
            &format!("{path}/participants/add"),
            json!({"userNameOrEmail": "x@example.com"}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = api
        .put(
            &format!("{path}/settings/studios"),
            json!({"lifespanHours": 4}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // Reading is fine.
    api.ok(&format!("/pipelines?workspaceId={reference}")).await;
    api.ok(&format!("{path}/participants")).await;
    // A maintainer cannot manage participants, a launcher cannot add pipelines.
    let (s, _) = api
        .put(
            &format!("{}/participants/add", world.path("methods-dev")),
            json!({"userNameOrEmail": "x@example.com"}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let clinical = world.id("clinical-runs");
    let (s, _) = api
        .post(
            &format!("/pipelines?workspaceId={clinical}"),
            json!({"name": "nope", "launch": {"pipeline": "https://github.com/nf-core/rnaseq"}}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // A workspace the user is not in.
    let (s, _) = api.get("/pipelines?workspaceId=999").await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn making_a_compute_env_primary_clears_the_others() {
    let (_emu, api, world) = demo().await;
    let prod = world.id("production");
    let list = api.ok(&format!("/compute-envs?workspaceId={prod}")).await;
    let ces = list["computeEnvs"].as_array().unwrap();
    assert_eq!(ces.len(), 4, "3 and a Seqera Compute environment");
    let primary: Vec<&str> = ces
        .iter()
        .filter(|c| c["primary"] == true)
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(primary, vec!["aws-batch-prod"]);
    let gpu = ces.iter().find(|c| c["name"] == "aws-batch-gpu").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (s, v) = api
        .post(
            &format!("/compute-envs/{gpu}/primary?workspaceId={prod}"),
            json!({}),
        )
        .await;
    assert_eq!((s, v), (StatusCode::NO_CONTENT, Value::Null));
    let list = api.ok(&format!("/compute-envs?workspaceId={prod}")).await;
    let primary: Vec<&str> = list["computeEnvs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["primary"] == true)
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(primary, vec!["aws-batch-gpu"]);
    let ce = api
        .ok(&format!("/compute-envs/{gpu}?workspaceId={prod}"))
        .await;
    assert_eq!(ce["computeEnv"]["primary"], true);
    assert_eq!(ce["computeEnv"]["config"]["discriminator"], "aws-batch");
    // A disabled one cannot be primary; a launcher cannot change it.
    let sandbox = world.id("rnd-sandbox");
    let list = api
        .ok(&format!(
            "/compute-envs?workspaceId={sandbox}&status=DISABLED"
        ))
        .await;
    let legacy = list["computeEnvs"][0]["id"].as_str().unwrap().to_string();
    let (s, _) = api
        .post(
            &format!("/compute-envs/{legacy}/primary?workspaceId={sandbox}"),
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let clinical = world.id("clinical-runs");
    let ce = api
        .ok(&format!("/compute-envs?workspaceId={clinical}"))
        .await["computeEnvs"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (s, _) = api
        .post(
            &format!("/compute-envs/{ce}/primary?workspaceId={clinical}"),
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn credentials_and_actions_are_listed_per_workspace() {
    let (emu, api, world) = demo().await;
    let prod = world.id("production");
    let creds = api.ok(&format!("/credentials?workspaceId={prod}")).await;
    let providers: Vec<&str> = creds["credentials"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["provider"].as_str().unwrap())
        .collect();
    assert_eq!(providers.len(), 5, "4 and Seqera Compute's");
    assert!(
        creds["credentials"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c.get("keys").is_none())
    );
    let aws = api
        .ok(&format!(
            "/credentials?workspaceId={prod}&platformId=aws-batch"
        ))
        .await;
    assert_eq!(names(&aws, "credentials"), vec!["aws-production"]);
    let actions = api.ok(&format!("/actions?workspaceId={prod}")).await;
    let list = actions["actions"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    let hook = list.iter().find(|a| a["source"] == "tower").unwrap();
    assert!(
        hook["endpoint"]
            .as_str()
            .unwrap()
            .starts_with(&emu.base_url())
    );
    assert!(hook["usageCmd"].as_str().unwrap().contains("curl"));
    let gh = list.iter().find(|a| a["source"] == "github").unwrap();
    assert_eq!(gh["event"]["discriminator"], "github");
}

#[tokio::test]
async fn the_demo_has_actions_of_every_status_and_both_event_sources_each_on_a_pipeline() {
    let (_emu, api, world) = demo().await;
    let mut seen = std::collections::BTreeSet::new();
    let mut workspaces = std::collections::BTreeSet::new();
    for name in world.ws.keys() {
        let list = api
            .ok(&format!("/actions?workspaceId={}", world.id(name)))
            .await;
        for a in list["actions"].as_array().unwrap() {
            let pipeline = a["pipeline"].as_str().unwrap_or_default();
            assert!(
                pipeline.starts_with("https://"),
                "{a}: linked to a pipeline"
            );
            seen.insert((
                a["status"].as_str().unwrap().to_string(),
                a["source"].as_str().unwrap().to_string(),
            ));
            workspaces.insert(name.clone());
            if a["status"] == "CREATING" {
                assert!(a["lastSeen"].is_null(), "never triggered yet: {a}");
            }
        }
    }
    let statuses: std::collections::BTreeSet<&str> = seen.iter().map(|s| s.0.as_str()).collect();
    let sources: std::collections::BTreeSet<&str> = seen.iter().map(|s| s.1.as_str()).collect();
    assert_eq!(
        statuses,
        ["ACTIVE", "CREATING", "ERROR", "PAUSED"]
            .into_iter()
            .collect()
    );
    assert_eq!(sources, ["github", "tower"].into_iter().collect());
    assert!(
        workspaces.len() >= 4,
        "in several workspaces: {workspaces:?}"
    );
}

#[tokio::test]
async fn labels_create_is_idempotent_and_labels_are_scoped_to_a_workspace() {
    let (_emu, api, world) = demo().await;
    let prod = world.id("production");
    let shared = world.id("shared-pipelines");
    let (s, a) = api
        .post(
            &format!("/labels?workspaceId={prod}"),
            json!({"name": "batch-7"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{a}");
    let (s, b) = api
        .post(
            &format!("/labels?workspaceId={prod}"),
            json!({"name": "batch-7"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        a["id"], b["id"],
        "same name and value: the existing label comes back"
    );
    let (s, r) = api
        .post(
            &format!("/labels?workspaceId={prod}"),
            json!({"name": "owner", "value": "alice", "resource": true}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(r["resource"], true);
    for bad in [
        json!({"name": "-bad"}),
        json!({"name": "a"}),
        json!({"name": "k", "value": "v", "resource": true}),
        json!({"name": "key", "resource": true}),
    ] {
        let (s, v) = api
            .post(&format!("/labels?workspaceId={prod}"), bad.clone())
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{bad} -> {v}");
    }
    let resource = api
        .ok(&format!("/labels?workspaceId={prod}&type=resource"))
        .await;
    assert!(
        resource["labels"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["resource"] == true)
    );
    let page = api.ok(&format!("/labels?workspaceId={prod}&max=2")).await;
    assert_eq!(page["labels"].as_array().unwrap().len(), 2);
    assert_eq!(page["totalSize"], 7);

    let label_id = a["id"].as_i64().unwrap();
    let (s, v) = api
        .put(
            &format!("/labels/{label_id}?workspaceId={prod}"),
            json!({"name": "qc"}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(
        v["message"],
        "A label with name 'qc' already exists for workspace 'production'"
    );
    let (s, v) = api
        .put(
            &format!("/labels/{label_id}?workspaceId={prod}"),
            json!({"name": "batch-8", "isDefault": true}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["name"], "batch-8");

    // Label a shared pipeline from production: only production sees that label on it.
    let sh = api
        .ok(&format!("/pipelines?workspaceId={prod}&visibility=shared"))
        .await;
    let pid = sh["pipelines"][0]["pipelineId"].as_i64().unwrap();
    let (s, _) = api
        .post(
            &format!("/pipelines/labels/add?workspaceId={prod}"),
            json!({"pipelineIds": [pid], "labelIds": [label_id]}),
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let from_prod = api
        .ok(&format!(
            "/pipelines?workspaceId={prod}&visibility=shared&attributes=labels"
        ))
        .await;
    let labels = &from_prod["pipelines"][0]["labels"];
    assert_eq!(labels.as_array().unwrap().len(), 1);
    assert_eq!(labels[0]["name"], "batch-8");
    let from_shared = api
        .ok(&format!(
            "/pipelines?workspaceId={shared}&attributes=labels"
        ))
        .await;
    let same = from_shared["pipelines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["pipelineId"] == pid)
        .unwrap();
    assert!(
        same["labels"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["id"] != label_id)
    );
    let (s, _) = api
        .post(
            &format!("/pipelines/labels/remove?workspaceId={prod}"),
            json!({"pipelineIds": [pid], "labelIds": [label_id]}),
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let from_prod = api
        .ok(&format!(
            "/pipelines?workspaceId={prod}&visibility=shared&attributes=labels"
        ))
        .await;
    assert_eq!(from_prod["pipelines"][0]["labels"], json!([]));
    // A label of another workspace cannot be applied here.
    let (s, _) = api
        .post(
            &format!("/pipelines/labels/add?workspaceId={shared}"),
            json!({"pipelineIds": [pid], "labelIds": [label_id]}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = api
        .delete(&format!("/labels/{label_id}?workspaceId={prod}"))
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = api
        .delete(&format!("/labels/{label_id}?workspaceId={prod}"))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn participants_list_add_change_role_and_remove() {
    let (_emu, api, world) = demo().await;
    let path = world.path("production");
    let list = api.ok(&format!("{path}/participants")).await;
    assert_eq!(list["totalSize"], 5);
    let types: Vec<&str> = list["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["type"].as_str().unwrap())
        .collect();
    for t in ["MEMBER", "TEAM", "COLLABORATOR"] {
        assert!(types.contains(&t), "{types:?}");
    }
    let page = api.ok(&format!("{path}/participants?max=2&offset=4")).await;
    assert_eq!(page["participants"].as_array().unwrap().len(), 1);
    let found = api.ok(&format!("{path}/participants?search=alice")).await;
    assert_eq!(found["totalSize"], 1);

    let (s, added) = api
        .put(
            &format!("{path}/participants/add"),
            json!({"userNameOrEmail": "newcomer@partner.example.com"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{added}");
    assert_eq!(added["participant"]["type"], "COLLABORATOR");
    assert_eq!(added["participant"]["wspRole"], "launch");
    let (s, v) = api
        .put(
            &format!("{path}/participants/add"),
            json!({"userNameOrEmail": "newcomer@partner.example.com"}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    let gc = world.org_of("production");
    let collaborators = api.ok(&format!("/orgs/{gc}/collaborators")).await;
    assert_eq!(collaborators["totalSize"], 2);
    let teams = api.ok(&format!("/orgs/{gc}/teams")).await;
    let ops = teams["teams"][1]["teamId"].as_i64().unwrap();
    let (s, v) = api
        .put(&format!("{path}/participants/add"), json!({"teamId": ops}))
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "already a participant: {v}");
    let (s, _) = api
        .put(
            &format!("{path}/participants/add"),
            json!({"teamId": ops, "memberId": 1}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);

    let pid = added["participant"]["participantId"].as_i64().unwrap();
    let (s, _) = api
        .put(
            &format!("{path}/participants/{pid}/role"),
            json!({"role": "MAINTAIN"}),
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let found = api
        .ok(&format!("{path}/participants?search=newcomer"))
        .await;
    assert_eq!(found["participants"][0]["wspRole"], "maintain");
    let (s, v) = api
        .put(
            &format!("{path}/participants/{pid}/role"),
            json!({"role": "superuser"}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(v["message"].as_str().unwrap().contains("superuser"));
    let (s, _) = api.delete(&format!("{path}/participants/{pid}")).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    assert_eq!(
        api.ok(&format!("{path}/participants")).await["totalSize"],
        5
    );

    // Changing one's own role changes what one may do.
    let analysis = world.path("analysis");
    let mine = api
        .ok(&format!("{analysis}/participants?search=demo-user"))
        .await;
    let my_pid = mine["participants"][0]["participantId"].as_i64().unwrap();
    let (s, _) = api
        .put(
            &format!("{analysis}/participants/{my_pid}/role"),
            json!({"role": "view"}),
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = api
        .put(
            &format!("{analysis}/participants/{my_pid}/role"),
            json!({"role": "admin"}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}
