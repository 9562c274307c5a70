//! The queued Make primary of a compute environment (see towerdesk-store's compute_envs.rs for the
//! payload), with the words the Changes panel shows.

use towerdesk_store::{
    ChangeOp, ComputeEnv, NewChange, PrimaryBase, PrimaryComputeEnvPayload, Workspace,
};

/// Making `target` the primary compute environment of `ws`, in place of `current` (None: none).
pub fn make_primary_change(
    ws: &Workspace,
    current: Option<&ComputeEnv>,
    target: &ComputeEnv,
) -> NewChange {
    let payload = PrimaryComputeEnvPayload {
        workspace_id: if ws.personal { None } else { ws.workspace_id },
        compute_env_id: target.id.clone(),
        name: target.name.clone(),
        base: PrimaryBase {
            compute_env_id: current.map(|c| c.id.clone()),
        },
    };
    let summary = format!(
        "Make {} the primary compute environment of {}",
        target.name, ws.name
    );
    NewChange::of(
        ChangeOp::Update,
        &payload,
        Some(target.id.clone()),
        None,
        summary,
    )
}
