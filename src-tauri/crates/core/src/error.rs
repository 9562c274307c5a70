//! The core's one error type, and the form in which errors cross to the window: a stable `kind`
//! the UI can react to and a human `message` it can show as it is.

use serde::Serialize;
use towerdesk_platform_api::{ApiError, ApiErrorKind};
use towerdesk_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("{0}")]
    Validation(String),
    #[error("{0}")]
    NotFound(String),
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    KeyringUnavailable(String),
    #[error("{0}")]
    Internal(String),
}

/// Stable error kinds, shared with the UI through the generated bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    Validation,
    NotFound,
    Forbidden,
    Offline,
    AuthExpired,
    Conflict,
    KeyringUnavailable,
    StoreUnavailable,
    StoreTooNew,
    Server,
    Internal,
}

/// What the window receives when a command fails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[error("{message}")]
pub struct AppError {
    pub kind: ErrorKind,
    pub message: String,
}

impl AppError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }
}

impl CoreError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Validation(_) => ErrorKind::Validation,
            Self::NotFound(_) => ErrorKind::NotFound,
            Self::KeyringUnavailable(_) => ErrorKind::KeyringUnavailable,
            Self::Internal(_) => ErrorKind::Internal,
            Self::Store(StoreError::TooNew { .. }) => ErrorKind::StoreTooNew,
            Self::Store(StoreError::NotFound(_)) => ErrorKind::NotFound,
            Self::Store(StoreError::Invalid(_)) => ErrorKind::Validation,
            Self::Store(_) => ErrorKind::StoreUnavailable,
            Self::Api(e) => match e.kind() {
                ApiErrorKind::Unauthorized => ErrorKind::AuthExpired,
                ApiErrorKind::Forbidden => ErrorKind::Forbidden,
                ApiErrorKind::NotFound => ErrorKind::NotFound,
                ApiErrorKind::Conflict => ErrorKind::Conflict,
                ApiErrorKind::BadRequest | ApiErrorKind::InvalidUrl => ErrorKind::Validation,
                ApiErrorKind::Timeout | ApiErrorKind::Connection => ErrorKind::Offline,
                _ => ErrorKind::Server,
            },
        }
    }

    /// The message for a person: the server's own words where it gave some.
    pub fn user_message(&self) -> String {
        match self {
            Self::Api(e) => match e.kind() {
                ApiErrorKind::Unauthorized => {
                    "The server did not accept the access token (it may have expired). Add a new token for this account.".into()
                }
                ApiErrorKind::Timeout | ApiErrorKind::Connection => {
                    format!("The server could not be reached ({}). Your changes are kept and will be sent when it can.", e.message())
                }
                _ => e.message().to_string(),
            },
            other => other.to_string(),
        }
    }
}

impl From<CoreError> for AppError {
    fn from(e: CoreError) -> Self {
        Self {
            kind: e.kind(),
            message: e.user_message(),
        }
    }
}

/// A store error reaches the window as the core error it is (same kind and message), so `?` works.
impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        CoreError::from(e).into()
    }
}

/// An API error reaches the window as the core error it is (same kind and message), so `?` works.
impl From<ApiError> for AppError {
    fn from(e: ApiError) -> Self {
        CoreError::from(e).into()
    }
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;
