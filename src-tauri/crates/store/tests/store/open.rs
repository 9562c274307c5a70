//! Opening a profile's database: a new file, a reopen, a backup before migrating, and refusal of a
//! file written by a newer Towerdesk.

use std::path::Path;
use std::time::Duration;

use sqlx::Connection;
use towerdesk_store::{BACKUPS_KEPT, Store, StoreError, list_backups, supported_schema_version};

use crate::common::{self, migrations_table_with, profile, write_raw_file};

/// The rows of the marker table in a database file, read without the store.
async fn marker_rows(path: &Path) -> Vec<String> {
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}?mode=ro", path.display()))
        .await
        .unwrap();
    let rows: Vec<String> = sqlx::query_scalar("SELECT note FROM marker ORDER BY id")
        .fetch_all(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    rows
}

const MARKER: &str = "CREATE TABLE marker (id INTEGER PRIMARY KEY, note TEXT NOT NULL);
    INSERT INTO marker (note) VALUES ('written before the upgrade'), ('second row');";

#[tokio::test]
async fn open_from_empty_creates_a_wal_file_with_foreign_keys_and_no_backup() {
    let p = profile();
    assert!(!p.path.exists());
    let store = Store::open(&p.path).await.unwrap();

    assert!(p.path.exists(), "the database file is created");
    assert_eq!(store.path(), p.path.as_path());
    assert_eq!(store.journal_mode().await.unwrap(), "wal");
    assert_eq!(store.schema_version(), supported_schema_version());
    assert!(supported_schema_version() >= 20261124000001);

    // Every pooled connection enforces foreign keys, not just the first one.
    let mut held = Vec::new();
    for _ in 0..3 {
        let mut conn = store.pool().acquire().await.unwrap();
        let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert_eq!(fk, 1);
        held.push(conn);
    }
    drop(held);

    let applied: i64 =
        sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success = 1")
            .fetch_one(store.pool())
            .await
            .unwrap();
    assert_eq!(applied, supported_schema_version());
    assert_eq!(store.integrity_check().await.unwrap(), "ok");
    assert!(
        list_backups(&p.path).is_empty(),
        "a new file needs no backup"
    );
    store.close().await;
    assert!(list_backups(&p.path).is_empty());
}

#[tokio::test]
async fn data_survives_close_and_reopen_without_a_backup() {
    let p = profile();
    let store = Store::open(&p.path).await.unwrap();
    let acc = common::account(&store).await;
    let personal = store
        .ensure_personal_workspace(acc.id, &acc.user_name)
        .await
        .unwrap();
    store
        .upsert_runs(
            personal,
            1,
            &[common::run(
                "r1",
                Some("2026-02-03T10:00:00Z"),
                Some(2.5),
                1.0,
                2.0,
            )],
        )
        .await
        .unwrap();
    store.close().await;

    let store = Store::open(&p.path).await.unwrap();
    assert_eq!(store.journal_mode().await.unwrap(), "wal");
    let accounts = store.accounts().await.unwrap();
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0].id, acc.id);
    assert_eq!(accounts[0].user_name, "ada");
    assert_eq!(
        store
            .ensure_personal_workspace(acc.id, "ada")
            .await
            .unwrap(),
        personal,
        "the personal workspace is found again, not created twice"
    );
    let runs = store.runs(personal, 10).await.unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].workflow_id, "r1");
    assert_eq!(runs[0].cost, Some(2.5));
    assert!(
        list_backups(&p.path).is_empty(),
        "nothing to migrate, so no backup"
    );
    store.close().await;
}

/// A file that existed before this crate's schema (no `_sqlx_migrations`: schema 0) is backed up,
/// then migrated; the backup holds what the file held.
#[tokio::test]
async fn a_file_from_before_the_schema_is_backed_up_then_migrated() {
    let p = profile();
    write_raw_file(&p.path, false, &[MARKER]).await;

    let store = Store::open(&p.path).await.unwrap();
    assert_eq!(store.schema_version(), supported_schema_version());
    let backups = list_backups(&p.path);
    assert_eq!(backups.len(), 1, "{backups:?}");
    let name = backups[0]
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        name.starts_with("towerdesk.db.backup-v0-"),
        "backup named after the version it was taken from: {name}"
    );
    assert_eq!(
        marker_rows(&backups[0]).await,
        ["written before the upgrade", "second row"]
    );
    // The migrated file still has the data too, and the new tables.
    let accounts = store.accounts().await.unwrap();
    assert!(accounts.is_empty());
    store.close().await;
    assert_eq!(
        marker_rows(&p.path).await,
        ["written before the upgrade", "second row"]
    );

    // Migrated now: a reopen takes no further backup.
    let store = Store::open(&p.path).await.unwrap();
    store.close().await;
    assert_eq!(list_backups(&p.path).len(), 1);
}

/// A file whose `_sqlx_migrations` records an older schema than this build's: a backup is taken
/// before migrating. (With a single migration there is no real older version; sqlx then refuses the
/// unknown applied version, which must surface as `StoreError::Migrate` with the backup kept.)
#[tokio::test]
async fn an_older_schema_is_backed_up_before_migrating() {
    let p = profile();
    let old = 20200101000000_i64;
    write_raw_file(&p.path, true, &[&migrations_table_with(old), MARKER]).await;

    let err = Store::open(&p.path).await.unwrap_err();
    match &err {
        StoreError::Migrate { path, message } => {
            assert_eq!(path, &p.path);
            assert!(message.contains(&old.to_string()), "{message}");
        }
        other => panic!("expected a migration error, got {other:?}"),
    }
    assert!(err.to_string().contains("A backup was kept beside it"));

    let backups = list_backups(&p.path);
    assert_eq!(backups.len(), 1, "{backups:?}");
    let name = backups[0].file_name().unwrap().to_str().unwrap();
    assert!(
        name.starts_with(&format!("towerdesk.db.backup-v{old}-")),
        "{name}"
    );
    assert_eq!(
        marker_rows(&backups[0]).await,
        ["written before the upgrade", "second row"]
    );
    // The original is untouched by the failed upgrade.
    assert_eq!(
        marker_rows(&p.path).await,
        ["written before the upgrade", "second row"]
    );
}

#[tokio::test]
async fn only_the_newest_backups_are_kept() {
    let p = profile();
    let old = 20200101000000_i64;
    write_raw_file(&p.path, true, &[&migrations_table_with(old), MARKER]).await;

    let mut made = Vec::new();
    for attempt in 0..BACKUPS_KEPT + 2 {
        // Backup names carry a millisecond stamp: keep attempts apart.
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(Store::open(&p.path).await.is_err());
        let now = list_backups(&p.path);
        assert_eq!(now.len(), (attempt + 1).min(BACKUPS_KEPT), "{now:?}");
        let newest = now.last().unwrap().clone();
        assert!(!made.contains(&newest), "each open takes a new backup");
        made.push(newest);
    }
    let kept = list_backups(&p.path);
    assert_eq!(kept, made[made.len() - BACKUPS_KEPT..].to_vec());
    for b in &made[..made.len() - BACKUPS_KEPT] {
        assert!(!b.exists(), "{} should have been pruned", b.display());
    }
    for b in &kept {
        assert_eq!(marker_rows(b).await.len(), 2);
    }
}

async fn assert_newer_schema_refused(wal: bool) {
    let p = profile();
    let newer = supported_schema_version() + 1;
    write_raw_file(&p.path, wal, &[&migrations_table_with(newer), MARKER]).await;
    let before = std::fs::read(&p.path).unwrap();
    let files_before = dir_listing(p.dir.path());

    let err = Store::open(&p.path).await.unwrap_err();
    match &err {
        StoreError::TooNew {
            path,
            found,
            supported,
        } => {
            assert_eq!(path, &p.path);
            assert_eq!(*found, newer);
            assert_eq!(*supported, supported_schema_version());
        }
        other => panic!("expected TooNew, got {other:?}"),
    }
    let shown = err.to_string();
    assert!(shown.contains("newer version of Towerdesk"), "{shown}");
    assert!(shown.contains(&newer.to_string()), "{shown}");

    let after = std::fs::read(&p.path).unwrap();
    assert!(
        before == after,
        "the refused file changed on disk (wal: {wal})"
    );
    let wal_file = p.path.with_file_name("towerdesk.db-wal");
    if wal_file.exists() {
        assert_eq!(
            std::fs::metadata(&wal_file).unwrap().len(),
            0,
            "frames were written to the refused file's WAL"
        );
    }
    assert!(
        list_backups(&p.path).is_empty(),
        "no backup of a refused file"
    );
    assert_eq!(
        dir_listing(p.dir.path())
            .into_iter()
            .filter(|n| !n.ends_with("-wal") && !n.ends_with("-shm"))
            .collect::<Vec<_>>(),
        files_before
    );
    // Still readable by the newer Towerdesk, with its data whole.
    assert_eq!(marker_rows(&p.path).await.len(), 2);
}

fn dir_listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn a_newer_schema_in_wal_mode_is_refused_and_left_unchanged() {
    assert_newer_schema_refused(true).await;
}

#[tokio::test]
async fn a_newer_schema_in_rollback_journal_mode_is_refused_and_left_unchanged() {
    assert_newer_schema_refused(false).await;
}
