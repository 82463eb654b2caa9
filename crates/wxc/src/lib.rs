#![doc = include_str!("../README.md")]
//!
//! ## The library target
//!
//! The binary is a thin wrapper around [`main`]; everything else is private
//! to the crate.

#![forbid(unsafe_code)]

mod app;
mod cli;
mod display;
mod ids;
mod interrupts;
mod job;
mod listing;
mod login;
mod output;
mod progress;
mod record;
mod redact;
mod resume;
mod run;
mod settings;
mod setup;
mod snapshot;
mod status;
mod strict_json;
mod summary;
mod undo;

/// Runs `wxc` with the process's arguments and returns its exit status.
pub fn main() -> std::process::ExitCode {
    app::main()
}
