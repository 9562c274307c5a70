//! Upgrading a file written by an earlier Towerdesk: the schema it had is built by running this
//! crate's own earlier migrations (copied from `migrations/`, all but the ones under test), filled,
//! and then opened by this build.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use sqlx::migrate::Migrator;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};
use towerdesk_store::{Store, Visibility, list_backups, supported_schema_version};

use crate::common::{profile, scalar_i64};

/// The migrations up to and including `last`, copied into their own folder.
fn migrations_up_to(last: i64) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let version: i64 = name.split('_').next().unwrap().parse().unwrap();
        if version <= last {
            std::fs::copy(&path, dir.path().join(&name)).unwrap();
        }
    }
    let path = dir.path().to_path_buf();
    (dir, path)
}

/// A file at schema `version`, written through that schema with `statements`.
async fn file_at(path: &Path, version: i64, statements: &str) {
    let (_keep, dir) = migrations_up_to(version);
    let migrator = Migrator::new(dir.as_path()).await.unwrap();
    let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))
        .unwrap()
        .create_if_missing(true)
        .foreign_keys(true);
    let mut conn = SqliteConnection::connect_with(&options).await.unwrap();
    migrator.run(&mut conn).await.unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(statements))
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
}

const BEFORE_UNKNOWN_DETAILS: i64 = 20261125000002;

const EARLIER_DATA: &str = "
    INSERT INTO accounts (id, server_url, user_id, user_name, label, kind, created_at)
    VALUES (1, 'https://tower.example.com/api', 7, 'ada', 'Example', 'keyring', '2026-11-30T10:00:00Z');
    INSERT INTO organizations (account_id, org_id, name) VALUES (1, 10, 'acme');
    INSERT INTO workspaces (id, account_id, personal, name, full_name, visibility, role)
    VALUES (1, 1, 1, 'ada', 'ada (personal)', 'PRIVATE', 'owner');
    -- Listed by an older server without a full name or visibility: the earlier build guessed.
    INSERT INTO workspaces (id, account_id, org_id, workspace_id, name, full_name, visibility, role)
    VALUES (2, 1, 10, 200, 'guessed', 'guessed', 'PRIVATE', NULL);
    -- Edited here and not yet sent: what the user typed.
    INSERT INTO workspaces (id, account_id, org_id, workspace_id, name, full_name, visibility, role)
    VALUES (3, 1, 10, 300, 'mine', 'My full name', 'SHARED', 'owner');
    INSERT INTO outbox (account_id, entity, op, local_id, payload, summary, created_at)
    VALUES (1, 'workspace', 'update', 3, '{}', 'Edit workspace mine', '2026-11-30T10:00:00Z');
    INSERT INTO runs (workspace_local_id, workflow_id, run_name, status, submitted, cost)
    VALUES (2, 'w1', 'first', 'succeeded', '2026-11-02T08:00:00Z', 1.5),
           (3, 'w2', 'second', 'succeeded', '2026-11-03T08:00:00Z', 2.5);
    INSERT INTO labels (workspace_local_id, label_id, name) VALUES (2, 55, 'prod');
";

#[tokio::test]
async fn a_file_from_before_unknown_workspace_details_is_backed_up_and_forgets_only_the_guesses() {
    let p = profile();
    file_at(&p.path, BEFORE_UNKNOWN_DETAILS, EARLIER_DATA).await;

    let store = Store::open(&p.path).await.unwrap();
    assert_eq!(store.schema_version(), supported_schema_version());
    assert_eq!(list_backups(&p.path).len(), 1, "backed up before migrating");

    let personal = store.workspace(1).await.unwrap();
    assert_eq!(
        personal.full_name.as_deref(),
        Some("ada (user workspace)"),
        "the Platform's words for the user's own workspace"
    );
    assert_eq!(personal.visibility, Some(Visibility::Private));

    let guessed = store.workspace(2).await.unwrap();
    assert_eq!(guessed.name, "guessed");
    assert_eq!(guessed.full_name, None, "a guess is not kept as a fact");
    assert_eq!(guessed.visibility, None);

    let mine = store.workspace(3).await.unwrap();
    assert_eq!(mine.full_name.as_deref(), Some("My full name"));
    assert_eq!(mine.visibility, Some(Visibility::Shared));
    assert_eq!(mine.role.as_deref(), Some("owner"));

    // The rebuild kept every row that points at a workspace, and the references hold.
    assert_eq!(scalar_i64(&store, "SELECT COUNT(*) FROM runs").await, 2);
    assert_eq!(scalar_i64(&store, "SELECT COUNT(*) FROM labels").await, 1);
    assert_eq!(scalar_i64(&store, "SELECT COUNT(*) FROM outbox").await, 1);
    assert_eq!(
        scalar_i64(&store, "SELECT COUNT(*) FROM run_spend WHERE runs > 0").await,
        2
    );
    let problems: Vec<(String,)> = sqlx::query_as("PRAGMA foreign_key_check")
        .fetch_all(store.pool())
        .await
        .unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(store.integrity_check().await.unwrap(), "ok");

    // Foreign keys are on again on every connection: deleting a workspace still takes its runs.
    for _ in 0..4 {
        assert_eq!(scalar_i64(&store, "PRAGMA foreign_keys").await, 1);
    }
    sqlx::query("DELETE FROM workspaces WHERE id = 2")
        .execute(store.pool())
        .await
        .unwrap();
    assert_eq!(scalar_i64(&store, "SELECT COUNT(*) FROM runs").await, 1);
    store.close().await;

    // Reopening migrates nothing more.
    let store = Store::open(&p.path).await.unwrap();
    assert_eq!(list_backups(&p.path).len(), 1);
    store.close().await;
}

const BEFORE_RUN_DETAILS: i64 = 20261201000001;

#[tokio::test]
async fn a_file_from_before_run_pages_keeps_its_runs_with_no_labels_and_no_page() {
    let p = profile();
    file_at(&p.path, BEFORE_RUN_DETAILS, EARLIER_DATA).await;

    let store = Store::open(&p.path).await.unwrap();
    assert_eq!(store.schema_version(), supported_schema_version());
    let runs = store.runs(2, 10).await.unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].run_name, "first");
    assert!(runs[0].labels.is_empty());
    assert_eq!(runs[0].compute_env, None);
    assert_eq!(store.run_details(runs[0].id).await.unwrap(), None);
    // The spend the triggers keep is unchanged by the new columns.
    assert_eq!(
        scalar_i64(&store, "SELECT COUNT(*) FROM run_spend WHERE runs > 0").await,
        2
    );
    store.close().await;
}

const BEFORE_LOCAL_PIPELINES: i64 = 20261201000001;

const PULLED_PIPELINES: &str = "
    INSERT INTO accounts (id, server_url, user_id, user_name, label, kind, created_at)
    VALUES (1, 'https://tower.example.com/api', 7, 'ada', 'Example', 'keyring', '2026-11-30T10:00:00Z');
    INSERT INTO organizations (account_id, org_id, name) VALUES (1, 10, 'acme');
    INSERT INTO workspaces (id, account_id, org_id, workspace_id, name, full_name, visibility, role)
    VALUES (2, 1, 10, 200, 'alpha', 'Alpha', 'PRIVATE', 'owner'),
           (3, 1, 10, 300, 'shared', 'Shared', 'SHARED', 'owner');
    INSERT INTO pipelines (id, account_id, pipeline_id, workspace_id, org_name, workspace_name, name, repository, labels, last_updated, sync_gen)
    VALUES (5, 1, 50, 300, 'acme', 'shared', 'sarek', 'https://github.com/nf-core/sarek', '[\"prod\"]', '2026-11-30T10:00:00Z', 3);
    INSERT INTO pipeline_shares (workspace_local_id, pipeline_local_id, sync_gen) VALUES (2, 5, 3);
    INSERT INTO drafts (account_id, workspace_local_id, kind, title, body, created_at, updated_at)
    VALUES (1, 2, 'pipeline', 'kept', '{\"name\":\"kept\"}', '2026-11-30T10:00:00Z', '2026-11-30T10:00:00Z');
";

#[tokio::test]
async fn a_file_from_before_local_pipelines_keeps_its_pipelines_shares_and_drafts() {
    let p = profile();
    file_at(&p.path, BEFORE_LOCAL_PIPELINES, PULLED_PIPELINES).await;

    let store = Store::open(&p.path).await.unwrap();
    assert_eq!(store.schema_version(), supported_schema_version());
    assert_eq!(list_backups(&p.path).len(), 1, "backed up before migrating");
    let shared = store
        .pipelines(2, towerdesk_store::PipelinesFrom::ThisAndShared, None)
        .await
        .unwrap();
    assert_eq!(shared.len(), 1, "the share survived the rebuild");
    assert_eq!(shared[0].id, 5);
    assert_eq!(shared[0].pipeline_id, Some(50));
    assert_eq!(shared[0].labels, vec!["prod".to_string()]);
    let kept = store.pipeline(5).await.unwrap();
    assert_eq!(kept.form, None);
    assert_eq!(kept.input().pipeline, "https://github.com/nf-core/sarek");
    let drafts = store.drafts(1, None).await.unwrap();
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].body, "{\"name\":\"kept\"}");
    assert_eq!(drafts[0].change_id, None);
    let problems: Vec<(String,)> = sqlx::query_as("PRAGMA foreign_key_check")
        .fetch_all(store.pool())
        .await
        .unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    for _ in 0..4 {
        assert_eq!(scalar_i64(&store, "PRAGMA foreign_keys").await, 1);
    }
    // The cascade still holds: a pipeline that goes takes its shares.
    sqlx::query("DELETE FROM pipelines WHERE id = 5")
        .execute(store.pool())
        .await
        .unwrap();
    assert_eq!(
        scalar_i64(&store, "SELECT COUNT(*) FROM pipeline_shares").await,
        0
    );
    store.close().await;
}

const BEFORE_RUN_COSTS: i64 = 20261202000003;

#[tokio::test]
async fn a_file_from_before_run_costs_gets_the_summary_of_the_runs_it_holds() {
    let p = profile();
    file_at(
        &p.path,
        BEFORE_RUN_COSTS,
        "
        INSERT INTO accounts (id, server_url, user_id, user_name, label, kind, created_at)
        VALUES (1, 'https://tower.example.com/api', 7, 'ada', 'Example', 'keyring', '2026-11-30T10:00:00Z');
        INSERT INTO workspaces (id, account_id, personal, name, full_name, visibility, role)
        VALUES (1, 1, 1, 'ada', 'ada (personal)', 'PRIVATE', 'owner');
        INSERT INTO runs (workspace_local_id, workflow_id, run_name, project_name, status, user_name, submitted, cost,
                          cpu_hours, memory_gib_hours)
        VALUES (1, 'w1', 'first', 'nf-core/rnaseq', 'succeeded', 'ada', '2026-11-02T08:00:00+00:00', 1.5, 3.0, 1.0),
               (1, 'w2', 'second', 'nf-core/rnaseq', 'running', 'ada', '2026-11-02T08:30:00+00:00', NULL, 10.0, 40.0),
               (1, 'w3', 'third', 'nf-core/sarek', 'submitted', NULL, NULL, NULL, NULL, NULL);
        ",
    )
    .await;
    let store = Store::open(&p.path).await.unwrap();
    assert_eq!(store.schema_version(), supported_schema_version());
    // The running run keeps the estimate the earlier build showed: 10 x 0.1 + 40 x 0.025.
    let estimate: Option<f64> =
        sqlx::query_scalar("SELECT estimate FROM runs WHERE workflow_id = 'w2'")
            .fetch_one(store.pool())
            .await
            .unwrap();
    assert_eq!(estimate, Some(2.0));
    let rows = store
        .run_costs(
            towerdesk_store::CostScope::Workspace(1),
            None,
            None,
            towerdesk_store::CostGroup::Pipeline,
        )
        .await
        .unwrap();
    let rnaseq = rows.iter().find(|r| r.key == "nf-core/rnaseq").unwrap();
    assert_eq!(
        (rnaseq.runs, rnaseq.estimated_runs, rnaseq.unpriced_runs),
        (2, 1, 0)
    );
    assert!((rnaseq.cost - 1.5).abs() < 1e-9 && (rnaseq.estimate - 2.0).abs() < 1e-9);
    assert!((rnaseq.cpu_hours - 13.0).abs() < 1e-9);
    let sarek = rows.iter().find(|r| r.key == "nf-core/sarek").unwrap();
    assert_eq!((sarek.runs, sarek.unpriced_runs), (1, 1));
    // Written after the upgrade, a run goes through the triggers into the same summary.
    let mut more = crate::common::run("w4", Some("2026-11-02T08:45:00+00:00"), Some(0.5), 1.0, 1.0);
    more.user_name = Some("ada".into());
    store.upsert_runs(1, 2, &[more]).await.unwrap();
    let rows = store
        .run_costs(
            towerdesk_store::CostScope::Workspace(1),
            None,
            None,
            towerdesk_store::CostGroup::Hour,
        )
        .await
        .unwrap();
    let h8 = rows.iter().find(|r| r.key == "2026-11-02T08").unwrap();
    assert_eq!(h8.runs, 3);
    assert!((h8.cost - 2.0).abs() < 1e-9);
    // The month summary was filled from the same runs and follows the triggers too.
    let ws = store
        .run_costs(
            towerdesk_store::CostScope::Workspace(1),
            None,
            None,
            towerdesk_store::CostGroup::Workspace,
        )
        .await
        .unwrap();
    assert_eq!(ws.iter().map(|r| r.runs).sum::<i64>(), 4);
    assert!((ws.iter().map(|r| r.cost + r.estimate).sum::<f64>() - 4.0).abs() < 1e-9);
}

const BEFORE_CREDENTIALS_LAST_USED: i64 = 20261202000003;

#[tokio::test]
async fn a_file_from_before_credentials_last_use_keeps_its_credentials_and_learns_their_last_use() {
    let p = profile();
    file_at(
        &p.path,
        BEFORE_CREDENTIALS_LAST_USED,
        "
        INSERT INTO accounts (id, server_url, user_id, user_name, label, kind, created_at)
        VALUES (1, 'https://tower.example.com/api', 7, 'ada', 'Example', 'keyring', '2026-11-30T10:00:00Z');
        INSERT INTO workspaces (id, account_id, personal, name, full_name, visibility, role)
        VALUES (1, 1, 1, 'ada', 'ada (personal)', 'PRIVATE', 'owner');
        INSERT INTO credentials (workspace_local_id, credentials_id, name, provider, sync_gen)
        VALUES (1, 'c1', 'aws-keys', 'aws', 1);
        ",
    )
    .await;

    let store = Store::open(&p.path).await.unwrap();
    let before = store.credentials(1).await.unwrap();
    assert_eq!(before.len(), 1);
    assert_eq!(
        (
            before[0].name.as_str(),
            before[0].provider.as_deref(),
            before[0].last_used.as_deref()
        ),
        ("aws-keys", Some("aws"), None),
        "unknown until the server says"
    );
    // The next listing brings it.
    let mut listed = before[0].clone();
    listed.last_used = Some("2026-11-30T09:00:00+00:00".into());
    store.upsert_credentials(1, 2, &[listed]).await.unwrap();
    assert_eq!(
        store.credentials(1).await.unwrap()[0].last_used.as_deref(),
        Some("2026-11-30T09:00:00+00:00")
    );
    store.close().await;
}

const BEFORE_LAUNCH_NOTIFIED: i64 = 20261202000005;

#[tokio::test]
async fn launches_published_before_the_finished_run_notice_are_not_announced_after_the_upgrade() {
    let p = profile();
    let launch = |id: i64, run: &str, state: &str| {
        format!(
            "INSERT INTO drafts (id, account_id, workspace_local_id, kind, title, body, state, created_at, updated_at)
             VALUES ({id}, 1, 2, 'launch', '{run}', '{{\"pipelineId\":1,\"runName\":\"{run}\"}}', '{state}',
                     '2026-11-30T10:00:00Z', '2026-11-30T10:00:00Z');"
        )
    };
    let statements = format!(
        "
        INSERT INTO accounts (id, server_url, user_id, user_name, label, kind, created_at)
        VALUES (1, 'https://tower.example.com/api', 7, 'ada', 'Example', 'keyring', '2026-11-30T10:00:00Z');
        INSERT INTO organizations (account_id, org_id, name) VALUES (1, 10, 'acme');
        INSERT INTO workspaces (id, account_id, org_id, workspace_id, name, full_name, visibility, role)
        VALUES (2, 1, 10, 200, 'alpha', 'Alpha', 'PRIVATE', 'owner');
        INSERT INTO runs (workspace_local_id, workflow_id, run_name, status, submitted)
        VALUES (2, 'w1', 'old_one', 'succeeded', '2026-11-02T08:00:00Z');
        {}
        ",
        launch(1, "old_one", "published")
    );
    file_at(&p.path, BEFORE_LAUNCH_NOTIFIED, &statements).await;

    let store = Store::open(&p.path).await.unwrap();
    assert_eq!(store.finished_launches(1).await.unwrap(), []);
    // A launch published after the upgrade is announced when its run has finished, once.
    sqlx_free_insert(&store, &launch(2, "new_one", "published")).await;
    let g = store
        .begin_listing(towerdesk_store::WorkspaceListing::Runs, 2)
        .await
        .unwrap();
    let mut new_one = crate::common::run("w2", Some("2026-12-01T08:00:00Z"), Some(1.0), 1.0, 1.0);
    new_one.run_name = "new_one".into();
    new_one.status = "failed".into();
    store.upsert_runs(2, g, &[new_one]).await.unwrap();
    let found = store.finished_launches(1).await.unwrap();
    assert_eq!(
        found
            .iter()
            .map(|f| (
                f.run_name.as_str(),
                f.status.as_str(),
                f.workspace_ref.as_str()
            ))
            .collect::<Vec<_>>(),
        [("new_one", "failed", "acme/alpha")]
    );
    store.launch_notified(found[0].draft_id).await.unwrap();
    assert_eq!(store.finished_launches(1).await.unwrap(), []);
    store.close().await;
}

const BEFORE_ACTIONS: i64 = 20261202000012;

#[tokio::test]
async fn a_file_from_before_actions_keeps_its_workspaces_and_gets_an_empty_actions_table() {
    let p = profile();
    file_at(
        &p.path,
        BEFORE_ACTIONS,
        "
        INSERT INTO accounts (id, server_url, user_id, user_name, label, kind, created_at)
        VALUES (1, 'https://tower.example.com/api', 7, 'ada', 'Example', 'keyring', '2026-11-30T10:00:00Z');
        INSERT INTO workspaces (id, account_id, personal, name, full_name, visibility, role)
        VALUES (1, 1, 1, 'ada', 'ada (personal)', 'PRIVATE', 'owner');
        INSERT INTO credentials (workspace_local_id, credentials_id, name, provider, sync_gen)
        VALUES (1, 'c1', 'aws-keys', 'aws', 1);
        ",
    )
    .await;

    let store = Store::open(&p.path).await.unwrap();
    assert_eq!(store.credentials(1).await.unwrap().len(), 1, "kept");
    assert_eq!(store.actions(1).await.unwrap(), [], "none until a listing");
    // The next listing fills it.
    let g = store
        .begin_listing(towerdesk_store::WorkspaceListing::Actions, 1)
        .await
        .unwrap();
    let hook = towerdesk_store::ActionRecord {
        id: "a1".into(),
        name: "hello-hook".into(),
        pipeline: Some("https://github.com/nextflow-io/hello".into()),
        source: Some("tower".into()),
        status: Some("ACTIVE".into()),
        last_seen: None,
        date_created: Some("2026-11-01T10:00:00+00:00".into()),
    };
    store
        .upsert_actions(1, g, std::slice::from_ref(&hook))
        .await
        .unwrap();
    store
        .finish_listing(towerdesk_store::WorkspaceListing::Actions, 1, g)
        .await
        .unwrap();
    assert_eq!(store.actions(1).await.unwrap(), [hook]);
    // Removing the account removes its actions with its workspaces.
    assert_eq!(scalar_i64(&store, "SELECT COUNT(*) FROM actions").await, 1);
    sqlx_free_insert(&store, "DELETE FROM accounts WHERE id = 1").await;
    assert_eq!(scalar_i64(&store, "SELECT COUNT(*) FROM actions").await, 0);
    store.close().await;
}

/// Raw SQL through the store's own pool (a test's way to write what only a later step writes).
async fn sqlx_free_insert(store: &Store, sql: &str) {
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
        .execute(store.pool())
        .await
        .unwrap();
}

const BEFORE_ORG_PEOPLE: i64 = 20261202000013;

#[tokio::test]
async fn a_file_from_before_org_people_keeps_its_organizations_and_has_nothing_listed_yet() {
    use towerdesk_store::{MemberList, OrgMemberRecord, OrgPeopleListing};
    let p = profile();
    file_at(
        &p.path,
        BEFORE_ORG_PEOPLE,
        "
        INSERT INTO accounts (id, server_url, user_id, user_name, label, kind, created_at)
        VALUES (1, 'https://tower.example.com/api', 7, 'ada', 'Example', 'keyring', '2026-11-30T10:00:00Z');
        INSERT INTO organizations (id, account_id, org_id, name, role, sync_gen)
        VALUES (1, 1, 10, 'acme', 'owner', 1);
        ",
    )
    .await;

    let store = Store::open(&p.path).await.unwrap();
    assert_eq!(store.organizations(1).await.unwrap().len(), 1, "kept");
    assert_eq!(store.org_members(MemberList::Members, 1).await.unwrap(), []);
    assert_eq!(
        store
            .org_people_listing(OrgPeopleListing::Members, 1)
            .await
            .unwrap(),
        None,
        "never listed"
    );
    let g = store
        .begin_org_people_listing(OrgPeopleListing::Members, 1)
        .await
        .unwrap();
    let ada = OrgMemberRecord {
        member_id: 5,
        user_name: Some("ada".into()),
        email: Some("ada@example.com".into()),
        first_name: None,
        last_name: None,
        avatar: None,
        role: Some("owner".into()),
    };
    store
        .upsert_org_members(MemberList::Members, 1, g, std::slice::from_ref(&ada))
        .await
        .unwrap();
    store
        .finish_org_people_listing(OrgPeopleListing::Members, 1, g)
        .await
        .unwrap();
    assert_eq!(
        store.org_members(MemberList::Members, 1).await.unwrap(),
        [ada]
    );
    // Removing the account removes its organizations' people.
    sqlx_free_insert(&store, "DELETE FROM accounts WHERE id = 1").await;
    assert_eq!(
        scalar_i64(&store, "SELECT COUNT(*) FROM org_members").await,
        0
    );
    assert_eq!(
        scalar_i64(&store, "SELECT COUNT(*) FROM org_people_listings").await,
        0
    );
    store.close().await;
}
