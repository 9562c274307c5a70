//! Runs: the Platform's runs search, applied to the runs kept here, and a run's cost in credits
//! (1 credit = 1 USD) at the published rates. Pure functions, table-tested below.
//!
//! The search syntax is the Platform's (features.md §7): `status:`, `label:`, `workflowId:`,
//! `runName:`, `username:`/`userName:`, `projectName:`, `after:`/`before:` (YYYY-MM-DD, partial
//! dates allowed), `sessionId:`, `is:starred`, and free text (a partial match on the run name and
//! the project name, `*` a wildcard). Keyword filters match exactly, ignoring case, and combine
//! with AND. `sessionId:` and `is:starred` need what Towerdesk does not keep: they are reported as
//! not applied, never silently dropped.

use towerdesk_store::{Run, run_is_finished};

use crate::credits::CreditRates;

/// The run statuses of the Platform, as the store keeps them.
pub const RUN_STATUSES: &[&str] = &[
    "submitted",
    "running",
    "succeeded",
    "failed",
    "cancelled",
    "unknown",
];

/// One term of a runs search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunTerm {
    Status(String),
    Label(String),
    UserName(String),
    WorkflowId(String),
    RunName(String),
    ProjectName(String),
    /// Submitted on or after this day (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    After(String),
    /// Submitted before this day.
    Before(String),
    Text(String),
    /// A keyword the Platform knows but that needs what is not kept here.
    NotApplied(String),
}

/// A parsed runs search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunSearch {
    pub terms: Vec<RunTerm>,
}

fn check_date(key: &str, v: &str) -> Result<String, String> {
    let ok = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = v.split('-').collect();
    let valid = match parts.as_slice() {
        [y] => ok(y, 4),
        [y, m] => ok(y, 4) && ok(m, 2),
        [y, m, d] => ok(y, 4) && ok(m, 2) && ok(d, 2),
        _ => false,
    };
    if valid {
        Ok(v.to_string())
    } else {
        Err(format!("Invalid date '{v}' in {key}: use YYYY-MM-DD."))
    }
}

impl RunSearch {
    /// Parses what was typed in the search box; an unknown status or a bad date is refused with
    /// the sentence to show.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut terms = Vec::new();
        for token in text.split_whitespace() {
            let term = match token.split_once(':') {
                Some((k, v)) if !v.is_empty() => match k.to_ascii_lowercase().as_str() {
                    "status" => {
                        let s = v.to_ascii_lowercase();
                        if !RUN_STATUSES.contains(&s.as_str()) {
                            return Err(format!(
                                "Unknown status '{v}': use submitted, running, succeeded, failed, cancelled or unknown."
                            ));
                        }
                        RunTerm::Status(s)
                    }
                    "label" => RunTerm::Label(v.into()),
                    "username" => RunTerm::UserName(v.into()),
                    "workflowid" => RunTerm::WorkflowId(v.into()),
                    "runname" => RunTerm::RunName(v.into()),
                    "projectname" => RunTerm::ProjectName(v.into()),
                    "after" => RunTerm::After(check_date("after:", v)?),
                    "before" => RunTerm::Before(check_date("before:", v)?),
                    "sessionid" | "is" => RunTerm::NotApplied(token.into()),
                    _ => RunTerm::Text(token.into()),
                },
                _ => RunTerm::Text(token.into()),
            };
            terms.push(term);
        }
        Ok(Self { terms })
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The terms that could not be applied here, as typed.
    pub fn not_applied(&self) -> Vec<String> {
        self.terms
            .iter()
            .filter_map(|t| match t {
                RunTerm::NotApplied(s) => Some(s.clone()),
                _ => None,
            })
            .collect()
    }

    pub fn matches(&self, run: &Run) -> bool {
        self.terms.iter().all(|t| match t {
            RunTerm::Status(s) => run.status.eq_ignore_ascii_case(s),
            RunTerm::Label(l) => run.labels.iter().any(|x| {
                x.eq_ignore_ascii_case(l)
                    || x.split_once('=')
                        .is_some_and(|(n, _)| n.eq_ignore_ascii_case(l))
            }),
            RunTerm::UserName(u) => run
                .user_name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(u)),
            RunTerm::WorkflowId(id) => run.workflow_id == *id,
            RunTerm::RunName(n) => run.run_name.eq_ignore_ascii_case(n),
            RunTerm::ProjectName(p) => run
                .project_name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(p)),
            RunTerm::After(d) => run.submitted.as_deref().is_some_and(|s| s >= d.as_str()),
            RunTerm::Before(d) => run.submitted.as_deref().is_some_and(|s| s < d.as_str()),
            RunTerm::Text(t) => {
                wildcard(&run.run_name, t)
                    || run.project_name.as_deref().is_some_and(|p| wildcard(p, t))
            }
            RunTerm::NotApplied(_) => true,
        })
    }
}

/// A partial match ignoring case, `*` standing for anything.
fn wildcard(haystack: &str, pattern: &str) -> bool {
    let hay = haystack.to_lowercase();
    let mut rest = hay.as_str();
    for part in pattern.to_lowercase().split('*').filter(|p| !p.is_empty()) {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    true
}

/// A run's cost in credits and whether it is an estimate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunCost {
    /// None: nothing is known to estimate from.
    pub credits: Option<f64>,
    pub estimate: bool,
}

/// What a run cost: a finished run's cost as the server reported it; a run still going, or one
/// the server gave no cost for, is estimated from its CPU-hours and memory GiB-hours so far at
/// the credit rates, and marked an estimate.
pub fn run_cost(run: &Run, rates: CreditRates) -> RunCost {
    let finished = run_is_finished(&run.status);
    match run.cost {
        Some(c) if finished => RunCost {
            credits: Some(c),
            estimate: false,
        },
        _ if run.cpu_hours.is_none() && run.memory_gib_hours.is_none() => RunCost {
            credits: run.cost,
            estimate: true,
        },
        _ => RunCost {
            credits: Some(rates.estimate(
                run.cpu_hours.unwrap_or(0.0),
                run.memory_gib_hours.unwrap_or(0.0),
            )),
            estimate: true,
        },
    }
}

/// From submission to completion, in milliseconds; None while it runs (the window counts it).
pub fn duration_ms(run: &Run) -> Option<i64> {
    let parse = |s: &Option<String>| {
        s.as_deref()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
    };
    match (parse(&run.submitted), parse(&run.complete)) {
        (Some(s), Some(c)) => Some((c - s).num_milliseconds().max(0)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(name: &str, project: &str, status: &str, user: &str, labels: &[&str]) -> Run {
        Run {
            id: 1,
            workflow_id: format!("wf-{name}"),
            run_name: name.into(),
            project_name: Some(project.into()),
            status: status.into(),
            user_name: Some(user.into()),
            submitted: Some("2026-11-15T10:00:00Z".into()),
            start: None,
            complete: None,
            progress_percent: None,
            cost: None,
            cpu_hours: None,
            memory_gib_hours: None,
            cost_is_estimate: true,
            labels: labels.iter().map(|l| l.to_string()).collect(),
            compute_env: None,
        }
    }

    #[test]
    fn the_platforms_search_syntax_filters_runs() {
        let runs = [
            run(
                "happy_turing",
                "nf-core/rnaseq",
                "running",
                "demo-user",
                &["prod"],
            ),
            run(
                "brave_curie",
                "nf-core/atacseq",
                "succeeded",
                "ada",
                &["env=dev"],
            ),
            run("wise_darwin", "nf-core/rnaseq", "failed", "ada", &[]),
        ];
        let cases: &[(&str, &[&str])] = &[
            ("", &["happy_turing", "brave_curie", "wise_darwin"]),
            ("status:running", &["happy_turing"]),
            ("STATUS:Succeeded", &["brave_curie"]),
            ("label:prod", &["happy_turing"]),
            ("label:env", &["brave_curie"]),
            ("label:env=dev", &["brave_curie"]),
            ("username:ada", &["brave_curie", "wise_darwin"]),
            ("userName:DEMO-USER", &["happy_turing"]),
            ("rnaseq", &["happy_turing", "wise_darwin"]),
            ("TURING", &["happy_turing"]),
            (
                "nf-core/*seq",
                &["happy_turing", "brave_curie", "wise_darwin"],
            ),
            ("h*ing", &["happy_turing"]),
            ("rnaseq username:ada", &["wise_darwin"]),
            ("projectName:nf-core/atacseq", &["brave_curie"]),
            ("projectName:atacseq", &[]),
            ("runName:wise_darwin", &["wise_darwin"]),
            ("workflowId:wf-brave_curie", &["brave_curie"]),
            (
                "after:2026-11",
                &["happy_turing", "brave_curie", "wise_darwin"],
            ),
            ("before:2026-11-15", &[]),
            ("is:starred status:failed", &["wise_darwin"]),
            ("nothing-like-this", &[]),
        ];
        for (q, want) in cases {
            let s = RunSearch::parse(q).unwrap();
            let got: Vec<&str> = runs
                .iter()
                .filter(|r| s.matches(r))
                .map(|r| r.run_name.as_str())
                .collect();
            assert_eq!(&got, want, "search {q:?}");
        }
    }

    #[test]
    fn what_cannot_be_applied_is_said_and_bad_input_is_refused() {
        let s = RunSearch::parse("is:starred sessionId:abc rnaseq").unwrap();
        assert_eq!(s.not_applied(), vec!["is:starred", "sessionId:abc"]);
        assert_eq!(
            RunSearch::parse("status:done").unwrap_err(),
            "Unknown status 'done': use submitted, running, succeeded, failed, cancelled or unknown."
        );
        assert_eq!(
            RunSearch::parse("after:yesterday").unwrap_err(),
            "Invalid date 'yesterday' in after:: use YYYY-MM-DD."
        );
        // A key with no value is free text.
        assert_eq!(
            RunSearch::parse("status:").unwrap().terms,
            vec![RunTerm::Text("status:".into())]
        );
    }

    #[test]
    fn a_running_run_costs_its_estimate_so_far_and_a_finished_one_what_the_server_said() {
        let rates = CreditRates::PLATFORM;
        let with = |status: &str, cost: Option<f64>, cpu: Option<f64>, mem: Option<f64>| {
            let mut r = run("r", "p", status, "u", &[]);
            r.cost = cost;
            r.cpu_hours = cpu;
            r.memory_gib_hours = mem;
            run_cost(&r, rates)
        };
        let cases = [
            // 10 CPU-hours and 40 GiB-hours: 1 + 1 credits, so far.
            (
                with("running", Some(0.0), Some(10.0), Some(40.0)),
                Some(2.0),
                true,
            ),
            (with("submitted", None, None, None), None, true),
            (
                with("succeeded", Some(3.5), Some(10.0), Some(40.0)),
                Some(3.5),
                false,
            ),
            (with("failed", None, Some(20.0), None), Some(2.0), true),
            (with("cancelled", None, None, None), None, true),
        ];
        for (got, credits, estimate) in cases {
            assert_eq!(got.estimate, estimate, "{got:?}");
            match (got.credits, credits) {
                (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "{got:?}"),
                (a, b) => assert_eq!(a, b),
            }
        }
    }

    #[test]
    fn a_finished_runs_duration_is_submission_to_completion() {
        let mut r = run("r", "p", "succeeded", "u", &[]);
        r.complete = Some("2026-11-15T11:30:00Z".into());
        assert_eq!(duration_ms(&r), Some(90 * 60 * 1000));
        r.complete = None;
        assert_eq!(duration_ms(&r), None);
    }
}
