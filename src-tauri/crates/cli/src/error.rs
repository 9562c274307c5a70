//! The CLI's one error type: what went wrong in one line, and the exit code that goes with it.

use towerdesk_core::{AppError, ErrorKind};

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Bad input, something not found, a change the server refused: exit 1.
    #[error("{0}")]
    User(String),
    /// The server, the token or the machine (keyring, database): exit 2.
    #[error("{0}")]
    Server(String),
}

impl CliError {
    pub fn user(message: impl Into<String>) -> Self {
        Self::User(message.into())
    }

    pub fn server(message: impl Into<String>) -> Self {
        Self::Server(message.into())
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            Self::User(_) => 1,
            Self::Server(_) => 2,
        }
    }

    /// The message on one line (server messages sometimes carry newlines), each over-long word
    /// cut: an error quotes what it was given, and a 5,000-character reference would bury the
    /// message.
    pub fn line(&self) -> String {
        let text = self.to_string();
        text.split_whitespace()
            .map(shorten_word)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Words longer than this are cut in error lines.
const LONGEST_WORD: usize = 120;

/// `word` when short enough; else its first 60 characters, "…", and how long it was.
fn shorten_word(word: &str) -> String {
    let n = word.chars().count();
    if n <= LONGEST_WORD {
        return word.to_string();
    }
    let head: String = word.chars().take(60).collect();
    format!("{head}… ({n} characters)")
}

/// The hint the CLI adds where the core's message speaks of the app's screens.
const TOKEN_HINT: &str =
    "Set TOWER_ACCESS_TOKEN to a valid access token (Seqera Platform: Your tokens) and try again.";

impl From<AppError> for CliError {
    fn from(e: AppError) -> Self {
        match e.kind {
            ErrorKind::Validation
            | ErrorKind::NotFound
            | ErrorKind::Forbidden
            | ErrorKind::Conflict => Self::User(e.message),
            ErrorKind::AuthExpired => Self::Server(format!(
                "The server did not accept the access token. {TOKEN_HINT}"
            )),
            ErrorKind::Offline
            | ErrorKind::KeyringUnavailable
            | ErrorKind::StoreUnavailable
            | ErrorKind::StoreTooNew
            | ErrorKind::Server
            | ErrorKind::Internal => Self::Server(e.message),
        }
    }
}

/// Store errors take the core's wording and kinds (a missing row is "not found", the rest is
/// the database's problem).
impl From<towerdesk_core::store::StoreError> for CliError {
    fn from(e: towerdesk_core::store::StoreError) -> Self {
        AppError::from(towerdesk_core::CoreError::from(e)).into()
    }
}

pub type Result<T, E = CliError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_map_to_exit_codes() {
        let code = |kind| CliError::from(AppError::new(kind, "x")).exit_code();
        assert_eq!(code(ErrorKind::Validation), 1);
        assert_eq!(code(ErrorKind::NotFound), 1);
        assert_eq!(code(ErrorKind::Forbidden), 1);
        assert_eq!(code(ErrorKind::Offline), 2);
        assert_eq!(code(ErrorKind::AuthExpired), 2);
        assert_eq!(code(ErrorKind::Server), 2);
    }

    #[test]
    fn messages_are_one_line() {
        assert_eq!(CliError::user("a\n  b\tc").line(), "a b c");
    }

    #[test]
    fn an_error_line_cuts_an_over_long_word_and_keeps_the_rest() {
        let long = "a".repeat(5000);
        let e = CliError::user(format!(
            "Unknown workspace '{long}' (see `workspaces list`)."
        ));
        assert_eq!(
            e.line(),
            format!(
                "Unknown workspace '{}… (5002 characters) (see `workspaces list`).",
                "a".repeat(59)
            )
        );
        let url = "https://api.cloud.seqera.io/orgs/123/workspaces/456";
        assert_eq!(
            CliError::server(format!("Cannot reach\n{url}")).line(),
            format!("Cannot reach {url}")
        );
    }
}
