//! The `demo` world: the demo user in two organizations with every workspace role, SHARED
//! workspaces whose pipelines appear under "This and shared workspaces", primary compute envs,
//! credentials, labels, participants, Studios settings and runs in every status over ~90 days.

use chrono::Duration;

use super::{RunState, Seeder};
use crate::model::{Grantee, OrgRole, Outcome, Quotas, Role, Visibility};

struct Repo {
    name: &'static str,
    url: &'static str,
    revision: &'static str,
    description: &'static str,
}

const REPOS: &[Repo] = &[
    Repo {
        name: "nf-core-rnaseq",
        url: "https://github.com/nf-core/rnaseq",
        revision: "3.19.0",
        description: "RNA sequencing analysis pipeline with gene/isoform counts and extensive QC",
    },
    Repo {
        name: "nf-core-sarek",
        url: "https://github.com/nf-core/sarek",
        revision: "3.5.1",
        description: "Germline and somatic variant calling from WGS/WES data",
    },
    Repo {
        name: "nf-core-fetchngs",
        url: "https://github.com/nf-core/fetchngs",
        revision: "1.12.0",
        description: "Fetch metadata and raw FastQ files from public databases",
    },
    Repo {
        name: "hello-world",
        url: "https://github.com/nextflow-io/hello",
        revision: "master",
        description: "A minimal Nextflow pipeline to check a compute environment",
    },
    Repo {
        name: "nf-core-viralrecon",
        url: "https://github.com/nf-core/viralrecon",
        revision: "2.6.0",
        description: "Assembly and intrahost/low-frequency variant calling for viral samples",
    },
    Repo {
        name: "nf-core-atacseq",
        url: "https://github.com/nf-core/atacseq",
        revision: "2.1.2",
        description: "ATAC-seq peak-calling and QC analysis pipeline",
    },
    Repo {
        name: "nf-core-methylseq",
        url: "https://github.com/nf-core/methylseq",
        revision: "2.7.1",
        description: "Methylation (Bisulfite-Sequencing) analysis pipeline",
    },
    Repo {
        name: "nf-core-ampliseq",
        url: "https://github.com/nf-core/ampliseq",
        revision: "2.12.0",
        description: "Amplicon sequencing analysis workflow using DADA2 and QIIME2",
    },
    Repo {
        name: "nf-core-rnafusion",
        url: "https://github.com/nf-core/rnafusion",
        revision: "3.0.2",
        description: "RNA-seq analysis pipeline for detection of gene-fusions",
    },
    Repo {
        name: "nf-core-scrnaseq",
        url: "https://github.com/nf-core/scrnaseq",
        revision: "2.7.1",
        description: "Single-cell RNA-Seq pipeline (10x, SMART-seq)",
    },
    Repo {
        name: "nf-core-chipseq",
        url: "https://github.com/nf-core/chipseq",
        revision: "2.1.0",
        description: "ChIP-seq peak-calling, QC and differential analysis pipeline",
    },
    Repo {
        name: "nf-core-mag",
        url: "https://github.com/nf-core/mag",
        revision: "3.3.0",
        description: "Assembly and binning of metagenomes",
    },
];

/// The `nextflow_schema.json` the emulator serves for a pipeline's repository
/// (`GET /pipelines/{id}/schema`): nf-core-style schemas for some demo pipelines, one with
/// draft-07 `definitions`, one with 2020-12 `$defs`; None (a `204`) for the others.
pub fn pipeline_schema(repository: &str) -> Option<&'static str> {
    match repository.trim_end_matches('/') {
        "https://github.com/nf-core/rnaseq" => Some(include_str!("schemas/nf-core-rnaseq.json")),
        "https://github.com/nf-core/fetchngs" => {
            Some(include_str!("schemas/nf-core-fetchngs.json"))
        }
        _ => None,
    }
}

fn repo(name: &str) -> &'static Repo {
    REPOS.iter().find(|r| r.name == name).expect("known repo")
}

/// Runs to seed in one workspace: (workspace, pipelines, compute env, usual owner, labels, count).
type RunBatch<'a> = (Option<i64>, &'a [i64], &'a str, i64, &'a [i64], usize);

pub(super) fn seed(s: &mut Seeder) {
    let me = s.st.caller_id;

    // People.
    let alice = s.user(
        "alice-nakamura",
        "Alice",
        "Nakamura",
        "alice.nakamura@genomics-core.example.org",
    );
    let ben = s.user(
        "ben-okafor",
        "Ben",
        "Okafor",
        "ben.okafor@genomics-core.example.org",
    );
    let chiara = s.user(
        "chiara-rossi",
        "Chiara",
        "Rossi",
        "chiara.rossi@genomics-core.example.org",
    );
    let diego = s.user(
        "diego-alvarez",
        "Diego",
        "Alvarez",
        "diego.alvarez@genomics-core.example.org",
    );
    let emma = s.user(
        "emma-lindqvist",
        "Emma",
        "Lindqvist",
        "emma.lindqvist@tumor-atlas.example.org",
    );
    let farid = s.user(
        "farid-haddad",
        "Farid",
        "Haddad",
        "farid.haddad@tumor-atlas.example.org",
    );
    let grace = s.user(
        "grace-kim",
        "Grace",
        "Kim",
        "grace.kim@tumor-atlas.example.org",
    );
    let priya = s.user(
        "priya-raman",
        "Priya",
        "Raman",
        "priya@partner-lab.example.com",
    );
    let tomas = s.user(
        "tomas-novak",
        "Tomas",
        "Novak",
        "tomas.novak@cro.example.com",
    );

    // Organization 1: the demo user owns it.
    let gc = s.org(
        "genomics-core",
        "Genomics Core Facility",
        "Sequencing and bioinformatics core serving the institute's research groups",
        "Barcelona, Spain",
        "https://genomics-core.example.org",
        "pro",
        Quotas::pro(),
    );
    let gc_me = s.member(gc, me, OrgRole::Owner);
    let gc_alice = s.member(gc, alice, OrgRole::Owner);
    let gc_ben = s.member(gc, ben, OrgRole::Member);
    let gc_chiara = s.member(gc, chiara, OrgRole::Member);
    let gc_diego = s.member(gc, diego, OrgRole::Member);
    let gc_priya = s.member(gc, priya, OrgRole::Collaborator);
    let gc_bioinfo = s.team(
        gc,
        "bioinformatics",
        "Pipeline developers and analysts",
        &[gc_alice, gc_ben, gc_me],
    );
    let gc_ops = s.team(
        gc,
        "sequencing-ops",
        "Wet lab and sequencing operations",
        &[gc_chiara, gc_diego],
    );

    let production = s.workspace(
        gc,
        "production",
        "Production pipelines",
        "Validated pipelines for routine sequencing projects",
        Visibility::Private,
    );
    let shared = s.workspace(
        gc,
        "shared-pipelines",
        "Shared pipelines",
        "Curated pipelines shared with every workspace of the facility",
        Visibility::Shared,
    );
    let sandbox = s.workspace(
        gc,
        "rnd-sandbox",
        "R&D sandbox",
        "Experiments with new tools and compute environments",
        Visibility::Private,
    );
    s.participant(
        production,
        Grantee::Member { member_id: gc_me },
        Role::Owner,
    );
    s.participant(
        production,
        Grantee::Member {
            member_id: gc_alice,
        },
        Role::Admin,
    );
    s.participant(
        production,
        Grantee::Team {
            team_id: gc_bioinfo,
        },
        Role::Maintain,
    );
    s.participant(production, Grantee::Team { team_id: gc_ops }, Role::Launch);
    s.participant(
        production,
        Grantee::Member {
            member_id: gc_priya,
        },
        Role::View,
    );
    s.participant(shared, Grantee::Member { member_id: gc_me }, Role::Owner);
    s.participant(shared, Grantee::Member { member_id: gc_ben }, Role::Admin);
    s.participant(
        shared,
        Grantee::Team {
            team_id: gc_bioinfo,
        },
        Role::Maintain,
    );
    s.participant(sandbox, Grantee::Member { member_id: gc_me }, Role::Owner);
    s.participant(
        sandbox,
        Grantee::Member {
            member_id: gc_chiara,
        },
        Role::Maintain,
    );
    s.participant(
        sandbox,
        Grantee::Member {
            member_id: gc_diego,
        },
        Role::Launch,
    );

    // Organization 2: the demo user is a member with a different role in each workspace.
    let ta = s.org(
        "tumor-atlas",
        "Tumor Atlas Consortium",
        "Multi-centre consortium building a pan-cancer reference atlas",
        "Stockholm, Sweden",
        "https://tumor-atlas.example.org",
        "academic",
        Quotas::pro(),
    );
    let ta_me = s.member(ta, me, OrgRole::Member);
    let ta_emma = s.member(ta, emma, OrgRole::Owner);
    let ta_farid = s.member(ta, farid, OrgRole::Member);
    let ta_grace = s.member(ta, grace, OrgRole::Member);
    let ta_tomas = s.member(ta, tomas, OrgRole::Collaborator);
    let ta_analysts = s.team(
        ta,
        "analysts",
        "Consortium data analysts",
        &[ta_me, ta_farid],
    );
    let ta_clinicians = s.team(ta, "clinicians", "Clinical partners", &[ta_grace]);

    let analysis = s.workspace(
        ta,
        "analysis",
        "Tumor analysis",
        "Somatic variant calling and expression analysis of atlas cohorts",
        Visibility::Private,
    );
    let methods = s.workspace(
        ta,
        "methods-dev",
        "Methods development",
        "Benchmarks of new callers and normalisation methods",
        Visibility::Private,
    );
    let clinical = s.workspace(
        ta,
        "clinical-runs",
        "Clinical runs",
        "Runs on clinical partner samples",
        Visibility::Private,
    );
    let reference = s.workspace(
        ta,
        "reference-pipelines",
        "Reference pipelines",
        "The consortium's reference pipelines, shared with all workspaces",
        Visibility::Shared,
    );
    let biobank = s.workspace(
        ta,
        "biobank",
        "Biobank",
        "Sample tracking for the biobank team",
        Visibility::Private,
    );
    for ws in [analysis, methods, clinical, reference, biobank] {
        s.participant(ws, Grantee::Member { member_id: ta_emma }, Role::Owner);
    }
    s.participant(analysis, Grantee::Member { member_id: ta_me }, Role::Admin);
    s.participant(
        analysis,
        Grantee::Member {
            member_id: ta_farid,
        },
        Role::Maintain,
    );
    s.participant(
        methods,
        Grantee::Member { member_id: ta_me },
        Role::Maintain,
    );
    s.participant(
        clinical,
        Grantee::Team {
            team_id: ta_analysts,
        },
        Role::Launch,
    );
    s.participant(
        clinical,
        Grantee::Team {
            team_id: ta_clinicians,
        },
        Role::Admin,
    );
    s.participant(
        clinical,
        Grantee::Member {
            member_id: ta_tomas,
        },
        Role::Launch,
    );
    s.participant(reference, Grantee::Member { member_id: ta_me }, Role::View);
    s.participant(
        reference,
        Grantee::Member {
            member_id: ta_farid,
        },
        Role::Maintain,
    );
    s.participant(
        biobank,
        Grantee::Member {
            member_id: ta_grace,
        },
        Role::Admin,
    );

    // Studios settings that differ from the defaults.
    if let Some(w) = s.st.workspaces.get_mut(&production) {
        w.studios.lifespan_hours = 24;
        w.studios.container_repository = Some("cr.example.org/genomics-core/studios".into());
    }
    if let Some(w) = s.st.workspaces.get_mut(&analysis) {
        w.studios.lifespan_hours = 0;
        w.studios.private_studio_by_default = true;
        w.studios.name_strategy = Some("imageSuffix".into());
    }

    // Compute environments and credentials.
    let me_aws = s.credentials(None, "my-aws", "aws");
    let _ = s.credentials(None, "github", "github");
    let personal_ce = s.compute_env(
        None,
        "aws-personal",
        "aws-batch",
        Some("eu-west-1"),
        "s3://demo-user-scratch/work",
        Some(me_aws),
        true,
        "AVAILABLE",
    );

    let prod_aws = s.credentials(Some(production), "aws-production", "aws");
    let prod_ssh = s.credentials(Some(production), "hpc-ssh", "ssh");
    let _ = s.credentials(Some(production), "github-facility", "github");
    let _ = s.credentials(Some(production), "quay-registry", "container-reg");
    let prod_ce = s.compute_env(
        Some(production),
        "aws-batch-prod",
        "aws-batch",
        Some("eu-west-1"),
        "s3://genomics-core-prod/work",
        Some(prod_aws.clone()),
        true,
        "AVAILABLE",
    );
    let _ = s.compute_env(
        Some(production),
        "aws-batch-gpu",
        "aws-batch",
        Some("eu-west-1"),
        "s3://genomics-core-prod/gpu-work",
        Some(prod_aws),
        false,
        "AVAILABLE",
    );
    let prod_hpc = s.compute_env(
        Some(production),
        "slurm-hpc",
        "slurm-platform",
        None,
        "/scratch/genomics-core/work",
        Some(prod_ssh),
        false,
        "AVAILABLE",
    );

    let shared_aws = s.credentials(Some(shared), "aws-shared", "aws");
    let shared_ce = s.compute_env(
        Some(shared),
        "shared-aws-batch",
        "aws-batch",
        Some("eu-west-1"),
        "s3://genomics-core-shared/work",
        Some(shared_aws),
        true,
        "AVAILABLE",
    );

    let sb_gcp = s.credentials(Some(sandbox), "gcp-sandbox", "google");
    let sb_aws = s.credentials(Some(sandbox), "aws-sandbox", "aws");
    let sandbox_ce = s.compute_env(
        Some(sandbox),
        "gcp-batch-sandbox",
        "google-batch",
        Some("europe-west2"),
        "gs://genomics-core-sandbox/work",
        Some(sb_gcp),
        true,
        "AVAILABLE",
    );
    let _ = s.compute_env(
        Some(sandbox),
        "aws-batch-legacy",
        "aws-batch",
        Some("us-east-1"),
        "s3://genomics-core-legacy/work",
        Some(sb_aws),
        false,
        "DISABLED",
    );

    let an_az = s.credentials(Some(analysis), "azure-atlas", "azure");
    let an_k8s = s.credentials(Some(analysis), "k8s-atlas", "k8s");
    let analysis_ce = s.compute_env(
        Some(analysis),
        "azure-batch-analysis",
        "azure-batch",
        Some("westeurope"),
        "az://atlas-analysis/work",
        Some(an_az),
        true,
        "AVAILABLE",
    );
    let _ = s.compute_env(
        Some(analysis),
        "k8s-cluster",
        "k8s-platform",
        None,
        "/workspace/work",
        Some(an_k8s),
        false,
        "AVAILABLE",
    );
    let me_aws2 = s.credentials(Some(methods), "aws-methods", "aws");
    let methods_ce = s.compute_env(
        Some(methods),
        "aws-batch-methods",
        "aws-batch",
        Some("eu-north-1"),
        "s3://atlas-methods/work",
        Some(me_aws2),
        true,
        "AVAILABLE",
    );
    let cl_aws = s.credentials(Some(clinical), "aws-clinical", "aws");
    let clinical_ce = s.compute_env(
        Some(clinical),
        "aws-batch-clinical",
        "aws-batch",
        Some("us-east-1"),
        "s3://atlas-clinical/work",
        Some(cl_aws),
        true,
        "AVAILABLE",
    );
    let ref_gcp = s.credentials(Some(reference), "gcp-reference", "google");
    let reference_ce = s.compute_env(
        Some(reference),
        "reference-gcp",
        "google-batch",
        Some("europe-north1"),
        "gs://atlas-reference/work",
        Some(ref_gcp),
        true,
        "AVAILABLE",
    );
    let bb_aws = s.credentials(Some(biobank), "aws-biobank", "aws");
    let biobank_ce = s.compute_env(
        Some(biobank),
        "aws-biobank",
        "aws-batch",
        Some("eu-north-1"),
        "s3://atlas-biobank/work",
        Some(bb_aws),
        true,
        "AVAILABLE",
    );

    // Labels: plain and resource, some applied by default to new runs.
    let l = |s: &mut Seeder, ws, name: &str, value: Option<&str>, default| {
        s.label(ws, name, value, default)
    };
    let p_rnaseq = l(s, None, "rnaseq", None, false);
    let _ = l(s, None, "test", None, false);
    let prod_prod = l(s, Some(production), "production", None, true);
    let prod_qc = l(s, Some(production), "qc", None, false);
    let prod_urgent = l(s, Some(production), "urgent", None, false);
    let prod_cc = l(s, Some(production), "cost-center", Some("cc-1042"), true);
    let _ = l(
        s,
        Some(production),
        "project",
        Some("facility-routine"),
        false,
    );
    let sh_curated = l(s, Some(shared), "curated", None, false);
    let _ = l(s, Some(shared), "owner", Some("bioinformatics"), false);
    let sb_exp = l(s, Some(sandbox), "experimental", None, false);
    let _ = l(s, Some(sandbox), "benchmark", None, false);
    let an_cohort = l(s, Some(analysis), "cohort-2026", None, false);
    let an_project = l(s, Some(analysis), "project", Some("pan-cancer"), true);
    let _ = l(s, Some(analysis), "somatic", None, false);
    let me_bench = l(s, Some(methods), "benchmark", None, false);
    let cl_trial = l(s, Some(clinical), "trial", Some("atl-204"), true);
    let _ = l(s, Some(reference), "reference", None, false);

    // Pipelines. Shared workspaces: some with a compute env, some without.
    let pl = |s: &mut Seeder,
              ws,
              name: &str,
              repo_key: &str,
              ce: Option<&str>,
              profiles: &[&str],
              labels: &[i64],
              versions,
              user| {
        let r = repo(repo_key);
        s.pipeline(
            ws,
            name,
            r.description,
            r.url,
            r.revision,
            ce.map(str::to_string),
            profiles,
            labels,
            versions,
            user,
        )
    };
    let my_hello = pl(
        s,
        None,
        "hello-world",
        "hello-world",
        Some(&personal_ce),
        &[],
        &[],
        1,
        me,
    );
    let my_rnaseq = pl(
        s,
        None,
        "nf-core-rnaseq",
        "nf-core-rnaseq",
        Some(&personal_ce),
        &["test", "docker"],
        &[p_rnaseq],
        2,
        me,
    );
    let my_fetch = pl(
        s,
        None,
        "nf-core-fetchngs",
        "nf-core-fetchngs",
        Some(&personal_ce),
        &["docker"],
        &[],
        1,
        me,
    );

    let prod_rnaseq = pl(
        s,
        Some(production),
        "rnaseq-prod",
        "nf-core-rnaseq",
        Some(&prod_ce),
        &["docker"],
        &[prod_prod, prod_qc],
        3,
        alice,
    );
    let prod_sarek = pl(
        s,
        Some(production),
        "sarek-germline",
        "nf-core-sarek",
        Some(&prod_ce),
        &["docker"],
        &[prod_prod],
        2,
        alice,
    );
    let prod_atac = pl(
        s,
        Some(production),
        "nf-core-atacseq",
        "nf-core-atacseq",
        Some(&prod_hpc),
        &["singularity"],
        &[],
        1,
        ben,
    );
    let prod_chip = pl(
        s,
        Some(production),
        "nf-core-chipseq",
        "nf-core-chipseq",
        Some(&prod_ce),
        &["docker"],
        &[prod_urgent],
        1,
        me,
    );
    let _ = prod_cc;

    let sh_rnaseq = pl(
        s,
        Some(shared),
        "nf-core-rnaseq",
        "nf-core-rnaseq",
        Some(&shared_ce),
        &["docker"],
        &[sh_curated],
        3,
        ben,
    );
    let sh_sarek = pl(
        s,
        Some(shared),
        "nf-core-sarek",
        "nf-core-sarek",
        Some(&shared_ce),
        &["docker"],
        &[sh_curated],
        2,
        ben,
    );
    let sh_fetch = pl(
        s,
        Some(shared),
        "nf-core-fetchngs",
        "nf-core-fetchngs",
        None,
        &["docker"],
        &[],
        1,
        alice,
    );
    let sh_hello = pl(
        s,
        Some(shared),
        "hello-world",
        "hello-world",
        None,
        &[],
        &[],
        1,
        me,
    );

    let sb_viral = pl(
        s,
        Some(sandbox),
        "nf-core-viralrecon",
        "nf-core-viralrecon",
        Some(&sandbox_ce),
        &["docker"],
        &[sb_exp],
        1,
        chiara,
    );
    let sb_mag = pl(
        s,
        Some(sandbox),
        "nf-core-mag",
        "nf-core-mag",
        Some(&sandbox_ce),
        &["docker"],
        &[],
        1,
        me,
    );

    let an_rnafusion = pl(
        s,
        Some(analysis),
        "fusion-calling",
        "nf-core-rnafusion",
        Some(&analysis_ce),
        &["docker"],
        &[an_cohort],
        2,
        farid,
    );
    let an_sarek = pl(
        s,
        Some(analysis),
        "somatic-calling",
        "nf-core-sarek",
        Some(&analysis_ce),
        &["docker"],
        &[an_project],
        2,
        emma,
    );
    let an_scrna = pl(
        s,
        Some(analysis),
        "nf-core-scrnaseq",
        "nf-core-scrnaseq",
        Some(&analysis_ce),
        &["docker"],
        &[],
        1,
        me,
    );
    let me_meth = pl(
        s,
        Some(methods),
        "methylseq-benchmark",
        "nf-core-methylseq",
        Some(&methods_ce),
        &["docker"],
        &[me_bench],
        2,
        me,
    );
    let me_amp = pl(
        s,
        Some(methods),
        "nf-core-ampliseq",
        "nf-core-ampliseq",
        Some(&methods_ce),
        &["docker"],
        &[],
        1,
        farid,
    );
    let cl_sarek = pl(
        s,
        Some(clinical),
        "clinical-wgs",
        "nf-core-sarek",
        Some(&clinical_ce),
        &["docker"],
        &[cl_trial],
        2,
        grace,
    );
    let ref_sarek = pl(
        s,
        Some(reference),
        "sarek-somatic",
        "nf-core-sarek",
        Some(&reference_ce),
        &["docker"],
        &[],
        3,
        emma,
    );
    let ref_meth = pl(
        s,
        Some(reference),
        "nf-core-methylseq",
        "nf-core-methylseq",
        None,
        &["docker"],
        &[],
        1,
        farid,
    );
    let ref_fusion = pl(
        s,
        Some(reference),
        "nf-core-rnafusion",
        "nf-core-rnafusion",
        None,
        &["docker"],
        &[],
        1,
        emma,
    );
    let bb_fetch = pl(
        s,
        Some(biobank),
        "biobank-fetchngs",
        "nf-core-fetchngs",
        Some(&biobank_ce),
        &["docker"],
        &[],
        1,
        grace,
    );
    let _ = (ref_meth, sh_fetch, sh_hello);

    // Runs: a long history plus some still moving.
    let plan: &[RunBatch] = &[
        (
            None,
            &[my_hello, my_rnaseq, my_fetch],
            &personal_ce,
            me,
            &[p_rnaseq],
            18,
        ),
        (
            Some(production),
            &[prod_rnaseq, prod_sarek, prod_chip, sh_rnaseq, sh_sarek],
            &prod_ce,
            me,
            &[prod_prod, prod_qc, prod_urgent],
            70,
        ),
        (
            Some(production),
            &[prod_atac],
            &prod_hpc,
            ben,
            &[prod_qc],
            12,
        ),
        (
            Some(shared),
            &[sh_rnaseq, sh_sarek],
            &shared_ce,
            ben,
            &[sh_curated],
            20,
        ),
        (
            Some(sandbox),
            &[sb_viral, sb_mag],
            &sandbox_ce,
            chiara,
            &[sb_exp],
            25,
        ),
        (
            Some(analysis),
            &[an_rnafusion, an_sarek, an_scrna, ref_sarek],
            &analysis_ce,
            me,
            &[an_cohort, an_project],
            45,
        ),
        (
            Some(methods),
            &[me_meth, me_amp],
            &methods_ce,
            me,
            &[me_bench],
            25,
        ),
        (
            Some(clinical),
            &[cl_sarek, ref_sarek],
            &clinical_ce,
            grace,
            &[cl_trial],
            30,
        ),
        (Some(reference), &[ref_sarek], &reference_ce, emma, &[], 12),
        (Some(biobank), &[bb_fetch], &biobank_ce, grace, &[], 10),
    ];
    for (ws, pipelines, ce, owner, labels, count) in plan {
        let ce = ce.to_string();
        for i in 0..*count {
            let pid = *s.st.rng.pick(pipelines);
            let owner = if s.st.rng.chance(0.6) { me } else { *owner };
            let mut run_labels = Vec::new();
            if !labels.is_empty() && s.st.rng.chance(0.5) {
                run_labels.push(*s.st.rng.pick(labels));
            }
            let (ago, state) = match i {
                0 => (
                    Duration::seconds(s.st.rng.range(5, 60)),
                    RunState::Submitted,
                ),
                1 | 2 => (Duration::minutes(s.st.rng.range(4, 90)), RunState::Running),
                3 => (
                    Duration::days(s.st.rng.range(1, 30)),
                    RunState::Done(Outcome::Failed),
                ),
                4 => (
                    Duration::days(s.st.rng.range(1, 30)),
                    RunState::Cancelled(Outcome::Succeeded),
                ),
                5 => (
                    Duration::days(s.st.rng.range(2, 40)),
                    RunState::Done(Outcome::Unknown),
                ),
                _ => {
                    let ago = Duration::seconds(s.st.rng.range(3 * 3600, 90 * 86_400));
                    let r = s.st.rng.unit();
                    let state = if r < 0.74 {
                        RunState::Done(Outcome::Succeeded)
                    } else if r < 0.90 {
                        RunState::Done(Outcome::Failed)
                    } else if r < 0.97 {
                        RunState::Cancelled(Outcome::Succeeded)
                    } else {
                        RunState::Done(Outcome::Unknown)
                    };
                    (ago, state)
                }
            };
            // Runs of shared pipelines use the shared pipeline's compute env when it has one.
            let run_ce = s.st.pipelines[&pid]
                .compute_env_id()
                .map(str::to_string)
                .unwrap_or_else(|| ce.clone());
            s.run(*ws, pid, &run_ce, owner, ago, state, run_labels);
        }
    }

    // Pipeline actions.
    s.action(None, "hello-hook", "tower", "ACTIVE", my_hello);
    s.action(
        Some(production),
        "rnaseq-on-push",
        "github",
        "ACTIVE",
        prod_rnaseq,
    );
    s.action(
        Some(production),
        "nightly-qc-hook",
        "tower",
        "ACTIVE",
        prod_chip,
    );
    s.action(
        Some(analysis),
        "somatic-webhook",
        "tower",
        "PAUSED",
        an_sarek,
    );
    s.action(
        Some(methods),
        "benchmark-on-push",
        "github",
        "ACTIVE",
        me_meth,
    );

    // Credits (issue 12): Seqera Compute environments beside the cloud and HPC ones, and a year
    // and more of history on both, so every breakdown (workspace, pipeline, user, compute
    // environment, month) has something to show. Seeded last so that everything above keeps the
    // ids and values it had.
    let prod_sc_cred = s.credentials(Some(production), "seqera-compute", "seqeracompute");
    let prod_sc = s.compute_env(
        Some(production),
        "seqera-compute-prod",
        crate::runs::SEQERA_COMPUTE,
        Some("eu-west-1"),
        "s3://seqera-compute-genomics-core/work",
        Some(prod_sc_cred),
        false,
        "AVAILABLE",
    );
    let an_sc_cred = s.credentials(Some(analysis), "seqera-compute", "seqeracompute");
    let analysis_sc = s.compute_env(
        Some(analysis),
        "seqera-compute-atlas",
        crate::runs::SEQERA_COMPUTE,
        Some("us-east-1"),
        "s3://seqera-compute-atlas/work",
        Some(an_sc_cred),
        false,
        "AVAILABLE",
    );
    // (workspace, pipelines, compute environment, who runs them, how many)
    type History<'a> = (Option<i64>, &'a [i64], &'a str, &'a [i64], usize);
    let history: &[History] = &[
        (
            Some(production),
            &[prod_rnaseq, prod_sarek, prod_chip],
            &prod_sc,
            &[me, ben],
            36,
        ),
        (
            Some(production),
            &[prod_rnaseq, prod_sarek],
            &prod_ce,
            &[me, ben],
            24,
        ),
        (Some(production), &[prod_atac], &prod_hpc, &[ben], 6),
        (
            Some(analysis),
            &[an_rnafusion, an_scrna, an_sarek],
            &analysis_sc,
            &[me, emma, grace],
            30,
        ),
        (
            Some(analysis),
            &[an_rnafusion, an_scrna],
            &analysis_ce,
            &[me, grace],
            18,
        ),
    ];
    for (ws, pipelines, ce, owners, count) in history {
        for i in 0..*count {
            let pid = *s.st.rng.pick(pipelines);
            let owner = *s.st.rng.pick(owners);
            let (ago, state) = match i {
                // Running now: on Seqera Compute these have no cost yet.
                0 | 1 => (
                    Duration::minutes(s.st.rng.range(10, 120)),
                    RunState::Running,
                ),
                2 => (
                    Duration::seconds(s.st.rng.range(5, 60)),
                    RunState::Submitted,
                ),
                // Spread over the last 15 months (about 456 days).
                _ => (
                    Duration::seconds(s.st.rng.range(86_400, 456 * 86_400)),
                    if s.st.rng.chance(0.85) {
                        RunState::Done(Outcome::Succeeded)
                    } else {
                        RunState::Done(Outcome::Failed)
                    },
                ),
            };
            s.run(*ws, pid, ce, owner, ago, state, Vec::new());
        }
    }

    // The Actions section (issue 14) shows every status and both event sources: a Tower launch
    // hook still being created (never triggered yet) and a GitHub webhook in error. Seeded last
    // so that everything above keeps the ids and values it had.
    let creating = s.action(Some(methods), "ampliseq-hook", "tower", "CREATING", me_amp);
    if let Some(a) = s.st.actions.get_mut(&creating) {
        a.last_seen = None;
    }
    s.action(
        Some(reference),
        "rnafusion-on-push",
        "github",
        "ERROR",
        ref_fusion,
    );
}
