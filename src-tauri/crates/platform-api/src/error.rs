//! The crate's one error type, with a stable [`ApiErrorKind`] the sync engine can act on.

use std::fmt;
use std::time::Duration;

use serde::Deserialize;

/// What went wrong, in terms a caller can act on. Stable: the sync engine matches on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiErrorKind {
    /// 401: the token is missing, invalid or expired. Pause the account, keep the queue.
    Unauthorized,
    /// 403: the token may not do this (or, on some servers, is invalid).
    Forbidden,
    /// 404.
    NotFound,
    /// 409: duplicate name or conflicting state.
    Conflict,
    /// 400, 422 and any other 4xx not listed above.
    BadRequest,
    /// 429: slow down. `retry_after` is the server's `Retry-After`, when it sent one.
    RateLimited { retry_after: Option<Duration> },
    /// 5xx.
    Server,
    /// No complete response in time (connect or request timeout).
    Timeout,
    /// Connection refused, reset or closed before a complete response.
    Connection,
    /// A response arrived but its body is not what the API promises.
    Decode,
    /// The base URL (or a URL built from it) is unusable, e.g. plain `http://` to a remote host.
    InvalidUrl,
}

impl ApiErrorKind {
    /// A short stable code, e.g. for logs or for mapping to the app's error codes.
    pub fn code(&self) -> &'static str {
        match self {
            ApiErrorKind::Unauthorized => "unauthorized",
            ApiErrorKind::Forbidden => "forbidden",
            ApiErrorKind::NotFound => "not_found",
            ApiErrorKind::Conflict => "conflict",
            ApiErrorKind::BadRequest => "bad_request",
            ApiErrorKind::RateLimited { .. } => "rate_limited",
            ApiErrorKind::Server => "server",
            ApiErrorKind::Timeout => "timeout",
            ApiErrorKind::Connection => "connection",
            ApiErrorKind::Decode => "decode",
            ApiErrorKind::InvalidUrl => "invalid_url",
        }
    }

    /// The kind for an HTTP error status.
    pub fn from_status(status: u16, retry_after: Option<Duration>) -> Self {
        match status {
            401 => ApiErrorKind::Unauthorized,
            403 => ApiErrorKind::Forbidden,
            404 => ApiErrorKind::NotFound,
            409 => ApiErrorKind::Conflict,
            429 => ApiErrorKind::RateLimited { retry_after },
            500..=599 => ApiErrorKind::Server,
            _ => ApiErrorKind::BadRequest,
        }
    }
}

impl fmt::Display for ApiErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One blocker listed by `POST /workflow/launch` when a launch is refused
/// (`WorkflowLaunchValidationErrorResponse.errors`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LaunchValidationError {
    pub code: Option<String>,
    pub message: Option<String>,
}

/// An error from the Platform client. `Display` shows the server's own `message` when it sent
/// one, otherwise a short description; it never contains the access token.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct ApiError(Box<Details>);

/// The fields of an [`ApiError`], boxed to keep `Result`s small.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
struct Details {
    kind: ApiErrorKind,
    message: String,
    status: Option<u16>,
    method: Option<String>,
    path: Option<String>,
    /// True when the request may have reached the server (so a write may have taken effect).
    maybe_sent: bool,
    validation_errors: Vec<LaunchValidationError>,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl ApiError {
    pub(crate) fn new(kind: ApiErrorKind, message: impl Into<String>) -> Self {
        ApiError(Box::new(Details {
            kind,
            message: message.into(),
            status: None,
            method: None,
            path: None,
            maybe_sent: false,
            validation_errors: Vec::new(),
            source: None,
        }))
    }

    pub(crate) fn invalid_url(message: impl Into<String>) -> Self {
        Self::new(ApiErrorKind::InvalidUrl, message)
    }

    pub(crate) fn with_request(mut self, method: &str, path: &str, maybe_sent: bool) -> Self {
        self.0.method = Some(method.to_owned());
        self.0.path = Some(path.to_owned());
        self.0.maybe_sent = maybe_sent;
        self
    }

    pub(crate) fn with_status(mut self, status: u16) -> Self {
        self.0.status = Some(status);
        self
    }

    pub(crate) fn with_source(
        mut self,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        self.0.source = Some(Box::new(source));
        self
    }

    pub(crate) fn with_validation_errors(mut self, errors: Vec<LaunchValidationError>) -> Self {
        self.0.validation_errors = errors;
        self
    }

    /// The stable kind of this error.
    pub fn kind(&self) -> ApiErrorKind {
        self.0.kind.clone()
    }

    /// The server's `message` as it sent it, or the client's description of the failure.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<u16> {
        self.0.status
    }

    /// The HTTP method of the failed request (`GET`, `POST`, ...), when there was one.
    pub fn method(&self) -> Option<&str> {
        self.0.method.as_deref()
    }

    /// The path of the failed request below the base URL, e.g. `/orgs/1/workspaces`.
    pub fn path(&self) -> Option<&str> {
        self.0.path.as_deref()
    }

    /// `Retry-After` of a 429, when the server sent one.
    pub fn retry_after(&self) -> Option<Duration> {
        match self.0.kind {
            ApiErrorKind::RateLimited { retry_after } => retry_after,
            _ => None,
        }
    }

    /// The blockers a refused launch listed (empty for every other error).
    pub fn validation_errors(&self) -> &[LaunchValidationError] {
        &self.0.validation_errors
    }

    /// True for transient failures worth retrying later with backoff: 429, 5xx, timeouts and
    /// connection failures. A write whose outcome is unknown must be reconciled before a retry
    /// (see [`ApiError::is_outcome_unknown`]).
    pub fn is_retryable(&self) -> bool {
        matches!(
            self.0.kind,
            ApiErrorKind::RateLimited { .. }
                | ApiErrorKind::Server
                | ApiErrorKind::Timeout
                | ApiErrorKind::Connection
        )
    }

    /// True when a write (anything but GET/HEAD) may or may not have taken effect: it timed
    /// out, the connection broke after it was sent, the server answered 5xx, or it answered
    /// 2xx with a body this client could not read (applied, but the result is unknown). The
    /// caller should look the object up (by its natural key) before sending it again.
    pub fn is_outcome_unknown(&self) -> bool {
        let is_write = matches!(self.0.method.as_deref(), Some(m) if m != "GET" && m != "HEAD");
        is_write
            && self.0.maybe_sent
            && matches!(
                self.0.kind,
                ApiErrorKind::Timeout
                    | ApiErrorKind::Connection
                    | ApiErrorKind::Server
                    | ApiErrorKind::Decode
            )
    }
}

/// Shorthand for results of this crate.
pub type Result<T, E = ApiError> = std::result::Result<T, E>;
