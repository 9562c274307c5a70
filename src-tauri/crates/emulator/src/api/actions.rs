//! Pipeline actions (GitHub webhooks and Tower launch hooks).

use axum::extract::State;
use axum::response::Response;
use serde_json::{Value, json};

use super::{Q, q_attrs, q_i64};
use crate::app::App;
use crate::dto;
use crate::error::ApiResult;

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
