//! Rendering the world as the Platform's JSON bodies (camelCase, the spec's schema names in the
//! comments). Fields the emulator has no value for are left out rather than sent as `null`:
//! clients treat both the same, and it keeps every body valid against the spec's schemas.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::SecondsFormat;
use serde_json::{Map, Value, json};

use crate::model::*;
use crate::rng::mix;
use crate::runs::{ProcessProgress, RunView};

/// RFC 3339 in UTC with milliseconds, always the same width (so the text sorts like the time).
pub fn time(t: &Time) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub fn opt_time(t: &Option<Time>) -> Value {
    t.as_ref()
        .map(|t| Value::String(time(t)))
        .unwrap_or(Value::Null)
}

/// Removes `null` members from objects, recursively.
pub fn strip_nulls(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, strip_nulls(v)))
                .collect::<Map<String, Value>>(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(strip_nulls).collect()),
        other => other,
    }
}

/// A 200 answer with a JSON body.
pub fn ok(v: Value) -> Response {
    Json(strip_nulls(v)).into_response()
}

/// A 200 answer with a JSON body sent as is, `null` members included (for the shapes of older
/// servers, which send `null` for absent values).
pub fn ok_with_nulls(v: Value) -> Response {
    Json(v).into_response()
}

/// A 204 answer with no body.
pub fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

fn avatar(email: &str) -> String {
    format!(
        "https://www.gravatar.com/avatar/{:016x}{:016x}?d=404",
        mix(email.len() as u64
            ^ email
                .bytes()
                .fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(b as u64))),
        mix(email
            .bytes()
            .fold(3u64, |h, b| h.wrapping_mul(131).wrapping_add(b as u64)))
    )
}

/// `UserResponseDto`
pub fn user(u: &User) -> Value {
    json!({
        "id": u.id,
        "userName": u.user_name,
        "email": u.email,
        "firstName": u.first_name,
        "lastName": u.last_name,
        "organization": u.organization,
        "avatar": avatar(&u.email),
        "dateCreated": time(&u.date_created),
        "lastUpdated": time(&u.date_created),
        "lastAccess": time(&u.date_created),
        "deleted": false,
        "marketingConsent": false,
        "termsOfUseConsent": true,
        "notification": false,
    })
}

/// `OrganizationDbDto`
pub fn org(o: &Org, member: Option<&Member>) -> Value {
    json!({
        "orgId": o.id,
        "name": o.name,
        "fullName": o.full_name,
        "description": o.description,
        "location": o.location,
        "website": o.website,
        "type": o.org_type,
        "memberId": member.map(|m| m.id),
        "memberRole": member.map(|m| m.role.as_str()),
    })
}

/// `OrganizationQuotas`
pub fn quotas(q: &Quotas) -> Value {
    json!({
        "maxWorkspaces": q.max_workspaces,
        "maxMembers": q.max_members,
        "maxTeams": q.max_teams,
        "maxParticipantsPerWorkspace": q.max_participants_per_workspace,
        "maxPipelinesPerWorkspace": q.max_pipelines_per_workspace,
        "maxDatasetsPerWorkspace": q.max_datasets_per_workspace,
        "maxVersionsPerDataset": q.max_versions_per_dataset,
        "maxLabelsPerWorkspace": q.max_labels_per_workspace,
        "maxRuns": q.max_runs,
        "maxRunHistory": q.max_run_history,
        "maxDataStudiosRunning": q.max_data_studios_running,
        "maxSeqeraComputeComputeEnvs": q.max_seqera_compute_compute_envs,
        "maxCustomRolesPerOrg": q.max_custom_roles_per_org,
    })
}

/// `MemberDbDto`
pub fn member(st: &State, m: &Member) -> Value {
    let u = &st.users[&m.user_id];
    json!({
        "memberId": m.id,
        "userId": u.id,
        "userName": u.user_name,
        "email": u.email,
        "firstName": u.first_name,
        "lastName": u.last_name,
        "avatar": avatar(&u.email),
        "role": m.role.as_str(),
    })
}

/// `TeamDbDto`
pub fn team(t: &Team) -> Value {
    json!({
        "teamId": t.id,
        "name": t.name,
        "description": t.description,
        "membersCount": t.member_ids.len(),
    })
}

/// `Workspace`
pub fn workspace(w: &Workspace) -> Value {
    json!({
        "id": w.id,
        "name": w.name,
        "fullName": w.full_name,
        "description": w.description,
        "visibility": w.visibility.as_str(),
        "dateCreated": time(&w.date_created),
        "lastUpdated": time(&w.last_updated),
    })
}

/// `WorkspaceDbDto`
pub fn workspace_db(w: &Workspace) -> Value {
    json!({
        "id": w.id,
        "name": w.name,
        "fullName": w.full_name,
        "description": w.description,
        "visibility": w.visibility.as_str(),
    })
}

/// `ParticipantResponseDto`
pub fn participant(st: &State, p: &Participant) -> Value {
    match &p.grantee {
        Grantee::Member { member_id } => {
            let m = &st.members[member_id];
            let u = &st.users[&m.user_id];
            json!({
                "participantId": p.id,
                "memberId": m.id,
                "userName": u.user_name,
                "firstName": u.first_name,
                "lastName": u.last_name,
                "email": u.email,
                "orgRole": m.role.as_str(),
                "wspRole": p.role.as_str(),
                "type": if m.role == OrgRole::Collaborator { "COLLABORATOR" } else { "MEMBER" },
                "userAvatarUrl": avatar(&u.email),
            })
        }
        Grantee::Team { team_id } => {
            let t = &st.teams[team_id];
            json!({
                "participantId": p.id,
                "teamId": t.id,
                "teamName": t.name,
                "wspRole": p.role.as_str(),
                "type": "TEAM",
            })
        }
    }
}

/// `DataStudioWorkspaceSettingsResponse`. `containerRepository` and `nameStrategy` are nullable
/// in the spec and null means "the platform default", so they are sent even when null.
pub fn studios(w: &Workspace) -> Response {
    Json(json!({
        "orgId": w.org_id,
        "wspId": w.id,
        "lifespanHours": w.studios.lifespan_hours,
        "privateStudioByDefault": w.studios.private_studio_by_default,
        "containerRepository": w.studios.container_repository,
        "nameStrategy": w.studios.name_strategy,
    }))
    .into_response()
}

/// `LabelDbDto`
pub fn label(l: &Label) -> Value {
    json!({
        "id": l.id,
        "name": l.name,
        "value": l.value,
        "resource": l.resource,
        "isDefault": l.is_default,
        "isDynamic": false,
        "isInterpolated": false,
        "dateCreated": time(&l.date_created),
    })
}

/// The labels of an item that belong to the workspace it is seen from.
pub fn labels_in(st: &State, ids: &[i64], ctx_ws: Option<i64>) -> Value {
    Value::Array(
        ids.iter()
            .filter_map(|id| st.labels.get(id))
            .filter(|l| l.workspace_id == ctx_ws)
            .map(label)
            .collect(),
    )
}

fn region_of(c: &ComputeEnv) -> Value {
    json!(c.region)
}

/// `ComputeEnvDbDto` (as embedded in pipelines)
pub fn compute_env_db(c: &ComputeEnv) -> Value {
    json!({ "id": c.id, "name": c.name, "platform": c.platform, "region": region_of(c) })
}

/// `ListComputeEnvsResponse.Entry`
pub fn compute_env_entry(st: &State, c: &ComputeEnv) -> Value {
    let ws = c.workspace_id.and_then(|w| st.workspaces.get(&w));
    json!({
        "id": c.id,
        "name": c.name,
        "platform": c.platform,
        "status": c.status,
        "lastUsed": opt_time(&c.last_used),
        "primary": c.primary,
        "workspaceName": ws.map(|w| w.name.clone()),
        "visibility": ws.map(|w| w.visibility.as_str()),
        "region": region_of(c),
        "workDir": c.work_dir,
        "credentialsId": c.credentials_id,
        "description": c.description,
        "waveEnabled": false,
        "fusion2Enabled": false,
    })
}

/// The polymorphic `ComputeConfig`, tagged by `discriminator` = platform.
pub fn compute_config(c: &ComputeEnv) -> Value {
    let mut cfg = match c.platform.as_str() {
        "aws-batch" => json!({
            "region": c.region,
            "computeQueue": format!("TowerForge-{}-work", c.id),
            "headQueue": format!("TowerForge-{}-head", c.id),
            "cliPath": "/home/ec2-user/miniconda/bin/aws",
            "volumes": [],
            "forge": {
                "type": "SPOT", "minCpus": 0, "maxCpus": 256, "gpuEnabled": false,
                "ebsAutoScale": true, "disposeOnDeletion": true, "fusionEnabled": false,
                "instanceTypes": [], "subnets": [], "securityGroups": [], "allowBuckets": [],
            },
            "waveEnabled": false,
            "fusion2Enabled": false,
        }),
        "google-batch" => json!({
            "location": c.region,
            "projectId": "towerdesk-demo",
            "spot": true,
            "waveEnabled": false,
            "fusion2Enabled": false,
        }),
        "azure-batch" => json!({
            "region": c.region,
            "autoPoolMode": true,
            "deletePoolsOnCompletion": false,
            "waveEnabled": false,
            "fusion2Enabled": false,
        }),
        "slurm-platform" => json!({
            "hostName": "login.hpc.example.org",
            "userName": "nfuser",
            "port": 22,
            "headQueue": "normal",
            "computeQueue": "normal",
            "launchDir": c.work_dir,
            "maxQueueSize": 100,
        }),
        "seqeracompute-platform" => json!({
            "region": c.region,
            "defaultDataRetentionPolicy": true,
        }),
        "k8s-platform" => json!({
            "server": "https://k8s.example.org:6443",
            "namespace": "nextflow",
            "headServiceAccount": "nextflow-sa",
            "storageClaimName": "nextflow-pvc",
            "storageMountPath": "/workspace",
        }),
        _ => json!({}),
    };
    let m = cfg.as_object_mut().expect("config is an object");
    m.insert("discriminator".into(), json!(c.platform));
    m.insert("workDir".into(), json!(c.work_dir));
    m.insert("preRunScript".into(), json!(c.pre_run_script));
    m.insert("nextflowConfig".into(), json!(c.nextflow_config));
    m.insert("environment".into(), json!([]));
    cfg
}

/// `ComputeEnvResponseDto`; also fits `ComputeEnv_ComputeConfig_` (embedded in launches).
pub fn compute_env_full(
    st: &State,
    c: &ComputeEnv,
    ctx_ws: Option<i64>,
    with_labels: bool,
) -> Value {
    let org_id = c
        .workspace_id
        .and_then(|w| st.workspaces.get(&w))
        .map(|w| w.org_id);
    json!({
        "id": c.id,
        "name": c.name,
        "description": c.description,
        "platform": c.platform,
        "config": compute_config(c),
        "dateCreated": time(&c.date_created),
        "lastUpdated": time(&c.last_updated),
        "lastUsed": opt_time(&c.last_used),
        "deleted": false,
        "status": c.status,
        "primary": c.primary,
        "credentialsId": c.credentials_id,
        "orgId": org_id,
        "workspaceId": c.workspace_id,
        "labels": if with_labels { labels_in(st, &[], ctx_ws) } else { Value::Null },
    })
}

/// `Credentials` (keys are never returned)
pub fn credentials(c: &Credentials) -> Value {
    json!({
        "id": c.id,
        "name": c.name,
        "description": c.description,
        "provider": c.provider,
        "baseUrl": c.base_url,
        "deleted": false,
        "status": "AVAILABLE",
        "lastUsed": opt_time(&c.last_used),
        "dateCreated": time(&c.date_created),
        "lastUpdated": time(&c.last_updated),
    })
}

/// `PipelineVersionFullInfoDto`
pub fn pipeline_version(st: &State, v: &PipelineVersion) -> Value {
    let creator = st.users.get(&v.creator_user_id);
    json!({
        "id": v.id,
        "name": v.name,
        "isDefault": v.is_default,
        "hash": v.hash,
        "dateCreated": time(&v.date_created),
        "lastUpdated": time(&v.last_updated),
        "creatorUserId": v.creator_user_id,
        "creatorUserName": creator.map(|u| u.user_name.clone()),
        "creatorFirstName": creator.and_then(|u| u.first_name.clone()),
        "creatorLastName": creator.and_then(|u| u.last_name.clone()),
    })
}

/// Which optional parts of a pipeline to include (`?attributes=`).
#[derive(Clone, Copy, Debug, Default)]
pub struct PipelineAttrs {
    pub labels: bool,
    pub compute_env: bool,
    pub optimized: bool,
}

/// `PipelineDbDto` as seen from workspace `ctx_ws`, showing version `v`.
pub fn pipeline(
    st: &State,
    p: &Pipeline,
    v: &PipelineVersion,
    ctx_ws: Option<i64>,
    attrs: PipelineAttrs,
) -> Value {
    let ws = p.workspace_id.and_then(|w| st.workspaces.get(&w));
    let org = ws.and_then(|w| st.orgs.get(&w.org_id));
    let owner = st.users.get(&p.user_id);
    let ce = v
        .launch
        .compute_env_id
        .as_ref()
        .and_then(|id| st.compute_envs.get(id));
    json!({
        "pipelineId": p.id,
        "name": p.name,
        "description": p.description,
        "icon": p.icon,
        "repository": p.repository,
        "userId": p.user_id,
        "userName": owner.map(|u| u.user_name.clone()),
        "userFirstName": owner.and_then(|u| u.first_name.clone()),
        "userLastName": owner.and_then(|u| u.last_name.clone()),
        "orgId": org.map(|o| o.id),
        "orgName": org.map(|o| o.name.clone()),
        "workspaceId": p.workspace_id,
        "workspaceName": ws.map(|w| w.name.clone()),
        "visibility": ws.map(|w| w.visibility.as_str()),
        "deleted": false,
        "lastUpdated": time(&p.last_updated),
        "optimizationStatus": if attrs.optimized { Some(if p.optimized { "OPTIMIZED" } else { "OPTIMIZABLE" }) } else { None },
        "labels": if attrs.labels { labels_in(st, &p.labels, ctx_ws) } else { Value::Null },
        "computeEnv": if attrs.compute_env { ce.map(compute_env_db) } else { None },
        "version": pipeline_version(st, v),
    })
}

/// `LaunchDbDto`
pub fn launch(st: &State, v: &PipelineVersion, ce: Option<&ComputeEnv>, ws: Option<i64>) -> Value {
    launch_form(
        st,
        &v.id,
        &v.launch,
        ce,
        ws,
        (&v.date_created, &v.last_updated),
    )
}

/// `LaunchDbDto` of how a run was launched (`GET /workflow/{id}/launch`).
pub fn run_launch(st: &State, run: &Run) -> Value {
    let ce = run
        .compute_env_id
        .as_ref()
        .and_then(|c| st.compute_envs.get(c));
    let spec = LaunchSpec {
        compute_env_id: run.compute_env_id.clone(),
        pipeline: Some(run.repository.clone()),
        work_dir: Some(run.work_dir.clone()),
        revision: run.revision.clone(),
        run_name: Some(run.run_name.clone()),
        config_profiles: Some(run.config_profiles.clone()),
        params_text: run.params_text.clone(),
        ..LaunchSpec::default()
    };
    launch_form(
        st,
        &format!("launch-{}", run.id),
        &spec,
        ce,
        run.workspace_id,
        (&run.submit, &run.submit),
    )
}

/// `LaunchDbDto` of any saved launch form (a pipeline version's or an action's).
fn launch_form(
    st: &State,
    id: &str,
    l: &LaunchSpec,
    ce: Option<&ComputeEnv>,
    ws: Option<i64>,
    (created, updated): (&Time, &Time),
) -> Value {
    json!({
        "id": id,
        "computeEnv": ce.map(|c| compute_env_full(st, c, ws, false)),
        "pipeline": l.pipeline,
        "workDir": l.work_dir.clone().or_else(|| ce.map(|c| c.work_dir.clone())),
        "revision": l.revision,
        "commitId": l.commit_id,
        "configProfiles": l.config_profiles,
        "configText": l.config_text,
        "towerConfig": l.tower_config,
        "paramsText": l.params_text,
        "preRunScript": l.pre_run_script,
        "postRunScript": l.post_run_script,
        "mainScript": l.main_script,
        "entryName": l.entry_name,
        "schemaName": l.schema_name,
        "resume": false,
        "pullLatest": l.pull_latest.unwrap_or(false),
        "stubRun": l.stub_run.unwrap_or(false),
        "userSecrets": l.user_secrets,
        "workspaceSecrets": l.workspace_secrets,
        "headJobCpus": l.head_job_cpus,
        "headJobMemoryMb": l.head_job_memory_mb,
        "nextflowVersion": l.nextflow_version,
        "outputDir": l.output_dir,
        "syntaxParser": l.syntax_parser,
        "optimizationId": l.optimization_id,
        "optimizationTargets": l.optimization_targets,
        "workspaceId": ws,
        "dateCreated": time(created),
        "lastUpdated": time(updated),
    })
}

/// `ListActionsResponse.ActionInfo`
pub fn action(st: &State, a: &Action, base_url: &str, with_labels: bool) -> Value {
    let ws_q = a
        .workspace_id
        .map(|w| format!("?workspaceId={w}"))
        .unwrap_or_default();
    let (endpoint, usage, event) = if a.source == "tower" {
        let endpoint = format!("{base_url}/actions/{}/launch{ws_q}", a.id);
        let usage = format!(
            "curl -H \"Content-Type: application/json\" -H \"Authorization: Bearer <YOUR ACCESS TOKEN>\" {endpoint} --data '{{\"params\":{{}}}}'"
        );
        let event = a.last_seen.map(
            |t| json!({ "discriminator": "tower", "timestamp": time(&t), "workflowId": null }),
        );
        (endpoint, Some(usage), event)
    } else {
        let repo = a.launch.pipeline.clone().unwrap_or_default();
        let path = repo.trim_start_matches("https://github.com/");
        let endpoint = format!(
            "https://api.github.com/repos/{path}/hooks/{}",
            a.hook_id.clone().unwrap_or_default()
        );
        let event = a.last_seen.map(|t| {
            json!({
                "discriminator": "github",
                "ref": "refs/heads/main",
                "commitId": format!("{:016x}{:016x}{:08x}", mix(t.timestamp() as u64), mix(t.timestamp() as u64 + 1), mix(7) as u32),
                "commitMessage": "Update README.md",
                "pusherName": "octocat",
                "pusherEmail": "octocat@example.com",
                "timestamp": time(&t),
            })
        });
        (endpoint, None, event)
    };
    json!({
        "id": a.id,
        "name": a.name,
        "pipeline": a.launch.pipeline,
        "source": a.source,
        "status": a.status,
        "lastSeen": opt_time(&a.last_seen),
        "dateCreated": time(&a.date_created),
        "event": event,
        "usageCmd": usage,
        "endpoint": endpoint,
        "labels": if with_labels { labels_in(st, &a.labels, a.workspace_id) } else { Value::Null },
    })
}

/// `ActionResponseDto` (`GET /actions/{actionId}`): the fields it shares with the list row,
/// the hook, the trigger config and the whole launch form (its id is the action's).
pub fn action_full(st: &State, a: &Action, base_url: &str) -> Value {
    let mut v = action(st, a, base_url, true);
    let m = v.as_object_mut().expect("object");
    let hook_url = m.remove("endpoint");
    m.remove("pipeline");
    m.remove("usageCmd");
    let ce = a
        .launch
        .compute_env_id
        .as_ref()
        .and_then(|c| st.compute_envs.get(c));
    let config = if a.source == "github" {
        json!({ "discriminator": "github", "events": ["push"] })
    } else {
        json!({ "discriminator": a.source })
    };
    m.insert("hookId".into(), json!(a.hook_id));
    m.insert("hookUrl".into(), hook_url.unwrap_or(Value::Null));
    m.insert("config".into(), config);
    m.insert("lastUpdated".into(), json!(time(&a.last_updated)));
    m.insert(
        "launch".into(),
        launch_form(
            st,
            &a.id,
            &a.launch,
            ce,
            a.workspace_id,
            (&a.date_created, &a.last_updated),
        ),
    );
    v
}

fn load(p: &ProcessProgress, with_process: bool, view: &RunView, run: &Run) -> Value {
    let mut v = json!({
        "pending": p.pending,
        "submitted": p.submitted,
        "running": p.running,
        "succeeded": p.succeeded,
        "cached": p.cached,
        "failed": p.failed,
        "aborted": p.aborted,
        "ignored": 0,
        "retries": 0,
        "cpus": (p.succeeded + p.failed + p.running) as u64 * run.plan.cpus_per_task as u64,
        "cpuTime": p.cpu_time_ms,
        "cpuLoad": p.cpu_time_ms,
        "memoryRss": p.memory_rss,
        "memoryReq": (p.succeeded + p.failed + p.running) as i64 * run.plan.mem_per_task_mb as i64 * 1024 * 1024,
        "readBytes": p.memory_rss / 2,
        "writeBytes": p.memory_rss / 3,
        "volCtxSwitch": 0,
        "invCtxSwitch": 0,
        "loadTasks": p.running,
        "loadCpus": p.load_cpus,
        "loadMemory": p.load_memory,
        "peakCpus": p.peak_cpus,
        "peakTasks": p.peak_tasks,
        "peakMemory": p.peak_memory,
        "cpuEfficiency": view.cpu_efficiency,
        "memoryEfficiency": view.memory_efficiency,
        "dateCreated": time(&run.submit),
        "lastUpdated": time(&view.last_updated),
    });
    let m = v.as_object_mut().expect("object");
    if with_process {
        m.insert("process".into(), json!(p.name));
    } else {
        m.insert("cost".into(), json!(cost_of(run, view)));
        m.insert("executors".into(), json!([executor(run)]));
    }
    v
}

/// A run's `cost` as the server sends it: none yet for a Seqera Compute run still going (its
/// credits are counted once it ended), else the cost so far.
pub fn cost_of(run: &Run, view: &RunView) -> Option<f64> {
    (!(run.plan.credits && view.is_active())).then_some(view.cost)
}

fn executor(run: &Run) -> &'static str {
    match run.plan.cost_per_cpu_hour {
        c if c < 0.0001 => "slurm",
        _ => "awsbatch",
    }
}

/// `ProgressData`
pub fn progress(run: &Run, view: &RunView) -> Value {
    json!({
        "workflowProgress": load(&view.total, false, view, run),
        "processesProgress": view.processes.iter().map(|p| load(p, true, view, run)).collect::<Vec<_>>(),
        "totalProcesses": view.processes.len(),
    })
}

pub fn project_name(repository: &str) -> String {
    repository
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .split_once('/')
        .map(|(_, rest)| rest.trim_end_matches(".git").to_string())
        .unwrap_or_else(|| repository.to_string())
}

pub fn session_id(run: &Run) -> String {
    let a = mix(run.submit.timestamp_millis() as u64
        ^ run.id.len() as u64
        ^ run.id.bytes().map(u64::from).sum::<u64>());
    let b = mix(a);
    format!(
        "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        b >> 52,
        b & 0xffff_ffff_ffff
    )
}

fn commit_id(run: &Run) -> String {
    let a = mix(run
        .id
        .bytes()
        .fold(17u64, |h, b| h.wrapping_mul(37).wrapping_add(b as u64)));
    format!("{:016x}{:016x}{:08x}", a, mix(a), mix(a ^ 1) as u32)
}

/// `WorkflowDbDto` (with `full`, the extra `WorkflowMaxDbDto` members)
pub fn workflow(st: &State, run: &Run, view: &RunView, full: bool) -> Value {
    let owner = st.users.get(&run.owner_id);
    let project = project_name(&run.repository);
    let t = &view.total;
    let done = (t.succeeded + t.cached + t.failed).max(1) as f64;
    let pct = |n: u32| ((n as f64 / done) * 1000.0).round() / 10.0;
    let mut v = json!({
        "id": run.id,
        "submit": time(&run.submit),
        "start": opt_time(&view.start),
        "complete": opt_time(&view.complete),
        "dateCreated": time(&run.submit),
        "lastUpdated": time(&view.last_updated),
        "runName": run.run_name,
        "sessionId": session_id(run),
        "profile": if run.config_profiles.is_empty() { None } else { Some(run.config_profiles.join(",")) },
        "workDir": run.work_dir,
        "commitId": commit_id(run),
        "userName": owner.map(|u| u.user_name.clone()),
        "ownerId": run.owner_id,
        "revision": run.revision,
        "commandLine": format!(
            "nextflow run '{}' -name {} -with-tower{}{}",
            run.repository,
            run.run_name,
            run.revision.as_ref().map(|r| format!(" -r {r}")).unwrap_or_default(),
            if run.config_profiles.is_empty() { String::new() } else { format!(" -profile {}", run.config_profiles.join(",")) }
        ),
        "projectName": project,
        "repository": run.repository,
        "scriptName": "main.nf",
        "launchId": run.pipeline_version_id,
        "status": view.status,
        "configFiles": [format!("{}/nextflow.config", run.work_dir)],
        "manifest": {
            "name": project,
            "mainScript": "main.nf",
            "defaultBranch": "master",
            "nextflowVersion": "!>=24.04.2",
            "homePage": run.repository,
            "description": format!("{project} pipeline"),
        },
        "nextflow": { "version": "25.04.6", "build": "5954", "timestamp": "2025-07-10T09:11:32Z" },
        "stats": {
            "succeedCount": t.succeeded,
            "cachedCount": t.cached,
            "failedCount": t.failed,
            "ignoredCount": 0,
            "succeedPct": pct(t.succeeded),
            "cachedPct": pct(t.cached),
            "failedPct": pct(t.failed),
            "ignoredPct": 0.0,
            "succeedCountFmt": t.succeeded.to_string(),
            "cachedCountFmt": t.cached.to_string(),
            "failedCountFmt": t.failed.to_string(),
            "ignoredCountFmt": "0",
            "computeTimeFmt": format!("{:.1}", t.cpu_time_ms as f64 / 3_600_000.0),
        },
        "errorMessage": view.error_message,
        "deleted": false,
        "projectDir": format!("/.nextflow/assets/{project}"),
        "homeDir": "/root",
        "launchDir": run.work_dir,
        "container": "",
        "containerEngine": "docker",
        "scriptFile": format!("/.nextflow/assets/{project}/main.nf"),
        "duration": view.duration_ms,
        "exitStatus": view.exit_status,
        "resume": false,
        "success": view.success,
        "requiresAttention": false,
    });
    if full {
        let m = v.as_object_mut().expect("object");
        m.insert("configProfiles".into(), json!(run.config_profiles));
        m.insert(
            "logFile".into(),
            json!(format!("{}/nf-{}.log", run.work_dir, run.id)),
        );
        m.insert(
            "outFile".into(),
            json!(format!("{}/nf-{}.txt", run.work_dir, run.id)),
        );
        m.insert(
            "operationId".into(),
            json!(format!("arn:aws:batch:job/{}", run.id)),
        );
        m.insert("nextflowVersion".into(), json!("25.04.6"));
        m.insert("fusion".into(), json!({ "enabled": false }));
        m.insert("wave".into(), json!({ "enabled": false }));
    }
    v
}

/// `PipelineMinInfoResponse`
pub fn pipeline_info(st: &State, run: &Run) -> Value {
    let Some(p) = run.pipeline_id.and_then(|id| st.pipelines.get(&id)) else {
        return Value::Null;
    };
    let v = run
        .pipeline_version_id
        .as_ref()
        .and_then(|vid| p.versions.iter().find(|v| &v.id == vid))
        .unwrap_or_else(|| p.default_version());
    json!({
        "id": p.id,
        "workspaceId": p.workspace_id,
        "version": {
            "id": v.id,
            "name": v.name,
            "hash": v.hash,
            "isDefault": v.is_default,
            "isDraftVersion": v.name.is_none(),
            "dateCreated": time(&v.date_created),
            "lastUpdated": time(&v.last_updated),
        },
    })
}

pub fn platform_of(st: &State, run: &Run) -> Value {
    let id = run
        .compute_env_id
        .as_ref()
        .and_then(|c| st.compute_envs.get(c))
        .map(|c| c.platform.clone())
        .unwrap_or_else(|| "aws-batch".to_string());
    let name = match id.as_str() {
        "aws-batch" => "AWS Batch",
        "google-batch" => "Google Batch",
        "azure-batch" => "Azure Batch",
        "slurm-platform" => "Slurm Workload Manager",
        "k8s-platform" => "Kubernetes",
        "seqeracompute-platform" => "Seqera Compute",
        _ => "Compute platform",
    };
    json!({ "id": id, "name": name })
}
