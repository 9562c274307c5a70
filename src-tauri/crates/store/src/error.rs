use std::path::{Path, PathBuf};

/// Everything that can go wrong in the local store. Messages are written for the person at the window.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("The local database {path} could not be opened: {message}")]
    Open { path: PathBuf, message: String },
    #[error(
        "The local database {path} was written by a newer version of Towerdesk (schema {found}; this version knows up to {supported}). \
         Update Towerdesk to open it; the file has not been changed."
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error(
        "The local database {path} could not be upgraded: {message}. A backup was kept beside it."
    )]
    Migrate { path: PathBuf, message: String },
    #[error(
        "The local database could not be backed up to {path} before upgrading: {message}. Nothing was changed."
    )]
    Backup { path: PathBuf, message: String },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("not found: {0}")]
    NotFound(String),
    /// A value the store refuses (said for the person at the window).
    #[error("{0}")]
    Invalid(String),
    #[error("local database error: {0}")]
    Sql(#[from] sqlx::Error),
    #[error("stored data could not be read: {0}")]
    Json(#[from] serde_json::Error),
}

impl StoreError {
    pub(crate) fn open(path: &Path, e: impl std::fmt::Display) -> Self {
        Self::Open {
            path: path.to_path_buf(),
            message: e.to_string(),
        }
    }
}
