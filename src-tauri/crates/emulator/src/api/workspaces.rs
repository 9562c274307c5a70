//! Organization workspaces: list, create, validate, describe, update, delete, and the Studios
//! settings.

use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{Body, P, Q, p_i64, patch, q_str};
use crate::app::App;
use crate::dto;
use crate::error::{ApiResult, EmulatorError};
use crate::model::{
    Grantee, OrgRole, Participant, Role, State as World, StudiosSettings, Visibility, Workspace,
    bump,
};
use crate::names::{NAME_RULE, is_valid_name};

pub const MAX_FULL_NAME: usize = 100;
pub const MAX_DESCRIPTION: usize = 1000;

fn check_name(st: &World, org_id: i64, name: &str, except: Option<i64>) -> ApiResult<()> {
    if !is_valid_name(name) {
        return Err(EmulatorError::bad(format!(
            "Invalid workspace name '{name}': {NAME_RULE}"
        )));
    }
    let taken = st
        .workspaces
        .values()
        .any(|w| w.org_id == org_id && Some(w.id) != except && w.name.eq_ignore_ascii_case(name));
    if taken {
        return Err(EmulatorError::conflict(format!(
            "A workspace with name '{name}' already exists in organization '{}'",
            st.orgs[&org_id].name
        )));
    }
    Ok(())
}

fn check_full_name(full_name: &str) -> ApiResult<()> {
    if full_name.trim().is_empty() {
        return Err(EmulatorError::bad("Workspace full name must not be empty"));
    }
    if full_name.chars().count() > MAX_FULL_NAME {
        return Err(EmulatorError::bad(format!(
            "Workspace full name must be at most {MAX_FULL_NAME} characters"
        )));
    }
    Ok(())
}

fn check_description(d: Option<&str>) -> ApiResult<()> {
    if d.is_some_and(|d| d.chars().count() > MAX_DESCRIPTION) {
        return Err(EmulatorError::bad(format!(
            "Workspace description must be at most {MAX_DESCRIPTION} characters"
        )));
    }
    Ok(())
}

fn parse_visibility(v: Option<&str>) -> ApiResult<Option<Visibility>> {
    match v {
        None => Ok(None),
        Some(s) => Visibility::parse(s).map(Some).ok_or_else(|| {
            EmulatorError::bad(format!("Invalid visibility '{s}': use PRIVATE or SHARED"))
        }),
    }
}

/// `GET /orgs/{orgId}/workspaces`: an org-level page, so owners and members only (a
/// collaborator gets 403, and opens their workspaces one by one at `.../workspaces/{id}`).
pub async fn list(State(app): State<App>, p: P) -> ApiResult<Response> {
    let org_id = p_i64(&p, "orgId")?;
    let st = app.lock();
    st.org_for_member(org_id)?;
    let mut found = st.visible_workspaces(org_id);
    found.sort_by_key(|(w, _)| w.name.to_lowercase());
    let list: Vec<Value> = found
        .into_iter()
        .map(|(w, _)| dto::workspace_db(w))
        .collect();
    Ok(dto::ok(json!({ "workspaces": list })))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceBody {
    name: Option<String>,
    full_name: Option<String>,
    description: Option<String>,
    visibility: Option<String>,
}

#[derive(Deserialize)]
pub struct CreateWorkspaceRequest {
    workspace: Option<WorkspaceBody>,
}

pub async fn create(
    State(app): State<App>,
    p: P,
    Body(body): Body<CreateWorkspaceRequest>,
) -> ApiResult<Response> {
    let org_id = p_i64(&p, "orgId")?;
    let now = app.clock.now();
    let mut st = app.lock();
    let (org, member) = st.org_for_member(org_id)?;
    if member.role != OrgRole::Owner {
        return Err(EmulatorError::Forbidden(
            "Only organization owners can create workspaces".into(),
        ));
    }
    let (member_id, max_workspaces) = (member.id, org.quotas.max_workspaces);
    let w = body
        .workspace
        .ok_or_else(|| EmulatorError::bad("Missing 'workspace' in request body"))?;
    let name = w.name.unwrap_or_default();
    check_name(&st, org_id, &name, None)?;
    let full_name = w.full_name.unwrap_or_default();
    check_full_name(&full_name)?;
    check_description(w.description.as_deref())?;
    let visibility = parse_visibility(w.visibility.as_deref())?.unwrap_or(Visibility::Private);
    let count = st
        .workspaces
        .values()
        .filter(|w| w.org_id == org_id)
        .count();
    if count as i64 >= max_workspaces {
        return Err(EmulatorError::Forbidden(format!(
            "The organization has reached its limit of {max_workspaces} workspaces"
        )));
    }
    let id = st.new_numeric_id();
    let ws = Workspace {
        id,
        org_id,
        name,
        full_name,
        description: w.description,
        visibility,
        date_created: now,
        last_updated: now,
        studios: StudiosSettings::default(),
    };
    let body = json!({ "workspace": dto::workspace(&ws) });
    st.workspaces.insert(id, ws);
    let pid = st.new_numeric_id();
    st.participants.insert(
        pid,
        Participant {
            id: pid,
            workspace_id: id,
            grantee: Grantee::Member { member_id },
            role: Role::Owner,
        },
    );
    Ok(dto::ok(body))
}

pub async fn validate(State(app): State<App>, p: P, q: Q) -> ApiResult<Response> {
    let org_id = p_i64(&p, "orgId")?;
    let st = app.lock();
    st.org_for_member(org_id)?;
    let name = q_str(&q, "name").ok_or_else(|| EmulatorError::bad("Missing 'name' parameter"))?;
    check_name(&st, org_id, name, None)?;
    Ok(dto::no_content())
}

pub async fn describe(State(app): State<App>, p: P) -> ApiResult<Response> {
    let (org_id, ws_id) = (p_i64(&p, "orgId")?, p_i64(&p, "workspaceId")?);
    let st = app.lock();
    let (ws, _) = st.org_workspace(org_id, ws_id)?;
    Ok(dto::ok(json!({ "workspace": dto::workspace(ws) })))
}

/// `UpdateWorkspaceRequest` is flat (not wrapped like create).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateWorkspaceRequest {
    name: Option<String>,
    full_name: Option<String>,
    #[serde(default, deserialize_with = "patch")]
    description: Option<Option<String>>,
    visibility: Option<String>,
}

pub async fn update(
    State(app): State<App>,
    p: P,
    Body(body): Body<UpdateWorkspaceRequest>,
) -> ApiResult<Response> {
    let (org_id, ws_id) = (p_i64(&p, "orgId")?, p_i64(&p, "workspaceId")?);
    let now = app.clock.now();
    let mut st = app.lock();
    let (_, role) = st.org_workspace(org_id, ws_id)?;
    if role < Role::Admin {
        return Err(EmulatorError::Forbidden(format!(
            "Operation not allowed: the '{}' role cannot edit the workspace",
            role.as_str()
        )));
    }
    if let Some(name) = &body.name {
        check_name(&st, org_id, name, Some(ws_id))?;
    }
    if let Some(f) = &body.full_name {
        check_full_name(f)?;
    }
    if let Some(d) = &body.description {
        check_description(d.as_deref())?;
    }
    let visibility = parse_visibility(body.visibility.as_deref())?;
    let ws = st.workspaces.get_mut(&ws_id).expect("checked above");
    if let Some(name) = body.name {
        ws.name = name;
    }
    if let Some(f) = body.full_name {
        ws.full_name = f;
    }
    if let Some(d) = body.description {
        ws.description = d;
    }
    if let Some(v) = visibility {
        ws.visibility = v;
    }
    ws.last_updated = bump(ws.last_updated, now);
    Ok(dto::ok(json!({ "workspace": dto::workspace(ws) })))
}

pub async fn delete(State(app): State<App>, p: P) -> ApiResult<Response> {
    let (org_id, ws_id) = (p_i64(&p, "orgId")?, p_i64(&p, "workspaceId")?);
    let mut st = app.lock();
    let (_, role) = st.org_workspace(org_id, ws_id)?;
    if role < Role::Owner {
        return Err(EmulatorError::Forbidden(
            "Operation not allowed: only a workspace owner can delete it".into(),
        ));
    }
    st.delete_workspace(ws_id);
    Ok(dto::no_content())
}

pub async fn studios(State(app): State<App>, p: P) -> ApiResult<Response> {
    let (org_id, ws_id) = (p_i64(&p, "orgId")?, p_i64(&p, "workspaceId")?);
    let st = app.lock();
    let (ws, _) = st.org_workspace(org_id, ws_id)?;
    Ok(dto::studios(ws))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StudiosSettingsRequest {
    #[serde(default, deserialize_with = "patch")]
    lifespan_hours: Option<Option<i64>>,
    private_studio_by_default: Option<bool>,
    #[serde(default, deserialize_with = "patch")]
    container_repository: Option<Option<String>>,
    #[serde(default, deserialize_with = "patch")]
    name_strategy: Option<Option<String>>,
}

pub const MAX_LIFESPAN_HOURS: i64 = 120;

/// `PUT .../settings/studios`. `lifespanHours`: 1 to 120, or 0 for "always keep the session
/// running" (the API's value for no limit); `null` is taken as no limit too.
pub async fn update_studios(
    State(app): State<App>,
    p: P,
    Body(body): Body<StudiosSettingsRequest>,
) -> ApiResult<Response> {
    let (org_id, ws_id) = (p_i64(&p, "orgId")?, p_i64(&p, "workspaceId")?);
    let now = app.clock.now();
    let mut st = app.lock();
    let (_, role) = st.org_workspace(org_id, ws_id)?;
    if role < Role::Admin {
        return Err(EmulatorError::Forbidden(format!(
            "Operation not allowed: the '{}' role cannot change workspace settings",
            role.as_str()
        )));
    }
    let lifespan = match body.lifespan_hours {
        None => None,
        Some(None) => Some(0),
        Some(Some(h)) if h == 0 || (1..=MAX_LIFESPAN_HOURS).contains(&h) => Some(h as i32),
        Some(Some(h)) => {
            return Err(EmulatorError::bad(format!(
                "Invalid session lifespan {h}: it must be between 1 and {MAX_LIFESPAN_HOURS} hours, or 0 to keep sessions running"
            )));
        }
    };
    if let Some(Some(s)) = &body.name_strategy
        && !matches!(s.as_str(), "none" | "tagPrefix" | "imageSuffix")
    {
        return Err(EmulatorError::bad(format!(
            "Invalid name strategy '{s}': use none, tagPrefix or imageSuffix"
        )));
    }
    let ws = st.workspaces.get_mut(&ws_id).expect("checked above");
    if let Some(h) = lifespan {
        ws.studios.lifespan_hours = h;
    }
    if let Some(b) = body.private_studio_by_default {
        ws.studios.private_studio_by_default = b;
    }
    if let Some(c) = body.container_repository {
        ws.studios.container_repository = c.filter(|c| !c.trim().is_empty());
    }
    if let Some(n) = body.name_strategy {
        ws.studios.name_strategy = n;
    }
    ws.last_updated = bump(ws.last_updated, now);
    Ok(dto::no_content())
}
