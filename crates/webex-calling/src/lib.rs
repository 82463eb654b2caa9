#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod auth;
mod bulk;
mod client;
mod config;
mod error;
mod gate;
mod kind;
mod limiter;
mod list;
mod members;
mod modify;
mod retry;
mod setting;
mod stats;
mod target;
mod tracking;

pub use auth::TokenProvider;
pub use bulk::BulkOptions;
pub use client::Webex;
pub use config::{DEFAULT_BASE_URL, WebexBuilder, http_client_builder};
pub use error::{ApiError, ApiErrorKind, Error};
pub use kind::{Kind, UnknownKind};
pub use limiter::Concurrency;
pub use list::{Listing, TargetSummary};
pub use members::{MemberEdit, member};
pub use modify::{Modified, ModifiedOf, Outcome};
pub use retry::RetryPolicy;
pub use setting::{BargeIn, PushToTalk, Setting};
pub use stats::Stats;
pub use target::{Desired, Handle, Target};

/// The request and response bodies, re-exported unchanged from the generated
/// `webex-calling-client` crate: they already keep unknown fields (`extra`)
/// and unknown enum values (`Unknown(String)`), so wrapping them would add
/// nothing but conversions.
pub mod types {
    pub use webex_calling_client::types::{
        BargeInSettings, BargeInSettingsUpdate, LocationRef, MemberNumber, MemberType, PersonList,
        PersonSummary, PushToTalkAccessType, PushToTalkConnectionType, PushToTalkMember,
        PushToTalkSettings, PushToTalkSettingsUpdate, VirtualLineList, VirtualLineNumber,
        VirtualLineSummary, WebexError, WebexErrorDetail, WebexErrorEntry, WebexErrorMessage,
        WorkspaceBargeInSettingsUpdate, WorkspaceCalling, WorkspaceCallingType, WorkspaceList,
        WorkspaceSummary,
    };
}

/// `futures`' boxed future, the return type of [`TokenProvider`] methods.
pub use futures::future::BoxFuture;
