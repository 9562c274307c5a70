//! Push of `label` and `workspace_settings` changes. The Platform gives labels and Studios settings
//! no `lastUpdated`, so a change carries the values it was based on: before sending, the server's
//! values are looked up, and the pure functions below decide (table-tested at the end).

use towerdesk_platform_api::{
    ApiError, ApiErrorKind, CreateLabelRequest, LabelQuery, PlatformClient, StudioNameStrategy,
    StudiosSettings, StudiosSettingsUpdate, UpdateLabelRequest,
};
use towerdesk_store::{
    ChangeOp, LabelPayload, LabelValues, OutboxRow, SettingsPayload, Store, StoreError,
    StudiosRecord, StudiosValues,
};

use super::{Failure, Sent};
use crate::error::{AppError, ErrorKind};
use crate::events::Section;
use crate::sync::decide::{self, Plan};
use crate::sync::entities::SyncedEntity;

pub const CHANGED_ON_SERVER: &str = "Changed on the server since you edited it.";
pub const DELETED_ON_SERVER: &str = "Deleted on the server.";

/// How a label change is sent and kept (the core's entity table in `sync/entities.rs`).
pub(crate) struct LabelSync;

impl SyncedEntity for LabelSync {
    const EDITABLE: bool = false;
    const SECTIONS: &'static [Section] = &[Section::Settings];

    async fn send(
        store: &Store,
        client: &PlatformClient,
        change: &OutboxRow,
    ) -> Result<Sent, Failure> {
        send_label(store, client, change).await
    }

    async fn keep_mine(
        store: &Store,
        client: &PlatformClient,
        row: &OutboxRow,
    ) -> Result<(), AppError> {
        keep_mine_label(store, client, row).await
    }
}

/// How a Studios settings change is sent and kept (the core's entity table in `sync/entities.rs`).
pub(crate) struct SettingsSync;

impl SyncedEntity for SettingsSync {
    const EDITABLE: bool = false;
    const SECTIONS: &'static [Section] = &[Section::Settings];

    async fn send(
        store: &Store,
        client: &PlatformClient,
        change: &OutboxRow,
    ) -> Result<Sent, Failure> {
        send_settings(store, client, change).await
    }

    async fn keep_mine(
        store: &Store,
        client: &PlatformClient,
        row: &OutboxRow,
    ) -> Result<(), AppError> {
        keep_mine_settings(store, client, row).await
    }
}

/// The local object a change is about.
fn local_of(row: &OutboxRow) -> Result<i64, AppError> {
    row.local_id
        .ok_or_else(|| AppError::new(ErrorKind::Internal, "The change names nothing to keep."))
}

/// "Keep mine" on a label conflict: the change is based on the label's values on the server now,
/// so it overwrites them at the next push.
async fn keep_mine_label(
    store: &Store,
    client: &PlatformClient,
    row: &OutboxRow,
) -> Result<(), AppError> {
    let local = local_of(row)?;
    let label = store.label(local).await?;
    let ws = store.workspace(store.label_workspace(local).await?).await?;
    let wsid = if ws.personal { None } else { ws.workspace_id };
    let server = match label.label_id {
        Some(id) => server_label(client, wsid, id).await?,
        None => None,
    };
    let base = match server {
        Some(values) => serde_json::to_value(values)
            .map_err(|e| AppError::new(ErrorKind::Internal, e.to_string()))?,
        None if row.op == ChangeOp::Delete => {
            // Gone already: the delete will be done at the next push.
            store.retry_change(row.id, None).await?;
            return Ok(());
        }
        None => {
            return Err(AppError::new(
                ErrorKind::Conflict,
                format!(
                    "Label {} was deleted on the server, so there is nothing to keep it on: discard this change and add the label again.",
                    label.text()
                ),
            ));
        }
    };
    store
        .rebase_change(row.id, &base)
        .await
        .map_err(AppError::from)
}

/// "Keep mine" on a Studios settings conflict: the fields it sets are based on the server's now.
async fn keep_mine_settings(
    store: &Store,
    client: &PlatformClient,
    row: &OutboxRow,
) -> Result<(), AppError> {
    let ws = store.workspace(local_of(row)?).await?;
    let (Some(org), Some(id)) = (ws.org_id, ws.workspace_id) else {
        return Err(AppError::new(
            ErrorKind::Conflict,
            format!("{} is not on the server.", ws.name),
        ));
    };
    let s = client.studios_settings(org, id).await?;
    let payload: SettingsPayload = row.payload_as()?;
    let base = serde_json::to_value(server_values(&s).only_fields_of(&payload.values))
        .map_err(|e| AppError::new(ErrorKind::Internal, e.to_string()))?;
    store
        .rebase_change(row.id, &base)
        .await
        .map_err(AppError::from)
}

/// A label's values as the server lists them.
pub fn values_of_server(l: &towerdesk_platform_api::Label) -> LabelValues {
    LabelValues {
        name: l.name.clone().unwrap_or_default(),
        value: l.value.clone().filter(|v| !v.is_empty()),
        is_default: l.is_default.unwrap_or(false),
    }
}

/// What to do with an update or delete whose object carries no `lastUpdated`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ByValues {
    Send,
    /// The server already has what the change wants (for a delete: the object is gone).
    AlreadyDone,
    /// Keep the local version and ask the user, with this reason.
    Conflict(String),
}

/// `wanted`: what the change sets; `base`: the values it was made on; `server`: the server's
/// values now (None: the object is gone).
pub fn plan_by_values<T: PartialEq>(
    op: ChangeOp,
    wanted: &T,
    base: &T,
    server: Option<&T>,
) -> ByValues {
    match (op, server) {
        (ChangeOp::Delete, None) => ByValues::AlreadyDone,
        (_, None) => ByValues::Conflict(DELETED_ON_SERVER.into()),
        (ChangeOp::Update, Some(s)) if s == wanted => ByValues::AlreadyDone,
        (_, Some(s)) if s == base => ByValues::Send,
        _ => ByValues::Conflict(CHANGED_ON_SERVER.into()),
    }
}

/// The server's label a create may already have made: same name (without case, as the Platform
/// compares), same kind, same value.
pub fn adoptable(
    server: &[towerdesk_platform_api::Label],
    name: &str,
    value: Option<&str>,
    resource: bool,
) -> Option<i64> {
    server
        .iter()
        .find(|l| {
            l.name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
                && l.resource.unwrap_or(false) == resource
                && l.value.as_deref().filter(|v| !v.is_empty()) == value
        })
        .and_then(|l| l.id)
}

/// The Studios lifespan as Towerdesk keeps it: the API's 0 ("no limit") is None.
pub fn lifespan_of(s: &StudiosSettings) -> Option<i64> {
    s.lifespan_hours.map(i64::from).filter(|h| *h > 0)
}

/// The Studios settings as the store keeps them: a field the server did not send is None
/// (unknown), a `null` repository or strategy is empty (not set).
pub fn studios_record(s: &StudiosSettings) -> StudiosRecord {
    StudiosRecord {
        lifespan_hours: lifespan_of(s),
        private_studio_by_default: s.private_studio_by_default,
        container_repository: s
            .container_repository
            .as_ref()
            .map(|r| r.clone().unwrap_or_default()),
        name_strategy: s.name_strategy.as_ref().map(|n| {
            n.as_ref()
                .map(|n| n.as_str().to_string())
                .unwrap_or_default()
        }),
    }
}

/// The server's Studios settings in a change's terms (every field the server sent).
pub fn server_values(s: &StudiosSettings) -> StudiosValues {
    let r = studios_record(s);
    StudiosValues {
        lifespan_hours: s.lifespan_hours.map(|_| r.lifespan_hours),
        private_studio_by_default: r.private_studio_by_default,
        container_repository: r.container_repository,
        name_strategy: r.name_strategy,
    }
}

/// What to do with a Studios settings change, field by field: a field is sent when the server
/// still has the value it was based on, done when the server already has the wanted value, and a
/// conflict when the server has something else (or no longer says it). Any conflict holds the
/// whole change; when every field is done there is nothing to send.
pub fn plan_settings(payload: &SettingsPayload, server: Option<&StudiosValues>) -> ByValues {
    let Some(server) = server else {
        return ByValues::Conflict(DELETED_ON_SERVER.into());
    };
    fn field<T: PartialEq>(wanted: &Option<T>, base: &Option<T>, server: &Option<T>) -> ByValues {
        match wanted {
            None => ByValues::AlreadyDone,
            Some(w) => match server {
                None => ByValues::Conflict(CHANGED_ON_SERVER.into()),
                Some(s) => plan_by_values(ChangeOp::Update, w, base.as_ref().unwrap_or(w), Some(s)),
            },
        }
    }
    let (v, b) = (&payload.values, &payload.base);
    let plans = [
        field(&v.lifespan_hours, &b.lifespan_hours, &server.lifespan_hours),
        field(
            &v.private_studio_by_default,
            &b.private_studio_by_default,
            &server.private_studio_by_default,
        ),
        field(
            &v.container_repository,
            &b.container_repository,
            &server.container_repository,
        ),
        field(&v.name_strategy, &b.name_strategy, &server.name_strategy),
    ];
    if let Some(c) = plans.iter().find(|p| matches!(p, ByValues::Conflict(_))) {
        return c.clone();
    }
    if plans.iter().all(|p| *p == ByValues::AlreadyDone) {
        ByValues::AlreadyDone
    } else {
        ByValues::Send
    }
}

/// The PUT body: the change's fields over the server's, and only fields the server has (so a
/// change of one field sends the others as they are, and nothing the server did not say).
pub fn settings_update(payload: &SettingsPayload, server: &StudiosValues) -> StudiosSettingsUpdate {
    let all = server.overlaid(&payload.values);
    let text = |t: Option<String>| t.map(|t| Some(t).filter(|t| !t.is_empty()));
    StudiosSettingsUpdate {
        lifespan_hours: all.lifespan_hours.map(|h| h.unwrap_or(0) as i32),
        private_studio_by_default: all.private_studio_by_default,
        container_repository: text(all.container_repository),
        name_strategy: text(all.name_strategy)
            .map(|n| n.map(|n| StudioNameStrategy::from(n.as_str()))),
    }
}

/// The server's label `label_id` of a workspace (None: personal), None when it is gone.
pub(crate) async fn server_label(
    client: &PlatformClient,
    workspace_id: Option<i64>,
    label_id: i64,
) -> Result<Option<LabelValues>, ApiError> {
    let all = client
        .list_labels_all(workspace_id, &LabelQuery::default())
        .await?;
    Ok(all
        .iter()
        .find(|l| l.id == Some(label_id))
        .map(values_of_server))
}

/// How long a change waits for its workspace (created here) to reach the server before it is
/// tried again: longer than a push's patience, so a sync does not spin on it.
const WAIT_FOR_WORKSPACE: std::time::Duration = std::time::Duration::from_secs(30);

/// The server id of a workspace a change needs (None: the personal workspace). One created here
/// and not yet on the server holds the change back (waiting, with the reason) until it is.
pub(crate) async fn server_workspace(store: &Store, local: i64) -> Result<Option<i64>, Failure> {
    let ws = store.workspace(local).await?;
    if ws.personal {
        return Ok(None);
    }
    ws.workspace_id.map(Some).ok_or_else(|| Failure {
        kind: ApiErrorKind::RateLimited {
            retry_after: Some(WAIT_FOR_WORKSPACE),
        },
        message: format!("Waiting for workspace {} to reach the server.", ws.name),
        retry_after: Some(WAIT_FOR_WORKSPACE),
        source: None,
    })
}

async fn send_label(
    store: &Store,
    client: &PlatformClient,
    change: &OutboxRow,
) -> Result<Sent, Failure> {
    let change = &store.outbox_row(change.id).await?;
    let op = change.op;
    let local = change
        .local_id
        .ok_or_else(|| Failure::unreadable("it names no label"))?;
    let label = match store.label(local).await {
        Ok(l) => l,
        // Gone here with its workspace (one removed before the server had it): nothing to send.
        Err(StoreError::NotFound(_)) => {
            store.complete_change(change.id, None, None).await?;
            return Ok(Sent::Done);
        }
        Err(e) => return Err(e.into()),
    };
    let wsid = server_workspace(store, store.label_workspace(local).await?).await?;
    let payload: LabelPayload = change.payload_as().map_err(Failure::unreadable)?;
    let attempts_before = change.attempts;
    // Recorded before the request leaves: if we crash now, the next attempt knows this one may have landed.
    store.start_attempt(change.id).await?;

    match op {
        ChangeOp::Create => {
            if decide::plan(op, attempts_before, None, None) == Plan::LookUpThenCreate {
                let existing = client.list_labels_all(wsid, &LabelQuery::default()).await?;
                if let Some(id) = adoptable(
                    &existing,
                    &payload.values.name,
                    payload.values.value.as_deref(),
                    payload.resource,
                ) {
                    store.complete_change(change.id, Some(id), None).await?;
                    return Ok(Sent::Adopted);
                }
            }
            let created = client
                .create_label(
                    wsid,
                    &CreateLabelRequest {
                        name: payload.values.name.clone(),
                        value: payload.values.value.clone(),
                        resource: payload.resource,
                        is_default: payload.values.is_default,
                    },
                )
                .await?;
            let id = created.id.ok_or_else(|| {
                Failure::local(
                    ApiErrorKind::Decode,
                    "The server did not say which label it created.",
                )
            })?;
            store.complete_change(change.id, Some(id), None).await?;
            Ok(Sent::Done)
        }
        ChangeOp::Update | ChangeOp::Delete => {
            let remote = label.label_id.ok_or_else(|| {
                Failure::local(
                    ApiErrorKind::BadRequest,
                    "The server does not have this label yet.",
                )
            })?;
            let wanted = &payload.values;
            let base = payload.base.as_ref().unwrap_or(wanted);
            let server = match server_label(client, wsid, remote).await {
                Ok(s) => s,
                Err(e) if decide::gone_on_lookup(op, attempts_before, &e.kind(), None) => None,
                Err(e) => return Err(e.into()),
            };
            match plan_by_values(op, wanted, base, server.as_ref()) {
                ByValues::Conflict(why) => Err(Failure::local(ApiErrorKind::Conflict, why)),
                ByValues::AlreadyDone => {
                    store.complete_change(change.id, None, None).await?;
                    Ok(Sent::Done)
                }
                ByValues::Send => {
                    if op == ChangeOp::Delete {
                        client.delete_label(wsid, remote).await?;
                    } else {
                        client
                            .update_label(
                                wsid,
                                remote,
                                &UpdateLabelRequest {
                                    name: wanted.name.clone(),
                                    value: wanted.value.clone().filter(|_| payload.resource),
                                    is_default: wanted.is_default,
                                },
                            )
                            .await?;
                    }
                    store.complete_change(change.id, None, None).await?;
                    Ok(Sent::Done)
                }
            }
        }
    }
}

async fn send_settings(
    store: &Store,
    client: &PlatformClient,
    change: &OutboxRow,
) -> Result<Sent, Failure> {
    let change = &store.outbox_row(change.id).await?;
    if change.op != ChangeOp::Update {
        return Err(Failure::unreadable(change.op));
    }
    let local = change
        .local_id
        .ok_or_else(|| Failure::unreadable("it names no workspace"))?;
    let ws = store.workspace(local).await?;
    let org = ws
        .org_id
        .ok_or_else(|| Failure::unreadable("the personal workspace has no Studios settings"))?;
    let Some(wsid) = server_workspace(store, local).await? else {
        return Err(Failure::unreadable(
            "the personal workspace has no Studios settings",
        ));
    };
    let payload: SettingsPayload = change.payload_as().map_err(Failure::unreadable)?;
    let attempts_before = change.attempts;
    store.start_attempt(change.id).await?;

    let server = match client.studios_settings(org, wsid).await {
        Ok(s) => Some(s),
        Err(e) if decide::gone_on_lookup(ChangeOp::Update, attempts_before, &e.kind(), None) => {
            None
        }
        Err(e) => return Err(e.into()),
    };
    let server = server.as_ref().map(server_values);
    match plan_settings(&payload, server.as_ref()) {
        ByValues::Conflict(why) => Err(Failure::local(ApiErrorKind::Conflict, why)),
        ByValues::AlreadyDone => {
            store.complete_change(change.id, None, None).await?;
            Ok(Sent::Done)
        }
        ByValues::Send => {
            let s = server.unwrap_or_default();
            let lu = |w: towerdesk_platform_api::Workspace| w.last_updated.map(|t| t.to_rfc3339());
            let before = client.describe_workspace(org, wsid).await.ok().and_then(lu);
            client
                .update_studios_settings(org, wsid, &settings_update(&payload, &s))
                .await?;
            store.complete_change(change.id, None, None).await?;
            // The settings are part of the workspace's record: our write moves its lastUpdated.
            let after = client.describe_workspace(org, wsid).await.ok().and_then(lu);
            if let (Some(before), Some(after)) = (before, after)
                && before != after
            {
                store
                    .rebase_workspace_on_own_write(local, &before, &after)
                    .await?;
            }
            Ok(Sent::Done)
        }
    }
}

/// The server's ids of labels given by their text (names, or `name=value` for resource labels),
/// from the labels of workspace `workspace_id` (server id; None: personal) of account
/// `account_id` kept here. A label the server does not have yet holds the change back, as a pipeline's or a launch's.
pub(crate) async fn server_label_ids(
    store: &Store,
    account_id: i64,
    workspace_id: Option<i64>,
    names: &[String],
) -> std::result::Result<Vec<i64>, Failure> {
    if names.is_empty() {
        return Ok(Vec::new());
    }
    let ws = store
        .workspace_local_id(account_id, workspace_id)
        .await?
        .ok_or_else(|| {
            Failure::local(
                ApiErrorKind::BadRequest,
                "The change's workspace is not known here.",
            )
        })?;
    let labels = store.labels(ws).await?;
    names
        .iter()
        .map(|name| {
            crate::rules::find_label(&labels, name)
                .and_then(|l| l.label_id)
                .ok_or_else(|| {
                    Failure::local(
                        ApiErrorKind::BadRequest,
                        format!("Label '{name}' is not in this workspace on the server."),
                    )
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use towerdesk_platform_api::Label;
    use towerdesk_store::ChangeOp as Op;

    fn v(name: &str, value: Option<&str>, is_default: bool) -> LabelValues {
        LabelValues {
            name: name.into(),
            value: value.map(Into::into),
            is_default,
        }
    }

    #[test]
    fn label_changes_are_decided_by_the_values_they_were_based_on() {
        let base = v("env", Some("prod"), false);
        let mine = v("env", Some("dev"), false);
        let theirs = v("env", Some("staging"), false);
        let default_on = v("env", Some("prod"), true);
        let changed = ByValues::Conflict(CHANGED_ON_SERVER.into());
        let deleted = ByValues::Conflict(DELETED_ON_SERVER.into());
        type Case<'a> = (Op, &'a LabelValues, Option<&'a LabelValues>, ByValues);
        let cases: Vec<Case> = vec![
            (Op::Update, &mine, Some(&base), ByValues::Send),
            (Op::Update, &mine, Some(&mine), ByValues::AlreadyDone),
            (Op::Update, &mine, Some(&theirs), changed.clone()),
            // Someone else only flipped "default": still a change I did not see.
            (Op::Update, &mine, Some(&default_on), changed.clone()),
            (Op::Update, &mine, None, deleted),
            (Op::Delete, &base, Some(&base), ByValues::Send),
            (Op::Delete, &base, None, ByValues::AlreadyDone),
            (Op::Delete, &base, Some(&theirs), changed),
        ];
        for (op, wanted, server, want) in cases {
            assert_eq!(
                plan_by_values(op, wanted, &base, server),
                want,
                "{op:?} {wanted:?} server={server:?}"
            );
        }
    }

    fn sv(hours: Option<Option<i64>>, private: Option<bool>, repo: Option<&str>) -> StudiosValues {
        StudiosValues {
            lifespan_hours: hours,
            private_studio_by_default: private,
            container_repository: repo.map(Into::into),
            name_strategy: None,
        }
    }

    #[test]
    fn settings_changes_are_decided_field_by_field_by_the_values_they_were_based_on() {
        let changed = ByValues::Conflict(CHANGED_ON_SERVER.into());
        let change = |values: StudiosValues, base: StudiosValues| SettingsPayload {
            org_id: Some(1),
            workspace_id: Some(2),
            values,
            base,
        };
        let life = |w: Option<i64>, b: Option<i64>| {
            change(sv(Some(w), None, None), sv(Some(b), None, None))
        };
        let private = change(sv(None, Some(true), None), sv(None, Some(false), None));
        let repo = change(sv(None, None, Some("cr.x/s")), sv(None, None, Some("")));
        let server = |h: Option<i64>, p: bool, r: &str| sv(Some(h), Some(p), Some(r));
        let cases: Vec<(&str, SettingsPayload, Option<StudiosValues>, ByValues)> = vec![
            (
                "lifespan",
                life(Some(24), Some(8)),
                Some(server(Some(8), false, "")),
                ByValues::Send,
            ),
            (
                "no limit",
                life(None, Some(8)),
                Some(server(Some(8), false, "")),
                ByValues::Send,
            ),
            (
                "done",
                life(Some(24), Some(8)),
                Some(server(Some(24), false, "")),
                ByValues::AlreadyDone,
            ),
            (
                "no limit done",
                life(None, Some(8)),
                Some(server(None, false, "")),
                ByValues::AlreadyDone,
            ),
            (
                "theirs",
                life(Some(24), Some(8)),
                Some(server(Some(12), false, "")),
                changed.clone(),
            ),
            (
                "theirs no limit",
                life(Some(24), None),
                Some(server(Some(8), false, "")),
                changed.clone(),
            ),
            (
                "gone",
                life(Some(24), Some(8)),
                None,
                ByValues::Conflict(DELETED_ON_SERVER.into()),
            ),
            // Another field changed on the server: not mine, no conflict.
            (
                "private",
                private.clone(),
                Some(server(Some(99), false, "other")),
                ByValues::Send,
            ),
            (
                "private done",
                private.clone(),
                Some(server(Some(8), true, "")),
                ByValues::AlreadyDone,
            ),
            (
                "private theirs",
                private,
                Some(sv(Some(Some(8)), None, Some(""))),
                changed.clone(),
            ),
            (
                "repo",
                repo.clone(),
                Some(server(Some(8), true, "")),
                ByValues::Send,
            ),
            (
                "repo theirs",
                repo,
                Some(server(Some(8), false, "cr.y/s")),
                changed.clone(),
            ),
            // Two fields: one done, one to send; one a conflict holds both.
            (
                "two",
                change(
                    sv(Some(Some(4)), Some(true), None),
                    sv(Some(Some(8)), Some(false), None),
                ),
                Some(server(Some(4), false, "")),
                ByValues::Send,
            ),
            (
                "two, one theirs",
                change(
                    sv(Some(Some(4)), Some(true), None),
                    sv(Some(Some(8)), Some(false), None),
                ),
                Some(server(Some(6), false, "")),
                changed,
            ),
        ];
        for (what, payload, server, want) in cases {
            assert_eq!(plan_settings(&payload, server.as_ref()), want, "{what}");
        }
    }

    #[test]
    fn the_put_sends_the_change_over_what_the_server_has_and_only_what_it_has() {
        let payload = SettingsPayload {
            org_id: Some(1),
            workspace_id: Some(2),
            values: sv(None, None, Some("")),
            base: sv(None, None, Some("cr.x/s")),
        };
        let full = StudiosValues {
            name_strategy: Some("imageSuffix".into()),
            ..sv(Some(None), Some(true), Some("cr.x/s"))
        };
        assert_eq!(
            settings_update(&payload, &full),
            StudiosSettingsUpdate {
                lifespan_hours: Some(0),
                private_studio_by_default: Some(true),
                container_repository: Some(None),
                name_strategy: Some(Some(StudioNameStrategy::ImageSuffix)),
            }
        );
        // An older server that only says the lifespan: only it and the change are sent.
        assert_eq!(
            settings_update(&payload, &sv(Some(Some(8)), None, None)),
            StudiosSettingsUpdate {
                lifespan_hours: Some(8),
                container_repository: Some(None),
                ..StudiosSettingsUpdate::default()
            }
        );
    }

    #[test]
    fn a_field_the_server_did_not_send_is_unknown_and_null_is_not_set() {
        let s: StudiosSettings = serde_json::from_value(serde_json::json!({
            "lifespanHours": 0, "containerRepository": null, "nameStrategy": "none"
        }))
        .unwrap();
        assert_eq!(
            studios_record(&s),
            StudiosRecord {
                lifespan_hours: None,
                private_studio_by_default: None,
                container_repository: Some(String::new()),
                name_strategy: Some("none".into()),
            }
        );
        let older: StudiosSettings =
            serde_json::from_value(serde_json::json!({ "lifespanHours": 8 })).unwrap();
        assert_eq!(
            studios_record(&older),
            StudiosRecord {
                lifespan_hours: Some(8),
                ..StudiosRecord::default()
            }
        );
    }

    fn server(id: i64, name: &str, value: Option<&str>, resource: bool) -> Label {
        Label {
            id: Some(id),
            name: Some(name.into()),
            value: value.map(Into::into),
            resource: Some(resource),
            ..Label::default()
        }
    }

    #[test]
    fn a_lost_create_is_adopted_only_by_the_same_name_kind_and_value() {
        let list = [
            server(1, "env", Some("prod"), true),
            server(2, "Team", None, false),
            server(3, "env", Some(""), false),
        ];
        let cases: &[(&str, Option<&str>, bool, Option<i64>)] = &[
            ("env", Some("prod"), true, Some(1)),
            ("ENV", Some("prod"), true, Some(1)),
            ("env", Some("dev"), true, None),
            ("team", None, false, Some(2)),
            ("team", None, true, None),
            ("env", None, false, Some(3)),
            ("other", None, false, None),
        ];
        for (name, value, resource, want) in cases {
            assert_eq!(
                adoptable(&list, name, *value, *resource),
                *want,
                "{name} {value:?} {resource}"
            );
        }
    }

    #[test]
    fn the_apis_zero_lifespan_means_no_limit() {
        let s = |h: Option<i32>| StudiosSettings {
            lifespan_hours: h,
            ..StudiosSettings::default()
        };
        assert_eq!(lifespan_of(&s(Some(0))), None);
        assert_eq!(lifespan_of(&s(None)), None);
        assert_eq!(lifespan_of(&s(Some(8))), Some(8));
    }
}
