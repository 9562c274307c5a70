//! The access token is nowhere but in memory: not in any file of the data directory (the
//! database, its -wal and -shm, the server's state file kept there) and not in the logs, at
//! TRACE level, after registering, syncing, queued writes and failed requests.

mod common;

use std::time::Duration;

use towerdesk_emulator::Faults;

#[tokio::test(flavor = "current_thread")]
async fn the_token_is_in_no_file_and_no_log_line() {
    let logs = common::capture_logs("trace");
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let state = data.join("demo-platform.json");
    let mut cfg = common::config(Faults::default(), Some(state.clone()), 0);
    cfg.log_requests = true;
    let emu = common::start(cfg).await;
    let (base, port) = (emu.base_url(), emu.port());
    let client = common::truth(&base);
    let gc = common::org_id(&client, "genomics-core").await;

    let tower = common::open(&data).await;
    // A wrong token first: refused, and its error says nothing of it.
    let wrong = format!("{}-wrong", common::TOKEN);
    let err = tower
        .use_environment_token(&base, &wrong)
        .await
        .unwrap_err();
    assert!(!err.message.contains(common::TOKEN), "{}", err.message);
    let account = common::register(&tower, &base).await;
    tower.sync_account(account).await.unwrap();
    let made = tower
        .create_workspace(
            account,
            gc,
            common::input("hygiene-1", "Hygiene", Some("sent"), false),
        )
        .await
        .unwrap();
    tower.sync_account(account).await.unwrap();
    tower
        .update_workspace(
            made.id,
            common::input("hygiene-1", "Hygiene", Some("queued"), true),
        )
        .await
        .unwrap();
    tower
        .create_workspace(
            account,
            gc,
            common::input("hygiene-2", "Hygiene two", None, false),
        )
        .await
        .unwrap();
    // A failed sync (the server gone, then one that refuses the token) records its error.
    emu.shutdown().await;
    let offline = tower.sync_account(account).await.unwrap_err();
    assert!(!offline.message.contains(common::TOKEN));
    let mut cfg = common::config(Faults::default(), Some(state.clone()), port);
    cfg.token = "another-token-entirely".into();
    cfg.log_requests = true;
    let emu = common::start(cfg).await;
    let expired = tower.sync_account(account).await.unwrap_err();
    assert!(!expired.message.contains(common::TOKEN));
    let row = tower.store().unwrap().account_row(account).await.unwrap();
    assert!(
        row.last_error.is_some(),
        "the failure is recorded in the database"
    );
    assert_eq!(
        tower
            .store()
            .unwrap()
            .change_counts(account)
            .await
            .unwrap()
            .waiting,
        2
    );
    emu.shutdown().await;
    tokio::time::sleep(Duration::from_millis(100)).await;

    // Every file, open database included (its -wal and -shm are there while it is open).
    let names: Vec<String> = std::fs::read_dir(&data)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().any(|n| n.ends_with("-wal")), "{names:?}");
    assert!(names.iter().any(|n| n == "demo-platform.json"), "{names:?}");
    let (hits, scanned) = common::files_containing(&data, common::TOKEN.as_bytes());
    assert!(scanned >= 3, "scanned {scanned} files: {names:?}");
    assert!(hits.is_empty(), "the token is in {hits:?}");
    // The scan can see a token: the wrong one is not a substring of anything either.
    let (hits, _) = common::files_containing(&data, b"hygiene-1");
    assert!(!hits.is_empty(), "the scan reads the database's bytes");
    tower.store().unwrap().close().await;
    let (hits, scanned_closed) = common::files_containing(&data, common::TOKEN.as_bytes());
    assert!(hits.is_empty(), "after closing, the token is in {hits:?}");

    let text = logs.text();
    assert!(
        text.contains("platform request"),
        "the client's requests were logged"
    );
    assert!(
        text.contains("POST /orgs/"),
        "the emulator's access log was captured"
    );
    assert!(text.lines().count() > 100, "TRACE logs were captured");
    assert!(!text.contains(common::TOKEN), "the token is in the logs");
    println!(
        "token hygiene: {scanned} files scanned open, {scanned_closed} closed, {} log lines clean",
        text.lines().count()
    );
}
