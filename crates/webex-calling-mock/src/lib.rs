#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod app;
mod auth;
mod error;
mod error_body;
mod faults;
mod handlers;
mod lists;
mod log;
mod model;
mod oauth;
mod pipeline;
mod reply;
mod routes;
mod seed;
pub mod seed_examples;
mod server;
mod settings;
mod state;

pub use error::MockError;
pub use error_body::ErrorShape;
pub use log::LoggedRequest;
pub use server::{
    DEFAULT_PEOPLE, DEFAULT_VIRTUAL_LINES, DEFAULT_WORKSPACES, MockServer, MockServerBuilder,
};
