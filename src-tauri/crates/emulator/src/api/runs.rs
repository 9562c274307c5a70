//! Runs: list with the Platform's search keywords, describe, progress, launch (including shared
//! pipelines via `sourceWorkspaceId`), cancel, stars and labels.

use axum::extract::State;
use axum::response::Response;
use chrono::{NaiveDate, TimeZone, Utc};
use serde::Deserialize;
use serde_json::{Value, json};

use super::labels::{LabelOp, apply_op, check_label_ids, labels_of};
use super::{Body, P, Q, matches_text, p_str, page, q_attrs, q_bool, q_i64, q_str};
use crate::app::App;
use crate::dto;
use crate::error::{ApiResult, EmulatorError};
use crate::model::{Ctx, LaunchSpec, Role, Run, State as World, Time, Visibility};
use crate::runs::{launch_plan, random_run_name, status_at, view};

pub const MAX_RUN_NAME: usize = 80;

/// One term of a runs search.
enum Term {
    Text(String),
    WorkflowId(String),
    RunName(String),
    SessionId(String),
    ProjectName(String),
    UserName(String),
    Status(String),
    Label(String),
    Before(Time),
    After(Time),
    Starred,
}

fn parse_date(s: &str) -> ApiResult<Time> {
    let full = match s.len() {
        4 => format!("{s}-01-01"),
        7 => format!("{s}-01"),
        _ => s.to_string(),
    };
    let d = NaiveDate::parse_from_str(&full, "%Y-%m-%d")
        .map_err(|_| EmulatorError::bad(format!("Invalid date '{s}': use YYYY-MM-DD")))?;
    Ok(Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight exists")))
}

fn parse_search(s: &str) -> ApiResult<Vec<Term>> {
    let mut terms = Vec::new();
    for token in s.split_whitespace() {
        let term = match token.split_once(':') {
            Some((k, v)) if !v.is_empty() => match k.to_ascii_lowercase().as_str() {
                "workflowid" => Term::WorkflowId(v.into()),
                "runname" => Term::RunName(v.into()),
                "sessionid" => Term::SessionId(v.into()),
                "projectname" => Term::ProjectName(v.into()),
                "username" => Term::UserName(v.into()),
                "status" => Term::Status(v.to_ascii_uppercase()),
                "label" => Term::Label(v.into()),
                "before" => Term::Before(parse_date(v)?),
                "after" => Term::After(parse_date(v)?),
                "is" if v.eq_ignore_ascii_case("starred") => Term::Starred,
                _ => Term::Text(token.into()),
            },
            _ => Term::Text(token.into()),
        };
        terms.push(term);
    }
    Ok(terms)
}

fn matches(st: &World, run: &Run, terms: &[Term], now: Time) -> bool {
    terms.iter().all(|t| match t {
        Term::Text(s) => {
            matches_text(&run.run_name, s)
                || matches_text(&dto::project_name(&run.repository), s)
                || matches_text(&dto::session_id(run), s)
        }
        Term::WorkflowId(s) => run.id == *s,
        Term::RunName(s) => run.run_name.eq_ignore_ascii_case(s),
        Term::SessionId(s) => dto::session_id(run).eq_ignore_ascii_case(s),
        Term::ProjectName(s) => dto::project_name(&run.repository).eq_ignore_ascii_case(s),
        Term::UserName(s) => st
            .users
            .get(&run.owner_id)
            .is_some_and(|u| u.user_name.eq_ignore_ascii_case(s)),
        Term::Status(s) => status_at(run, now) == s,
        Term::Label(s) => run
            .labels
            .iter()
            .filter_map(|id| st.labels.get(id))
            .any(|l| {
                let full = match &l.value {
                    Some(v) => format!("{}={}", l.name, v),
                    None => l.name.clone(),
                };
                full.eq_ignore_ascii_case(s) || l.name.eq_ignore_ascii_case(s)
            }),
        Term::Before(d) => run.submit < *d,
        Term::After(d) => run.submit >= *d,
        Term::Starred => run.starred,
    })
}

fn context_names(st: &World, ws: Option<i64>) -> (Value, Value, Value, Value) {
    let w = ws.and_then(|w| st.workspaces.get(&w));
    let o = w.and_then(|w| st.orgs.get(&w.org_id));
    (
        json!(o.map(|o| o.id)),
        json!(o.map(|o| o.name.clone())),
        json!(w.map(|w| w.id)),
        json!(w.map(|w| w.name.clone())),
    )
}

pub async fn list(State(app): State<App>, q: Q) -> ApiResult<Response> {
    let now = app.clock.now();
    let st = app.lock();
    let ctx = st.ctx(q_i64(&q, "workspaceId")?)?;
    let (offset, max) = page(&q, 100)?;
    let terms = parse_search(q_str(&q, "search").unwrap_or(""))?;
    let attrs = q_attrs(&q);
    let minimal = attrs.iter().any(|a| a == "minimal");
    let with_labels = attrs.iter().any(|a| a == "labels");
    let with_info = attrs.iter().any(|a| a == "pipelineInfo");
    let with_optimized = attrs.iter().any(|a| a == "optimized");
    let include_total = q_bool(&q, "includeTotalSize")?.unwrap_or(false);
    let (org_id, org_name, ws_id, ws_name) = context_names(&st, ctx.workspace_id);
    let mut total = 0usize;
    let mut page_runs = Vec::new();
    for run in st.runs.iter().rev() {
        if run.workspace_id != ctx.workspace_id || !matches(&st, run, &terms, now) {
            continue;
        }
        if total >= offset && page_runs.len() < max {
            page_runs.push(run);
        }
        total += 1;
    }
    let workflows: Vec<Value> = page_runs
        .into_iter()
        .map(|run| {
            let v = view(run, now);
            json!({
                "workflow": dto::workflow(&st, run, &v, false),
                "progress": if minimal { Value::Null } else { dto::progress(run, &v) },
                "labels": if with_labels { dto::labels_in(&st, &run.labels, ctx.workspace_id) } else { Value::Null },
                "optimized": if with_optimized { json!(false) } else { Value::Null },
                "pipelineInfo": if with_info { dto::pipeline_info(&st, run) } else { Value::Null },
                "starred": run.starred,
                "orgId": org_id,
                "orgName": org_name,
                "workspaceId": ws_id,
                "workspaceName": ws_name,
            })
        })
        .collect();
    Ok(dto::ok(json!({
        "workflows": workflows,
        "totalSize": if include_total { json!(total) } else { Value::Null },
        "hasMore": offset + max < total,
    })))
}

fn run_in<'a>(st: &'a World, id: &str, ctx: &Ctx) -> ApiResult<&'a Run> {
    st.run(id)
        .filter(|r| r.workspace_id == ctx.workspace_id)
        .ok_or_else(|| EmulatorError::not_found("Workflow not found"))
}

pub async fn describe(State(app): State<App>, p: P, q: Q) -> ApiResult<Response> {
    let now = app.clock.now();
    let st = app.lock();
    let ctx = st.ctx(q_i64(&q, "workspaceId")?)?;
    let run = run_in(&st, p_str(&p, "workflowId"), &ctx)?;
    let v = view(run, now);
    let (org_id, org_name, ws_id, ws_name) = context_names(&st, ctx.workspace_id);
    Ok(dto::ok(json!({
        "workflow": dto::workflow(&st, run, &v, true),
        "progress": dto::progress(run, &v),
        "labels": dto::labels_in(&st, &run.labels, ctx.workspace_id),
        "platform": dto::platform_of(&st, run),
        "pipelineInfo": dto::pipeline_info(&st, run),
        "jobInfo": {
            "id": (crate::rng::mix(run.submit.timestamp() as u64) >> 20) as i64,
            "operationId": format!("job-{}", run.id),
            "status": v.status,
            "exitCode": v.exit_status,
        },
        "cost": dto::cost_of(run, &v),
        "costCurrency": "USD",
        "costIsEstimate": v.is_active(),
        "messages": [],
        "optimized": false,
        "orgId": org_id,
        "orgName": org_name,
        "workspaceId": ws_id,
        "workspaceName": ws_name,
    })))
}

pub async fn progress(State(app): State<App>, p: P, q: Q) -> ApiResult<Response> {
    let now = app.clock.now();
    let st = app.lock();
    let ctx = st.ctx(q_i64(&q, "workspaceId")?)?;
    let run = run_in(&st, p_str(&p, "workflowId"), &ctx)?;
    Ok(dto::ok(
        json!({ "progress": dto::progress(run, &view(run, now)) }),
    ))
}

/// `GET /workflow/{workflowId}/launch`: how the run was launched (its compute environment,
/// pipeline, work directory, revision, profiles and parameters), as the run page and relaunch read it.
pub async fn run_launch(State(app): State<App>, p: P, q: Q) -> ApiResult<Response> {
    let st = app.lock();
    let ctx = st.ctx(q_i64(&q, "workspaceId")?)?;
    let run = run_in(&st, p_str(&p, "workflowId"), &ctx)?;
    Ok(dto::ok(json!({ "launch": dto::run_launch(&st, run) })))
}

#[derive(Deserialize)]
pub struct SubmitWorkflowLaunchRequest {
    launch: Option<LaunchSpec>,
}

/// `POST /workflow/launch`. A saved pipeline is found by the launch id (`launch.id`); one from a
/// SHARED workspace needs `sourceWorkspaceId`. The compute env is the one given, else the
/// pipeline's, else the launching workspace's primary one.
pub async fn launch(
    State(app): State<App>,
    q: Q,
    Body(body): Body<SubmitWorkflowLaunchRequest>,
) -> ApiResult<Response> {
    let now = app.clock.now();
    let mut st = app.lock();
    let ctx = st.ctx(q_i64(&q, "workspaceId")?)?;
    ctx.require(Role::Launch)?;
    let source = q_i64(&q, "sourceWorkspaceId")?.filter(|s| Some(*s) != ctx.workspace_id);
    if let Some(s) = source {
        let ok = st
            .workspaces
            .get(&s)
            .is_some_and(|w| Some(w.org_id) == ctx.org_id && w.visibility == Visibility::Shared);
        if !ok {
            return Err(EmulatorError::bad(format!(
                "Invalid sourceWorkspaceId {s}: it must be a shared workspace of the same organization"
            )));
        }
    }
    let launch = body
        .launch
        .ok_or_else(|| EmulatorError::bad("Missing 'launch' in request body"))?;

    // The saved pipeline behind the launch id, if any.
    let mut pipeline_ref = None;
    if let Some(lid) = launch.id.as_deref().filter(|l| !l.is_empty()) {
        let found = st
            .pipelines
            .values()
            .find_map(|p| p.versions.iter().find(|v| v.id == lid).map(|v| (p, v)));
        let (p, v) =
            found.ok_or_else(|| EmulatorError::bad(format!("Launch '{lid}' not found")))?;
        if p.workspace_id != ctx.workspace_id
            && (p.workspace_id.is_none() || p.workspace_id != source)
        {
            let shared = p
                .workspace_id
                .and_then(|w| st.workspaces.get(&w))
                .is_some_and(|w| {
                    Some(w.org_id) == ctx.org_id && w.visibility == Visibility::Shared
                });
            return Err(if shared {
                EmulatorError::bad(format!(
                    "Launch '{lid}' belongs to a pipeline of shared workspace {}: pass sourceWorkspaceId={}",
                    p.workspace_id.unwrap_or_default(),
                    p.workspace_id.unwrap_or_default()
                ))
            } else {
                EmulatorError::bad(format!("Launch '{lid}' not found"))
            });
        }
        pipeline_ref = Some((p.id, v.id.clone(), v.launch.clone(), p.labels.clone()));
    }
    let saved = pipeline_ref
        .as_ref()
        .map(|(_, _, l, _)| l.clone())
        .unwrap_or_default();
    let repository = launch
        .pipeline
        .clone()
        .or(saved.pipeline.clone())
        .filter(|p| !p.trim().is_empty())
        .ok_or_else(|| EmulatorError::bad("Missing pipeline to launch (launch.pipeline)"))?;

    let ce_id = match launch.compute_env_id.as_deref().filter(|c| !c.is_empty()) {
        Some(id) => {
            let ce = st.compute_envs.get(id).ok_or_else(|| {
                EmulatorError::bad(format!("Compute environment '{id}' not found in this workspace"))
            })?;
            let allowed = ce.workspace_id == ctx.workspace_id
                || (source.is_some()
                    && ce.workspace_id == source
                    && saved.compute_env_id.as_deref() == Some(id));
            if !allowed {
                return Err(EmulatorError::bad(format!(
                    "Compute environment '{id}' not found in this workspace"
                )));
            }
            ce.id.clone()
        }
        None => match saved.compute_env_id.clone() {
            Some(id) if st.compute_envs.contains_key(&id) => id,
            _ => st
                .primary_compute_env(ctx.workspace_id)
                .map(|c| c.id.clone())
                .ok_or_else(|| {
                    EmulatorError::bad(
                        "Missing compute environment: none given and the workspace has no primary compute environment",
                    )
                })?,
        },
    };
    let ce = &st.compute_envs[&ce_id];
    if ce.status != "AVAILABLE" {
        return Err(EmulatorError::bad(format!(
            "Compute environment '{}' is {} and cannot run workflows",
            ce.name, ce.status
        )));
    }
    let platform = ce.platform.clone();
    let work_dir = launch
        .work_dir
        .clone()
        .or(saved.work_dir.clone())
        .unwrap_or_else(|| ce.work_dir.clone());
    if let Some(n) = &launch.run_name
        && n.chars().count() > MAX_RUN_NAME
    {
        return Err(EmulatorError::bad(format!(
            "Run name must be at most {MAX_RUN_NAME} characters"
        )));
    }
    let mut labels = launch.label_ids.clone().unwrap_or_default();
    check_label_ids(&st, &labels, ctx.workspace_id)?;
    let scope = labels_of(&st, ctx.workspace_id);
    let inherited: Vec<i64> = st
        .labels
        .values()
        .filter(|l| l.workspace_id == ctx.workspace_id && l.is_default)
        .map(|l| l.id)
        .chain(
            pipeline_ref
                .iter()
                .flat_map(|(_, _, _, l)| l.iter().copied())
                .filter(|l| scope.contains(l)),
        )
        .collect();
    apply_op(&mut labels, &inherited, &scope, LabelOp::Add);

    let run_name = launch
        .run_name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| random_run_name(&mut st.rng));
    let plan = launch_plan(&mut st.rng, &platform);
    let id = st.new_string_id(14);
    let run = Run {
        id: id.clone(),
        workspace_id: ctx.workspace_id,
        pipeline_id: pipeline_ref.as_ref().map(|(p, _, _, _)| *p),
        pipeline_version_id: pipeline_ref.as_ref().map(|(_, v, _, _)| v.clone()),
        run_name,
        repository,
        revision: launch.revision.clone().or(saved.revision.clone()),
        owner_id: st.caller_id,
        compute_env_id: Some(ce_id.clone()),
        work_dir,
        config_profiles: launch
            .config_profiles
            .clone()
            .or(saved.config_profiles.clone())
            .unwrap_or_default(),
        params_text: launch.params_text.clone().or(saved.params_text.clone()),
        labels,
        starred: false,
        submit: now,
        plan,
        cancelled_at: None,
    };
    st.push_run(run);
    if let Some(c) = st.compute_envs.get_mut(&ce_id) {
        c.last_used = Some(now);
    }
    Ok(dto::ok(json!({ "workflowId": id })))
}

/// `POST /workflow/{id}/cancel`. Cancelling a cancelled run again is a no-op (so a retried
/// cancel succeeds); a finished run cannot be cancelled.
pub async fn cancel(State(app): State<App>, p: P, q: Q) -> ApiResult<Response> {
    let now = app.clock.now();
    let mut st = app.lock();
    let ctx = st.ctx(q_i64(&q, "workspaceId")?)?;
    ctx.require(Role::Launch)?;
    let id = p_str(&p, "workflowId").to_string();
    let run = run_in(&st, &id, &ctx)?;
    match status_at(run, now) {
        "SUBMITTED" | "RUNNING" => {
            st.run_mut(&id).expect("found above").cancelled_at = Some(now);
            Ok(dto::no_content())
        }
        "CANCELLED" => Ok(dto::no_content()),
        other => Err(EmulatorError::bad(format!(
            "Workflow {id} cannot be cancelled: its status is {other}"
        ))),
    }
}

/// `DELETE /workflow/{workflowId}`: maintainers and above; an active run only with `force=true`.
pub async fn delete(State(app): State<App>, p: P, q: Q) -> ApiResult<Response> {
    let now = app.clock.now();
    let mut st = app.lock();
    let ctx = st.ctx(q_i64(&q, "workspaceId")?)?;
    ctx.require(Role::Maintain)?;
    let id = p_str(&p, "workflowId").to_string();
    let run = run_in(&st, &id, &ctx)?;
    let status = status_at(run, now);
    if matches!(status, "SUBMITTED" | "RUNNING") && !q_bool(&q, "force")?.unwrap_or(false) {
        return Err(EmulatorError::bad(format!(
            "Workflow {id} is {status}: cancel it first, or delete it with force"
        )));
    }
    st.runs.retain(|r| r.id != id);
    st.rebuild_run_index();
    Ok(dto::no_content())
}

pub async fn random_name(State(app): State<App>) -> Response {
    let mut st = app.lock();
    let name = random_run_name(&mut st.rng);
    dto::ok(json!({ "name": name }))
}

fn set_star(app: &App, p: &P, q: &Q, starred: Option<bool>) -> ApiResult<Response> {
    let mut st = app.lock();
    let ctx = st.ctx(q_i64(q, "workspaceId")?)?;
    let id = p_str(p, "workflowId").to_string();
    let run = run_in(&st, &id, &ctx)?;
    match starred {
        None if !run.starred => Err(EmulatorError::not_found("Not found")),
        None => Ok(dto::ok(json!({ "workflowId": id }))),
        Some(s) => {
            st.run_mut(&id).expect("found above").starred = s;
            Ok(dto::ok(json!({ "workflowId": id })))
        }
    }
}

pub async fn star_get(State(app): State<App>, p: P, q: Q) -> ApiResult<Response> {
    set_star(&app, &p, &q, None)
}

pub async fn star(State(app): State<App>, p: P, q: Q) -> ApiResult<Response> {
    set_star(&app, &p, &q, Some(true))
}

pub async fn unstar(State(app): State<App>, p: P, q: Q) -> ApiResult<Response> {
    set_star(&app, &p, &q, Some(false))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AssociateWorkflowLabelsRequest {
    workflow_ids: Option<Vec<String>>,
    label_ids: Option<Vec<i64>>,
}

fn labels_op(
    app: &App,
    q: &Q,
    body: AssociateWorkflowLabelsRequest,
    op: LabelOp,
) -> ApiResult<Response> {
    let mut st = app.lock();
    let ctx = st.ctx(q_i64(q, "workspaceId")?)?;
    ctx.require(Role::Maintain)?;
    let labels = body.label_ids.unwrap_or_default();
    let ids = body.workflow_ids.unwrap_or_default();
    check_label_ids(&st, &labels, ctx.workspace_id)?;
    for id in &ids {
        run_in(&st, id, &ctx)
            .map_err(|_| EmulatorError::bad(format!("Workflow {id} not found")))?;
    }
    let scope = labels_of(&st, ctx.workspace_id);
    for id in &ids {
        let run = st.run_mut(id).expect("checked above");
        apply_op(&mut run.labels, &labels, &scope, op);
    }
    Ok(dto::no_content())
}

pub async fn labels_add(
    State(app): State<App>,
    q: Q,
    Body(b): Body<AssociateWorkflowLabelsRequest>,
) -> ApiResult<Response> {
    labels_op(&app, &q, b, LabelOp::Add)
}

pub async fn labels_apply(
    State(app): State<App>,
    q: Q,
    Body(b): Body<AssociateWorkflowLabelsRequest>,
) -> ApiResult<Response> {
    labels_op(&app, &q, b, LabelOp::Apply)
}

pub async fn labels_remove(
    State(app): State<App>,
    q: Q,
    Body(b): Body<AssociateWorkflowLabelsRequest>,
) -> ApiResult<Response> {
    labels_op(&app, &q, b, LabelOp::Remove)
}
