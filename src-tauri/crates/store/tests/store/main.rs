//! The store's integration tests, one binary (one link) for all of them.

mod actions;
mod common;
mod compute_envs;
mod crash;
mod credits;
mod labels;
mod launches;
mod launchpad;
mod open;
mod org_people;
mod outbox;
mod participants;
mod pipelines;
mod query_plans;
mod repositories;
mod resync;
mod runs;
mod search;
mod spend;
mod upgrade;
