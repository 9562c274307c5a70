//! The `collaborator` world: the demo user with each way a workspace role can come about, as real
//! Platform servers report it. A collaborator of `partner-lab` (that org is missing from `/orgs`,
//! its workspace listing is refused, its shared workspace still opens), the owner of `own-lab`
//! (owner of every workspace with no participant row), and a member of `member-lab` (a direct
//! role, a role through a team, and a workspace they are not in).

use chrono::Duration;

use super::{RunState, Seeder};
use crate::model::{Grantee, OrgRole, Outcome, Quotas, Role, Visibility};

/// A run to seed: (workspace, pipeline, compute env, owner, submitted how long ago, state now).
type SeededRun<'a> = (Option<i64>, i64, &'a str, i64, Duration, RunState);

pub(super) fn seed(s: &mut Seeder) {
    let me = s.st.caller_id;

    // People.
    let lena = s.user(
        "lena-fischer",
        "Lena",
        "Fischer",
        "lena.fischer@partner-lab.example.org",
    );
    let omar = s.user(
        "omar-said",
        "Omar",
        "Said",
        "omar.said@partner-lab.example.org",
    );
    let sam = s.user(
        "sam-taylor",
        "Sam",
        "Taylor",
        "sam.taylor@own-lab.example.org",
    );
    let mei = s.user("mei-chen", "Mei", "Chen", "mei.chen@member-lab.example.org");
    let raj = s.user(
        "raj-patel",
        "Raj",
        "Patel",
        "raj.patel@member-lab.example.org",
    );

    // partner-lab: someone else's org; the demo user is only a collaborator.
    let partner = s.org(
        "partner-lab",
        "Partner Lab",
        "A partner laboratory that shares one workspace with outside collaborators",
        "Heidelberg, Germany",
        "https://partner-lab.example.org",
        "pro",
        Quotas::pro(),
    );
    let p_me = s.member(partner, me, OrgRole::Collaborator);
    let p_lena = s.member(partner, lena, OrgRole::Owner);
    let p_omar = s.member(partner, omar, OrgRole::Member);
    let joint = s.workspace(
        partner,
        "joint-study",
        "Joint study",
        "Shared with our collaborators",
        Visibility::Shared,
    );
    let internal = s.workspace(
        partner,
        "internal",
        "Internal",
        "The lab's own projects",
        Visibility::Private,
    );
    s.participant(joint, Grantee::Member { member_id: p_lena }, Role::Owner);
    s.participant(joint, Grantee::Member { member_id: p_me }, Role::Maintain);
    s.participant(internal, Grantee::Member { member_id: p_lena }, Role::Owner);
    s.participant(internal, Grantee::Member { member_id: p_omar }, Role::Admin);

    // own-lab: the demo user owns the org and so every workspace, with no participant row.
    let own = s.org(
        "own-lab",
        "Own Lab",
        "The demo user's own laboratory",
        "Lisbon, Portugal",
        "https://own-lab.example.org",
        "pro",
        Quotas::pro(),
    );
    let _ = s.member(own, me, OrgRole::Owner);
    let o_sam = s.member(own, sam, OrgRole::Member);
    let ops = s.workspace(
        own,
        "ops",
        "Operations",
        "Day-to-day production runs",
        Visibility::Private,
    );
    let tools = s.workspace(
        own,
        "tools",
        "Shared tools",
        "Pipelines shared with every workspace of the lab",
        Visibility::Shared,
    );
    s.participant(ops, Grantee::Member { member_id: o_sam }, Role::Owner);
    s.participant(tools, Grantee::Member { member_id: o_sam }, Role::Maintain);

    // member-lab: the demo user is a member, with a direct role, a team role and no role.
    let member_lab = s.org(
        "member-lab",
        "Member Lab",
        "A laboratory the demo user belongs to",
        "Toronto, Canada",
        "https://member-lab.example.org",
        "academic",
        Quotas::pro(),
    );
    let m_me = s.member(member_lab, me, OrgRole::Member);
    let m_mei = s.member(member_lab, mei, OrgRole::Owner);
    let m_raj = s.member(member_lab, raj, OrgRole::Member);
    let team = s.team(
        member_lab,
        "data-science",
        "The lab's data scientists",
        &[m_me, m_raj],
    );
    let analysis = s.workspace(
        member_lab,
        "analysis",
        "Analysis",
        "Routine analysis of the lab's samples",
        Visibility::Private,
    );
    let team_space = s.workspace(
        member_lab,
        "team-space",
        "Team space",
        "The data-science team's workspace",
        Visibility::Private,
    );
    let closed = s.workspace(
        member_lab,
        "closed",
        "Closed",
        "Restricted to the lab's sequencing staff",
        Visibility::Private,
    );
    for ws in [analysis, team_space, closed] {
        s.participant(ws, Grantee::Member { member_id: m_mei }, Role::Owner);
    }
    s.participant(analysis, Grantee::Member { member_id: m_me }, Role::Launch);
    s.participant(
        analysis,
        Grantee::Member { member_id: m_raj },
        Role::Maintain,
    );
    s.participant(team_space, Grantee::Team { team_id: team }, Role::Admin);
    s.participant(closed, Grantee::Member { member_id: m_raj }, Role::Admin);

    // Compute environments, pipelines and a few runs where the demo user works.
    let j_aws = s.credentials(Some(joint), "aws-joint", "aws");
    let joint_ce = s.compute_env(
        Some(joint),
        "aws-batch-joint",
        "aws-batch",
        Some("eu-central-1"),
        "s3://partner-lab-joint/work",
        Some(j_aws),
        true,
        "AVAILABLE",
    );
    let a_gcp = s.credentials(Some(analysis), "gcp-analysis", "google");
    let analysis_ce = s.compute_env(
        Some(analysis),
        "gcp-batch-analysis",
        "google-batch",
        Some("northamerica-northeast2"),
        "gs://member-lab-analysis/work",
        Some(a_gcp),
        true,
        "AVAILABLE",
    );
    let j_rnaseq = s.pipeline(
        Some(joint),
        "nf-core-rnaseq",
        "RNA sequencing analysis pipeline with gene/isoform counts and extensive QC",
        "https://github.com/nf-core/rnaseq",
        "3.19.0",
        Some(joint_ce.clone()),
        &["docker"],
        &[],
        2,
        lena,
    );
    let j_hello = s.pipeline(
        Some(joint),
        "hello-world",
        "A minimal Nextflow pipeline to check a compute environment",
        "https://github.com/nextflow-io/hello",
        "master",
        None,
        &[],
        &[],
        1,
        me,
    );
    let a_sarek = s.pipeline(
        Some(analysis),
        "nf-core-sarek",
        "Germline and somatic variant calling from WGS/WES data",
        "https://github.com/nf-core/sarek",
        "3.5.1",
        Some(analysis_ce.clone()),
        &["docker"],
        &[],
        1,
        mei,
    );
    let runs: [SeededRun; 8] = [
        (
            Some(joint),
            j_rnaseq,
            &joint_ce,
            me,
            Duration::minutes(20),
            RunState::Running,
        ),
        (
            Some(joint),
            j_rnaseq,
            &joint_ce,
            lena,
            Duration::days(2),
            RunState::Done(Outcome::Succeeded),
        ),
        (
            Some(joint),
            j_hello,
            &joint_ce,
            me,
            Duration::days(5),
            RunState::Done(Outcome::Failed),
        ),
        (
            Some(joint),
            j_rnaseq,
            &joint_ce,
            lena,
            Duration::days(12),
            RunState::Done(Outcome::Succeeded),
        ),
        (
            Some(analysis),
            a_sarek,
            &analysis_ce,
            me,
            Duration::seconds(30),
            RunState::Submitted,
        ),
        (
            Some(analysis),
            a_sarek,
            &analysis_ce,
            raj,
            Duration::days(1),
            RunState::Done(Outcome::Succeeded),
        ),
        (
            Some(analysis),
            a_sarek,
            &analysis_ce,
            me,
            Duration::days(8),
            RunState::Cancelled(Outcome::Succeeded),
        ),
        (
            Some(analysis),
            a_sarek,
            &analysis_ce,
            mei,
            Duration::days(20),
            RunState::Done(Outcome::Succeeded),
        ),
    ];
    for (ws, pipeline, ce, owner, ago, state) in runs {
        s.run(ws, pipeline, ce, owner, ago, state, Vec::new());
    }
}
