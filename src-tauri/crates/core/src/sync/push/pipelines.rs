//! Sending queued pipeline changes (entity `pipeline`): a create that was tried before is looked
//! up by name first and adopted if the server has it (never created twice); an edit or delete
//! describes the pipeline first, and a server `lastUpdated` other than the one the change was
//! based on is a conflict (Keep mine / Take theirs in the Changes panel). Every choice is the
//! pure [`plan`], table-tested below.

use towerdesk_platform_api::{
    ApiErrorKind, CreatePipelineRequest, Pipeline, PipelineQuery, PipelineVisibility,
    PlatformClient, UpdatePipelineRequest, WorkflowLaunchRequest,
};
use towerdesk_store::{ChangeOp, OutboxRow, PipelineInput, PipelinePayload, Store};

use super::{Failure, Sent};
use crate::error::AppError;
use crate::events::Section;
use crate::sync::entities::SyncedEntity;

/// How a pipeline change is sent and kept (the core's entity table in `sync/entities.rs`).
pub(crate) struct PipelineSync;

impl SyncedEntity for PipelineSync {
    /// A pipeline is edited through its draft (the form), not the Changes panel's Edit.
    const EDITABLE: bool = false;
    const SECTIONS: &'static [Section] = &[Section::Pipelines];

    async fn send(
        store: &Store,
        client: &PlatformClient,
        change: &OutboxRow,
    ) -> std::result::Result<Sent, Failure> {
        send_pipeline(store, client, change).await
    }

    /// Based on the server's `lastUpdated` now. A pipeline deleted on the server cannot be
    /// edited: the user discards the change (its draft comes back) and adds it again.
    async fn keep_mine(
        store: &Store,
        client: &PlatformClient,
        row: &OutboxRow,
    ) -> std::result::Result<(), AppError> {
        let payload: PipelinePayload = row.payload_as()?;
        let mut rebase = None;
        if let Some(remote) = remote_id(store, row, &payload).await? {
            let server = client
                .describe_pipeline(payload.workspace_id, remote, None, &[])
                .await?;
            rebase = server.last_updated.map(|t| t.to_rfc3339());
        }
        store.retry_change(row.id, rebase.as_deref()).await?;
        Ok(())
    }
}

/// What the look-up before sending found on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Lookup {
    /// Nothing was looked up (a create never tried before).
    NotLookedUp,
    /// A create's look-up by name found nothing; an edit's or delete's pipeline is gone.
    Missing,
    /// The pipeline the server has: its id, its `lastUpdated`, and whether it already holds
    /// every field the change sets.
    Found {
        id: i64,
        last_updated: Option<String>,
        holds_change: bool,
    },
}

/// What to do with a pipeline change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Plan {
    /// Look the create's name up first: an earlier attempt may have made it.
    LookUp,
    /// Send the create.
    Create,
    /// The server has what a lost create made: take its id.
    Adopt(i64),
    /// Send the edit or delete.
    Send,
    /// The server already has it (a delete of a pipeline gone, an edit whose lost answer landed).
    Done,
    /// The server moved on: ask the user.
    Conflict(String),
}

/// The pure decision. `attempts` counts attempts started before this one; `base` is the
/// `lastUpdated` the change was based on.
pub(crate) fn plan(op: ChangeOp, attempts: i64, base: Option<&str>, server: &Lookup) -> Plan {
    match (op, server) {
        (ChangeOp::Create, Lookup::NotLookedUp) if attempts > 0 => Plan::LookUp,
        (ChangeOp::Create, Lookup::Found { id, .. }) if attempts > 0 => Plan::Adopt(*id),
        (ChangeOp::Create, _) => Plan::Create,
        (_, Lookup::NotLookedUp) => Plan::LookUp,
        (ChangeOp::Delete, Lookup::Missing) => Plan::Done,
        (ChangeOp::Update, Lookup::Missing) => {
            Plan::Conflict("It was deleted on the server.".into())
        }
        (
            ChangeOp::Update,
            Lookup::Found {
                holds_change: true, ..
            },
        ) if attempts > 0 => Plan::Done,
        (_, Lookup::Found { last_updated, .. }) => match (base, last_updated.as_deref()) {
            (Some(base), Some(server)) if !same_instant(base, server) => Plan::Conflict(match op {
                ChangeOp::Delete => {
                    "It was changed on the server since you deleted it here.".into()
                }
                _ => "It was changed on the server since you edited it.".into(),
            }),
            _ => Plan::Send,
        },
    }
}

fn same_instant(a: &str, b: &str) -> bool {
    match (
        chrono::DateTime::parse_from_rfc3339(a),
        chrono::DateTime::parse_from_rfc3339(b),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

fn text(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

/// The launch form a pipeline saves (`WorkflowLaunchRequest`): unset fields are left out.
fn launch_of(form: &PipelineInput) -> WorkflowLaunchRequest {
    let profiles: Vec<String> = form
        .config_profiles
        .iter()
        .filter_map(|p| text(p))
        .collect();
    WorkflowLaunchRequest {
        compute_env_id: text(&form.compute_env_id),
        pipeline: text(&form.pipeline),
        work_dir: text(&form.work_dir),
        revision: text(&form.revision),
        config_profiles: Some(profiles).filter(|p| !p.is_empty()),
        config_text: text(&form.config_text),
        params_text: text(&form.params_text),
        pre_run_script: text(&form.pre_run_script),
        post_run_script: text(&form.post_run_script),
        ..WorkflowLaunchRequest::default()
    }
}

/// The server's id of the pipeline a change is about.
async fn remote_id(
    store: &Store,
    row: &OutboxRow,
    payload: &PipelinePayload,
) -> std::result::Result<Option<i64>, towerdesk_store::StoreError> {
    let local = match row.local_id {
        Some(local) => store.pipeline(local).await.ok().and_then(|p| p.pipeline_id),
        None => None,
    };
    Ok(local.or(payload.pipeline_id))
}

/// A pipeline of the workspace with this name (without case): what a lost create made.
async fn find_by_name(
    client: &PlatformClient,
    workspace_id: Option<i64>,
    name: &str,
) -> std::result::Result<Lookup, Failure> {
    let query = PipelineQuery {
        visibility: Some(PipelineVisibility::Private),
        search: Some(name.to_string()),
        ..PipelineQuery::default()
    };
    let listed = client.list_pipelines_all(workspace_id, &query).await?;
    Ok(listed
        .iter()
        .find(|p| {
            p.name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
                && (workspace_id.is_none() || p.workspace_id == workspace_id)
        })
        .and_then(|p| {
            p.pipeline_id.map(|id| Lookup::Found {
                id,
                last_updated: p.last_updated.map(|t| t.to_rfc3339()),
                holds_change: false,
            })
        })
        .unwrap_or(Lookup::Missing))
}

/// Whether the server's pipeline (and its saved launch form) already has every field the edit
/// sets: an edit whose answer was lost has landed.
async fn holds(
    client: &PlatformClient,
    workspace_id: Option<i64>,
    server: &Pipeline,
    form: &PipelineInput,
) -> std::result::Result<bool, Failure> {
    let same = |a: Option<&str>, b: &str| a.unwrap_or("").trim() == b.trim();
    if !(same(server.name.as_deref(), &form.name)
        && same(server.description.as_deref(), &form.description)
        && same(server.repository.as_deref(), &form.pipeline))
    {
        return Ok(false);
    }
    let Some(id) = server.pipeline_id else {
        return Ok(false);
    };
    let launch = client
        .pipeline_launch_info(workspace_id, id, None, None)
        .await?;
    let want = launch_of(form);
    let given = |mine: &Option<String>, theirs: &Option<String>| mine.is_none() || mine == theirs;
    Ok(given(&want.revision, &launch.revision)
        && given(&want.params_text, &launch.params_text)
        && given(&want.work_dir, &launch.work_dir)
        && given(&want.pre_run_script, &launch.pre_run_script)
        && given(&want.post_run_script, &launch.post_run_script)
        && given(&want.config_text, &launch.config_text)
        && (want.config_profiles.is_none() || want.config_profiles == launch.config_profiles))
}

async fn send_pipeline(
    store: &Store,
    client: &PlatformClient,
    change: &OutboxRow,
) -> std::result::Result<Sent, Failure> {
    // Read again: an earlier change of the same pipeline sent in this pass rebased this one.
    let change = &store.outbox_row(change.id).await?;
    let payload: PipelinePayload = change.payload_as().map_err(Failure::unreadable)?;
    let ws = payload.workspace_id;
    let op = change.op;
    let attempts = change.attempts;
    let base = change.base_last_updated.as_deref();
    let labels = if op == ChangeOp::Delete {
        Vec::new()
    } else {
        super::labels::server_label_ids(
            store,
            change.account_id,
            payload.workspace_id,
            &payload.form.labels,
        )
        .await?
    };
    let remote = if op == ChangeOp::Create {
        None
    } else {
        Some(remote_id(store, change, &payload).await?.ok_or_else(|| {
            Failure::local(
                ApiErrorKind::BadRequest,
                "The server does not have this pipeline yet.",
            )
        })?)
    };
    // Recorded before the request leaves: if we crash now, the next attempt knows this one may have landed.
    store.start_attempt(change.id).await?;

    let mut server = Lookup::NotLookedUp;
    loop {
        match plan(op, attempts, base, &server) {
            Plan::LookUp => {
                server = match remote {
                    None => find_by_name(client, ws, &payload.form.name).await?,
                    Some(id) => match client.describe_pipeline(ws, id, None, &[]).await {
                        Ok(p) => Lookup::Found {
                            id,
                            last_updated: p.last_updated.map(|t| t.to_rfc3339()),
                            holds_change: op == ChangeOp::Update
                                && attempts > 0
                                && holds(client, ws, &p, &payload.form).await?,
                        },
                        Err(e) if e.kind() == ApiErrorKind::NotFound => Lookup::Missing,
                        Err(e) => return Err(e.into()),
                    },
                };
            }
            Plan::Adopt(id) => {
                let lu = match &server {
                    Lookup::Found { last_updated, .. } => last_updated.clone(),
                    _ => None,
                };
                store
                    .complete_change(change.id, Some(id), lu.as_deref())
                    .await?;
                return Ok(Sent::Adopted);
            }
            Plan::Create => {
                let created = client
                    .create_pipeline(
                        ws,
                        &CreatePipelineRequest {
                            name: payload.form.name.trim().to_string(),
                            description: text(&payload.form.description),
                            icon: None,
                            label_ids: labels,
                            launch: launch_of(&payload.form),
                            version: None,
                        },
                    )
                    .await?;
                store
                    .complete_change(
                        change.id,
                        created.pipeline_id,
                        created.last_updated.map(|t| t.to_rfc3339()).as_deref(),
                    )
                    .await?;
                return Ok(Sent::Done);
            }
            Plan::Done => {
                let lu = match &server {
                    Lookup::Found { last_updated, .. } => last_updated.clone(),
                    _ => None,
                };
                store
                    .complete_change(change.id, None, lu.as_deref())
                    .await?;
                return Ok(Sent::Adopted);
            }
            Plan::Conflict(why) => return Err(Failure::local(ApiErrorKind::Conflict, why)),
            Plan::Send => {
                let id = remote.unwrap_or_default();
                if op == ChangeOp::Delete {
                    client.delete_pipeline(ws, id).await?;
                    store.complete_change(change.id, None, None).await?;
                } else {
                    let updated = client
                        .update_pipeline(
                            ws,
                            id,
                            &UpdatePipelineRequest {
                                name: Some(payload.form.name.trim().to_string()),
                                description: Some(payload.form.description.trim().to_string()),
                                icon: None,
                                label_ids: labels,
                                launch: Some(launch_of(&payload.form)),
                            },
                        )
                        .await?;
                    store
                        .complete_change(
                            change.id,
                            None,
                            updated.last_updated.map(|t| t.to_rfc3339()).as_deref(),
                        )
                        .await?;
                }
                return Ok(Sent::Done);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "2026-12-01T10:00:00Z";
    const SAME: &str = "2026-12-01T10:00:00.000+00:00";
    const MOVED: &str = "2026-12-01T11:00:00Z";

    fn found(lu: &str, holds: bool) -> Lookup {
        Lookup::Found {
            id: 7,
            last_updated: Some(lu.into()),
            holds_change: holds,
        }
    }

    #[test]
    fn each_change_is_sent_adopted_done_or_a_conflict() {
        use ChangeOp::*;
        let edited = Plan::Conflict("It was changed on the server since you edited it.".into());
        let deleted_here =
            Plan::Conflict("It was changed on the server since you deleted it here.".into());
        type Case<'a> = (&'a str, ChangeOp, i64, Option<&'a str>, Lookup, Plan);
        let cases: Vec<Case> = vec![
            (
                "a first create is sent",
                Create,
                0,
                None,
                Lookup::NotLookedUp,
                Plan::Create,
            ),
            (
                "a create tried before looks up first",
                Create,
                1,
                None,
                Lookup::NotLookedUp,
                Plan::LookUp,
            ),
            (
                "and adopts what it finds",
                Create,
                2,
                None,
                found(MOVED, false),
                Plan::Adopt(7),
            ),
            ("or creates", Create, 1, None, Lookup::Missing, Plan::Create),
            (
                "an edit describes first",
                Update,
                0,
                Some(BASE),
                Lookup::NotLookedUp,
                Plan::LookUp,
            ),
            (
                "an edit on its base is sent",
                Update,
                0,
                Some(BASE),
                found(SAME, false),
                Plan::Send,
            ),
            (
                "an edit the server moved past conflicts",
                Update,
                0,
                Some(BASE),
                found(MOVED, false),
                edited.clone(),
            ),
            (
                "an edit whose lost answer landed is done",
                Update,
                1,
                Some(BASE),
                found(MOVED, true),
                Plan::Done,
            ),
            (
                "holding it on a first try is not landing",
                Update,
                0,
                Some(BASE),
                found(MOVED, true),
                edited,
            ),
            (
                "an edit of a deleted pipeline conflicts",
                Update,
                0,
                Some(BASE),
                Lookup::Missing,
                Plan::Conflict("It was deleted on the server.".into()),
            ),
            (
                "an edit with no base is sent",
                Update,
                0,
                None,
                found(MOVED, false),
                Plan::Send,
            ),
            (
                "a delete describes first",
                Delete,
                0,
                Some(BASE),
                Lookup::NotLookedUp,
                Plan::LookUp,
            ),
            (
                "a delete on its base is sent",
                Delete,
                0,
                Some(BASE),
                found(BASE, false),
                Plan::Send,
            ),
            (
                "a delete of a changed pipeline conflicts",
                Delete,
                0,
                Some(BASE),
                found(MOVED, false),
                deleted_here,
            ),
            (
                "a delete of a gone pipeline is done",
                Delete,
                1,
                Some(BASE),
                Lookup::Missing,
                Plan::Done,
            ),
        ];
        for (what, op, attempts, base, server, want) in cases {
            assert_eq!(plan(op, attempts, base, &server), want, "{what}");
        }
    }

    #[test]
    fn the_launch_form_leaves_out_what_was_not_typed() {
        let form = PipelineInput {
            name: "x".into(),
            pipeline: " https://github.com/nf-core/rnaseq ".into(),
            config_profiles: vec!["test".into(), " ".into()],
            ..PipelineInput::default()
        };
        let l = launch_of(&form);
        assert_eq!(
            l.pipeline.as_deref(),
            Some("https://github.com/nf-core/rnaseq")
        );
        assert_eq!(l.config_profiles, Some(vec!["test".to_string()]));
        assert_eq!(l.revision, None);
        assert_eq!(l.compute_env_id, None);
        assert_eq!(l.params_text, None);
    }
}
