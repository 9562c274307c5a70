//! The queued changes for labels and Studios settings (see towerdesk-store's labels.rs for the
//! payloads), with the words the Changes panel shows.

use towerdesk_store::{
    ChangeOp, Label, LabelInput, LabelPayload, LabelValues, LifespanBase, NewChange,
    SettingsPayload, Workspace, label_text,
};

use crate::rules::lifespan_words;

fn values(name: &str, value: Option<&str>, is_default: bool) -> LabelValues {
    LabelValues {
        name: name.to_string(),
        value: value.map(str::to_string),
        is_default,
    }
}

fn of_label(l: &Label) -> LabelValues {
    values(&l.name, l.value.as_deref(), l.is_default)
}

/// Adding a label to workspace `ws`.
pub fn label_create(ws: &str, input: &LabelInput) -> NewChange {
    let text = label_text(&input.name, input.value.as_deref());
    let payload = LabelPayload {
        values: values(&input.name, input.value.as_deref(), input.is_default),
        resource: input.resource,
        base: None,
    };
    let summary = format!("Add label {text} to {ws}");
    NewChange::of(ChangeOp::Create, &payload, Some(text), None, summary)
}

/// Editing `current` (as it is here now) into `input`.
pub fn label_update(ws: &str, current: &Label, input: &LabelInput) -> NewChange {
    let text = label_text(&input.name, input.value.as_deref());
    let payload = LabelPayload {
        values: values(&input.name, input.value.as_deref(), input.is_default),
        resource: current.resource,
        base: Some(of_label(current)),
    };
    let summary = if current.text() == text {
        format!("Edit label {text} in {ws}")
    } else {
        format!("Change label {} to {text} in {ws}", current.text())
    };
    NewChange::of(ChangeOp::Update, &payload, Some(text), None, summary)
}

/// Deleting `current` from workspace `ws`.
pub fn label_delete(ws: &str, current: &Label) -> NewChange {
    let text = current.text();
    let payload = LabelPayload {
        values: of_label(current),
        resource: current.resource,
        base: Some(of_label(current)),
    };
    let summary = format!("Delete label {text} from {ws}");
    NewChange::of(ChangeOp::Delete, &payload, Some(text), None, summary)
}

/// Setting the Studios session lifespan of `ws` from `current` to `hours` (None: no limit).
pub fn lifespan_change(ws: &Workspace, current: Option<i64>, hours: Option<i64>) -> NewChange {
    let payload = SettingsPayload {
        org_id: ws.org_id,
        workspace_id: ws.workspace_id,
        lifespan_hours: hours,
        base: LifespanBase {
            lifespan_hours: current,
        },
    };
    let summary = match hours {
        Some(_) => format!(
            "Set Studios session lifespan of {} to {}",
            ws.name,
            lifespan_words(hours)
        ),
        None => format!(
            "Set Studios sessions of {} to Always keep the session running",
            ws.name
        ),
    };
    NewChange::of(ChangeOp::Update, &payload, None, None, summary)
}
