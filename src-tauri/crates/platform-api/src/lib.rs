//! `towerdesk-platform-api`: a typed async client for the Seqera Platform REST API (1.187.0),
//! as Towerdesk uses it. [`PlatformClient`] has one method per endpoint, speaks the API's own
//! request and response shapes ([`models`]), pages through listings, paces itself under the
//! Platform's 20 requests per second per token, and turns every failure into one [`ApiError`]
//! with a stable [`ApiErrorKind`] the sync engine can act on.
//!
//! This crate knows HTTP and the API contract only. It must not depend on the local store,
//! the sync engine, Tauri or any UI: the core crate decides what to send and when.

mod client;
mod error;
mod limiter;
pub mod models;
mod paging;
#[cfg(feature = "spec-check")]
pub mod spec;

pub use client::{
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, NameCheck, PlatformClient,
    PlatformClientBuilder, collect_all, collect_all_guarded,
};
pub use error::{ApiError, ApiErrorKind, LaunchValidationError, Result};
pub use limiter::{DEFAULT_REQUESTS_PER_SECOND, PLATFORM_REQUESTS_PER_SECOND, RateLimiter};
pub use models::*;
pub use paging::{ListingGuard, MAX_LISTING_ITEMS};
