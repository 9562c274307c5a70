//! Runs: statuses over time on a fake clock, search keywords, launch (including shared
//! pipelines), cancel, stars and labels.

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::*;

async fn run_status(api: &Api, id: &str, ws: i64) -> Value {
    api.ok(&format!("/workflow/{id}?workspaceId={ws}")).await
}

#[tokio::test]
async fn demo_runs_cover_every_status_with_cost_cpu_and_memory() {
    let (_emu, api, world) = demo().await;
    let prod = world.id("production");
    for status in [
        "submitted",
        "running",
        "succeeded",
        "failed",
        "cancelled",
        "unknown",
    ] {
        let found = api
            .ok(&format!(
                "/workflow?workspaceId={prod}&search=status:{status}&includeTotalSize=true"
            ))
            .await;
        let runs = found["workflows"].as_array().unwrap();
        assert!(!runs.is_empty(), "no {status} run");
        // The default page holds 100 runs at most.
        assert_eq!(
            (found["totalSize"].as_u64().unwrap() as usize).min(100),
            runs.len()
        );
        assert!(
            runs.iter()
                .all(|r| r["workflow"]["status"] == status.to_uppercase())
        );
    }
    // On a cloud compute env (HPC runs have no cost).
    let methods = world.id("methods-dev");
    let done = api
        .ok(&format!(
            "/workflow?workspaceId={methods}&search=status:succeeded&max=1"
        ))
        .await;
    let id = done["workflows"][0]["workflow"]["id"].as_str().unwrap();
    let d = run_status(&api, id, methods).await;
    assert!(d["cost"].as_f64().unwrap() > 0.0);
    assert_eq!(d["costCurrency"], "USD");
    let w = &d["progress"]["workflowProgress"];
    assert!(w["cpuTime"].as_i64().unwrap() > 0 && w["memoryRss"].as_i64().unwrap() > 0);
    assert!(d["progress"]["processesProgress"].as_array().unwrap().len() >= 4);
    assert_eq!(
        d["workflow"]["stats"]["succeedCount"].as_u64().unwrap()
            + d["workflow"]["stats"]["cachedCount"].as_u64().unwrap(),
        w["succeeded"].as_u64().unwrap() + w["cached"].as_u64().unwrap()
    );
    let submits: Vec<String> = api
        .ok(&format!("/workflow?workspaceId={prod}&max=100"))
        .await["workflows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["workflow"]["submit"].as_str().unwrap().to_string())
        .collect();
    let mut sorted = submits.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(submits, sorted, "newest first");
    let oldest = chrono::DateTime::parse_from_rfc3339(submits.last().unwrap()).unwrap();
    let span = fake_clock().now() - oldest.with_timezone(&chrono::Utc);
    assert!(
        span > Duration::days(60) && span <= Duration::days(91),
        "{span}"
    );
}

#[tokio::test]
async fn runs_search_keywords() {
    let (_emu, api, world) = demo().await;
    let prod = world.id("production");
    let all = api
        .ok(&format!(
            "/workflow?workspaceId={prod}&max=100&includeTotalSize=true"
        ))
        .await;
    let first = &all["workflows"][5]["workflow"];
    let name = first["runName"].as_str().unwrap();
    let by_name = api
        .ok(&format!(
            "/workflow?workspaceId={prod}&search=runName:{name}&includeTotalSize=true"
        ))
        .await;
    assert!(
        by_name["workflows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["workflow"]["runName"] == name)
    );
    let id = first["id"].as_str().unwrap();
    let by_id = api
        .ok(&format!(
            "/workflow?workspaceId={prod}&search=workflowId:{id}&includeTotalSize=true"
        ))
        .await;
    assert_eq!(by_id["totalSize"], 1);
    let partial = &name[..4];
    let free = api
        .ok(&format!(
            "/workflow?workspaceId={prod}&search={partial}*&includeTotalSize=true"
        ))
        .await;
    assert!(free["totalSize"].as_u64().unwrap() >= 1);
    let combined = api
        .ok(&format!("/workflow?workspaceId={prod}&search=status:failed%20projectName:nf-core/rnaseq&includeTotalSize=true"))
        .await;
    for r in combined["workflows"].as_array().unwrap() {
        assert_eq!(r["workflow"]["status"], "FAILED");
        assert_eq!(r["workflow"]["projectName"], "nf-core/rnaseq");
    }
    let total = all["totalSize"].as_u64().unwrap();
    let before = api
        .ok(&format!(
            "/workflow?workspaceId={prod}&search=before:2026-10-01&includeTotalSize=true"
        ))
        .await;
    let after = api
        .ok(&format!(
            "/workflow?workspaceId={prod}&search=after:2026-10-01&includeTotalSize=true"
        ))
        .await;
    assert_eq!(
        before["totalSize"].as_u64().unwrap() + after["totalSize"].as_u64().unwrap(),
        total
    );
    let labelled = api.ok(&format!("/workflow?workspaceId={prod}&search=label:production&attributes=labels&includeTotalSize=true")).await;
    assert!(labelled["totalSize"].as_u64().unwrap() > 0);
    for r in labelled["workflows"].as_array().unwrap() {
        assert!(
            r["labels"]
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l["name"] == "production")
        );
    }
    let starred = api
        .ok(&format!(
            "/workflow?workspaceId={prod}&search=is:starred&includeTotalSize=true"
        ))
        .await;
    assert!(
        starred["workflows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["starred"] == true)
    );
    let (s, _) = api
        .get(&format!(
            "/workflow?workspaceId={prod}&search=after:yesterday"
        ))
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_launched_run_moves_from_submitted_to_running_to_done_on_the_clock() {
    let (emu, api, world) = demo().await;
    let prod = world.id("production");
    let pipelines = api.ok(&format!("/pipelines?workspaceId={prod}")).await;
    let pid = pipelines["pipelines"][2]["pipelineId"].as_i64().unwrap();
    let launch = api
        .ok(&format!("/pipelines/{pid}/launch?workspaceId={prod}"))
        .await["launch"]
        .clone();
    let body = json!({"launch": {
        "id": launch["id"], "pipeline": launch["pipeline"], "computeEnvId": launch["computeEnv"]["id"],
        "workDir": launch["workDir"], "runName": "emulator-test-run", "revision": "3.19.0"
    }});
    let (s, v) = api
        .post(&format!("/workflow/launch?workspaceId={prod}"), body)
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let id = v["workflowId"].as_str().unwrap().to_string();
    assert_eq!(id.len(), 14);

    let d = run_status(&api, &id, prod).await;
    assert_eq!(d["workflow"]["status"], "SUBMITTED");
    assert_eq!(d["workflow"]["runName"], "emulator-test-run");
    assert_eq!(d["pipelineInfo"]["id"], pid);
    assert!(d["workflow"].get("start").is_none());
    assert_eq!(d["progress"]["workflowProgress"]["succeeded"], 0);
    // Default labels of the workspace and the pipeline's labels come along.
    let labels: Vec<&str> = d["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"production") && labels.contains(&"cost-center"),
        "{labels:?}"
    );

    emu.clock().advance(Duration::seconds(60));
    let running = run_status(&api, &id, prod).await;
    assert_eq!(running["workflow"]["status"], "RUNNING");
    assert!(running["workflow"]["start"].is_string());
    emu.clock().advance(Duration::seconds(90));
    let later = run_status(&api, &id, prod).await;
    assert_eq!(later["workflow"]["status"], "RUNNING");
    let p1 = &running["progress"]["workflowProgress"];
    let p2 = &later["progress"]["workflowProgress"];
    assert!(p2["succeeded"].as_u64() >= p1["succeeded"].as_u64());
    assert!(p2["cpuTime"].as_i64() > p1["cpuTime"].as_i64());
    assert!(later["cost"].as_f64() >= running["cost"].as_f64());
    assert!(
        later["workflow"]["lastUpdated"].as_str() > running["workflow"]["lastUpdated"].as_str()
    );
    let progress = api
        .ok(&format!("/workflow/{id}/progress?workspaceId={prod}"))
        .await;
    assert_eq!(progress["progress"], later["progress"]);

    emu.clock().advance(Duration::hours(1));
    let done = run_status(&api, &id, prod).await;
    let status = done["workflow"]["status"].as_str().unwrap();
    assert!(status == "SUCCEEDED" || status == "FAILED", "{status}");
    assert!(done["workflow"]["complete"].is_string());
    assert!(done["cost"].as_f64().unwrap() > 0.0);
    let (s, v) = api
        .post(
            &format!("/workflow/{id}/cancel?workspaceId={prod}"),
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
}

#[tokio::test]
async fn cancel_stops_a_run_and_is_safe_to_retry() {
    let (emu, api, world) = demo().await;
    let analysis = world.id("analysis");
    let (s, v) = api
        .post(
            &format!("/workflow/launch?workspaceId={analysis}"),
            json!({"launch": {"pipeline": "https://github.com/nf-core/rnaseq"}}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let id = v["workflowId"].as_str().unwrap().to_string();
    let d = run_status(&api, &id, analysis).await;
    assert_eq!(
        d["platform"]["id"], "azure-batch",
        "no compute env given: the primary one"
    );
    assert!(
        d["workflow"]["runName"].as_str().unwrap().contains('_'),
        "a generated name"
    );
    emu.clock().advance(Duration::seconds(100));
    for _ in 0..2 {
        let (s, _) = api
            .post(
                &format!("/workflow/{id}/cancel?workspaceId={analysis}"),
                json!({}),
            )
            .await;
        assert_eq!(s, StatusCode::NO_CONTENT);
    }
    emu.clock().advance(Duration::hours(2));
    let d = run_status(&api, &id, analysis).await;
    assert_eq!(d["workflow"]["status"], "CANCELLED");
    // Stars and labels.
    let (s, _) = api
        .get(&format!("/workflow/{id}/star?workspaceId={analysis}"))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, v) = api
        .post(
            &format!("/workflow/{id}/star?workspaceId={analysis}"),
            json!({}),
        )
        .await;
    assert_eq!(
        (s, v["workflowId"].as_str()),
        (StatusCode::OK, Some(id.as_str()))
    );
    let (s, _) = api
        .get(&format!("/workflow/{id}/star?workspaceId={analysis}"))
        .await;
    assert_eq!(s, StatusCode::OK);
    let labels = api
        .ok(&format!("/labels?workspaceId={analysis}&search=somatic"))
        .await;
    let lid = labels["labels"][0]["id"].as_i64().unwrap();
    let (s, _) = api
        .post(
            &format!("/workflow/labels/add?workspaceId={analysis}"),
            json!({"workflowIds": [id], "labelIds": [lid]}),
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let d = run_status(&api, &id, analysis).await;
    assert!(
        d["labels"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["id"] == lid)
    );
    let (s, _) = api
        .post(
            &format!("/workflow/labels/remove?workspaceId={analysis}"),
            json!({"workflowIds": [id], "labelIds": [lid]}),
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let d = run_status(&api, &id, analysis).await;
    assert!(
        d["labels"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["id"] != lid)
    );
    let (s, _) = api
        .get(&format!(
            "/workflow/{id}?workspaceId={}",
            world.id("production")
        ))
        .await;
    assert_eq!(
        s,
        StatusCode::NOT_FOUND,
        "a run is only found in its workspace"
    );
}

#[tokio::test]
async fn shared_pipelines_launch_with_source_workspace_id() {
    let (_emu, api, world) = demo().await;
    let prod = world.id("production");
    let shared = world.id("shared-pipelines");
    let sh = api
        .ok(&format!("/pipelines?workspaceId={prod}&visibility=shared"))
        .await;
    let by_name = |n: &str| {
        sh["pipelines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == n)
            .unwrap()["pipelineId"]
            .as_i64()
            .unwrap()
    };

    // Without a compute env: runs on the launching workspace's primary one.
    let fetch = by_name("nf-core-fetchngs");
    let launch = api
        .ok(&format!(
            "/pipelines/{fetch}/launch?workspaceId={prod}&sourceWorkspaceId={shared}"
        ))
        .await["launch"]
        .clone();
    let body = json!({"launch": {"id": launch["id"], "pipeline": launch["pipeline"]}});
    let (s, v) = api
        .post(
            &format!("/workflow/launch?workspaceId={prod}"),
            body.clone(),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(
        v["message"].as_str().unwrap().contains("sourceWorkspaceId"),
        "{v}"
    );
    let (s, v) = api
        .post(
            &format!("/workflow/launch?workspaceId={prod}&sourceWorkspaceId={shared}"),
            body,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let run = run_status(&api, v["workflowId"].as_str().unwrap(), prod).await;
    assert_eq!(run["workspaceId"], prod);
    assert_eq!(run["pipelineInfo"]["workspaceId"], shared);
    assert_eq!(run["workflow"]["workDir"], "s3://genomics-core-prod/work");

    // With a compute env: runs on the shared workspace's compute env.
    let rnaseq = by_name("nf-core-rnaseq");
    let launch = api
        .ok(&format!(
            "/pipelines/{rnaseq}/launch?workspaceId={prod}&sourceWorkspaceId={shared}"
        ))
        .await["launch"]
        .clone();
    assert_eq!(launch["computeEnv"]["name"], "shared-aws-batch");
    let body = json!({"launch": {"id": launch["id"], "pipeline": launch["pipeline"], "computeEnvId": launch["computeEnv"]["id"]}});
    let (s, v) = api
        .post(
            &format!("/workflow/launch?workspaceId={prod}&sourceWorkspaceId={shared}"),
            body.clone(),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let run = run_status(&api, v["workflowId"].as_str().unwrap(), prod).await;
    assert_eq!(run["workflow"]["workDir"], "s3://genomics-core-shared/work");
    // The shared compute env is not usable for other pipelines of the workspace.
    let (s, _) = api
        .post(&format!("/workflow/launch?workspaceId={prod}"), json!({"launch": {"pipeline": "https://github.com/x/y", "computeEnvId": launch["computeEnv"]["id"]}}))
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    // sourceWorkspaceId must be a shared workspace of the same org.
    let (s, _) = api
        .post(
            &format!(
                "/workflow/launch?workspaceId={prod}&sourceWorkspaceId={}",
                world.id("rnd-sandbox")
            ),
            body,
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, v) = api
        .post(
            &format!("/workflow/launch?workspaceId={prod}"),
            json!({"launch": {"pipeline": "https://github.com/x/y", "runName": "n".repeat(81)}}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(v["message"], "Run name must be at most 80 characters");
}
