//! Runs of a workspace, as kept here; a run's page; the live refresh of a run (or of a
//! workspace's runs still going) through the run's own endpoints, outside a sync; and Cancel.

use chrono::{DateTime, Utc};
use towerdesk_platform_api::{
    ApiErrorKind, PageRequest, PlatformClient, ProgressData, WorkflowAttribute, WorkflowListItem,
    WorkflowLoad, WorkflowQuery, WorkflowResponse,
};
use towerdesk_store::{
    ProcessProgress, RunDetails, RunRecord, TaskCounts, Workspace, WorkspaceListing,
};

use super::Towerdesk;
use super::permissions::standing;
use crate::credits::CreditRates;
use crate::error::{AppError, ErrorKind, Result};
use crate::events::{CoreEvent, Section};
use crate::rules::permissions::cancel_run;
use crate::rules::runs::RunSearch;
use crate::sync::pull::run_record;
use crate::views::{RunList, RunPage, RunView};

/// As many as the Runs section shows.
const RUNS_SHOWN: i64 = 500;
/// At most this many runs still going are refreshed at once (the newest): one request each
/// (`GET /workflow/{id}`, which carries the progress), so a tick stays under a second at the
/// Platform's pace.
const ACTIVE_REFRESHED: usize = 10;

impl Towerdesk {
    /// The workspace's runs, newest first, that match `search` (the Platform's runs search
    /// syntax, see [`RunSearch`]); a search that cannot be read is refused as `validation` with
    /// the reason.
    pub async fn runs(&self, workspace: i64, search: Option<&str>) -> Result<RunList, AppError> {
        let search = RunSearch::parse(search.unwrap_or(""))
            .map_err(|m| AppError::new(ErrorKind::Validation, m))?;
        let store = self.store()?;
        let ws = store.workspace(workspace).await?;
        let org_role = self.org_role_of(&ws).await?;
        let s = standing(&ws, org_role.as_deref());
        let runs = store.runs(workspace, RUNS_SHOWN).await?;
        Ok(RunList {
            runs: runs
                .into_iter()
                .filter(|r| search.matches(r))
                .map(|r| RunView::of(r, s, CreditRates::PLATFORM))
                .collect(),
            not_applied: search.not_applied(),
        })
    }

    /// The search passed to the server as well (`GET /workflow?search=`, the Platform's own
    /// syntax): the first 100 runs it matches are kept here (runs older than the sync brought
    /// among them), then the local search is applied as [`Towerdesk::runs`] does. A search the
    /// core cannot read is refused before any request.
    pub async fn search_runs_on_server(
        &self,
        workspace: i64,
        search: &str,
    ) -> Result<RunList, AppError> {
        RunSearch::parse(search).map_err(|m| AppError::new(ErrorKind::Validation, m))?;
        let store = self.store()?;
        let ws = store.workspace(workspace).await?;
        if ws.workspace_id.is_some() || ws.personal {
            let account = store.account_row(ws.account_id).await?;
            let client = self.client(&account).await?;
            let query = WorkflowQuery {
                search: Some(search.to_string()),
                attributes: vec![WorkflowAttribute::Labels],
            };
            let page = client
                .list_runs_page(
                    ws.workspace_id,
                    &query,
                    PageRequest::new(0, PageRequest::MAX_PAGE_SIZE),
                )
                .await?;
            let records: Vec<RunRecord> = page.items.iter().filter_map(run_record).collect();
            if !records.is_empty() {
                // A listing of its own that never finishes: it adds and updates, never deletes.
                let generation = store.begin_listing(WorkspaceListing::Runs, ws.id).await?;
                store.upsert_runs(ws.id, generation, &records).await?;
                self.wrote_runs(&ws);
            }
        }
        self.runs(workspace, Some(search)).await
    }

    /// A run's page as last read (offline too).
    pub async fn run_page(&self, run: i64) -> Result<RunPage, AppError> {
        let store = self.store()?;
        let row = store.run(run).await?;
        let ws = store.workspace(store.run_workspace(run).await?).await?;
        let org_role = self.org_role_of(&ws).await?;
        Ok(RunPage {
            run: RunView::of(
                row,
                standing(&ws, org_role.as_deref()),
                CreditRates::PLATFORM,
            ),
            workspace_id: ws.id,
            details: store.run_details(run).await?,
        })
    }

    /// Reads one run from the server (`GET /workflow/{id}` and its `/progress`), keeps what its
    /// page shows and tells the window (`DataChanged { section: runs }`). Offline, the error
    /// says so and the page keeps what was last read.
    pub async fn refresh_run(&self, run: i64) -> Result<RunPage, AppError> {
        let store = self.store()?;
        let ws = store.workspace(store.run_workspace(run).await?).await?;
        let account = store.account_row(ws.account_id).await?;
        let client = self.client(&account).await?;
        self.read_run(&client, &ws, run, Read::Page).await?;
        self.wrote_runs(&ws);
        self.announce_finished_launches(ws.account_id).await?;
        self.run_page(run).await
    }

    /// Refreshes the workspace's runs still going (the newest [`ACTIVE_REFRESHED`]) through their
    /// own endpoints; returns how many are still going afterwards. One event when any was read.
    pub async fn refresh_active_runs(&self, workspace: i64) -> Result<usize, AppError> {
        let store = self.store()?;
        let ws = store.workspace(workspace).await?;
        let active = store.active_runs(workspace).await?;
        if active.is_empty() {
            return Ok(0);
        }
        let account = store.account_row(ws.account_id).await?;
        let client = self.client(&account).await?;
        let mut going = 0;
        let mut read = 0;
        let mut failure = None;
        for r in active.iter().take(ACTIVE_REFRESHED) {
            match self.read_run(&client, &ws, r.id, Read::Light).await {
                Ok(rec) => {
                    read += 1;
                    if !towerdesk_store::run_is_finished(&rec.status) {
                        going += 1;
                    }
                }
                // A run deleted on the server: the next sync's full listing removes it.
                Err(e) if e.kind == ErrorKind::NotFound => {}
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            }
        }
        if read > 0 {
            self.wrote_runs(&ws);
            self.announce_finished_launches(ws.account_id).await?;
        }
        match failure {
            Some(e) if read == 0 => Err(e),
            _ => Ok(going + active.len().saturating_sub(ACTIVE_REFRESHED)),
        }
    }

    /// Reads, newest first, up to `limit` runs in `scope` whose compute environment is not known
    /// here (a listing does not say where a run ran; its description does): the credits
    /// dashboard's "Look up where they ran", so that their spend moves into credits or cloud
    /// cost. One request per run; stops at the first error that is not a deleted run.
    pub async fn locate_runs(
        &self,
        scope: &super::credits::CreditsScope,
        limit: u32,
    ) -> Result<super::credits::LocatedRuns, AppError> {
        let store = self.store()?;
        let (cost_scope, _) = self.cost_scope(scope).await?;
        let (runs, _) = store
            .runs_without_platform(cost_scope, i64::from(limit))
            .await?;
        let mut read = 0u32;
        let mut stopped_by = None;
        let mut touched: Vec<Workspace> = Vec::new();
        let mut clients: std::collections::HashMap<i64, PlatformClient> =
            std::collections::HashMap::new();
        for (run, ws_id) in runs {
            let ws = match touched.iter().find(|w| w.id == ws_id) {
                Some(w) => w.clone(),
                None => {
                    let w = store.workspace(ws_id).await?;
                    touched.push(w.clone());
                    w
                }
            };
            let client = match clients.entry(ws.account_id) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => {
                    let account = store.account_row(ws.account_id).await?;
                    match self.client(&account).await {
                        Ok(c) => e.insert(c),
                        Err(err) => {
                            stopped_by = Some(err.message);
                            break;
                        }
                    }
                }
            };
            match self.read_run(client, &ws, run, Read::Light).await {
                Ok(_) => read += 1,
                Err(e) if e.kind == ErrorKind::NotFound => {}
                Err(e) => {
                    stopped_by = Some(e.message);
                    break;
                }
            }
        }
        for ws in &touched {
            self.wrote_runs(ws);
        }
        let (_, left) = store.runs_without_platform(cost_scope, 0).await?;
        Ok(super::credits::LocatedRuns {
            read,
            left: u32::try_from(left).unwrap_or(u32::MAX),
            stopped_by,
        })
    }

    /// Cancels a run still going, for roles that may (launch and up), then reads it again.
    /// Offline it is refused: a cancel is not queued.
    pub async fn cancel_run(&self, run: i64) -> Result<RunPage, AppError> {
        let store = self.store()?;
        let row = store.run(run).await?;
        let ws = store.workspace(store.run_workspace(run).await?).await?;
        let org_role = self.org_role_of(&ws).await?;
        cancel_run(standing(&ws, org_role.as_deref()), &row.status).require()?;
        let account = store.account_row(ws.account_id).await?;
        let client = self.client(&account).await?;
        match client.cancel_run(ws.workspace_id, &row.workflow_id).await {
            Ok(()) => {}
            Err(e) if matches!(e.kind(), ApiErrorKind::Connection | ApiErrorKind::Timeout) => {
                return Err(AppError::new(
                    ErrorKind::Offline,
                    "Cancelling a run needs a connection to the server: it was not cancelled.",
                ));
            }
            Err(e) => return Err(e.into()),
        }
        self.read_run(&client, &ws, run, Read::Page).await?;
        self.wrote_runs(&ws);
        self.run_page(run).await
    }

    /// Announces, once each, the runs launched from here (this account's published launches) that
    /// have finished since: `CoreEvent::RunFinished`, which the shell turns into a desktop
    /// notification. Called after anything that reads runs (a sync, a run's page, the live list).
    pub(crate) async fn announce_finished_launches(&self, account_id: i64) -> Result<(), AppError> {
        let store = self.store()?;
        for f in store.finished_launches(account_id).await? {
            store.launch_notified(f.draft_id).await?;
            self.events.send(CoreEvent::RunFinished {
                account_id,
                workspace_id: f.workspace_id,
                run_id: f.run_id,
                run_name: f.run_name,
                status: f.status,
                workspace_ref: f.workspace_ref,
            });
        }
        Ok(())
    }

    fn wrote_runs(&self, ws: &Workspace) {
        self.events.data(
            ws.account_id,
            Some(ws.id),
            &[Section::Runs, Section::Credits],
        );
    }

    /// One read of a run: describe, progress, and (once, for a page) how it was launched, for
    /// its compute environment's name; written in one transaction. A light read takes the
    /// progress the description carries and asks `/progress` only when it carries none.
    async fn read_run(
        &self,
        client: &PlatformClient,
        ws: &Workspace,
        run: i64,
        read: Read,
    ) -> Result<RunRecord, AppError> {
        let store = self.store()?;
        let row = store.run(run).await?;
        let described = client
            .describe_run(ws.workspace_id, &row.workflow_id)
            .await?;
        let progress = match (&described.progress, read) {
            (Some(p), Read::Light) => p.clone(),
            _ => {
                client
                    .run_progress(ws.workspace_id, &row.workflow_id)
                    .await?
            }
        };
        let compute_env = match (&row.compute_env, read) {
            (Some(_), _) | (None, Read::Light) => None,
            (None, Read::Page) => client
                .run_launch(ws.workspace_id, &row.workflow_id)
                .await
                .ok()
                .and_then(|l| l.compute_env),
        };
        let compute_env_id = compute_env.as_ref().and_then(|c| c.id.clone());
        let compute_env = compute_env.and_then(|c| c.name);
        let (mut record, details) =
            run_read(&described, progress, Utc::now()).ok_or_else(|| {
                AppError::new(
                    ErrorKind::Server,
                    format!(
                        "The server described run {} without its id.",
                        row.workflow_id
                    ),
                )
            })?;
        record.usage.compute_env_id = compute_env_id;
        store
            .write_run_read(ws.id, &record, compute_env.as_deref(), &details)
            .await?;
        Ok(record)
    }
}

/// How much one read asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Read {
    /// The run's page: description, progress and, once, its compute environment.
    Page,
    /// A running run followed from the list: its description (with its progress).
    Light,
}

fn counts(
    pending: Option<i64>,
    submitted: Option<i64>,
    running: Option<i64>,
    cached: Option<i64>,
    succeeded: Option<i64>,
    failed: Option<i64>,
    aborted: Option<i64>,
) -> TaskCounts {
    TaskCounts {
        pending: pending.unwrap_or(0),
        submitted: submitted.unwrap_or(0),
        running: running.unwrap_or(0),
        cached: cached.unwrap_or(0),
        succeeded: succeeded.unwrap_or(0),
        failed: failed.unwrap_or(0),
        aborted: aborted.unwrap_or(0),
    }
}

fn load_counts(l: &WorkflowLoad) -> TaskCounts {
    counts(
        l.pending,
        l.submitted,
        l.running,
        l.cached,
        l.succeeded,
        l.failed,
        l.aborted,
    )
}

/// What one read of a run brings, as the store keeps it: its row (as a listing makes it, so the
/// list and the page show the same cost) and its page (`now`: when it was read).
pub fn run_read(
    described: &WorkflowResponse,
    progress: ProgressData,
    now: DateTime<Utc>,
) -> Option<(RunRecord, RunDetails)> {
    let w = described.workflow.as_ref()?;
    let item = WorkflowListItem {
        workflow: Some(w.clone()),
        progress: Some(progress.clone()),
        labels: described.labels.clone(),
        pipeline_info: described.pipeline_info.clone(),
        ..WorkflowListItem::default()
    };
    let mut record = run_record(&item)?;
    // Where it ran: the description's platform (`aws-batch`, `seqeracompute-platform`...).
    record.usage.platform = described.platform.as_ref().and_then(|p| p.id.clone());
    let load = progress.workflow_progress.as_ref();
    let going = !towerdesk_store::run_is_finished(&record.status);
    let submitted = w.submit.or(w.date_created);
    let wall_time_ms = match (submitted, w.complete) {
        (Some(s), Some(c)) => Some((c - s).num_milliseconds().max(0)),
        (Some(s), None) if going => Some((now - s.with_timezone(&Utc)).num_milliseconds().max(0)),
        _ => w.duration,
    };
    let details = RunDetails {
        work_dir: w.work_dir.clone(),
        repository: w.repository.clone(),
        revision: w.revision.clone(),
        config_profiles: w.config_profiles.clone().unwrap_or_else(|| {
            w.profile
                .iter()
                .flat_map(|p| p.split(','))
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect()
        }),
        params: w
            .params
            .as_ref()
            .and_then(|p| serde_json::to_string_pretty(p).ok()),
        tasks: load.map(load_counts).unwrap_or_default(),
        processes: progress
            .processes_progress
            .iter()
            .map(|p| ProcessProgress {
                process: p.process.clone().unwrap_or_default(),
                tasks: counts(
                    p.pending,
                    p.submitted,
                    p.running,
                    p.cached,
                    p.succeeded,
                    p.failed,
                    p.aborted,
                ),
            })
            .collect(),
        cpu_time_ms: load.and_then(|l| l.cpu_time),
        memory_rss: load.and_then(|l| l.memory_rss),
        wall_time_ms,
        error_message: w.error_message.clone(),
        read_at: now.to_rfc3339(),
    };
    Some((record, details))
}
