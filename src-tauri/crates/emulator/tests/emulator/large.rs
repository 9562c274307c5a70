//! The `large` scenario for benchmarks: 300 workspaces, 30,000 pipelines, 100,000 runs.

use std::time::Instant;

use towerdesk_emulator::{DEMO_TOKEN, EmulatorConfig, Scenario, large, start};

use crate::common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_large_scenario_has_the_promised_counts() {
    let mut c = EmulatorConfig::new(Scenario::Large, DEMO_TOKEN);
    c.clock = fake_clock();
    let started = Instant::now();
    let emu = start(c).await.unwrap();
    let seeded_in = started.elapsed();
    eprintln!("large scenario seeded in {seeded_in:?}");
    // Debug builds are several times slower than release (where it takes well under 2 s).
    assert!(seeded_in.as_secs() < 30, "{seeded_in:?}");
    let api = Api::new(&emu);
    let world = World::load(&api).await;
    let list = api.ok(&format!("/user/{}/workspaces", world.user_id)).await;
    let ids: Vec<i64> = list["orgsAndWorkspaces"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["workspaceId"].as_i64())
        .collect();
    assert_eq!(ids.len(), large::WORKSPACES);
    assert_eq!(large::WORKSPACES, 300);

    let mut pipelines = 0u64;
    let mut runs = 0u64;
    for id in &ids {
        pipelines += api.ok(&format!("/pipelines?workspaceId={id}&max=1")).await["totalSize"]
            .as_u64()
            .unwrap();
        runs += api
            .ok(&format!(
                "/workflow?workspaceId={id}&max=1&includeTotalSize=true"
            ))
            .await["totalSize"]
            .as_u64()
            .unwrap();
    }
    assert_eq!(pipelines, 30_000);
    assert_eq!(runs, 100_000);

    // The hub is a SHARED workspace whose pipelines show up in the org's other workspaces.
    let hub_org = world.orgs["global-genomics"];
    let project = list["orgsAndWorkspaces"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["orgId"] == hub_org && e["workspaceName"] == "project-001")
        .and_then(|e| e["workspaceId"].as_i64())
        .unwrap();
    let shared_from = api
        .ok(&format!(
            "/pipelines?workspaceId={project}&visibility=shared&max=100"
        ))
        .await;
    assert_eq!(shared_from["totalSize"], 2_100);
    let first_page = shared_from["pipelines"].as_array().unwrap();
    assert_eq!(first_page.len(), 100);
    assert!(first_page.iter().all(|p| p["visibility"] == "SHARED"));
}
