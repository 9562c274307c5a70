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

    /// The message on one line (server messages sometimes carry newlines).
    pub fn line(&self) -> String {
        let text = self.to_string();
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }
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
}
