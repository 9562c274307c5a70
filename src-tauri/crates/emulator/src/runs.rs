//! Runs move by themselves: everything about a run at a given moment (status, task counts, CPU
//! time, memory, cost) is computed from its plan and the clock, deterministically.

use chrono::Duration;

use crate::model::{Outcome, Run, Time};
use crate::rng::mix;

/// Process names shown in a run's progress, in pipeline order.
const PROCESSES: &[&str] = &[
    "FASTQC",
    "TRIMGALORE",
    "STAR_ALIGN",
    "SAMTOOLS_SORT",
    "PICARD_MARKDUPLICATES",
    "SALMON_QUANT",
    "BCFTOOLS_CALL",
    "QUALIMAP_RNASEQ",
    "MULTIQC",
];

/// Where a failing run stops, as a share of its work.
const FAILS_AT: f64 = 0.7;
/// Progress heartbeats: a running run's `lastUpdated` moves in these steps.
const HEARTBEAT_SECS: i64 = 30;

#[derive(Clone, Debug, Default)]
pub struct ProcessProgress {
    pub name: &'static str,
    pub pending: u32,
    pub submitted: u32,
    pub running: u32,
    pub succeeded: u32,
    pub cached: u32,
    pub failed: u32,
    pub aborted: u32,
    pub cpu_time_ms: i64,
    pub memory_rss: i64,
    pub peak_cpus: i64,
    pub peak_memory: i64,
    pub peak_tasks: i64,
    pub load_cpus: i64,
    pub load_memory: i64,
}

impl ProcessProgress {
    pub fn total_done(&self) -> u32 {
        self.succeeded + self.cached + self.failed
    }
}

/// A run as seen at one moment.
#[derive(Clone, Debug)]
pub struct RunView {
    pub status: &'static str,
    pub start: Option<Time>,
    pub complete: Option<Time>,
    pub last_updated: Time,
    pub processes: Vec<ProcessProgress>,
    pub total: ProcessProgress,
    pub cost: f64,
    pub cpu_efficiency: f64,
    pub memory_efficiency: f64,
    pub duration_ms: Option<i64>,
    pub exit_status: Option<i32>,
    pub success: Option<bool>,
    pub error_message: Option<String>,
}

impl RunView {
    pub fn is_active(&self) -> bool {
        matches!(self.status, "SUBMITTED" | "RUNNING")
    }
}

/// The status alone, cheaply (used to filter long run lists).
pub fn status_at(run: &Run, now: Time) -> &'static str {
    let start = run.submit + Duration::seconds(run.plan.queue_secs);
    let end = start + Duration::seconds(run.plan.run_secs);
    let at = match run.cancelled_at {
        Some(c) if c <= now && c < end => return "CANCELLED",
        _ => now,
    };
    if at < start {
        "SUBMITTED"
    } else if at < end {
        "RUNNING"
    } else {
        match run.plan.outcome {
            Outcome::Succeeded => "SUCCEEDED",
            Outcome::Failed => "FAILED",
            Outcome::Unknown => "UNKNOWN",
        }
    }
}

pub fn view(run: &Run, now: Time) -> RunView {
    let plan = &run.plan;
    let start = run.submit + Duration::seconds(plan.queue_secs);
    let end = start + Duration::seconds(plan.run_secs);
    let status = status_at(run, now);
    // The moment the run's progress is frozen at (or now, while it moves).
    let at = match status {
        "CANCELLED" => run.cancelled_at.unwrap_or(now),
        "SUBMITTED" | "RUNNING" => now,
        _ => end,
    };
    let elapsed = (at - start).num_milliseconds().max(0) as f64;
    let mut fraction = (elapsed / (plan.run_secs.max(1) * 1000) as f64).clamp(0.0, 1.0);
    if plan.outcome != Outcome::Succeeded {
        // Failing and lost runs never get past this point.
        fraction *= FAILS_AT;
    }
    let ended = !matches!(status, "SUBMITTED" | "RUNNING");

    let h = mix(run.submit.timestamp_millis() as u64 ^ run.plan.tasks as u64);
    let cpu_efficiency = 55.0 + (h % 400) as f64 / 10.0;
    let memory_efficiency = 35.0 + ((h >> 16) % 500) as f64 / 10.0;

    let n = plan.processes.clamp(1, PROCESSES.len() as u8) as usize;
    let names: Vec<&'static str> = PROCESSES[PROCESSES.len() - n..].to_vec();
    let mut processes = Vec::with_capacity(n);
    let mut assigned = 0u32;
    let task_secs = (plan.run_secs as f64 * 4.0 / plan.tasks.max(1) as f64).max(20.0);
    let task_cpu_ms =
        (task_secs * 1000.0 * plan.cpus_per_task as f64 * cpu_efficiency / 100.0) as i64;
    let task_mem = plan.mem_per_task_mb as i64 * 1024 * 1024;
    let mut cached_left = plan.cached;
    let mut failure_assigned = false;
    for (i, name) in names.iter().enumerate() {
        let tasks = if i == n - 1 {
            plan.tasks.saturating_sub(assigned).max(1)
        } else {
            (plan.tasks / n as u32).max(1)
        };
        assigned += tasks;
        let begins = i as f64 / n as f64 * 0.5;
        let f = if status == "SUBMITTED" {
            0.0
        } else {
            ((fraction - begins) / 0.5).clamp(0.0, 1.0)
        };
        let done = (tasks as f64 * f).floor() as u32;
        let in_flight = if f > 0.0 && f < 1.0 {
            (tasks - done).min((tasks / 4).max(1))
        } else {
            0
        };
        let mut p = ProcessProgress {
            name,
            ..Default::default()
        };
        let cached = done.min(cached_left);
        cached_left -= cached;
        p.cached = cached;
        p.succeeded = done - cached;
        if ended {
            match status {
                "FAILED" if !failure_assigned && (in_flight > 0 || i == n - 1) => {
                    p.failed = in_flight.max(1);
                    failure_assigned = true;
                }
                _ => p.aborted = in_flight,
            }
        } else {
            p.running = if status == "RUNNING" { in_flight } else { 0 };
            let waiting = tasks - done - p.running;
            p.submitted = waiting.min(2);
            p.pending = waiting - p.submitted;
        }
        let parallel = (tasks / 4).max(1) as i64;
        p.cpu_time_ms = (p.succeeded + p.failed) as i64 * task_cpu_ms;
        p.memory_rss = (p.succeeded + p.failed) as i64 * task_mem * memory_efficiency as i64 / 100;
        if p.total_done() > 0 || p.running > 0 {
            p.peak_cpus = parallel * plan.cpus_per_task as i64;
            p.peak_memory = parallel * task_mem;
            p.peak_tasks = parallel;
        }
        p.load_cpus = p.running as i64 * plan.cpus_per_task as i64;
        p.load_memory = p.running as i64 * task_mem;
        processes.push(p);
    }

    let mut total = ProcessProgress {
        name: "",
        ..Default::default()
    };
    for p in &processes {
        total.pending += p.pending;
        total.submitted += p.submitted;
        total.running += p.running;
        total.succeeded += p.succeeded;
        total.cached += p.cached;
        total.failed += p.failed;
        total.aborted += p.aborted;
        total.cpu_time_ms += p.cpu_time_ms;
        total.memory_rss += p.memory_rss;
        total.peak_cpus = total.peak_cpus.max(p.peak_cpus);
        total.peak_memory = total.peak_memory.max(p.peak_memory);
        total.peak_tasks = total.peak_tasks.max(p.peak_tasks);
        total.load_cpus += p.load_cpus;
        total.load_memory += p.load_memory;
    }

    let cpu_hours = total.cpu_time_ms as f64 / 3_600_000.0;
    let cost = (cpu_hours * plan.cost_per_cpu_hour * 100.0).round() / 100.0;

    let started = status != "SUBMITTED" && !(status == "CANCELLED" && at < start);
    let complete = if ended { Some(at) } else { None };
    let last_updated = match status {
        "SUBMITTED" => run.submit,
        "RUNNING" => {
            let beats = (now - start).num_seconds() / HEARTBEAT_SECS;
            start + Duration::seconds(beats * HEARTBEAT_SECS)
        }
        _ => at,
    };
    let (exit_status, success, error_message) = match status {
        "SUCCEEDED" => (Some(0), Some(true), None),
        "FAILED" => (
            Some(1),
            Some(false),
            Some(format!(
                "Process `{}` terminated with an error exit status (1)",
                processes
                    .iter()
                    .find(|p| p.failed > 0)
                    .map(|p| p.name)
                    .unwrap_or("MULTIQC")
            )),
        ),
        "CANCELLED" => (
            None,
            Some(false),
            Some("Workflow was cancelled".to_string()),
        ),
        _ => (None, None, None),
    };
    RunView {
        status,
        start: started.then_some(start),
        complete,
        last_updated,
        duration_ms: complete.map(|c| (c - run.submit).num_milliseconds()),
        processes,
        total,
        cost,
        cpu_efficiency,
        memory_efficiency,
        exit_status,
        success,
        error_message,
    }
}

const ADJECTIVES: &[&str] = &[
    "happy",
    "brave",
    "clever",
    "eager",
    "gentle",
    "jolly",
    "lucid",
    "nifty",
    "proud",
    "quirky",
    "serene",
    "sleepy",
    "spontaneous",
    "tender",
    "vigilant",
    "wise",
    "zealous",
    "agitated",
    "boring",
    "crazy",
    "distracted",
    "ecstatic",
    "focused",
    "goofy",
    "hungry",
    "infallible",
    "kickass",
    "loving",
    "modest",
    "naughty",
    "peaceful",
    "romantic",
    "stoic",
    "trusting",
];
const SCIENTISTS: &[&str] = &[
    "turing",
    "curie",
    "franklin",
    "darwin",
    "mendel",
    "lovelace",
    "hopper",
    "pasteur",
    "crick",
    "watson",
    "mcclintock",
    "sanger",
    "hodgkin",
    "meitner",
    "noether",
    "ramanujan",
    "shannon",
    "feynman",
    "goodall",
    "margulis",
    "blackburn",
    "doudna",
    "charpentier",
    "easley",
    "williams",
    "hamilton",
    "lamarr",
    "kepler",
    "galileo",
    "bohr",
    "fermi",
    "pauling",
    "tesla",
    "wright",
];

/// A run name like the Platform's (`spontaneous_easley`).
pub fn random_run_name(rng: &mut crate::rng::SeededRng) -> String {
    format!("{}_{}", rng.pick(ADJECTIVES), rng.pick(SCIENTISTS))
}

/// The platform string of Seqera Compute environments, whose runs are billed in credits.
pub const SEQERA_COMPUTE: &str = "seqeracompute-platform";

/// Credits per CPU-hour and per GiB-hour of memory on Seqera Compute (1 credit = 1 USD).
pub const CREDITS_PER_CPU_HOUR: f64 = 0.1;
pub const CREDITS_PER_GIB_HOUR: f64 = 0.025;

/// Credits per CPU-hour of a Seqera Compute task that requests `cpus` and `mem_mb`: its CPU rate
/// plus its memory at the memory rate, per CPU (the emulator's cost grows with CPU time).
pub fn credits_rate(cpus: u32, mem_mb: u32) -> f64 {
    CREDITS_PER_CPU_HOUR + CREDITS_PER_GIB_HOUR * (mem_mb as f64 / 1024.0) / cpus.max(1) as f64
}

/// USD per CPU-hour by platform (spot-ish prices; HPC has no cloud cost).
pub fn cost_rate(platform: &str) -> f64 {
    match platform {
        SEQERA_COMPUTE => CREDITS_PER_CPU_HOUR,
        "aws-batch" | "aws-cloud" => 0.048,
        "google-batch" | "google-cloud" => 0.036,
        "azure-batch" | "azure-cloud" => 0.052,
        "k8s-platform" => 0.03,
        _ => 0.0,
    }
}

/// A fresh run's plan: a short queue, a few minutes of work, usually a success.
pub fn launch_plan(rng: &mut crate::rng::SeededRng, platform: &str) -> crate::model::RunPlan {
    let mut plan = crate::model::RunPlan {
        queue_secs: rng.range(15, 45),
        run_secs: rng.range(180, 720),
        outcome: if rng.chance(0.85) {
            Outcome::Succeeded
        } else {
            Outcome::Failed
        },
        tasks: rng.range(20, 120) as u32,
        cached: 0,
        processes: rng.range(4, 9) as u8,
        cpus_per_task: *rng.pick(&[2, 4, 8]),
        mem_per_task_mb: *rng.pick(&[4096, 8192, 16384]),
        cost_per_cpu_hour: cost_rate(platform),
        credits: platform == SEQERA_COMPUTE,
    };
    if plan.credits {
        plan.cost_per_cpu_hour = credits_rate(plan.cpus_per_task, plan.mem_per_task_mb);
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RunPlan;
    use chrono::TimeZone;

    fn run(outcome: Outcome) -> Run {
        Run {
            id: "r1".into(),
            workspace_id: None,
            pipeline_id: None,
            pipeline_version_id: None,
            run_name: "happy_turing".into(),
            repository: "https://github.com/nf-core/rnaseq".into(),
            revision: None,
            owner_id: 1,
            compute_env_id: None,
            work_dir: "s3://bucket/work".into(),
            config_profiles: vec![],
            params_text: None,
            labels: vec![],
            starred: false,
            submit: chrono::Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
            plan: RunPlan {
                queue_secs: 60,
                run_secs: 600,
                outcome,
                tasks: 40,
                cached: 3,
                processes: 5,
                cpus_per_task: 4,
                mem_per_task_mb: 8192,
                cost_per_cpu_hour: 0.05,
                credits: false,
            },
            cancelled_at: None,
        }
    }

    #[test]
    fn a_run_moves_from_submitted_to_running_to_its_outcome() {
        let r = run(Outcome::Succeeded);
        let t0 = r.submit;
        let v = view(&r, t0 + Duration::seconds(10));
        assert_eq!(v.status, "SUBMITTED");
        assert_eq!(v.total.succeeded, 0);
        assert_eq!(v.cost, 0.0);
        let mid = view(&r, t0 + Duration::seconds(360));
        assert_eq!(mid.status, "RUNNING");
        assert!(mid.total.succeeded > 0 && mid.total.running > 0);
        let later = view(&r, t0 + Duration::seconds(500));
        assert!(later.total.cpu_time_ms > mid.total.cpu_time_ms);
        assert!(later.cost >= mid.cost);
        assert!(later.last_updated > mid.last_updated);
        let done = view(&r, t0 + Duration::seconds(700));
        assert_eq!(done.status, "SUCCEEDED");
        assert_eq!(done.total.succeeded + done.total.cached, 40);
        assert_eq!(done.total.running + done.total.pending, 0);
        assert!(done.cost > 0.0);
        assert_eq!(done.complete, Some(t0 + Duration::seconds(660)));
    }

    #[test]
    fn failed_and_cancelled_runs_stop_with_the_right_counts() {
        let f = run(Outcome::Failed);
        let v = view(&f, f.submit + Duration::days(1));
        assert_eq!(v.status, "FAILED");
        assert!(v.total.failed >= 1);
        assert!(v.error_message.unwrap().contains("terminated"));
        let mut c = run(Outcome::Succeeded);
        c.cancelled_at = Some(c.submit + Duration::seconds(300));
        let v = view(&c, c.submit + Duration::days(1));
        assert_eq!(v.status, "CANCELLED");
        assert!(v.total.succeeded + v.total.cached < 40);
        assert_eq!(v.complete, c.cancelled_at);
    }
}
