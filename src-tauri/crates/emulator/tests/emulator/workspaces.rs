//! Workspaces and their Studios settings: validation with the Platform's rules, `lastUpdated`.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::*;

#[tokio::test]
async fn workspace_create_validate_update_delete() {
    let (emu, api, world) = demo().await;
    let gc = world.orgs["genomics-core"];
    let base = format!("/orgs/{gc}/workspaces");
    let list = api.ok(&base).await;
    assert_eq!(
        names(&list, "workspaces"),
        vec!["production", "rnd-sandbox", "shared-pipelines"]
    );
    assert!(list.get("totalSize").is_none(), "not paginated");

    let (s, v) = api.get(&format!("{base}/validate?name=new-ws")).await;
    assert_eq!((s, v), (StatusCode::NO_CONTENT, Value::Null));
    let (s, v) = api.get(&format!("{base}/validate?name=production")).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(
        v["message"],
        "A workspace with name 'production' already exists in organization 'genomics-core'"
    );
    let (s, _) = api.get(&format!("{base}/validate?name=bad--name")).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);

    let (s, created) = api
        .post(&base, json!({"workspace": {"name": "new-ws", "fullName": "New workspace", "description": "d", "visibility": "SHARED"}}))
        .await;
    assert_eq!(s, StatusCode::OK, "{created}");
    let ws = &created["workspace"];
    let id = ws["id"].as_i64().unwrap();
    assert_eq!(ws["visibility"], "SHARED");
    assert_eq!(ws["dateCreated"], ws["lastUpdated"]);
    // The creator is its owner.
    let mine = World::load(&api).await;
    assert_eq!(mine.ws["new-ws"].2, "owner");

    let (s, dup) = api
        .post(
            &base,
            json!({"workspace": {"name": "NEW-WS", "fullName": "Again", "visibility": "PRIVATE"}}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(
        dup["message"],
        "A workspace with name 'NEW-WS' already exists in organization 'genomics-core'"
    );

    let long_name = "a".repeat(40);
    for bad in ["a", "-ab", "ab-", "a--b", "a b", "é1", long_name.as_str()] {
        let (s, v) = api
            .post(
                &base,
                json!({"workspace": {"name": bad, "fullName": "F", "visibility": "PRIVATE"}}),
            )
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{bad}");
        assert!(
            v["message"]
                .as_str()
                .unwrap()
                .starts_with(&format!("Invalid workspace name '{bad}'")),
            "{v}"
        );
    }
    let ok39 = "b".repeat(39);
    let (s, _) = api
        .post(
            &base,
            json!({"workspace": {"name": ok39, "fullName": "F", "visibility": "PRIVATE"}}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "39 characters is the longest valid name");
    let (s, v) = api
        .post(&base, json!({"workspace": {"name": "ws-long", "fullName": "x".repeat(101), "visibility": "PRIVATE"}}))
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(
        v["message"],
        "Workspace full name must be at most 100 characters"
    );
    let (s, v) = api
        .post(&base, json!({"workspace": {"name": "ws-long", "fullName": "F", "description": "d".repeat(1001), "visibility": "PRIVATE"}}))
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(
        v["message"],
        "Workspace description must be at most 1000 characters"
    );
    let (s, _) = api
        .post(
            &base,
            json!({"workspace": {"name": "ws-long", "fullName": "F", "visibility": "PUBLIC"}}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);

    // Every update moves lastUpdated, even within the same instant.
    let path = format!("{base}/{id}");
    let mut last = ws["lastUpdated"].as_str().unwrap().to_string();
    for i in 0..3 {
        let (s, v) = api
            .put(
                &path,
                json!({"fullName": format!("Renamed {i}"), "visibility": "PRIVATE"}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let now = v["workspace"]["lastUpdated"].as_str().unwrap().to_string();
        let parse = |t: &str| chrono::DateTime::parse_from_rfc3339(t).unwrap();
        assert!(parse(&now) > parse(&last), "{now} should be after {last}");
        last = now;
        assert_eq!(v["workspace"]["visibility"], "PRIVATE");
        assert_eq!(v["workspace"]["description"], "d", "kept when not sent");
    }
    emu.clock().advance(chrono::Duration::seconds(5));
    let (s, v) = api.put(&path, json!({"description": null})).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        v["workspace"].get("description").is_none(),
        "null clears it"
    );
    let (s, v) = api.put(&path, json!({"name": "production"})).await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    let described = api.ok(&path).await;
    assert_eq!(described["workspace"]["fullName"], "Renamed 2");

    let (s, v) = api.delete(&path).await;
    assert_eq!((s, v), (StatusCode::NO_CONTENT, Value::Null));
    let (s, _) = api.get(&path).await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // Only org owners create workspaces; only workspace owners delete them.
    let ta = world.orgs["tumor-atlas"];
    let (s, _) = api
        .post(
            &format!("/orgs/{ta}/workspaces"),
            json!({"workspace": {"name": "mine", "fullName": "Mine", "visibility": "PRIVATE"}}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = api.delete(&world.path("analysis")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let ta_list = api.ok(&format!("/orgs/{ta}/workspaces")).await;
    assert!(!names(&ta_list, "workspaces").contains(&"biobank".to_string()));
}

#[tokio::test]
async fn studios_settings_read_update_and_lifespan_limits() {
    let (_emu, api, world) = demo().await;
    let path = format!("{}/settings/studios", world.path("production"));
    let s0 = api.ok(&path).await;
    assert_eq!(s0["wspId"], world.id("production"));
    assert_eq!(s0["orgId"], world.org_of("production"));
    assert_eq!(s0["lifespanHours"], 24);
    assert_eq!(s0["nameStrategy"], "tagPrefix");

    for bad in [121, -1, 1000] {
        let (s, v) = api.put(&path, json!({"lifespanHours": bad})).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(
            v["message"],
            format!(
                "Invalid session lifespan {bad}: it must be between 1 and 120 hours, or 0 to keep sessions running"
            )
        );
    }
    let (s, _) = api.put(&path, json!({"lifespanHours": 120, "privateStudioByDefault": true, "containerRepository": null, "nameStrategy": "imageSuffix"})).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let s1 = api.ok(&path).await;
    assert_eq!(s1["lifespanHours"], 120);
    assert_eq!(s1["privateStudioByDefault"], true);
    assert_eq!(s1["containerRepository"], Value::Null);
    assert_eq!(s1["nameStrategy"], "imageSuffix");
    // 0 is the API's "always keep the session running"; null means the same.
    let (s, _) = api.put(&path, json!({"lifespanHours": 1})).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    assert_eq!(api.ok(&path).await["lifespanHours"], 1);
    let (s, _) = api.put(&path, json!({"lifespanHours": 0})).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    assert_eq!(api.ok(&path).await["lifespanHours"], 0);
    let (s, _) = api.put(&path, json!({"lifespanHours": 8})).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = api.put(&path, json!({"lifespanHours": null})).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    assert_eq!(api.ok(&path).await["lifespanHours"], 0);
    let (s, _) = api.put(&path, json!({"nameStrategy": "latest"})).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

/// The recorded Platform answer (`tests/fixtures/studios_settings.json`) and the emulator's have
/// the same four settings beside the ids, the recorded one is valid for the spec, and both decode
/// with the client's `StudiosSettings`, every field said.
#[tokio::test]
async fn studios_settings_have_exactly_the_recorded_keys_and_decode_like_it() {
    use std::collections::BTreeSet;
    use towerdesk_platform_api::spec::SpecValidator;
    use towerdesk_platform_api::{StudioNameStrategy, StudiosSettings};

    let recorded: Value = serde_json::from_str(include_str!("../fixtures/studios_settings.json"))
        .expect("the recorded fixture parses");
    let keys = |v: &Value| -> BTreeSet<String> { v.as_object().unwrap().keys().cloned().collect() };
    SpecValidator::load(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/spec/openapi.yml"
    ))
    .expect("the spec copy loads")
    .validate("DataStudioWorkspaceSettingsResponse", &recorded)
    .expect("the recorded fixture validates");
    let r: StudiosSettings = serde_json::from_value(recorded.clone()).unwrap();
    assert_eq!(
        (r.lifespan_hours, r.private_studio_by_default),
        (Some(8), Some(false))
    );
    assert_eq!(
        r.container_repository,
        Some(Some(
            "195996028523.dkr.ecr.eu-west-1.amazonaws.com/studios".into()
        ))
    );
    assert_eq!(r.name_strategy, Some(Some(StudioNameStrategy::TagPrefix)));

    let (_emu, api, world) = demo().await;
    let path = format!("{}/settings/studios", world.path("production"));
    let mine = api.ok(&path).await;
    assert_eq!(keys(&mine), keys(&recorded), "{mine}");
    let (s, _) = api
        .put(
            &path,
            json!({"privateStudioByDefault": true, "containerRepository": null, "nameStrategy": null}),
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    // null repository and strategy are still sent: the server says "the platform default".
    let after = api.ok(&path).await;
    assert_eq!(keys(&after), keys(&recorded), "{after}");
    let e: StudiosSettings = serde_json::from_value(after).unwrap();
    assert_eq!(
        e.lifespan_hours,
        Some(24),
        "the lifespan was not sent, so it stays"
    );
    assert_eq!(e.private_studio_by_default, Some(true));
    assert_eq!(
        (e.container_repository, e.name_strategy),
        (Some(None), Some(None))
    );
}
