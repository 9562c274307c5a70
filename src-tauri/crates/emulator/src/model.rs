//! The emulator's world: every entity the API exposes, held in memory (and optionally saved as
//! JSON). Access rules (who may see and change what) live here too, next to the data they guard.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{ApiResult, EmulatorError};
use crate::rng::SeededRng;

pub type Time = DateTime<Utc>;

/// A participant role in a workspace, lowest to highest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    View,
    Connect,
    Launch,
    Maintain,
    Admin,
    Owner,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::View => "view",
            Role::Connect => "connect",
            Role::Launch => "launch",
            Role::Maintain => "maintain",
            Role::Admin => "admin",
            Role::Owner => "owner",
        }
    }

    /// Accepts the predefined role names in any case (the Platform takes `ADMIN` too).
    pub fn parse(s: &str) -> Option<Role> {
        match s.to_ascii_lowercase().as_str() {
            "view" => Some(Role::View),
            "connect" => Some(Role::Connect),
            "launch" => Some(Role::Launch),
            "maintain" => Some(Role::Maintain),
            "admin" => Some(Role::Admin),
            "owner" => Some(Role::Owner),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OrgRole {
    Owner,
    Member,
    Collaborator,
}

impl OrgRole {
    pub fn as_str(self) -> &'static str {
        match self {
            OrgRole::Owner => "owner",
            OrgRole::Member => "member",
            OrgRole::Collaborator => "collaborator",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Visibility {
    Private,
    Shared,
}

impl Visibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Private => "PRIVATE",
            Visibility::Shared => "SHARED",
        }
    }

    pub fn parse(s: &str) -> Option<Visibility> {
        match s.to_ascii_uppercase().as_str() {
            "PRIVATE" => Some(Visibility::Private),
            "SHARED" => Some(Visibility::Shared),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct User {
    pub id: i64,
    pub user_name: String,
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub organization: Option<String>,
    pub date_created: Time,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Quotas {
    pub max_workspaces: i64,
    pub max_members: i64,
    pub max_teams: i64,
    pub max_participants_per_workspace: i64,
    pub max_pipelines_per_workspace: i64,
    pub max_datasets_per_workspace: i64,
    pub max_versions_per_dataset: i64,
    pub max_labels_per_workspace: i64,
    pub max_runs: i64,
    pub max_run_history: i64,
    pub max_data_studios_running: i64,
    pub max_seqera_compute_compute_envs: i64,
    pub max_custom_roles_per_org: i64,
}

impl Quotas {
    /// The documented Cloud Pro defaults (docs/PLATFORM-FACTS.md, "Usage limits").
    pub fn pro() -> Self {
        Self {
            max_workspaces: 50,
            max_members: 50,
            max_teams: 20,
            max_participants_per_workspace: 50,
            max_pipelines_per_workspace: 100,
            max_datasets_per_workspace: 1000,
            max_versions_per_dataset: 100,
            max_labels_per_workspace: 1000,
            max_runs: 100,
            max_run_history: 250,
            max_data_studios_running: 1000,
            max_seqera_compute_compute_envs: 20,
            max_custom_roles_per_org: 20,
        }
    }

    /// An Enterprise-licence-sized org, big enough for the `large` scenario.
    pub fn enterprise() -> Self {
        Self {
            max_workspaces: 1000,
            max_members: 5000,
            max_teams: 500,
            max_participants_per_workspace: 500,
            max_pipelines_per_workspace: 5000,
            max_datasets_per_workspace: 5000,
            max_versions_per_dataset: 100,
            max_labels_per_workspace: 1000,
            max_runs: 1000,
            max_run_history: 1_000_000,
            max_data_studios_running: 1000,
            max_seqera_compute_compute_envs: 20,
            max_custom_roles_per_org: 50,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Org {
    pub id: i64,
    pub name: String,
    pub full_name: String,
    pub description: Option<String>,
    pub location: Option<String>,
    pub website: Option<String>,
    pub org_type: String,
    pub quotas: Quotas,
    pub date_created: Time,
    pub last_updated: Time,
}

/// An org membership: owners and members, and collaborators (external users who only see the
/// workspaces they were added to). `id` is the Platform's `memberId`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Member {
    pub id: i64,
    pub org_id: i64,
    pub user_id: i64,
    pub role: OrgRole,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Team {
    pub id: i64,
    pub org_id: i64,
    pub name: String,
    pub description: Option<String>,
    pub member_ids: Vec<i64>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StudiosSettings {
    pub lifespan_hours: i32,
    pub private_studio_by_default: bool,
    pub container_repository: Option<String>,
    pub name_strategy: Option<String>,
}

impl Default for StudiosSettings {
    fn default() -> Self {
        Self {
            lifespan_hours: 8,
            private_studio_by_default: false,
            container_repository: None,
            name_strategy: Some("tagPrefix".to_string()),
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Workspace {
    pub id: i64,
    pub org_id: i64,
    pub name: String,
    pub full_name: String,
    pub description: Option<String>,
    pub visibility: Visibility,
    pub date_created: Time,
    pub last_updated: Time,
    pub studios: StudiosSettings,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Grantee {
    Member { member_id: i64 },
    Team { team_id: i64 },
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Participant {
    pub id: i64,
    pub workspace_id: i64,
    pub grantee: Grantee,
    pub role: Role,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Label {
    pub id: i64,
    /// `None` = the caller's personal workspace.
    pub workspace_id: Option<i64>,
    pub name: String,
    pub value: Option<String>,
    pub resource: bool,
    pub is_default: bool,
    pub date_created: Time,
}

/// The launch configuration shared by pipelines, actions and runs; also the request body of
/// `WorkflowLaunchRequest` (unknown fields are ignored, as the Platform does).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LaunchSpec {
    pub id: Option<String>,
    pub compute_env_id: Option<String>,
    pub pipeline: Option<String>,
    pub work_dir: Option<String>,
    pub revision: Option<String>,
    pub commit_id: Option<String>,
    pub run_name: Option<String>,
    pub config_profiles: Option<Vec<String>>,
    pub config_text: Option<String>,
    pub tower_config: Option<String>,
    pub params_text: Option<String>,
    pub pre_run_script: Option<String>,
    pub post_run_script: Option<String>,
    pub main_script: Option<String>,
    pub entry_name: Option<String>,
    pub schema_name: Option<String>,
    pub pull_latest: Option<bool>,
    pub stub_run: Option<bool>,
    pub resume: Option<bool>,
    pub session_id: Option<String>,
    pub label_ids: Option<Vec<i64>>,
    pub user_secrets: Option<Vec<String>>,
    pub workspace_secrets: Option<Vec<String>>,
    pub head_job_cpus: Option<i32>,
    pub head_job_memory_mb: Option<i32>,
    pub nextflow_version: Option<String>,
    pub output_dir: Option<String>,
    pub syntax_parser: Option<String>,
    pub optimization_id: Option<String>,
    pub optimization_targets: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PipelineVersion {
    /// Also the launch id (`LaunchDbDto.id`).
    pub id: String,
    pub name: Option<String>,
    pub is_default: bool,
    pub hash: String,
    pub creator_user_id: i64,
    pub date_created: Time,
    pub last_updated: Time,
    pub launch: LaunchSpec,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Pipeline {
    pub id: i64,
    pub workspace_id: Option<i64>,
    pub name: String,
    pub description: Option<String>,
    pub icon: Option<String>,
    pub repository: String,
    pub user_id: i64,
    /// Label ids; each label belongs to one workspace, so labels applied from another
    /// workspace stay scoped to it (the Platform's rule for shared pipelines).
    pub labels: Vec<i64>,
    pub versions: Vec<PipelineVersion>,
    pub optimized: bool,
    pub date_created: Time,
    pub last_updated: Time,
}

impl Pipeline {
    pub fn default_version(&self) -> &PipelineVersion {
        self.versions
            .iter()
            .find(|v| v.is_default)
            .unwrap_or(&self.versions[0])
    }

    pub fn default_version_mut(&mut self) -> &mut PipelineVersion {
        let i = self.versions.iter().position(|v| v.is_default).unwrap_or(0);
        &mut self.versions[i]
    }

    pub fn compute_env_id(&self) -> Option<&str> {
        self.default_version().launch.compute_env_id.as_deref()
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ComputeEnv {
    pub id: String,
    pub workspace_id: Option<i64>,
    pub name: String,
    pub description: Option<String>,
    pub platform: String,
    pub region: Option<String>,
    pub work_dir: String,
    pub credentials_id: Option<String>,
    pub status: String,
    pub primary: bool,
    pub pre_run_script: Option<String>,
    pub nextflow_config: Option<String>,
    pub date_created: Time,
    pub last_updated: Time,
    pub last_used: Option<Time>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Credentials {
    pub id: String,
    pub workspace_id: Option<i64>,
    pub name: String,
    pub description: Option<String>,
    pub provider: String,
    pub base_url: Option<String>,
    pub date_created: Time,
    pub last_updated: Time,
    pub last_used: Option<Time>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    Succeeded,
    Failed,
    Unknown,
}

/// How a run will unfold from its submission: it waits `queue_secs` as SUBMITTED, runs for
/// `run_secs`, then ends with `outcome`. Status and metrics are computed from this and the
/// clock at read time, so runs move without a background task.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RunPlan {
    pub queue_secs: i64,
    pub run_secs: i64,
    pub outcome: Outcome,
    pub tasks: u32,
    pub cached: u32,
    pub processes: u8,
    pub cpus_per_task: u32,
    pub mem_per_task_mb: u32,
    /// USD per CPU-hour of the compute env (spot vs on-demand, provider).
    pub cost_per_cpu_hour: f64,
    /// A Seqera Compute run: its cost is in credits, and the server gives none while it goes.
    #[serde(default)]
    pub credits: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Run {
    pub id: String,
    pub workspace_id: Option<i64>,
    pub pipeline_id: Option<i64>,
    pub pipeline_version_id: Option<String>,
    pub run_name: String,
    pub repository: String,
    pub revision: Option<String>,
    pub owner_id: i64,
    pub compute_env_id: Option<String>,
    pub work_dir: String,
    pub config_profiles: Vec<String>,
    pub params_text: Option<String>,
    pub labels: Vec<i64>,
    pub starred: bool,
    pub submit: Time,
    pub plan: RunPlan,
    pub cancelled_at: Option<Time>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Action {
    pub id: String,
    pub workspace_id: Option<i64>,
    pub name: String,
    pub source: String,
    pub status: String,
    pub launch: LaunchSpec,
    pub labels: Vec<i64>,
    pub hook_id: Option<String>,
    pub date_created: Time,
    pub last_updated: Time,
    pub last_seen: Option<Time>,
}

/// The whole emulated Platform, as saved to a state file.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct State {
    pub format: u32,
    /// The user the access token belongs to.
    pub caller_id: i64,
    pub rng: SeededRng,
    pub users: BTreeMap<i64, User>,
    pub orgs: BTreeMap<i64, Org>,
    pub members: BTreeMap<i64, Member>,
    pub teams: BTreeMap<i64, Team>,
    pub workspaces: BTreeMap<i64, Workspace>,
    pub participants: BTreeMap<i64, Participant>,
    pub labels: BTreeMap<i64, Label>,
    pub pipelines: BTreeMap<i64, Pipeline>,
    pub compute_envs: BTreeMap<String, ComputeEnv>,
    pub credentials: BTreeMap<String, Credentials>,
    pub actions: BTreeMap<String, Action>,
    /// In submission order (oldest first); `run_index` maps id to position.
    pub runs: Vec<Run>,
    #[serde(skip)]
    pub run_index: HashMap<String, usize>,
}

pub const STATE_FORMAT: u32 = 1;

/// Where a request acts: a workspace (or the caller's personal workspace) and the caller's role
/// there.
#[derive(Clone, Copy, Debug)]
pub struct Ctx {
    pub workspace_id: Option<i64>,
    pub org_id: Option<i64>,
    pub role: Role,
}

impl Ctx {
    pub fn require(&self, min: Role) -> ApiResult<()> {
        if self.role >= min {
            Ok(())
        } else {
            Err(EmulatorError::Forbidden(format!(
                "Operation not allowed: the '{}' role cannot do this (needs '{}' or higher)",
                self.role.as_str(),
                min.as_str()
            )))
        }
    }
}

impl State {
    pub fn empty(seed: u64, caller: User) -> Self {
        let mut users = BTreeMap::new();
        let caller_id = caller.id;
        users.insert(caller.id, caller);
        Self {
            format: STATE_FORMAT,
            caller_id,
            rng: SeededRng::new(seed),
            users,
            orgs: BTreeMap::new(),
            members: BTreeMap::new(),
            teams: BTreeMap::new(),
            workspaces: BTreeMap::new(),
            participants: BTreeMap::new(),
            labels: BTreeMap::new(),
            pipelines: BTreeMap::new(),
            compute_envs: BTreeMap::new(),
            credentials: BTreeMap::new(),
            actions: BTreeMap::new(),
            runs: Vec::new(),
            run_index: HashMap::new(),
        }
    }

    pub fn rebuild_run_index(&mut self) {
        self.run_index = self
            .runs
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
    }

    pub fn push_run(&mut self, run: Run) {
        self.run_index.insert(run.id.clone(), self.runs.len());
        self.runs.push(run);
    }

    pub fn run(&self, id: &str) -> Option<&Run> {
        self.run_index.get(id).map(|&i| &self.runs[i])
    }

    pub fn run_mut(&mut self, id: &str) -> Option<&mut Run> {
        let i = *self.run_index.get(id)?;
        Some(&mut self.runs[i])
    }

    pub fn caller(&self) -> &User {
        &self.users[&self.caller_id]
    }

    pub fn new_numeric_id(&mut self) -> i64 {
        loop {
            let id = self.rng.numeric_id();
            if !self.orgs.contains_key(&id)
                && !self.workspaces.contains_key(&id)
                && !self.members.contains_key(&id)
                && !self.teams.contains_key(&id)
                && !self.participants.contains_key(&id)
                && !self.labels.contains_key(&id)
                && !self.pipelines.contains_key(&id)
                && !self.users.contains_key(&id)
            {
                return id;
            }
        }
    }

    pub fn new_string_id(&mut self, len: usize) -> String {
        loop {
            let id = self.rng.string_id(len);
            if !self.compute_envs.contains_key(&id)
                && !self.credentials.contains_key(&id)
                && !self.actions.contains_key(&id)
                && !self.run_index.contains_key(&id)
            {
                return id;
            }
        }
    }

    /// The caller's membership in an org, if any.
    pub fn caller_member(&self, org_id: i64) -> Option<&Member> {
        self.members
            .values()
            .find(|m| m.org_id == org_id && m.user_id == self.caller_id)
    }

    /// The caller's effective role in a workspace: org owners are owners everywhere; otherwise
    /// the higher of the direct participant role and any team's role.
    pub fn role_in(&self, ws: &Workspace) -> Option<Role> {
        let member = self.caller_member(ws.org_id)?;
        if member.role == OrgRole::Owner {
            return Some(Role::Owner);
        }
        self.participants
            .values()
            .filter(|p| p.workspace_id == ws.id)
            .filter(|p| match &p.grantee {
                Grantee::Member { member_id } => *member_id == member.id,
                Grantee::Team { team_id } => self
                    .teams
                    .get(team_id)
                    .is_some_and(|t| t.member_ids.contains(&member.id)),
            })
            .map(|p| p.role)
            .max()
    }

    /// Resolves `?workspaceId=` (absent = the personal workspace) into a context with the
    /// caller's role, or 403 when the caller has no access.
    pub fn ctx(&self, workspace_id: Option<i64>) -> ApiResult<Ctx> {
        match workspace_id {
            None => Ok(Ctx {
                workspace_id: None,
                org_id: None,
                role: Role::Owner,
            }),
            Some(id) => {
                let ws = self
                    .workspaces
                    .get(&id)
                    .ok_or_else(EmulatorError::forbidden)?;
                let role = self.role_in(ws).ok_or_else(EmulatorError::forbidden)?;
                Ok(Ctx {
                    workspace_id: Some(id),
                    org_id: Some(ws.org_id),
                    role,
                })
            }
        }
    }

    /// The workspace at `/orgs/{orgId}/workspaces/{workspaceId}`, checked against its org.
    pub fn org_workspace(&self, org_id: i64, ws_id: i64) -> ApiResult<(&Workspace, Role)> {
        let ws = self
            .workspaces
            .get(&ws_id)
            .filter(|w| w.org_id == org_id)
            .ok_or_else(EmulatorError::forbidden)?;
        let role = self.role_in(ws).ok_or_else(EmulatorError::forbidden)?;
        Ok((ws, role))
    }

    /// The org at `/orgs/{orgId}` and the caller's membership (owners and members; a
    /// collaborator is not let into org-level pages).
    pub fn org_for_member(&self, org_id: i64) -> ApiResult<(&Org, &Member)> {
        let org = self
            .orgs
            .get(&org_id)
            .ok_or_else(EmulatorError::forbidden)?;
        let member = self
            .caller_member(org_id)
            .filter(|m| m.role != OrgRole::Collaborator)
            .ok_or_else(EmulatorError::forbidden)?;
        Ok((org, member))
    }

    /// Workspaces the caller can see in an org.
    pub fn visible_workspaces(&self, org_id: i64) -> Vec<(&Workspace, Role)> {
        self.workspaces
            .values()
            .filter(|w| w.org_id == org_id)
            .filter_map(|w| self.role_in(w).map(|r| (w, r)))
            .collect()
    }

    /// The ids of the SHARED workspaces of an org.
    pub fn shared_workspaces(&self, org_id: i64) -> Vec<i64> {
        self.workspaces
            .values()
            .filter(|w| w.org_id == org_id && w.visibility == Visibility::Shared)
            .map(|w| w.id)
            .collect()
    }

    pub fn primary_compute_env(&self, workspace_id: Option<i64>) -> Option<&ComputeEnv> {
        self.compute_envs
            .values()
            .find(|c| c.workspace_id == workspace_id && c.primary)
    }

    /// Removes a workspace and everything in it.
    pub fn delete_workspace(&mut self, ws_id: i64) {
        let w = Some(ws_id);
        self.workspaces.remove(&ws_id);
        self.participants.retain(|_, p| p.workspace_id != ws_id);
        self.labels.retain(|_, l| l.workspace_id != w);
        self.pipelines.retain(|_, p| p.workspace_id != w);
        self.compute_envs.retain(|_, c| c.workspace_id != w);
        self.credentials.retain(|_, c| c.workspace_id != w);
        self.actions.retain(|_, a| a.workspace_id != w);
        let before = self.runs.len();
        self.runs.retain(|r| r.workspace_id != w);
        if self.runs.len() != before {
            self.rebuild_run_index();
        }
    }
}

/// A new `lastUpdated` that is strictly later than the previous one, even when two updates land
/// in the same millisecond: clients use it to detect conflicting edits.
pub fn bump(previous: Time, now: Time) -> Time {
    if now > previous {
        now
    } else {
        previous + Duration::milliseconds(1)
    }
}
