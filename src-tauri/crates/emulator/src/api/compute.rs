//! Compute environments (with the primary flag) and credentials.

use axum::extract::State;
use axum::response::Response;
use serde_json::{Value, json};

use super::{P, Q, p_str, q_attrs, q_i64, q_str};
use crate::app::App;
use crate::dto;
use crate::error::{ApiResult, EmulatorError};
use crate::model::{ComputeEnv, Role, Visibility, bump};

pub async fn list(State(app): State<App>, q: Q) -> ApiResult<Response> {
    let st = app.lock();
    let ctx = st.ctx(q_i64(&q, "workspaceId")?)?;
    let status = q_str(&q, "status");
    let with_labels = q_attrs(&q).iter().any(|a| a == "labels");
    let mut found: Vec<&ComputeEnv> = st
        .compute_envs
        .values()
        .filter(|c| c.workspace_id == ctx.workspace_id)
        .filter(|c| status.is_none_or(|s| c.status.eq_ignore_ascii_case(s)))
        .collect();
    found.sort_by_key(|c| c.name.to_lowercase());
    let list: Vec<Value> = found
        .into_iter()
        .map(|c| {
            let mut v = dto::compute_env_entry(&st, c);
            if with_labels {
                v["labels"] = json!([]);
            }
            v
        })
        .collect();
    Ok(dto::ok(json!({ "computeEnvs": list })))
}

/// A compute env is visible from its own workspace, and from the other workspaces of the org
/// when it belongs to a SHARED workspace (shared pipelines launch on it).
pub async fn describe(State(app): State<App>, p: P, q: Q) -> ApiResult<Response> {
    let id = p_str(&p, "computeEnvId");
    let st = app.lock();
    let ctx = st.ctx(q_i64(&q, "workspaceId")?)?;
    let ce = st
        .compute_envs
        .get(id)
        .filter(|c| {
            c.workspace_id == ctx.workspace_id
                || c.workspace_id
                    .and_then(|w| st.workspaces.get(&w))
                    .is_some_and(|w| {
                        Some(w.org_id) == ctx.org_id && w.visibility == Visibility::Shared
                    })
        })
        .ok_or_else(|| EmulatorError::not_found("Compute environment not found"))?;
    let with_labels = q_attrs(&q).iter().any(|a| a == "labels");
    Ok(dto::ok(json!({
        "computeEnv": dto::compute_env_full(&st, ce, ctx.workspace_id, with_labels)
    })))
}

/// `POST /compute-envs/{id}/primary`: makes it the workspace's primary compute env and clears
/// the flag on every other one.
pub async fn make_primary(State(app): State<App>, p: P, q: Q) -> ApiResult<Response> {
    let id = p_str(&p, "computeEnvId").to_string();
    let now = app.clock.now();
    let mut st = app.lock();
    let ctx = st.ctx(q_i64(&q, "workspaceId")?)?;
    ctx.require(Role::Admin)?;
    let ce = st
        .compute_envs
        .get(&id)
        .filter(|c| c.workspace_id == ctx.workspace_id)
        .ok_or_else(|| EmulatorError::not_found("Compute environment not found"))?;
    if ce.status != "AVAILABLE" {
        return Err(EmulatorError::bad(format!(
            "Compute environment '{}' is {} and cannot be made primary",
            ce.name, ce.status
        )));
    }
    for c in st
        .compute_envs
        .values_mut()
        .filter(|c| c.workspace_id == ctx.workspace_id)
    {
        let primary = c.id == id;
        if c.primary != primary {
            c.primary = primary;
            c.last_updated = bump(c.last_updated, now);
        }
    }
    Ok(dto::no_content())
}

fn provider_matches(platform: &str, provider: &str) -> bool {
    let wanted: &[&str] = match platform {
        "aws-batch" | "aws-cloud" | "eks-platform" => &["aws"],
        "google-batch" | "google-cloud" | "gke-platform" | "google-lifesciences" => &["google"],
        "azure-batch" | "azure-cloud" => &["azure", "azure_entra", "azure-cloud"],
        "k8s-platform" => &["k8s"],
        "slurm-platform" | "lsf-platform" | "uge-platform" | "altair-platform"
        | "moab-platform" => &["ssh", "tw-agent"],
        "seqeracompute-platform" => &["seqeracompute"],
        _ => &[],
    };
    wanted.contains(&provider)
}

pub async fn credentials(State(app): State<App>, q: Q) -> ApiResult<Response> {
    let st = app.lock();
    let ctx = st.ctx(q_i64(&q, "workspaceId")?)?;
    let platform = q_str(&q, "platformId");
    let mut found: Vec<_> = st
        .credentials
        .values()
        .filter(|c| c.workspace_id == ctx.workspace_id)
        .filter(|c| platform.is_none_or(|p| provider_matches(p, &c.provider)))
        .collect();
    found.sort_by_key(|c| c.name.to_lowercase());
    let list: Vec<Value> = found.into_iter().map(dto::credentials).collect();
    Ok(dto::ok(json!({ "credentials": list })))
}
