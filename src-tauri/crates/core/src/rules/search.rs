//! Search across everything: how the kinds' answers are put in one list, and where each opens.

use serde::Serialize;
use towerdesk_store::SearchHit;

/// At most this many of each kind are asked of the store.
pub const PER_KIND: i64 = 8;
/// At most this many results are shown.
pub const SHOWN: usize = 30;

/// One result: what was found, and the section of its workspace (or organization) it opens.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct SearchResult {
    #[serde(flatten)]
    pub hit: SearchHit,
    /// `org` (an organization's page), `launchpad`, `runs`, `participants` or `settings`.
    pub section: String,
}

/// Kinds in the order they are shown when they matched equally well.
const KIND_ORDER: [&str; 6] = [
    "workspace",
    "pipeline",
    "run",
    "organization",
    "participant",
    "label",
];

/// Where a kind opens.
pub fn section_of(kind: &str) -> &'static str {
    match kind {
        "organization" => "org",
        "run" => "runs",
        "participant" => "participants",
        "label" => "settings",
        _ => "launchpad",
    }
}

/// The kinds' answers in one list: the best match of the name first (the whole name, its start,
/// inside it, another field), kinds in `KIND_ORDER` between equals, each kind's own order kept
/// (newest run first); at most `SHOWN`.
pub fn rank(hits: Vec<SearchHit>) -> Vec<SearchResult> {
    let mut hits = hits;
    let kind_pos = |k: &str| {
        KIND_ORDER
            .iter()
            .position(|x| *x == k)
            .unwrap_or(KIND_ORDER.len())
    };
    hits.sort_by_key(|h| (h.rank, kind_pos(&h.kind)));
    hits.into_iter()
        .take(SHOWN)
        .map(|hit| SearchResult {
            section: section_of(&hit.kind).to_string(),
            hit,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(kind: &str, title: &str, rank: i64) -> SearchHit {
        SearchHit {
            kind: kind.into(),
            id: 1,
            title: title.into(),
            detail: None,
            account_id: 1,
            org_id: None,
            workspace_id: Some(1),
            place: "org/ws".into(),
            rank,
        }
    }

    #[test]
    fn the_best_match_of_the_name_comes_first_then_the_kinds_in_order() {
        let ranked = rank(vec![
            hit("label", "sarek", 0),
            hit("run", "sarek_run_b", 1),
            hit("run", "sarek_run_a", 1),
            hit("pipeline", "nf-core-sarek", 2),
            hit("pipeline", "sarek", 0),
            hit("organization", "sarek-lab", 1),
            hit("pipeline", "variant-calling", 3),
        ]);
        let order: Vec<(&str, &str, &str)> = ranked
            .iter()
            .map(|r| {
                (
                    r.hit.kind.as_str(),
                    r.hit.title.as_str(),
                    r.section.as_str(),
                )
            })
            .collect();
        assert_eq!(
            order,
            [
                ("pipeline", "sarek", "launchpad"),
                ("label", "sarek", "settings"),
                ("run", "sarek_run_b", "runs"),
                ("run", "sarek_run_a", "runs"),
                ("organization", "sarek-lab", "org"),
                ("pipeline", "nf-core-sarek", "launchpad"),
                ("pipeline", "variant-calling", "launchpad"),
            ]
        );
    }

    #[test]
    fn at_most_thirty_are_shown() {
        let many = (0..50)
            .map(|i| hit("run", &format!("run_{i}"), 2))
            .collect();
        let ranked = rank(many);
        assert_eq!(ranked.len(), SHOWN);
        assert_eq!(
            ranked[0].hit.title, "run_0",
            "each kind's own order is kept"
        );
    }

    #[test]
    fn each_kind_opens_where_it_lives() {
        for (kind, section) in [
            ("organization", "org"),
            ("workspace", "launchpad"),
            ("pipeline", "launchpad"),
            ("run", "runs"),
            ("participant", "participants"),
            ("label", "settings"),
        ] {
            assert_eq!(section_of(kind), section, "{kind}");
        }
    }
}
