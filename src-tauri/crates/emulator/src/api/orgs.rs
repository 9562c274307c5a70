//! Organizations, their members, collaborators, teams and quotas.

use axum::extract::State;
use axum::response::Response;
use serde_json::{Value, json};

use super::{P, Q, matches_text, p_i64, page, q_str};
use crate::app::App;
use crate::dto;
use crate::error::{ApiResult, EmulatorError};
use crate::model::{Member, OrgRole, State as World};

/// `GET /orgs`: the orgs the caller owns or is a member of. As on the real Platform, an org in
/// which the caller is only a collaborator is not listed (its workspaces still are, in
/// `/user/{userId}/workspaces`).
pub async fn list(State(app): State<App>, q: Q) -> ApiResult<Response> {
    let st = app.lock();
    let role = q_str(&q, "role").map(str::to_ascii_lowercase);
    let orgs: Vec<Value> = st
        .members
        .values()
        .filter(|m| m.user_id == st.caller_id && m.role != OrgRole::Collaborator)
        .filter(|m| role.as_deref().is_none_or(|r| m.role.as_str() == r))
        .map(|m| dto::org(&st.orgs[&m.org_id], Some(m)))
        .collect();
    let total = orgs.len();
    Ok(dto::ok(
        json!({ "organizations": orgs, "totalSize": total }),
    ))
}

pub async fn describe(State(app): State<App>, p: P) -> ApiResult<Response> {
    let org_id = p_i64(&p, "orgId")?;
    let st = app.lock();
    let org = st.orgs.get(&org_id).ok_or_else(EmulatorError::forbidden)?;
    let member = st
        .caller_member(org_id)
        .ok_or_else(EmulatorError::forbidden)?;
    Ok(dto::ok(
        json!({ "organization": dto::org(org, Some(member)) }),
    ))
}

pub async fn quotas(State(app): State<App>, p: P) -> ApiResult<Response> {
    let org_id = p_i64(&p, "orgId")?;
    let st = app.lock();
    let (org, _) = st.org_for_member(org_id)?;
    Ok(dto::ok(json!({ "quotas": dto::quotas(&org.quotas) })))
}

fn member_page(
    st: &World,
    org_id: i64,
    q: &Q,
    keep: impl Fn(&Member) -> bool,
) -> ApiResult<Response> {
    st.org_for_member(org_id)?;
    let (offset, max) = page(q, 50)?;
    let search = q_str(q, "search");
    let mut found: Vec<&Member> = st
        .members
        .values()
        .filter(|m| m.org_id == org_id && keep(m))
        .filter(|m| {
            search.is_none_or(|s| {
                let u = &st.users[&m.user_id];
                matches_text(&u.user_name, s)
                    || matches_text(&u.email, s)
                    || u.first_name.as_deref().is_some_and(|f| matches_text(f, s))
                    || u.last_name.as_deref().is_some_and(|l| matches_text(l, s))
            })
        })
        .collect();
    found.sort_by_key(|m| st.users[&m.user_id].user_name.to_lowercase());
    let total = found.len();
    let members: Vec<Value> = found
        .into_iter()
        .skip(offset)
        .take(max)
        .map(|m| dto::member(st, m))
        .collect();
    Ok(dto::ok(json!({ "members": members, "totalSize": total })))
}

pub async fn members(State(app): State<App>, p: P, q: Q) -> ApiResult<Response> {
    let org_id = p_i64(&p, "orgId")?;
    let st = app.lock();
    member_page(&st, org_id, &q, |m| m.role != OrgRole::Collaborator)
}

pub async fn collaborators(State(app): State<App>, p: P, q: Q) -> ApiResult<Response> {
    let org_id = p_i64(&p, "orgId")?;
    let st = app.lock();
    member_page(&st, org_id, &q, |m| m.role == OrgRole::Collaborator)
}

pub async fn teams(State(app): State<App>, p: P, q: Q) -> ApiResult<Response> {
    let org_id = p_i64(&p, "orgId")?;
    let st = app.lock();
    st.org_for_member(org_id)?;
    let (offset, max) = page(&q, 50)?;
    let search = q_str(&q, "search");
    let mut found: Vec<_> = st
        .teams
        .values()
        .filter(|t| t.org_id == org_id)
        .filter(|t| search.is_none_or(|s| matches_text(&t.name, s)))
        .collect();
    found.sort_by_key(|t| t.name.to_lowercase());
    let total = found.len();
    let teams: Vec<Value> = found
        .into_iter()
        .skip(offset)
        .take(max)
        .map(dto::team)
        .collect();
    Ok(dto::ok(json!({ "teams": teams, "totalSize": total })))
}

/// `GET /orgs/{orgId}/teams/{teamId}/members`: the team's members, paged like the org's.
pub async fn team_members(State(app): State<App>, p: P, q: Q) -> ApiResult<Response> {
    let (org_id, team_id) = (p_i64(&p, "orgId")?, p_i64(&p, "teamId")?);
    let st = app.lock();
    st.org_for_member(org_id)?;
    let team = st
        .teams
        .get(&team_id)
        .filter(|t| t.org_id == org_id)
        .ok_or_else(|| EmulatorError::not_found("Team not found"))?;
    let ids = team.member_ids.clone();
    member_page(&st, org_id, &q, |m| ids.contains(&m.id))
}
