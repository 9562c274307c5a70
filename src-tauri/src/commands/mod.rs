//! The commands the window calls, one file per area. Each is a few lines: arguments in, core call,
//! typed result or `AppError` out.

pub mod accounts;
pub mod actions;
pub mod app;
pub mod changes;
pub mod credits;
pub mod launch;
pub mod launchpad;
pub mod org_people;
pub mod participants;
pub mod pipelines;
pub mod runs;
pub mod search;
pub mod settings;
pub mod workspaces;

use std::sync::Arc;

use towerdesk_core::Towerdesk;

pub(crate) type Core<'a> = tauri::State<'a, Arc<Towerdesk>>;
