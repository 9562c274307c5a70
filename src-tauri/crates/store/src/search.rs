//! Search across everything kept here, every account at once, offline: organizations, workspaces,
//! pipelines (a shared one once, where it lives), runs (name, status), participants and labels. Each kind is one query that matches a substring, case-insensitively, and says how well
//! the item's name matched (`rank`: 0 the whole name, 1 its start, 2 inside it, 3 only another
//! field, such as a pipeline's repository); the core orders the kinds' answers together.
//!
//! Plain `LIKE` scans rather than an FTS index: on the `large` scenario (100,000 runs, 30,000
//! pipelines) a query that matches nothing scans every row in a few milliseconds (`make bench`,
//! `figure: search-ms`), and an index would cost every sync's writes.

use serde::Serialize;

use crate::{Result, Store};

/// One thing found, and where it lives.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    /// `organization`, `workspace`, `pipeline`, `run`, `participant` or `label`.
    pub kind: String,
    /// The item's local id (a workspace's for `workspace`, an organization row's for
    /// `organization`).
    pub id: i64,
    /// Its name as shown.
    pub title: String,
    /// What else says what it is: a full name, a repository, a run's status and pipeline, an
    /// e-mail address, a label's value.
    pub detail: Option<String>,
    pub account_id: i64,
    /// The server's id of its organization (None: a user workspace, or unknown).
    pub org_id: Option<i64>,
    /// The local id of the workspace it lives in (None for an organization).
    pub workspace_id: Option<i64>,
    /// `organization/workspace`, or the organization's name.
    pub place: String,
    /// 0: the whole name matched; 1: its start; 2: inside it; 3: another field only.
    pub rank: i64,
}

/// `LIKE` patterns for `q`: anywhere, at the start; with `\` escaping `%`, `_` and itself.
fn patterns(q: &str) -> (String, String) {
    let escaped: String = q
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    (format!("%{escaped}%"), format!("{escaped}%"))
}

/// The rank of `col` against ?2 (the query, lower case), ?3 (starts with) and ?1 (contains).
fn rank(col: &str) -> String {
    format!(
        "CASE WHEN lower({col}) = ?2 THEN 0 WHEN {col} LIKE ?3 ESCAPE '\\' THEN 1 \
         WHEN {col} LIKE ?1 ESCAPE '\\' THEN 2 ELSE 3 END"
    )
}

const PLACE: &str = "COALESCE(o.name || '/' || w.name, w.name)";
const ORG_OF_W: &str = "LEFT JOIN organizations o ON o.account_id = w.account_id AND o.org_id = w.org_id AND o.deleted = 0";

impl Store {
    /// What matches `query` (trimmed; nothing for an empty one), at most `per_kind` of each kind,
    /// best first within a kind.
    pub async fn search(&self, query: &str, per_kind: i64) -> Result<Vec<SearchHit>> {
        let q = query.trim();
        if q.is_empty() {
            return Ok(Vec::new());
        }
        let (anywhere, start) = patterns(q);
        let lower = q.to_lowercase();
        let like = |col: &str| format!("{col} LIKE ?1 ESCAPE '\\'");
        let queries = [
            format!(
                "SELECT 'organization' AS kind, o.id, o.name AS title, o.full_name AS detail, o.account_id,
                        o.org_id, NULL AS workspace_id, o.name AS place, {rank} AS rank
                 FROM organizations o
                 WHERE o.deleted = 0 AND ({a} OR {b})
                 ORDER BY rank, o.name LIMIT ?4",
                rank = rank("o.name"),
                a = like("o.name"),
                b = like("o.full_name"),
            ),
            format!(
                "SELECT 'workspace' AS kind, w.id, w.name AS title, w.full_name AS detail, w.account_id,
                        w.org_id, w.id AS workspace_id, {PLACE} AS place, {rank} AS rank
                 FROM workspaces w {ORG_OF_W}
                 WHERE w.deleted = 0 AND ({a} OR {b})
                 ORDER BY rank, place LIMIT ?4",
                rank = rank("w.name"),
                a = like("w.name"),
                b = like("w.full_name"),
            ),
            // A pipeline lives in the workspace that owns it: matched on its owner row once, not
            // once per workspace it is shared into. The best few are chosen first, then joined to
            // their workspace (joining every pipeline first looked at each one per workspace).
            format!(
                "SELECT 'pipeline' AS kind, p.id, p.name AS title, p.repository AS detail, p.account_id,
                        w.org_id, w.id AS workspace_id, {PLACE} AS place, p.rank
                 FROM (SELECT p.id, p.name, p.repository, p.account_id, p.workspace_id, {rank} AS rank
                       FROM pipelines p
                       WHERE p.deleted = 0 AND ({a} OR {b} OR {c} OR {d})
                       ORDER BY rank, p.name, p.id LIMIT ?4) p
                 JOIN workspaces w ON w.account_id = p.account_id AND w.workspace_id IS p.workspace_id
                      AND w.deleted = 0 AND (p.workspace_id IS NOT NULL OR w.personal = 1)
                 {ORG_OF_W}
                 ORDER BY p.rank, p.name, place",
                rank = rank("p.name"),
                a = like("p.name"),
                b = like("p.repository"),
                c = like("p.description"),
                d = like("p.labels"),
            ),
            // A run by its name, or by its status ("failed", kept in lower case), the newest
            // first; chosen first, then joined to their workspace.
            format!(
                "SELECT 'run' AS kind, r.id, r.run_name AS title,
                        r.status || COALESCE(' · ' || r.project_name, '') AS detail, w.account_id,
                        w.org_id, w.id AS workspace_id, {PLACE} AS place, r.rank
                 FROM (SELECT r.id, r.run_name, r.status, r.project_name, r.workspace_local_id, r.submitted,
                              CASE WHEN r.status = ?2 THEN 2 ELSE {rank} END AS rank
                       FROM runs r
                       WHERE r.deleted = 0 AND ({a} OR r.status = ?2)
                       ORDER BY rank, r.submitted DESC LIMIT ?4) r
                 JOIN workspaces w ON w.id = r.workspace_local_id AND w.deleted = 0
                 {ORG_OF_W}
                 ORDER BY r.rank, r.submitted DESC",
                rank = rank("r.run_name"),
                a = like("r.run_name"),
            ),
            format!(
                "SELECT 'participant' AS kind, pa.id, pa.name AS title,
                        COALESCE(pa.email, pa.user_name) AS detail, w.account_id, w.org_id,
                        w.id AS workspace_id, {PLACE} AS place,
                        MIN({r1}, {r2}) AS rank
                 FROM participants pa
                 JOIN workspaces w ON w.id = pa.workspace_local_id AND w.deleted = 0
                 {ORG_OF_W}
                 WHERE pa.deleted = 0 AND ({a} OR {b} OR {c})
                 ORDER BY rank, pa.name, place LIMIT ?4",
                r1 = rank("pa.name"),
                r2 = rank("pa.user_name"),
                a = like("pa.name"),
                b = like("pa.user_name"),
                c = like("pa.email"),
            ),
            format!(
                "SELECT 'label' AS kind, l.id, l.name AS title, l.value AS detail, w.account_id,
                        w.org_id, w.id AS workspace_id, {PLACE} AS place, {rank} AS rank
                 FROM labels l
                 JOIN workspaces w ON w.id = l.workspace_local_id AND w.deleted = 0
                 {ORG_OF_W}
                 WHERE l.deleted = 0 AND ({a} OR {b})
                 ORDER BY rank, l.name, place LIMIT ?4",
                rank = rank("l.name"),
                a = like("l.name"),
                b = like("l.value"),
            ),
        ];
        // The kinds at once, on the pool's connections: the answer takes as long as the slowest.
        let kinds = queries.into_iter().map(|sql| {
            sqlx::query_as::<_, SearchHit>(crate::sql(sql))
                .bind(anywhere.clone())
                .bind(lower.clone())
                .bind(start.clone())
                .bind(per_kind)
                .fetch_all(self.pool())
        });
        let answers = futures::future::try_join_all(kinds).await?;
        Ok(answers.into_iter().flatten().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::patterns;

    #[test]
    fn like_patterns_escape_the_wildcards() {
        for (q, anywhere, start) in [
            ("sarek", "%sarek%", "sarek%"),
            ("100%", "%100\\%%", "100\\%%"),
            ("a_b", "%a\\_b%", "a\\_b%"),
            ("c:\\x", "%c:\\\\x%", "c:\\\\x%"),
        ] {
            assert_eq!(
                patterns(q),
                (anywhere.to_string(), start.to_string()),
                "{q}"
            );
        }
    }
}
