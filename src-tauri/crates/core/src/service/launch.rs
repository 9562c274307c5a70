//! Launching a pipeline: the launch form (pre-filled, with the compute environment the run will
//! use and why, and the run parameters the pipeline's schema describes), its draft, and the
//! launch itself, queued in the outbox and sent at once when the server answers, or, when the
//! user chose "Launch when back online", whenever it next does.

use std::sync::Arc;

use serde::Serialize;
use towerdesk_platform_api::{ApiError, ApiErrorKind, PlatformClient};
use towerdesk_store::{LaunchDraft, LaunchInput, LaunchPipeline, StoreError, Workspace};

use super::Towerdesk;
use crate::error::{AppError, ErrorKind};
use crate::events::Section;
use crate::rules::launch::{self as rule, ComputeEnvDecision};
use crate::rules::params::{self, ParamIssue, ParamsForm};
use crate::rules::permissions::Permission;
use crate::sync;

/// The launch form as the core fills it in.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct LaunchForm {
    /// The launching workspace (local id).
    pub workspace_id: i64,
    pub pipeline: LaunchPipeline,
    /// The draft these values come from (or are kept in from now on), when there is one.
    pub draft_id: Option<i64>,
    pub values: LaunchInput,
    /// The compute environment the run will use, why, and what may be chosen instead.
    pub compute_env: ComputeEnvDecision,
    /// The form of the pipeline's `nextflow_schema.json`, when it has one and the server gave it.
    pub schema: Option<ParamsForm>,
    /// The schema as the server gave it, for checking the parameters as they are typed
    /// (`check_run_params`).
    pub schema_text: Option<String>,
    /// What the Run parameters section says about the schema.
    pub schema_note: String,
    /// Whether the server answered while the form was filled in: if not, the form offers
    /// "Launch when back online" instead of "Launch".
    pub online: bool,
    pub permission: Permission,
}

/// What became of a launch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum LaunchState {
    /// The server has the run.
    Launched,
    /// Queued: it is sent, once, when the server answers.
    Queued,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct LaunchOutcome {
    pub state: LaunchState,
    pub run_name: String,
    pub draft_id: i64,
    /// The sentence shown after launching.
    pub message: String,
}

fn offline(e: &ApiError) -> bool {
    matches!(e.kind(), ApiErrorKind::Connection | ApiErrorKind::Timeout)
}

/// The schema text of a pipeline as the server gives it (None: it has none).
async fn schema_text(
    client: &PlatformClient,
    ws: &Workspace,
    p: &LaunchPipeline,
) -> Result<Option<String>, ApiError> {
    Ok(client
        .describe_pipeline_schema(ws.workspace_id, p.pipeline_id, rule::source_workspace(p))
        .await?
        .map(|s| s.schema)
        .filter(|s| !s.trim().is_empty()))
}

/// The launch form's fields that a saved launch (a pipeline's, or a run's for Relaunch) sets.
fn take_launch_settings(values: &mut LaunchInput, l: &towerdesk_platform_api::Launch) {
    values.revision = l.revision.clone();
    values.work_dir = l.work_dir.clone();
    values.config_profiles = l.config_profiles.clone().unwrap_or_default();
    values.params_text = l.params_text.clone();
    values.pre_run_script = l.pre_run_script.clone();
    values.post_run_script = l.post_run_script.clone();
    values.config_text = l.config_text.clone();
}

fn issues_sentence(issues: &[ParamIssue]) -> String {
    let each: Vec<String> = issues
        .iter()
        .take(5)
        .map(|i| match i.line {
            Some(l) => format!("line {l}: {}", i.message),
            None => i.message.clone(),
        })
        .collect();
    let more = issues.len().saturating_sub(5);
    let tail = if more > 0 {
        format!(" (and {more} more)")
    } else {
        String::new()
    };
    format!("Run parameters: {}{tail}", each.join("; "))
}

impl Towerdesk {
    /// The launch form for `pipeline` (a Launchpad row) in `workspace`: the values of its draft
    /// when one is kept, else the pipeline's saved launch settings (when the server answers) and a
    /// fresh Workflow run name; the compute environment the rule picks and why; the schema form.
    pub async fn launch_form(&self, workspace: i64, pipeline: i64) -> Result<LaunchForm, AppError> {
        let store = self.store()?;
        let p = store.launch_pipeline(workspace, pipeline).await?;
        self.fill_launch_form(workspace, p, None).await
    }

    /// Relaunch: the launch form of the pipeline run `run` (local id) was launched from, in the
    /// run's workspace, filled in with how the run was launched (the server's
    /// `GET /workflow/{id}/launch`; offline, what the run's page last read) and a fresh Workflow
    /// run name. Refused, saying why, when the workspace's Launchpad has no such pipeline.
    pub async fn relaunch_form(&self, run: i64) -> Result<LaunchForm, AppError> {
        let store = self.store()?;
        let r = store.run(run).await?;
        let ws = store.workspace(store.run_workspace(run).await?).await?;
        let row = store.account_row(ws.account_id).await?;
        let launch = match self.client(&row).await.ok() {
            Some(client) => match client.run_launch(ws.workspace_id, &r.workflow_id).await {
                Ok(l) => Some(l),
                Err(e) if offline(&e) => None,
                Err(e) => return Err(e.into()),
            },
            None => None,
        };
        let details = store.run_details(run).await?;
        let repository = launch
            .as_ref()
            .and_then(|l| l.pipeline.clone())
            .or_else(|| details.as_ref().and_then(|d| d.repository.clone()))
            .or_else(|| r.project_name.clone());
        let pipeline_id = launch.as_ref().and_then(|l| l.pipeline_id);
        let ran_on = launch
            .as_ref()
            .and_then(|l| l.compute_env.as_ref())
            .and_then(|c| c.id.clone());
        let Some(p) = store
            .launch_pipeline_of_run(ws.id, pipeline_id, repository.as_deref(), ran_on.as_deref())
            .await?
        else {
            return Err(AppError::new(
                ErrorKind::Validation,
                format!(
                    "{} was launched from {}, which is not in the Launchpad of {}: add it there to relaunch.",
                    r.run_name,
                    repository.as_deref().unwrap_or("a pipeline"),
                    ws.name
                ),
            ));
        };
        let mut values = LaunchInput {
            pipeline_id: p.id,
            run_name: rule::random_run_name(&mut rand::rng()),
            labels: r.labels.clone(),
            ..LaunchInput::default()
        };
        match (&launch, &details) {
            (Some(l), _) => {
                take_launch_settings(&mut values, l);
                values.compute_env_id = l.compute_env.as_ref().and_then(|c| c.id.clone());
                values.stub_run = l.stub_run.unwrap_or(false);
            }
            (None, Some(d)) => {
                values.work_dir = d.work_dir.clone();
                values.revision = d.revision.clone();
                values.config_profiles = d.config_profiles.clone();
                values.params_text = d.params.clone();
            }
            (None, None) => {}
        }
        self.fill_launch_form(ws.id, p, Some(values)).await
    }

    /// The launch form of `p` in `workspace`: with `given` values (Relaunch), else those of the
    /// pipeline's draft or its saved launch settings; the compute environment the rule picks (or
    /// the given one, when the rule offers it) and why; the schema's form; whether the server
    /// answered.
    async fn fill_launch_form(
        &self,
        workspace: i64,
        p: LaunchPipeline,
        given: Option<LaunchInput>,
    ) -> Result<LaunchForm, AppError> {
        let store = self.store()?;
        let ws = store.workspace(workspace).await?;
        let permission = self.workspace_permissions(&ws).await?.launch;
        let pipeline = p.id;
        let envs = store.compute_envs(workspace).await?;
        let decision = rule::compute_env_for(&p, &ws.name, &envs);
        let draft = match given {
            Some(_) => None,
            None => store.launch_draft_for(workspace, pipeline).await?,
        };
        let row = store.account_row(ws.account_id).await?;
        let client = self.client(&row).await.ok();

        let mut online = false;
        let mut values = LaunchInput {
            pipeline_id: pipeline,
            run_name: rule::random_run_name(&mut rand::rng()),
            compute_env_id: decision.compute_env.as_ref().map(|c| c.id.clone()),
            ..LaunchInput::default()
        };
        let mut schema = None;
        let mut schema_note =
            "The server could not be reached: type the run parameters as JSON or YAML.".to_string();
        if let Some(client) = &client {
            match client
                .pipeline_launch_info(
                    ws.workspace_id,
                    p.pipeline_id,
                    rule::source_workspace(&p),
                    None,
                )
                .await
            {
                Ok(saved) => {
                    online = true;
                    take_launch_settings(&mut values, &saved);
                }
                Err(e) if offline(&e) => {}
                Err(e) => return Err(e.into()),
            }
            if online {
                match schema_text(client, &ws, &p).await {
                    Ok(Some(text)) => {
                        schema_note = "Run parameters are checked against the pipeline's schema (nextflow_schema.json).".into();
                        schema = Some(text);
                    }
                    Ok(None) => {
                        schema_note =
                            "This pipeline has no schema: type the run parameters as JSON or YAML."
                                .into();
                    }
                    Err(e) if offline(&e) => online = false,
                    Err(e) => {
                        schema_note =
                            format!("The pipeline schema could not be read: {}", e.message());
                    }
                }
            }
        }
        let form = match &schema {
            Some(text) => match params::parse_schema(text) {
                Ok(v) => Some(params::form_of(&v, Some(text))),
                Err(e) => {
                    schema_note = e;
                    None
                }
            },
            None => None,
        };
        if form.is_none() {
            schema = None;
        }
        let draft_id = draft.as_ref().map(|d| d.id);
        if let Some(d) = draft {
            values = d.input;
        }
        let mut decision = decision;
        if let Some(mut g) = given {
            // The run's compute environment when the rule offers it here, else the rule's.
            let kept = g
                .compute_env_id
                .as_ref()
                .and_then(|id| decision.offered.iter().find(|c| &c.id == id))
                .cloned();
            match kept {
                Some(c) if decision.compute_env.as_ref().map(|d| &d.id) != Some(&c.id) => {
                    decision.reason = format!(
                        "The run being relaunched ran on {}, so this one does too (choose another below). Otherwise: {}",
                        c.name, decision.reason
                    );
                }
                Some(_) => {}
                None => g.compute_env_id = values.compute_env_id.clone(),
            }
            values = g;
        }
        Ok(LaunchForm {
            workspace_id: workspace,
            pipeline: p,
            draft_id,
            values,
            compute_env: decision,
            schema: form,
            schema_text: schema,
            schema_note,
            online,
            permission,
        })
    }

    /// Keeps the launch form's values as a draft (a new one when `draft` is None, or one already
    /// launched); returns its id.
    pub async fn save_launch_draft(
        &self,
        workspace: i64,
        draft: Option<i64>,
        input: LaunchInput,
    ) -> Result<i64, AppError> {
        let store = self.store()?;
        let ws = store.workspace(workspace).await?;
        store.launch_pipeline(workspace, input.pipeline_id).await?;
        Ok(store
            .save_launch_draft(ws.account_id, workspace, draft, &input)
            .await?)
    }

    /// The account's launch drafts, newest first, each with its state.
    pub async fn launch_drafts(&self, account_id: i64) -> Result<Vec<LaunchDraft>, AppError> {
        Ok(self.store()?.launch_drafts(account_id).await?)
    }

    /// Launches `input.pipeline_id` from `workspace`. The form is kept as a draft first (nothing
    /// typed is lost), then checked: the run name, the compute environment against the rule, the
    /// post-run script's size, and the parameters against the pipeline's schema. Then:
    /// - `when_online` false: the server must answer; the launch is queued and sent at once. The
    ///   server's refusal comes back as the error, in its words, and nothing stays queued.
    ///   Unreachable, it is an `offline` error and nothing is queued.
    /// - `when_online` true ("Launch when back online"): queued, sent once the server answers.
    pub async fn launch(
        self: &Arc<Self>,
        workspace: i64,
        draft: Option<i64>,
        input: LaunchInput,
        when_online: bool,
    ) -> Result<LaunchOutcome, AppError> {
        let store = self.store()?;
        let ws = store.workspace(workspace).await?;
        self.workspace_permissions(&ws).await?.launch.require()?;
        let p = store.launch_pipeline(workspace, input.pipeline_id).await?;
        let mut input = input;
        input.run_name = input.run_name.trim().to_string();
        let draft_id = store
            .save_launch_draft(ws.account_id, workspace, draft, &input)
            .await?;
        let invalid = |m: String| AppError::new(ErrorKind::Validation, m);

        if let Some(problem) = rule::check_run_name(&input.run_name) {
            return Err(invalid(problem));
        }
        if store.run_name_taken(workspace, &input.run_name).await? {
            return Err(invalid(format!(
                "A run named {} already exists in {}: choose another Workflow run name.",
                input.run_name, ws.name
            )));
        }
        if input
            .post_run_script
            .as_ref()
            .is_some_and(|s| s.len() > rule::POST_RUN_SCRIPT_MAX)
        {
            return Err(invalid(format!(
                "Post-run script must be at most 1 KB ({} bytes).",
                rule::POST_RUN_SCRIPT_MAX
            )));
        }
        let envs = store.compute_envs(workspace).await?;
        let decision = rule::compute_env_for(&p, &ws.name, &envs);
        let ce = rule::chosen_compute_env(&decision, input.compute_env_id.as_deref(), &ws.name)
            .map_err(invalid)?;
        let known = store.labels(workspace).await?;
        if let Some(missing) = input
            .labels
            .iter()
            .map(|l| l.trim())
            .find(|l| !l.is_empty() && crate::rules::find_label(&known, l).is_none())
        {
            return Err(invalid(format!(
                "Label '{missing}' is not one of the labels of {}: add it in Settings → Labels, or remove it.",
                ws.name
            )));
        }
        let text = input.params_text.clone().unwrap_or_default();
        if let Err(issue) = params::parse_params(&text) {
            return Err(invalid(issues_sentence(&[issue])));
        }

        // The schema check needs the server; so does a launch that is not queued for later.
        let row = store.account_row(ws.account_id).await?;
        // Queued for later, a launch needs no client now (a token given for one run only is not
        // kept while the server cannot be reached).
        let fetched: Result<Option<String>, Option<ApiError>> = match self.client(&row).await {
            Ok(client) => schema_text(&client, &ws, &p).await.map_err(Some),
            Err(_) if when_online => Err(None),
            Err(e) => return Err(e),
        };
        match fetched {
            Ok(Some(schema)) => {
                let schema = params::parse_schema(&schema).map_err(invalid)?;
                let issues = params::check_params_text(Some(&schema), &text);
                if !issues.is_empty() {
                    return Err(invalid(issues_sentence(&issues)));
                }
            }
            Ok(None) => {}
            Err(Some(e)) if offline(&e) && !when_online => {
                return Err(AppError::new(
                    ErrorKind::Offline,
                    format!(
                        "The server cannot be reached, so {} was not launched. Choose Launch when back online to queue it; the form is kept.",
                        input.run_name
                    ),
                ));
            }
            // Queued for later, or a server that did not give the schema: the server checks
            // the parameters itself when the launch reaches it.
            Err(_) => {}
        }

        let change = sync::launch_change(
            &ws.name,
            ws.workspace_id,
            &p,
            rule::source_workspace(&p),
            Some(ce.id.clone()),
            &input,
        );
        let (draft_id, change_id) = store
            .queue_launch(ws.account_id, workspace, Some(draft_id), &input, &change)
            .await?;
        self.wrote(ws.account_id, Some(ws.id), &[Section::Runs]);
        let queued = LaunchOutcome {
            state: LaunchState::Queued,
            run_name: input.run_name.clone(),
            draft_id,
            message: format!(
                "{} is queued: it will be launched once, when the server answers.",
                input.run_name
            ),
        };
        if when_online {
            self.after_change(ws.account_id);
            return Ok(queued);
        }
        // Sent now, by itself: a sync running meanwhile is not waited for (only its push is).
        let synced = self.send_now(ws.account_id).await;
        match store.outbox_row(change_id).await {
            Err(StoreError::NotFound(_)) => {
                // The new run, in the Runs list at once (the newest runs of this workspace).
                match self.client(&row).await {
                    Ok(client) => {
                        if let Err(e) = sync::pull_new_runs(store, &client, &row, &ws).await {
                            tracing::info!("the launched run is listed at the next sync: {e}");
                        }
                    }
                    Err(e) => {
                        tracing::info!("the launched run is listed at the next sync: {}", e.message)
                    }
                }
                self.wrote(ws.account_id, Some(ws.id), &[Section::Runs]);
                Ok(LaunchOutcome {
                    state: LaunchState::Launched,
                    run_name: input.run_name.clone(),
                    draft_id,
                    message: format!("{} was launched on {}.", input.run_name, ce.name),
                })
            }
            Err(e) => Err(e.into()),
            Ok(row) if row.state != towerdesk_store::ChangeState::Waiting => {
                // Refused: the form keeps the values (a draft again), the queue forgets it.
                let message = row
                    .message
                    .clone()
                    .unwrap_or_else(|| "The server refused the launch.".into());
                store.discard_change(change_id).await?;
                self.wrote(ws.account_id, Some(ws.id), &[Section::Runs]);
                Err(invalid(message))
            }
            Ok(_) => {
                if let Err(e) = synced {
                    tracing::info!(kind = ?e.kind, "launch queued after a failed sync: {}", e.message);
                }
                Ok(queued)
            }
        }
    }
}

/// Checks run parameters as they are typed: the text reads as JSON or YAML and, with the
/// pipeline's schema (`LaunchForm::schema_text`), fits it. Each problem has its line when known.
pub fn check_run_params(schema_text: Option<&str>, params_text: &str) -> Vec<ParamIssue> {
    let schema = match schema_text.map(params::parse_schema) {
        Some(Ok(s)) => Some(s),
        Some(Err(message)) => {
            return vec![ParamIssue {
                param: None,
                line: None,
                message,
            }];
        }
        None => None,
    };
    params::check_params_text(schema.as_ref(), params_text)
}
