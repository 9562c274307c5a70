//! Tokens in the OS keyring. With the `keyring-tests` feature (the Makefile runs it under
//! `dbus-run-session` with gnome-keyring unlocked), an added account's token is in the Secret
//! Service and nowhere on disk, and removing the account removes it. Without a Secret Service, the
//! error says what to install and how to use a token from the environment instead.

mod common;

use std::time::Duration;

#[cfg(feature = "keyring-tests")]
use towerdesk_core::secrets::entry_name;
use towerdesk_core::{ErrorKind, Options, TokenVault, Towerdesk};
use towerdesk_emulator::Faults;

async fn keyring_tower(dir: &std::path::Path) -> std::sync::Arc<Towerdesk> {
    Towerdesk::open(Options {
        demo: None,
        data_dir: dir.to_path_buf(),
        profile: "default".into(),
        vault: TokenVault::Keyring,
        auto_sync: false,
    })
    .await
}

/// Run by `keyring_without_a_secret_service_says_what_to_install` in a child process whose
/// session bus address leads nowhere.
#[tokio::test]
#[ignore = "run as a child process by keyring_without_a_secret_service_says_what_to_install"]
async fn keyring_child_without_secret_service() {
    let (Ok(url), Ok(dir)) = (
        std::env::var("TOWERDESK_KEYRING_CHILD_URL"),
        std::env::var("TOWERDESK_KEYRING_CHILD_DIR"),
    ) else {
        return;
    };
    let tower = keyring_tower(std::path::Path::new(&dir)).await;
    let result = tower.add_account(&url, common::TOKEN).await;
    let accounts = tower.store().unwrap().account_rows().await.unwrap().len();
    let (kind, message) = match result {
        Ok(_) => ("ok".to_string(), String::new()),
        Err(e) => (format!("{:?}", e.kind), e.message),
    };
    println!(
        "CHILD-RESULT {}",
        serde_json::json!({ "kind": kind, "message": message, "accounts": accounts })
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keyring_without_a_secret_service_says_what_to_install() {
    let emu = common::start(common::config(Faults::default(), None, 0)).await;
    let dir = tempfile::tempdir().unwrap();
    let out = tokio::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "keyring_child_without_secret_service",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("TOWERDESK_KEYRING_CHILD_URL", emu.base_url())
        .env("TOWERDESK_KEYRING_CHILD_DIR", dir.path())
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
        .output();
    let out = tokio::time::timeout(Duration::from_secs(60), out)
        .await
        .expect("the child ends")
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        .find_map(|l| l.split_once("CHILD-RESULT ").map(|x| x.1))
        .unwrap_or_else(|| panic!("no result from the child: {stdout}"));
    let v: serde_json::Value = serde_json::from_str(line).unwrap();
    assert_eq!(
        v["kind"],
        format!("{:?}", ErrorKind::KeyringUnavailable),
        "{v}"
    );
    let message = v["message"].as_str().unwrap();
    for needed in ["gnome-keyring", "KeePassXC", "TOWER_ACCESS_TOKEN"] {
        assert!(
            message.contains(needed),
            "the message names {needed}: {message}"
        );
    }
    assert!(!message.contains(common::TOKEN));
    assert_eq!(v["accounts"], 0, "no account is saved without its token");
    let (hits, _) = common::files_containing(dir.path(), common::TOKEN.as_bytes());
    assert!(hits.is_empty(), "never a fallback to a file: {hits:?}");
}

#[cfg(feature = "keyring-tests")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keyring_holds_an_added_accounts_token_and_loses_it_with_the_account() {
    let emu = common::start(common::config(Faults::default(), None, 0)).await;
    let base = emu.base_url();
    let dir = tempfile::tempdir().unwrap();
    let tower = keyring_tower(dir.path()).await;
    let account = tower
        .add_account(&base, common::TOKEN)
        .await
        .expect("add_account");
    let entry = entry_name(&account.server_url, &account.user_name);
    let stored = keyring::Entry::new("towerdesk", &entry).unwrap();
    assert_eq!(stored.get_password().unwrap(), common::TOKEN);
    // The same secret as the desktop's own tool sees it.
    if let Ok(out) = std::process::Command::new("secret-tool")
        .args(["lookup", "service", "towerdesk", "username", &entry])
        .output()
    {
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), common::TOKEN);
    }

    // A new run finds the token in the keyring and syncs with it.
    drop(tower);
    let tower = keyring_tower(dir.path()).await;
    tower
        .sync_account(account.id)
        .await
        .expect("a sync with the keyring's token");
    let store = tower.store().unwrap();
    assert!(store.workspaces(account.id, None).await.unwrap().len() > 1);
    let (hits, scanned) = common::files_containing(dir.path(), common::TOKEN.as_bytes());
    assert!(scanned >= 2);
    assert!(hits.is_empty(), "the token is on disk in {hits:?}");

    tower.remove_account(account.id).await.unwrap();
    assert!(
        matches!(stored.get_password(), Err(keyring::Error::NoEntry)),
        "the keyring entry is gone"
    );
    assert!(store.account_rows().await.unwrap().is_empty());
    assert!(store.workspaces(account.id, None).await.unwrap().is_empty());
}
