//! The launch form's rules: which compute environment a run uses and why, which ones the form may
//! offer, the Workflow run name (a fresh random one, and what a valid one is), and what a launch
//! of a shared pipeline sends as `sourceWorkspaceId`.
//!
//! The compute-environment rule is the Platform's (docs: shared workspaces, "Shared pipeline" and
//! "Launch from another workspace"; changelog "Fallback to primary compute environment"):
//! - a pipeline shared from another workspace with a compute environment launches on it by
//!   default, and that environment is offered for this pipeline only;
//! - one without a compute environment launches on the launching workspace's **primary** one;
//! - a workspace's own pipeline uses its own compute environment, else the primary one; a shared
//!   workspace's compute environment is never offered for the launching workspace's own pipelines.

use rand::Rng;
use serde::Serialize;
use towerdesk_store::{ComputeEnv, LaunchPipeline};

/// A compute environment the launch form may offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ComputeEnvOption {
    /// The server's id.
    pub id: String,
    pub name: String,
    /// The launching workspace's primary compute environment.
    pub primary: bool,
    /// Set when it belongs to the shared workspace the pipeline comes from: `org/workspace`.
    pub from_workspace: Option<String>,
}

/// Which compute environment the run will use, the sentence saying why (shown before launch),
/// and the environments the form may offer instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ComputeEnvDecision {
    /// None: there is nothing to run on until one is chosen (the reason says why).
    pub compute_env: Option<ComputeEnvOption>,
    pub reason: String,
    pub offered: Vec<ComputeEnvOption>,
}

/// The compute environment rule. `pipeline`: the pipeline as the launching workspace sees it;
/// `workspace`: the launching workspace's name (for the sentence); `own`: its own compute
/// environments.
pub fn compute_env_for(
    pipeline: &LaunchPipeline,
    workspace: &str,
    own: &[ComputeEnv],
) -> ComputeEnvDecision {
    let own_options: Vec<ComputeEnvOption> = own
        .iter()
        .map(|c| ComputeEnvOption {
            id: c.id.clone(),
            name: c.name.clone(),
            primary: c.primary,
            from_workspace: None,
        })
        .collect();
    let primary = own_options.iter().find(|c| c.primary).cloned();
    let fallback = |why: String| -> (Option<ComputeEnvOption>, String) {
        match &primary {
            Some(p) => (
                Some(p.clone()),
                format!(
                    "{why}: the run uses {}, the primary compute environment of {workspace}.",
                    p.name
                ),
            ),
            None => (
                None,
                format!(
                    "{why}, and {workspace} has no primary compute environment: choose a compute environment."
                ),
            ),
        }
    };
    let pipeline_ce = pipeline.compute_env_id.as_deref().filter(|c| !c.is_empty());
    if pipeline.shared {
        let Some(ce_id) = pipeline_ce else {
            let (ce, reason) = fallback(format!(
                "{} is shared from {} without a compute environment",
                pipeline.name, pipeline.owner_ref
            ));
            return ComputeEnvDecision {
                compute_env: ce,
                reason,
                offered: own_options,
            };
        };
        let name = pipeline
            .compute_env_name
            .clone()
            .unwrap_or_else(|| ce_id.to_string());
        let shared_ce = ComputeEnvOption {
            id: ce_id.to_string(),
            name: name.clone(),
            primary: false,
            from_workspace: Some(pipeline.owner_ref.clone()),
        };
        let mut offered = vec![shared_ce.clone()];
        offered.extend(own_options.into_iter().filter(|c| c.id != ce_id));
        return ComputeEnvDecision {
            compute_env: Some(shared_ce),
            reason: format!(
                "{} is shared from {} with its compute environment {name}: the run uses it by default.",
                pipeline.name, pipeline.owner_ref
            ),
            offered,
        };
    }
    match pipeline_ce {
        Some(ce_id) => match own_options.iter().find(|c| c.id == ce_id) {
            Some(ce) => ComputeEnvDecision {
                compute_env: Some(ce.clone()),
                reason: format!(
                    "The run uses {}, the compute environment of {}.",
                    ce.name, pipeline.name
                ),
                offered: own_options.clone(),
            },
            None => {
                let name = pipeline.compute_env_name.as_deref().unwrap_or(ce_id);
                let (ce, reason) = fallback(format!(
                    "The compute environment of {} ({name}) is not one of {workspace}'s",
                    pipeline.name
                ));
                ComputeEnvDecision {
                    compute_env: ce,
                    reason,
                    offered: own_options,
                }
            }
        },
        None => {
            let (ce, reason) = fallback(format!("{} has no compute environment", pipeline.name));
            ComputeEnvDecision {
                compute_env: ce,
                reason,
                offered: own_options,
            }
        }
    }
}

/// The compute environment a launch uses: the one chosen, when the form offers it, else the
/// rule's. An environment the form does not offer is refused with the Platform's kind of words.
pub fn chosen_compute_env(
    decision: &ComputeEnvDecision,
    chosen: Option<&str>,
    workspace: &str,
) -> Result<ComputeEnvOption, String> {
    match chosen.map(str::trim).filter(|c| !c.is_empty()) {
        Some(id) => decision
            .offered
            .iter()
            .find(|c| c.id == id || c.name == id)
            .cloned()
            .ok_or_else(|| {
                format!(
                    "Compute environment {id} is not available for this pipeline in {workspace}."
                )
            }),
        None => decision
            .compute_env
            .clone()
            .ok_or_else(|| decision.reason.clone()),
    }
}

/// `sourceWorkspaceId` of a launch: the pipeline's own workspace when it is shared into the
/// launching one, else none.
pub fn source_workspace(pipeline: &LaunchPipeline) -> Option<i64> {
    if pipeline.shared {
        pipeline.owner_workspace_id
    } else {
        None
    }
}

/// The API's limit on a run name.
pub const RUN_NAME_MAX: usize = 80;
/// The Platform's limit on a post-run script (1 KB).
pub const POST_RUN_SCRIPT_MAX: usize = 1024;

/// What is wrong with a Workflow run name, if anything. A run is found again by its name (a
/// launch whose answer was lost), so it has no spaces (the runs search splits on them).
pub fn check_run_name(name: &str) -> Option<String> {
    let name = name.trim();
    if name.is_empty() {
        Some("Workflow run name is required.".into())
    } else if name.chars().count() > RUN_NAME_MAX {
        Some(format!(
            "Workflow run name must be at most {RUN_NAME_MAX} characters."
        ))
    } else if name.chars().any(char::is_whitespace) {
        Some("Workflow run name must not contain spaces.".into())
    } else {
        None
    }
}

const ADJECTIVES: &[&str] = &[
    "admiring",
    "agitated",
    "amazing",
    "angry",
    "awesome",
    "backstabbing",
    "berserk",
    "big",
    "boring",
    "clever",
    "cocky",
    "compassionate",
    "condescending",
    "cranky",
    "desperate",
    "determined",
    "distracted",
    "dreamy",
    "drunk",
    "ecstatic",
    "elated",
    "elegant",
    "evil",
    "fervent",
    "focused",
    "furious",
    "gigantic",
    "gloomy",
    "goofy",
    "grave",
    "happy",
    "high",
    "hopeful",
    "hungry",
    "infallible",
    "jolly",
    "jovial",
    "kickass",
    "lonely",
    "loving",
    "mad",
    "modest",
    "naughty",
    "nauseous",
    "nostalgic",
    "peaceful",
    "pedantic",
    "pensive",
    "prickly",
    "reverent",
    "romantic",
    "sad",
    "serene",
    "sharp",
    "sick",
    "silly",
    "sleepy",
    "small",
    "stoic",
    "stupefied",
    "suspicious",
    "tender",
    "thirsty",
    "tiny",
    "trusting",
    "zen",
];

const SCIENTISTS: &[&str] = &[
    "albattani",
    "allen",
    "almeida",
    "archimedes",
    "ardinghelli",
    "aryabhata",
    "austin",
    "babbage",
    "banach",
    "bardeen",
    "bartik",
    "bassi",
    "bell",
    "bhabha",
    "bhaskara",
    "blackwell",
    "bohr",
    "booth",
    "borg",
    "bose",
    "boyd",
    "brahmagupta",
    "brattain",
    "brown",
    "carson",
    "chandrasekhar",
    "colden",
    "cori",
    "cray",
    "curie",
    "darwin",
    "davinci",
    "dijkstra",
    "dubinsky",
    "easley",
    "einstein",
    "elion",
    "engelbart",
    "euclid",
    "euler",
    "fermat",
    "fermi",
    "feynman",
    "franklin",
    "galileo",
    "gates",
    "goldberg",
    "goldstine",
    "goldwasser",
    "golick",
    "goodall",
    "hamilton",
    "hawking",
    "heisenberg",
    "heyrovsky",
    "hodgkin",
    "hoover",
    "hopper",
    "hugle",
    "hypatia",
    "jang",
    "jennings",
    "jepsen",
    "joliot",
    "jones",
    "kalam",
    "kare",
    "keller",
    "khorana",
    "kilby",
    "kirch",
    "knuth",
    "kowalevski",
    "lalande",
    "lamarr",
    "leakey",
    "leavitt",
    "lichterman",
    "liskov",
    "lovelace",
    "lumiere",
    "mahavira",
    "mayer",
    "mccarthy",
    "mcclintock",
    "mclean",
    "mcnulty",
    "meitner",
    "meninsky",
    "mestorf",
    "minsky",
    "mirzakhani",
    "morse",
    "murdock",
    "newton",
    "nobel",
    "noether",
    "northcutt",
    "noyce",
    "panini",
    "pare",
    "pasteur",
    "payne",
    "perlman",
    "pike",
    "poincare",
    "poitras",
    "ptolemy",
    "raman",
    "ramanujan",
    "ride",
    "ritchie",
    "roentgen",
    "rosalind",
    "saha",
    "sammet",
    "shaw",
    "shirley",
    "shockley",
    "sinoussi",
    "snyder",
    "spence",
    "stallman",
    "stonebraker",
    "swanson",
    "swartz",
    "swirles",
    "tesla",
    "thompson",
    "torvalds",
    "turing",
    "varahamihira",
    "visvesvaraya",
    "volhard",
    "wescoff",
    "williams",
    "wilson",
    "wing",
    "wozniak",
    "wright",
    "yalow",
    "yonath",
];

/// A fresh Workflow run name in the Platform's style (`adjective_scientist`, e.g.
/// `grave_williams`).
pub fn random_run_name(rng: &mut impl Rng) -> String {
    let a = ADJECTIVES[rng.random_range(0..ADJECTIVES.len())];
    let s = SCIENTISTS[rng.random_range(0..SCIENTISTS.len())];
    format!("{a}_{s}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ce(id: &str, name: &str, primary: bool) -> ComputeEnv {
        ComputeEnv {
            id: id.into(),
            name: name.into(),
            platform: Some("aws-batch".into()),
            status: Some("AVAILABLE".into()),
            primary,
            work_dir: None,
        }
    }

    fn pipeline(shared: bool, ce: Option<(&str, &str)>) -> LaunchPipeline {
        LaunchPipeline {
            id: 1,
            pipeline_id: 100,
            name: "rnaseq".into(),
            repository: Some("https://github.com/nf-core/rnaseq".into()),
            owner_workspace_id: Some(if shared { 7 } else { 3 }),
            owner_ref: if shared {
                "acme/shared-pipelines".into()
            } else {
                "acme/analysis".into()
            },
            shared,
            compute_env_id: ce.map(|c| c.0.to_string()),
            compute_env_name: ce.map(|c| c.1.to_string()),
        }
    }

    fn ids(d: &ComputeEnvDecision) -> Vec<&str> {
        d.offered.iter().map(|c| c.id.as_str()).collect()
    }

    /// The doc's cases, one row each: (case, pipeline, the workspace's own envs, the env the run
    /// uses, the reason's words, the envs offered).
    #[test]
    fn the_compute_environment_rule_follows_the_platform() {
        let own = [
            ce("own-1", "aws-main", true),
            ce("own-2", "slurm-hpc", false),
        ];
        let no_primary = [ce("own-2", "slurm-hpc", false)];
        type Row<'a> = (
            &'a str,
            LaunchPipeline,
            &'a [ComputeEnv],
            Option<&'a str>,
            &'a str,
            Vec<&'a str>,
        );
        let rows: Vec<Row> = vec![
            (
                "shared pipeline with a compute environment: launches on it by default",
                pipeline(true, Some(("shared-ce", "shared-aws"))),
                &own,
                Some("shared-ce"),
                "rnaseq is shared from acme/shared-pipelines with its compute environment shared-aws: the run uses it by default.",
                vec!["shared-ce", "own-1", "own-2"],
            ),
            (
                "shared pipeline without one: the launching workspace's primary",
                pipeline(true, None),
                &own,
                Some("own-1"),
                "rnaseq is shared from acme/shared-pipelines without a compute environment: the run uses aws-main, the primary compute environment of analysis.",
                vec!["own-1", "own-2"],
            ),
            (
                "shared pipeline without one, no primary here: nothing until chosen",
                pipeline(true, None),
                &no_primary,
                None,
                "rnaseq is shared from acme/shared-pipelines without a compute environment, and analysis has no primary compute environment: choose a compute environment.",
                vec!["own-2"],
            ),
            (
                "own pipeline with its own compute environment",
                pipeline(false, Some(("own-2", "slurm-hpc"))),
                &own,
                Some("own-2"),
                "The run uses slurm-hpc, the compute environment of rnaseq.",
                vec!["own-1", "own-2"],
            ),
            (
                "own pipeline without one: the primary",
                pipeline(false, None),
                &own,
                Some("own-1"),
                "rnaseq has no compute environment: the run uses aws-main, the primary compute environment of analysis.",
                vec!["own-1", "own-2"],
            ),
            (
                "own pipeline naming a shared workspace's compute environment: never offered",
                pipeline(false, Some(("shared-ce", "shared-aws"))),
                &own,
                Some("own-1"),
                "The compute environment of rnaseq (shared-aws) is not one of analysis's: the run uses aws-main, the primary compute environment of analysis.",
                vec!["own-1", "own-2"],
            ),
        ];
        for (case, p, envs, uses, reason, offered) in rows {
            let d = compute_env_for(&p, "analysis", envs);
            assert_eq!(
                d.compute_env.as_ref().map(|c| c.id.as_str()),
                uses,
                "{case}"
            );
            assert_eq!(d.reason, reason, "{case}");
            assert_eq!(ids(&d), offered, "{case}");
            if !p.shared {
                assert!(
                    d.offered.iter().all(|c| c.from_workspace.is_none()),
                    "{case}: a shared workspace's environment is offered for an own pipeline"
                );
            }
        }
    }

    #[test]
    fn a_shared_pipeline_is_launched_with_its_source_workspace() {
        assert_eq!(source_workspace(&pipeline(true, None)), Some(7));
        assert_eq!(source_workspace(&pipeline(false, None)), None);
    }

    #[test]
    fn a_chosen_compute_environment_must_be_offered() {
        let own = [ce("own-1", "aws-main", true)];
        let own_pipeline = compute_env_for(&pipeline(false, None), "analysis", &own);
        assert_eq!(
            chosen_compute_env(&own_pipeline, None, "analysis")
                .unwrap()
                .id,
            "own-1"
        );
        assert_eq!(
            chosen_compute_env(&own_pipeline, Some("aws-main"), "analysis")
                .unwrap()
                .id,
            "own-1"
        );
        assert_eq!(
            chosen_compute_env(&own_pipeline, Some("shared-ce"), "analysis").unwrap_err(),
            "Compute environment shared-ce is not available for this pipeline in analysis."
        );
        let shared = compute_env_for(
            &pipeline(true, Some(("shared-ce", "shared-aws"))),
            "analysis",
            &own,
        );
        assert_eq!(
            chosen_compute_env(&shared, Some("shared-ce"), "analysis")
                .unwrap()
                .from_workspace
                .as_deref(),
            Some("acme/shared-pipelines")
        );
        let nothing = compute_env_for(&pipeline(false, None), "analysis", &[]);
        assert!(
            chosen_compute_env(&nothing, None, "analysis")
                .unwrap_err()
                .contains("no primary compute environment")
        );
    }

    #[test]
    fn run_names() {
        for (name, problem) in [
            ("grave_williams", None),
            ("", Some("Workflow run name is required.")),
            ("   ", Some("Workflow run name is required.")),
            (
                "two words",
                Some("Workflow run name must not contain spaces."),
            ),
            (
                &"x".repeat(81),
                Some("Workflow run name must be at most 80 characters."),
            ),
            (&"x".repeat(80), None),
        ] {
            assert_eq!(check_run_name(name).as_deref(), problem, "{name:?}");
        }
        let mut rng = rand::rng();
        for _ in 0..50 {
            let n = random_run_name(&mut rng);
            let (a, s) = n.split_once('_').expect("adjective_scientist");
            assert!(ADJECTIVES.contains(&a) && SCIENTISTS.contains(&s), "{n}");
            assert_eq!(check_run_name(&n), None);
        }
    }
}
