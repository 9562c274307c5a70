//! The queued changes for pipelines (see towerdesk-store's pipelines.rs), with the words the
//! Changes panel shows. The form travels as published; what an edit or delete was based on is the
//! server's `lastUpdated` (the change's `base_last_updated`).

use towerdesk_store::{
    ChangeOp, LocalPipeline, NewChange, PipelineInput, PipelinePayload, Workspace,
};

/// Adding a pipeline to workspace `ws`. Its natural key is its name (unique in the workspace).
pub fn pipeline_create(ws: &Workspace, input: &PipelineInput) -> NewChange {
    let payload = PipelinePayload {
        workspace_id: ws.workspace_id,
        pipeline_id: None,
        form: input.clone(),
    };
    let summary = format!("Add pipeline {} to {}", input.name, ws.name);
    NewChange::of(
        ChangeOp::Create,
        &payload,
        Some(input.name.clone()),
        None,
        summary,
    )
}

/// Editing `current` (as the server last had it) into `input`.
pub fn pipeline_update(
    ws: &Workspace,
    current: &LocalPipeline,
    input: &PipelineInput,
) -> NewChange {
    let payload = PipelinePayload {
        workspace_id: current.workspace_id,
        pipeline_id: current.pipeline_id,
        form: input.clone(),
    };
    let summary = if current.name == input.name {
        format!("Edit pipeline {} in {}", input.name, ws.name)
    } else {
        format!(
            "Rename pipeline {} to {} in {}",
            current.name, input.name, ws.name
        )
    };
    NewChange::of(
        ChangeOp::Update,
        &payload,
        Some(input.name.clone()),
        current.last_updated.clone(),
        summary,
    )
}

/// Deleting `current` from workspace `ws`.
pub fn pipeline_delete(ws: &Workspace, current: &LocalPipeline) -> NewChange {
    let payload = PipelinePayload {
        workspace_id: current.workspace_id,
        pipeline_id: current.pipeline_id,
        form: PipelineInput {
            name: current.name.clone(),
            ..PipelineInput::default()
        },
    };
    let summary = format!("Delete pipeline {} from {}", current.name, ws.name);
    NewChange::of(
        ChangeOp::Delete,
        &payload,
        Some(current.name.clone()),
        current.last_updated.clone(),
        summary,
    )
}
