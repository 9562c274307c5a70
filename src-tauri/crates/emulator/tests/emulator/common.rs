use std::collections::HashMap;

use chrono::{TimeZone, Utc};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use towerdesk_emulator::{Clock, DEMO_TOKEN, EmulatorConfig, RunningEmulator, start};

/// A client for one emulator.
pub struct Api {
    pub base: String,
    pub token: String,
    pub http: reqwest::Client,
}

impl Api {
    pub fn new(emu: &RunningEmulator) -> Self {
        Self {
            base: emu.base_url(),
            token: DEMO_TOKEN.to_string(),
            http: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(20))
                .build()
                .unwrap(),
        }
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = self
            .http
            .request(method, format!("{}{}", self.base, path))
            .bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.expect("request reaches the emulator");
        let status = resp.status();
        let text = resp.text().await.unwrap();
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {text}"))
        };
        (status, value)
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.call(Method::GET, path, None).await
    }

    /// GET that must answer 200.
    pub async fn ok(&self, path: &str) -> Value {
        let (s, v) = self.get(path).await;
        assert_eq!(s, StatusCode::OK, "GET {path}: {v}");
        v
    }

    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::POST, path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::PUT, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> (StatusCode, Value) {
        self.call(Method::DELETE, path, None).await
    }
}

/// The demo world's ids, by name.
pub struct World {
    pub user_id: i64,
    pub orgs: HashMap<String, i64>,
    /// workspace name -> (org id, workspace id, my role, visibility)
    pub ws: HashMap<String, (i64, i64, String, String)>,
}

impl World {
    pub async fn load(api: &Api) -> Self {
        let user_id = api.ok("/user-info").await["user"]["id"].as_i64().unwrap();
        let list = api.ok(&format!("/user/{user_id}/workspaces")).await;
        let mut orgs = HashMap::new();
        let mut ws = HashMap::new();
        for e in list["orgsAndWorkspaces"].as_array().unwrap() {
            let org_id = e["orgId"].as_i64().unwrap();
            orgs.insert(e["orgName"].as_str().unwrap().to_string(), org_id);
            if let Some(id) = e["workspaceId"].as_i64() {
                ws.insert(
                    e["workspaceName"].as_str().unwrap().to_string(),
                    (
                        org_id,
                        id,
                        e["roles"][0].as_str().unwrap().to_string(),
                        e["visibility"].as_str().unwrap().to_string(),
                    ),
                );
            }
        }
        Self { user_id, orgs, ws }
    }

    pub fn id(&self, name: &str) -> i64 {
        self.ws[name].1
    }

    pub fn org_of(&self, name: &str) -> i64 {
        self.ws[name].0
    }

    /// `/orgs/{org}/workspaces/{ws}` for a workspace name.
    pub fn path(&self, name: &str) -> String {
        format!("/orgs/{}/workspaces/{}", self.ws[name].0, self.ws[name].1)
    }
}

pub fn fake_clock() -> Clock {
    Clock::fake(Utc.with_ymd_and_hms(2026, 11, 2, 9, 30, 0).unwrap())
}

pub fn demo_config() -> EmulatorConfig {
    let mut c = EmulatorConfig::demo(DEMO_TOKEN);
    c.clock = fake_clock();
    c
}

/// A demo emulator on a fake clock, a client, and the world's ids.
pub async fn demo() -> (RunningEmulator, Api, World) {
    let emu = start(demo_config()).await.unwrap();
    let api = Api::new(&emu);
    let world = World::load(&api).await;
    (emu, api, world)
}

pub fn names(list: &Value, key: &str) -> Vec<String> {
    list[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect()
}
