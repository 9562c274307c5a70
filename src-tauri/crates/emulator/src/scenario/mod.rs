//! Named, seeded worlds to start from: `demo` (a believable account for the app's demo mode and
//! tests), `large` (for benchmarks), `empty`, and `collaborator` (the ways a workspace role comes
//! about: a collaborator's, an org owner's with no participant row, a team's).

mod collaborator;
mod demo;
pub use demo::pipeline_schema;
pub(crate) mod large;

use std::str::FromStr;

use chrono::Duration;

use crate::error::EmulatorError;
use crate::model::*;
use crate::runs::cost_rate;

/// Which world to seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scenario {
    Demo,
    Large,
    Empty,
    /// The demo user as a collaborator of one org, the owner of another and a member of a third.
    Collaborator,
}

impl FromStr for Scenario {
    type Err = EmulatorError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "demo" => Ok(Scenario::Demo),
            "large" => Ok(Scenario::Large),
            "empty" => Ok(Scenario::Empty),
            "collaborator" => Ok(Scenario::Collaborator),
            _ => Err(EmulatorError::UnknownScenario(s.to_string())),
        }
    }
}

impl Scenario {
    pub fn as_str(self) -> &'static str {
        match self {
            Scenario::Demo => "demo",
            Scenario::Large => "large",
            Scenario::Empty => "empty",
            Scenario::Collaborator => "collaborator",
        }
    }
}

/// The demo user's name; the token is theirs.
pub const DEMO_USER_NAME: &str = "demo-user";
pub const DEMO_USER_EMAIL: &str = "demo@example.com";

/// Seeds a world. The same scenario, seed and `now` always give the same world.
pub fn build(scenario: Scenario, seed: u64, now: Time) -> State {
    let mut s = Seeder::new(seed, now);
    match scenario {
        Scenario::Demo => demo::seed(&mut s),
        Scenario::Large => large::seed(&mut s),
        Scenario::Empty => {}
        Scenario::Collaborator => collaborator::seed(&mut s),
    }
    s.finish()
}

/// Helpers that add entities to a world being seeded.
pub(crate) struct Seeder {
    pub st: State,
    pub now: Time,
    runs: Vec<Run>,
}

impl Seeder {
    fn new(seed: u64, now: Time) -> Self {
        let mut rng = crate::rng::SeededRng::new(seed);
        let caller = User {
            id: rng.numeric_id(),
            user_name: DEMO_USER_NAME.to_string(),
            email: DEMO_USER_EMAIL.to_string(),
            first_name: Some("Demo".into()),
            last_name: Some("User".into()),
            organization: Some("Towerdesk".into()),
            date_created: now - Duration::days(400),
        };
        let mut st = State::empty(seed, caller);
        st.rng = rng;
        Self {
            st,
            now,
            runs: Vec::new(),
        }
    }

    fn finish(mut self) -> State {
        self.runs
            .sort_by(|a, b| a.submit.cmp(&b.submit).then(a.id.cmp(&b.id)));
        self.st.runs = std::mem::take(&mut self.runs);
        self.st.rebuild_run_index();
        self.st
    }

    pub fn days_ago(&mut self, lo: i64, hi: i64) -> Time {
        self.now - Duration::seconds(self.st.rng.range(lo * 86_400, hi * 86_400))
    }

    pub fn user(&mut self, user_name: &str, first: &str, last: &str, email: &str) -> i64 {
        let id = self.st.new_numeric_id();
        let date_created = self.days_ago(100, 900);
        self.st.users.insert(
            id,
            User {
                id,
                user_name: user_name.into(),
                email: email.into(),
                first_name: Some(first.into()),
                last_name: Some(last.into()),
                organization: None,
                date_created,
            },
        );
        id
    }

    #[allow(clippy::too_many_arguments)]
    pub fn org(
        &mut self,
        name: &str,
        full_name: &str,
        description: &str,
        location: &str,
        website: &str,
        org_type: &str,
        quotas: Quotas,
    ) -> i64 {
        let id = self.st.new_numeric_id();
        let created = self.days_ago(300, 800);
        self.st.orgs.insert(
            id,
            Org {
                id,
                name: name.into(),
                full_name: full_name.into(),
                description: Some(description.into()),
                location: Some(location.into()),
                website: Some(website.into()),
                org_type: org_type.into(),
                quotas,
                date_created: created,
                last_updated: created,
            },
        );
        id
    }

    pub fn member(&mut self, org_id: i64, user_id: i64, role: OrgRole) -> i64 {
        let id = self.st.new_numeric_id();
        self.st.members.insert(
            id,
            Member {
                id,
                org_id,
                user_id,
                role,
            },
        );
        id
    }

    pub fn team(&mut self, org_id: i64, name: &str, description: &str, members: &[i64]) -> i64 {
        let id = self.st.new_numeric_id();
        self.st.teams.insert(
            id,
            Team {
                id,
                org_id,
                name: name.into(),
                description: Some(description.into()),
                member_ids: members.to_vec(),
            },
        );
        id
    }

    pub fn workspace(
        &mut self,
        org_id: i64,
        name: &str,
        full_name: &str,
        description: &str,
        visibility: Visibility,
    ) -> i64 {
        let id = self.st.new_numeric_id();
        let created = self.days_ago(120, 700);
        let updated = self.days_ago(1, 100);
        self.st.workspaces.insert(
            id,
            Workspace {
                id,
                org_id,
                name: name.into(),
                full_name: full_name.into(),
                description: Some(description.into()),
                visibility,
                date_created: created,
                last_updated: updated.max(created),
                studios: StudiosSettings::default(),
            },
        );
        id
    }

    pub fn participant(&mut self, ws: i64, grantee: Grantee, role: Role) -> i64 {
        let id = self.st.new_numeric_id();
        self.st.participants.insert(
            id,
            Participant {
                id,
                workspace_id: ws,
                grantee,
                role,
            },
        );
        id
    }

    pub fn credentials(&mut self, ws: Option<i64>, name: &str, provider: &str) -> String {
        let id = self.st.new_string_id(22);
        let created = self.days_ago(90, 600);
        let last_used = self.days_ago(0, 30);
        self.st.credentials.insert(
            id.clone(),
            Credentials {
                id: id.clone(),
                workspace_id: ws,
                name: name.into(),
                description: None,
                provider: provider.into(),
                base_url: (provider == "github").then(|| "https://github.com".to_string()),
                date_created: created,
                last_updated: created,
                last_used: Some(last_used),
            },
        );
        id
    }

    #[allow(clippy::too_many_arguments)]
    pub fn compute_env(
        &mut self,
        ws: Option<i64>,
        name: &str,
        platform: &str,
        region: Option<&str>,
        work_dir: &str,
        credentials_id: Option<String>,
        primary: bool,
        status: &str,
    ) -> String {
        let id = self.st.new_string_id(22);
        let created = self.days_ago(60, 500);
        let last_used = self.days_ago(0, 20);
        self.st.compute_envs.insert(
            id.clone(),
            ComputeEnv {
                id: id.clone(),
                workspace_id: ws,
                name: name.into(),
                description: Some(format!("{name} ({platform})")),
                platform: platform.into(),
                region: region.map(Into::into),
                work_dir: work_dir.into(),
                credentials_id,
                status: status.into(),
                primary,
                pre_run_script: None,
                nextflow_config: None,
                date_created: created,
                last_updated: created,
                last_used: Some(last_used),
            },
        );
        id
    }

    pub fn label(
        &mut self,
        ws: Option<i64>,
        name: &str,
        value: Option<&str>,
        is_default: bool,
    ) -> i64 {
        let id = self.st.new_numeric_id();
        let created = self.days_ago(30, 400);
        self.st.labels.insert(
            id,
            Label {
                id,
                workspace_id: ws,
                name: name.into(),
                value: value.map(Into::into),
                resource: value.is_some(),
                is_default,
                date_created: created,
            },
        );
        id
    }

    #[allow(clippy::too_many_arguments)]
    pub fn pipeline(
        &mut self,
        ws: Option<i64>,
        name: &str,
        description: &str,
        repository: &str,
        revision: &str,
        compute_env_id: Option<String>,
        profiles: &[&str],
        labels: &[i64],
        versions: usize,
        user_id: i64,
    ) -> i64 {
        let id = self.st.new_numeric_id();
        let created = self.days_ago(60, 500);
        let work_dir = compute_env_id
            .as_ref()
            .map(|c| self.st.compute_envs[c].work_dir.clone());
        let mut list = Vec::new();
        let mut t = created;
        for n in 0..versions.max(1) {
            let vid = self.st.new_string_id(22);
            let hash = format!("JHY1O{}", self.st.rng.string_id(60));
            t += Duration::seconds(self.st.rng.range(3600, 86_400 * 20));
            let t = t.min(self.now);
            list.push(PipelineVersion {
                id: vid,
                name: Some(format!("{name}-{}", n + 1)),
                is_default: n + 1 == versions.max(1),
                hash,
                creator_user_id: user_id,
                date_created: t,
                last_updated: t,
                launch: LaunchSpec {
                    pipeline: Some(repository.into()),
                    revision: Some(revision.into()),
                    compute_env_id: compute_env_id.clone(),
                    work_dir: work_dir.clone(),
                    config_profiles: Some(profiles.iter().map(|p| p.to_string()).collect()),
                    params_text: Some(format!(
                        "outdir: {}/results/{name}\n",
                        work_dir.clone().unwrap_or_else(|| "s3://results".into())
                    )),
                    pull_latest: Some(false),
                    stub_run: Some(false),
                    main_script: Some("main.nf".into()),
                    ..Default::default()
                },
            });
        }
        let last = list.last().map(|v| v.last_updated).unwrap_or(created);
        let optimized = self.st.rng.chance(0.2);
        self.st.pipelines.insert(
            id,
            Pipeline {
                id,
                workspace_id: ws,
                name: name.into(),
                description: Some(description.into()),
                icon: None,
                repository: repository.into(),
                user_id,
                labels: labels.to_vec(),
                versions: list,
                optimized,
                date_created: created,
                last_updated: last,
            },
        );
        id
    }

    /// A run in workspace `ws` of pipeline `pipeline_id`, submitted `ago` before now, on `ce`.
    /// `state` picks what it is doing now.
    #[allow(clippy::too_many_arguments)]
    pub fn run(
        &mut self,
        ws: Option<i64>,
        pipeline_id: i64,
        ce_id: &str,
        owner_id: i64,
        ago: Duration,
        state: RunState,
        labels: Vec<i64>,
    ) {
        let rng = &mut self.st.rng;
        let p = &self.st.pipelines[&pipeline_id];
        let v = p.default_version();
        let ce = &self.st.compute_envs[ce_id];
        let submit = self.now - ago;
        let elapsed = ago.num_seconds().max(1);
        let (queue_secs, run_secs, outcome) = match state {
            RunState::Submitted => (
                elapsed + rng.range(300, 1800),
                rng.range(600, 3600),
                Outcome::Succeeded,
            ),
            RunState::Running => {
                let q = rng.range(30, 120).min(elapsed / 2);
                (q, elapsed - q + rng.range(600, 5400), Outcome::Succeeded)
            }
            RunState::Done(o) | RunState::Cancelled(o) => {
                let q = rng.range(20, 600);
                let r = rng.range(600, 6 * 3600).min((elapsed - q).max(60));
                (q, r, o)
            }
        };
        let plan = RunPlan {
            queue_secs,
            run_secs,
            outcome,
            tasks: rng.range(12, 400) as u32,
            cached: if rng.chance(0.2) {
                rng.range(1, 10) as u32
            } else {
                0
            },
            processes: rng.range(4, 10) as u8,
            cpus_per_task: *rng.pick(&[2, 4, 4, 8, 16]),
            mem_per_task_mb: *rng.pick(&[2048, 4096, 8192, 16384, 32768]),
            cost_per_cpu_hour: cost_rate(&ce.platform),
            credits: ce.platform == crate::runs::SEQERA_COMPUTE,
        };
        let plan = if plan.credits {
            RunPlan {
                cost_per_cpu_hour: crate::runs::credits_rate(
                    plan.cpus_per_task,
                    plan.mem_per_task_mb,
                ),
                ..plan
            }
        } else {
            plan
        };
        let cancelled_at = match state {
            RunState::Cancelled(_) => {
                let at = queue_secs + (run_secs as f64 * (0.2 + rng.unit() * 0.6)) as i64;
                Some(submit + Duration::seconds(at))
            }
            _ => None,
        };
        let run_name = crate::runs::random_run_name(rng);
        let starred = rng.chance(0.08);
        let run = Run {
            id: String::new(),
            workspace_id: ws,
            pipeline_id: Some(p.id),
            pipeline_version_id: Some(v.id.clone()),
            run_name,
            repository: p.repository.clone(),
            revision: v.launch.revision.clone(),
            owner_id,
            compute_env_id: Some(ce.id.clone()),
            work_dir: ce.work_dir.clone(),
            config_profiles: v.launch.config_profiles.clone().unwrap_or_default(),
            params_text: v.launch.params_text.clone(),
            labels,
            starred,
            submit,
            plan,
            cancelled_at,
        };
        let id = loop {
            let id = self.st.rng.string_id(14);
            if !self.st.run_index.contains_key(&id) {
                break id;
            }
        };
        self.st.run_index.insert(id.clone(), 0);
        self.runs.push(Run { id, ..run });
    }

    pub fn action(
        &mut self,
        ws: Option<i64>,
        name: &str,
        source: &str,
        status: &str,
        pipeline_id: i64,
    ) -> String {
        let id = self.st.new_string_id(22);
        let created = self.days_ago(20, 300);
        let seen = self.days_ago(0, 19);
        let hook_id =
            (source == "github").then(|| self.st.rng.range(100_000_000, 999_999_999).to_string());
        let launch = self.st.pipelines[&pipeline_id]
            .default_version()
            .launch
            .clone();
        self.st.actions.insert(
            id.clone(),
            Action {
                id: id.clone(),
                workspace_id: ws,
                name: name.into(),
                source: source.into(),
                status: status.into(),
                launch,
                labels: Vec::new(),
                hook_id,
                date_created: created,
                last_updated: created,
                last_seen: Some(seen),
            },
        );
        id
    }
}

/// What a seeded run is doing now.
#[derive(Clone, Copy, Debug)]
pub enum RunState {
    Submitted,
    Running,
    Done(Outcome),
    Cancelled(Outcome),
}

/// The sizes of the `large` scenario.
pub mod large_counts {
    pub use super::large::{PIPELINES, RUNS, WORKSPACES};
}
