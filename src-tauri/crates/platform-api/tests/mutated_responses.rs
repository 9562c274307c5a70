//! The decoders against mutated real responses: every recorded fixture, mutated many times with a
//! seeded generator (the same mutations on every run), decodes into its model or fails with a
//! serde error, and never panics. `make test` decodes 10,000 mutated responses (250 per fixture,
//! about a second); set TOWERDESK_MUTATIONS to run more per fixture.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::de::DeserializeOwned;
use serde_json::Value;
use towerdesk_platform_api::*;

/// One mutation of a JSON document: somewhere in the tree a value is removed, replaced by
/// another type, made extreme, or nested deeply; or the text itself is cut or has a byte changed.
fn mutate(doc: &Value, rng: &mut StdRng) -> Vec<u8> {
    let mut v = doc.clone();
    if rng.random_bool(0.15) {
        let mut text = serde_json::to_vec(&v).unwrap();
        if rng.random_bool(0.5) {
            let cut = rng.random_range(0..text.len().max(1));
            text.truncate(cut);
        } else if !text.is_empty() {
            let at = rng.random_range(0..text.len());
            text[at] = rng.random();
        }
        return text;
    }
    let target = pick(&mut v, rng);
    *target = match rng.random_range(0..11) {
        0 => Value::Null,
        1 => Value::String("x".into()),
        2 => Value::String("\u{1F9EC}\u{0}\u{202E}".repeat(50)),
        3 => serde_json::json!(1e308),
        4 => serde_json::json!(-1),
        5 => serde_json::json!(u64::MAX),
        6 => serde_json::json!(i64::MIN),
        7 => Value::Bool(true),
        8 => serde_json::json!([]),
        9 => serde_json::json!({}),
        _ => {
            let mut deep = Value::Null;
            for _ in 0..64 {
                deep = serde_json::json!([deep]);
            }
            deep
        }
    };
    // Sometimes drop a key outright instead of replacing a value.
    if rng.random_bool(0.2)
        && let Value::Object(map) = &mut v
        && !map.is_empty()
    {
        let key = map
            .keys()
            .nth(rng.random_range(0..map.len()))
            .cloned()
            .unwrap();
        map.remove(&key);
    }
    serde_json::to_vec(&v).unwrap()
}

/// A random node of the tree (the root included).
fn pick<'a>(v: &'a mut Value, rng: &mut StdRng) -> &'a mut Value {
    let children = match v {
        Value::Array(a) => a.len(),
        Value::Object(o) => o.len(),
        _ => 0,
    };
    if children == 0 || rng.random_bool(0.25) {
        return v;
    }
    let i = rng.random_range(0..children);
    match v {
        Value::Array(a) => pick(&mut a[i], rng),
        Value::Object(o) => {
            let key = o.keys().nth(i).cloned().unwrap();
            pick(o.get_mut(&key).unwrap(), rng)
        }
        _ => unreachable!(),
    }
}

fn per_fixture() -> usize {
    std::env::var("TOWERDESK_MUTATIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(250)
}

/// Decodes `n` mutations of `file` as `T`: (decoded, refused). Panics (the failure) are caught
/// and reported with the body that caused them.
fn round<T: DeserializeOwned>(file: &str, n: usize, seed: u64) -> (usize, usize) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(file);
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let mut rng = StdRng::seed_from_u64(seed);
    let (mut ok, mut refused) = (0, 0);
    for _ in 0..n {
        let body = mutate(&doc, &mut rng);
        match catch_unwind(AssertUnwindSafe(|| serde_json::from_slice::<T>(&body))) {
            Ok(Ok(_)) => ok += 1,
            Ok(Err(e)) => {
                assert!(!e.to_string().is_empty());
                refused += 1;
            }
            Err(_) => panic!(
                "{file}: decoding panicked on {}",
                String::from_utf8_lossy(&body)
            ),
        }
    }
    (ok, refused)
}

macro_rules! rounds {
    ($n:expr; $($file:literal => $ty:ty),* $(,)?) => {{
        let mut total = (0usize, 0usize);
        let mut seed = 0u64;
        $(
            seed += 1;
            let (ok, refused) = round::<$ty>($file, $n, seed);
            total.0 += ok;
            total.1 += refused;
        )*
        total
    }};
}

#[test]
fn mutated_real_responses_decode_or_are_refused_never_panic() {
    let n = per_fixture();
    let (ok, refused) = rounds!(n;
        "user.json" => UserInfoResponse,
        "service-info.json" => ServiceInfoResponse,
        "organizations_list.json" => OrganizationsResponse,
        "organizations_view.json" => OrganizationResponse,
        "organizations_add_response.json" => OrganizationResponse,
        "members_list.json" => MembersResponse,
        "member_add.json" => MemberResponse,
        "collaborators_list.json" => MembersResponse,
        "teams_list.json" => TeamsResponse,
        "teams_add.json" => TeamResponse,
        "teams_members_list.json" => MembersResponse,
        "workspaces_list.json" => OrgsAndWorkspacesResponse,
        "workspaces_view.json" => WorkspaceResponse,
        "workspaces_add_response.json" => WorkspaceResponse,
        "workspaces_update_response.json" => WorkspaceResponse,
        "studios_settings.json" => StudiosSettings,
        "participants_list.json" => ParticipantsResponse,
        "participant_add.json" => ParticipantResponse,
        "team_add.json" => ParticipantResponse,
        "pipelines_list.json" => PipelinesResponse,
        "pipelines_sarek.json" => PipelinesResponse,
        "pipelines_add_response.json" => PipelineResponse,
        "pipeline_launch_describe.json" => LaunchResponse,
        "pipeline_describe.json" => PipelineResponse,
        "versions_list.json" => PipelineVersionsResponse,
        "compute_envs_list.json" => ComputeEnvsResponse,
        "compute_env_view.json" => ComputeEnvResponse,
        "compute_env_view_aws_manual.json" => ComputeEnvResponse,
        "credentials_list.json" => CredentialsResponse,
        "workflow_list.json" => WorkflowsResponse,
        "workflow_view.json" => WorkflowResponse,
        "workflow_progress.json" => ProgressResponse,
        "workflow_launch.json" => SubmitWorkflowLaunchResponse,
        "runs_workflow_launch.json" => LaunchResponse,
        "actions_list.json" => ActionsResponse,
        "action_view.json" => ActionResponse,
        "labels_user.json" => LabelsResponse,
        "studios_list_response.json" => StudiosResponse,
        "studios_view_response.json" => Studio,
        "studios_templates_response.json" => StudioTemplatesResponse,
    );
    println!(
        "figure: mutated-responses total={} decoded={ok} refused={refused} panics=0",
        ok + refused
    );
    assert_eq!(ok + refused, 40 * n);
    // The mutations reach both outcomes: tolerant decodes and clear refusals.
    assert!(ok > 0 && refused > 0, "decoded {ok}, refused {refused}");
}
