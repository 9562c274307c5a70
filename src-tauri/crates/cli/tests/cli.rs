//! The real `towerdesk-cli` binary against an in-process Platform emulator (demo scenario) over
//! loopback, each test with its own data directory and HOME. What the server holds is read from
//! the emulator over HTTP, never guessed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;
use towerdesk_emulator::{EmulatorConfig, RunningEmulator};

/// A token distinctive enough to search the data directory for.
const TOKEN: &str = "cli-test-token-7f3a9c21e5b8d4";

struct Env {
    _dir: tempfile::TempDir,
    data: PathBuf,
    home: PathBuf,
    base: String,
    http: reqwest::Client,
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Out {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {:?}", self.stdout))
    }

    /// A failure reported in one clear line, without Rust debug output.
    fn assert_one_line_error(&self, code: i32) {
        assert_eq!(
            self.code, code,
            "stdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        let lines: Vec<&str> = self.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "stderr: {:?}", self.stderr);
        assert!(lines[0].starts_with("error: "), "{}", lines[0]);
        for bad in ["panicked", "RUST_BACKTRACE", "AppError", "kind:", "{ "] {
            assert!(!lines[0].contains(bad), "{}", lines[0]);
        }
    }
}

/// The emulator's `collaborator` world answering like an older Platform release: the user's
/// workspace list without roles, visibility or full names, and `/orgs` without the organization
/// where the user is only a collaborator.
#[tokio::test]
async fn an_older_servers_answers_list_what_they_said_and_unknown_for_the_rest() {
    let mut config = EmulatorConfig::new(towerdesk_emulator::Scenario::Collaborator, TOKEN);
    config.legacy_user_workspaces = true;
    let emu = towerdesk_emulator::start(config).await.unwrap();
    let env = Env::new(&emu);
    env.ok(&["sync"]).await;

    let listed = env
        .ok(&["workspaces", "list", "--output", "json"])
        .await
        .json();
    let rows: std::collections::BTreeMap<String, Value> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            let key = format!(
                "{}/{}",
                w["org"].as_str().unwrap_or("-"),
                w["name"].as_str().unwrap()
            );
            let mut w = w.clone();
            w.as_object_mut().unwrap().remove("id");
            (key, w)
        })
        .collect();
    let row = |org: &str, name: &str, full: Value, desc: Value, vis: Value, role: Value| {
        (
            format!("{org}/{name}"),
            serde_json::json!({ "org": org, "name": name, "fullName": full, "description": desc, "visibility": vis, "role": role }),
        )
    };
    let null = Value::Null;
    let want: std::collections::BTreeMap<String, Value> = [
        // A collaborator's workspace: its organization kept, its fields from its own view, the
        // role from the user's own participant row.
        row(
            "partner-lab",
            "joint-study",
            "Joint study".into(),
            "Shared with our collaborators".into(),
            "SHARED".into(),
            "maintain".into(),
        ),
        // The organization owner's workspaces, with no participant row of theirs.
        row(
            "own-lab",
            "ops",
            "Operations".into(),
            null.clone(),
            "PRIVATE".into(),
            "owner".into(),
        ),
        row(
            "own-lab",
            "tools",
            "Shared tools".into(),
            null.clone(),
            "SHARED".into(),
            "owner".into(),
        ),
        row(
            "member-lab",
            "analysis",
            "Analysis".into(),
            null.clone(),
            "PRIVATE".into(),
            "launch".into(),
        ),
        // A role through a team the answers do not tie to the user: unknown.
        row(
            "member-lab",
            "team-space",
            "Team space".into(),
            null.clone(),
            "PRIVATE".into(),
            null.clone(),
        ),
    ]
    .into_iter()
    .collect();
    // Descriptions are whatever the server holds: compare them with its answers.
    let mut want = want;
    for (key, w) in want.iter_mut() {
        if key.starts_with("partner-lab/") {
            continue;
        }
        let (org, name) = key.split_once('/').unwrap();
        let server = env
            .org_workspaces(org)
            .await
            .into_iter()
            .find(|s| s["name"] == name)
            .unwrap();
        w["description"] = server.get("description").cloned().unwrap_or(Value::Null);
    }
    assert_eq!(rows, want);

    let table = env.ok(&["workspaces", "list"]).await.stdout;
    let team_space = table.lines().find(|l| l.contains("team-space")).unwrap();
    assert!(team_space.trim_end().ends_with("unknown"), "{table}");
    let joint = table.lines().find(|l| l.contains("joint-study")).unwrap();
    assert!(joint.contains("partner-lab"), "{table}");

    // The collaborator's workspace resolves by its Org/Workspace reference.
    let participants = env
        .ok(&[
            "participants",
            "list",
            "--workspace",
            "partner-lab/joint-study",
            "--output",
            "json",
        ])
        .await
        .json();
    assert!(
        participants
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["type"] == "COLLABORATOR"),
        "{participants}"
    );
}

async fn emulator(state_file: Option<PathBuf>, port: u16) -> RunningEmulator {
    let mut config = EmulatorConfig::demo(TOKEN);
    config.port = port;
    config.state_file = state_file;
    towerdesk_emulator::start(config)
        .await
        .expect("the emulator starts")
}

impl Env {
    fn new(emu: &RunningEmulator) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let home = dir.path().join("home");
        std::fs::create_dir_all(&home).unwrap();
        Self {
            _dir: dir,
            data,
            home,
            base: emu.base_url(),
            http: reqwest::Client::new(),
        }
    }

    async fn cli_with_token(&self, token: &str, args: &[&str]) -> Out {
        let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_towerdesk-cli"))
            .args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &self.home)
            .env("TOWERDESK_DATA_DIR", &self.data)
            .env("TOWER_ACCESS_TOKEN", token)
            .env("TOWER_API_ENDPOINT", &self.base)
            .output()
            .await
            .expect("the CLI runs");
        Out {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }

    async fn cli(&self, args: &[&str]) -> Out {
        self.cli_with_token(TOKEN, args).await
    }

    async fn ok(&self, args: &[&str]) -> Out {
        let out = self.cli(args).await;
        assert_eq!(
            out.code, 0,
            "{args:?}\nstdout: {}\nstderr: {}",
            out.stdout, out.stderr
        );
        out
    }

    /// GET on the server, which must answer 200.
    async fn server(&self, path: &str) -> Value {
        let r = self
            .http
            .get(format!("{}{path}", self.base))
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        assert!(r.status().is_success(), "GET {path}: {}", r.status());
        r.json().await.unwrap()
    }

    async fn user_id(&self) -> i64 {
        self.server("/user-info").await["user"]["id"]
            .as_i64()
            .unwrap()
    }

    async fn org_id(&self, name: &str) -> i64 {
        self.server("/orgs").await["organizations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"] == name)
            .unwrap_or_else(|| panic!("no org {name}"))["orgId"]
            .as_i64()
            .unwrap()
    }

    /// The server's workspaces of an organization (the org listing).
    async fn org_workspaces(&self, org: &str) -> Vec<Value> {
        let id = self.org_id(org).await;
        self.server(&format!("/orgs/{id}/workspaces")).await["workspaces"]
            .as_array()
            .unwrap()
            .clone()
    }

    /// (org id, workspace id) of `org/name` on the server.
    async fn ws_ids(&self, org: &str, name: &str) -> (i64, i64) {
        let org_id = self.org_id(org).await;
        let ws = self
            .org_workspaces(org)
            .await
            .into_iter()
            .find(|w| w["name"] == name)
            .unwrap_or_else(|| panic!("no workspace {org}/{name}"));
        (org_id, ws["id"].as_i64().unwrap())
    }

    /// Every page of `GET /pipelines` for a workspace and visibility.
    async fn server_pipelines(&self, ws: i64, visibility: &str) -> Vec<Value> {
        let mut all = Vec::new();
        loop {
            let page = self
                .server(&format!(
                    "/pipelines?workspaceId={ws}&visibility={visibility}&max=100&offset={}",
                    all.len()
                ))
                .await;
            let items = page["pipelines"].as_array().unwrap().clone();
            let total = page["totalSize"].as_u64().unwrap() as usize;
            let n = items.len();
            all.extend(items);
            if n == 0 || all.len() >= total {
                return all;
            }
        }
    }

    async fn status(&self) -> Value {
        self.ok(&["status", "--output", "json"]).await.json()
    }
}

fn ids(rows: &[Value], key: &str) -> BTreeSet<i64> {
    rows.iter().map(|r| r[key].as_i64().unwrap()).collect()
}

fn named<'a>(rows: &'a [Value], name: &str) -> Vec<&'a Value> {
    rows.iter().filter(|w| w["name"] == name).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_then_workspaces_list_equals_the_servers_workspaces() {
    let emu = emulator(None, 0).await;
    let env = Env::new(&emu);

    let synced = env.ok(&["sync"]).await;
    assert!(synced.stdout.is_empty(), "{}", synced.stdout);
    assert!(
        synced.stderr.contains("sync: Workspace "),
        "{}",
        synced.stderr
    );
    assert!(synced.stderr.contains("/8)"), "{}", synced.stderr);
    assert!(
        synced.stderr.contains("synced demo-user on"),
        "{}",
        synced.stderr
    );

    let listed = env.ok(&["workspaces", "list", "--output", "json"]).await;
    assert!(
        listed.stderr.is_empty(),
        "JSON output adds nothing: {}",
        listed.stderr
    );
    let listed = listed.json();

    // The truth: the user's workspaces with roles, plus each organization's descriptions.
    let uid = env.user_id().await;
    let rows = env.server(&format!("/user/{uid}/workspaces")).await["orgsAndWorkspaces"]
        .as_array()
        .unwrap()
        .clone();
    let mut want = BTreeSet::new();
    for r in rows.iter().filter(|r| r["workspaceId"].is_i64()) {
        let org = r["orgName"].as_str().unwrap();
        let detail = env
            .org_workspaces(org)
            .await
            .into_iter()
            .find(|w| w["id"] == r["workspaceId"])
            .unwrap();
        want.insert(
            serde_json::json!({
                "id": r["workspaceId"],
                "org": org,
                "name": r["workspaceName"],
                "fullName": detail["fullName"],
                "description": detail["description"],
                "visibility": detail["visibility"],
                "role": r["roles"][0],
            })
            .to_string(),
        );
    }
    let got: BTreeSet<String> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.to_string())
        .collect();
    assert_eq!(got.len(), listed.as_array().unwrap().len());
    assert_eq!(got, want);
    assert_eq!(
        want.len(),
        7,
        "the demo user sees 7 organization workspaces"
    );

    // --org narrows it, --all adds the personal workspace (no org, no server id).
    let gc = env
        .ok(&[
            "workspaces",
            "list",
            "--org",
            "genomics-core",
            "--output",
            "json",
        ])
        .await
        .json();
    let gc = gc.as_array().unwrap();
    assert!(!gc.is_empty() && gc.iter().all(|w| w["org"] == "genomics-core"));
    let all = env
        .ok(&["workspaces", "list", "--all", "--output", "json"])
        .await
        .json();
    let personal: Vec<&Value> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["org"].is_null())
        .collect();
    assert_eq!(personal.len(), 1, "{all}");
    assert!(personal[0]["id"].is_null());

    // The human form says when the data is from.
    let table = env.ok(&["workspaces", "list"]).await;
    assert!(table.stdout.starts_with("ID "), "{}", table.stdout);
    assert!(
        table.stdout.contains("shared-pipelines"),
        "{}",
        table.stdout
    );
    assert!(table.stderr.contains("last synced"), "{}", table.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn participants_list_matches_the_server() {
    let emu = emulator(None, 0).await;
    let env = Env::new(&emu);
    env.ok(&["sync"]).await;
    for ws in ["genomics-core/production", "tumor-atlas/clinical-runs"] {
        let (org, name) = ws.split_once('/').unwrap();
        let (org_id, ws_id) = env.ws_ids(org, name).await;
        let server = env
            .server(&format!(
                "/orgs/{org_id}/workspaces/{ws_id}/participants?max=100"
            ))
            .await["participants"]
            .as_array()
            .unwrap()
            .clone();
        let want: BTreeSet<String> = server
            .iter()
            .map(|p| {
                let name = match p["teamName"].as_str() {
                    Some(team) => team.to_string(),
                    None => format!(
                        "{} {}",
                        p["firstName"].as_str().unwrap(),
                        p["lastName"].as_str().unwrap()
                    ),
                };
                serde_json::json!({
                    "id": p["participantId"],
                    "type": p["type"],
                    "name": name,
                    "email": p.get("email").cloned().unwrap_or(Value::Null),
                    "role": p["wspRole"],
                })
                .to_string()
            })
            .collect();
        // By name and by numeric id.
        for reference in [ws.to_string(), ws_id.to_string()] {
            let got = env
                .ok(&[
                    "participants",
                    "list",
                    "--workspace",
                    &reference,
                    "--output",
                    "json",
                ])
                .await
                .json();
            let got: BTreeSet<String> = got
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.to_string())
                .collect();
            assert_eq!(got, want, "{reference}");
        }
        let types: BTreeSet<&str> = server.iter().map(|p| p["type"].as_str().unwrap()).collect();
        assert!(types.contains("TEAM"), "{types:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pipelines_list_private_shared_and_all_match_the_server() {
    let emu = emulator(None, 0).await;
    let env = Env::new(&emu);
    env.ok(&["sync"]).await;
    let (_, prod) = env.ws_ids("genomics-core", "production").await;

    let server_private = env.server_pipelines(prod, "private").await;
    let server_shared = env.server_pipelines(prod, "shared").await;
    let server_all = env.server_pipelines(prod, "all").await;
    assert!(!server_private.is_empty() && !server_shared.is_empty());

    let list = |vis: &'static str| {
        let env = &env;
        async move {
            env.ok(&[
                "pipelines",
                "list",
                "-w",
                "genomics-core/production",
                "--visibility",
                vis,
                "--output",
                "json",
            ])
            .await
            .json()
            .as_array()
            .unwrap()
            .clone()
        }
    };
    let private = list("private").await;
    let shared = list("shared").await;
    let all = list("all").await;

    assert_eq!(ids(&private, "id"), ids(&server_private, "pipelineId"));
    assert_eq!(ids(&shared, "id"), ids(&server_shared, "pipelineId"));
    assert_eq!(ids(&all, "id"), ids(&server_all, "pipelineId"));
    assert_eq!(all.len(), private.len() + shared.len());

    for p in &private {
        assert_eq!(p["workspace"], "genomics-core/production", "{p}");
        assert_eq!(p["shared"], false, "{p}");
    }
    // Shared pipelines name the workspace they come from, as the server does.
    for p in &shared {
        let s = server_shared
            .iter()
            .find(|s| s["pipelineId"] == p["id"])
            .unwrap();
        assert_eq!(
            p["workspace"].as_str().unwrap(),
            format!(
                "{}/{}",
                s["orgName"].as_str().unwrap(),
                s["workspaceName"].as_str().unwrap()
            )
        );
        assert_eq!(p["workspace"], "genomics-core/shared-pipelines");
        assert_eq!(p["shared"], true, "{p}");
        assert_eq!(p["name"], s["name"]);
        assert_eq!(p["repository"], s["repository"]);
        assert_eq!(p["description"], s["description"]);
    }
    // The default is this workspace's own; the table names the source workspace.
    let default = env
        .ok(&[
            "pipelines",
            "list",
            "-w",
            "genomics-core/production",
            "--output",
            "json",
        ])
        .await
        .json();
    assert_eq!(default.as_array().unwrap().len(), private.len());
    let table = env
        .ok(&[
            "pipelines",
            "list",
            "-w",
            "genomics-core/production",
            "--visibility",
            "all",
        ])
        .await;
    assert!(
        table.stdout.contains("genomics-core/shared-pipelines"),
        "{}",
        table.stdout
    );
    assert!(table.stderr.contains("last synced"), "{}", table.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workspaces_add_creates_it_on_the_server_once_and_lists_it_with_its_id() {
    let emu = emulator(None, 0).await;
    let env = Env::new(&emu);
    env.ok(&["sync"]).await;
    let out = env
        .ok(&[
            "workspaces",
            "add",
            "--org",
            "genomics-core",
            "--name",
            "cli-made",
            "--full-name",
            "Made by the CLI",
            "--description",
            "from a test",
            "--visibility",
            "shared",
        ])
        .await;
    assert!(
        out.stdout
            .starts_with("done: add workspace genomics-core/cli-made (id "),
        "{}",
        out.stdout
    );

    let on_server = env.org_workspaces("genomics-core").await;
    let made = named(&on_server, "cli-made");
    assert_eq!(made.len(), 1, "{on_server:?}");
    assert_eq!(made[0]["fullName"], "Made by the CLI");
    assert_eq!(made[0]["description"], "from a test");
    assert_eq!(made[0]["visibility"], "SHARED");
    let server_id = made[0]["id"].as_i64().unwrap();
    assert!(
        out.stdout.contains(&format!("(id {server_id})")),
        "{}",
        out.stdout
    );

    let listed = env
        .ok(&["workspaces", "list", "--output", "json"])
        .await
        .json();
    let mine = named(listed.as_array().unwrap(), "cli-made");
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["id"], server_id);
    assert_eq!(mine[0]["org"], "genomics-core");
    assert_eq!(mine[0]["role"], "owner");

    // Another sync sends nothing again.
    env.ok(&["sync"]).await;
    assert_eq!(
        named(&env.org_workspaces("genomics-core").await, "cli-made").len(),
        1
    );
    assert_eq!(env.status().await["pending"], 0);

    // Update keeps what is not given; delete removes it from the server.
    env.ok(&[
        "workspaces",
        "update",
        "--workspace",
        "genomics-core/cli-made",
        "--full-name",
        "Renamed",
    ])
    .await;
    let after = env.org_workspaces("genomics-core").await;
    let w = named(&after, "cli-made")[0];
    assert_eq!(w["fullName"], "Renamed");
    assert_eq!(w["description"], "from a test");
    assert_eq!(w["visibility"], "SHARED");
    let del = env
        .ok(&[
            "workspaces",
            "delete",
            "--workspace",
            &server_id.to_string(),
        ])
        .await;
    assert!(
        del.stdout
            .starts_with("done: delete workspace genomics-core/cli-made"),
        "{}",
        del.stdout
    );
    assert!(named(&env.org_workspaces("genomics-core").await, "cli-made").is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invalid_name_exits_1_in_one_line_with_nothing_queued_or_sent() {
    let emu = emulator(None, 0).await;
    let env = Env::new(&emu);
    env.ok(&["sync"]).await;
    let before = env.org_workspaces("genomics-core").await;
    for name in ["bad name", "-dash-first", "x", "two--dashes"] {
        let name = format!("--name={name}");
        let out = env
            .cli(&[
                "workspaces",
                "add",
                "--org",
                "genomics-core",
                &name,
                "--full-name",
                "Bad",
            ])
            .await;
        out.assert_one_line_error(1);
        assert!(out.stderr.contains("Name"), "{}", out.stderr);
        assert!(out.stdout.is_empty());
    }
    // A name already taken, and an organization that does not exist.
    env.cli(&[
        "workspaces",
        "add",
        "--org",
        "genomics-core",
        "--name",
        "production",
        "--full-name",
        "P",
    ])
    .await
    .assert_one_line_error(1);
    env.cli(&[
        "workspaces",
        "add",
        "--org",
        "no-such-org",
        "--name",
        "fine",
        "--full-name",
        "F",
    ])
    .await
    .assert_one_line_error(1);
    // A role that may not edit (maintain in methods-dev).
    env.cli(&[
        "workspaces",
        "update",
        "-w",
        "tumor-atlas/methods-dev",
        "--description",
        "x",
    ])
    .await
    .assert_one_line_error(1);

    let status = env.status().await;
    assert_eq!(status["pending"], 0);
    assert_eq!(status["rejected"], 0);
    assert_eq!(env.org_workspaces("genomics-core").await, before);
    let listed = env
        .ok(&["workspaces", "list", "--output", "json"])
        .await
        .json();
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .all(|w| !w["id"].is_null())
    );
}

/// `TOWER_API_ENDPOINT=""` (or `--url ""`) set on purpose is an error that says so, not Seqera
/// Cloud; nothing is written.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_server_url_is_an_error_that_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let run = |env_url: Option<&'static str>, args: Vec<&'static str>| {
        let data = dir.path().join("data");
        let home = dir.path().join("home");
        async move {
            let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_towerdesk-cli"));
            cmd.args(&args)
                .env_clear()
                .env("PATH", std::env::var_os("PATH").unwrap_or_default())
                .env("HOME", &home)
                .env("TOWERDESK_DATA_DIR", &data)
                .env("TOWER_ACCESS_TOKEN", TOKEN);
            if let Some(u) = env_url {
                cmd.env("TOWER_API_ENDPOINT", u);
            }
            let out = cmd.output().await.expect("the CLI runs");
            (out.status.code(), String::from_utf8(out.stderr).unwrap())
        }
    };
    let (code, err) = run(Some(""), vec!["sync"]).await;
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("TOWER_API_ENDPOINT is set to \"\""), "{err}");
    let (code, err) = run(Some("  "), vec!["status"]).await;
    assert_eq!(code, Some(1), "{err}");
    let (code, err) = run(None, vec!["--url", "", "sync"]).await;
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("--url \"\""), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_workspace_exits_1() {
    let emu = emulator(None, 0).await;
    let env = Env::new(&emu);
    env.ok(&["sync"]).await;
    for args in [
        vec!["participants", "list", "--workspace", "genomics-core/nope"],
        vec!["pipelines", "list", "--workspace", "no-org/production"],
        vec!["pipelines", "list", "--workspace", "123456"],
        vec!["pipelines", "list", "--workspace", "not-a-reference"],
        vec![
            "workspaces",
            "update",
            "--workspace",
            "genomics-core/nope",
            "--name",
            "x1",
        ],
        vec!["workspaces", "delete", "--workspace", "genomics-core/nope"],
    ] {
        let out = env.cli(&args).await;
        out.assert_one_line_error(1);
        assert!(out.stdout.is_empty(), "{args:?}: {}", out.stdout);
    }
    let out = env
        .cli(&["participants", "list", "--workspace", "genomics-core/nope"])
        .await;
    assert!(
        out.stderr
            .contains("Unknown workspace 'genomics-core/nope'"),
        "{}",
        out.stderr
    );
    // A 5,000-character reference is named, not echoed whole.
    let long = format!("genomics-core/{}", "x".repeat(5000));
    let out = env
        .cli(&["participants", "list", "--workspace", &long])
        .await;
    out.assert_one_line_error(1);
    assert!(
        out.stderr.len() < 400 && out.stderr.contains("(5016 characters)"),
        "{}",
        out.stderr
    );
    // A missing or malformed argument is bad input too.
    env.cli(&["pipelines", "list"])
        .await
        .assert_one_line_error(1);
    env.cli(&[
        "pipelines",
        "list",
        "-w",
        "genomics-core/production",
        "--visibility",
        "everything",
    ])
    .await
    .assert_one_line_error(1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_while_the_server_is_down_is_queued_and_sent_once_at_the_next_sync() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("platform.json");
    let emu = emulator(Some(state.clone()), 0).await;
    let port = emu.port();
    let env = Env::new(&emu);
    env.ok(&["sync"]).await;
    emu.shutdown().await;

    let out = env
        .ok(&[
            "workspaces",
            "add",
            "--org",
            "genomics-core",
            "--name",
            "offline-made",
            "--full-name",
            "Made offline",
        ])
        .await;
    assert_eq!(
        out.stdout,
        "queued: add workspace genomics-core/offline-made (will be sent at the next sync)\n"
    );
    let status = env.status().await;
    assert_eq!(status["pending"], 1, "{status}");
    let listed = env
        .ok(&["workspaces", "list", "--output", "json"])
        .await
        .json();
    let mine = named(listed.as_array().unwrap(), "offline-made");
    assert_eq!(mine.len(), 1);
    assert!(
        mine[0]["id"].is_null(),
        "not on the server yet: {}",
        mine[0]
    );
    // Syncing needs the server.
    env.cli(&["sync"]).await.assert_one_line_error(2);
    assert_eq!(env.status().await["pending"], 1);

    // The same server comes back (same port, same state).
    let emu = emulator(Some(state), port).await;
    assert_eq!(emu.port(), port);
    assert!(named(&env.org_workspaces("genomics-core").await, "offline-made").is_empty());
    let synced = env.ok(&["sync"]).await;
    assert!(synced.stderr.contains("1 change sent"), "{}", synced.stderr);
    assert_eq!(env.status().await["pending"], 0);
    let on_server = env.org_workspaces("genomics-core").await;
    let made = named(&on_server, "offline-made");
    assert_eq!(made.len(), 1, "{on_server:?}");
    let listed = env
        .ok(&["workspaces", "list", "--output", "json"])
        .await
        .json();
    assert_eq!(
        named(listed.as_array().unwrap(), "offline-made")[0]["id"],
        made[0]["id"]
    );
    env.ok(&["sync"]).await;
    assert_eq!(
        named(&env.org_workspaces("genomics-core").await, "offline-made").len(),
        1
    );
    drop(emu);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_json_has_the_documented_shape() {
    let emu = emulator(None, 0).await;
    let env = Env::new(&emu);
    let keys = |v: &Value| -> BTreeSet<String> { v.as_object().unwrap().keys().cloned().collect() };
    let want: BTreeSet<String> = ["pending", "conflicts", "rejected", "lastSync"]
        .into_iter()
        .map(String::from)
        .collect();

    let before = env.ok(&["status", "--output", "json"]).await;
    assert!(before.stderr.is_empty());
    let before = before.json();
    assert_eq!(keys(&before), want);
    assert!(before["lastSync"].is_null());
    assert_eq!(before["pending"], 0);

    env.ok(&["sync"]).await;
    let after = env.status().await;
    assert_eq!(keys(&after), want);
    for k in ["pending", "conflicts", "rejected"] {
        assert_eq!(after[k], 0, "{k}");
    }
    let when = after["lastSync"].as_str().unwrap();
    let when = chrono_like(when);
    assert!(when, "lastSync is an RFC 3339 time: {after}");

    let human = env.ok(&["status"]).await;
    assert!(human.stdout.contains("last synced"), "{}", human.stdout);
    assert!(
        human.stdout.contains("0 pending, 0 conflicts, 0 rejected"),
        "{}",
        human.stdout
    );
}

/// `2026-11-24T01:03:47.958Z`-like.
fn chrono_like(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() >= 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && s.ends_with('Z')
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_token_is_written_nowhere_under_the_data_dir() {
    let emu = emulator(None, 0).await;
    let env = Env::new(&emu);
    env.ok(&["sync"]).await;
    env.ok(&[
        "workspaces",
        "add",
        "--org",
        "genomics-core",
        "--name",
        "tok-check",
        "--full-name",
        "T",
    ])
    .await;
    let mut files = Vec::new();
    walk(&env.data, &mut files);
    assert!(
        files.iter().any(|f| f.ends_with("towerdesk.db")),
        "{files:?}"
    );
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        assert!(
            !bytes.windows(TOKEN.len()).any(|w| w == TOKEN.as_bytes()),
            "the token is in {}",
            f.display()
        );
    }
    // Nor in HOME (no config file, no keyring file fallback).
    let mut home = Vec::new();
    walk(&env.home, &mut home);
    for f in &home {
        let bytes = std::fs::read(f).unwrap();
        assert!(
            !bytes.windows(TOKEN.len()).any(|w| w == TOKEN.as_bytes()),
            "{}",
            f.display()
        );
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_token_exits_2_and_says_what_to_do() {
    let emu = emulator(None, 0).await;
    let env = Env::new(&emu);
    let out = env.cli_with_token("not-the-token", &["sync"]).await;
    out.assert_one_line_error(2);
    assert!(out.stderr.contains("TOWER_ACCESS_TOKEN"), "{}", out.stderr);
    assert!(!out.stderr.contains("not-the-token"), "{}", out.stderr);
    // Reading before any sync says to sync first.
    let out = env.cli(&["workspaces", "list"]).await;
    out.assert_one_line_error(1);
    assert!(out.stderr.contains("towerdesk-cli sync"), "{}", out.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bench_diagnostics_count_the_same_pipelines_live_and_local() {
    let emu = emulator(None, 0).await;
    let env = Env::new(&emu);
    env.ok(&["sync"]).await;
    let count = |out: &Out| -> usize {
        let line = out.stdout.trim();
        let n = line
            .split_whitespace()
            .find_map(|w| w.strip_prefix("count="))
            .unwrap_or_else(|| panic!("{line}"));
        assert!(line.contains(" ms="), "{line}");
        n.parse().unwrap()
    };
    let live = env
        .ok(&[
            "bench",
            "live-pipelines",
            "--workspace",
            "genomics-core/production",
        ])
        .await;
    let local = env
        .ok(&[
            "bench",
            "local-pipelines",
            "--workspace",
            "genomics-core/production",
            "--repeat",
            "3",
        ])
        .await;
    let (_, prod) = env.ws_ids("genomics-core", "production").await;
    let server_all = env.server_pipelines(prod, "all").await.len();
    assert_eq!(count(&live), server_all);
    assert_eq!(count(&local), server_all);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_the_server_refuses_exits_1_with_its_words_and_stays_as_rejected() {
    let emu = emulator(None, 0).await;
    let env = Env::new(&emu);
    env.ok(&["sync"]).await;
    // Someone else takes the name after our last sync: only the server can tell.
    let org = env.org_id("genomics-core").await;
    let r = env
        .http
        .post(format!("{}/orgs/{org}/workspaces", env.base))
        .bearer_auth(TOKEN)
        .json(&serde_json::json!({"workspace": {"name": "taken-later", "fullName": "Theirs", "visibility": "PRIVATE"}}))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());

    let out = env
        .cli(&[
            "workspaces",
            "add",
            "--org",
            "genomics-core",
            "--name",
            "taken-later",
            "--full-name",
            "Mine",
        ])
        .await;
    out.assert_one_line_error(1);
    assert!(
        out.stderr.starts_with(
            "error: rejected by the server: add workspace genomics-core/taken-later: "
        ),
        "{}",
        out.stderr
    );
    let status = env.status().await;
    assert_eq!(
        (status["pending"].as_i64(), status["rejected"].as_i64()),
        (Some(0), Some(1)),
        "{status}"
    );
    let on_server = env.org_workspaces("genomics-core").await;
    let taken = named(&on_server, "taken-later");
    assert_eq!(taken.len(), 1);
    assert_eq!(taken[0]["fullName"], "Theirs");
    let human = env.ok(&["status"]).await;
    assert!(human.stdout.contains("rejected"), "{}", human.stdout);
    assert!(
        human.stdout.contains("Add workspace taken-later"),
        "{}",
        human.stdout
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accounts_add_without_a_secret_service_says_what_to_install_and_saves_nothing() {
    let emu = emulator(None, 0).await;
    let env = Env::new(&emu);
    // The CLI runs with a cleared environment: no D-Bus session, so no Secret Service.
    let out = env.cli(&["accounts", "add"]).await;
    out.assert_one_line_error(2);
    assert!(out.stderr.contains("gnome-keyring"), "{}", out.stderr);
    assert!(out.stderr.contains("TOWER_ACCESS_TOKEN"), "{}", out.stderr);
    assert!(!out.stderr.contains(TOKEN), "{}", out.stderr);
    let listed = env
        .ok(&["accounts", "list", "--output", "json"])
        .await
        .json();
    assert_eq!(
        listed,
        serde_json::json!([]),
        "no account is recorded without its token"
    );
    // No token at all: said plainly.
    let out = env.cli_with_token("", &["accounts", "add"]).await;
    out.assert_one_line_error(1);
    assert!(out.stderr.contains("--token-stdin"), "{}", out.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accounts_remove_needs_yes_then_forgets_the_account_here_only() {
    let emu = emulator(None, 0).await;
    let env = Env::new(&emu);
    env.ok(&["sync"]).await;
    let listed = env
        .ok(&["accounts", "list", "--output", "json"])
        .await
        .json();
    let accounts = listed.as_array().unwrap();
    assert_eq!(accounts.len(), 1, "{listed}");
    assert_eq!(accounts[0]["user"], "demo-user");
    assert_eq!(accounts[0]["kind"], "environment");
    let id = accounts[0]["id"].as_i64().unwrap().to_string();

    let out = env.cli(&["accounts", "remove", &id]).await;
    out.assert_one_line_error(1);
    assert!(out.stderr.contains("--yes"), "{}", out.stderr);
    assert_eq!(
        env.ok(&["accounts", "list", "--output", "json"])
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let before = env.org_workspaces("genomics-core").await.len();
    let out = env.ok(&["accounts", "remove", &id, "--yes"]).await;
    assert!(
        out.stdout.starts_with("removed: demo-user"),
        "{}",
        out.stdout
    );
    assert_eq!(
        env.ok(&["accounts", "list", "--output", "json"])
            .await
            .json(),
        serde_json::json!([])
    );
    // Local data is gone; the server is untouched.
    let out = env.cli(&["workspaces", "list"]).await;
    out.assert_one_line_error(1);
    assert_eq!(env.org_workspaces("genomics-core").await.len(), before);
}

/// The server's participants of `org/ws`: user name (or team name) -> role.
async fn server_participants(
    env: &Env,
    org: &str,
    ws: &str,
) -> std::collections::BTreeMap<String, String> {
    let (org_id, ws_id) = env.ws_ids(org, ws).await;
    env.server(&format!(
        "/orgs/{org_id}/workspaces/{ws_id}/participants?max=100"
    ))
    .await["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let name = p["teamName"]
                .as_str()
                .or(p["userName"].as_str())
                .unwrap_or_default()
                .to_string();
            (name, p["wspRole"].as_str().unwrap_or_default().to_string())
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn participants_add_role_and_remove_reach_the_server() {
    let emu = emulator(None, 0).await;
    let env = Env::new(&emu);
    env.ok(&["sync"]).await;
    let w = ["--workspace", "genomics-core/rnd-sandbox"];

    let out = env
        .ok(&[
            &["participants", "add"][..],
            &w,
            &["--name", "ben-okafor", "--role", "maintain"],
        ]
        .concat())
        .await;
    assert_eq!(
        out.stdout,
        "done: add participant Ben Okafor to genomics-core/rnd-sandbox as maintain\n"
    );
    let out = env
        .ok(&[
            &["participants", "add"][..],
            &w,
            &["-n", "bioinformatics", "-t", "team", "-r", "view"],
        ]
        .concat())
        .await;
    assert!(out.stdout.starts_with("done: "), "{}", out.stdout);
    let on_server = server_participants(&env, "genomics-core", "rnd-sandbox").await;
    assert_eq!(on_server["ben-okafor"], "maintain");
    assert_eq!(on_server["bioinformatics"], "view");

    env.ok(&[
        &["participants", "role"][..],
        &w,
        &[
            "--name",
            "ben.okafor@genomics-core.example.org",
            "--role",
            "connect",
        ],
    ]
    .concat())
        .await;
    assert_eq!(
        server_participants(&env, "genomics-core", "rnd-sandbox").await["ben-okafor"],
        "connect"
    );
    let out = env
        .ok(&[
            &["participants", "remove"][..],
            &w,
            &["--name", "Ben Okafor"],
        ]
        .concat())
        .await;
    assert_eq!(
        out.stdout,
        "done: remove participant Ben Okafor from genomics-core/rnd-sandbox\n"
    );
    assert!(
        !server_participants(&env, "genomics-core", "rnd-sandbox")
            .await
            .contains_key("ben-okafor")
    );

    // Refused before anything is queued: one clear line, exit 1.
    env.cli(
        &[
            &["participants", "add"][..],
            &w,
            &["--name", "chiara-rossi"],
        ]
        .concat(),
    )
    .await
    .assert_one_line_error(1);
    env.cli(
        &[
            &["participants", "role"][..],
            &w,
            &["--name", "nobody", "--role", "view"],
        ]
        .concat(),
    )
    .await
    .assert_one_line_error(1);
    assert_eq!(env.status().await["pending"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn participants_add_while_the_server_is_down_is_queued_then_sent() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("platform.json");
    let emu = emulator(Some(state.clone()), 0).await;
    let port = emu.port();
    let env = Env::new(&emu);
    env.ok(&["sync"]).await;
    emu.shutdown().await;

    let out = env
        .ok(&[
            "participants",
            "add",
            "--workspace",
            "genomics-core/rnd-sandbox",
            "--name",
            "ben.okafor@genomics-core.example.org",
            "--role",
            "launch",
        ])
        .await;
    assert_eq!(
        out.stdout,
        "queued: add participant ben.okafor@genomics-core.example.org to genomics-core/rnd-sandbox as launch (will be sent at the next sync)\n"
    );
    assert_eq!(env.status().await["pending"], 1);

    let _emu = emulator(Some(state), port).await;
    env.ok(&["sync"]).await;
    assert_eq!(env.status().await["pending"], 0);
    assert_eq!(
        server_participants(&env, "genomics-core", "rnd-sandbox").await["ben-okafor"],
        "launch"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn runs_list_view_and_cancel_follow_the_server_and_say_offline_what_they_cannot_do() {
    let emu = emulator(None, 0).await;
    let env = Env::new(&emu);
    env.ok(&["sync"]).await;
    let (_, prod) = env.ws_ids("genomics-core", "production").await;
    let server = env
        .server(&format!("/workflow?workspaceId={prod}&max=100"))
        .await;
    let server_ids: BTreeSet<String> = server["workflows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["workflow"]["id"].as_str().unwrap().to_string())
        .collect();
    assert!(!server_ids.is_empty());

    let list = env
        .ok(&[
            "runs",
            "list",
            "-w",
            "genomics-core/production",
            "--output",
            "json",
        ])
        .await
        .json();
    let rows = list.as_array().unwrap();
    let ids: BTreeSet<String> = rows
        .iter()
        .take(100)
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert!(ids.is_subset(&server_ids) || server_ids.is_subset(&ids));
    for key in ["id", "runName", "status", "pipeline", "computeEnv", "cost"] {
        assert!(rows[0].get(key).is_some(), "{key} in {}", rows[0]);
    }

    // The search: only running runs, in the Platform's syntax.
    let running = env
        .ok(&[
            "runs",
            "list",
            "-w",
            "genomics-core/production",
            "--search",
            "status:running",
            "--output",
            "json",
        ])
        .await
        .json();
    let running = running.as_array().unwrap().clone();
    assert!(!running.is_empty(), "the demo has running runs");
    assert!(running.iter().all(|r| r["status"] == "running"));
    let bad = env
        .cli(&[
            "runs",
            "list",
            "-w",
            "genomics-core/production",
            "--search",
            "status:done",
        ])
        .await;
    bad.assert_one_line_error(1);
    let on_server = env
        .ok(&[
            "runs",
            "list",
            "-w",
            "genomics-core/production",
            "--search",
            "status:succeeded",
            "--server",
            "--output",
            "json",
        ])
        .await
        .json();
    let on_server = on_server.as_array().unwrap().clone();
    assert!(!on_server.is_empty());
    assert!(on_server.iter().all(|r| r["status"] == "succeeded"));

    // View reads the server: tasks and the compute environment.
    let id = running[0]["id"].as_str().unwrap().to_string();
    let page = env
        .ok(&["runs", "view", &id, "--output", "json"])
        .await
        .json();
    assert_eq!(page["run"]["workflowId"], id.as_str());
    assert!(page["details"]["tasks"]["succeeded"].is_i64(), "{page}");
    assert!(page["run"]["computeEnv"].is_string(), "{page}");
    let table = env.ok(&["runs", "view", &id]).await;
    assert!(table.stdout.contains("Succeeded"), "{}", table.stdout);

    // Cancel reaches the server; a second cancel is refused in the core's words.
    let out = env.ok(&["runs", "cancel", &id]).await;
    assert!(out.stdout.contains("cancelled"), "{}", out.stdout);
    let described = env
        .server(&format!("/workflow/{id}?workspaceId={prod}"))
        .await;
    assert_eq!(described["workflow"]["status"], "CANCELLED");
    let again = env.cli(&["runs", "cancel", &id]).await;
    again.assert_one_line_error(1);
    assert!(
        again
            .stderr
            .contains("Only a submitted or running run can be cancelled (this one is cancelled)."),
        "{}",
        again.stderr
    );

    // Offline: view shows what was last read; cancel says it needs a connection.
    let other = running
        .get(1)
        .map(|r| r["id"].as_str().unwrap().to_string());
    emu.shutdown().await;
    let offline = env.ok(&["runs", "view", &id, "--output", "json"]).await;
    assert!(
        offline.stderr.contains("showing what was last read"),
        "{}",
        offline.stderr
    );
    assert_eq!(offline.json()["run"]["status"], "cancelled");
    if let Some(other) = other {
        let refused = env.cli(&["runs", "cancel", &other]).await;
        refused.assert_one_line_error(2);
        assert!(
            refused.stderr.contains("needs a connection"),
            "{}",
            refused.stderr
        );
    }
}

/// The server's runs of a workspace named exactly `name`.
async fn server_runs_named(env: &Env, ws: i64, name: &str) -> Vec<Value> {
    env.server(&format!(
        "/workflow?workspaceId={ws}&search=runName:{name}&max=100"
    ))
    .await["workflows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["workflow"]["runName"] == name)
        .cloned()
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn launch_checks_the_params_file_against_the_schema_and_launches_once() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("platform.json");
    let emu = emulator(Some(state.clone()), 0).await;
    let port = emu.port();
    let env = Env::new(&emu);
    env.ok(&["sync"]).await;
    let (_, prod) = env.ws_ids("genomics-core", "production").await;
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "outdir: s3://x\naligner: bowtie\n").unwrap();
    let good = dir.path().join("params.yaml");
    std::fs::write(&good, "input: samples.csv\noutdir: s3://x/out\n").unwrap();

    // The same schema check as the window's: refused in clear words, nothing queued or sent.
    let out = env
        .cli(&[
            "launch",
            "--workspace",
            "genomics-core/production",
            "nf-core-rnaseq",
            "--params-file",
            bad.to_str().unwrap(),
            "--run-name",
            "cli_bad_params",
        ])
        .await;
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("\"input\" is a required property")
            && out.stderr.contains("bad.yaml:2: aligner"),
        "{}",
        out.stderr
    );
    assert_eq!(env.status().await["pending"], 0);
    assert!(
        server_runs_named(&env, prod, "cli_bad_params")
            .await
            .is_empty()
    );

    let out = env
        .ok(&[
            "launch",
            "--workspace",
            "genomics-core/production",
            "nf-core-rnaseq",
            "--params-file",
            good.to_str().unwrap(),
            "--run-name",
            "cli_launched",
        ])
        .await;
    assert_eq!(
        out.stdout,
        "done: launch nf-core-rnaseq as cli_launched in genomics-core/production\n"
    );
    assert_eq!(server_runs_named(&env, prod, "cli_launched").await.len(), 1);

    // Offline: refused without --when-online; queued with it, and sent once when it is back.
    emu.shutdown().await;
    let args = [
        "launch",
        "--workspace",
        "genomics-core/production",
        "hello-world",
        "--run-name",
        "cli_when_online",
    ];
    let out = env.cli(&args).await;
    out.assert_one_line_error(2);
    assert!(out.stderr.contains("--when-online"), "{}", out.stderr);
    assert_eq!(env.status().await["pending"], 0);
    let mut queued = args.to_vec();
    queued.push("--when-online");
    let out = env.ok(&queued).await;
    assert!(
        out.stdout
            .starts_with("queued: launch hello-world as cli_when_online"),
        "{}",
        out.stdout
    );
    assert_eq!(env.status().await["pending"], 1);
    let emu = emulator(Some(state), port).await;
    env.ok(&["sync"]).await;
    assert_eq!(env.status().await["pending"], 0);
    assert_eq!(
        server_runs_named(&env, prod, "cli_when_online").await.len(),
        1
    );
    env.ok(&["sync"]).await;
    assert_eq!(
        server_runs_named(&env, prod, "cli_when_online").await.len(),
        1
    );
    drop(emu);
}

/// `pipelines add|update|delete` reach the server, `drafts list` shows the draft each add kept
/// with its state, and a form the core refuses exits 1 in one line with nothing kept or sent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pipelines_add_update_and_delete_reach_the_server_and_drafts_list_follows() {
    let emu = emulator(None, 0).await;
    let env = Env::new(&emu);
    env.ok(&["sync"]).await;
    let (_, ws) = env.ws_ids("genomics-core", "production").await;
    let params = env.home.join("params.yml");
    std::fs::write(
        &params,
        "input: s3://genomics-core-prod/samples.csv\nmax_cpus: 4\n",
    )
    .unwrap();

    let bad = env.home.join("bad.yml");
    std::fs::write(&bad, "input: [s3://a\nmax_cpus: 4\n").unwrap();
    let refused = env
        .cli(&[
            "pipelines",
            "add",
            "-w",
            "genomics-core/production",
            "--name",
            "cli-rnaseq",
            "--params-file",
            bad.to_str().unwrap(),
            "nf-core/rnaseq",
        ])
        .await;
    refused.assert_one_line_error(1);
    assert!(
        refused
            .stderr
            .contains("Pipeline to launch must be a Git URL"),
        "{}",
        refused.stderr
    );
    assert!(
        refused.stderr.contains("not valid YAML: line"),
        "{}",
        refused.stderr
    );
    assert_eq!(
        env.ok(&["drafts", "list", "--output", "json"]).await.json(),
        serde_json::json!([])
    );
    assert_eq!(env.status().await["pending"], 0);

    let out = env
        .ok(&[
            "pipelines",
            "add",
            "-w",
            "genomics-core/production",
            "--name",
            "cli-rnaseq",
            "--description",
            "From the CLI",
            "--compute-env",
            "aws-batch-prod",
            "--revision",
            "3.14.0",
            "--profile",
            "test",
            "--profile",
            "docker",
            "--params-file",
            params.to_str().unwrap(),
            "https://github.com/nf-core/rnaseq",
        ])
        .await;
    assert!(
        out.stdout
            .starts_with("done: add pipeline cli-rnaseq to genomics-core/production (id "),
        "{}",
        out.stdout
    );
    let server = env.server_pipelines(ws, "private").await;
    let made = named(&server, "cli-rnaseq");
    assert_eq!(made.len(), 1);
    let id = made[0]["pipelineId"].as_i64().unwrap();
    assert_eq!(made[0]["description"], "From the CLI");
    let launch = env
        .server(&format!("/pipelines/{id}/launch?workspaceId={ws}"))
        .await;
    assert_eq!(launch["launch"]["revision"], "3.14.0");
    assert_eq!(
        launch["launch"]["configProfiles"],
        serde_json::json!(["test", "docker"])
    );
    assert_eq!(launch["launch"]["computeEnv"]["name"], "aws-batch-prod");
    assert_eq!(
        launch["launch"]["paramsText"],
        "input: s3://genomics-core-prod/samples.csv\nmax_cpus: 4"
    );

    let drafts = env.ok(&["drafts", "list", "--output", "json"]).await.json();
    assert_eq!(drafts.as_array().unwrap().len(), 1, "{drafts}");
    let d = &drafts[0];
    assert_eq!(d["kind"], "pipeline");
    assert_eq!(d["name"], "cli-rnaseq");
    assert_eq!(d["workspace"], "genomics-core/production");
    assert_eq!(d["state"], "published");
    assert!(d["message"].is_null());
    assert!(d["id"].is_i64());

    let out = env
        .ok(&[
            "pipelines",
            "update",
            "-w",
            "genomics-core/production",
            "cli-rnaseq",
            "--description",
            "Edited from the CLI",
        ])
        .await;
    assert!(
        out.stdout.starts_with("done: update pipeline cli-rnaseq"),
        "{}",
        out.stdout
    );
    let described = env
        .server(&format!("/pipelines/{id}?workspaceId={ws}"))
        .await;
    assert_eq!(described["pipeline"]["description"], "Edited from the CLI");

    let out = env
        .ok(&[
            "pipelines",
            "delete",
            "-w",
            "genomics-core/production",
            "cli-rnaseq",
        ])
        .await;
    assert!(
        out.stdout.starts_with("done: delete pipeline cli-rnaseq"),
        "{}",
        out.stdout
    );
    assert!(named(&env.server_pipelines(ws, "private").await, "cli-rnaseq").is_empty());
    drop(emu);
}

/// Offline, `pipelines add` says "queued" and exits 0; `drafts list` shows it waiting; the next
/// sync sends it once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pipeline_added_while_the_server_is_down_is_queued_then_sent_once() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("platform.json");
    let emu = emulator(Some(state.clone()), 0).await;
    let port = emu.port();
    let env = Env::new(&emu);
    env.ok(&["sync"]).await;
    emu.shutdown().await;

    let out = env
        .ok(&[
            "pipelines",
            "add",
            "-w",
            "genomics-core/production",
            "--name",
            "offline-hello",
            "https://github.com/nextflow-io/hello",
        ])
        .await;
    assert_eq!(
        out.stdout,
        "queued: add pipeline offline-hello to genomics-core/production (will be sent at the next sync)\n"
    );
    let drafts = env.ok(&["drafts", "list", "--output", "json"]).await.json();
    assert_eq!(drafts[0]["state"], "waiting", "{drafts}");
    let listed = env
        .ok(&[
            "pipelines",
            "list",
            "-w",
            "genomics-core/production",
            "--output",
            "json",
        ])
        .await
        .json();
    let mine = named(listed.as_array().unwrap(), "offline-hello");
    assert_eq!(mine.len(), 1);
    assert!(
        mine[0]["id"].is_null(),
        "not on the server yet: {}",
        mine[0]
    );

    let emu = emulator(Some(state), port).await;
    let (_, ws) = env.ws_ids("genomics-core", "production").await;
    env.ok(&["sync"]).await;
    assert_eq!(
        named(&env.server_pipelines(ws, "private").await, "offline-hello").len(),
        1
    );
    let drafts = env.ok(&["drafts", "list", "--output", "json"]).await.json();
    assert_eq!(drafts[0]["state"], "published", "{drafts}");
    env.ok(&["sync"]).await;
    assert_eq!(
        named(&env.server_pipelines(ws, "private").await, "offline-hello").len(),
        1
    );
    drop(emu);
}

/// What the emulator says a run costs, as the credits report must count it: its `cost`, else
/// its CPU-hours and billed memory GiB-hours (requested memory, else peak with a 2 GiB floor,
/// per requested CPU) at 0.1 and 0.025; (amount, estimated part, CPU-hours).
fn server_spend(item: &Value) -> (f64, f64, f64) {
    const GIB: f64 = 1024.0 * 1024.0 * 1024.0;
    let load = &item["progress"]["workflowProgress"];
    let cpu_hours = load["cpuTime"].as_f64().map(|ms| ms / 3_600_000.0);
    match load["cost"].as_f64() {
        Some(cost) => (cost, 0.0, cpu_hours.unwrap_or(0.0)),
        None => {
            let Some(cpu) = cpu_hours else {
                return (0.0, 0.0, 0.0);
            };
            let mem = match (load["cpus"].as_f64(), load["memoryReq"].as_f64()) {
                (Some(cpus), Some(req)) if cpus > 0.0 && req > 0.0 => cpu * req / GIB / cpus,
                (Some(cpus), _) if cpus > 0.0 => {
                    cpu * load["peakMemory"].as_f64().unwrap_or(0.0).max(2.0 * GIB) / GIB / cpus
                }
                _ => 0.0,
            };
            let e = cpu * 0.1 + mem * 0.025;
            (e, e, cpu)
        }
    }
}

#[tokio::test]
async fn credits_of_a_workspace_equal_the_sum_of_the_servers_run_costs_and_estimates() {
    use chrono::TimeZone;
    let mut config = EmulatorConfig::demo(TOKEN);
    // A frozen clock: running runs do not move between the sync and the server's answer.
    config.clock = towerdesk_emulator::Clock::fake(
        chrono::Utc
            .with_ymd_and_hms(2026, 11, 20, 12, 0, 0)
            .unwrap(),
    );
    let emu = towerdesk_emulator::start(config).await.unwrap();
    let env = Env::new(&emu);
    env.ok(&["sync"]).await;
    let (_, prod) = env.ws_ids("genomics-core", "production").await;
    let mut items: Vec<Value> = Vec::new();
    loop {
        let page = env
            .server(&format!(
                "/workflow?workspaceId={prod}&max=100&offset={}&includeTotalSize=true",
                items.len()
            ))
            .await;
        let got = page["workflows"].as_array().unwrap().clone();
        let total = page["totalSize"].as_u64().unwrap() as usize;
        let n = got.len();
        items.extend(got);
        if n == 0 || items.len() >= total {
            break;
        }
    }
    assert!(
        items.len() > 100,
        "the demo's production has its credits history"
    );
    let (mut amount, mut estimated, mut cpu) = (0.0, 0.0, 0.0);
    for item in &items {
        let (a, e, c) = server_spend(item);
        amount += a;
        estimated += e;
        cpu += c;
    }
    assert!(estimated > 0.0, "some runs have no cost yet");
    let close = |a: f64, b: f64| (a - b).abs() < 0.011;

    let rows = env
        .ok(&[
            "credits",
            "--workspace",
            "genomics-core/production",
            "--output",
            "json",
        ])
        .await
        .json();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 1, "{rows:#?}");
    let r = &rows[0];
    assert_eq!(r["key"], "genomics-core/production");
    assert_eq!(r["runs"].as_u64().unwrap() as usize, items.len());
    let spent = r["credits"].as_f64().unwrap()
        + r["cloudCost"].as_f64().unwrap()
        + r["unknownCost"].as_f64().unwrap();
    assert!(close(spent, amount), "{spent} != {amount}: {r:#}");
    assert!(close(r["estimated"].as_f64().unwrap(), estimated), "{r:#}");
    assert!(close(r["cpuHours"].as_f64().unwrap(), cpu), "{r:#}");
    for field in [
        "credits",
        "cloudCost",
        "estimated",
        "cpuHours",
        "memoryGibHours",
    ] {
        assert!(r[field].is_number(), "{field} in {r:#}");
    }

    // Viewing a Seqera Compute run tells where it ran: its spend moves into credits, and the
    // total stays the same.
    let mut sc = None;
    for i in &items {
        let cost = i["progress"]["workflowProgress"]["cost"]
            .as_f64()
            .unwrap_or(0.0);
        if cost <= 0.0 || i["workflow"]["status"] != "SUCCEEDED" {
            continue;
        }
        let id = i["workflow"]["id"].as_str().unwrap().to_string();
        let d = env
            .server(&format!("/workflow/{id}?workspaceId={prod}"))
            .await;
        if d["platform"]["id"] == "seqeracompute-platform" {
            sc = Some((id, cost));
            break;
        }
    }
    let (sc_id, sc_cost) = sc.expect("a finished Seqera Compute run in production");
    env.ok(&["runs", "view", &sc_id]).await;
    let after = env
        .ok(&[
            "credits",
            "--workspace",
            "genomics-core/production",
            "--output",
            "json",
        ])
        .await
        .json();
    let a = &after[0];
    assert!(close(a["credits"].as_f64().unwrap(), sc_cost), "{a:#}");
    let spent_after = a["credits"].as_f64().unwrap()
        + a["cloudCost"].as_f64().unwrap()
        + a["unknownCost"].as_f64().unwrap();
    assert!(close(spent_after, amount), "{a:#}");

    // --locate reads where the other runs ran: nothing is left unknown and the whole is the same.
    let located = env
        .ok(&[
            "credits",
            "-w",
            "genomics-core/production",
            "--locate",
            "10000",
            "--output",
            "json",
        ])
        .await;
    assert!(
        located.stderr.contains("still not known"),
        "{}",
        located.stderr
    );
    let l = &located.json()[0];
    assert_eq!(l["unknownCost"].as_f64().unwrap(), 0.0, "{l:#}");
    assert!(
        close(
            l["credits"].as_f64().unwrap() + l["cloudCost"].as_f64().unwrap(),
            amount
        ),
        "{l:#}"
    );

    let by_pipeline = env
        .ok(&[
            "credits",
            "-w",
            "genomics-core/production",
            "--by",
            "pipeline",
            "--output",
            "csv",
        ])
        .await;
    let mut lines = by_pipeline.stdout.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("key,credits,creditsEstimated,cloudCost,")
    );
    assert!(
        lines.count() >= 3,
        "several pipelines: {}",
        by_pipeline.stdout
    );

    // Budgets are kept here and listed.
    env.ok(&["budgets", "set", "-w", "genomics-core/production", "250"])
        .await;
    let budgets = env
        .ok(&["budgets", "list", "--output", "json"])
        .await
        .json();
    assert_eq!(budgets[0]["target"], "genomics-core/production");
    assert_eq!(budgets[0]["unit"], "credits");
    assert_eq!(budgets[0]["monthlyAmount"], 250.0);
}
