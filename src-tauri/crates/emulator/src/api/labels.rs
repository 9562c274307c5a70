//! Labels and resource labels of a workspace.

use std::collections::HashSet;

use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{Body, P, Q, matches_text, p_i64, page, q_bool, q_i64, q_str};
use crate::app::App;
use crate::dto;
use crate::error::{ApiResult, EmulatorError};
use crate::model::{Label, Role, State as World};
use crate::names::is_valid_label;

const LABEL_RULE: &str = "use 2 to 39 letters, digits, '-' or '_', starting and ending with a letter or digit, with no two separators in a row";

fn workspace_name(st: &World, ws: Option<i64>) -> String {
    ws.and_then(|w| st.workspaces.get(&w))
        .map(|w| w.name.clone())
        .unwrap_or_else(|| st.caller().user_name.clone())
}

fn check_label(name: &str, value: Option<&str>, resource: bool) -> ApiResult<()> {
    if !is_valid_label(name) {
        return Err(EmulatorError::bad(format!(
            "Invalid label name '{name}': {LABEL_RULE}"
        )));
    }
    match (resource, value) {
        (true, None) => Err(EmulatorError::bad("A resource label needs a value")),
        (true, Some(v)) if !is_valid_label(v) => Err(EmulatorError::bad(format!(
            "Invalid label value '{v}': {LABEL_RULE}"
        ))),
        (false, Some(_)) => Err(EmulatorError::bad("Only resource labels have a value")),
        _ => Ok(()),
    }
}

pub async fn list(State(app): State<App>, q: Q) -> ApiResult<Response> {
    let st = app.lock();
    let ctx = st.ctx(q_i64(&q, "workspaceId")?)?;
    let (offset, max) = page(&q, 100)?;
    let kind = q_str(&q, "type").unwrap_or("all").to_ascii_lowercase();
    if !matches!(kind.as_str(), "simple" | "resource" | "all") {
        return Err(EmulatorError::bad(format!(
            "Invalid label type '{kind}': use simple, resource or all"
        )));
    }
    let is_default = q_bool(&q, "isDefault")?;
    let search = q_str(&q, "search");
    let mut found: Vec<&Label> = st
        .labels
        .values()
        .filter(|l| l.workspace_id == ctx.workspace_id)
        .filter(|l| match kind.as_str() {
            "simple" => !l.resource,
            "resource" => l.resource,
            _ => true,
        })
        .filter(|l| is_default.is_none_or(|d| l.is_default == d))
        .filter(|l| {
            search.is_none_or(|s| {
                matches_text(&l.name, s) || l.value.as_deref().is_some_and(|v| matches_text(v, s))
            })
        })
        .collect();
    found.sort_by(|a, b| (a.name.to_lowercase(), &a.value).cmp(&(b.name.to_lowercase(), &b.value)));
    let total = found.len();
    let labels: Vec<Value> = found
        .into_iter()
        .skip(offset)
        .take(max)
        .map(dto::label)
        .collect();
    Ok(dto::ok(json!({ "labels": labels, "totalSize": total })))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateLabelRequest {
    name: Option<String>,
    value: Option<String>,
    resource: Option<bool>,
    is_default: Option<bool>,
}

/// Creates a label, or returns the existing one with the same name and value (the Platform's
/// documented behaviour, which makes retries safe).
pub async fn create(
    State(app): State<App>,
    q: Q,
    Body(body): Body<CreateLabelRequest>,
) -> ApiResult<Response> {
    let now = app.clock.now();
    let mut st = app.lock();
    let ctx = st.ctx(q_i64(&q, "workspaceId")?)?;
    ctx.require(Role::Maintain)?;
    let name = body.name.unwrap_or_default();
    let resource = body.resource.unwrap_or(false);
    let value = body.value.filter(|v| !v.is_empty());
    check_label(&name, value.as_deref(), resource)?;
    let existing = st.labels.values().find(|l| {
        l.workspace_id == ctx.workspace_id
            && l.name.eq_ignore_ascii_case(&name)
            && l.resource == resource
            && l.value == value
    });
    let label = match existing {
        Some(l) => l.clone(),
        None => {
            let max = ctx
                .org_id
                .map(|o| st.orgs[&o].quotas.max_labels_per_workspace)
                .unwrap_or(1000);
            let count = st
                .labels
                .values()
                .filter(|l| l.workspace_id == ctx.workspace_id)
                .count();
            if count as i64 >= max {
                return Err(EmulatorError::bad(format!(
                    "The workspace has reached its limit of {max} labels"
                )));
            }
            let id = st.new_numeric_id();
            let l = Label {
                id,
                workspace_id: ctx.workspace_id,
                name,
                value,
                resource,
                is_default: body.is_default.unwrap_or(false),
                date_created: now,
            };
            st.labels.insert(id, l.clone());
            l
        }
    };
    Ok(dto::ok(json!({
        "id": label.id,
        "name": label.name,
        "value": label.value,
        "resource": label.resource,
        "isDefault": label.is_default,
    })))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateLabelRequest {
    name: Option<String>,
    value: Option<String>,
    is_default: Option<bool>,
}

fn label_in_ctx(st: &World, id: i64, ws: Option<i64>) -> ApiResult<Label> {
    st.labels
        .get(&id)
        .filter(|l| l.workspace_id == ws)
        .cloned()
        .ok_or_else(|| EmulatorError::not_found("Label not found"))
}

pub async fn update(
    State(app): State<App>,
    p: P,
    q: Q,
    Body(body): Body<UpdateLabelRequest>,
) -> ApiResult<Response> {
    let id = p_i64(&p, "labelId")?;
    let mut st = app.lock();
    let ctx = st.ctx(q_i64(&q, "workspaceId")?)?;
    ctx.require(Role::Maintain)?;
    let current = label_in_ctx(&st, id, ctx.workspace_id)?;
    let name = body.name.unwrap_or(current.name.clone());
    let value = if current.resource {
        body.value
            .filter(|v| !v.is_empty())
            .or(current.value.clone())
    } else {
        None
    };
    check_label(&name, value.as_deref(), current.resource)?;
    let clash = st.labels.values().any(|l| {
        l.id != id
            && l.workspace_id == ctx.workspace_id
            && l.resource == current.resource
            && l.name.eq_ignore_ascii_case(&name)
            && l.value == value
    });
    if clash {
        return Err(EmulatorError::conflict(format!(
            "A label with name '{name}' already exists for workspace '{}'",
            workspace_name(&st, ctx.workspace_id)
        )));
    }
    let l = st.labels.get_mut(&id).expect("checked above");
    l.name = name;
    l.value = value;
    if let Some(d) = body.is_default {
        l.is_default = d;
    }
    let l = l.clone();
    Ok(dto::ok(json!({
        "id": l.id,
        "name": l.name,
        "value": l.value,
        "isDefault": l.is_default,
    })))
}

pub async fn delete(State(app): State<App>, p: P, q: Q) -> ApiResult<Response> {
    let id = p_i64(&p, "labelId")?;
    let mut st = app.lock();
    let ctx = st.ctx(q_i64(&q, "workspaceId")?)?;
    ctx.require(Role::Maintain)?;
    label_in_ctx(&st, id, ctx.workspace_id)?;
    st.labels.remove(&id);
    for p in st.pipelines.values_mut() {
        p.labels.retain(|l| *l != id);
    }
    for a in st.actions.values_mut() {
        a.labels.retain(|l| *l != id);
    }
    for r in st
        .runs
        .iter_mut()
        .filter(|r| r.workspace_id == ctx.workspace_id)
    {
        r.labels.retain(|l| *l != id);
    }
    Ok(dto::no_content())
}

/// Checks that every label id belongs to the workspace.
pub fn check_label_ids(st: &World, ids: &[i64], ws: Option<i64>) -> ApiResult<()> {
    for id in ids {
        if st.labels.get(id).is_none_or(|l| l.workspace_id != ws) {
            return Err(EmulatorError::bad(format!(
                "Label {id} not found in this workspace"
            )));
        }
    }
    Ok(())
}

/// How a bulk label request changes an item's labels.
#[derive(Clone, Copy, Debug)]
pub enum LabelOp {
    Add,
    Apply,
    Remove,
}

/// The ids of the labels of workspace `ws`.
pub fn labels_of(st: &World, ws: Option<i64>) -> HashSet<i64> {
    st.labels
        .values()
        .filter(|l| l.workspace_id == ws)
        .map(|l| l.id)
        .collect()
}

/// Applies `op` to one item's label list, touching only the labels in `scope` (those of the
/// workspace the request is made from).
pub fn apply_op(labels: &mut Vec<i64>, given: &[i64], scope: &HashSet<i64>, op: LabelOp) {
    match op {
        LabelOp::Add => {
            for id in given {
                if !labels.contains(id) {
                    labels.push(*id);
                }
            }
        }
        LabelOp::Remove => labels.retain(|l| !given.contains(l)),
        LabelOp::Apply => {
            labels.retain(|l| !scope.contains(l));
            for id in given {
                if !labels.contains(id) {
                    labels.push(*id);
                }
            }
        }
    }
}
