//! Pipelines (the Launchpad), including pipelines shared from SHARED workspaces of the org.

use std::collections::HashSet;

use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};

use super::labels::{LabelOp, apply_op, check_label_ids, labels_of};
use super::{Body, P, Q, matches_text, p_i64, page, patch, q_attrs, q_bool, q_i64, q_str};
use crate::app::App;
use crate::dto::{self, PipelineAttrs};
use crate::error::{ApiResult, EmulatorError};
use crate::model::{
    Ctx, LaunchSpec, Pipeline, PipelineVersion, Role, State as World, Time, Visibility, bump,
};

pub const MAX_PIPELINE_NAME: usize = 99;
pub const MAX_PIPELINE_DESCRIPTION: usize = 1000;

fn attrs(q: &Q) -> PipelineAttrs {
    let a = q_attrs(q);
    PipelineAttrs {
        labels: a.iter().any(|x| x == "labels"),
        compute_env: a.iter().any(|x| x == "computeEnv"),
        optimized: a.iter().any(|x| x == "optimized"),
    }
}

/// Whether the pipeline lives in a SHARED workspace of the context's org (other than the
/// context itself).
fn is_shared_into(st: &World, p: &Pipeline, ctx: &Ctx) -> bool {
    let (Some(org), Some(pws)) = (ctx.org_id, p.workspace_id) else {
        return false;
    };
    Some(pws) != ctx.workspace_id
        && st
            .workspaces
            .get(&pws)
            .is_some_and(|w| w.org_id == org && w.visibility == Visibility::Shared)
}

/// A pipeline as addressed by id from a context: its own workspace, or a shared workspace when
/// `sourceWorkspaceId` names it (as the Platform requires for shared pipelines).
fn find<'a>(st: &'a World, id: i64, ctx: &Ctx, source: Option<i64>) -> ApiResult<&'a Pipeline> {
    let p = st
        .pipelines
        .get(&id)
        .ok_or_else(|| EmulatorError::not_found("Pipeline not found"))?;
    if p.workspace_id == ctx.workspace_id {
        return Ok(p);
    }
    if is_shared_into(st, p, ctx) {
        if source.is_some() && source == p.workspace_id {
            return Ok(p);
        }
        return Err(EmulatorError::not_found(format!(
            "Pipeline not found in this workspace: it belongs to shared workspace {}, pass sourceWorkspaceId={}",
            p.workspace_id.unwrap_or_default(),
            p.workspace_id.unwrap_or_default()
        )));
    }
    Err(EmulatorError::not_found("Pipeline not found"))
}

/// A pipeline the caller may change: only from its own workspace.
fn find_own(st: &World, id: i64, ctx: &Ctx) -> ApiResult<()> {
    let p = st
        .pipelines
        .get(&id)
        .ok_or_else(|| EmulatorError::not_found("Pipeline not found"))?;
    if p.workspace_id == ctx.workspace_id {
        Ok(())
    } else if is_shared_into(st, p, ctx) {
        Err(EmulatorError::Forbidden(
            "Operation not allowed: a shared pipeline can only be changed from its own workspace"
                .into(),
        ))
    } else {
        Err(EmulatorError::not_found("Pipeline not found"))
    }
}

fn source_ws(q: &Q) -> ApiResult<Option<i64>> {
    q_i64(q, "sourceWorkspaceId")
}

pub async fn list(State(app): State<App>, q: Q) -> ApiResult<Response> {
    let st = app.lock();
    let ctx = st.ctx(q_i64(&q, "workspaceId")?)?;
    let (offset, max) = page(&q, 100)?;
    let visibility = q_str(&q, "visibility")
        .unwrap_or("private")
        .to_ascii_lowercase();
    let (own, shared) = match visibility.as_str() {
        "private" => (true, false),
        "shared" => (false, true),
        "all" => (true, true),
        other => {
            return Err(EmulatorError::bad(format!(
                "Invalid visibility '{other}': use private, shared or all"
            )));
        }
    };
    let mut sources: HashSet<Option<i64>> = HashSet::new();
    if own {
        sources.insert(ctx.workspace_id);
    }
    if shared && let Some(org) = ctx.org_id {
        sources.extend(st.shared_workspaces(org).into_iter().map(Some));
    }
    let search = q_str(&q, "search");
    let mut found: Vec<&Pipeline> = st
        .pipelines
        .values()
        .filter(|p| sources.contains(&p.workspace_id))
        .filter(|p| {
            search.is_none_or(|s| {
                matches_text(&p.name, s)
                    || matches_text(&p.repository, s)
                    || p.description.as_deref().is_some_and(|d| matches_text(d, s))
            })
        })
        .collect();
    let sort_by = q_str(&q, "sortBy").unwrap_or("NAME").to_ascii_uppercase();
    let descending = q_str(&q, "sortDir").is_some_and(|d| d.eq_ignore_ascii_case("DESCENDING"));
    match sort_by.as_str() {
        "NAME" => found.sort_by_key(|a| (a.name.to_lowercase(), a.id)),
        "MODIFIED" => found.sort_by_key(|p| (p.last_updated, p.id)),
        "CREATED" => found.sort_by_key(|p| (p.date_created, p.id)),
        other => {
            return Err(EmulatorError::bad(format!(
                "Invalid sortBy '{other}': use NAME, MODIFIED or CREATED"
            )));
        }
    }
    if descending {
        found.reverse();
    }
    let attrs = attrs(&q);
    let total = found.len();
    let list: Vec<Value> = found
        .into_iter()
        .skip(offset)
        .take(max)
        .map(|p| dto::pipeline(&st, p, p.default_version(), ctx.workspace_id, attrs))
        .collect();
    Ok(dto::ok(json!({ "pipelines": list, "totalSize": total })))
}

pub async fn describe(State(app): State<App>, p: P, q: Q) -> ApiResult<Response> {
    let id = p_i64(&p, "pipelineId")?;
    let st = app.lock();
    let ctx = st.ctx(q_i64(&q, "workspaceId")?)?;
    let pipeline = find(&st, id, &ctx, source_ws(&q)?)?;
    Ok(dto::ok(json!({
        "pipeline": dto::pipeline(&st, pipeline, pipeline.default_version(), ctx.workspace_id, attrs(&q))
    })))
}

pub async fn launch(State(app): State<App>, p: P, q: Q) -> ApiResult<Response> {
    let id = p_i64(&p, "pipelineId")?;
    let st = app.lock();
    let ctx = st.ctx(q_i64(&q, "workspaceId")?)?;
    let pipeline = find(&st, id, &ctx, source_ws(&q)?)?;
    let version = match q_str(&q, "versionId") {
        Some(v) => pipeline
            .versions
            .iter()
            .find(|x| x.id == v)
            .ok_or_else(|| EmulatorError::not_found("Pipeline version not found"))?,
        None => pipeline.default_version(),
    };
    let ce = version
        .launch
        .compute_env_id
        .as_ref()
        .and_then(|c| st.compute_envs.get(c));
    Ok(dto::ok(json!({
        "launch": dto::launch(&st, version, ce, pipeline.workspace_id)
    })))
}

/// `GET /pipelines/{id}/schema`: the pipeline's `nextflow_schema.json` as text, with the default
/// version's params; `204` when the pipeline has none.
pub async fn schema(State(app): State<App>, p: P, q: Q) -> ApiResult<Response> {
    let id = p_i64(&p, "pipelineId")?;
    let st = app.lock();
    let ctx = st.ctx(q_i64(&q, "workspaceId")?)?;
    let pipeline = find(&st, id, &ctx, source_ws(&q)?)?;
    match crate::scenario::pipeline_schema(&pipeline.repository) {
        Some(schema) => Ok(dto::ok(json!({
            "schema": schema,
            "params": pipeline.default_version().launch.params_text,
        }))),
        None => Ok(dto::no_content()),
    }
}

/// `GET /pipelines/{id}/versions`. The spec declares no `sourceWorkspaceId` here, so a pipeline
/// shared into the workspace is listed without it (and still with it).
pub async fn versions(State(app): State<App>, p: P, q: Q) -> ApiResult<Response> {
    let id = p_i64(&p, "pipelineId")?;
    let st = app.lock();
    let ctx = st.ctx(q_i64(&q, "workspaceId")?)?;
    let source = match source_ws(&q)? {
        Some(s) => Some(s),
        None => st.pipelines.get(&id).and_then(|p| p.workspace_id),
    };
    let pipeline = find(&st, id, &ctx, source)?;
    let (offset, max) = page(&q, 100)?;
    let search = q_str(&q, "search");
    let published = q_bool(&q, "isPublished")?;
    let found: Vec<&PipelineVersion> = pipeline
        .versions
        .iter()
        .filter(|v| published.is_none_or(|p| v.name.is_some() == p))
        .filter(|v| {
            search.is_none_or(|s| {
                v.name.as_deref().is_some_and(|n| matches_text(n, s)) || matches_text(&v.id, s)
            })
        })
        .collect();
    let total = found.len();
    let list: Vec<Value> = found
        .into_iter()
        .skip(offset)
        .take(max)
        .map(|v| dto::pipeline(&st, pipeline, v, ctx.workspace_id, PipelineAttrs::default()))
        .collect();
    Ok(dto::ok(json!({ "versions": list, "totalSize": total })))
}

/// Names are unique per workspace, and org-wide for pipelines in SHARED workspaces.
fn check_name(st: &World, name: &str, ctx: &Ctx, except: Option<i64>) -> ApiResult<()> {
    if name.trim().is_empty() {
        return Err(EmulatorError::bad("Pipeline name must not be empty"));
    }
    if name.chars().count() > MAX_PIPELINE_NAME {
        return Err(EmulatorError::bad(format!(
            "Pipeline name must be at most {MAX_PIPELINE_NAME} characters"
        )));
    }
    let own_shared = ctx
        .workspace_id
        .and_then(|w| st.workspaces.get(&w))
        .is_some_and(|w| w.visibility == Visibility::Shared);
    let clash = st.pipelines.values().any(|p| {
        Some(p.id) != except
            && p.name.eq_ignore_ascii_case(name)
            && (p.workspace_id == ctx.workspace_id
                || (own_shared
                    && p.workspace_id
                        .and_then(|w| st.workspaces.get(&w))
                        .is_some_and(|w| Some(w.org_id) == ctx.org_id)))
    });
    if clash {
        return Err(EmulatorError::conflict(format!(
            "A pipeline with name '{name}' already exists"
        )));
    }
    Ok(())
}

pub async fn validate(State(app): State<App>, q: Q) -> ApiResult<Response> {
    let st = app.lock();
    let ctx = st.ctx(q_i64(&q, "workspaceId")?)?;
    let name = q_str(&q, "name").ok_or_else(|| EmulatorError::bad("Missing 'name' parameter"))?;
    check_name(&st, name, &ctx, None)?;
    Ok(dto::no_content())
}

/// Resolves the compute env of a pipeline being saved in `ctx`: the one given (it must be in the
/// workspace), else the workspace's primary one; only pipelines of SHARED workspaces may have
/// none.
fn resolve_compute_env(st: &World, ctx: &Ctx, given: Option<&str>) -> ApiResult<Option<String>> {
    if let Some(id) = given {
        let ce = st
            .compute_envs
            .get(id)
            .filter(|c| c.workspace_id == ctx.workspace_id)
            .ok_or_else(|| {
                EmulatorError::bad(format!(
                    "Compute environment '{id}' not found in this workspace"
                ))
            })?;
        return Ok(Some(ce.id.clone()));
    }
    let shared = ctx
        .workspace_id
        .and_then(|w| st.workspaces.get(&w))
        .is_some_and(|w| w.visibility == Visibility::Shared);
    if shared {
        return Ok(None);
    }
    st.primary_compute_env(ctx.workspace_id)
        .map(|c| Some(c.id.clone()))
        .ok_or_else(|| {
            EmulatorError::bad(
                "Missing compute environment: none given and the workspace has no primary compute environment",
            )
        })
}

fn version_hash(st: &mut World) -> String {
    format!("JHY1O{}", st.rng.string_id(60))
}

#[derive(Deserialize)]
pub struct VersionName {
    name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatePipelineRequest {
    name: Option<String>,
    description: Option<String>,
    icon: Option<String>,
    label_ids: Option<Vec<i64>>,
    launch: Option<LaunchSpec>,
    version: Option<VersionName>,
}

pub async fn create(
    State(app): State<App>,
    q: Q,
    Body(body): Body<CreatePipelineRequest>,
) -> ApiResult<Response> {
    let now = app.clock.now();
    let mut st = app.lock();
    let ctx = st.ctx(q_i64(&q, "workspaceId")?)?;
    ctx.require(Role::Maintain)?;
    let name = body.name.unwrap_or_default();
    check_name(&st, &name, &ctx, None)?;
    if body
        .description
        .as_ref()
        .is_some_and(|d| d.chars().count() > MAX_PIPELINE_DESCRIPTION)
    {
        return Err(EmulatorError::bad(format!(
            "Pipeline description must be at most {MAX_PIPELINE_DESCRIPTION} characters"
        )));
    }
    let mut launch = body.launch.unwrap_or_default();
    let repository = launch
        .pipeline
        .clone()
        .filter(|p| !p.trim().is_empty())
        .ok_or_else(|| EmulatorError::bad("Missing pipeline repository (launch.pipeline)"))?;
    launch.compute_env_id = resolve_compute_env(&st, &ctx, launch.compute_env_id.as_deref())?;
    if launch.work_dir.is_none() {
        launch.work_dir = launch
            .compute_env_id
            .as_ref()
            .map(|c| st.compute_envs[c].work_dir.clone());
    }
    let labels = body.label_ids.unwrap_or_default();
    check_label_ids(&st, &labels, ctx.workspace_id)?;
    if let Some(org) = ctx.org_id {
        let max = st.orgs[&org].quotas.max_pipelines_per_workspace;
        let count = st
            .pipelines
            .values()
            .filter(|p| p.workspace_id == ctx.workspace_id)
            .count();
        if count as i64 >= max {
            return Err(EmulatorError::Forbidden(format!(
                "The workspace has reached its limit of {max} pipelines"
            )));
        }
    }
    let id = st.new_numeric_id();
    let vid = st.new_string_id(22);
    let hash = version_hash(&mut st);
    launch.id = None;
    launch.label_ids = None;
    let version_name = body
        .version
        .and_then(|v| v.name)
        .unwrap_or_else(|| format!("{name}-1"));
    let pipeline = Pipeline {
        id,
        workspace_id: ctx.workspace_id,
        name,
        description: body.description,
        icon: body.icon,
        repository,
        user_id: st.caller_id,
        labels,
        versions: vec![PipelineVersion {
            id: vid,
            name: Some(version_name),
            is_default: true,
            hash,
            creator_user_id: st.caller_id,
            date_created: now,
            last_updated: now,
            launch,
        }],
        optimized: false,
        date_created: now,
        last_updated: now,
    };
    let body = json!({
        "pipeline": dto::pipeline(&st, &pipeline, pipeline.default_version(), ctx.workspace_id, PipelineAttrs::default())
    });
    st.pipelines.insert(id, pipeline);
    Ok(dto::ok(body))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdatePipelineRequest {
    name: Option<String>,
    #[serde(default, deserialize_with = "patch")]
    description: Option<Option<String>>,
    #[serde(default, deserialize_with = "patch")]
    icon: Option<Option<String>>,
    label_ids: Option<Vec<i64>>,
    launch: Option<LaunchSpec>,
}

fn merge_launch(into: &mut LaunchSpec, from: LaunchSpec) {
    macro_rules! take {
        ($($f:ident),*) => { $( if from.$f.is_some() { into.$f = from.$f; } )* };
    }
    take!(
        compute_env_id,
        pipeline,
        work_dir,
        revision,
        commit_id,
        config_profiles,
        config_text,
        tower_config,
        params_text,
        pre_run_script,
        post_run_script,
        main_script,
        entry_name,
        schema_name,
        pull_latest,
        stub_run,
        user_secrets,
        workspace_secrets,
        head_job_cpus,
        head_job_memory_mb,
        nextflow_version,
        output_dir,
        syntax_parser
    );
}

/// `PUT /pipelines/{id}`. As the spec says, a missing or null `labelIds` removes the pipeline's
/// labels (those of this workspace).
pub async fn update(
    State(app): State<App>,
    p: P,
    q: Q,
    Body(body): Body<UpdatePipelineRequest>,
) -> ApiResult<Response> {
    let id = p_i64(&p, "pipelineId")?;
    let now = app.clock.now();
    let mut st = app.lock();
    let ctx = st.ctx(q_i64(&q, "workspaceId")?)?;
    ctx.require(Role::Maintain)?;
    find_own(&st, id, &ctx)?;
    if let Some(name) = &body.name {
        check_name(&st, name, &ctx, Some(id))?;
    }
    if let Some(Some(d)) = &body.description
        && d.chars().count() > MAX_PIPELINE_DESCRIPTION
    {
        return Err(EmulatorError::bad(format!(
            "Pipeline description must be at most {MAX_PIPELINE_DESCRIPTION} characters"
        )));
    }
    let labels = body.label_ids.unwrap_or_default();
    check_label_ids(&st, &labels, ctx.workspace_id)?;
    let scope = labels_of(&st, ctx.workspace_id);
    let mut launch = body.launch;
    if let Some(l) = &mut launch
        && let Some(ce) = l.compute_env_id.as_deref()
    {
        l.compute_env_id = resolve_compute_env(&st, &ctx, Some(ce))?;
    }
    let hash = launch.as_ref().map(|_| version_hash(&mut st));
    let pipeline = st.pipelines.get_mut(&id).expect("checked above");
    if let Some(name) = body.name {
        pipeline.name = name;
    }
    if let Some(d) = body.description {
        pipeline.description = d;
    }
    if let Some(i) = body.icon {
        pipeline.icon = i;
    }
    apply_op(&mut pipeline.labels, &labels, &scope, LabelOp::Apply);
    if let Some(l) = launch {
        let v = pipeline.default_version_mut();
        merge_launch(&mut v.launch, l);
        v.last_updated = bump(v.last_updated, now);
        if let Some(h) = hash {
            v.hash = h;
        }
        if let Some(repo) = v.launch.pipeline.clone() {
            pipeline.repository = repo;
        }
    }
    pipeline.last_updated = bump(pipeline.last_updated, now);
    let p = pipeline.clone();
    Ok(dto::ok(json!({
        "pipeline": dto::pipeline(&st, &p, p.default_version(), ctx.workspace_id, PipelineAttrs::default())
    })))
}

pub async fn delete(State(app): State<App>, p: P, q: Q) -> ApiResult<Response> {
    let id = p_i64(&p, "pipelineId")?;
    let mut st = app.lock();
    let ctx = st.ctx(q_i64(&q, "workspaceId")?)?;
    ctx.require(Role::Maintain)?;
    find_own(&st, id, &ctx)?;
    st.pipelines.remove(&id);
    Ok(dto::no_content())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AssociatePipelineLabelsRequest {
    pipeline_ids: Option<Vec<i64>>,
    label_ids: Option<Vec<i64>>,
}

async fn labels_op(
    app: App,
    q: Q,
    body: AssociatePipelineLabelsRequest,
    op: LabelOp,
) -> ApiResult<Response> {
    let now: Time = app.clock.now();
    let mut st = app.lock();
    let ctx = st.ctx(q_i64(&q, "workspaceId")?)?;
    ctx.require(Role::Maintain)?;
    let labels = body.label_ids.unwrap_or_default();
    let pipelines = body.pipeline_ids.unwrap_or_default();
    check_label_ids(&st, &labels, ctx.workspace_id)?;
    for id in &pipelines {
        let p = st
            .pipelines
            .get(id)
            .ok_or_else(|| EmulatorError::bad(format!("Pipeline {id} not found")))?;
        if p.workspace_id != ctx.workspace_id && !is_shared_into(&st, p, &ctx) {
            return Err(EmulatorError::bad(format!("Pipeline {id} not found")));
        }
    }
    let scope = labels_of(&st, ctx.workspace_id);
    for id in &pipelines {
        let p = st.pipelines.get_mut(id).expect("checked above");
        apply_op(&mut p.labels, &labels, &scope, op);
        if p.workspace_id == ctx.workspace_id {
            p.last_updated = bump(p.last_updated, now);
        }
    }
    Ok(dto::no_content())
}

pub async fn labels_add(
    State(app): State<App>,
    q: Q,
    Body(b): Body<AssociatePipelineLabelsRequest>,
) -> ApiResult<Response> {
    labels_op(app, q, b, LabelOp::Add).await
}

pub async fn labels_apply(
    State(app): State<App>,
    q: Q,
    Body(b): Body<AssociatePipelineLabelsRequest>,
) -> ApiResult<Response> {
    labels_op(app, q, b, LabelOp::Apply).await
}

pub async fn labels_remove(
    State(app): State<App>,
    q: Q,
    Body(b): Body<AssociatePipelineLabelsRequest>,
) -> ApiResult<Response> {
    labels_op(app, q, b, LabelOp::Remove).await
}
