//! Tests of the emulator over real HTTP on loopback, with reqwest as the client.

mod api;
mod cli;
mod collaborator;
mod common;
mod faults;
mod large;
mod runs;
mod spec;
mod state;
mod workspaces;
