//! The `towerdesk-emulator` binary: flags, the first stdout line, and the access log.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use reqwest::StatusCode;

struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn the_binary_prints_its_url_checks_the_token_and_logs_each_request() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let log = dir.path().join("stderr.log");
    let mut child = Child(
        Command::new(env!("CARGO_BIN_EXE_towerdesk-emulator"))
            .args([
                "--scenario",
                "demo",
                "--token",
                "secret-cli-token",
                "--port",
                "0",
                "--seed",
                "42",
                "--latency-ms",
                "1",
            ])
            .arg("--state")
            .arg(&state)
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap(),
    );
    let mut first = String::new();
    BufReader::new(child.0.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let url = first
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line: {first:?}"))
        .to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let client = reqwest::Client::new();
    let r = client
        .get(format!("{url}/user-info"))
        .bearer_auth("secret-cli-token")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = client
        .get(format!("{url}/user-info"))
        .bearer_auth(towerdesk_emulator::DEMO_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = client
        .get(format!("{url}/pipelines?visibility=all&max=5"))
        .bearer_auth("secret-cli-token")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(state.exists());
    // Each line is written before its response is sent, so the log is whole by now.
    drop(child);
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.contains("GET /user-info 200"), "{text}");
    assert!(text.contains("GET /user-info 401"), "{text}");
    assert!(
        text.contains("GET /pipelines?visibility=all&max=5 200"),
        "{text}"
    );
    assert!(
        !text.contains("secret-cli-token"),
        "the token is never logged"
    );
    let requests: Vec<&str> = text.lines().filter(|l| l.contains("GET ")).collect();
    assert_eq!(requests.len(), 3, "{text}");
    for line in requests {
        // "GET /user-info 200 2ms server=http://127.0.0.1:PORT": plain text in a file, no colours.
        assert!(!line.contains('\u{1b}'), "{line:?}");
        let words: Vec<&str> = line.split_whitespace().collect();
        let get = words.iter().position(|w| *w == "GET").unwrap();
        let took = words[get + 3];
        assert!(
            took.strip_suffix("ms")
                .is_some_and(|n| n.parse::<u64>().is_ok()),
            "{line}"
        );
        assert_eq!(words[get + 4], format!("server={url}"), "{line}");
    }
}

#[tokio::test]
async fn legacy_user_workspaces_flag_answers_in_the_older_shape() {
    let mut child = Child(
        Command::new(env!("CARGO_BIN_EXE_towerdesk-emulator"))
            .args([
                "--scenario",
                "collaborator",
                "--legacy-user-workspaces",
                "--port",
                "0",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut first = String::new();
    BufReader::new(child.0.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let url = first
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line: {first:?}"))
        .to_string();
    let client = reqwest::Client::new();
    let get = |path: String| {
        client
            .get(format!("{url}{path}"))
            .bearer_auth(towerdesk_emulator::DEMO_TOKEN)
            .send()
    };
    let me: serde_json::Value = get("/user-info".into())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = me["user"]["id"].as_i64().unwrap();
    let list: serde_json::Value = get(format!("/user/{id}/workspaces"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let items = list["orgsAndWorkspaces"].as_array().unwrap();
    assert_eq!(items.len(), 2 + 5, "{list}");
    for e in items {
        let mut keys: Vec<&str> = e.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "orgId",
                "orgLogoUrl",
                "orgName",
                "workspaceId",
                "workspaceName"
            ],
            "{e}"
        );
    }
    let orgs: serde_json::Value = get("/orgs".into()).await.unwrap().json().await.unwrap();
    assert_eq!(orgs["totalSize"], 2, "{orgs}");
}

#[test]
fn bad_flags_are_refused() {
    let out = Command::new(env!("CARGO_BIN_EXE_towerdesk-emulator"))
        .args(["--scenario", "huge"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown scenario 'huge'"));
    let out = Command::new(env!("CARGO_BIN_EXE_towerdesk-emulator"))
        .args(["--fault-kinds", "explode"])
        .output()
        .unwrap();
    assert!(!out.status.success());
}
