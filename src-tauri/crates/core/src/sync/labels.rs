//! The queued changes for labels and Studios settings (see towerdesk-store's labels.rs for the
//! payloads), with the words the Changes panel shows.

use towerdesk_store::{
    ChangeOp, Label, LabelInput, LabelPayload, LabelValues, NewChange, SettingsPayload,
    StudiosValues, Workspace, label_text,
};

use crate::rules::{collaboration_words, lifespan_words};

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

/// Changing the Studios settings of `ws`: `values` are the fields that change, `base` the same
/// fields as they are here now.
pub fn studios_change(ws: &Workspace, values: StudiosValues, base: StudiosValues) -> NewChange {
    let payload = SettingsPayload {
        org_id: ws.org_id,
        workspace_id: ws.workspace_id,
        values,
        base,
    };
    let summary = studios_summary(&ws.name, &payload);
    NewChange::of(ChangeOp::Update, &payload, None, None, summary)
}

/// What the Changes panel says of a Studios settings change of workspace `ws`.
pub fn studios_summary(ws: &str, payload: &SettingsPayload) -> String {
    let v = &payload.values;
    let mut parts = Vec::new();
    if let Some(hours) = v.lifespan_hours {
        parts.push(format!("session lifespan to {}", lifespan_words(hours)));
    }
    if let Some(private) = v.private_studio_by_default {
        parts.push(format!(
            "collaboration mode to {}",
            collaboration_words(private)
        ));
    }
    if let Some(r) = &v.container_repository {
        parts.push(if r.is_empty() {
            "container repository to not set".to_string()
        } else {
            format!("container repository to {r}")
        });
    }
    if let Some(n) = &v.name_strategy {
        parts.push(if n.is_empty() {
            "container naming strategy to not set".to_string()
        } else {
            format!("container naming strategy to {n}")
        });
    }
    format!("Set Studios settings of {ws}: {}", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_studios_change_names_every_field_it_sets() {
        let p = |values: StudiosValues| SettingsPayload {
            org_id: None,
            workspace_id: None,
            values,
            base: StudiosValues::default(),
        };
        let cases = [
            (
                StudiosValues {
                    lifespan_hours: Some(Some(24)),
                    ..StudiosValues::default()
                },
                "Set Studios settings of prod: session lifespan to 24 hours",
            ),
            (
                StudiosValues {
                    lifespan_hours: Some(None),
                    ..StudiosValues::default()
                },
                "Set Studios settings of prod: session lifespan to Always keep the session running",
            ),
            (
                StudiosValues {
                    private_studio_by_default: Some(true),
                    container_repository: Some("cr.example.org/studios".into()),
                    ..StudiosValues::default()
                },
                "Set Studios settings of prod: collaboration mode to Private, container repository to cr.example.org/studios",
            ),
            (
                StudiosValues {
                    container_repository: Some(String::new()),
                    name_strategy: Some("imageSuffix".into()),
                    ..StudiosValues::default()
                },
                "Set Studios settings of prod: container repository to not set, container naming strategy to imageSuffix",
            ),
        ];
        for (values, want) in cases {
            assert_eq!(studios_summary("prod", &p(values)), want);
        }
    }
}
