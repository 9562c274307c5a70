//! Sending queued launches (entity `launch`), exactly once. A launch has no id before the server
//! answers, so what identifies it is its run name, unique in the workspace: before any attempt,
//! the workspace's runs are searched for that name (`runName:` in the runs search). After an
//! attempt whose answer was lost, a run found there is that launch and is adopted; on the first
//! attempt, a run found there is someone else's, and the launch is refused rather than adopting
//! it or making a second run of the same name.

use towerdesk_platform_api::{
    ApiErrorKind, PageRequest, PlatformClient, WorkflowLaunchRequest, WorkflowQuery,
};
use towerdesk_store::{LaunchPayload, OutboxRow, Store};

use super::{Failure, Sent};
use crate::error::AppError;
use crate::events::Section;
use crate::sync::entities::SyncedEntity;

/// How a launch is sent and kept (the core's entity table in `sync/entities.rs`).
pub(crate) struct LaunchSync;

impl SyncedEntity for LaunchSync {
    /// A queued launch is changed on the launch form (its draft), not in the Changes panel.
    const EDITABLE: bool = false;
    const SECTIONS: &'static [Section] = &[Section::Runs];

    async fn send(
        store: &Store,
        client: &PlatformClient,
        change: &OutboxRow,
    ) -> std::result::Result<Sent, Failure> {
        send_launch(store, client, change).await
    }

    /// A launch has nothing on the server to rebase on: it goes back in the queue as it is (it
    /// is still looked up by its run name first).
    async fn keep_mine(
        store: &Store,
        _client: &PlatformClient,
        row: &OutboxRow,
    ) -> std::result::Result<(), AppError> {
        store.retry_change(row.id, None).await?;
        Ok(())
    }
}

/// What the look-up by run name means before an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LaunchPlan {
    /// No run of that name: launch.
    Send,
    /// A run of that name after an attempt whose answer was lost: it is this launch.
    Adopt,
    /// A run of that name before this launch was ever sent: someone else's.
    NameTaken,
}

/// The decision, from whether an attempt was made before and whether a run of the name exists.
pub(crate) fn plan(attempts_before: i64, found: bool) -> LaunchPlan {
    match (found, attempts_before > 0) {
        (false, _) => LaunchPlan::Send,
        (true, true) => LaunchPlan::Adopt,
        (true, false) => LaunchPlan::NameTaken,
    }
}

/// The launch request: the pipeline's saved launch (what the server has for it), with what the
/// form set on top.
pub(crate) fn request(
    saved: &towerdesk_platform_api::Launch,
    p: &LaunchPayload,
) -> WorkflowLaunchRequest {
    let mut r = saved.to_launch_request();
    r.id = saved.id.clone();
    r.run_name = Some(p.run_name.clone());
    let set = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
    if let Some(ce) = set(&p.compute_env_id) {
        r.compute_env_id = Some(ce);
    }
    if let Some(v) = set(&p.work_dir) {
        r.work_dir = Some(v);
    }
    if let Some(v) = set(&p.revision) {
        r.revision = Some(v);
    }
    if !p.config_profiles.is_empty() {
        r.config_profiles = Some(p.config_profiles.clone());
    }
    if let Some(v) = p.params_text.clone() {
        r.params_text = Some(v);
    }
    if let Some(v) = p.pre_run_script.clone() {
        r.pre_run_script = Some(v);
    }
    if let Some(v) = p.post_run_script.clone() {
        r.post_run_script = Some(v);
    }
    if let Some(v) = p.config_text.clone() {
        r.config_text = Some(v);
    }
    if p.stub_run {
        r.stub_run = Some(true);
    }
    r
}

/// Whether the workspace has a run named `name` on the server (exactly, ignoring case).
async fn run_named(
    client: &PlatformClient,
    workspace_id: Option<i64>,
    name: &str,
) -> std::result::Result<bool, Failure> {
    let query = WorkflowQuery {
        search: Some(format!("runName:{name}")),
        ..WorkflowQuery::default()
    };
    let page = client
        .list_runs_page(workspace_id, &query, PageRequest::new(0, 100))
        .await?;
    Ok(page.items.iter().any(|w| {
        w.workflow
            .as_ref()
            .and_then(|w| w.run_name.as_deref())
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
    }))
}

async fn send_launch(
    store: &Store,
    client: &PlatformClient,
    change: &OutboxRow,
) -> std::result::Result<Sent, Failure> {
    let payload: LaunchPayload = change.payload_as().map_err(Failure::unreadable)?;
    let attempts_before = change.attempts;
    let found = run_named(client, payload.workspace_id, &payload.run_name).await?;
    match plan(attempts_before, found) {
        LaunchPlan::Adopt => {
            store.complete_change(change.id, None, None).await?;
            return Ok(Sent::Adopted);
        }
        LaunchPlan::NameTaken => {
            return Err(Failure::local(
                ApiErrorKind::BadRequest,
                format!(
                    "A run named {} already exists in this workspace: launch it again with another Workflow run name.",
                    payload.run_name
                ),
            ));
        }
        LaunchPlan::Send => {}
    }
    let saved = client
        .pipeline_launch_info(
            payload.workspace_id,
            payload.pipeline_id,
            payload.source_workspace_id,
            None,
        )
        .await?;
    let mut launch = request(&saved, &payload);
    if !payload.labels.is_empty() {
        launch.label_ids = Some(
            super::labels::server_label_ids(
                store,
                change.account_id,
                payload.workspace_id,
                &payload.labels,
            )
            .await?,
        );
    }
    // Recorded before the request leaves: if the answer is lost, the next attempt looks first.
    store.start_attempt(change.id).await?;
    client
        .launch_run(payload.workspace_id, payload.source_workspace_id, &launch)
        .await?;
    store.complete_change(change.id, None, None).await?;
    Ok(Sent::Done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_launch_is_sent_once_and_a_lost_answer_adopted() {
        for (attempts, found, expected) in [
            (0, false, LaunchPlan::Send),
            (0, true, LaunchPlan::NameTaken),
            (1, false, LaunchPlan::Send),
            (1, true, LaunchPlan::Adopt),
            (5, true, LaunchPlan::Adopt),
        ] {
            assert_eq!(plan(attempts, found), expected, "{attempts} {found}");
        }
    }

    #[test]
    fn the_request_is_the_saved_launch_with_the_forms_values() {
        let saved = towerdesk_platform_api::Launch {
            id: Some("launch-1".into()),
            pipeline: Some("https://github.com/nf-core/rnaseq".into()),
            revision: Some("3.19.0".into()),
            work_dir: Some("s3://saved".into()),
            params_text: Some("outdir: s3://saved/out\n".into()),
            config_profiles: Some(vec!["docker".into()]),
            ..Default::default()
        };
        let mut p = LaunchPayload {
            workspace_id: Some(3),
            source_workspace_id: Some(7),
            pipeline_id: 100,
            pipeline_name: "rnaseq".into(),
            run_name: "grave_williams".into(),
            compute_env_id: Some("ce-1".into()),
            labels: vec![],
            work_dir: None,
            revision: Some(" ".into()),
            config_profiles: vec![],
            params_text: Some("input: a.csv\n".into()),
            pre_run_script: None,
            post_run_script: None,
            config_text: None,
            stub_run: true,
        };
        let r = request(&saved, &p);
        assert_eq!(r.id.as_deref(), Some("launch-1"));
        assert_eq!(r.run_name.as_deref(), Some("grave_williams"));
        assert_eq!(r.compute_env_id.as_deref(), Some("ce-1"));
        assert_eq!(r.work_dir.as_deref(), Some("s3://saved"));
        assert_eq!(r.revision.as_deref(), Some("3.19.0"));
        assert_eq!(r.config_profiles, Some(vec!["docker".to_string()]));
        assert_eq!(r.params_text.as_deref(), Some("input: a.csv\n"));
        assert_eq!(r.stub_run, Some(true));
        p.config_profiles = vec!["test".into()];
        p.work_dir = Some("s3://mine".into());
        let r = request(&saved, &p);
        assert_eq!(r.config_profiles, Some(vec!["test".to_string()]));
        assert_eq!(r.work_dir.as_deref(), Some("s3://mine"));
    }
}
