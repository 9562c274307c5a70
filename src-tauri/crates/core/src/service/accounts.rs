//! Accounts: the built-in demo, adding a token (checked, kept in the OS keyring), one from the
//! environment for this run, removing one, and a client for each.

use std::sync::Arc;

use towerdesk_platform_api::{PlatformClient, RateLimiter};
use towerdesk_store::{Account, AccountKind, AccountRow};

use super::{DEMO_SERVER_URL, SEQERA_CLOUD_URL, Towerdesk};
use crate::error::{AppError, ErrorKind, Result};
use crate::secrets::entry_name;

impl Towerdesk {
    /// Starts (once per run) the built-in demo server and returns its account, syncing it.
    pub async fn open_demo(self: &Arc<Self>) -> Result<Account, AppError> {
        let store = self.store()?;
        let (base_url, token) = self.demo_server().await?;
        let client = PlatformClient::new(&base_url, &token)?;
        let user = client.user_info().await?;
        let user = user
            .user
            .ok_or_else(|| AppError::new(ErrorKind::Server, "The demo server sent no user."))?;
        let name = user.user_name.clone().unwrap_or_else(|| "demo".into());
        let row = store
            .upsert_account(
                DEMO_SERVER_URL,
                user.id.unwrap_or(0),
                &name,
                user.email.as_deref(),
                "Demo",
                AccountKind::Demo,
            )
            .await?;
        store.ensure_personal_workspace(row.id, &name).await?;
        self.account_changed(row.id);
        self.sync_account(row.id).await?;
        Ok(row.account())
    }

    /// The demo server's base URL and token, started on first use.
    async fn demo_server(&self) -> Result<(String, String), AppError> {
        let mut running = self.running_demo.lock().await;
        if let Some(handle) = running.as_ref() {
            return Ok((handle.base_url().to_string(), handle.token().to_string()));
        }
        let Some(demo) = &self.demo else {
            return Err(AppError::new(
                ErrorKind::Internal,
                "The demo is not available in this build of Towerdesk.",
            ));
        };
        // The demo server remembers what the user did in it, like a real one would.
        let handle = demo
            .start(&self.data_dir.join("demo-platform.json"))
            .await
            .map_err(|e| {
                AppError::new(
                    ErrorKind::Internal,
                    format!("The demo server could not start: {e}"),
                )
            })?;
        let server = (handle.base_url().to_string(), handle.token().to_string());
        *running = Some(handle);
        Ok(server)
    }

    /// Checks the token with `/user-info`, keeps it in the OS keyring, records the account and syncs it.
    pub async fn add_account(
        self: &Arc<Self>,
        server_url: &str,
        token: &str,
    ) -> Result<Account, AppError> {
        let row = self
            .register_account(server_url, token, AccountKind::Keyring)
            .await?;
        self.after_change(row.id);
        Ok(row.account())
    }

    /// Uses a token from `TOWER_ACCESS_TOKEN` for this run: the account's data is kept like any
    /// other, the token is not.
    pub async fn use_environment_token(
        self: &Arc<Self>,
        server_url: &str,
        token: &str,
    ) -> Result<Account, AppError> {
        Ok(self
            .register_account(server_url, token, AccountKind::Environment)
            .await?
            .account())
    }

    async fn register_account(
        &self,
        server_url: &str,
        token: &str,
        kind: AccountKind,
    ) -> Result<AccountRow, AppError> {
        let store = self.store()?;
        let token = token.trim();
        if token.is_empty() {
            return Err(AppError::new(
                ErrorKind::Validation,
                "Enter an access token.",
            ));
        }
        let server_url = normalize_server_url(server_url)?;
        let client = PlatformClient::new(&server_url, token)?;
        let info = client.user_info().await?;
        let user = info.user.ok_or_else(|| {
            AppError::new(ErrorKind::Server, "The server sent no user for this token.")
        })?;
        let user_id = user.id.ok_or_else(|| {
            AppError::new(ErrorKind::Server, "The server sent a user without an id.")
        })?;
        let name = user
            .user_name
            .clone()
            .unwrap_or_else(|| format!("user {user_id}"));
        let entry = entry_name(&server_url, &name);
        match kind {
            AccountKind::Keyring => self.vault.save(&entry, token)?,
            _ => self.session_tokens.save(&entry, token)?,
        }
        let row = store
            .upsert_account(
                &server_url,
                user_id,
                &name,
                user.email.as_deref(),
                &server_label(&server_url),
                kind,
            )
            .await?;
        store.set_token_expired(row.id, false).await?;
        store.ensure_personal_workspace(row.id, &name).await?;
        self.update_live(row.id, |l| l.reachable = Some(true));
        self.account_changed(row.id);
        Ok(row)
    }

    /// Removes the account's keyring entry and everything kept for it locally.
    pub async fn remove_account(&self, account_id: i64) -> Result<(), AppError> {
        let store = self.store()?;
        let row = store.account_row(account_id).await?;
        if row.kind == AccountKind::Keyring {
            self.vault
                .delete(&entry_name(&row.server_url, &row.user_name))?;
        }
        store.delete_account(account_id).await?;
        self.status_changed(account_id);
        Ok(())
    }

    /// A client for the account, or why there is none (no token, keyring unavailable).
    pub async fn client(&self, row: &AccountRow) -> Result<PlatformClient, AppError> {
        let (url, token) = match row.kind {
            AccountKind::Demo => {
                let (url, token) = self.demo_server().await?;
                (url, Some(token))
            }
            AccountKind::Environment => (
                row.server_url.clone(),
                self.session_tokens
                    .load(&entry_name(&row.server_url, &row.user_name))?,
            ),
            AccountKind::Keyring => {
                let entry = entry_name(&row.server_url, &row.user_name);
                let token = match self.session_tokens.load(&entry)? {
                    Some(t) => Some(t),
                    None => self.vault.load(&entry)?,
                };
                (row.server_url.clone(), token)
            }
        };
        let token = token.ok_or_else(|| {
            AppError::new(
                ErrorKind::AuthExpired,
                format!(
                    "No access token is available for {} on {}. Add the token again.",
                    row.user_name, row.label
                ),
            )
        })?;
        let mut client = PlatformClient::new(&url, token)?;
        if let Ok(mut limiters) = self.limiters.lock() {
            let rate = self.requests_per_second.lock().ok().and_then(|r| *r);
            let limiter = limiters.entry(row.id).or_insert_with(|| match rate {
                Some(r) => RateLimiter::new(r),
                None => client.rate_limiter().clone(),
            });
            client = client.with_rate_limiter(limiter.clone());
        }
        if let Some(t) = self.request_timeout.lock().ok().and_then(|t| *t) {
            client = client.with_request_timeout(t);
        }
        Ok(client)
    }
}

/// `https://api.cloud.seqera.io` for an empty field; no trailing slash; a scheme is required.
pub fn normalize_server_url(raw: &str) -> Result<String, AppError> {
    let raw = raw.trim().trim_end_matches('/');
    if raw.is_empty() {
        return Ok(SEQERA_CLOUD_URL.to_string());
    }
    let parsed = url::Url::parse(raw).map_err(|e| {
        AppError::new(
            ErrorKind::Validation,
            format!("'{raw}' is not a server URL ({e}). Use e.g. https://api.cloud.seqera.io or https://tower.example.com/api."),
        )
    })?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(AppError::new(
            ErrorKind::Validation,
            format!("'{raw}' is not an http(s) server URL. Use e.g. https://api.cloud.seqera.io."),
        ));
    }
    Ok(raw.to_string())
}

/// "Seqera Cloud" for the cloud API, else the host name.
pub fn server_label(server_url: &str) -> String {
    match url::Url::parse(server_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
    {
        Some(h) if h == "api.cloud.seqera.io" || h == "api.tower.nf" => "Seqera Cloud".into(),
        Some(h) => h,
        None => server_url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::Options;
    use super::*;

    #[tokio::test]
    async fn without_a_demo_server_open_the_demo_says_this_build_has_none() {
        let dir = tempfile::tempdir().unwrap();
        let tower = Towerdesk::open(Options::for_tests(dir.path())).await;
        let err = tower.open_demo().await.unwrap_err();
        assert_eq!(err.kind, ErrorKind::Internal);
        assert!(err.message.contains("not available"), "{}", err.message);
    }

    #[tokio::test]
    async fn the_demo_server_handed_in_is_started_once_and_synced() {
        let dir = tempfile::tempdir().unwrap();
        let tower = Towerdesk::open(Options {
            demo: Some(Arc::new(crate::demo::EmulatorDemo)),
            ..Options::for_tests(dir.path())
        })
        .await;
        tower.set_requests_per_second(Some(1000.0));
        let account = tower.open_demo().await.unwrap();
        assert_eq!(account.server_url, DEMO_SERVER_URL);
        assert_eq!(account.kind, AccountKind::Demo);
        assert!(!tower.organizations(account.id).await.unwrap().is_empty());
        let first = tower.demo_server().await.unwrap();
        let again = tower.open_demo().await.unwrap();
        assert_eq!(again.id, account.id);
        assert_eq!(
            tower.demo_server().await.unwrap(),
            first,
            "one server per run"
        );
    }

    #[test]
    fn server_urls() {
        assert_eq!(normalize_server_url("").unwrap(), SEQERA_CLOUD_URL);
        assert_eq!(
            normalize_server_url(" https://tower.example.com/api/ ").unwrap(),
            "https://tower.example.com/api"
        );
        assert_eq!(
            normalize_server_url("tower.example.com").unwrap_err().kind,
            ErrorKind::Validation
        );
        assert_eq!(
            normalize_server_url("ftp://x").unwrap_err().kind,
            ErrorKind::Validation
        );
        assert_eq!(server_label("https://api.cloud.seqera.io"), "Seqera Cloud");
        assert_eq!(
            server_label("https://tower.example.com/api"),
            "tower.example.com"
        );
    }
}
