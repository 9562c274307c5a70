//! Helpers shared by the store's tests: temporary profiles, fixtures and raw SQL access.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
use sqlx::{Connection, SqliteConnection};
use towerdesk_store::{
    AccountKind, AccountRow, ChangeOp, Entity, NewChange, PipelineRecord, RunRecord, Store,
    Visibility, WorkspaceInput, WorkspaceRecord,
};

/// A temporary data directory with the default profile's database path inside it.
pub struct Profile {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

pub fn profile() -> Profile {
    let dir = tempfile::tempdir().unwrap();
    let path = towerdesk_store::database_path(dir.path(), "default");
    Profile { dir, path }
}

pub async fn open_new() -> (Profile, Store) {
    let p = profile();
    let store = Store::open(&p.path).await.unwrap();
    (p, store)
}

pub async fn account(store: &Store) -> AccountRow {
    store
        .upsert_account(
            "https://api.cloud.seqera.io",
            42,
            "ada",
            Some("ada@example.org"),
            "Seqera Cloud",
            AccountKind::Keyring,
        )
        .await
        .unwrap()
}

pub fn ws_record(org_id: i64, workspace_id: i64, name: &str) -> WorkspaceRecord {
    WorkspaceRecord {
        org_id,
        workspace_id,
        name: name.to_string(),
        full_name: Some(format!("{name} (server)")),
        description: Some(format!("{name} description")),
        visibility: Some(Visibility::Private),
        role: Some("admin".to_string()),
        last_updated: Some("2026-01-01T00:00:00Z".to_string()),
    }
}

pub fn ws_input(name: &str) -> WorkspaceInput {
    WorkspaceInput {
        name: name.to_string(),
        full_name: format!("{name} (mine)"),
        description: Some(format!("{name}, as I typed it")),
        visibility: Visibility::Shared,
    }
}

pub fn change(op: ChangeOp, name: &str) -> NewChange {
    NewChange {
        entity: Entity::Workspace,
        op,
        natural_key: Some(format!("1/{name}")),
        payload: serde_json::json!({ "workspace": { "name": name } }),
        base_last_updated: None,
        summary: format!("{op} workspace {name}"),
    }
}

pub fn run(
    workflow_id: &str,
    submitted: Option<&str>,
    cost: Option<f64>,
    cpu: f64,
    mem: f64,
) -> RunRecord {
    RunRecord {
        workflow_id: workflow_id.to_string(),
        run_name: format!("run-{workflow_id}"),
        project_name: Some("nf-core/rnaseq".to_string()),
        status: "SUCCEEDED".to_string(),
        user_name: Some("ada".to_string()),
        submitted: submitted.map(str::to_string),
        start: submitted.map(str::to_string),
        complete: None,
        progress_percent: Some(100.0),
        cost,
        cpu_hours: Some(cpu),
        memory_gib_hours: Some(mem),
        labels: Vec::new(),
        usage: Default::default(),
    }
}

pub fn pipeline(
    pipeline_id: i64,
    workspace_id: Option<i64>,
    owner: (&str, &str),
    name: &str,
    description: Option<&str>,
    repository: Option<&str>,
) -> PipelineRecord {
    PipelineRecord {
        pipeline_id,
        workspace_id,
        org_name: Some(owner.0.to_string()),
        workspace_name: Some(owner.1.to_string()),
        name: name.to_string(),
        description: description.map(str::to_string),
        repository: repository.map(str::to_string),
        icon: None,
        compute_env_id: None,
        compute_env_name: Some("aws-batch".to_string()),
        labels: vec!["prod".to_string()],
        last_updated: Some("2026-01-01T00:00:00Z".to_string()),
    }
}

/// One scalar from raw SQL against the store's own pool.
pub async fn scalar_i64(store: &Store, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(store.pool())
        .await
        .unwrap()
}

/// A SQLite file written outside the store (as an older or newer Towerdesk would have left it).
pub async fn write_raw_file(path: &Path, wal: bool, statements: &[&str]) {
    let mode = if wal {
        SqliteJournalMode::Wal
    } else {
        SqliteJournalMode::Delete
    };
    let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))
        .unwrap()
        .create_if_missing(true)
        .journal_mode(mode);
    let mut conn = SqliteConnection::connect_with(&options).await.unwrap();
    for s in statements {
        sqlx::raw_sql(sqlx::AssertSqlSafe(*s))
            .execute(&mut conn)
            .await
            .unwrap();
    }
    conn.close().await.unwrap();
}

/// `_sqlx_migrations` as sqlx creates it, with one successful migration of the given version.
pub fn migrations_table_with(version: i64) -> String {
    format!(
        "CREATE TABLE _sqlx_migrations (
            version BIGINT PRIMARY KEY,
            description TEXT NOT NULL,
            installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
            success BOOLEAN NOT NULL,
            checksum BLOB NOT NULL,
            execution_time BIGINT NOT NULL
        );
        INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
        VALUES ({version}, 'schema', 1, x'00', 1);"
    )
}
