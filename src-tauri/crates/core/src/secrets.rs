//! Access tokens live only in the OS keyring (macOS Keychain, Windows Credential Manager, the
//! Secret Service on Linux). Never in the database, the preferences file, logs or the window.

use crate::error::{CoreError, Result};

const SERVICE: &str = "towerdesk";

/// Where tokens are kept. `Keyring` is the real thing; `Memory` holds tokens for this run only
/// (the demo account and a token from the environment), and is never written anywhere.
#[derive(Debug, Clone)]
pub enum TokenVault {
    Keyring,
    Memory(std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, String>>>),
}

/// The keyring entry name of an account: its server and user, no secret.
pub fn entry_name(server_url: &str, user_name: &str) -> String {
    format!("{user_name}@{server_url}")
}

const NO_SECRET_SERVICE: &str = "No Secret Service was found to keep the access token safely. Install and unlock \
gnome-keyring or KeePassXC (with its Secret Service enabled), or run Towerdesk with TOWER_ACCESS_TOKEN set to use \
the token for this session only. Towerdesk never writes tokens to a file.";

fn keyring_error(e: keyring::Error) -> CoreError {
    match e {
        keyring::Error::PlatformFailure(_) | keyring::Error::NoStorageAccess(_) => {
            CoreError::KeyringUnavailable(NO_SECRET_SERVICE.to_string())
        }
        other => CoreError::KeyringUnavailable(format!(
            "The OS keyring refused the access token: {other}"
        )),
    }
}

impl TokenVault {
    pub fn memory() -> Self {
        Self::Memory(Default::default())
    }

    pub fn save(&self, entry: &str, token: &str) -> Result<()> {
        match self {
            Self::Keyring => keyring::Entry::new(SERVICE, entry)
                .and_then(|e| e.set_password(token))
                .map_err(keyring_error),
            Self::Memory(m) => {
                m.lock()
                    .map_err(|_| CoreError::Internal("token vault poisoned".into()))?
                    .insert(entry.into(), token.into());
                Ok(())
            }
        }
    }

    /// The token, or None when the keyring has no entry for the account.
    pub fn load(&self, entry: &str) -> Result<Option<String>> {
        match self {
            Self::Keyring => {
                match keyring::Entry::new(SERVICE, entry).and_then(|e| e.get_password()) {
                    Ok(t) => Ok(Some(t)),
                    Err(keyring::Error::NoEntry) => Ok(None),
                    Err(e) => Err(keyring_error(e)),
                }
            }
            Self::Memory(m) => Ok(m
                .lock()
                .map_err(|_| CoreError::Internal("token vault poisoned".into()))?
                .get(entry)
                .cloned()),
        }
    }

    pub fn delete(&self, entry: &str) -> Result<()> {
        match self {
            Self::Keyring => {
                match keyring::Entry::new(SERVICE, entry).and_then(|e| e.delete_credential()) {
                    Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
                    Err(e) => Err(keyring_error(e)),
                }
            }
            Self::Memory(m) => {
                m.lock()
                    .map_err(|_| CoreError::Internal("token vault poisoned".into()))?
                    .remove(entry);
                Ok(())
            }
        }
    }
}

#[cfg(all(test, feature = "keyring-tests"))]
mod keyring_tests {
    //! Run under a Secret Service: see the Makefile's keyring step (dbus-run-session + gnome-keyring).
    use super::*;

    #[test]
    fn keyring_round_trip_save_load_delete() {
        let vault = TokenVault::Keyring;
        let entry = entry_name(
            "http://127.0.0.1:1",
            &format!("keyring-test-{}", std::process::id()),
        );
        assert_eq!(vault.load(&entry).unwrap(), None);
        vault.save(&entry, "secret-token-value").unwrap();
        assert_eq!(
            vault.load(&entry).unwrap().as_deref(),
            Some("secret-token-value")
        );
        vault.delete(&entry).unwrap();
        assert_eq!(vault.load(&entry).unwrap(), None);
    }
}
