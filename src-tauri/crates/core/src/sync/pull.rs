//! Pull: the server's state into the local store. Each listing is written a page (or a whole
//! unpaged list) per transaction; only a listing that completed marks what it did not return as
//! deleted, so a sync cut off half way deletes nothing. Local changes still queued are never
//! overwritten (the store's upserts leave those rows alone).

use std::collections::{HashMap, HashSet};

use futures::future::{BoxFuture, FutureExt, TryFutureExt};
use futures::{StreamExt, TryStreamExt};
use towerdesk_platform_api::{
    ApiErrorKind, Page, PageRequest, PipelineAttribute, PipelineQuery, PipelineVisibility,
    PlatformClient, WorkflowQuery,
};

use towerdesk_store::{
    AccountRow, ActionRecord, ComputeEnv, Credential, LabelRecord, ListingOutcome, MemberList,
    OrgMemberRecord, OrgPeopleListing, OrgRecord, OrgTeamRecord, Organization, Participant,
    ParticipantRecord, Pipeline, PipelineRecord, PipelinesFrom, Run, RunRecord, RunUsage, Shares,
    Store, Visibility, Workspace, WorkspaceListing, WorkspaceRecord, WorkspaceSettings,
};

use super::decide::{self, Freshness};
use crate::error::Result;
use crate::events::Section;

/// Reports what is being fetched and how far along the pull is, and what the sync changed.
pub trait Progress: Send + Sync {
    fn report(&self, what: &str, done: i64, total: Option<i64>);
    /// The sync changed what `section` shows, of the workspace with local id `workspace` or, when
    /// None, of the account (or of any of its workspaces).
    fn changed(&self, _section: Section, _workspace: Option<i64>) {}
    /// Whether anyone is told of `changed`: only then does the sync compare what it wrote with
    /// what was there (a few local reads per workspace).
    fn watching(&self) -> bool {
        false
    }
    /// The workspace on screen (local id `workspace`, named `label`) is filled: its listings and
    /// its runs are written; the others follow.
    fn first_ready(&self, _workspace: i64, _label: &str) {}
}

impl<F: Fn(&str, i64, Option<i64>) + Send + Sync> Progress for F {
    fn report(&self, what: &str, done: i64, total: Option<i64>) {
        self(what, done, total)
    }
}

/// Counts of what a pull wrote, for the CLI's summary and the tests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PullSummary {
    pub organizations: usize,
    pub workspaces: usize,
    /// Workspaces whose resources were fetched (the others were fresh enough to leave).
    pub workspaces_fetched: usize,
    /// Pipelines fetched: each workspace's own, and each organization's shared ones once.
    pub pipelines: usize,
    /// Runs fetched (a resync stops at the first page with nothing new).
    pub runs: usize,
}

/// Pulls everything the token can see, leaving nothing out ([`Freshness::ALWAYS`]).
pub async fn pull_account(
    store: &Store,
    client: &PlatformClient,
    account: &AccountRow,
    progress: &dyn Progress,
) -> Result<PullSummary> {
    pull_account_focused(store, client, account, progress, None, Freshness::ALWAYS).await
}

/// How many requests a pull keeps in flight. The client's limiter paces their starts (a little
/// under the Platform's 20 a second per token); one at a time, a pull would wait out each
/// request's latency and run well below that pace.
pub const IN_FLIGHT: usize = 4;

/// Pulls the account with the workspace the user is looking at (`first`, a local id; None: the
/// first in the usual order, which the window opens when it has no other) first and in full. The organizations and workspaces are always listed; another workspace's resources are
/// fetched only when they are older than `freshness.workspace` (the API has no conditional
/// requests or change feed, so not asking is the only way to save a request), and its runs are
/// listed newest first until a page brings nothing new, in full at least every
/// `freshness.full_runs` (a full listing is what removes runs deleted on the server). Besides the
/// workspace on screen and those where a run launched from here is still going, only the
/// `freshness.background_runs` workspaces whose runs were listed longest ago are listed
/// ([`decide::runs_to_list`]).
///
/// In three steps, each keeping up to [`IN_FLIGHT`] requests going: the workspace on screen (its
/// listings side by side), then the shared pipelines of the other organizations (each listed once
/// and shown in every workspace of its organization), then the other workspaces and the
/// descriptions the workspace listing left to ask for.
pub async fn pull_account_focused(
    store: &Store,
    client: &PlatformClient,
    account: &AccountRow,
    progress: &dyn Progress,
    first: Option<i64>,
    freshness: Freshness,
) -> Result<PullSummary> {
    let mut summary = PullSummary::default();
    let watching = progress.watching();
    progress.report("Organizations and workspaces", 0, None);
    let lists_before = if watching {
        Some(AccountShown::read(store, account.id).await?)
    } else {
        None
    };
    let listed = pull_orgs_and_workspaces(store, client, account, &mut summary).await?;
    let mut lists = match lists_before {
        Some(before) => Some(before.report(store, progress).await?),
        None => None,
    };

    let mut workspaces = store.workspaces(account.id, None).await?;
    // What the window shows of each workspace before this pull: read for all of them first, as
    // an organization's shared pipelines, listed once, show in each of its workspaces.
    let mut shown_before: HashMap<i64, WorkspaceShown> = HashMap::new();
    if watching {
        for ws in &workspaces {
            shown_before.insert(ws.id, WorkspaceShown::read(store, ws.id).await?);
        }
    }
    // With none on screen (a first sync: the window opens the first workspace of the list once
    // the list is there), the first in the usual order is taken as the one on screen.
    let first = first
        .filter(|id| workspaces.iter().any(|w| w.id == *id))
        .or(workspaces.first().map(|w| w.id));
    // Stable: the focused workspace first, the rest in their usual order.
    workspaces.sort_by_key(|w| Some(w.id) != first);
    let now = chrono::Utc::now();
    let mut plans = Vec::with_capacity(workspaces.len());
    let awaiting: HashSet<i64> = store
        .workspaces_awaiting_launches(account.id)
        .await?
        .into_iter()
        .collect();
    let mut candidates = Vec::with_capacity(workspaces.len());
    for ws in &workspaces {
        let last = store
            .cursor(account.id, &format!("workspace:{}", ws.id))
            .await?;
        let fetch =
            Some(ws.id) == first || !decide::fresh(last.as_deref(), now, freshness.workspace);
        plans.push(WorkspacePlan {
            ws,
            fetch,
            runs: false,
            role_told: ws
                .workspace_id
                .is_none_or(|id| listed.told_roles.contains(&id)),
        });
        candidates.push(decide::RunListing {
            workspace: ws.id,
            last_listed: store
                .cursor(account.id, &format!("runs-listed:{}", ws.id))
                .await?,
            always: Some(ws.id) == first || awaiting.contains(&ws.id),
        });
    }
    let to_list: HashSet<i64> = decide::runs_to_list(&candidates, freshness.background_runs)
        .into_iter()
        .collect();
    for plan in &mut plans {
        plan.runs = to_list.contains(&plan.ws.id);
    }
    let total = plans.len() as i64;
    let cx = PullContext {
        store,
        client,
        account,
        progress,
        now,
        freshness,
        total,
        started: std::sync::atomic::AtomicI64::new(0),
    };

    let mut plans = plans.into_iter().peekable();
    let mut shown_after = |ws: i64| shown_before.remove(&ws);
    let mut outcomes = Vec::with_capacity(total as usize);
    let mut shared_listed: HashSet<i64> = HashSet::new();
    // 1. The workspace on screen, with its organization's shared pipelines.
    if let Some(plan) = plans.next_if(|p| Some(p.ws.id) == first) {
        let before = shown_after(plan.ws.id);
        let (outcome, shared) = tokio::try_join!(cx.pull_planned(&plan, before), async {
            match (plan.fetch, plan.ws.org_id) {
                (true, Some(org)) => {
                    Ok(pull_shared_pipelines(store, client, account, org, plan.ws)
                        .await?
                        .map(|n| (org, n)))
                }
                _ => Ok(None),
            }
        })?;
        if let Some((org, n)) = shared {
            shared_listed.insert(org);
            summary.pipelines += n;
        }
        outcomes.push(outcome);
        progress.first_ready(plan.ws.id, &workspace_label(plan.ws));
    }
    let plans: Vec<WorkspacePlan> = plans.collect();

    // 2. The shared pipelines of the other organizations with a workspace fetched, through the
    // first of their workspaces allowed to list them.
    let mut via: Vec<(i64, Vec<&Workspace>)> = Vec::new();
    for plan in plans.iter().filter(|p| p.fetch) {
        let Some(org) = plan.ws.org_id else { continue };
        if shared_listed.contains(&org) {
            continue;
        }
        match via.iter_mut().find(|(o, _)| *o == org) {
            Some((_, list)) => list.push(plan.ws),
            None => via.push((org, vec![plan.ws])),
        }
    }
    let shared: Vec<Option<usize>> = in_flight(
        via.into_iter()
            .map(|(org, list)| {
                async move {
                    for ws in list {
                        if let Some(n) =
                            pull_shared_pipelines(store, client, account, org, ws).await?
                        {
                            return Ok(Some(n));
                        }
                    }
                    Ok(None)
                }
                .boxed()
            })
            .collect(),
    )
    .await?;
    summary.pipelines += shared.into_iter().flatten().sum::<usize>();

    // 3. The other workspaces, and the workspace descriptions left to ask for.
    let befores: Vec<Option<WorkspaceShown>> = plans.iter().map(|p| shown_after(p.ws.id)).collect();
    let cx = &cx;
    // The organizations' people first (three paged listings per organization, not per
    // workspace): the organization of the workspace on screen always, the others when their
    // last listing is older than `freshness.workspace`.
    let focused_org = first
        .and_then(|id| workspaces.iter().find(|w| w.id == id))
        .and_then(|w| w.org_id);
    let mut work: Vec<BoxFuture<'_, Result<Option<WorkspaceOutcome>>>> = Vec::new();
    for org in store.organizations(account.id).await? {
        let last = store.cursor(account.id, &org_people_cursor(org.id)).await?;
        if Some(org.org_id) != focused_org
            && decide::fresh(last.as_deref(), now, freshness.workspace)
        {
            continue;
        }
        work.push(
            pull_org_people(store, client, account, org, progress)
                .map_ok(|()| None)
                .boxed(),
        );
    }
    work.extend(
        plans
            .iter()
            .zip(befores)
            .map(|(plan, before)| cx.pull_planned(plan, before).map_ok(Some).boxed()),
    );
    for d in listed.to_describe {
        work.push(
            describe_later(store, client, account, d)
                .map_ok(|()| None)
                .boxed(),
        );
    }
    let done = in_flight(work).await?;
    outcomes.extend(done.into_iter().flatten());

    let mut runs_changed = false;
    for o in outcomes {
        summary.workspaces_fetched += usize::from(o.fetched);
        summary.pipelines += o.pipelines;
        summary.runs += o.runs;
        runs_changed |= o.runs_changed;
    }
    if runs_changed {
        progress.changed(Section::Credits, None);
    }
    // A workspace's role may come from its participants, and its description from its own view,
    // both pulled after the lists.
    if let Some(before) = lists.take() {
        before.report(store, progress).await?;
    }
    progress.report("Done", total, Some(total));
    Ok(summary)
}

/// The sync cursor of an organization's people (local id `org`).
fn org_people_cursor(org: i64) -> String {
    format!("org-people:{org}")
}

/// What the window shows of an organization's people, to tell whether a pull changed it.
#[derive(PartialEq)]
struct OrgPeopleShown {
    members: Vec<OrgMemberRecord>,
    collaborators: Vec<OrgMemberRecord>,
    teams: Vec<OrgTeamRecord>,
    outcomes: Vec<Option<ListingOutcome>>,
}

impl OrgPeopleShown {
    async fn read(store: &Store, org: i64) -> Result<Self> {
        let mut outcomes = Vec::new();
        for listing in OrgPeopleListing::ALL {
            outcomes.push(
                store
                    .org_people_listing(listing, org)
                    .await?
                    .map(|m| m.outcome),
            );
        }
        Ok(Self {
            members: store.org_members(MemberList::Members, org).await?,
            collaborators: store.org_members(MemberList::Collaborators, org).await?,
            teams: store.org_teams(org).await?,
            outcomes,
        })
    }
}

/// An organization's members, collaborators and teams (`GET /orgs/{orgId}/members`,
/// `/collaborators`, `/teams`, every page). A listing the server refuses (403/404: a member or a
/// collaborator may not list them) did not complete: nothing is written or deleted, the refusal
/// is recorded for the window, and the sync goes on.
async fn pull_org_people(
    store: &Store,
    client: &PlatformClient,
    account: &AccountRow,
    org: Organization,
    progress: &dyn Progress,
) -> Result<()> {
    let before = if progress.watching() {
        Some(OrgPeopleShown::read(store, org.id).await?)
    } else {
        None
    };
    let (local, id) = (org.id, org.org_id);
    for list in [MemberList::Members, MemberList::Collaborators] {
        let listing = list.listing();
        let generation = store.begin_org_people_listing(listing, local).await?;
        let done = each_page(
            |page| async move {
                match list {
                    MemberList::Members => client.list_org_members_page(id, None, page).await,
                    MemberList::Collaborators => {
                        client.list_org_collaborators_page(id, None, page).await
                    }
                }
            },
            |items| async move {
                let records: Vec<OrgMemberRecord> =
                    items.iter().filter_map(org_member_record).collect();
                store
                    .upsert_org_members(list, local, generation, &records)
                    .await?;
                Ok(Paging::Go)
            },
        )
        .await?;
        end_org_people_listing(store, listing, local, generation, done).await?;
    }
    let generation = store
        .begin_org_people_listing(OrgPeopleListing::Teams, local)
        .await?;
    let done = each_page(
        |page| client.list_org_teams_page(id, None, page),
        |items| async move {
            let records: Vec<OrgTeamRecord> = items.iter().filter_map(org_team_record).collect();
            store.upsert_org_teams(local, generation, &records).await?;
            Ok(Paging::Go)
        },
    )
    .await?;
    end_org_people_listing(store, OrgPeopleListing::Teams, local, generation, done).await?;
    store
        .set_cursor(account.id, &org_people_cursor(local), 0)
        .await?;
    if let Some(before) = before
        && before != OrgPeopleShown::read(store, local).await?
    {
        progress.changed(Section::OrgPeople, None);
    }
    Ok(())
}

async fn end_org_people_listing(
    store: &Store,
    listing: OrgPeopleListing,
    org: i64,
    generation: i64,
    done: Listing,
) -> Result<()> {
    match done {
        Listing::Complete(_) => {
            store
                .finish_org_people_listing(listing, org, generation)
                .await?;
        }
        Listing::NotAllowed => store.refuse_org_people_listing(listing, org).await?,
        // Never asked to stop: nothing to record, nothing deleted.
        Listing::Stopped(_) => {}
    }
    Ok(())
}

/// A member or collaborator as the store keeps it; None without a member id.
pub fn org_member_record(m: &towerdesk_platform_api::Member) -> Option<OrgMemberRecord> {
    Some(OrgMemberRecord {
        member_id: m.member_id?,
        user_name: m.user_name.clone(),
        email: m.email.clone(),
        first_name: m.first_name.clone(),
        last_name: m.last_name.clone(),
        avatar: m.avatar.clone(),
        role: m.role.as_ref().map(|r| r.as_str().to_string()),
    })
}

/// A team as the store keeps it; None without a team id.
pub fn org_team_record(t: &towerdesk_platform_api::Team) -> Option<OrgTeamRecord> {
    Some(OrgTeamRecord {
        team_id: t.team_id?,
        name: t.name.clone(),
        description: t.description.clone(),
        members_count: t.members_count,
    })
}

/// Runs `work` with up to [`IN_FLIGHT`] of them going at once; the results in the order they
/// end, or the first error (the rest are dropped: nothing half-written, each writes its own
/// transactions). Boxed futures, so the pull's future stays `Send` for the sync loop's task.
async fn in_flight<'a, T: Send + 'a>(work: Vec<BoxFuture<'a, Result<T>>>) -> Result<Vec<T>> {
    futures::stream::iter(work)
        .buffer_unordered(IN_FLIGHT)
        .try_collect()
        .await
}

/// What a pull does with one workspace.
struct WorkspacePlan<'a> {
    ws: &'a Workspace,
    /// Fetch its resources (participants, settings, compute environments, credentials, labels,
    /// own pipelines).
    fetch: bool,
    /// List its newest runs.
    runs: bool,
    /// Whether the workspace listing gave the user's role (otherwise it comes from the
    /// participants).
    role_told: bool,
}

/// What one workspace's pull brought.
struct WorkspaceOutcome {
    fetched: bool,
    pipelines: usize,
    runs: usize,
    runs_changed: bool,
}

/// What every workspace's pull of one account shares.
struct PullContext<'a> {
    store: &'a Store,
    client: &'a PlatformClient,
    account: &'a AccountRow,
    progress: &'a dyn Progress,
    now: chrono::DateTime<chrono::Utc>,
    freshness: Freshness,
    total: i64,
    /// Workspaces started so far, for the progress line.
    started: std::sync::atomic::AtomicI64,
}

impl PullContext<'_> {
    /// Pulls one workspace as `plan` says, then tells the window what changed of it (`before`:
    /// what it showed before the pull, when someone is watching).
    async fn pull_planned(
        &self,
        plan: &WorkspacePlan<'_>,
        before: Option<WorkspaceShown>,
    ) -> Result<WorkspaceOutcome> {
        let ws = plan.ws;
        let i = self
            .started
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.progress.report(
            &format!("Workspace {}", workspace_label(ws)),
            i,
            Some(self.total),
        );
        let (store, client, account) = (self.store, self.client, self.account);
        let resources = async {
            if !plan.fetch {
                return Ok(None);
            }
            let n = pull_workspace(store, client, account, ws, plan.role_told).await?;
            store
                .set_cursor(account.id, &format!("workspace:{}", ws.id), 0)
                .await?;
            Ok(Some(n))
        };
        let runs = async {
            if !plan.runs {
                return Ok(0);
            }
            pull_runs(store, client, account, ws, self.now, self.freshness).await
        };
        let (pipelines, runs) = tokio::try_join!(resources, runs)?;
        let mut runs_changed = false;
        if let Some(before) = before {
            let after = WorkspaceShown::read(store, ws.id).await?;
            runs_changed = before.report(&after, ws.id, self.progress);
        }
        Ok(WorkspaceOutcome {
            fetched: pipelines.is_some(),
            pipelines: pipelines.unwrap_or(0),
            runs,
            runs_changed,
        })
    }
}

/// The account's organizations and workspaces as the window shows them, to tell whether a pull
/// changed them.
struct AccountShown {
    account_id: i64,
    organizations: Vec<Organization>,
    workspaces: Vec<Workspace>,
}

impl AccountShown {
    async fn read(store: &Store, account_id: i64) -> Result<Self> {
        Ok(Self {
            account_id,
            organizations: store.organizations(account_id).await?,
            workspaces: store.workspaces(account_id, None).await?,
        })
    }

    /// Tells `progress` what changed since `self` was read; returns what is there now.
    async fn report(self, store: &Store, progress: &dyn Progress) -> Result<Self> {
        let now = Self::read(store, self.account_id).await?;
        if now.organizations != self.organizations {
            progress.changed(Section::Organizations, None);
        }
        if now.workspaces != self.workspaces {
            progress.changed(Section::Workspaces, None);
        }
        Ok(now)
    }
}

/// What the window shows of one workspace, section by section, to tell whether a pull changed it.
#[derive(PartialEq)]
struct WorkspaceShown {
    participants: Vec<Participant>,
    settings: WorkspaceSettings,
    compute_envs: Vec<ComputeEnv>,
    credentials: Vec<Credential>,
    actions: Vec<ActionRecord>,
    pipelines: Vec<Pipeline>,
    runs: Vec<Run>,
}

impl WorkspaceShown {
    async fn read(store: &Store, ws: i64) -> Result<Self> {
        Ok(Self {
            participants: store.participants(ws).await?,
            settings: store.workspace_settings(ws).await?,
            compute_envs: store.compute_envs(ws).await?,
            credentials: store.credentials(ws).await?,
            actions: store.actions(ws).await?,
            pipelines: store
                .pipelines(ws, PipelinesFrom::ThisAndShared, None)
                .await?,
            // As many as the Runs section shows (`Towerdesk::runs`).
            runs: store.runs(ws, 500).await?,
        })
    }

    /// Tells `progress` which sections of workspace `ws` differ; returns whether its runs did.
    fn report(&self, now: &Self, ws: i64, progress: &dyn Progress) -> bool {
        let sections = [
            (self.participants != now.participants, Section::Participants),
            (self.settings != now.settings, Section::Settings),
            (self.compute_envs != now.compute_envs, Section::ComputeEnvs),
            (self.credentials != now.credentials, Section::Credentials),
            (self.actions != now.actions, Section::Actions),
            (self.pipelines != now.pipelines, Section::Pipelines),
            (self.runs != now.runs, Section::Runs),
        ];
        for (changed, section) in sections {
            if changed {
                progress.changed(section, Some(ws));
            }
        }
        self.runs != now.runs
    }
}

/// What the listing of organizations and workspaces found.
struct Listed {
    /// The server ids of the workspaces whose role the listing gave (or the organization's
    /// ownership implies); the others' are looked for in their participants.
    told_roles: HashSet<i64>,
    /// Workspaces to describe: their `lastUpdated` (and, where the organization's listing was
    /// refused, their details) come only from their own view.
    to_describe: Vec<Describe>,
}

/// A workspace to describe after the listing was written, and how to write what it says.
struct Describe {
    record: WorkspaceRecord,
    /// Whether the organization's listing gave its details (then the view adds only
    /// `lastUpdated`).
    listed: bool,
    generation: i64,
}

/// The user's organizations and workspaces. `/orgs` lists only the organizations the user is a
/// member of, so an organization seen only in `/user/{id}/workspaces` (a collaborator's) is kept
/// from there, by id and name. A workspace's full name, description and visibility come from its
/// organization's listing or, where that is refused (a collaborator), from the workspace itself;
/// what no response gave stays unknown (None), never guessed. The listings are written at once
/// (every listing was fetched first, so one that fails half way neither deletes nor blanks
/// anything); the workspaces to describe keep what the store had until their description comes
/// ([`describe_later`]), so a first sync does not wait for one request per workspace before the
/// workspace on screen is pulled.
async fn pull_orgs_and_workspaces(
    store: &Store,
    client: &PlatformClient,
    account: &AccountRow,
    summary: &mut PullSummary,
) -> Result<Listed> {
    let rows = client.user_workspaces(account.user_id).await?;
    let orgs = client.list_orgs().await?;
    let org_records = organizations(&orgs, &rows);
    // The organizations' workspace listings, side by side. A collaborator may not list an
    // organization's workspaces (None): each of theirs is described instead.
    type OrgListing<'a> = BoxFuture<'a, Result<Option<Vec<towerdesk_platform_api::Workspace>>>>;
    let mut listings: Vec<OrgListing<'_>> = Vec::with_capacity(org_records.len());
    for org in &org_records {
        let org_id = org.org_id;
        listings.push(async move { allowed(client.list_workspaces(org_id).await) }.boxed());
    }
    let org_listings: Vec<Option<Vec<towerdesk_platform_api::Workspace>>> =
        futures::stream::iter(listings)
            .buffered(IN_FLIGHT)
            .try_collect()
            .await?;

    let org_gen = store.begin_org_listing(account.id).await?;
    store
        .upsert_organizations(account.id, org_gen, &org_records)
        .await?;
    store.finish_org_listing(account.id, org_gen).await?;
    summary.organizations = org_records.len();

    let ws_gen = store.begin_workspace_listing(account.id).await?;
    let mut records = workspace_records(&rows, &org_records);
    let told_roles: HashSet<i64> = records
        .iter()
        .filter(|r| r.role.is_some())
        .map(|r| r.workspace_id)
        .collect();
    // The org listings carry descriptions; `lastUpdated`, which conflict detection compares a
    // queued edit's base with, is only in each workspace's own view (the listing's
    // WorkspaceDbDto has none).
    // What the store holds, to skip describing a workspace whose listed fields did not change.
    let known: HashMap<i64, Workspace> = store
        .workspaces(account.id, None)
        .await?
        .into_iter()
        .filter_map(|w| Some((w.workspace_id?, w)))
        .collect();
    let mut to_describe = Vec::new();
    for (org, listed) in org_records.iter().zip(&org_listings) {
        for record in records.iter_mut().filter(|r| r.org_id == org.org_id) {
            let from_listing = listed
                .iter()
                .flatten()
                .find(|w| w.id == Some(record.workspace_id));
            let stored = known.get(&record.workspace_id);
            if let Some(w) = from_listing {
                take_details(record, w);
                let stored = stored.map(|k| decide::StoredWorkspace {
                    name: &k.name,
                    full_name: k.full_name.as_deref(),
                    description: k.description.as_deref(),
                    visibility: k.visibility,
                    last_updated: k.last_updated.as_deref(),
                });
                let as_listed = decide::StoredWorkspace {
                    name: &record.name,
                    full_name: record.full_name.as_deref(),
                    description: record.description.as_deref(),
                    visibility: record.visibility,
                    last_updated: None,
                };
                if let Some(unchanged) = decide::known_last_updated(stored.as_ref(), &as_listed) {
                    record.last_updated = Some(unchanged.to_string());
                    continue;
                }
            } else if listed.is_some() {
                // Listed by the user's workspaces but not by the organization's listing: leave
                // its details as they are rather than ask for a workspace the server hides.
                continue;
            }
            // Refused or changed: described after the lists are written; until then it keeps
            // what the store had of what the listing did not say.
            to_describe.push(Describe {
                record: record.clone(),
                listed: from_listing.is_some(),
                generation: ws_gen,
            });
            if let Some(k) = stored {
                record.last_updated = k.last_updated.clone();
                if from_listing.is_none() {
                    record.description = k.description.clone();
                }
            }
        }
    }
    store
        .upsert_workspaces(account.id, ws_gen, &records)
        .await?;
    store
        .finish_workspace_listing(account.id, None, ws_gen)
        .await?;
    summary.workspaces = records.len();
    Ok(Listed {
        told_roles,
        to_describe,
    })
}

/// Describes one workspace the listing left to ask for and writes what its view says: its
/// `lastUpdated`, and its details when the organization's listing was refused. A view refused
/// or gone leaves the workspace as the listing wrote it.
async fn describe_later(
    store: &Store,
    client: &PlatformClient,
    account: &AccountRow,
    d: Describe,
) -> Result<()> {
    let Describe {
        mut record,
        listed,
        generation,
    } = d;
    let Some(view) = allowed(
        client
            .describe_workspace(record.org_id, record.workspace_id)
            .await,
    )?
    else {
        return Ok(());
    };
    if !listed {
        take_details(&mut record, &view);
    }
    record.last_updated = view.last_updated.map(|t| t.to_rfc3339());
    store
        .upsert_workspaces(account.id, generation, &[record])
        .await?;
    Ok(())
}

/// The organizations `/orgs` lists, then those only the user's workspace list names (an
/// organization in which the user is a collaborator): its id and name, and nothing else known.
fn organizations(
    orgs: &[towerdesk_platform_api::Organization],
    rows: &[towerdesk_platform_api::OrgAndWorkspace],
) -> Vec<OrgRecord> {
    let mut records: Vec<OrgRecord> = orgs
        .iter()
        .filter_map(|o| {
            Some(OrgRecord {
                org_id: o.org_id?,
                name: o.name.clone()?,
                full_name: o.full_name.clone(),
                description: o.description.clone(),
                logo_url: o.logo_url.clone(),
                role: o.member_role.as_ref().map(|r| r.as_str().to_string()),
            })
        })
        .collect();
    for r in rows {
        let (Some(org_id), Some(name)) = (r.org_id, r.org_name.as_ref()) else {
            continue;
        };
        if records.iter().any(|o| o.org_id == org_id) {
            continue;
        }
        records.push(OrgRecord {
            org_id,
            name: name.clone(),
            full_name: None,
            description: None,
            logo_url: r.org_logo_url.clone(),
            role: None,
        });
    }
    records
}

/// The user's workspaces as `/user/{id}/workspaces` lists them: ids, names and what else the row
/// says (newer servers add the full name, visibility and roles); the role follows the
/// organization's ownership ([`decide::listed_role`]).
fn workspace_records(
    rows: &[towerdesk_platform_api::OrgAndWorkspace],
    orgs: &[OrgRecord],
) -> Vec<WorkspaceRecord> {
    let org_role = |org_id: i64| {
        orgs.iter()
            .find(|o| o.org_id == org_id)
            .and_then(|o| o.role.as_deref())
    };
    rows.iter()
        .filter(|r| !r.is_org_row())
        .filter_map(|r| {
            let org_id = r.org_id?;
            Some(WorkspaceRecord {
                org_id,
                workspace_id: r.workspace_id?,
                name: r.workspace_name.clone()?,
                full_name: r.workspace_full_name.clone(),
                description: None,
                visibility: visibility(r.visibility.as_ref()),
                role: decide::listed_role(&r.roles, org_role(org_id)),
                last_updated: None,
            })
        })
        .collect()
}

/// A workspace's full name, description and visibility from the organization's listing or the
/// workspace's own view; a field the response left out stays as it was (unknown or listed).
fn take_details(record: &mut WorkspaceRecord, w: &towerdesk_platform_api::Workspace) {
    record.description = w.description.clone();
    if let Some(full) = &w.full_name {
        record.full_name = Some(full.clone());
    }
    if let Some(v) = visibility(w.visibility.as_ref()) {
        record.visibility = Some(v);
    }
}

fn workspace_label(ws: &Workspace) -> String {
    match &ws.org_name {
        Some(org) => format!("{org}/{}", ws.name),
        None => ws.name.clone(),
    }
}

/// None for a visibility the response left out or one this client does not know.
fn visibility(v: Option<&towerdesk_platform_api::Visibility>) -> Option<Visibility> {
    match v? {
        towerdesk_platform_api::Visibility::Shared => Some(Visibility::Shared),
        towerdesk_platform_api::Visibility::Private => Some(Visibility::Private),
        towerdesk_platform_api::Visibility::Other(_) => None,
    }
}

/// Treats "you may not list this" as an empty listing that did not complete: nothing written,
/// nothing deleted.
fn allowed<T>(r: towerdesk_platform_api::Result<T>) -> Result<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(e) if matches!(e.kind(), ApiErrorKind::Forbidden | ApiErrorKind::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Pulls one workspace's resources but its runs: participants, Studios settings, compute
/// environments, credentials, actions, labels and its own pipelines, side by side (each listing writes
/// its own rows). Returns how many pipelines it wrote.
async fn pull_workspace(
    store: &Store,
    client: &PlatformClient,
    account: &AccountRow,
    ws: &Workspace,
    role_told: bool,
) -> Result<usize> {
    // A workspace the server does not have yet (created offline) has nothing to pull.
    if ws.workspace_id.is_none() && !ws.personal {
        return Ok(0);
    }
    let ((), (), (), (), (), pipelines) = tokio::try_join!(
        pull_participants_and_settings(store, client, account, ws, role_told),
        pull_compute_envs(store, client, ws),
        pull_credentials(store, client, ws),
        pull_actions(store, client, ws),
        pull_labels(store, client, ws),
        pull_own_pipelines(store, client, account, ws),
    )?;
    Ok(pipelines)
}

/// An organization workspace's participants (and from them the user's role, when the listing
/// did not give it) and its Studios settings.
async fn pull_participants_and_settings(
    store: &Store,
    client: &PlatformClient,
    account: &AccountRow,
    ws: &Workspace,
    role_told: bool,
) -> Result<()> {
    let (Some(org), Some(id)) = (ws.org_id, ws.workspace_id) else {
        return Ok(());
    };
    let local = ws.id;
    if let Some(list) = allowed(client.list_participants_all(org, id, None).await)? {
        let generation = store
            .begin_listing(WorkspaceListing::Participants, local)
            .await?;
        let records: Vec<ParticipantRecord> = list
            .iter()
            .filter_map(super::push::participants::participant_record)
            .collect();
        store
            .upsert_participants(local, generation, &records)
            .await?;
        store.finish_participant_listing(local, generation).await?;
        if !role_told {
            let own = decide::own_participant_role(
                &records,
                &account.user_name,
                account.email.as_deref(),
            );
            store.set_workspace_role(local, own.as_deref()).await?;
        }
    }
    if let Some(s) = allowed(client.studios_settings(org, id).await)? {
        let raw = serde_json::to_value(&s).unwrap_or_default();
        store
            .set_workspace_settings(local, &super::push::labels::studios_record(&s), &raw)
            .await?;
    }
    Ok(())
}

/// A workspace's compute environments.
async fn pull_compute_envs(store: &Store, client: &PlatformClient, ws: &Workspace) -> Result<()> {
    let (wsid, local) = (ws.workspace_id, ws.id);
    if let Some(list) = allowed(client.list_compute_envs(wsid, None).await)? {
        let generation = store
            .begin_listing(WorkspaceListing::ComputeEnvs, local)
            .await?;
        let records: Vec<ComputeEnv> = list
            .iter()
            .filter_map(|c| {
                Some(ComputeEnv {
                    id: c.id.clone()?,
                    name: c.name.clone().unwrap_or_default(),
                    platform: c.platform.clone(),
                    status: c.status.as_ref().map(|s| s.as_str().to_string()),
                    primary: c.primary.unwrap_or(false),
                    work_dir: c.work_dir.clone(),
                })
            })
            .collect();
        store
            .upsert_compute_envs(local, generation, &records)
            .await?;
        store
            .finish_listing(WorkspaceListing::ComputeEnvs, local, generation)
            .await?;
    }
    Ok(())
}

/// A workspace's credentials (names and providers; secrets never leave the server).
async fn pull_credentials(store: &Store, client: &PlatformClient, ws: &Workspace) -> Result<()> {
    let (wsid, local) = (ws.workspace_id, ws.id);
    if let Some(list) = allowed(client.list_credentials(wsid).await)? {
        let generation = store
            .begin_listing(WorkspaceListing::Credentials, local)
            .await?;
        let records: Vec<Credential> = list
            .iter()
            .filter_map(|c| {
                Some(Credential {
                    id: c.id.clone()?,
                    name: c.name.clone().unwrap_or_default(),
                    provider: c.provider.as_ref().map(|p| p.as_str().to_string()),
                    last_used: c.last_used.map(|t| t.to_rfc3339()),
                })
            })
            .collect();
        store
            .upsert_credentials(local, generation, &records)
            .await?;
        store
            .finish_listing(WorkspaceListing::Credentials, local, generation)
            .await?;
    }
    Ok(())
}

/// A workspace's pipeline actions (`GET /actions`, not paged). A server that refuses the listing
/// (403/404: a role that may not read them, a server without them) leaves what was kept.
async fn pull_actions(store: &Store, client: &PlatformClient, ws: &Workspace) -> Result<()> {
    let (wsid, local) = (ws.workspace_id, ws.id);
    if let Some(list) = allowed(client.list_actions(wsid).await)? {
        let generation = store
            .begin_listing(WorkspaceListing::Actions, local)
            .await?;
        let records: Vec<ActionRecord> = list.iter().filter_map(action_record).collect();
        store.upsert_actions(local, generation, &records).await?;
        store
            .finish_listing(WorkspaceListing::Actions, local, generation)
            .await?;
    }
    Ok(())
}

/// What the store keeps of a listed action: what the server said, None for what it did not (an
/// action without an id cannot be told from another and is left out).
pub fn action_record(a: &towerdesk_platform_api::ActionSummary) -> Option<ActionRecord> {
    Some(ActionRecord {
        id: a.id.clone()?,
        name: a.name.clone().unwrap_or_default(),
        pipeline: a.pipeline.clone(),
        source: a.source.as_ref().map(|s| s.as_str().to_string()),
        status: a.status.as_ref().map(|s| s.as_str().to_string()),
        last_seen: a.last_seen.map(|t| t.to_rfc3339()),
        date_created: a.date_created.map(|t| t.to_rfc3339()),
    })
}

/// A workspace's labels.
async fn pull_labels(store: &Store, client: &PlatformClient, ws: &Workspace) -> Result<()> {
    let (wsid, local) = (ws.workspace_id, ws.id);
    if let Some(list) = allowed(client.list_labels_all(wsid, &Default::default()).await)? {
        let generation = store.begin_listing(WorkspaceListing::Labels, local).await?;
        let records: Vec<LabelRecord> = list
            .iter()
            .filter_map(|l| {
                Some(LabelRecord {
                    label_id: l.id?,
                    name: l.name.clone().unwrap_or_default(),
                    value: l.value.clone().filter(|v| !v.is_empty()),
                    resource: l.resource.unwrap_or(false),
                    is_default: l.is_default.unwrap_or(false),
                })
            })
            .collect();
        store.upsert_labels(local, generation, &records).await?;
        store
            .finish_listing(WorkspaceListing::Labels, local, generation)
            .await?;
    }
    Ok(())
}

/// A workspace's own pipelines (`visibility=private`), page by page, one transaction each.
async fn pull_own_pipelines(
    store: &Store,
    client: &PlatformClient,
    account: &AccountRow,
    ws: &Workspace,
) -> Result<usize> {
    let query = PipelineQuery {
        visibility: Some(PipelineVisibility::Private),
        attributes: vec![PipelineAttribute::Labels, PipelineAttribute::ComputeEnv],
        ..Default::default()
    };
    let generation = store.begin_pipeline_listing(account.id).await?;
    let listing = each_page(
        |page| client.list_pipelines_page(ws.workspace_id, &query, page),
        |items| async move {
            let records: Vec<PipelineRecord> = items
                .iter()
                .filter_map(|p| pipeline_record(p, ws))
                .collect();
            store
                .upsert_pipelines(account.id, Shares::None, generation, &records)
                .await?;
            Ok(Paging::Go)
        },
    )
    .await?;
    let Listing::Complete(written) = listing else {
        return Ok(0);
    };
    store
        .finish_pipeline_listing(account.id, ws.workspace_id, generation)
        .await?;
    Ok(written)
}

/// An organization's shared pipelines (`visibility=shared`, the same for every workspace of the
/// organization), listed once through `via` and linked to each of the organization's workspaces
/// but the owner: "This and shared workspaces" without listing them again for every workspace.
/// None when `via` may not list them (another workspace of the organization may).
async fn pull_shared_pipelines(
    store: &Store,
    client: &PlatformClient,
    account: &AccountRow,
    org_id: i64,
    via: &Workspace,
) -> Result<Option<usize>> {
    if via.workspace_id.is_none() {
        return Ok(None);
    }
    let query = PipelineQuery {
        visibility: Some(PipelineVisibility::Shared),
        attributes: vec![PipelineAttribute::Labels, PipelineAttribute::ComputeEnv],
        ..Default::default()
    };
    let generation = store.begin_pipeline_listing(account.id).await?;
    let listing = each_page(
        |page| client.list_pipelines_page(via.workspace_id, &query, page),
        |items| async move {
            let records: Vec<PipelineRecord> = items
                .iter()
                .filter_map(|p| pipeline_record(p, via))
                .collect();
            store
                .upsert_pipelines(
                    account.id,
                    Shares::AcrossOrg { org_id },
                    generation,
                    &records,
                )
                .await?;
            Ok(Paging::Go)
        },
    )
    .await?;
    let Listing::Complete(written) = listing else {
        return Ok(None);
    };
    store
        .finish_org_shares(account.id, org_id, generation)
        .await?;
    Ok(Some(written))
}

/// A workspace's runs, newest first. A full listing marks the runs it did not return as deleted
/// and is done at least every `freshness.full_runs`; in between, paging stops after the first page
/// that brings nothing new (every run known, finished, unchanged).
/// The newest runs of one workspace, as far as the first page that brings nothing new (never a
/// full listing, so nothing is marked deleted): what a launch needs to show its run at once. Safe
/// beside a full sync's pull (listings only ever delete rows older than their own generation).
pub async fn pull_new_runs(
    store: &Store,
    client: &PlatformClient,
    account: &AccountRow,
    ws: &Workspace,
) -> Result<usize> {
    let incremental = Freshness {
        full_runs: std::time::Duration::MAX,
        ..Freshness::DEFAULT
    };
    pull_runs(store, client, account, ws, chrono::Utc::now(), incremental).await
}

async fn pull_runs(
    store: &Store,
    client: &PlatformClient,
    account: &AccountRow,
    ws: &Workspace,
    now: chrono::DateTime<chrono::Utc>,
    freshness: Freshness,
) -> Result<usize> {
    if ws.workspace_id.is_none() && !ws.personal {
        return Ok(0);
    }
    let scope = format!("runs:{}", ws.id);
    let last_full = store.cursor(account.id, &scope).await?;
    let full = !decide::fresh(last_full.as_deref(), now, freshness.full_runs);
    // With their labels, for the `label:` search.
    let query = WorkflowQuery {
        search: None,
        attributes: vec![towerdesk_platform_api::WorkflowAttribute::Labels],
    };
    let generation = store.begin_listing(WorkspaceListing::Runs, ws.id).await?;
    let listing = each_page(
        |page| client.list_runs_page(ws.workspace_id, &query, page),
        |items| async move {
            let records: Vec<RunRecord> = items.iter().filter_map(run_record).collect();
            let settled = !full && store.runs_settled(ws.id, &records).await?;
            store.upsert_runs(ws.id, generation, &records).await?;
            Ok(if settled { Paging::Stop } else { Paging::Go })
        },
    )
    .await?;
    // When its runs were last listed, for which workspaces the next pull lists
    // ([`decide::runs_to_list`]).
    let listed = format!("runs-listed:{}", ws.id);
    match listing {
        Listing::Complete(written) => {
            store
                .finish_listing(WorkspaceListing::Runs, ws.id, generation)
                .await?;
            store.set_cursor(account.id, &scope, written as i64).await?;
            store
                .set_cursor(account.id, &listed, written as i64)
                .await?;
            Ok(written)
        }
        Listing::Stopped(written) => {
            store
                .set_cursor(account.id, &listed, written as i64)
                .await?;
            Ok(written)
        }
        Listing::NotAllowed => {
            store.set_cursor(account.id, &listed, 0).await?;
            Ok(0)
        }
    }
}

/// Whether to fetch the next page.
enum Paging {
    Go,
    Stop,
}

/// How a paged listing ended.
enum Listing {
    /// Every page was fetched: what it did not return is gone from the server.
    Complete(usize),
    /// The writer stopped it early: nothing may be marked deleted.
    Stopped(usize),
    /// The server does not let this user list it: nothing written, nothing deleted.
    NotAllowed,
}

/// Pages through a listing (100 at a time) and hands each page to `write`, which stores it in one
/// transaction and says whether to go on.
async fn each_page<T: serde::Serialize, Fetch, FetchFut, Write, WriteFut>(
    mut fetch: Fetch,
    mut write: Write,
) -> Result<Listing>
where
    Fetch: FnMut(PageRequest) -> FetchFut,
    FetchFut: std::future::Future<Output = towerdesk_platform_api::Result<Page<T>>>,
    Write: FnMut(Vec<T>) -> WriteFut,
    WriteFut: std::future::Future<Output = Result<Paging>>,
{
    let mut offset = 0u32;
    let mut total = 0usize;
    // A listing that would never end (a repeated page, or pages past the cap) is an error, so it
    // is not complete and nothing is taken as deleted.
    let mut guard = towerdesk_platform_api::ListingGuard::new();
    loop {
        let page = match fetch(PageRequest::new(offset, PageRequest::MAX_PAGE_SIZE)).await {
            Ok(p) => p,
            Err(e) if matches!(e.kind(), ApiErrorKind::Forbidden | ApiErrorKind::NotFound) => {
                return Ok(Listing::NotAllowed);
            }
            Err(e) => return Err(e.into()),
        };
        let n = page.items.len();
        let last = n < PageRequest::MAX_PAGE_SIZE as usize
            || page.has_more == Some(false)
            || page
                .total_size
                .is_some_and(|t| (offset as i64 + n as i64) >= t);
        if !last {
            guard.after_full_page(&page.items, offset)?;
        }
        let paging = write(page.items).await?;
        total += n;
        if last {
            return Ok(Listing::Complete(total));
        }
        if let Paging::Stop = paging {
            return Ok(Listing::Stopped(total));
        }
        offset += n as u32;
    }
}

/// A pipeline as the store keeps it; labels as `name` or `name=value`.
fn pipeline_record(p: &towerdesk_platform_api::Pipeline, ws: &Workspace) -> Option<PipelineRecord> {
    Some(PipelineRecord {
        pipeline_id: p.pipeline_id?,
        // Personal pipelines come back without a workspace id.
        workspace_id: if ws.personal { None } else { p.workspace_id },
        org_name: p.org_name.clone(),
        workspace_name: p.workspace_name.clone(),
        name: p.name.clone().unwrap_or_default(),
        description: p.description.clone(),
        repository: p.repository.clone(),
        icon: p.icon.clone(),
        compute_env_id: p.compute_env.as_ref().and_then(|c| c.id.clone()),
        compute_env_name: p.compute_env.as_ref().and_then(|c| c.name.clone()),
        labels: p
            .labels
            .iter()
            .flatten()
            .filter_map(|l| match (&l.name, &l.value) {
                (Some(n), Some(v)) if !v.is_empty() => Some(format!("{n}={v}")),
                (Some(n), _) => Some(n.clone()),
                _ => None,
            })
            .collect(),
        last_updated: p.last_updated.map(|t| t.to_rfc3339()),
    })
}

const GIB: f64 = 1024.0 * 1024.0 * 1024.0;

/// A run as the store keeps it. CPU-hours come from the progress' `cpuTime` (CPU-milliseconds);
/// memory GiB-hours are estimated as the run's resident memory (`memoryRss`) over its duration.
pub fn run_record(item: &towerdesk_platform_api::WorkflowListItem) -> Option<RunRecord> {
    let w = item.workflow.as_ref()?;
    let load = item
        .progress
        .as_ref()
        .and_then(|p| p.workflow_progress.as_ref());
    let hours = match (w.start, w.complete) {
        (Some(s), Some(c)) => Some((c - s).num_milliseconds().max(0) as f64 / 3_600_000.0),
        _ => w.duration.map(|d| d as f64 / 3_600_000.0),
    };
    let progress_percent = load.and_then(|l| {
        let done = l.succeeded.unwrap_or(0)
            + l.failed.unwrap_or(0)
            + l.cached.unwrap_or(0)
            + l.ignored.unwrap_or(0);
        let total =
            done + l.pending.unwrap_or(0) + l.submitted.unwrap_or(0) + l.running.unwrap_or(0);
        (total > 0).then(|| 100.0 * done as f64 / total as f64)
    });
    let cost = load.and_then(|l| l.cost);
    let cpu_hours = load
        .and_then(|l| l.cpu_time)
        .map(|ms| ms as f64 / 3_600_000.0);
    let cpus = load.and_then(|l| l.cpus);
    let memory_req = load.and_then(|l| l.memory_req);
    let peak_memory = load.and_then(|l| l.peak_memory);
    let billed = crate::credits::billed_memory_gib_hours(cpu_hours, cpus, memory_req, peak_memory);
    let usage = RunUsage {
        pipeline_id: item.pipeline_info.as_ref().and_then(|p| p.id),
        // Neither the listing nor the progress says where a run ran: a read of the run does.
        compute_env_id: None,
        platform: None,
        cpus,
        memory_req,
        peak_memory,
        billed_memory_gib_hours: billed,
        estimate: crate::credits::run_estimate(
            crate::credits::CreditRates::PLATFORM,
            cost,
            cpu_hours,
            billed,
        ),
    };
    Some(RunRecord {
        usage,
        workflow_id: w.id.clone()?,
        run_name: w.run_name.clone().unwrap_or_default(),
        project_name: w.project_name.clone(),
        status: w
            .status
            .as_ref()
            .map_or("unknown".into(), |s| s.as_str().to_ascii_lowercase()),
        user_name: w.user_name.clone(),
        submitted: w.submit.or(w.date_created).map(|t| t.to_rfc3339()),
        start: w.start.map(|t| t.to_rfc3339()),
        complete: w.complete.map(|t| t.to_rfc3339()),
        progress_percent,
        cost,
        cpu_hours,
        memory_gib_hours: match (load.and_then(|l| l.memory_rss), hours) {
            (Some(rss), Some(h)) => Some(rss as f64 / GIB * h),
            _ => None,
        },
        labels: item
            .labels
            .iter()
            .flatten()
            .filter_map(|l| match (&l.name, &l.value) {
                (Some(n), Some(v)) if !v.is_empty() => Some(format!("{n}={v}")),
                (Some(n), _) => Some(n.clone()),
                _ => None,
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    /// A server that sends the same full page at every offset: the sync writes what it sent,
    /// stops at the second page with the client's clear error, and the listing is not taken as
    /// complete (so nothing it did not list is marked deleted).
    #[tokio::test]
    async fn a_listing_that_repeats_its_page_ends_in_an_error_not_a_complete_listing() {
        let requests = Mutex::new(0usize);
        let written = Mutex::new(0usize);
        let result = each_page(
            |p: PageRequest| {
                *requests.lock().unwrap() += 1;
                let _ = p;
                async {
                    Ok(towerdesk_platform_api::Page {
                        items: (0..100).collect::<Vec<u32>>(),
                        total_size: None,
                        has_more: None,
                    })
                }
            },
            |items: Vec<u32>| {
                *written.lock().unwrap() += items.len();
                async { Ok(Paging::Go) }
            },
        )
        .await;
        let err = match result {
            Err(e) => e.to_string(),
            Ok(Listing::Complete(n)) => panic!("taken as complete with {n} items"),
            Ok(_) => panic!("ended without an error"),
        };
        assert!(err.contains("already sent (offset 100)"), "{err}");
        assert_eq!(*requests.lock().unwrap(), 2);
        assert_eq!(
            *written.lock().unwrap(),
            100,
            "the repeated page is not written again"
        );
    }

    /// The responses recorded from a real Platform (tw's test suite; copies kept by the
    /// platform-api crate, see its tests/fixtures/SOURCE.md).
    fn recorded<T: serde::de::DeserializeOwned>(name: &str) -> T {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../platform-api/tests/fixtures")
            .join(name);
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
    }

    #[test]
    fn the_recorded_members_collaborators_and_teams_are_kept_as_sent() {
        let members: towerdesk_platform_api::MembersResponse = recorded("members_list.json");
        let rows: Vec<OrgMemberRecord> = members
            .members
            .iter()
            .filter_map(org_member_record)
            .collect();
        assert_eq!(
            rows[1],
            OrgMemberRecord {
                member_id: 255_080_245_994_226,
                user_name: Some("julio".into()),
                email: Some("julio@seqera.io".into()),
                first_name: None,
                last_name: None,
                avatar: Some(
                    "https://www.gravatar.com/avatar/72918a9f674eaa696729917bec58760b?d=404".into()
                ),
                role: Some("member".into()),
            },
            "names the server sent as null stay unknown"
        );
        assert_eq!(rows[0].role.as_deref(), Some("owner"));
        let view = crate::views::OrgMemberView::of(rows[1].clone());
        assert_eq!(
            (view.name, view.role_text.as_deref()),
            (None, Some("Member"))
        );

        let collaborators: towerdesk_platform_api::MembersResponse =
            recorded("collaborators_list.json");
        let rows: Vec<OrgMemberRecord> = collaborators
            .members
            .iter()
            .filter_map(org_member_record)
            .collect();
        assert_eq!(rows.len(), 2);
        assert!(
            rows.iter()
                .all(|m| m.role.as_deref() == Some("collaborator"))
        );

        let teams: towerdesk_platform_api::TeamsResponse = recorded("teams_list.json");
        let rows: Vec<OrgTeamRecord> = teams.teams.iter().filter_map(org_team_record).collect();
        assert_eq!(rows.len(), 4);
        assert_eq!(
            rows[3],
            OrgTeamRecord {
                team_id: 267_477_500_890_054,
                name: Some("team1".into()),
                description: Some("Team 1".into()),
                members_count: Some(1),
            }
        );
        // A member without an id cannot be kept (nothing to match it by later).
        let bare = towerdesk_platform_api::Member::default();
        assert_eq!(org_member_record(&bare), None);
    }

    #[test]
    fn the_recorded_workspace_list_keeps_its_organizations_and_guesses_nothing() {
        let rows: towerdesk_platform_api::OrgsAndWorkspacesResponse =
            recorded("workspaces_list.json");
        let rows = rows.orgs_and_workspaces;

        // As if `/orgs` listed none of them (a collaborator): kept by id and name from the rows.
        let orgs = organizations(&[], &rows);
        let got: Vec<(i64, &str, Option<&str>)> = orgs
            .iter()
            .map(|o| (o.org_id, o.name.as_str(), o.role.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (27736513644467, "organization1", None),
                (37736513644467, "organization2", None)
            ]
        );
        let ws = workspace_records(&rows, &orgs);
        assert_eq!(ws.len(), 2);
        for w in &ws {
            assert_eq!(w.full_name, None, "{w:?}");
            assert_eq!(w.visibility, None, "{w:?}");
            assert_eq!(w.role, None, "{w:?}");
        }
        assert_eq!(
            (ws[0].org_id, ws[0].workspace_id, ws[0].name.as_str()),
            (27736513644467, 75887156211589, "workspace1")
        );

        // With the recorded `/orgs`: the user owns organization1, so owns workspace1 whatever
        // the rows say; organization2 is not in that answer and keeps its name from the rows.
        let listed: towerdesk_platform_api::OrganizationsResponse =
            recorded("organizations_list.json");
        let orgs = organizations(&listed.organizations, &rows);
        let org1 = orgs.iter().find(|o| o.org_id == 27736513644467).unwrap();
        assert_eq!(org1.role.as_deref(), Some("owner"));
        let ws = workspace_records(&rows, &orgs);
        let by_name = |n: &str| ws.iter().find(|w| w.name == n).unwrap();
        assert_eq!(by_name("workspace1").role.as_deref(), Some("owner"));
        let org2 = orgs.iter().find(|o| o.org_id == 37736513644467).unwrap();
        assert_eq!(org2.name, "organization2");
    }
    use crate::{Options, Towerdesk};

    #[tokio::test]
    async fn the_focused_workspace_is_pulled_first() {
        let emulator =
            towerdesk_emulator::start(towerdesk_emulator::EmulatorConfig::demo("t0ken-focus"))
                .await
                .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let tower = Towerdesk::open(Options::for_tests(dir.path())).await;
        let account = tower
            .use_environment_token(&emulator.base_url(), "t0ken-focus")
            .await
            .unwrap();
        tower.sync_account(account.id).await.unwrap();

        let store = tower.store().unwrap();
        let all = store.workspaces(account.id, None).await.unwrap();
        let last = all.last().unwrap().clone();
        assert_ne!(all[0].id, last.id, "the demo has several workspaces");
        let row = store.account_row(account.id).await.unwrap();
        let client = tower.client(&row).await.unwrap();

        let seen = Mutex::new(Vec::<String>::new());
        let record =
            |what: &str, _: i64, _: Option<i64>| seen.lock().unwrap().push(what.to_string());
        pull_account_focused(
            store,
            &client,
            &row,
            &record,
            Some(last.id),
            Freshness::DEFAULT,
        )
        .await
        .unwrap();
        let first_workspace = seen
            .lock()
            .unwrap()
            .iter()
            .find(|w| w.starts_with("Workspace "))
            .cloned()
            .unwrap();
        assert_eq!(
            first_workspace,
            format!("Workspace {}", workspace_label(&last))
        );

        // Without a focus, the usual order (the personal workspace first).
        seen.lock().unwrap().clear();
        pull_account(store, &client, &row, &record).await.unwrap();
        let first_workspace = seen
            .lock()
            .unwrap()
            .iter()
            .find(|w| w.starts_with("Workspace "))
            .cloned()
            .unwrap();
        assert_eq!(
            first_workspace,
            format!("Workspace {}", workspace_label(&all[0]))
        );
    }
}
