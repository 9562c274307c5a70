//! The state file: written after every write, atomically, and loaded on restart.

use reqwest::StatusCode;
use serde_json::json;
use towerdesk_emulator::{Scenario, start};

use crate::common::*;

#[tokio::test]
async fn state_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state.json");
    let mut c = demo_config();
    c.state_file = Some(file.clone());
    let emu = start(c.clone()).await.unwrap();
    assert!(file.exists(), "written at start");
    let api = Api::new(&emu);
    let world = World::load(&api).await;
    let gc = world.orgs["genomics-core"];
    let (s, _) = api
        .post(&format!("/orgs/{gc}/workspaces"), json!({"workspace": {"name": "persisted", "fullName": "Persisted", "visibility": "SHARED"}}))
        .await;
    assert_eq!(s, StatusCode::OK);
    let prod = world.id("production");
    let (s, v) = api
        .post(&format!("/workflow/launch?workspaceId={prod}"), json!({"launch": {"pipeline": "https://github.com/nf-core/rnaseq", "runName": "survivor"}}))
        .await;
    assert_eq!(s, StatusCode::OK);
    let run_id = v["workflowId"].as_str().unwrap().to_string();
    emu.shutdown().await;
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers,
        vec![std::ffi::OsString::from("state.json")],
        "no temporary files left"
    );

    // Restart: the file wins over the scenario.
    c.scenario = Scenario::Empty;
    let emu = start(c).await.unwrap();
    let api = Api::new(&emu);
    let again = World::load(&api).await;
    assert_eq!(again.ws["persisted"].3, "SHARED");
    assert_eq!(again.user_id, world.user_id);
    let run = api
        .ok(&format!("/workflow/{run_id}?workspaceId={prod}"))
        .await;
    assert_eq!(run["workflow"]["runName"], "survivor");
    let ids = api
        .ok(&format!(
            "/workflow?workspaceId={prod}&search=runName:survivor&includeTotalSize=true"
        ))
        .await;
    assert_eq!(ids["totalSize"], 1, "the run index is rebuilt on load");

    // A broken file is reported, not silently replaced.
    emu.shutdown().await;
    std::fs::write(&file, b"{not json").unwrap();
    let mut c = demo_config();
    c.state_file = Some(file);
    let err = start(c).await.unwrap_err();
    assert!(
        err.to_string().contains("not a valid emulator state"),
        "{err}"
    );
}

#[tokio::test]
async fn the_empty_scenario_has_only_the_user() {
    let mut c = demo_config();
    c.scenario = Scenario::Empty;
    let emu = start(c).await.unwrap();
    let api = Api::new(&emu);
    let world = World::load(&api).await;
    assert!(world.orgs.is_empty() && world.ws.is_empty());
    assert_eq!(api.ok("/pipelines").await["totalSize"], 0);
    // The personal workspace works without a primary compute env... until one is needed.
    let (s, v) = api
        .post(
            "/pipelines",
            json!({"name": "p1", "launch": {"pipeline": "https://github.com/x/y"}}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .contains("primary compute environment")
    );
}

#[tokio::test]
async fn the_same_seed_gives_the_same_world() {
    let a = start(demo_config()).await.unwrap();
    let b = start(demo_config()).await.unwrap();
    let (a, b) = (Api::new(&a), Api::new(&b));
    for path in ["/user-info", "/orgs", "/pipelines", "/workflow?max=50"] {
        assert_eq!(a.ok(path).await, b.ok(path).await, "{path}");
    }
}
