//! The queued change of a launch (see towerdesk-store's launches.rs for the draft it names), with
//! the words the Changes panel shows.

use towerdesk_store::{ChangeOp, LaunchInput, LaunchPayload, LaunchPipeline, NewChange};

/// Launching `pipeline` from workspace `ws` (its server id `workspace_id`, its name `ws_name`) as
/// the form says, on compute environment `compute_env_id`, with `sourceWorkspaceId`
/// `source_workspace_id` for a pipeline shared into it. The run name is the natural key.
pub fn launch_change(
    ws_name: &str,
    workspace_id: Option<i64>,
    pipeline: &LaunchPipeline,
    source_workspace_id: Option<i64>,
    compute_env_id: Option<String>,
    input: &LaunchInput,
) -> NewChange {
    let keep = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
    let payload = LaunchPayload {
        workspace_id,
        source_workspace_id,
        pipeline_id: pipeline.pipeline_id,
        pipeline_name: pipeline.name.clone(),
        run_name: input.run_name.trim().to_string(),
        compute_env_id,
        labels: input
            .labels
            .iter()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect(),
        work_dir: keep(&input.work_dir),
        revision: keep(&input.revision),
        config_profiles: input
            .config_profiles
            .iter()
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect(),
        params_text: input.params_text.clone(),
        pre_run_script: keep(&input.pre_run_script),
        post_run_script: keep(&input.post_run_script),
        config_text: keep(&input.config_text),
        stub_run: input.stub_run,
    };
    let summary = format!(
        "Launch {} as {} in {ws_name}",
        pipeline.name, payload.run_name
    );
    let key = payload.run_name.clone();
    NewChange::of(ChangeOp::Create, &payload, Some(key), None, summary)
}
