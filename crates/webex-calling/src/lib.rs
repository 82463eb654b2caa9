#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod auth;
mod bulk;
mod client;
mod config;
mod error;
mod gate;
mod modify;
mod person;
mod retry;
mod stats;
mod target;
mod tracking;
mod virtual_line;

pub use auth::TokenProvider;
pub use bulk::BulkOptions;
pub use client::Webex;
pub use config::{DEFAULT_BASE_URL, WebexBuilder, http_client_builder};
pub use error::{ApiError, ApiErrorKind, Error};
pub use modify::Modified;
pub use person::{BargeIn, Person};
pub use retry::RetryPolicy;
pub use stats::Stats;
pub use virtual_line::{PushToTalk, VirtualLine, member};

/// The request and response bodies, re-exported unchanged from the generated
/// `webex-calling-client` crate: they already keep unknown fields (`extra`)
/// and unknown enum values (`Unknown(String)`), so wrapping them would add
/// nothing but conversions.
pub mod types {
    pub use webex_calling_client::types::{
        BargeInSettings, BargeInSettingsUpdate, MemberNumber, MemberType, PushToTalkAccessType,
        PushToTalkConnectionType, PushToTalkMember, PushToTalkSettings, PushToTalkSettingsUpdate,
        WebexError, WebexErrorDetail, WebexErrorEntry, WebexErrorMessage,
    };
}

/// `futures`' boxed future, the return type of [`TokenProvider`] methods.
pub use futures::future::BoxFuture;
