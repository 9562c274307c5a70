//! Fault injection, seen from a real client.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};
use towerdesk_emulator::{FaultKind, Faults, RunningEmulator, start};

use crate::common::*;

async fn with_faults(faults: Faults) -> (RunningEmulator, Api, World) {
    // Read the world first, from a fault-free twin with the same seed and clock.
    let twin = start(demo_config()).await.unwrap();
    let world = World::load(&Api::new(&twin)).await;
    twin.shutdown().await;
    let mut c = demo_config();
    c.faults = faults;
    let emu = start(c).await.unwrap();
    let api = Api::new(&emu);
    (emu, api, world)
}

fn only(kind: FaultKind) -> Faults {
    Faults {
        fail_rate: 1.0,
        kinds: vec![kind],
        timeout_ms: 400,
        ..Faults::default()
    }
}

#[tokio::test]
async fn error_statuses_come_with_a_message_and_429_with_retry_after() {
    for (kind, status) in [
        (FaultKind::InternalError, StatusCode::INTERNAL_SERVER_ERROR),
        (FaultKind::BadGateway, StatusCode::BAD_GATEWAY),
        (FaultKind::Unavailable, StatusCode::SERVICE_UNAVAILABLE),
        (FaultKind::TooManyRequests, StatusCode::TOO_MANY_REQUESTS),
    ] {
        let (emu, _, _) = with_faults(only(kind)).await;
        let r = reqwest::Client::new()
            .get(format!("{}/pipelines", emu.base_url()))
            .bearer_auth(towerdesk_emulator::DEMO_TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), status, "{kind:?}");
        if kind == FaultKind::TooManyRequests {
            assert_eq!(r.headers()["retry-after"], "1");
        }
        let body: Value = r.json().await.unwrap();
        assert!(body["message"].is_string(), "{kind:?}: {body}");
        // Unauthenticated requests and /service-info are never faulted.
        let r = reqwest::get(format!("{}/service-info", emu.base_url()))
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let r = reqwest::get(format!("{}/pipelines", emu.base_url()))
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn a_timeout_fault_outlasts_the_client_timeout() {
    let (emu, _, _) = with_faults(only(FaultKind::Timeout)).await;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_millis(150))
        .build()
        .unwrap();
    let err = client
        .get(format!("{}/pipelines", emu.base_url()))
        .bearer_auth(towerdesk_emulator::DEMO_TOKEN)
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    // A patient client gets a 504 after the configured hold.
    let started = Instant::now();
    let r = reqwest::Client::new()
        .get(format!("{}/pipelines", emu.base_url()))
        .bearer_auth(towerdesk_emulator::DEMO_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::GATEWAY_TIMEOUT);
    assert!(started.elapsed() >= Duration::from_millis(400));
}

#[tokio::test]
async fn a_dropped_connection_is_a_connection_error_not_a_status() {
    let (emu, _, _) = with_faults(only(FaultKind::Drop)).await;
    let err = reqwest::Client::new()
        .get(format!("{}/user-info", emu.base_url()))
        .bearer_auth(towerdesk_emulator::DEMO_TOKEN)
        .send()
        .await
        .unwrap_err();
    assert!(err.status().is_none(), "{err:?}");
    assert!(
        err.is_request() || err.is_connect() || err.is_body(),
        "{err:?}"
    );
    assert!(!err.is_timeout());
}

#[tokio::test]
async fn apply_then_500_applies_the_write_exactly_once() {
    let (_emu, api, world) = with_faults(only(FaultKind::ApplyThenError)).await;
    let gc = world.orgs["genomics-core"];
    let body =
        json!({"workspace": {"name": "retry-me", "fullName": "Retry me", "visibility": "PRIVATE"}});
    let (s, v) = api
        .post(&format!("/orgs/{gc}/workspaces"), body.clone())
        .await;
    assert_eq!(s, StatusCode::INTERNAL_SERVER_ERROR, "{v}");
    // Reads are not faulted with after-apply kinds: the write happened, once.
    let list = api.ok(&format!("/orgs/{gc}/workspaces")).await;
    assert_eq!(
        names(&list, "workspaces")
            .iter()
            .filter(|n| *n == "retry-me")
            .count(),
        1
    );
    // A blind retry now conflicts instead of making a duplicate.
    let (s, _) = api.post(&format!("/orgs/{gc}/workspaces"), body).await;
    assert_eq!(s, StatusCode::CONFLICT);
    let list = api.ok(&format!("/orgs/{gc}/workspaces")).await;
    assert_eq!(
        names(&list, "workspaces")
            .iter()
            .filter(|n| *n == "retry-me")
            .count(),
        1
    );
    // A rejected write is not turned into a 500.
    let (s, _) = api
        .post(
            &format!("/orgs/{gc}/workspaces"),
            json!({"workspace": {"name": "-bad", "fullName": "x"}}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn apply_then_drop_applies_the_write_and_closes_the_connection() {
    let (emu, api, world) = with_faults(only(FaultKind::ApplyThenDrop)).await;
    let prod = world.id("production");
    let err = reqwest::Client::new()
        .post(format!("{}/pipelines?workspaceId={prod}", emu.base_url()))
        .bearer_auth(towerdesk_emulator::DEMO_TOKEN)
        .json(&json!({"name": "dropped-but-saved", "launch": {"pipeline": "https://github.com/nf-core/demo"}}))
        .send()
        .await
        .unwrap_err();
    assert!(err.status().is_none(), "{err:?}");
    let found = api
        .ok(&format!(
            "/pipelines?workspaceId={prod}&search=dropped-but-saved"
        ))
        .await;
    assert_eq!(found["totalSize"], 1);
}

#[tokio::test]
async fn the_rate_limit_answers_429_with_retry_after() {
    // A limit of 0 refuses every counted request, whatever the wall clock says (the window itself
    // is tested on explicit times in the emulator's faults.rs); /service-info is never counted.
    let (_emu, api, _) = with_faults(Faults {
        rate_limit: Some(0),
        ..Faults::default()
    })
    .await;
    for _ in 0..3 {
        let r = api
            .http
            .get(format!("{}/user-info", api.base))
            .bearer_auth(&api.token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(r.headers()["retry-after"], "1");
    }
    let r = api
        .http
        .get(format!("{}/service-info", api.base))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::OK,
        "service-info is not rate limited"
    );
}

#[tokio::test]
async fn latency_delays_every_request_and_mixed_faults_are_seeded() {
    let (_emu, api, _) = with_faults(Faults {
        latency_ms: 150,
        ..Faults::default()
    })
    .await;
    let started = Instant::now();
    api.ok("/user-info").await;
    assert!(started.elapsed() >= Duration::from_millis(150));

    async fn sample(seed: u64) -> Vec<String> {
        let mut c = demo_config();
        c.faults = Faults {
            fail_rate: 0.5,
            seed,
            timeout_ms: 50,
            ..Faults::default()
        };
        let emu = start(c).await.unwrap();
        let client = reqwest::Client::new();
        let mut out = Vec::new();
        for _ in 0..40 {
            let r = client
                .get(format!("{}/user-info", emu.base_url()))
                .bearer_auth(towerdesk_emulator::DEMO_TOKEN)
                .send()
                .await;
            out.push(match r {
                Ok(r) => r.status().as_u16().to_string(),
                Err(_) => "dropped".to_string(),
            });
        }
        out
    }
    let a = sample(7).await;
    assert_eq!(a, sample(7).await, "same seed, same faults");
    let ok = a.iter().filter(|s| *s == "200").count();
    assert!((8..=32).contains(&ok), "about half fail: {a:?}");
    let kinds: std::collections::HashSet<&String> = a.iter().filter(|s| *s != "200").collect();
    assert!(kinds.len() >= 4, "a mix of kinds: {kinds:?}");
}

#[tokio::test]
async fn a_refused_path_answers_403_to_every_get_and_nothing_else_changes() {
    let (_emu, api, world) = with_faults(Faults {
        refused_paths: vec!["/actions".into()],
        ..Faults::default()
    })
    .await;
    let prod = world.id("production");
    let (s, v) = api.get(&format!("/actions?workspaceId={prod}")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(v, json!({"message": "Forbidden"}));
    api.ok(&format!("/credentials?workspaceId={prod}")).await;
}
