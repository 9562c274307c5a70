//! The Platform API routes the emulator serves, and the small helpers handlers share.

mod actions;
mod compute;
mod labels;
mod orgs;
mod participants;
mod pipelines;
mod runs;
mod users;
mod workspaces;

use std::collections::HashMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::middleware;
use axum::response::Response;
use axum::routing::{get, post, put};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use crate::app::App;
use crate::error::{ApiResult, EmulatorError};
use crate::server::gateway;

pub fn router(app: App) -> Router {
    Router::new()
        .route("/service-info", get(users::service_info))
        .route("/user-info", get(users::user_info))
        .route("/user/{userId}/workspaces", get(users::user_workspaces))
        .route("/orgs", get(orgs::list))
        .route("/orgs/{orgId}", get(orgs::describe))
        .route("/orgs/{orgId}/members", get(orgs::members))
        .route("/orgs/{orgId}/collaborators", get(orgs::collaborators))
        .route("/orgs/{orgId}/teams", get(orgs::teams))
        .route(
            "/orgs/{orgId}/teams/{teamId}/members",
            get(orgs::team_members),
        )
        .route("/orgs/{orgId}/quotas", get(orgs::quotas))
        .route(
            "/orgs/{orgId}/workspaces",
            get(workspaces::list).post(workspaces::create),
        )
        .route(
            "/orgs/{orgId}/workspaces/validate",
            get(workspaces::validate),
        )
        .route(
            "/orgs/{orgId}/workspaces/{workspaceId}",
            get(workspaces::describe)
                .put(workspaces::update)
                .delete(workspaces::delete),
        )
        .route(
            "/orgs/{orgId}/workspaces/{workspaceId}/settings/studios",
            get(workspaces::studios).put(workspaces::update_studios),
        )
        .route(
            "/orgs/{orgId}/workspaces/{workspaceId}/participants",
            get(participants::list).delete(participants::leave),
        )
        .route(
            "/orgs/{orgId}/workspaces/{workspaceId}/participants/add",
            put(participants::add),
        )
        .route(
            "/orgs/{orgId}/workspaces/{workspaceId}/participants/{participantId}",
            axum::routing::delete(participants::delete),
        )
        .route(
            "/orgs/{orgId}/workspaces/{workspaceId}/participants/{participantId}/role",
            put(participants::update_role),
        )
        .route("/labels", get(labels::list).post(labels::create))
        .route(
            "/labels/{labelId}",
            put(labels::update).delete(labels::delete),
        )
        .route("/pipelines", get(pipelines::list).post(pipelines::create))
        .route("/pipelines/validate", get(pipelines::validate))
        .route("/pipelines/labels/add", post(pipelines::labels_add))
        .route("/pipelines/labels/apply", post(pipelines::labels_apply))
        .route("/pipelines/labels/remove", post(pipelines::labels_remove))
        .route(
            "/pipelines/{pipelineId}",
            get(pipelines::describe)
                .put(pipelines::update)
                .delete(pipelines::delete),
        )
        .route("/pipelines/{pipelineId}/launch", get(pipelines::launch))
        .route("/pipelines/{pipelineId}/schema", get(pipelines::schema))
        .route("/pipelines/{pipelineId}/versions", get(pipelines::versions))
        .route("/compute-envs", get(compute::list))
        .route("/compute-envs/{computeEnvId}", get(compute::describe))
        .route(
            "/compute-envs/{computeEnvId}/primary",
            post(compute::make_primary),
        )
        .route("/credentials", get(compute::credentials))
        .route("/workflow", get(runs::list))
        .route("/workflow/launch", post(runs::launch))
        .route("/workflow/random-name", get(runs::random_name))
        .route("/workflow/labels/add", post(runs::labels_add))
        .route("/workflow/labels/apply", post(runs::labels_apply))
        .route("/workflow/labels/remove", post(runs::labels_remove))
        .route(
            "/workflow/{workflowId}",
            get(runs::describe).delete(runs::delete),
        )
        .route("/workflow/{workflowId}/progress", get(runs::progress))
        .route("/workflow/{workflowId}/launch", get(runs::run_launch))
        .route("/workflow/{workflowId}/cancel", post(runs::cancel))
        .route(
            "/workflow/{workflowId}/star",
            get(runs::star_get).post(runs::star).delete(runs::unstar),
        )
        .route("/actions", get(actions::list))
        .route("/actions/{actionId}", get(actions::describe))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(app.clone(), gateway))
        .with_state(app)
}

async fn not_found() -> Response {
    axum::response::IntoResponse::into_response(EmulatorError::not_found("Not found"))
}

/// Query parameters, read leniently and checked by the handler.
pub type Q = axum::extract::Query<HashMap<String, String>>;
/// Path parameters by name.
pub type P = axum::extract::Path<HashMap<String, String>>;

pub fn q_str<'a>(q: &'a HashMap<String, String>, key: &str) -> Option<&'a str> {
    q.get(key).map(String::as_str).filter(|s| !s.is_empty())
}

pub fn q_i64(q: &HashMap<String, String>, key: &str) -> ApiResult<Option<i64>> {
    match q_str(q, key) {
        None => Ok(None),
        Some(s) => s.parse().map(Some).map_err(|_| {
            EmulatorError::bad(format!("Invalid '{key}' parameter: '{s}' is not a number"))
        }),
    }
}

pub fn q_bool(q: &HashMap<String, String>, key: &str) -> ApiResult<Option<bool>> {
    match q_str(q, key) {
        None => Ok(None),
        Some(s) => match s.to_ascii_lowercase().as_str() {
            "true" => Ok(Some(true)),
            "false" => Ok(Some(false)),
            _ => Err(EmulatorError::bad(format!(
                "Invalid '{key}' parameter: '{s}' is not true or false"
            ))),
        },
    }
}

/// `?attributes=a,b` (comma-joined, as the spec's `explode: false` asks).
pub fn q_attrs(q: &HashMap<String, String>) -> Vec<String> {
    q_str(q, "attributes")
        .map(|s| s.split(',').map(|a| a.trim().to_string()).collect())
        .unwrap_or_default()
}

pub fn p_i64(p: &HashMap<String, String>, key: &str) -> ApiResult<i64> {
    let s = p.get(key).map(String::as_str).unwrap_or_default();
    s.parse()
        .map_err(|_| EmulatorError::bad(format!("Invalid '{key}': '{s}' is not a number")))
}

pub fn p_str<'a>(p: &'a HashMap<String, String>, key: &str) -> &'a str {
    p.get(key).map(String::as_str).unwrap_or_default()
}

/// The largest page the Platform serves.
pub const MAX_PAGE: usize = 100;

/// `max` and `offset`, checked; `max` is capped at 100 like the Platform's.
pub fn page(q: &HashMap<String, String>, default_max: usize) -> ApiResult<(usize, usize)> {
    let max = q_i64(q, "max")?.unwrap_or(default_max as i64);
    let offset = q_i64(q, "offset")?.unwrap_or(0);
    if max < 0 || offset < 0 {
        return Err(EmulatorError::bad(
            "'max' and 'offset' must not be negative",
        ));
    }
    Ok((offset as usize, (max as usize).min(MAX_PAGE)))
}

/// Case-insensitive partial match supporting `*` wildcards.
pub fn matches_text(haystack: &str, needle: &str) -> bool {
    let h = haystack.to_lowercase();
    let n = needle.to_lowercase();
    let mut pos = 0;
    for part in n.split('*').filter(|p| !p.is_empty()) {
        match h[pos..].find(part) {
            Some(i) => pos += i + part.len(),
            None => return false,
        }
    }
    true
}

/// A JSON request body; an invalid one is a 400 with `{"message"}`. An empty body reads as `{}`.
pub struct Body<T>(pub T);

impl<S, T> FromRequest<S> for Body<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = EmulatorError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| EmulatorError::bad(format!("Cannot read request body: {e}")))?;
        let slice: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) {
            b"{}"
        } else {
            &bytes
        };
        serde_json::from_slice(slice)
            .map(Body)
            .map_err(|e| EmulatorError::bad(format!("Invalid request body: {e}")))
    }
}

/// For update bodies: a missing member keeps the current value (`None`), an explicit `null`
/// clears it (`Some(None)`).
pub fn patch<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}
