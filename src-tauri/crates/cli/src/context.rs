//! What every command starts from: the opened core, the account to act for, and workspace lookup.

use std::path::PathBuf;
use std::sync::Arc;

use towerdesk_core::demo::EmulatorDemo;
use towerdesk_core::store::{AccountRow, Store};
use towerdesk_core::{AccountKind, ErrorKind, Options, TokenVault, Towerdesk, Workspace};

use crate::args::Global;
use crate::error::{CliError, Result};

/// The app's identifier: the CLI shares the app's data directory by default.
const APP_ID: &str = "io.towerdesk.app";

pub struct Ctx {
    pub tower: Arc<Towerdesk>,
    /// `TOWER_API_ENDPOINT` (or `--url`), normalized like the core records server URLs.
    pub endpoint: String,
    /// `TOWER_ACCESS_TOKEN`, used for this run only.
    token: Option<String>,
    account_flag: Option<i64>,
}

/// The account a write or a sync acts for, and whether the server answered just now.
pub struct Connected {
    pub account: AccountRow,
    /// Why the server could not be reached (the change is then only queued).
    pub offline: Option<String>,
}

impl Ctx {
    pub async fn open(global: &Global) -> Result<Self> {
        let data_dir = match &global.data_dir {
            Some(d) if !d.as_os_str().is_empty() => d.clone(),
            _ => default_data_dir()?,
        };
        let tower = Towerdesk::open(Options {
            demo: Some(Arc::new(EmulatorDemo)),
            data_dir,
            profile: "default".into(),
            vault: TokenVault::Keyring,
            auto_sync: false,
        })
        .await;
        // A database that cannot be opened is reported once, here, for every command.
        tower.store().map_err(CliError::from)?;
        let endpoint = server_url(&global.url, std::env::var_os("TOWER_API_ENDPOINT"))?;
        let token = std::env::var("TOWER_ACCESS_TOKEN")
            .ok()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty());
        Ok(Self {
            tower,
            endpoint,
            token,
            account_flag: global.account,
        })
    }

    /// `TOWER_ACCESS_TOKEN`, when set.
    pub fn env_token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    pub fn store(&self) -> Result<&Store> {
        Ok(self.tower.store()?)
    }

    /// The account to read for, without contacting any server. None when nothing was synced yet.
    pub async fn local_account(&self) -> Result<Option<AccountRow>> {
        let rows = self.store()?.account_rows().await?;
        if let Some(id) = self.account_flag {
            return match rows.into_iter().find(|r| r.id == id) {
                Some(r) => Ok(Some(r)),
                None => Err(CliError::user(format!(
                    "There is no account {id} here: `towerdesk-cli status` names the accounts."
                ))),
            };
        }
        let mut candidates: Vec<AccountRow> = rows
            .into_iter()
            .filter(|r| r.kind != AccountKind::Demo)
            .collect();
        if self.token.is_some() {
            // The token's account lives under its server's URL.
            candidates.retain(|r| r.server_url == self.endpoint);
            // Several users of one server: the most recently synced first.
            candidates.sort_by(|a, b| b.last_sync.cmp(&a.last_sync));
        }
        Ok(candidates.into_iter().next())
    }

    /// Like [`Ctx::local_account`], but an account is required.
    pub async fn account(&self) -> Result<AccountRow> {
        self.local_account()
            .await?
            .ok_or_else(|| self.nothing_synced())
    }

    fn nothing_synced(&self) -> CliError {
        if self.token.is_some() {
            CliError::user(format!(
                "never synced: run `towerdesk-cli sync` first (nothing is kept here for {} yet).",
                self.endpoint
            ))
        } else {
            CliError::server(
                "No account is set up: set TOWER_ACCESS_TOKEN (and TOWER_API_ENDPOINT for a server other than \
                 Seqera Cloud), or add an account in the Towerdesk app.",
            )
        }
    }

    /// The account for a sync or a write. With `TOWER_ACCESS_TOKEN`, the token is checked with
    /// the server and used for this run; if the server cannot be reached, the account already
    /// kept for that server is used and `offline` says why.
    pub async fn connect(&self) -> Result<Connected> {
        let Some(token) = &self.token else {
            return Ok(Connected {
                account: self.account().await?,
                offline: None,
            });
        };
        match self
            .tower
            .use_environment_token(&self.endpoint, token)
            .await
        {
            Ok(account) => Ok(Connected {
                account: self.store()?.account_row(account.id).await?,
                offline: None,
            }),
            Err(e) if e.kind == ErrorKind::Offline => match self.local_account().await? {
                Some(account) => Ok(Connected {
                    account,
                    offline: Some(e.message),
                }),
                None => Err(CliError::server(format!(
                    "Cannot reach {}: {}",
                    self.endpoint, e.message
                ))),
            },
            Err(e) if e.kind == ErrorKind::AuthExpired => Err(CliError::server(format!(
                "{} refused the access token in TOWER_ACCESS_TOKEN (wrong, revoked or expired). Create a new \
                 token in Seqera Platform (Your tokens) and set TOWER_ACCESS_TOKEN to it; check TOWER_API_ENDPOINT too.",
                self.endpoint
            ))),
            Err(e) => Err(e.into()),
        }
    }

    /// A workspace by numeric server id or `Org/Workspace` (case-insensitive), not deleted.
    pub async fn workspace(&self, account: &AccountRow, reference: &str) -> Result<Workspace> {
        let reference = reference.trim();
        let all = self.store()?.workspaces(account.id, None).await?;
        let found = if let Ok(id) = reference.parse::<i64>() {
            all.into_iter().find(|w| w.workspace_id == Some(id))
        } else if let Some((org, name)) = reference.split_once('/') {
            all.into_iter().find(|w| {
                w.org_name
                    .as_deref()
                    .is_some_and(|o| o.eq_ignore_ascii_case(org.trim()))
                    && w.name.eq_ignore_ascii_case(name.trim())
            })
        } else {
            return Err(CliError::user(format!(
                "'{reference}' is not a workspace reference: use ORG/WORKSPACE or a numeric workspace id."
            )));
        };
        found.ok_or_else(|| {
            let hint = if account.last_sync.is_none() {
                "never synced: run `towerdesk-cli sync` first"
            } else {
                "`towerdesk-cli workspaces list` shows the known ones"
            };
            CliError::user(format!("Unknown workspace '{reference}' ({hint})."))
        })
    }
}

/// The server URL as the core records it (no surrounding blanks, no trailing slash). An empty
/// one is an error: `TOWER_API_ENDPOINT=""` or `--url ""` set on purpose must not quietly mean
/// Seqera Cloud (clap takes an empty variable for an unset one, so `env` is looked at here).
/// The core checks the URL itself when the token is used.
fn server_url(raw: &str, env: Option<std::ffi::OsString>) -> Result<String> {
    let empty_env = env.is_some_and(|v| v.to_string_lossy().trim().is_empty());
    let url = raw.trim().trim_end_matches('/');
    if url.is_empty() || (empty_env && raw == DEFAULT_ENDPOINT) {
        return Err(CliError::user(format!(
            "The server URL is empty ({}): set it to your Platform's API URL, such as \
             {DEFAULT_ENDPOINT}, or unset TOWER_API_ENDPOINT for Seqera Cloud.",
            if empty_env {
                "TOWER_API_ENDPOINT is set to \"\""
            } else {
                "--url \"\""
            }
        )));
    }
    Ok(url.into())
}

/// Seqera Cloud's API, the default endpoint (as `tw` has it).
pub const DEFAULT_ENDPOINT: &str = "https://api.cloud.seqera.io";

fn default_data_dir() -> Result<PathBuf> {
    dirs::data_dir().map(|d| d.join(APP_ID)).ok_or_else(|| {
        CliError::server("No data directory is known for this user: set TOWERDESK_DATA_DIR.")
    })
}

/// `Org/Workspace` for an organization workspace, the name alone for the personal one.
pub fn workspace_ref(w: &Workspace) -> String {
    match &w.org_name {
        Some(org) => format!("{org}/{}", w.name),
        None => w.name.clone(),
    }
}
