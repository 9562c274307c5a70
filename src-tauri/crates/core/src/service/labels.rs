//! Workspace labels and Studios settings: reads from the store, writes through the outbox.

use std::sync::Arc;

use towerdesk_store::{Label, LabelInput, StudiosSettingsInput, StudiosValues, WorkspaceSettings};

use super::Towerdesk;
use crate::error::{AppError, ErrorKind};
use crate::events::Section;
use crate::rules::{self, FieldError};
use crate::sync;

impl Towerdesk {
    /// Studios settings and labels of a workspace, as kept here.
    pub async fn workspace_settings(&self, workspace: i64) -> Result<WorkspaceSettings, AppError> {
        self.store()?
            .workspace_settings(workspace)
            .await
            .map_err(AppError::from)
    }

    /// Checks a label form for workspace `workspace` (`label`: the one being edited).
    pub async fn check_label_input(
        &self,
        workspace: i64,
        input: &LabelInput,
        label: Option<i64>,
    ) -> Result<Vec<FieldError>, AppError> {
        let store = self.store()?;
        let resource = match label {
            Some(id) => store.label(id).await?.resource,
            None => input.resource,
        };
        let input = tidy_label(input.clone(), resource, None);
        let same = store
            .label_named(workspace, &input.name, input.value.as_deref(), resource)
            .await?;
        let taken = same.is_some_and(|l| Some(l.id) != label);
        Ok(rules::check_label_input(&input, taken))
    }

    /// Adds a label: shown at once, waiting, and queued for the server.
    pub async fn create_label(
        self: &Arc<Self>,
        workspace: i64,
        input: LabelInput,
    ) -> Result<Label, AppError> {
        let store = self.store()?;
        let ws = store.workspace(workspace).await?;
        self.workspace_permissions(&ws)
            .await?
            .manage_labels
            .require()?;
        let input = tidy_label(input.clone(), input.resource, None);
        self.refuse_invalid_label(workspace, &input, None).await?;
        let change = sync::label_create(&ws.name, &input);
        let label = store
            .create_label_local(ws.account_id, workspace, &input, &change)
            .await?;
        self.wrote(ws.account_id, Some(ws.id), &[Section::Settings]);
        self.after_change(ws.account_id);
        Ok(label)
    }

    /// Edits a label's name, value (resource labels) or default flag. Its kind cannot change.
    pub async fn update_label(
        self: &Arc<Self>,
        label: i64,
        input: LabelInput,
    ) -> Result<Label, AppError> {
        let store = self.store()?;
        let current = store.label(label).await?;
        let ws = store.workspace(store.label_workspace(label).await?).await?;
        self.workspace_permissions(&ws)
            .await?
            .manage_labels
            .require()?;
        let input = tidy_label(input, current.resource, Some(current.is_default));
        self.refuse_invalid_label(ws.id, &input, Some(label))
            .await?;
        let change = sync::label_update(&ws.name, &current, &input);
        let as_create = sync::label_create(&ws.name, &input);
        let updated = store
            .update_label_local(ws.account_id, label, &input, &change, &as_create)
            .await?;
        self.wrote(ws.account_id, Some(ws.id), &[Section::Settings]);
        self.after_change(ws.account_id);
        Ok(updated)
    }

    /// Deletes a label (on the Platform this also removes it from every pipeline and run).
    pub async fn delete_label(self: &Arc<Self>, label: i64) -> Result<(), AppError> {
        let store = self.store()?;
        let current = store.label(label).await?;
        let ws = store.workspace(store.label_workspace(label).await?).await?;
        self.workspace_permissions(&ws)
            .await?
            .manage_labels
            .require()?;
        let change = sync::label_delete(&ws.name, &current);
        store
            .delete_label_local(ws.account_id, label, &change)
            .await?;
        self.wrote(ws.account_id, Some(ws.id), &[Section::Settings]);
        self.after_change(ws.account_id);
        Ok(())
    }

    /// Changes the Studios settings of a workspace: the fields `input` sets that differ from
    /// what is kept here are shown at once and queued as one change (nothing is queued when
    /// nothing differs). Bad input, or a field the server has not said, queues nothing.
    pub async fn update_studios_settings(
        self: &Arc<Self>,
        workspace: i64,
        input: StudiosSettingsInput,
    ) -> Result<WorkspaceSettings, AppError> {
        let store = self.store()?;
        let ws = store.workspace(workspace).await?;
        self.workspace_permissions(&ws)
            .await?
            .edit_studios_settings
            .require()?;
        let invalid = |m: String| AppError::new(ErrorKind::Validation, m);
        let lifespan = input.lifespan_hours.map(|h| Some(h).filter(|h| *h != 0));
        if let Some(m) = lifespan.and_then(rules::check_lifespan) {
            return Err(invalid(m));
        }
        let repository = input.container_repository.map(|r| r.trim().to_string());
        if let Some(m) = repository
            .as_deref()
            .and_then(rules::check_container_repository)
        {
            return Err(invalid(m));
        }
        let strategy = input.name_strategy.map(|n| n.trim().to_string());
        if let Some(m) = strategy.as_deref().and_then(rules::check_name_strategy) {
            return Err(invalid(m));
        }
        let current = store.workspace_settings(workspace).await?;
        if ws.workspace_id.is_none() || !current.studios_known {
            return Err(invalid(format!(
                "The Studios settings of {} are not known here yet: sync, then try again.",
                ws.name
            )));
        }
        let unknown = |what: &str| {
            invalid(format!(
                "The server did not say the {what} of {}, so it cannot be changed from here.",
                ws.name
            ))
        };
        let mut values = StudiosValues::default();
        let mut base = StudiosValues::default();
        if let Some(hours) = lifespan
            && current.studios_lifespan_hours != hours
        {
            values.lifespan_hours = Some(hours);
            base.lifespan_hours = Some(current.studios_lifespan_hours);
        }
        if let Some(private) = input.private_studio_by_default {
            let now = current
                .studios_private_by_default
                .ok_or_else(|| unknown("collaboration mode"))?;
            if now != private {
                values.private_studio_by_default = Some(private);
                base.private_studio_by_default = Some(now);
            }
        }
        if let Some(r) = repository {
            let now = current
                .studios_container_repository
                .clone()
                .ok_or_else(|| unknown("container repository"))?;
            if now != r {
                values.container_repository = Some(r);
                base.container_repository = Some(now);
            }
        }
        if let Some(n) = strategy {
            let now = current
                .studios_name_strategy
                .clone()
                .ok_or_else(|| unknown("container naming strategy"))?;
            if now != n {
                values.name_strategy = Some(n);
                base.name_strategy = Some(now);
            }
        }
        if !values.is_empty() {
            let change = sync::studios_change(&ws, values, base);
            store
                .update_studios_settings_local(ws.account_id, workspace, &change, |p| {
                    sync::studios_summary(&ws.name, p)
                })
                .await?;
            self.wrote(ws.account_id, Some(ws.id), &[Section::Settings]);
            self.after_change(ws.account_id);
        }
        store
            .workspace_settings(workspace)
            .await
            .map_err(AppError::from)
    }

    async fn refuse_invalid_label(
        &self,
        workspace: i64,
        input: &LabelInput,
        label: Option<i64>,
    ) -> Result<(), AppError> {
        let errors = self.check_label_input(workspace, input, label).await?;
        match errors.first() {
            Some(first) => Err(AppError::new(ErrorKind::Validation, first.message.clone())),
            None => Ok(()),
        }
    }
}

/// Trims what was typed; an empty value is none. Only resource labels have a value and a
/// "default" flag (`keep_default`: an existing simple label's flag, left as the server has it).
fn tidy_label(input: LabelInput, resource: bool, keep_default: Option<bool>) -> LabelInput {
    let value = input
        .value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty());
    LabelInput {
        name: input.name.trim().to_string(),
        value,
        resource,
        is_default: if resource {
            input.is_default
        } else {
            keep_default.unwrap_or(false)
        },
    }
}
