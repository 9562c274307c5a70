//! The sync engine's integration tests that spend most of their time waiting on the network,
//! in one test binary so they wait side by side: push (conflicts, 403, 401, queued edits), the
//! executor against each fault kind, and the reliability runs (a large queue through faults and
//! restarts, kill -9 mid-sync, and the `make soak` version).

#[path = "../common/mod.rs"]
mod common;
mod compute_envs;
mod faults;
mod labels;
mod launches;
mod participants;
mod pipelines;
mod push;
mod reliability;
mod studios;
