//! Service info, the current user and the workspace switcher list.

use axum::extract::State;
use axum::response::Response;
use serde_json::json;

use super::{P, p_i64};
use crate::app::App;
use crate::dto;
use crate::error::{ApiResult, EmulatorError};
use crate::model::OrgRole;

/// The API version of the spec the emulator follows.
pub const API_VERSION: &str = "1.187.0";

pub async fn service_info() -> Response {
    dto::ok(json!({
        "serviceInfo": {
            "version": "25.3.0-towerdesk-emulator",
            "apiVersion": API_VERSION,
            "commitId": "emulator",
            "authTypes": ["github", "google"],
            "loginPath": "/login",
            "heartbeatInterval": 3240,
            "userWorkspaceEnabled": true,
            "allowInstanceCredentials": false,
            "allowNextflowCliLogs": true,
            "landingUrl": "https://seqera.io",
            "termsOfUseUrl": "https://seqera.io/legal/terms-of-use",
            "contentMaxFileSize": 26214400,
            "waveEnabled": true,
            "groundswellEnabled": false,
            "seqeraCloud": false,
            "seqeraComputeEnabled": true,
            "llmEnabled": false,
        }
    }))
}

pub async fn user_info(State(app): State<App>) -> Response {
    let st = app.lock();
    dto::ok(json!({ "user": dto::user(st.caller()), "needConsent": false }))
}

/// `GET /user/{userId}/workspaces`: each org once (no workspace fields), then every workspace
/// the user can open with their roles in it. A collaborator's orgs get no row of their own, only
/// their workspaces'. With `legacy_user_workspaces`, in the older Enterprise shape: only `orgId`,
/// `orgName`, `orgLogoUrl` (null), `workspaceId` and `workspaceName` (null on org rows), sent as
/// those servers send them, `null`s included.
pub async fn user_workspaces(State(app): State<App>, p: P) -> ApiResult<Response> {
    let user_id = p_i64(&p, "userId")?;
    let legacy = app.legacy_user_workspaces;
    let st = app.lock();
    if user_id != st.caller_id {
        return Err(EmulatorError::forbidden());
    }
    let mut entries = Vec::new();
    let mut workspaces = Vec::new();
    for m in st.members.values().filter(|m| m.user_id == st.caller_id) {
        let org = &st.orgs[&m.org_id];
        if m.role != OrgRole::Collaborator {
            entries.push(if legacy {
                json!({
                    "orgId": org.id,
                    "orgName": org.name,
                    "orgLogoUrl": null,
                    "workspaceId": null,
                    "workspaceName": null,
                })
            } else {
                json!({
                    "orgId": org.id,
                    "orgName": org.name,
                    "orgType": org.org_type,
                })
            });
        }
        for (ws, role) in st.visible_workspaces(org.id) {
            workspaces.push(if legacy {
                json!({
                    "orgId": org.id,
                    "orgName": org.name,
                    "orgLogoUrl": null,
                    "workspaceId": ws.id,
                    "workspaceName": ws.name,
                })
            } else {
                json!({
                    "orgId": org.id,
                    "orgName": org.name,
                    "orgType": org.org_type,
                    "workspaceId": ws.id,
                    "workspaceName": ws.name,
                    "workspaceFullName": ws.full_name,
                    "visibility": ws.visibility.as_str(),
                    "roles": [role.as_str()],
                })
            });
        }
    }
    entries.extend(workspaces);
    let body = json!({ "orgsAndWorkspaces": entries });
    Ok(if legacy {
        dto::ok_with_nulls(body)
    } else {
        dto::ok(body)
    })
}
