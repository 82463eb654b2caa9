#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

// The generated code is kept private and re-exported so its lint exemptions stop
// at this module; the hand-written modules below are held to the workspace lints.
#[allow(
    missing_docs,
    unused_imports,
    clippy::all,
    clippy::pedantic,
    clippy::unwrap_used,
    clippy::expect_used,
    rustdoc::all
)]
#[rustfmt::skip]
mod generated;

mod api_url;
mod context;
mod hooks;
mod kind;
mod optional_query;
mod paging;
mod setting;

pub use context::RequestContext;
pub use generated::*;
pub use hooks::{BodyTooLarge, LIST_BODY_LIMIT, SETTINGS_BODY_LIMIT, read_prefix};
pub use kind::{Kind, KindError, UnknownKind};
pub use paging::next_link;
pub use setting::{Field, FieldKind, Setting};

/// What stands in for a secret (an access or refresh token, a client secret)
/// wherever one would otherwise be shown: `Debug` output, errors, records and
/// logs. One spelling across the crates, so a search of any output for it
/// finds every place a secret was kept out.
pub const REDACTED: &str = "<redacted>";
