//! Pipelines added, edited and deleted here, and the drafts of the pipeline form: a draft saves
//! what was typed (no check: nothing typed is lost); publishing it checks the form and the user's
//! permission, then queues the change in the outbox (`sync/push/pipelines.rs` sends it once).

use std::sync::Arc;

use towerdesk_store::{
    ChangeOp, ChangeState, DraftKind, LocalPipeline, PipelineInput, Visibility, Workspace,
};

use super::Towerdesk;
use crate::error::{AppError, ErrorKind};
use crate::events::Section;
use crate::rules::{self, FieldError};
use crate::sync;
use crate::views::DraftView;

impl Towerdesk {
    /// Checks a pipeline form for workspace `workspace` (`pipeline`: the one being edited) against
    /// the Platform's rules and the pipelines kept here.
    pub async fn check_pipeline_input(
        &self,
        workspace: i64,
        form: &PipelineInput,
        pipeline: Option<i64>,
    ) -> Result<Vec<FieldError>, AppError> {
        let store = self.store()?;
        let ws = store.workspace(workspace).await?;
        let shared = ws.visibility == Some(Visibility::Shared);
        let taken = store
            .pipelines_named(workspace, &form.name, shared)
            .await?
            .iter()
            .any(|p| Some(p.id) != pipeline);
        Ok(rules::pipelines::check_pipeline_input(form, taken, shared))
    }

    /// The form of a pipeline as kept here, to edit it (`LocalPipeline::input`).
    pub async fn pipeline_form(&self, pipeline: i64) -> Result<PipelineInput, AppError> {
        Ok(self.store()?.pipeline(pipeline).await?.input())
    }

    /// Saves the pipeline form being typed in workspace `workspace`, exactly as it is (`draft`:
    /// the draft saved before; `pipeline`: the pipeline it edits). Nothing is checked or sent.
    pub async fn save_pipeline_draft(
        &self,
        workspace: i64,
        draft: Option<i64>,
        pipeline: Option<i64>,
        form: PipelineInput,
    ) -> Result<DraftView, AppError> {
        let store = self.store()?;
        let ws = store.workspace(workspace).await?;
        let body = serde_json::to_string(&form)
            .map_err(|e| AppError::new(ErrorKind::Internal, e.to_string()))?;
        let saved = store
            .save_draft(
                ws.account_id,
                draft,
                Some(workspace),
                DraftKind::Pipeline,
                form.name.trim(),
                &body,
                pipeline,
            )
            .await?;
        self.events
            .data(ws.account_id, Some(ws.id), &[Section::Pipelines]);
        Ok(DraftView::of(saved))
    }

    /// The account's pipeline drafts, most recently typed first, each with its state (draft,
    /// waiting, published, rejected or conflict with the server's words).
    pub async fn pipeline_drafts(&self, account_id: i64) -> Result<Vec<DraftView>, AppError> {
        Ok(self
            .store()?
            .drafts(account_id, Some(DraftKind::Pipeline))
            .await?
            .into_iter()
            .map(DraftView::of)
            .collect())
    }

    /// Every draft of the account (pipelines and launches).
    pub async fn drafts(&self, account_id: i64) -> Result<Vec<DraftView>, AppError> {
        Ok(self
            .store()?
            .drafts(account_id, None)
            .await?
            .into_iter()
            .map(DraftView::of)
            .collect())
    }

    pub async fn draft(&self, draft: i64) -> Result<DraftView, AppError> {
        Ok(DraftView::of(self.store()?.draft(draft).await?))
    }

    /// Forgets a draft. What it published stays queued or on the server.
    pub async fn discard_pipeline_draft(&self, draft: i64) -> Result<(), AppError> {
        let store = self.store()?;
        let d = store.draft(draft).await?;
        store.delete_draft(draft).await?;
        self.events
            .data(d.account_id, d.workspace_id, &[Section::Pipelines]);
        Ok(())
    }

    /// Publishes a pipeline draft (the form's Add or Update): the form is checked and the user's
    /// permission required, then the pipeline's change is queued and the draft follows it. A
    /// draft whose change the server rejected (or met a conflict) is sent again with what it
    /// holds now.
    pub async fn publish_pipeline_draft(
        self: &Arc<Self>,
        draft: i64,
    ) -> Result<DraftView, AppError> {
        let store = self.store()?;
        let d = store.draft(draft).await?;
        if d.kind != DraftKind::Pipeline {
            return Err(AppError::new(
                ErrorKind::Validation,
                "This draft is not a pipeline form.",
            ));
        }
        let form: PipelineInput = serde_json::from_str(&d.body).map_err(|e| {
            AppError::new(
                ErrorKind::Validation,
                format!("The draft could not be read as a pipeline form: {e}"),
            )
        })?;
        let ws_id = d
            .workspace_id
            .ok_or_else(|| AppError::new(ErrorKind::Validation, "The draft names no workspace."))?;
        let ws = store.workspace(ws_id).await?;
        let queued = match d.change_id {
            Some(id) => store.outbox_row(id).await.ok(),
            None => None,
        };
        let current = match d.pipeline_local_id {
            Some(p) => Some(store.pipeline(p).await?),
            None => None,
        };
        let editing = current.is_some();
        let permissions = self.workspace_permissions(&ws).await?;
        if editing {
            permissions.edit_pipelines.require()?;
        } else {
            permissions.add_pipelines.require()?;
        }
        if let Some(p) = &current {
            own_pipeline(&ws, p)?;
        }
        self.refuse_invalid_pipeline(&ws, &form, d.pipeline_local_id)
            .await?;
        match (&queued, &current) {
            (Some(row), _) if row.state != ChangeState::Waiting => {
                let change = match (&current, row.op) {
                    (Some(p), ChangeOp::Update) => sync::pipeline_update(&ws, p, &form),
                    _ => sync::pipeline_create(&ws, &form),
                };
                store
                    .requeue_pipeline_change(row.id, &form, &change)
                    .await?;
            }
            (_, Some(p)) => {
                let change = sync::pipeline_update(&ws, p, &form);
                let as_create = sync::pipeline_create(&ws, &form);
                store
                    .update_pipeline_local(
                        ws.account_id,
                        p.id,
                        &form,
                        &change,
                        &as_create,
                        Some(draft),
                    )
                    .await?;
            }
            (_, None) => {
                refuse_unsent_workspace(&ws)?;
                let change = sync::pipeline_create(&ws, &form);
                store
                    .create_pipeline_local(ws.account_id, ws.id, &form, &change, Some(draft))
                    .await?;
            }
        }
        self.wrote(ws.account_id, Some(ws.id), &[Section::Pipelines]);
        self.after_change(ws.account_id);
        Ok(DraftView::of(store.draft(draft).await?))
    }

    /// Edits a pipeline with a whole form (the CLI's `pipelines update`): kept as a draft of the
    /// pipeline, then published.
    pub async fn update_pipeline(
        self: &Arc<Self>,
        pipeline: i64,
        form: PipelineInput,
    ) -> Result<DraftView, AppError> {
        let store = self.store()?;
        let p = store.pipeline(pipeline).await?;
        let ws = self.pipeline_workspace(&p).await?;
        self.workspace_permissions(&ws)
            .await?
            .edit_pipelines
            .require()?;
        own_pipeline(&ws, &p)?;
        self.refuse_invalid_pipeline(&ws, &form, Some(pipeline))
            .await?;
        let d = self
            .save_pipeline_draft(ws.id, None, Some(pipeline), form)
            .await?;
        self.publish_pipeline_draft(d.draft.id).await
    }

    /// Deletes a pipeline: hidden at once and queued for the server.
    pub async fn delete_pipeline(self: &Arc<Self>, pipeline: i64) -> Result<(), AppError> {
        let store = self.store()?;
        let p = store.pipeline(pipeline).await?;
        let ws = self.pipeline_workspace(&p).await?;
        self.workspace_permissions(&ws)
            .await?
            .edit_pipelines
            .require()?;
        own_pipeline(&ws, &p)?;
        let change = sync::pipeline_delete(&ws, &p);
        store
            .delete_pipeline_local(ws.account_id, pipeline, &change)
            .await?;
        self.wrote(ws.account_id, Some(ws.id), &[Section::Pipelines]);
        self.after_change(ws.account_id);
        Ok(())
    }

    /// The pipeline's own workspace (the one it was added in).
    async fn pipeline_workspace(&self, p: &LocalPipeline) -> Result<Workspace, AppError> {
        let store = self.store()?;
        let local = store
            .workspace_local_id(p.account_id, p.workspace_id)
            .await?
            .ok_or_else(|| {
                AppError::new(
                    ErrorKind::NotFound,
                    format!("The workspace of pipeline {} is not known here.", p.name),
                )
            })?;
        Ok(store.workspace(local).await?)
    }

    async fn refuse_invalid_pipeline(
        &self,
        ws: &Workspace,
        form: &PipelineInput,
        pipeline: Option<i64>,
    ) -> Result<(), AppError> {
        let errors = self.check_pipeline_input(ws.id, form, pipeline).await?;
        match errors.first() {
            Some(first) => Err(AppError::new(ErrorKind::Validation, first.message.clone())),
            None => Ok(()),
        }
    }
}

/// A pipeline shared into a workspace is changed only from its own workspace (the Platform's rule).
fn own_pipeline(ws: &Workspace, p: &LocalPipeline) -> Result<(), AppError> {
    if p.workspace_id == ws.workspace_id && p.account_id == ws.account_id {
        Ok(())
    } else {
        Err(AppError::new(
            ErrorKind::Forbidden,
            "A shared pipeline can only be changed from its own workspace.",
        ))
    }
}

/// A workspace added here and not yet on the server cannot hold a pipeline yet.
fn refuse_unsent_workspace(ws: &Workspace) -> Result<(), AppError> {
    if ws.workspace_id.is_none() && !ws.personal {
        return Err(AppError::new(
            ErrorKind::Validation,
            format!(
                "The workspace {} is not on the server yet: sync it first, then add the pipeline.",
                ws.name
            ),
        ));
    }
    Ok(())
}
