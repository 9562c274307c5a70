//! The `large` world for benchmarks: 3 organizations with 100 workspaces each (300), 30,000
//! pipelines (one SHARED hub workspace holds 2,100 of them) and 100,000 runs.

use chrono::Duration;

use super::{RunState, Seeder};
use crate::model::{Grantee, OrgRole, Outcome, Quotas, Role, Visibility};

pub const WORKSPACES: usize = 300;
pub const PIPELINES: usize = 30_000;
pub const RUNS: usize = 100_000;
const HUB_PIPELINES: usize = 2_100;
const ORGS: [(&str, &str); 3] = [
    ("global-genomics", "Global Genomics Network"),
    ("precision-oncology", "Precision Oncology Programme"),
    ("microbiome-institute", "Microbiome Institute"),
];
const REPOS: &[(&str, &str)] = &[
    ("rnaseq", "https://github.com/nf-core/rnaseq"),
    ("sarek", "https://github.com/nf-core/sarek"),
    ("fetchngs", "https://github.com/nf-core/fetchngs"),
    ("viralrecon", "https://github.com/nf-core/viralrecon"),
    ("atacseq", "https://github.com/nf-core/atacseq"),
    ("methylseq", "https://github.com/nf-core/methylseq"),
    ("ampliseq", "https://github.com/nf-core/ampliseq"),
    ("scrnaseq", "https://github.com/nf-core/scrnaseq"),
    ("chipseq", "https://github.com/nf-core/chipseq"),
    ("mag", "https://github.com/nf-core/mag"),
];

pub(super) fn seed(s: &mut Seeder) {
    let me = s.st.caller_id;
    let ws_per_org = WORKSPACES / ORGS.len();
    let mut workspaces = Vec::with_capacity(WORKSPACES);
    // Per workspace: its Seqera Compute environment (every second one has one) and who runs there.
    let mut credits_of: Vec<(Option<String>, Vec<i64>)> = Vec::with_capacity(WORKSPACES);
    for (o, (name, full)) in ORGS.iter().enumerate() {
        let org = s.org(
            name,
            full,
            "Benchmark organization",
            "Cambridge, UK",
            "https://example.org",
            "pro",
            Quotas::enterprise(),
        );
        let my_member = s.member(org, me, OrgRole::Owner);
        let mut team_members = vec![my_member];
        let mut runners = vec![me];
        for u in 0..40 {
            let user_name = format!("user-{o}-{u:02}");
            let email = format!("{user_name}@{name}.example.org");
            let uid = s.user(&user_name, "User", &format!("{o}-{u:02}"), &email);
            let role = if u % 10 == 0 {
                OrgRole::Collaborator
            } else {
                OrgRole::Member
            };
            let m = s.member(org, uid, role);
            if u % 4 == 1 {
                team_members.push(m);
                runners.push(uid);
            }
        }
        let team = s.team(
            org,
            "analysts",
            "Everyone who runs pipelines",
            &team_members,
        );
        for w in 0..ws_per_org {
            let (name, visibility) = if w == 0 {
                ("shared-hub".to_string(), Visibility::Shared)
            } else {
                (format!("project-{w:03}"), Visibility::Private)
            };
            let ws = s.workspace(
                org,
                &name,
                &format!("Project {w:03}"),
                "Benchmark workspace",
                visibility,
            );
            s.participant(
                ws,
                Grantee::Member {
                    member_id: my_member,
                },
                Role::Owner,
            );
            s.participant(ws, Grantee::Team { team_id: team }, Role::Launch);
            let cred = s.credentials(Some(ws), "aws", "aws");
            let ce = s.compute_env(
                Some(ws),
                "aws-batch",
                "aws-batch",
                Some("eu-west-1"),
                &format!("s3://bench-{o}-{w:03}/work"),
                Some(cred),
                true,
                "AVAILABLE",
            );
            let mut labels: Vec<i64> = Vec::new();
            for l in ["rnaseq", "qc", "production", "urgent"] {
                labels.push(s.label(Some(ws), l, None, false));
            }
            labels.push(s.label(Some(ws), "project", Some(&format!("p-{w:03}")), true));
            let seqera_compute = (w % 2 == 1).then(|| {
                s.compute_env(
                    Some(ws),
                    "seqera-compute",
                    crate::runs::SEQERA_COMPUTE,
                    Some("eu-west-1"),
                    &format!("s3://seqera-compute-{o}-{w:03}/work"),
                    None,
                    false,
                    "AVAILABLE",
                )
            });
            credits_of.push((seqera_compute, runners.clone()));
            workspaces.push((ws, ce, labels, o == 0 && w == 0));
        }
    }

    // Pipelines: the first org's hub gets HUB_PIPELINES, the rest share what is left.
    let rest = PIPELINES - HUB_PIPELINES;
    let others = workspaces.len() - 1;
    let mut per_ws = Vec::with_capacity(workspaces.len());
    let mut extra = rest % others;
    for (_, _, _, hub) in &workspaces {
        if *hub {
            per_ws.push(HUB_PIPELINES);
        } else {
            per_ws.push(rest / others + usize::from(extra > 0));
            extra = extra.saturating_sub(1);
        }
    }
    let mut pipelines_of = Vec::with_capacity(workspaces.len());
    for ((ws, ce, labels, hub), n) in workspaces.iter().zip(&per_ws) {
        let mut ids = Vec::with_capacity(*n);
        for i in 0..*n {
            let (short, url) = REPOS[i % REPOS.len()];
            let name = format!("{short}-{i:04}");
            let ce = if *hub && i % 3 == 0 {
                None
            } else {
                Some(ce.clone())
            };
            let label = [labels[i % labels.len()]];
            let id = s.pipeline(
                Some(*ws),
                &name,
                "Benchmark pipeline",
                url,
                "main",
                ce,
                &["docker"],
                &label,
                1 + i % 2,
                me,
            );
            ids.push(id);
        }
        pipelines_of.push(ids);
    }

    // Runs, spread evenly over the workspaces and the last 15 months; a few still moving; a third
    // of those in a workspace with Seqera Compute run there; one in four by someone else.
    for r in 0..RUNS {
        let w = r % workspaces.len();
        let (ws, ce, labels, _) = &workspaces[w];
        let ids = &pipelines_of[w];
        let pid = ids[(r / workspaces.len()) % ids.len()];
        let (ago, state) = if r < 300 {
            (Duration::minutes(s.st.rng.range(2, 60)), RunState::Running)
        } else if r < 400 {
            (
                Duration::seconds(s.st.rng.range(5, 60)),
                RunState::Submitted,
            )
        } else {
            let u = s.st.rng.unit();
            let state = if u < 0.75 {
                RunState::Done(Outcome::Succeeded)
            } else if u < 0.9 {
                RunState::Done(Outcome::Failed)
            } else if u < 0.98 {
                RunState::Cancelled(Outcome::Succeeded)
            } else {
                RunState::Done(Outcome::Unknown)
            };
            (Duration::seconds(s.st.rng.range(3600, 456 * 86_400)), state)
        };
        let run_labels = if r % 3 == 0 {
            vec![labels[r % labels.len()]]
        } else {
            Vec::new()
        };
        let (seqera_compute, runners) = &credits_of[w];
        let ce = match seqera_compute {
            Some(sc) if r % 3 == 1 => sc.clone(),
            _ => ce.clone(),
        };
        let owner = if r % 4 == 3 {
            runners[(r / 4) % runners.len()]
        } else {
            me
        };
        s.run(Some(*ws), pid, &ce, owner, ago, state, run_labels);
    }
}
