#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod auth;
mod bulk;
mod client;
mod config;
mod error;
mod gate;
mod journal;
mod limiter;
mod list;
pub mod login;
mod members;
mod modify;
mod redact;
mod retry;
mod setting;
mod stall;
mod stats;
mod target;
mod tracking;

pub use auth::TokenProvider;
pub use bulk::BulkOptions;
pub use client::Webex;
pub use config::{DEFAULT_BASE_URL, WebexBuilder, http_client_builder};
pub use error::{ApiError, ApiErrorKind, Call, Error};
pub use journal::{Journal, JournalFile, NdjsonJournal, undo_state};
pub use limiter::Concurrency;
pub use list::{DEFAULT_MAX_TARGETS, Listing, TargetSummary};
pub use members::{MemberEdit, MemberEntry, member};
pub use modify::{Modified, ModifiedOf, Outcome};
pub use redact::blank_secrets;
pub use retry::RetryPolicy;
pub use setting::changed_fields;
pub use stall::Stalled;
pub use stats::Stats;
pub use target::{Desired, Handle, Target};
#[doc(hidden)]
pub use webex_calling_client::for_each_setting;
pub use webex_calling_client::settings::*;
pub use webex_calling_client::{Field, FieldKind, Kind, KindError, REDACTED, Setting, UnknownKind};

/// The settings the spec defines, one marker type each (also re-exported at
/// the crate root): use one as `target.setting::<Marker>()`, or the accessor
/// every target has (`target.barge_in()`).
pub mod settings {
    pub use webex_calling_client::settings::*;
}

/// The request and response bodies, re-exported unchanged from the generated
/// `webex-calling-client` crate (every type, so one the spec adds appears
/// here too): they keep unknown fields (`extra`) and unknown enum values
/// (`Unknown(String)`), so wrapping them would add nothing but conversions.
/// See that crate's README for what stays compatible across versions.
pub mod types {
    pub use webex_calling_client::types::*;
}

/// A 128-bit fingerprint of an id (or any text), for telling millions of
/// ids apart in 16 bytes each (two share one with a chance of about 2^-128
/// per pair). Listings use it to yield each target once; `wxc` to skip
/// duplicate ids and rows.
///
/// ```
/// assert_ne!(webex_calling::fingerprint("A"), webex_calling::fingerprint("B"));
/// assert_eq!(webex_calling::fingerprint("A"), webex_calling::fingerprint("A"));
/// ```
pub fn fingerprint(text: &str) -> u128 {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let half = |salt: u8| {
        let mut hasher = DefaultHasher::new();
        salt.hash(&mut hasher);
        text.hash(&mut hasher);
        hasher.finish()
    };
    (u128::from(half(0)) << 64) | u128::from(half(1))
}

/// `futures`' boxed future, the return type of [`TokenProvider`] methods.
pub use futures::future::BoxFuture;

/// The `reqwest` this crate is built on: [`http_client_builder`] returns its
/// `ClientBuilder`, and [`WebexBuilder::http_client`] takes its `Client`, so
/// a caller's own client always has a matching version.
pub use reqwest;
