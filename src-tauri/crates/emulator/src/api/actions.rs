//! Pipeline actions (GitHub webhooks and Tower launch hooks).

use axum::extract::State;
use axum::response::Response;
use serde_json::{Value, json};

use super::{P, Q, p_str, q_attrs, q_i64};
use crate::app::App;
use crate::dto;
use crate::error::{ApiResult, EmulatorError};

pub async fn list(State(app): State<App>, q: Q) -> ApiResult<Response> {
    let st = app.lock();
    let ctx = st.ctx(q_i64(&q, "workspaceId")?)?;
    let with_labels = q_attrs(&q).iter().any(|a| a == "labels");
    let mut found: Vec<_> = st
        .actions
        .values()
        .filter(|a| a.workspace_id == ctx.workspace_id)
        .collect();
    found.sort_by_key(|a| a.name.to_lowercase());
    let list: Vec<Value> = found
        .into_iter()
        .map(|a| dto::action(&st, a, app.base_url(), with_labels))
        .collect();
    Ok(dto::ok(json!({ "actions": list })))
}

/// `GET /actions/{actionId}`: one action of the workspace, with its launch form.
pub async fn describe(State(app): State<App>, p: P, q: Q) -> ApiResult<Response> {
    let id = p_str(&p, "actionId");
    let st = app.lock();
    let ctx = st.ctx(q_i64(&q, "workspaceId")?)?;
    let action = st
        .actions
        .get(id)
        .filter(|a| a.workspace_id == ctx.workspace_id)
        .ok_or_else(|| EmulatorError::not_found("Action not found"))?;
    Ok(dto::ok(
        json!({ "action": dto::action_full(&st, action, app.base_url()) }),
    ))
}
