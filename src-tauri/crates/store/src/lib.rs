//! Towerdesk's local store: one SQLite file per profile, reached through sqlx.
//!
//! This crate owns the schema (forward-only migrations embedded from `migrations/`), the safety
//! around opening a file (WAL, busy timeout, foreign keys, a backup before every migration, refusal
//! of a file written by a newer Towerdesk) and the repositories the core reads and writes through.
//! It knows nothing of HTTP, the Platform API or Tauri: the core maps API models into the records here.
//!
//! Queries are checked at run time (`sqlx::query`), not compile time: the store is small, every
//! query is exercised by this crate's tests against a real temporary file, and it spares every
//! build the `DATABASE_URL`/`.sqlx` offline-data step.

mod accounts;
mod actions;
mod change;
mod compute_envs;
mod credits;
mod cursors;
mod error;
mod labels;
mod launches;
pub mod model;
mod org_people;
mod outbox;
mod participants;
mod payloads;
mod pipelines;
mod queue;
mod resources;
mod runs;
mod search;
mod spend;
mod workspaces;

use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Connection, Row, SqliteConnection, SqlitePool};

pub use change::{ChangeOp, Entity};
pub use compute_envs::ComputeEnvEntry;
pub use credits::{
    BUDGET_UNITS, Budget, BudgetTarget, CostGroup, CostRow, CostScope, OrgCredits, run_costs_sql,
};
pub use error::StoreError;
pub use labels::{
    Label, LabelInput, LabelRecord, StudiosRecord, StudiosSettingsInput, WorkspaceSettings,
    label_text,
};
pub use launches::{FinishedLaunch, LaunchDraft, LaunchInput, LaunchPipeline};
pub use model::*;
pub use org_people::{MemberList, OrgPeopleListing};
pub use outbox::ChangeCounts;
pub use participants::NewParticipantRow;
pub use payloads::{
    ChangePayload, LabelPayload, LabelValues, LaunchPayload, ParticipantPayload, PipelinePayload,
    PrimaryBase, PrimaryComputeEnvPayload, SettingsPayload, StudiosValues, WorkspacePayload,
};
pub use pipelines::{Draft, DraftKind, DraftState, LocalPipeline, PipelineInput};
pub use queue::NewChange;
pub use resources::{Shares, WorkspaceListing};
pub use runs::{ProcessProgress, RunDetails, TaskCounts};
pub use search::SearchHit;
pub use spend::SpendRow;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// How many backups taken before migrations are kept beside the database.
pub const BACKUPS_KEPT: usize = 3;

/// The file name of the default profile's database inside the data directory.
pub fn database_path(data_dir: &Path, profile: &str) -> PathBuf {
    if profile == "default" {
        data_dir.join("towerdesk.db")
    } else {
        data_dir.join(format!("towerdesk-{profile}.db"))
    }
}

/// The newest schema version this build knows.
pub fn supported_schema_version() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

/// An open store. Cheap to clone (a connection pool).
#[derive(Clone, Debug)]
pub struct Store {
    pool: SqlitePool,
    path: PathBuf,
    schema_version: i64,
}

impl Store {
    /// Opens (creating if needed) the database at `path`, backs it up if a migration is due,
    /// refuses it if a newer Towerdesk wrote it, and migrates it.
    pub async fn open(path: &Path) -> Result<Self> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| StoreError::Io {
                path: parent.to_path_buf(),
                source: e,
            })?;
        }
        let existed = path.exists()
            && std::fs::metadata(path)
                .map(|m| m.len() > 0)
                .unwrap_or(false);
        let supported = supported_schema_version();
        // Look before touching: switching the file to WAL would already rewrite its header, so a
        // file from a newer Towerdesk is refused through a read-only connection first.
        if existed {
            let probe = SqliteConnectOptions::new()
                .filename(path)
                .read_only(true)
                .busy_timeout(Duration::from_secs(10));
            let mut conn = SqliteConnection::connect_with(&probe)
                .await
                .map_err(|e| StoreError::open(path, e))?;
            let applied = applied_version(&mut conn).await;
            conn.close().await.map_err(|e| StoreError::open(path, e))?;
            let applied = applied.map_err(|e| StoreError::open(path, e))?;
            if applied > supported {
                return Err(StoreError::TooNew {
                    path: path.to_path_buf(),
                    found: applied,
                    supported,
                });
            }
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10))
            // SQLite's default page cache (2 MiB per connection) is kept: a 32 MiB cache and a
            // 256 MiB `mmap_size` changed the Launchpad of 2,194 pipelines by nothing measurable
            // (16 ms either way, `make bench`) and would let four connections hold 128 MiB.
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(|e| StoreError::open(path, e))?;

        let applied = async { applied_version(&mut *pool.acquire().await?).await }
            .await
            .map_err(|e| StoreError::open(path, e))?;
        if applied > supported {
            pool.close().await;
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found: applied,
                supported,
            });
        }
        if existed && applied < supported {
            backup(&pool, path, applied).await?;
        }
        MIGRATOR.run(&pool).await.map_err(|e| StoreError::Migrate {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        Ok(Self {
            pool,
            path: path.to_path_buf(),
            schema_version: supported,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn schema_version(&self) -> i64 {
        self.schema_version
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// A transaction that writes: `BEGIN IMMEDIATE` takes the write lock before its first read,
    /// so it waits its turn (the busy timeout) behind another writer. A plain `BEGIN` reads
    /// first and fails at its first write with "database is locked" if another connection has
    /// written since, at once, whatever the busy timeout (SQLite's `SQLITE_BUSY_SNAPSHOT` in WAL
    /// mode). Every write transaction in this crate starts here.
    pub(crate) async fn write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// Closes the store: first `PRAGMA optimize` (SQLite's advice for a connection about to
    /// close: it runs ANALYZE where the queries of this session would gain from it, bounded by
    /// `analysis_limit`), then the pool.
    pub async fn close(&self) {
        if let Ok(mut conn) = self.pool.acquire().await {
            let _ = sqlx::query("PRAGMA analysis_limit = 400")
                .execute(&mut *conn)
                .await;
            let _ = sqlx::query("PRAGMA optimize").execute(&mut *conn).await;
        }
        self.pool.close().await;
    }

    /// `PRAGMA integrity_check`: "ok" when the file is sound.
    pub async fn integrity_check(&self) -> Result<String> {
        let row = sqlx::query("PRAGMA integrity_check")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get::<String, _>(0)?)
    }

    /// The journal mode in force ("wal" when opened by this crate).
    pub async fn journal_mode(&self) -> Result<String> {
        let row = sqlx::query("PRAGMA journal_mode")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get::<String, _>(0)?)
    }
}

/// The highest migration recorded in the file, 0 for a new file.
async fn applied_version(conn: &mut SqliteConnection) -> Result<i64, sqlx::Error> {
    let has_table: Option<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
    )
    .fetch_optional(&mut *conn)
    .await?;
    if has_table.is_none() {
        return Ok(0);
    }
    let v: Option<i64> =
        sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success = 1")
            .fetch_one(&mut *conn)
            .await?;
    Ok(v.unwrap_or(0))
}

/// Copies the database aside (a consistent snapshot through `VACUUM INTO`, WAL included) and keeps
/// the newest [`BACKUPS_KEPT`] copies.
async fn backup(pool: &SqlitePool, path: &Path, from_version: i64) -> Result<PathBuf> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
    let file_name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("towerdesk.db");
    let target = path.with_file_name(format!("{file_name}.backup-v{from_version}-{stamp}"));
    sqlx::query("VACUUM INTO ?")
        .bind(target.to_string_lossy().to_string())
        .execute(pool)
        .await
        .map_err(|e| StoreError::Backup {
            path: target.clone(),
            message: e.to_string(),
        })?;
    tracing::info!(backup = %target.display(), "database backed up before migrating");
    prune_backups(path, file_name)?;
    Ok(target)
}

/// Backups of `path`, oldest first.
pub fn list_backups(path: &Path) -> Vec<PathBuf> {
    let Some(dir) = path.parent() else {
        return Vec::new();
    };
    let prefix = format!(
        "{}.backup-",
        path.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("towerdesk.db")
    );
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix))
        })
        .collect();
    found.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
    found
}

fn prune_backups(path: &Path, _file_name: &str) -> Result<()> {
    let backups = list_backups(path);
    if backups.len() > BACKUPS_KEPT {
        for old in &backups[..backups.len() - BACKUPS_KEPT] {
            std::fs::remove_file(old).map_err(|e| StoreError::Io {
                path: old.clone(),
                source: e,
            })?;
        }
    }
    Ok(())
}

pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Every dynamic SQL string in this crate is assembled from constants in this crate, never from
/// input (values are always bound): that is the audit sqlx asks for.
pub(crate) fn sql(s: String) -> sqlx::AssertSqlSafe<String> {
    sqlx::AssertSqlSafe(s)
}
