//! The queued changes for labels and Studios settings (see towerdesk-store's labels.rs for the
//! payloads), with the words the Changes panel shows.

use serde_json::json;
use towerdesk_store::{ChangeOp, Entity, Label, LabelInput, NewChange, Workspace, label_text};

use crate::rules::lifespan_words;

fn values(name: &str, value: Option<&str>, is_default: bool) -> serde_json::Value {
    json!({ "name": name, "value": value, "isDefault": is_default })
}

/// Adding a label to workspace `ws`.
pub fn label_create(ws: &str, input: &LabelInput) -> NewChange {
    let text = label_text(&input.name, input.value.as_deref());
    let mut payload = values(&input.name, input.value.as_deref(), input.is_default);
    payload["resource"] = json!(input.resource);
    NewChange {
        entity: Entity::Label,
        op: ChangeOp::Create,
        natural_key: Some(text.clone()),
        payload,
        base_last_updated: None,
        summary: format!("Add label {text} to {ws}"),
    }
}

/// Editing `current` (as it is here now) into `input`.
pub fn label_update(ws: &str, current: &Label, input: &LabelInput) -> NewChange {
    let text = label_text(&input.name, input.value.as_deref());
    let mut payload = values(&input.name, input.value.as_deref(), input.is_default);
    payload["resource"] = json!(current.resource);
    payload["base"] = values(&current.name, current.value.as_deref(), current.is_default);
    let summary = if current.text() == text {
        format!("Edit label {text} in {ws}")
    } else {
        format!("Change label {} to {text} in {ws}", current.text())
    };
    NewChange {
        entity: Entity::Label,
        op: ChangeOp::Update,
        natural_key: Some(text),
        payload,
        base_last_updated: None,
        summary,
    }
}

/// Deleting `current` from workspace `ws`.
pub fn label_delete(ws: &str, current: &Label) -> NewChange {
    let text = current.text();
    let mut payload = values(&current.name, current.value.as_deref(), current.is_default);
    payload["resource"] = json!(current.resource);
    payload["base"] = values(&current.name, current.value.as_deref(), current.is_default);
    NewChange {
        entity: Entity::Label,
        op: ChangeOp::Delete,
        natural_key: Some(text.clone()),
        payload,
        base_last_updated: None,
        summary: format!("Delete label {text} from {ws}"),
    }
}

/// Setting the Studios session lifespan of `ws` from `current` to `hours` (None: no limit).
pub fn lifespan_change(ws: &Workspace, current: Option<i64>, hours: Option<i64>) -> NewChange {
    NewChange {
        entity: Entity::WorkspaceSettings,
        op: ChangeOp::Update,
        natural_key: None,
        payload: json!({
            "orgId": ws.org_id,
            "workspaceId": ws.workspace_id,
            "lifespanHours": hours,
            "base": { "lifespanHours": current },
        }),
        base_last_updated: None,
        summary: match hours {
            Some(_) => format!(
                "Set Studios session lifespan of {} to {}",
                ws.name,
                lifespan_words(hours)
            ),
            None => format!(
                "Set Studios sessions of {} to Always keep the session running",
                ws.name
            ),
        },
    }
}
