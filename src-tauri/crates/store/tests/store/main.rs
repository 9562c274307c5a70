//! The store's integration tests, one binary (one link) for all of them.

mod common;
mod crash;
mod open;
